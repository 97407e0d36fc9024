"""Reading the release for the view: shard by shard, a batch of rows at a time.

Every config is sharded by document (``warta.layout.shard_of``) and sorted by document id
within a shard, so shard ``k`` of ``documents`` and shard ``k`` of each machine config
hold the same documents in the same order: a merge of their streams gives each document
with its machine rows while holding one batch of each, whatever the size of the corpus.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pyarrow.parquet as pq

from warta.errors import WartaError
from warta.layout import SPLIT, Layout, check_id, shard_of
from warta.machine.layers import MACHINE_LAYERS

DOCUMENT_BATCH = 64  # documents rows are large (raw text, segments, nested gold)
ROW_BATCH = 4096
CATALOGUE = ["id", "outlet", "published", "annotated"]  # the small columns the index's facets count


@dataclass(frozen=True)
class Release:
    layout: Layout
    shards: list[str]  # shard file names, the same in every config

    @classmethod
    def open(cls, layout: Layout) -> Release:
        """The release on disk, refused when a config lacks a shard that ``documents`` has."""
        folder = layout.data_dir / "documents"
        names = sorted(p.name for p in folder.glob(f"{SPLIT}-*.parquet")) if folder.is_dir() else []
        if not names:
            raise WartaError("no release to view", file=layout.rel(folder), hint="run 'warta build' first")
        for machine in MACHINE_LAYERS:
            other = layout.data_dir / machine.config
            have = sorted(p.name for p in other.glob(f"{SPLIT}-*.parquet"))
            if have != names:
                raise WartaError(f"the release's {machine.config} shards are not those of documents",
                                 file=layout.rel(other), hint="run 'warta build' again")
        return cls(layout, names)

    def path(self, config: str, shard: str) -> Path:
        return self.layout.data_dir / config / shard

    def wanted(self, ids: list[str] | None) -> dict[str, set[str]] | None:
        """The ids to read in each shard (None: every document); an id the release lacks is refused."""
        if ids is None:
            return None
        by_shard: dict[str, set[str]] = {}
        for doc_id in ids:
            check_id(doc_id, where="IDS")
            by_shard.setdefault(self.shards[shard_of(doc_id, len(self.shards))], set()).add(doc_id)
        missing = []
        for shard, chosen in by_shard.items():
            found = set(pq.read_table(self.path("documents", shard), columns=["id"],
                                      filters=[("id", "in", sorted(chosen))]).column("id").to_pylist())
            missing += sorted(chosen - found)
        if missing:
            more = f" and {len(missing) - 1} more" if len(missing) > 1 else ""
            raise WartaError(f"no document {missing[0]!r} in the release{more}",
                             file=self.layout.rel(self.layout.data_dir / "documents"),
                             hint="ids are the documents config's id column (and dataset/sources.jsonl)")
        return by_shard

    def _batches(self, config: str, shard: str, columns: list[str] | None, key: str, ids: set[str] | None,
                 size: int) -> Iterator[list[dict]]:
        path = self.path(config, shard)
        if ids is not None:
            yield pq.read_table(path, columns=columns, filters=[(key, "in", sorted(ids))]).to_pylist()
            return
        for batch in pq.ParquetFile(path).iter_batches(batch_size=size, columns=columns):
            yield batch.to_pylist()

    def catalogue(self, wanted: dict[str, set[str]] | None) -> Iterator[dict]:
        """id, outlet, published and annotated of every document shown, in release order."""
        for shard in self.shards:
            if wanted is None or shard in wanted:
                for rows in self._batches("documents", shard, CATALOGUE, "id", _of(wanted, shard), ROW_BATCH):
                    yield from rows

    def documents(self, wanted: dict[str, set[str]] | None) -> Iterator[tuple[dict, dict[str, list[dict]]]]:
        """Each documents row with its machine rows by layer, in release order."""
        for shard in self.shards:
            if wanted is not None and shard not in wanted:
                continue
            chosen = _of(wanted, shard)
            streams = {m.layer: _Grouped(self._batches(m.config, shard, None, "doc_id", chosen, ROW_BATCH))
                       for m in MACHINE_LAYERS}
            for rows in self._batches("documents", shard, None, "id", chosen, DOCUMENT_BATCH):
                for record in rows:
                    yield record, {layer: stream.take(record["id"]) for layer, stream in streams.items()}


def _of(wanted: dict[str, set[str]] | None, shard: str) -> set[str] | None:
    return None if wanted is None else wanted.get(shard, set())


class _Grouped:
    """Rows sorted by doc_id, handed out one document at a time."""

    def __init__(self, batches: Iterator[list[dict]]) -> None:
        self._rows = (row for rows in batches for row in rows)
        self._next = next(self._rows, None)

    def take(self, doc_id: str) -> list[dict]:
        while self._next is not None and self._next["doc_id"] < doc_id:
            self._next = next(self._rows, None)  # a document not shown (never for a whole shard)
        out = []
        while self._next is not None and self._next["doc_id"] == doc_id:
            out.append(self._next)
            self._next = next(self._rows, None)
        return out
