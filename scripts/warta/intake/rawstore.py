"""The raw store: every article's verbatim bytes, as single files or in immutable packs.

A registry ``raw_file`` names either one raw text file (``NNN_<id>.txt``, as the seeds and
``warta add`` make) or a raw pack: ``pack-<16 hex>.parquet``, a Parquet file holding many
articles' exact bytes. At 10⁶ articles one file each would mean a million files in one
folder and in git; packs keep the count at a few dozen while each article stays verbatim
and pinned by its SHA-256.

A pack has the columns ``bucket`` (uint32, ``warta.layout.bucket(id)``), ``id``,
``sha256`` and ``raw`` (the bytes), rows sorted by (bucket, id) in row groups of 1,000
with statistics, so that the reader of one shard skips every row group outside the
shard's bucket range. Packs are content-addressed (the name is the first 16 hex of the
sha256 of the pack's sorted sha256 values joined by newlines) and written with fixed
options, so the same articles give the same pack, name and bytes. A pack is never
rewritten: each import adds new ones.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Callable, Iterator
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from warta.curation.rawtext import read_raw, sha256_hex
from warta.errors import WartaError
from warta.layout import BUCKETS, Layout, bucket, bucket_range

if TYPE_CHECKING:
    import pyarrow as pa

PACK_PATTERN = re.compile(r"pack-[0-9a-f]{16}\.parquet")
PACK_COLUMNS = ("bucket", "id", "sha256", "raw")
PACK_ROW_GROUP = 1_000
PACK_MAX_ROWS = 50_000
PACK_MAX_BYTES = 256 * 1024 * 1024
# zstd at a low level: articles compress well already, and an import of 10⁵ articles
# should not wait on the compressor; fixed, like every other writer option, for identical bytes
PACK_COMPRESSION = "zstd"
PACK_COMPRESSION_LEVEL = 3
_WRITER_OPTIONS = dict(
    compression=PACK_COMPRESSION, compression_level=PACK_COMPRESSION_LEVEL, use_dictionary=False,
    write_statistics=["bucket", "id"], data_page_version="2.0", store_schema=True,
    write_page_checksum=True,
)
_RESTORE_HINT = "raw packs are never edited or deleted; restore it from the repository"


@cache
def pack_schema() -> pa.Schema:
    """The columns of a raw pack (pyarrow is imported only where packs are read or written)."""
    import pyarrow as pa

    return pa.schema([
        pa.field("bucket", pa.uint32(), nullable=False),
        pa.field("id", pa.string(), nullable=False),
        pa.field("sha256", pa.string(), nullable=False),
        pa.field("raw", pa.binary(), nullable=False),
    ])


def is_pack(raw_file: object) -> bool:
    """Whether a registry ``raw_file`` names a raw pack (else it is a single raw text file)."""
    return isinstance(raw_file, str) and PACK_PATTERN.fullmatch(raw_file) is not None


def pack_name(sha256s) -> str:
    """The content address of a pack holding articles with these sha256 values."""
    joined = "\n".join(sorted(sha256s)).encode("ascii")
    return f"pack-{hashlib.sha256(joined).hexdigest()[:16]}.parquet"


# --- writing ----------------------------------------------------------------------------

def plan_packs(items: list[tuple[str, str, int]], *, max_rows: int | None = None,
               max_bytes: int | None = None) -> list[list[tuple[int, str, str]]]:
    """Cut articles ``(id, sha256, size)`` into packs: sorted by (bucket, id), then cut greedily.

    The cut depends on the articles alone, so the same articles always give the same packs,
    each covering one contiguous stretch of the bucket ring.
    """
    max_rows = max_rows or PACK_MAX_ROWS
    max_bytes = max_bytes or PACK_MAX_BYTES
    ordered = sorted((bucket(doc_id), doc_id, sha, size) for doc_id, sha, size in items)
    packs: list[list[tuple[int, str, str]]] = []
    current: list[tuple[int, str, str]] = []
    size_so_far = 0
    for b, doc_id, sha, size in ordered:
        if current and (len(current) >= max_rows or size_so_far + size > max_bytes):
            packs.append(current)
            current, size_so_far = [], 0
        current.append((b, doc_id, sha))
        size_so_far += size
    if current:
        packs.append(current)
    return packs


def write_pack(directory: Path, rows: list[tuple[int, str, str]], read: Callable[[str], bytes],
               *, progress: Callable[[int], None] | None = None) -> Path:
    """Write one pack of ``rows`` ``(bucket, id, sha256)`` (bytes from ``read(id)``); return its path.

    Written to a temporary file and renamed, so a pack is either whole or absent. A pack of
    that name already present (left by an interrupted import of the same articles) is kept
    when its bytes are the same and replaced otherwise: nothing references it.
    """
    rows = sorted(rows)
    if not rows:
        raise ValueError("a raw pack holds at least one article")
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = pack_schema()
    name = pack_name(sha for _, _, sha in rows)
    target = directory / name
    directory.mkdir(parents=True, exist_ok=True)
    tmp = directory / f".{name}.tmp-{os.getpid()}"
    try:
        with pq.ParquetWriter(tmp, schema, **_WRITER_OPTIONS) as writer:
            for start in range(0, len(rows), PACK_ROW_GROUP):
                chunk = rows[start:start + PACK_ROW_GROUP]
                table = pa.table([
                    pa.array([b for b, _, _ in chunk], pa.uint32()),
                    pa.array([doc_id for _, doc_id, _ in chunk], pa.string()),
                    pa.array([sha for _, _, sha in chunk], pa.string()),
                    pa.array([read(doc_id) for _, doc_id, _ in chunk], pa.binary()),
                ], schema=schema)
                writer.write_table(table, row_group_size=PACK_ROW_GROUP)
                if progress:
                    progress(len(chunk))
        with tmp.open("rb") as handle:  # on disk before the registry names it
            os.fsync(handle.fileno())
        if target.is_file() and same_bytes(tmp, target):
            tmp.unlink()
        else:
            os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return target


def same_bytes(a: Path, b: Path) -> bool:
    if a.stat().st_size != b.stat().st_size:
        return False
    with a.open("rb") as fa, b.open("rb") as fb:
        while True:
            x, y = fa.read(1 << 20), fb.read(1 << 20)
            if x != y:
                return False
            if not x:
                return True


# --- reading ----------------------------------------------------------------------------

def _bucket_filter(lo: int, hi: int) -> list[tuple]:
    out: list[tuple] = [("bucket", ">=", lo)]
    if hi < BUCKETS:  # 2**32 does not fit the uint32 column
        out.append(("bucket", "<", hi))
    return out


def _read_pack(path: Path, ids: set[str], lo: int, hi: int) -> dict[str, bytes]:
    """The bytes of ``ids`` in one pack, reading only row groups inside [lo, hi)."""
    import pyarrow.parquet as pq

    table = pq.read_table(path, columns=["id", "raw"], filters=[*_bucket_filter(lo, hi), ("id", "in", ids)],
                          page_checksum_verification=True)
    return dict(zip(table.column("id").to_pylist(), table.column("raw").to_pylist(), strict=True))


def _unreadable(exc: Exception, *, file: str, where: str | None) -> WartaError:
    return WartaError(f"raw pack is not a readable Parquet file: {exc}", file=file, where=where,
                      hint=_RESTORE_HINT)


def _pack_path(layout: Layout, entry: dict, where: str | None) -> tuple[Path, str]:
    path = layout.raw_path(entry["raw_file"], where=where)
    return path, layout.rel(path)


def _missing_pack(shown: str, where: str | None) -> WartaError:
    return WartaError("raw pack is missing", file=shown, where=where, hint=_RESTORE_HINT)


def _not_in_pack(doc_id: str, name: str, shown: str, where: str | None) -> WartaError:
    return WartaError(f"document {doc_id} is not in raw pack {name}", file=shown, where=where,
                      hint="the registry names a pack that does not hold this article; restore the "
                           "registry or the pack from the repository")


def _read_text_file(layout: Layout, entry: dict, where: str | None) -> bytes:
    path = layout.raw_path(entry["raw_file"], where=where)
    if not path.is_file():
        raise WartaError("raw file is missing", file=layout.rel(path), where=where,
                         hint="raw files are never deleted; restore it from the repository")
    return read_raw(path, file=layout.rel(path))


def read_raw_bytes(layout: Layout, entry: dict, *, where: str | None = None) -> bytes:
    """One registered article's bytes, from its raw text file or from its raw pack."""
    import pyarrow as pa

    raw_file = entry["raw_file"]
    if not is_pack(raw_file):
        return _read_text_file(layout, entry, where)
    path, shown = _pack_path(layout, entry, where)
    if not path.is_file():
        raise _missing_pack(shown, where)
    b = bucket(entry["id"])
    try:
        found = _read_pack(path, {entry["id"]}, b, b + 1)
    except (OSError, pa.ArrowException) as exc:
        raise _unreadable(exc, file=shown, where=where) from None
    if entry["id"] not in found:
        raise _not_in_pack(entry["id"], raw_file, shown, where)
    return found[entry["id"]]


