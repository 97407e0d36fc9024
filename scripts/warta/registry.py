"""The registry of raw articles (dataset/sources.jsonl): reading, checking, appending.

Each line is validated against ``schema/source.schema.json`` and the cross-line rules a
schema cannot state (unique ids and hashes), so a bad registry is refused as a whole
with every problem named by line.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from .errors import ProblemList, WartaError
from .layout import ID_PATTERN, Layout
from .schemas import schema_problems


@dataclass(frozen=True)
class Source:
    """One registered raw article."""

    line: int
    entry: dict

    @property
    def id(self) -> str:
        return self.entry["id"]


def parse_registry(text: str, *, file: str) -> list[Source]:
    """Parse and check registry text; raise ``ProblemList`` naming every bad line."""
    problems: list[WartaError] = []
    sources: list[Source] = []
    seen_ids: dict[str, int] = {}
    seen_hashes: dict[str, int] = {}
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        where = f"line {number}"
        try:
            entry = json.loads(line)
        except json.JSONDecodeError as exc:
            problems.append(WartaError(f"invalid JSON: {exc.msg} (column {exc.colno})",
                                       file=file, where=where))
            continue
        found = schema_problems("source", entry, file=file, where=where)
        if found:
            problems.extend(found)
            continue
        for key, seen in (("id", seen_ids), ("sha256", seen_hashes)):
            if entry[key] in seen:
                problems.append(WartaError(
                    f"duplicate {key} {entry[key]!r} (first on line {seen[entry[key]]})",
                    file=file, where=where))
            seen[entry[key]] = number
        sources.append(Source(number, entry))
    if problems:
        raise ProblemList(problems)
    return sources


def load_registry(layout: Layout) -> list[Source]:
    path = layout.registry
    if not path.is_file():
        raise WartaError("registry not found", file=layout.rel(path),
                         hint="create it with 'warta add PATH --outlet NAME'")
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        raise WartaError("registry is not valid UTF-8", file=layout.rel(path)) from None
    return parse_registry(text, file=layout.rel(path))


def registry_line(entry: dict) -> str:
    """One registry line in canonical form (sorted keys, no spaces): same entry, same bytes."""
    return json.dumps(entry, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def new_entry(*, doc_id: str, raw_file: str, sha256: str, outlet: str, url: str | None,
              retrieved: str | None, license_note: str) -> dict:
    """A registry entry for a newly added article (validated by the caller)."""
    if not ID_PATTERN.match(doc_id):
        raise WartaError(f"invalid document id {doc_id!r}", hint=f"ids match {ID_PATTERN.pattern}")
    return {
        "id": doc_id, "raw_file": raw_file, "sha256": sha256, "outlet": outlet, "url": url,
        "language": "id", "retrieved": retrieved, "license": license_note,
    }


def next_raw_name(raw_dir: Path, doc_id: str) -> str:
    """Keep the seed naming convention: ``NNN_<id>.txt`` with the next free sequence number."""
    numbers = [int(p.name[:3]) for p in raw_dir.glob("[0-9][0-9][0-9]_*") if p.name[:3].isdigit()]
    return f"{max(numbers, default=-1) + 1:03d}_{doc_id}.txt"
