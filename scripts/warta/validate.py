"""warta validate: check the release on disk against the schemas and the integrity rules.

It reads what was written, not what the build meant to write, and lists every problem
(file, record id, field path, what is wrong) instead of stopping at the first.
"""

from __future__ import annotations

from .configs import CONFIGS
from .errors import WartaError
from .integrity import document_problems
from .layout import Layout
from .parquet_io import read_rows
from .rawtext import sha256_hex
from .registry import load_registry
from .schemas import schema_problems


def _read(layout: Layout, relpath: str) -> tuple[list[dict] | None, list[WartaError]]:
    path = layout.data_dir / relpath
    rel = layout.rel(path)
    if not path.is_file():
        return None, [WartaError("release file is missing", file=rel, hint="run 'warta build'")]
    try:
        return read_rows(path), []
    except Exception as exc:  # pyarrow raises several types for a damaged file
        return None, [WartaError(f"not a readable Parquet file ({type(exc).__name__}: {exc})",
                                 file=rel, hint="rebuild with 'warta build'")]


def release_problems(layout: Layout) -> list[WartaError]:
    problems: list[WartaError] = []
    sources = {s.id: s.entry for s in load_registry(layout)}
    for cfg in CONFIGS:
        rows, found = _read(layout, cfg.relpath)
        problems += found
        if rows is None:
            continue
        rel = layout.rel(layout.data_dir / cfg.relpath)
        for index, row in enumerate(rows):
            where = f"row {index} (id {row.get('id')})"
            problems += schema_problems(cfg.schema, row, file=rel, where=where)
        if cfg.name != "documents":
            continue
        for row in rows:
            problems += document_problems(row, file=rel)
            entry = sources.get(row["id"])
            if entry is None:
                problems.append(WartaError("document is not in the registry", file=rel,
                                           where=f"document {row['id']}"))
                continue
            raw = layout.raw_path(entry["raw_file"])
            if raw.is_file() and sha256_hex(raw.read_bytes()) != row["raw_sha256"]:
                problems.append(WartaError("raw file no longer matches the release's raw_sha256",
                                           file=layout.rel(raw), where=f"document {row['id']}"))
        missing = sorted(set(sources) - {r["id"] for r in rows})
        for doc_id in missing:
            problems.append(WartaError("registered document is missing from the release",
                                       file=rel, where=f"document {doc_id}",
                                       hint="run 'warta build'"))
    return problems
