"""warta validate: check the release on disk against the schemas and the integrity rules.

It reads what was written, not what the build meant to write, and lists every problem
(file, record id, field path, what is wrong) instead of stopping at the first. A file a
build would not write, a file whose bytes differ from the manifest's, and rows a schema
refuses are all reported; nothing on disk is changed.
"""

from __future__ import annotations

from warta.curation.rawtext import sha256_hex
from warta.errors import ProblemList, WartaError
from warta.intake.rawstore import read_raw_bytes
from warta.intake.registry import load_registry
from warta.layout import Layout
from warta.release.configs import CONFIGS
from warta.release.integrity import document_problems
from warta.release.manifest import MANIFEST, check_entry, load_manifest
from warta.release.parquet_io import read_rows
from warta.release.schemas import schema_problems


def _read(layout: Layout, relpath: str) -> tuple[list[dict] | None, list[WartaError]]:
    path = layout.data_dir / relpath
    rel = layout.rel(path)
    if not path.is_file():
        return None, [WartaError("release file is missing", file=rel, hint="run 'warta build'")]
    try:
        return read_rows(path), []
    except Exception as exc:  # pyarrow raises several types for a damaged file
        detail = (str(exc).strip().splitlines() or [""])[0].replace(str(path), rel)[:300]
        return None, [WartaError(f"not a readable Parquet file ({type(exc).__name__}: {detail})",
                                 file=rel, hint="rebuild with 'warta build'")]


def expected_files() -> set[str]:
    """Paths under dataset/data/ that a build writes: one Parquet file per config, the manifest."""
    return {cfg.relpath for cfg in CONFIGS} | {MANIFEST}


def unexpected_files(layout: Layout) -> list[WartaError]:
    """Files under dataset/data/ that no build writes: they would be published with the release."""
    if not layout.data_dir.is_dir():
        return []
    expected = expected_files()
    return [
        WartaError("unexpected file in the release: no config writes it", file=layout.rel(path),
                   hint="only the files of warta.release.configs.CONFIGS and the manifest belong here; "
                        "remove it, or rebuild with 'warta build'")
        for path in sorted(layout.data_dir.rglob("*"))
        if not path.is_dir() and path.relative_to(layout.data_dir).as_posix() not in expected
    ]


def manifest_problems(layout: Layout) -> list[WartaError]:
    """Release files whose bytes are not those the manifest recorded at build time.

    A flipped byte can leave a Parquet file readable and every row schema-valid (a title
    changed inside a compressed page), so only the recorded sha256 catches all tampering.
    """
    try:
        manifest = load_manifest(layout)
    except WartaError as exc:
        return [exc]
    recorded = {entry["path"]: entry for entry in manifest["files"]}
    problems: list[WartaError] = []
    for cfg in CONFIGS:
        path = layout.data_dir / cfg.relpath
        entry = recorded.get(f"dataset/data/{cfg.relpath}")
        if not path.is_file():
            continue  # reported as missing by the row checks
        if entry is None:
            problems.append(WartaError("release file is not listed in the manifest", file=layout.rel(path),
                                       hint="rebuild with 'warta build'"))
        else:
            problems += check_entry(path, entry, layout.rel(path))
    return problems


def _raw_problems(layout: Layout, row: dict, entry: dict, rel: str) -> list[WartaError]:
    """The registered raw file still has the bytes the release row was curated from."""
    where = f"document {row['id']}"
    try:
        raw = layout.raw_path(entry["raw_file"], where=where)
    except WartaError as exc:
        return [exc]
    problems = []
    if not raw.is_file():
        problems.append(WartaError("raw file of a released document is missing", file=layout.rel(raw), where=where,
                                   hint="raw files are never deleted; restore it from the repository"))
    else:
        try:
            data = read_raw_bytes(layout, entry, where=where)  # a raw text file, or the article in its pack
        except WartaError as exc:
            problems.append(exc)
            data = None
        if data is not None and sha256_hex(data) != row["raw_sha256"]:
            problems.append(WartaError(
                "raw file no longer matches the release's raw_sha256", file=layout.rel(raw), where=where,
                hint=f"raw files are never edited; the release ({rel}) was built from other bytes"))
    gold = layout.annotation_path(row["id"])
    if row.get("annotated") and not gold.is_file():
        problems.append(WartaError("gold annotation file of an annotated document is missing",
                                   file=layout.rel(gold), where=where,
                                   hint="restore it, or rebuild to unmark the document"))
    return problems


def release_problems(layout: Layout) -> list[WartaError]:
    problems: list[WartaError] = []
    try:
        sources = {s.id: s.entry for s in load_registry(layout)}
    except ProblemList as exc:
        return [*exc.problems, *unexpected_files(layout)]
    problems += unexpected_files(layout)
    problems += manifest_problems(layout)
    tables: dict[str, list[dict]] = {}
    for cfg in CONFIGS:
        rows, found = _read(layout, cfg.relpath)
        problems += found
        if rows is None:
            continue
        rel = layout.rel(layout.data_dir / cfg.relpath)
        sound = []
        for index, row in enumerate(rows):
            where = f"row {index} (id {row.get('id')})"
            found = schema_problems(cfg.schema, row, file=rel, where=where)
            problems += found
            if not found:
                sound.append(row)
        if len(sound) == len(rows):  # layers are compared only between schema-valid tables
            tables[cfg.name] = rows
        if cfg.name != "documents":
            continue
        for row in sound:
            problems += document_problems(row, file=rel)
            entry = sources.get(row["id"])
            if entry is None:
                problems.append(WartaError("document is not in the registry", file=rel,
                                           where=f"document {row['id']}"))
                continue
            problems += _raw_problems(layout, row, entry, rel)
        missing = sorted(set(sources) - {r.get("id") for r in rows})
        for doc_id in missing:
            problems.append(WartaError("registered document is missing from the release",
                                       file=rel, where=f"document {doc_id}",
                                       hint="run 'warta build'"))
    problems += _layer_tables_match(layout, tables)
    return problems


def _layer_tables_match(layout: Layout, tables: dict[str, list[dict]]) -> list[WartaError]:
    """Every config other than documents holds exactly the rows derived from the documents rows.

    The layer configs must equal the layers nested in the documents; ner and kb must equal
    what their builders make of the documents (tokens, tags and offsets included).
    """
    problems: list[WartaError] = []
    docs = tables.get("documents")
    if docs is None:
        return problems
    try:
        for cfg in CONFIGS:
            if cfg.name == "documents" or cfg.name not in tables:
                continue
            expected = sorted(cfg.rows(docs), key=cfg.sort_key)
            if sorted(tables[cfg.name], key=cfg.sort_key) != expected:
                problems.append(WartaError(
                    f"rows differ from those derived from the documents config ({len(tables[cfg.name])} "
                    f"rows on disk, {len(expected)} derived)",
                    file=layout.rel(layout.data_dir / cfg.relpath), hint="rebuild with 'warta build'"))
    except (KeyError, TypeError, WartaError) as exc:  # documents rows too damaged to derive from
        problems.append(WartaError(f"cannot derive the other configs from the documents rows: {exc}",
                                   file=layout.rel(layout.data_dir / "documents"), hint="rebuild with 'warta build'"))
    return problems
