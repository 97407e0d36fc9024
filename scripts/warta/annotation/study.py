"""The annotation study's files: gold, the two independent passes, the adjudication log.

The passes are kept exactly as delivered (they are the record the agreement figures are
computed from); only the adjudicated gold files in dataset/annotations/ enter the release.
"""

from __future__ import annotations

from warta.errors import WartaError
from warta.jsonio import load_json
from warta.layout import Layout

PASSES = ("a", "b")
LOG_FIELDS = {"doc_id": str, "layer": str, "item": str, "decision": str, "rationale": str}
DECISIONS = ("a", "b", "other")


def _read_json(layout: Layout, path) -> dict:
    return load_json(layout.own(path, what="annotation file").read_bytes(), file=layout.rel(path))


def load_study(layout: Layout, entries: dict[str, dict] | None = None) -> dict:
    """Gold files, passes and log; ``entries``: registry entries of the documents with passes, if known."""
    folder = layout.annotations_dir
    study: dict = {"gold": {}, "pass_a": {}, "pass_b": {}, "log": []}
    if not folder.is_dir():
        return study
    for path in sorted(folder.glob("*.json")):
        study["gold"][path.stem] = _read_json(layout, path)
    for name in PASSES:
        for path in sorted((folder / "passes" / name).glob("*.json")):
            study[f"pass_{name}"][path.stem] = _read_json(layout, path)
    log = folder / "adjudication.jsonl"
    if log.is_file():
        # lines end at LF only: U+2028 inside a JSON string is a character, not a line break
        data = layout.own(log, what="adjudication log").read_bytes()
        for number, line in enumerate(data.split(b"\n"), start=1):
            if line.strip():
                study["log"].append(_log_line(layout, log, number, line))
    _check_passes(layout, study, entries)
    return study


def _log_line(layout: Layout, log, number: int, line: bytes) -> dict:
    """One adjudication decision: the fields the figures need, a known decision, one-line rationale."""
    where = f"line {number}"
    row = load_json(line, file=layout.rel(log), where=where)
    for key, kind in LOG_FIELDS.items():
        if not isinstance(row, dict) or not isinstance(row.get(key), kind) or not row[key].strip():
            raise WartaError(f"field {key!r} is missing or not a non-empty string", file=layout.rel(log), where=where)
    if row["decision"] not in DECISIONS or "\n" in row["rationale"]:
        raise WartaError(f"decision must be one of {DECISIONS} with a one-line rationale",
                         file=layout.rel(log), where=where)
    return row


def _check_passes(layout: Layout, study: dict, entries: dict[str, dict] | None) -> None:
    """Each pass must fit its raw text, like the gold, or its agreement figures mean nothing."""
    from warta.annotation.gold import annotation_problems
    from warta.curation.rawtext import sha256_hex
    from warta.errors import ProblemList
    from warta.intake.rawstore import read_raw_bytes
    from warta.intake.registry import load_registry
    from warta.release.schemas import schema_problems

    if entries is None and any(study[f"pass_{name}"] for name in PASSES):
        entries = {s.id: s.entry for s in load_registry(layout)}
    for name in PASSES:
        for doc_id, ann in study[f"pass_{name}"].items():
            file = f"dataset/annotations/passes/{name}/{doc_id}.json"
            if doc_id not in (entries or {}) or doc_id not in study["gold"]:
                raise WartaError("pass file for a document without a gold file", file=file)
            data = read_raw_bytes(layout, entries[doc_id])
            # structure as the schema says; formats not enforced: a pass is kept as it was delivered
            problems = schema_problems("annotation", ann, file=file, formats=False)
            if not problems:
                problems = annotation_problems(ann, data.decode("utf-8"), sha256_hex(data), file=file)
            if problems:
                raise ProblemList(problems)
