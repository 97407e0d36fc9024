"""warta import: register a whole corpus at once, into new raw packs, all or nothing.

Each article is checked as the build will check its bytes (strict UTF-8, no BOM, NUL or
CR, size and line limits) and its registry entry against the source schema; curation is
left to the build, which reports its problems per document. An article whose bytes are
already registered, or repeated in the import, is skipped and counted; an id already
taken by other bytes is refused.

By default one refused record means nothing is written. Otherwise the new packs and the
whole new registry are staged in full and moved into place by one journaled transaction
(``warta.transaction``): a crash at any instant leaves the old registry and packs, or,
once the next command has rolled the journal forward, the new ones.
"""

from __future__ import annotations

import hashlib
import os
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from tqdm import tqdm

from warta.curation.rawtext import decode_raw
from warta.errors import WartaError
from warta.intake.add import DEFAULT_LICENSE
from warta.intake.rawstore import plan_packs, same_bytes, write_pack
from warta.intake.registry import entry_problems, load_registry, registry_line
from warta.intake.sources import FieldMap, Record, open_source
from warta.layout import Layout
from warta.settings import Limits
from warta.transaction import Transaction

_PLACEHOLDER_PACK = "pack-0000000000000000.parquet"  # the entry check runs before packs are named


@dataclass
class ImportReport:
    imported: list[dict] = field(default_factory=list)  # the new registry entries, in source order
    duplicates: int = 0
    refused: list[WartaError] = field(default_factory=list)  # one problem per refused record
    refused_records: int = 0
    packs: list[Path] = field(default_factory=list)
    written: bool = False
    held_back: int = 0  # good records not written because others were refused (all-or-nothing)


def _relocated(exc: WartaError, record: Record) -> WartaError:
    """A problem found in a record's text, placed at the record (and the line inside its text)."""
    if record.where is None:  # a .txt file: its own lines are the file's lines
        where = exc.where
    else:
        where = f"{record.where}: text {exc.where}" if exc.where else record.where
    return WartaError(exc.message, file=record.file, where=where, hint=exc.hint)


_PUBLISHED_HINT = ("the publication time in ISO 8601: a date-time with its offset (2025-04-28T08:41:00+07:00) "
                   "or a date (2025-04-28), or null")


def _with_hint(problem: WartaError) -> WartaError:
    """The registry's wording for every field, and a hint for ``published`` too."""
    if problem.hint is None and (problem.where or "").endswith(": published"):
        return WartaError(problem.message, file=problem.file, where=problem.where, hint=_PUBLISHED_HINT)
    return problem


