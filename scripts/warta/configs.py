"""The release's configs: for each, its row schema, how rows come from records, and order.

Adding a config means adding a line to CONFIGS (and its row schema in schema/); the
build, the validator, the card and the manifest all read this table.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .layout import SHARD


@dataclass(frozen=True)
class Config:
    name: str
    schema: str  # schema/<schema>.schema.json describes one row
    rows: Callable[[list[dict]], list[dict]]
    sort_key: Callable[[dict], tuple]
    description: str

    @property
    def relpath(self) -> str:
        """Path of its Parquet file relative to dataset/data/."""
        return f"{self.name}/{SHARD}"


def _documents(records: list[dict]) -> list[dict]:
    return records


CONFIGS: tuple[Config, ...] = (
    Config("documents", "document", _documents, lambda r: (r["id"],),
           "One row per news report: raw text, zoned segments, body text, metadata."),
)
DEFAULT_CONFIG = "documents"


def config(name: str) -> Config:
    return next(c for c in CONFIGS if c.name == name)
