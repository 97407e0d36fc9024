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


def _strip_doc(rows: list[dict]) -> list[dict]:
    return sorted(rows, key=lambda r: (r["doc_id"], r["id"]))


def release_problems(layout: Layout) -> list[WartaError]:
    problems: list[WartaError] = []
    sources = {s.id: s.entry for s in load_registry(layout)}
    tables: dict[str, list[dict]] = {}
    for cfg in CONFIGS:
        rows, found = _read(layout, cfg.relpath)
        problems += found
        if rows is None:
            continue
        tables[cfg.name] = rows
        rel = layout.rel(layout.data_dir / cfg.relpath)
        sound = []
        for index, row in enumerate(rows):
            where = f"row {index} (id {row.get('id')})"
            found = schema_problems(cfg.schema, row, file=rel, where=where)
            problems += found
            if not found:
                sound.append(row)
        if cfg.name != "documents":
            continue
        for row in sound:
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
    problems += _layer_tables_match(layout, tables)
    return problems


def _layer_tables_match(layout: Layout, tables: dict[str, list[dict]]) -> list[WartaError]:
    """Each layer config holds exactly the layer nested in the documents rows."""
    problems: list[WartaError] = []
    docs = tables.get("documents")
    if docs is None:
        return problems
    for layer in ("entities", "timex", "quotes", "events"):
        if layer not in tables:
            continue
        nested = _strip_doc([row for doc in docs for row in doc[layer]])
        if _strip_doc(tables[layer]) != nested:
            problems.append(WartaError(
                f"rows differ from the '{layer}' nested in the documents config",
                file=layout.rel(layout.data_dir / layer), hint="rebuild with 'warta build'"))
    return problems
