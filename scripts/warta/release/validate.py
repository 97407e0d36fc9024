"""warta validate: check the release on disk against the schemas and the integrity rules.

It reads what was written, not what the build meant to write, and lists every problem
(file, record id, field path, what is wrong) instead of stopping at the first. A file a
build would not write, a file whose bytes differ from the manifest's, rows a schema
refuses, documents rows that differ from what curating their raw bytes, registry line and
gold file again gives, and layer rows that differ from what the documents rows give are
all reported; nothing on disk is changed.
"""

from __future__ import annotations

import re

from warta.curation.rawtext import sha256_hex
from warta.errors import ProblemList, WartaError
from warta.intake.rawstore import iter_shard_raw
from warta.intake.registry import scan_registry
from warta.layout import SPLIT, Layout, shard_of
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


def shard_count(layout: Layout) -> int:
    """How many shards the release has, read from the names of its documents files (one if none).

    From the files, not the manifest: validate checks the manifest, so it cannot lean on it.
    """
    counts = [int(m.group(1)) for p in (layout.data_dir / "documents").glob(f"{SPLIT}-*.parquet")
              if (m := re.fullmatch(rf"{SPLIT}-\d{{5}}-of-(\d{{5}})\.parquet", p.name))]
    return max(counts, default=1)


def expected_files(shards: int = 1) -> set[str]:
    """Paths under dataset/data/ that a build writes: each config's shards, the manifest."""
    return {cfg.shard_relpath(k, shards) for cfg in CONFIGS for k in range(shards)} | {MANIFEST}


def unexpected_files(layout: Layout) -> list[WartaError]:
    """Files under dataset/data/ that no build writes: they would be published with the release."""
    if not layout.data_dir.is_dir():
        return []
    expected = expected_files(shard_count(layout))
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
    shards = shard_count(layout)
    for relpath in sorted(expected_files(shards) - {MANIFEST}):
        path = layout.data_dir / relpath
        entry = recorded.get(f"dataset/data/{relpath}")
        if not path.is_file():
            continue  # reported as missing by the row checks
        if entry is None:
            problems.append(WartaError("release file is not listed in the manifest", file=layout.rel(path),
                                       hint="rebuild with 'warta build'"))
        else:
            problems += check_entry(path, entry, layout.rel(path))
    return problems


def _raw_problems(layout: Layout, rows: list[dict], entries: dict[str, dict], shard: int, shards: int,
                  rel: str) -> list[WartaError]:
    """The registered raw bytes of one shard's documents are still those the release was curated from."""
    problems = []
    expected = {row["id"]: row["raw_sha256"] for row in rows}
    rows_by_id = {row["id"]: row for row in rows}
    wanted = [entries[row["id"]] for row in rows]
    for entry, data in iter_shard_raw(layout, wanted, shard, shards):
        where = f"document {entry['id']}"
        if isinstance(data, WartaError):  # missing, unreadable, or not in its pack: said by the raw store
            message = data.message.replace("raw file is missing", "raw file of a released document is missing")
            problems.append(WartaError(message, file=data.file, where=where, hint=data.hint))
        elif sha256_hex(data) != expected[entry["id"]]:
            problems.append(WartaError(
                "raw file no longer matches the release's raw_sha256",
                file=layout.rel(layout.raw_dir / entry["raw_file"]), where=where,
                hint=f"raw files are never edited; the release ({rel}) was built from other bytes"))
        else:
            problems += _rederived(layout, rows_by_id[entry["id"]], entry, data, rel)
    for row in rows:
        gold = layout.annotation_path(row["id"])
        if row.get("annotated") and not gold.is_file():
            problems.append(WartaError("gold annotation file of an annotated document is missing",
                                       file=layout.rel(gold), where=f"document {row['id']}",
                                       hint="restore it, or rebuild to unmark the document"))
    return problems


def _rederived(layout: Layout, row: dict, entry: dict, raw: bytes, rel: str) -> list[WartaError]:
    """The documents row is what raw + registry + gold give when curated again (a forged title is not).

    The hashes cannot tell: whoever rewrites a Parquet file can recompute its manifest
    entry. Curation is a pure function of these inputs, so the row can be derived again.
    """
    from warta.annotation.gold import load_annotation
    from warta.curation.curate import curate
    from warta.curation.rawtext import decode_raw
    from warta.settings import Limits

    where = f"document {row['id']}"
    file = layout.rel(layout.raw_dir / entry["raw_file"])
    try:
        limits = Limits.from_env()
        ann = load_annotation(layout, entry["id"], decode_raw(raw, file=file, limits=limits), sha256_hex(raw))
        derived = CONFIGS[0].rows([curate(raw, entry, annotations=ann, file=file, limits=limits)])[0]
    except WartaError as exc:
        found = exc.problems if isinstance(exc, ProblemList) else [exc]
        return [WartaError(f"its inputs no longer curate: {p.message}", file=p.file, where=where, hint=p.hint)
                for p in found]
    if derived == row:
        return []
    field = next((k for k in derived if derived.get(k) != row.get(k)), None) or next(k for k in row if k not in derived)

    def short(value: object) -> str:
        text = repr(value)
        return text if len(text) <= 80 else text[:77] + "..."

    return [WartaError(f"{field} is {short(row.get(field))} in the release, but raw + registry + gold give "
                       f"{short(derived.get(field))}", file=rel, where=where,
                       hint="the release was not built from these inputs (or was edited): rebuild with "
                            "'warta build', and compare with 'warta verify --rebuild'")]


