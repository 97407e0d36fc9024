"""The registry of raw articles (dataset/sources.jsonl): reading, checking, appending.

Each line is validated against ``schema/source.schema.json`` and the cross-line rules a
schema cannot state (unique ids, hashes and raw files), so a bad registry is refused as a
whole with every problem named by line; no line, however mangled, raises anything else.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from warta.errors import ProblemList, WartaError
from warta.intake.rawstore import is_pack
from warta.jsonio import parse_json
from warta.layout import Layout, id_problem, raw_file_problem
from warta.release.schemas import compiled_verdict, load_schema, validator

# what each field must look like, said once for the messages about it
_FIELD_HINTS = {
    "id": "ids use lowercase letters, digits, '_' and '-' only (at most 64)",
    "raw_file": "raw_file is a bare file name inside dataset/raw/",
    "sha256": "the SHA-256 of the raw bytes as 64 lowercase hex digits (sha256sum FILE)",
    "url": "an absolute URL, or null when unknown",
    "retrieved": "the retrieval day as YYYY-MM-DD, or null when unknown",
    "language": "'id' is the only language of this dataset",
    "outlet": "the outlet's name as printed on the page",
    "license": "a copyright or licence note",
}


@dataclass(frozen=True)
class Source:
    """One registered raw article."""

    line: int
    entry: dict

    @property
    def id(self) -> str:
        return self.entry["id"]


def entry_problems(entry: object, *, file: str, where: str) -> list[WartaError]:
    """Every problem of one registry entry, in words a maintainer can act on.

    The schema is the contract; these messages only say its verdicts more plainly (a
    missing field by name, an id by what is wrong with it). Anything the schema finds that
    is not reworded here is reported with the schema's own message and the field path.
    A sound entry, the common case, costs only the compiled schema verdict and the two
    worded checks: a registry of a million lines is checked in seconds.
    """
    if not isinstance(entry, dict):
        return [WartaError(f"a registry line is one JSON object, not {type(entry).__name__}",
                           file=file, where=where)]
    if (compiled_verdict("source", entry)
            and id_problem(entry["id"]) is None and raw_file_problem(entry["raw_file"]) is None):
        return []
    schema = load_schema("source")
    problems: list[WartaError] = []
    missing = [key for key in schema["required"] if key not in entry]
    if missing:
        problems.append(WartaError(
            f"missing field{'s' * (len(missing) > 1)} {', '.join(map(repr, missing))}", file=file,
            where=where, hint=f"every line has the fields {', '.join(schema['required'])}"))
    unknown = sorted(set(entry) - set(schema["properties"]))
    if unknown:
        problems.append(WartaError(
            f"unknown field{'s' * (len(unknown) > 1)} {', '.join(map(repr, unknown))}", file=file,
            where=where, hint=f"the fields are {', '.join(schema['properties'])}"))
    worded = set()
    for key, check in (("id", id_problem), ("raw_file", raw_file_problem)):
        problem = check(entry[key]) if key in entry else None
        if problem:
            worded.add(key)
            problems.append(WartaError(problem, file=file, where=where, hint=_FIELD_HINTS[key]))
    for error in sorted(validator("source").iter_errors(entry), key=lambda e: list(map(str, e.path))):
        path = list(error.absolute_path)
        if not path and error.validator in ("required", "additionalProperties"):
            continue
        field = str(path[0]) if path else None
        if field in worded:
            continue
        message = error.message if len(error.message) < 300 else error.message[:297] + "..."
        problems.append(WartaError(message, file=file, where=f"{where}: {field or '(record)'}",
                                   hint=_FIELD_HINTS.get(field or "")))
    return problems


def parse_registry(text: str, *, file: str) -> list[Source]:
    """Parse and check registry text; raise ``ProblemList`` naming every bad line."""
    return list(iter_registry(text.split("\n"), file=file))


def iter_registry(lines: Iterable[str], *, file: str) -> Iterator[Source]:
    """Check registry lines one by one, yielding each sound one; at the end raise every problem.

    Streaming, so that a registry of 10⁶ lines is never held as objects: only the ids,
    hashes and single raw files seen so far are kept, for the duplicate checks. A caller
    must treat what it was given as void when the generator raises.
    """
    problems: list[WartaError] = []
    seen: dict[str, dict[str, int]] = {"id": {}, "sha256": {}, "raw_file": {}}
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        where = f"line {number}"
        entry, wrong = parse_json(line)
        if wrong:
            problems.append(WartaError(wrong, file=file, where=where,
                                       hint="each line of the registry is one JSON object"))
            continue
        found = entry_problems(entry, file=file, where=where)
        if found or not isinstance(entry, dict):
            problems.extend(found)
            continue
        clash = False
        for key, first in seen.items():
            if key == "raw_file" and is_pack(entry[key]):
                continue
            if entry[key] in first:
                clash = True
                problems.append(WartaError(
                    f"duplicate {key} {entry[key]!r} (first on line {first[entry[key]]})",
                    file=file, where=where,
                    hint="every article is registered once; ids are never reused"))
            first.setdefault(entry[key], number)
        if not clash:
            yield Source(number, entry)
    if problems:
        raise ProblemList(problems)


def require_registry(layout: Layout) -> Path:
    """The registry's path, refused when it is missing (or a link) with what to do about it."""
    path = layout.own(layout.registry, what="registry")
    if not path.is_file():
        raise WartaError("registry not found", file=layout.rel(path),
                         hint=f"this is not a Warta repository ({layout.root}, from $WARTA_ROOT or the current "
                              "folder): start one with 'warta init DIR', then register articles with "
                              "'warta import SOURCE' or 'warta add PATH --outlet NAME'")
    return path