def iter_shard_raw(layout: Layout, entries: list[dict], shard: int, shards: int
                   ) -> Iterator[tuple[dict, bytes | WartaError]]:
    """The bytes of every entry of shard ``shard`` of ``shards``, in the order of ``entries``.

    Entries outside the shard are skipped, so ``entries`` may be the whole registry. Each
    pack is read once, only its row groups within the shard's bucket range and only the
    shard's ids; raw text files are read one by one. A problem with one entry (file or pack
    missing or unreadable, id absent from its pack) is yielded in place of its bytes, so
    that a caller can report every problem.
    """
    lo, hi = bucket_range(shard, shards)
    mine = [e for e in entries if lo <= bucket(e["id"]) < hi]
    wanted: dict[str, set[str]] = {}
    for entry in mine:
        if is_pack(entry["raw_file"]):
            wanted.setdefault(entry["raw_file"], set()).add(entry["id"])
    loaded: dict[str, dict[str, bytes] | WartaError] = {}
    for entry in mine:
        where = f"document {entry['id']}"
        raw_file = entry["raw_file"]
        if not is_pack(raw_file):
            try:
                yield entry, _read_text_file(layout, entry, where)
            except WartaError as exc:
                yield entry, exc
            continue
        if raw_file not in loaded:
            loaded[raw_file] = _load_for_shard(layout, entry, wanted.pop(raw_file), lo, hi)
        got = loaded[raw_file]
        if isinstance(got, WartaError):
            yield entry, WartaError(got.message, file=got.file, where=where, hint=got.hint)
        elif entry["id"] in got:
            yield entry, got.pop(entry["id"])  # handed over once: the memory goes with it
        else:
            yield entry, _not_in_pack(entry["id"], raw_file, layout.rel(layout.raw_dir / raw_file), where)