def import_sources(layout: Layout, paths: list[Path], *, fields: FieldMap | None = None,
                   outlet: str | None = None, license_note: str | None = None, skip_bad: bool = False,
                   progress: bool = False) -> ImportReport:
    """Check every record of ``paths`` and register the good ones (all, or none without ``skip_bad``)."""
    fields = fields or FieldMap()
    limits = Limits.from_env()
    opened = [open_source(path, fields, limits=limits) for path in paths]
    if outlet is None:
        for source in opened:
            if source.kind == "folder":
                raise WartaError("a folder of .txt files needs --outlet", file=str(source.path),
                                 hint="the files carry no outlet of their own")
    if not layout.registry.is_file():
        load_registry(layout)  # refuses with the registry's own message
    before = os.stat(layout.registry)  # before reading: a change while the import runs is noticed
    known_sha: dict[str, str] = {}
    known_id: dict[str, str] = {}
    for src in load_registry(layout):
        known_sha[src.entry["sha256"]] = src.id
        known_id[src.id] = src.entry["sha256"]

    report = ImportReport()
    new_sha: set[str] = set()
    new_id: dict[str, tuple[str, str]] = {}  # id -> (sha256, where it was first seen)
    staged: list[tuple[str, str, int, int]] = []  # (id, sha256, offset in the spool, size)
    layout.dataset.mkdir(parents=True, exist_ok=True)
    layout.tmp_dir.mkdir(parents=True, exist_ok=True)
    spool = tempfile.TemporaryFile(dir=layout.tmp_dir)  # anonymous: gone after a crash
    offset = 0
    total = None if any(s.total is None for s in opened) else sum(s.total for s in opened)
    bar = tqdm(total=total, desc="checking", unit="article", disable=not progress, file=sys.stderr,
               leave=False, mininterval=0.5)

    def refuse(problems: list[WartaError]) -> None:
        report.refused += problems
        report.refused_records += 1

    try:
        for source in opened:
            for record in source.records:
                bar.update()
                if record.problem is not None:
                    refuse([record.problem])
                    continue
                data = record.raw
                digest = hashlib.sha256(data).hexdigest()
                if digest in known_sha or digest in new_sha:
                    report.duplicates += 1
                    continue
                try:
                    decode_raw(data, file=record.file, limits=limits)
                except WartaError as exc:
                    refuse([_relocated(exc, record)])
                    continue
                meta = record.fields
                doc_id = meta.get("id")
                if doc_id is None:
                    doc_id = digest[:16]
                name = meta.get("outlet") or outlet
                where = record.where or "registry entry"
                if name is None:
                    refuse([WartaError("no outlet: the record names none and no --outlet was given",
                                       file=record.file, where=where,
                                       hint=f"add an {fields.outlet!r} field, or give --outlet NAME")])
                    continue
                entry = {
                    "id": doc_id, "raw_file": _PLACEHOLDER_PACK, "sha256": digest, "outlet": name,
                    "url": meta.get("url"), "language": "id", "retrieved": meta.get("retrieved"),
                    "license": license_note or DEFAULT_LICENSE.format(outlet=name),
                }
                if meta.get("published") is not None:
                    entry["published"] = meta["published"]
                place = f"{record.file}: {record.where}" if record.where else record.file
                problems = [_with_hint(p) for p in entry_problems(entry, file=record.file, where=where)]
                if not problems and isinstance(doc_id, str):
                    if doc_id in known_id:
                        problems.append(WartaError(
                            f"document id {doc_id!r} is already registered with other bytes "
                            f"(sha256 {known_id[doc_id]})", file=record.file, where=where,
                            hint="ids are never reused: give this article another id"))
                    elif doc_id in new_id:
                        problems.append(WartaError(
                            f"document id {doc_id!r} is already used in this import by other bytes "
                            f"({new_id[doc_id][1]})", file=record.file, where=where,
                            hint="ids are never reused: give this article another id"))
                if problems:
                    refuse(problems)
                    continue
                spool.write(data)
                staged.append((doc_id, digest, offset, len(data)))
                offset += len(data)
                new_sha.add(digest)
                new_id[doc_id] = (digest, place)
                report.imported.append(entry)
        bar.close()
        if report.refused_records and not skip_bad:
            report.held_back = len(report.imported)
            report.imported = []
            return report
        if not report.imported:
            return report
        spool.flush()
        with Transaction(layout, "import") as txn:
            report.packs = _write_packs(layout, txn, staged, spool.fileno(), report.imported, progress=progress)
            _write_registry(layout, txn, report.imported, before)
            txn.commit()
    finally:
        bar.close()
        spool.close()
    report.written = True
    return report


def _write_packs(layout: Layout, txn: Transaction, staged: list[tuple[str, str, int, int]], fd: int,
                 entries: list[dict], *, progress: bool) -> list[Path]:
    where = {doc_id: (offset, size) for doc_id, _, offset, size in staged}

    def read(doc_id: str) -> bytes:
        offset, size = where[doc_id]
        return os.pread(fd, size, offset)

    by_id = {entry["id"]: entry for entry in entries}
    packs = []
    with tqdm(total=len(staged), desc="writing raw packs", unit="article", disable=not progress,
              file=sys.stderr, leave=False) as bar:
        for rows in plan_packs([(doc_id, sha, size) for doc_id, sha, _, size in staged]):
            path = write_pack(txn.area("packs"), rows, read, progress=bar.update)
            target = layout.raw_dir / path.name
            if not (target.is_file() and same_bytes(path, target)):  # an identical pack may be there
                txn.place(path, target)
            for _, doc_id, _ in rows:
                by_id[doc_id]["raw_file"] = path.name
            packs.append(target)
    return packs


def _write_registry(layout: Layout, txn: Transaction, entries: list[dict], before: os.stat_result) -> None:
    """Stage the whole new registry: the old one with ``entries`` appended."""
    now = os.stat(layout.registry)
    if (now.st_size, now.st_mtime_ns) != (before.st_size, before.st_mtime_ns):
        raise WartaError("the registry changed while the import ran; nothing was registered",
                         file=layout.rel(layout.registry),
                         hint="run the import again")
    staged = txn.staged_file(layout.registry)
    with layout.registry.open("rb") as old, staged.open("wb") as new:
        last = b"\n"
        while chunk := old.read(1 << 20):
            new.write(chunk)
            last = chunk[-1:]
        if last != b"\n":
            new.write(b"\n")
        for entry in entries:
            new.write((registry_line(entry) + "\n").encode("utf-8"))
        new.flush()
        os.fsync(new.fileno())