def registry_lines(layout: Layout) -> Iterator[str]:
    """The registry's lines, read as a stream; a byte that is not UTF-8 is one clear error."""
    path = require_registry(layout)
    with path.open("rb") as handle:
        offset = 0
        for number, data in enumerate(handle, start=1):
            try:
                line = data.decode("utf-8")
            except UnicodeDecodeError as exc:
                raise WartaError(
                    f"registry is not valid UTF-8: byte 0x{data[exc.start]:02x} at offset {offset + exc.start}",
                    file=layout.rel(path), where=f"line {number}",
                    hint="the registry is UTF-8 JSON Lines; restore the line from version control") from None
            offset += len(data)
            yield line.removesuffix("\n")


def scan_registry(layout: Layout) -> Iterator[Source]:
    """Every registered article, checked, as a stream (see ``iter_registry``)."""
    return iter_registry(registry_lines(layout), file=layout.rel(layout.registry))


def load_registry(layout: Layout) -> list[Source]:
    """Every registered article, checked, as a list (small registries; the build streams)."""
    return list(scan_registry(layout))


def registry_line(entry: dict) -> str:
    """One registry line in canonical form (sorted keys, no spaces): same entry, same bytes."""
    return json.dumps(entry, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def new_entry(*, doc_id: str, raw_file: str, sha256: str, outlet: str, url: str | None,
              retrieved: str | None, license_note: str) -> dict:
    """A registry entry for a newly added article (validated by the caller)."""
    problem = id_problem(doc_id)
    if problem:
        raise WartaError(problem, hint=_FIELD_HINTS["id"])
    return {
        "id": doc_id, "raw_file": raw_file, "sha256": sha256, "outlet": outlet, "url": url,
        "language": "id", "retrieved": retrieved, "license": license_note,
    }


def next_raw_name(raw_dir: Path, doc_id: str) -> str:
    """Keep the seed naming convention: ``NNN_<id>.txt`` with the next free sequence number."""
    numbers = [int(p.name[:3]) for p in raw_dir.glob("[0-9][0-9][0-9]_*") if p.name[:3].isdigit()]
    return f"{max(numbers, default=-1) + 1:03d}_{doc_id}.txt"