def _load_for_shard(layout: Layout, entry: dict, ids: set[str], lo: int, hi: int
                    ) -> dict[str, bytes] | WartaError:
    import pyarrow as pa

    try:
        path, shown = _pack_path(layout, entry, None)
    except WartaError as exc:
        return exc
    if not path.is_file():
        return _missing_pack(shown, None)
    try:
        return _read_pack(path, ids, lo, hi)
    except (OSError, pa.ArrowException) as exc:
        return _unreadable(exc, file=shown, where=None)


# --- checking ---------------------------------------------------------------------------

_MAX_ROW_PROBLEMS = 20


def verify_pack(path: Path, *, shown: str | None = None) -> list[WartaError]:
    """Every problem of one pack: schema, row bytes against their sha256, buckets, order, name.

    Reads the pack in row groups (page checksums verified), so memory stays at one group.
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    shown = shown or str(path)
    problems: list[WartaError] = []
    if not PACK_PATTERN.fullmatch(path.name):
        problems.append(WartaError("not a raw pack name (pack-<16 hex>.parquet)", file=shown))
    try:
        pf = pq.ParquetFile(path, page_checksum_verification=True)
        schema = pf.schema_arrow
        if [(f.name, f.type) for f in schema] != [(f.name, f.type) for f in pack_schema()]:
            return [*problems, WartaError(
                f"raw pack has the columns {', '.join(f'{f.name}: {f.type}' for f in schema)}",
                file=shown, hint="a raw pack has bucket: uint32, id: string, sha256: string, raw: binary")]
        shas: list[str] = []
        row_problems = 0
        previous: tuple[int, str] | None = None
        row = 0
        for group in range(pf.num_row_groups):
            table = pf.read_row_group(group)
            for b, doc_id, sha, raw in zip(*(table.column(n).to_pylist() for n in PACK_COLUMNS),
                                           strict=True):
                wrong = []
                if sha256_hex(raw) != sha:
                    wrong.append(f"its bytes hash to {sha256_hex(raw)}, the row records {sha}")
                if bucket(doc_id) != b:
                    wrong.append(f"bucket {b} is not bucket(id) = {bucket(doc_id)}")
                if previous is not None and (b, doc_id) <= previous:
                    wrong.append("rows are not sorted by (bucket, id) without repeats")
                for message in wrong:
                    row_problems += 1
                    if row_problems <= _MAX_ROW_PROBLEMS:
                        problems.append(WartaError(message, file=shown, where=f"row {row} (id {doc_id})",
                                                   hint=_RESTORE_HINT))
                previous = (b, doc_id)
                shas.append(sha)
                row += 1
    except (OSError, pa.ArrowException) as exc:
        return [*problems, _unreadable(exc, file=shown, where=None)]
    if row_problems > _MAX_ROW_PROBLEMS:
        problems.append(WartaError(f"and {row_problems - _MAX_ROW_PROBLEMS} more row problems", file=shown))
    if not shas:
        problems.append(WartaError("raw pack holds no rows", file=shown))
    elif pack_name(shas) != path.name:
        problems.append(WartaError(f"raw pack name does not match its content, which gives {pack_name(shas)}",
                                   file=shown, hint="packs are named by their content and never edited"))
    return problems


def pack_files(layout: Layout) -> list[Path]:
    """The raw packs present under dataset/raw/, in name order."""
    if not layout.raw_dir.is_dir():
        return []
    return sorted(p for p in layout.raw_dir.iterdir() if p.is_file() and PACK_PATTERN.fullmatch(p.name))


def store_problems(layout: Layout, entries: list[dict]) -> list[WartaError]:
    """What ``warta verify`` adds for the raw store: each pack checked row by row, and stray packs."""
    referenced = {e.get("raw_file") for e in entries}
    problems: list[WartaError] = []
    for path in pack_files(layout):
        shown = layout.rel(path)
        if path.name not in referenced:
            problems.append(WartaError(
                "raw pack not referenced by the registry", file=shown,
                hint="left by an interrupted 'warta import'; harmless, and safe to delete"))
        problems += verify_pack(path, shown=shown)
    return problems
