"""The release's configs: for each, its row schema, how rows come from records, and order.

Adding a config means adding a line to CONFIGS (and its row schema in schema/); the
build, the validator, the card and the manifest all read this table.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from warta.annotation.layers import LAYERS
from warta.layout import SHARD, shard_name
from warta.machine.layers import MACHINE_LAYERS


@dataclass(frozen=True)
class Config:
    name: str
    schema: str  # schema/<schema>.schema.json describes one row
    rows: Callable[[list[dict]], list[dict]]
    sort_key: Callable[[dict], tuple]
    description: str
    row_group_size: int = 10_000  # rows a reader fetches at a time; documents rows are large

    @property
    def relpath(self) -> str:
        """Path of its Parquet file relative to dataset/data/ in a one-shard release."""
        return f"{self.name}/{SHARD}"

    def shard_relpath(self, index: int, count: int) -> str:
        """Path of shard ``index`` of ``count`` relative to dataset/data/."""
        return f"{self.name}/{shard_name(index, count)}"


def _documents(records: list[dict]) -> list[dict]:
    return records


def _nested(layer: str) -> Callable[[list[dict]], list[dict]]:
    def rows(records: list[dict]) -> list[dict]:
        return [row for record in records for row in record[layer]]

    return rows


def _machine(layer: str) -> Callable[[list[dict]], list[dict]]:
    def rows(records: list[dict]) -> list[dict]:
        from warta.machine.layers import machine_rows

        return [row for record in records for row in machine_rows(record, layer)]

    return rows


def _silver_ner(records: list[dict]) -> list[dict]:
    """Every document, tagged from its machine entities: silver training data, never mixed with gold."""
    from warta.machine.layers import machine_rows
    from warta.release.ner import ner_rows

    return [row for record in records
            for row in ner_rows({**record, "entities": machine_rows(record, "entities")}, strict=False)]


def _ner(records: list[dict]) -> list[dict]:
    """Annotated documents only: all-O tags of an unannotated one would read as gold negatives."""
    from warta.release.ner import ner_rows

    return [row for record in records if record["annotated"] for row in ner_rows(record)]


def _kb(records: list[dict]) -> list[dict]:
    from warta.release.kb import kb_row

    return [kb_row(record) for record in records if record["annotated"]]


def _by_doc_and_number(row: dict) -> tuple:
    """Sort annotation rows by document, then by the number in their id (e2 before e10)."""
    return (row["doc_id"], int(row["id"].lstrip("etqv")))


CONFIGS: tuple[Config, ...] = (
    Config("documents", "document", _documents, lambda r: (r["id"],),
           "One row per news report: raw text, zoned segments, body text, metadata, nested gold layers.",
           row_group_size=1_000),
    *(Config(layer.name, layer.schema, _nested(layer.name), _by_doc_and_number, layer.description)
      for layer in LAYERS),
    Config("ner", "ner", _ner, lambda r: (r["doc_id"], r["id"]),
           "One row per body sentence: tokens and IOB2 entity tags (SEACrowd seq_label shape)."),
    Config("kb", "kb", _kb, lambda r: (r["id"],),
           "One row per document in the BigBIO/SEACrowd kb schema: passages, entities, events, coreferences."),
    *(Config(m.config, next(layer.schema for layer in LAYERS if layer.name == m.layer), _machine(m.layer),
             _by_doc_and_number, m.description) for m in MACHINE_LAYERS),
    Config("machine_ner", "ner", _silver_ner, lambda r: (r["doc_id"], r["id"]),
           "Silver ner: one row per body sentence of every document, IOB2 tags from machine_entities."),
)
DEFAULT_CONFIG = "documents"
