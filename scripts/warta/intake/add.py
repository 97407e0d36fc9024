"""warta add: register a new raw article fully, or leave no trace.

The raw file is copied byte for byte and the registry line appended only after the
article has passed curation; both files change in one journaled transaction
(``warta.transaction``), so a crash at any instant leaves both or neither.
"""

from __future__ import annotations

from pathlib import Path

from warta.curation.curate import curate
from warta.curation.rawtext import read_raw, sha256_hex
from warta.errors import WartaError
from warta.intake.registry import load_registry, new_entry, next_raw_name, registry_line
from warta.layout import Layout, check_id
from warta.release.schemas import schema_problems
from warta.transaction import Transaction

DEFAULT_LICENSE = ("Copyright of the publisher ({outlet}). Included unmodified for non-commercial research "
                   "on news language; removal on the publisher's request.")


def add(layout: Layout, source: Path, *, outlet: str, url: str | None = None,
        doc_id: str | None = None, retrieved: str | None = None,
        license_note: str | None = None) -> dict:
    """Copy ``source`` into dataset/raw/ and register it; return its registry entry."""
    if not source.is_file():
        raise WartaError("no such file", file=str(source))
    data = read_raw(source)
    digest = sha256_hex(data)
    sources = load_registry(layout)
    for src in sources:
        if src.entry["sha256"] == digest:
            raise WartaError(
                f"already registered as document {src.id} (same sha256)", file=str(source),
                where=f"{layout.rel(layout.registry)} line {src.line}",
            )
    doc_id = check_id(doc_id or digest[:16], file=str(source))
    if any(src.id == doc_id for src in sources):
        raise WartaError(f"document id {doc_id!r} is already taken", file=str(source),
                         hint="choose another with --id")
    raw_name = next_raw_name(layout.raw_dir, doc_id)
    entry = new_entry(doc_id=doc_id, raw_file=raw_name, sha256=digest, outlet=outlet, url=url,
                      retrieved=retrieved, license_note=license_note or DEFAULT_LICENSE.format(outlet=outlet))
    problems = schema_problems("source", entry, file=str(source), where="new registry line")
    if problems:
        raise problems[0]
    curate(data, entry, file=str(source))  # refuse what the build would refuse, before writing

    target = layout.raw_dir / raw_name
    layout.raw_dir.mkdir(parents=True, exist_ok=True)
    registry = layout.registry.read_bytes()
    if registry and not registry.endswith(b"\n"):
        registry += b"\n"
    with Transaction(layout, "add") as txn:  # both files or neither, even if killed between them
        txn.write(target, data)
        txn.write(layout.registry, registry + (registry_line(entry) + "\n").encode("utf-8"))
        txn.commit()
    return entry
