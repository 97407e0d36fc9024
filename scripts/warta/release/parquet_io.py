"""Deterministic Parquet: same rows in, same bytes out.

Rows are sorted by a key, columns follow the schema's order, and row-group size,
compression and page options are fixed; the writer's version string in the footer is
pinned by pyproject.toml's exact pyarrow version.
"""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
from datasets import Features

ROW_GROUP_SIZE = 10_000
COMPRESSION = "zstd"
COMPRESSION_LEVEL = 9


WRITER_OPTIONS = {"compression": COMPRESSION, "compression_level": COMPRESSION_LEVEL, "use_dictionary": True,
                  "write_statistics": True, "data_page_version": "2.0", "store_schema": True}


def write_rows(rows: list[dict], features: Features, path: Path, *, sort_key,
               row_group_size: int = ROW_GROUP_SIZE) -> int:
    """Write rows (sorted by ``sort_key``) to ``path``; return the row count."""
    with RowWriter(features, path, row_group_size=row_group_size) as writer:
        writer.extend(sorted(rows, key=sort_key))
    return writer.rows


class RowWriter:
    """Rows appended in their final order, written a full row group at a time.

    Row groups are cut at exactly ``row_group_size`` rows however the rows arrive, so a
    file written row by row has the same bytes as one written from a single table, and
    at most one row group of rows is held in memory.
    """

    def __init__(self, features: Features, path: Path, *, row_group_size: int = ROW_GROUP_SIZE) -> None:
        self.schema = features.arrow_schema
        self.names = list(features)
        self.row_group_size = row_group_size
        self.path = path
        self.rows = 0
        self._buffer: list[dict] = []
        path.parent.mkdir(parents=True, exist_ok=True)
        self._writer = pq.ParquetWriter(path, self.schema, **WRITER_OPTIONS)

    def extend(self, rows: list[dict]) -> None:
        self._buffer += rows
        while len(self._buffer) >= self.row_group_size:
            self._flush(self._buffer[: self.row_group_size])
            self._buffer = self._buffer[self.row_group_size:]

    def _flush(self, rows: list[dict]) -> None:
        columns = {name: [row[name] for row in rows] for name in self.names}
        self._writer.write_table(pa.Table.from_pydict(columns, schema=self.schema),
                                 row_group_size=self.row_group_size)
        self.rows += len(rows)

    def close(self) -> None:
        if self._buffer:
            self._flush(self._buffer)
            self._buffer = []
        # an empty shard has its schema and no row group: readers skip it (an empty row group
        # makes ``datasets`` fail with "BatchSize must be greater than 0")
        self._writer.close()

    def __enter__(self) -> RowWriter:
        return self

    def __exit__(self, kind, value, traceback) -> None:
        if kind is None:
            self.close()
        else:
            self._writer.close()


def read_rows(path: Path) -> list[dict]:
    return pq.read_table(path).to_pylist()