def _checked_rows(layout: Layout, cfg, relpath: str, problems: list[WartaError]) -> list[dict] | None:
    """A shard file's rows if every one is schema-valid (else None); every problem is appended."""
    rows, found = _read(layout, relpath)
    problems += found
    if rows is None:
        return None
    rel = layout.rel(layout.data_dir / relpath)
    sound = True
    for index, row in enumerate(rows):
        found = schema_problems(cfg.schema, row, file=rel, where=f"row {index} (id {row.get('id')})")
        problems += found
        sound = sound and not found
    return rows if sound else None


def _ids(layout: Layout, relpath: str) -> list[str]:
    import pyarrow.parquet as pq

    try:
        return [i for i in pq.read_table(layout.data_dir / relpath, columns=["id"]).column("id").to_pylist()
                if isinstance(i, str)]
    except Exception:  # unreadable: reported by _read already
        return []


def release_problems(layout: Layout) -> list[WartaError]:
    """Every problem of the release on disk, read one shard at a time (all configs of a shard together)."""
    problems: list[WartaError] = []
    try:
        sources = {s.id: s.entry for s in scan_registry(layout)}
    except ProblemList as exc:
        return [*exc.problems, *unexpected_files(layout)]
    problems += unexpected_files(layout)
    problems += manifest_problems(layout)
    shards = shard_count(layout)
    released: set[str] = set()
    documents = CONFIGS[0]
    for shard in range(shards):
        relpath = documents.shard_relpath(shard, shards)
        rel = layout.rel(layout.data_dir / relpath)
        docs = _checked_rows(layout, documents, relpath, problems)
        if docs is None:  # a row the schema refuses: the shard's documents are still in the release
            released.update(_ids(layout, relpath))
        tables = {documents.name: docs}
        for cfg in CONFIGS[1:]:
            tables[cfg.name] = _checked_rows(layout, cfg, cfg.shard_relpath(shard, shards), problems)
        if docs is None:
            continue
        known = []
        for row in docs:
            released.add(row["id"])
            problems += document_problems(row, file=rel)
            if row["id"] not in sources:
                problems.append(WartaError("document is not in the registry", file=rel, where=f"document {row['id']}"))
            elif shard_of(row["id"], shards) != shard:
                problems.append(WartaError(f"document belongs in shard {shard_of(row['id'], shards)}, not {shard}",
                                           file=rel, where=f"document {row['id']}", hint="rebuild with 'warta build'"))
            else:
                known.append(row)
        problems += _raw_problems(layout, known, sources, shard, shards, rel)
        problems += _layer_tables_match(layout, tables, shard, shards)
    for doc_id in sorted(set(sources) - released):
        problems.append(WartaError("registered document is missing from the release",
                                   file=layout.rel(layout.data_dir / documents.name), where=f"document {doc_id}",
                                   hint="run 'warta build'"))
    return problems


def _layer_tables_match(layout: Layout, tables: dict[str, list[dict] | None], shard: int,
                        shards: int) -> list[WartaError]:
    """Every config other than documents holds exactly the rows derived from the documents rows.

    The layer configs must equal the layers nested in the documents; ner and kb must equal
    what their builders make of the documents (tokens, tags and offsets included).
    """
    problems: list[WartaError] = []
    docs = tables.get("documents")
    if docs is None:
        return problems
    try:
        for cfg in CONFIGS[1:]:
            if tables.get(cfg.name) is None:
                continue
            expected = sorted(cfg.rows(docs), key=cfg.sort_key)
            if sorted(tables[cfg.name], key=cfg.sort_key) != expected:
                problems.append(WartaError(
                    f"rows differ from those derived from the documents config ({len(tables[cfg.name])} "
                    f"rows on disk, {len(expected)} derived)",
                    file=layout.rel(layout.data_dir / cfg.shard_relpath(shard, shards)),
                    hint="rebuild with 'warta build'"))
    except (KeyError, TypeError, WartaError) as exc:  # documents rows too damaged to derive from
        problems.append(WartaError(f"cannot derive the other configs from the documents rows: {exc}",
                                   file=layout.rel(layout.data_dir / "documents"), hint="rebuild with 'warta build'"))
    return problems
