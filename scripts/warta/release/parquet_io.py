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


def write_rows(rows: list[dict], features: Features, path: Path, *, sort_key) -> int:
    """Write rows (sorted by ``sort_key``) to ``path``; return the row count."""
    ordered = sorted(rows, key=sort_key)
    schema = features.arrow_schema
    columns = {name: [row[name] for row in ordered] for name in features}
    table = pa.Table.from_pydict(columns, schema=schema)
    path.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(
        table, path, row_group_size=ROW_GROUP_SIZE, compression=COMPRESSION,
        compression_level=COMPRESSION_LEVEL, use_dictionary=True, write_statistics=True,
        data_page_version="2.0", store_schema=True,
    )
    return len(ordered)


def read_rows(path: Path) -> list[dict]:
    return pq.read_table(path).to_pylist()
