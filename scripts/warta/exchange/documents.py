"""The repository side of an exchange: which documents go out, and how gold files come back in.

A tool only ever sees spans and their labels; what it cannot see (the raw bytes' digest, the
zones and metadata, the guidelines version, the ids a file has ever used) is read here,
and every file an import would write is checked by the gold loader's own rules first.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from warta.annotation.gold import annotation_problems, load_annotation
from warta.annotation.study import PASSES
from warta.curation.curate import check_registered_bytes, curate
from warta.curation.rawtext import decode_raw
from warta.errors import ProblemList, WartaError
from warta.exchange.assemble import PREFIX, id_number
from warta.intake.rawstore import read_raw_bytes
from warta.intake.registry import load_registry
from warta.jsonio import load_json
from warta.layout import Layout
from warta.release.schemas import schema_problems
from warta.transaction import Transaction

METADATA_FIELDS = ("title", "authors", "editors", "published", "dateline_place", "dateline_outlet",
                   "cited_sources", "image_credits")
GOLD = "gold"  # the target of an import that is not a pass of the agreement study


@dataclass
class Document:
    """A registered document as an exchange needs it."""

    entry: dict
    raw_text: str
    raw_sha256: str
    gold: dict | None  # the validated gold file, if any
    record: dict  # the curated record (without gold layers): zones and metadata of a document with no gold

    @property
    def id(self) -> str:
        return self.entry["id"]

    def zones(self) -> list[dict]:
        """Zones as a gold file holds them: the gold file's, or the curation's segments."""
        if self.gold is not None:
            return self.gold["zones"]
        return [{"raw_start": s["raw_start"], "raw_end": s["raw_end"], "quote": s["text"], "zone": s["zone"]}
                for s in self.record["segments"]]

    def metadata(self) -> dict:
        if self.gold is not None:
            return self.gold["metadata"]
        return {name: self.record[name] for name in METADATA_FIELDS}


def registry(layout: Layout) -> dict[str, dict]:
    return {s.id: s.entry for s in load_registry(layout)}


def load_document(layout: Layout, entry: dict) -> Document:
    file = layout.rel(layout.raw_dir / entry["raw_file"])
    raw = read_raw_bytes(layout, entry)
    digest = check_registered_bytes(raw, entry, file=file)
    text = decode_raw(raw, file=file)
    gold = load_annotation(layout, entry["id"], text, digest)
    return Document(entry, text, digest, gold, curate(raw, entry, file=file))


def select(layout: Layout, ids: list[str], *, unannotated: bool, every: bool) -> list[Document]:
    """The documents named, or those without a gold file, or all, in registry order."""
    entries = registry(layout)
    if sum((bool(ids), unannotated, every)) != 1:
        raise WartaError("name the documents to export: ids, or --unannotated, or --all (one of them)")
    unknown = [i for i in ids if i not in entries]
    if unknown:
        raise WartaError(f"no registered document {', '.join(map(repr, unknown))}",
                         hint=f"ids are in {layout.rel(layout.registry)}")
    chosen = ids if ids else [i for i in entries
                              if every or not layout.annotation_path(i).is_file()]
    return [load_document(layout, entries[i]) for i in dict.fromkeys(chosen)]


def guidelines_version(layout: Layout) -> str:
    """The version in schema/GUIDELINES.md's heading (the repository's, else the toolkit's): what new gold follows."""
    from warta.release.schemas import schema_dir

    path = layout.schema_dir / "GUIDELINES.md"
    path = path if path.is_file() else schema_dir() / "GUIDELINES.md"
    heading = path.read_text(encoding="utf-8").split("\n", 1)[0] if path.is_file() else ""
    match = re.search(r"\(version ([0-9][0-9.]*)\)", heading)
    if not match:
        raise WartaError("no '(version X.Y)' in the first line", file=layout.rel(path),
                         hint="new gold files record the guidelines version they follow")
    return match.group(1)


def target_path(layout: Layout, doc_id: str, target: str) -> Path:
    """Where an imported annotation goes: the gold file, or a pass of the agreement study."""
    if target == GOLD:
        return layout.annotation_path(doc_id)
    if target not in PASSES:
        raise WartaError(f"unknown pass {target!r}", hint=f"passes are {', '.join(PASSES)}")
    return layout.own(layout.annotations_dir / "passes" / target / f"{layout.annotation_path(doc_id).name}")


def existing(layout: Layout, doc: Document, target: str) -> dict | None:
    """The file an import would replace (a pass as delivered, the gold as loaded), if any."""
    if target == GOLD:
        return doc.gold
    path = target_path(layout, doc.id, target)
    return load_json(path.read_bytes(), file=layout.rel(path)) if path.is_file() else None


def used_numbers(*files: dict | None) -> dict[str, int]:
    """The highest id number each layer has used in any of ``files``: new items start above it."""
    used = {layer: 0 for layer in PREFIX}
    for ann in files:
        for layer in PREFIX:
            for item in (ann or {}).get(layer, []):
                used[layer] = max(used[layer], id_number(layer, item.get("id")) or 0)
    return used


def gold_file(doc: Document, layers: dict[str, list[dict]], *, guidelines: str, keep: dict | None) -> dict:
    """A whole annotation file: the layers from the tool, the rest kept from ``keep`` or from the document."""
    return {"doc_id": doc.id, "raw_sha256": doc.raw_sha256,
            "guidelines": keep["guidelines"] if keep else guidelines,
            "zones": keep["zones"] if keep else doc.zones(),
            "metadata": keep["metadata"] if keep else doc.metadata(),
            **{layer: layers[layer] for layer in PREFIX}}


def file_problems(ann: dict, doc: Document, *, file: str) -> list[WartaError]:
    """Every check the build runs on a gold file (schema, then the raw text, zones and references)."""
    problems = schema_problems("annotation", ann, file=file)
    return problems or annotation_problems(ann, doc.raw_text, doc.raw_sha256, file=file)


def encode(ann: dict) -> bytes:
    """The bytes of an annotation file, laid out as the repository's gold files are."""
    return json.dumps(ann, ensure_ascii=False, indent=1).encode("utf-8")


def write_files(layout: Layout, files: dict[Path, bytes]) -> None:
    """All of ``files`` into the repository in one transaction, or none of them."""
    with Transaction(layout, "import-annotations") as transaction:
        for path, data in sorted(files.items()):
            transaction.write(path, data)
        transaction.commit()


def refuse(problems: list[WartaError]) -> None:
    if problems:
        raise ProblemList(problems)
