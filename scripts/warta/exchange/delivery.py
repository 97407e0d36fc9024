"""What an import turns into: one checked file per delivered annotation, or a list of every problem.

Both formats hand over ``Delivery`` values (one annotation of one document, meant as its gold
or as a pass); here they become annotation files, each checked as the build checks gold,
with every problem named by the place the tool gave it (task, annotation, region).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from warta.errors import WartaError
from warta.exchange.assemble import Link, Region, assemble
from warta.exchange.documents import (
    GOLD,
    Document,
    encode,
    existing,
    file_problems,
    gold_file,
    target_path,
    used_numbers,
)
from warta.layout import Layout


@dataclass
class Delivery:
    doc: Document
    target: str  # gold, or a pass name
    regions: list[Region]
    links: list[Link]
    where: str  # how the format names this annotation: "task 3, annotation 7"
    guidelines: str  # the version a new file records
    problems: list[tuple[str, str]] = field(default_factory=list)  # found while reading the format


def _region_where(where: str, regions_of: dict[str, str]) -> str | None:
    """The tool's region behind a gold file location ('entities e3', 'quotes q1.cue', 'events v2.arguments')."""
    if where in regions_of:
        return regions_of[where]
    head = where.split(".", 1)[0]
    return regions_of.get(head)


def annotations_of(layout: Layout, deliveries: list[Delivery], *, file: str
                   ) -> tuple[dict[tuple[str, str], tuple[Delivery, dict]], list[WartaError]]:
    """Each delivery as a whole, checked annotation file, by (document id, target); and every problem."""
    made: dict[tuple[str, str], tuple[Delivery, dict]] = {}
    problems: list[WartaError] = []
    claimed: dict[tuple[str, str], str] = {}
    for d in deliveries:
        key = (d.doc.id, d.target)
        if key in claimed:
            problems.append(WartaError(f"{claimed[key]} also gives the {d.target} annotation of {d.doc.id}",
                                       file=file, where=d.where, hint="one annotation per document and pass"))
            continue
        claimed[key] = d.where
        keep = existing(layout, d.doc, d.target)
        assembled = assemble(d.regions, d.links, used_numbers(keep))
        found = d.problems + assembled.problems
        problems += [WartaError(what, file=file, where=f"{d.where}, {where}") for where, what in found]
        if found:
            continue
        ann = gold_file(d.doc, assembled.layers, guidelines=d.guidelines, keep=keep)
        path = target_path(layout, d.doc.id, d.target)
        for p in file_problems(ann, d.doc, file=layout.rel(path)):
            region = _region_where(p.where or "", assembled.regions_of)
            shown = f"{d.where}, region {region} ({p.where})" if region else f"{d.where}, {p.where or 'file'}"
            problems.append(WartaError(f"{layout.rel(path)} would be refused: {p.message}", file=file,
                                       where=shown, hint=p.hint))
        made[key] = (d, ann)
    return made, problems


def files_of(layout: Layout, deliveries: list[Delivery], *, file: str) -> tuple[dict[Path, bytes], list[WartaError]]:
    """The files the deliveries make, and every problem (file: the export being imported)."""
    made, problems = annotations_of(layout, deliveries, file=file)
    for (doc_id, target), (d, _) in made.items():
        if target != GOLD and (doc_id, GOLD) not in made and not layout.annotation_path(doc_id).is_file():
            problems.append(WartaError(f"pass {target} of {doc_id}, which has no gold file", file=file,
                                       where=d.where,
                                       hint="passes sit beside an adjudicated gold file: list the disagreements "
                                            "(warta adjudicate --from FILE), decide them in one annotation marked "
                                            "ground truth, and import again"))
    files = {target_path(layout, doc_id, target): encode(ann) for (doc_id, target), (_, ann) in made.items()}
    return files, problems
