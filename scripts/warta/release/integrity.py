"""Checks a JSON Schema cannot state: offsets that point at the right characters.

These are the rules that make the dataset trustworthy: every segment's characters are
the raw characters at its raw offsets and the text characters at its text offsets.
"""

from __future__ import annotations

from warta.annotation.gold import layer_spans, reference_problems
from warta.curation.curate import TEXT_SEPARATOR
from warta.curation.rawtext import sha256_hex
from warta.errors import WartaError
from warta.release.schemas import load_inventory


def document_problems(record: dict, *, file: str) -> list[WartaError]:
    """Every integrity problem of one document record (empty list when sound)."""
    problems: list[WartaError] = []
    doc = f"document {record.get('id')}"

    def bad(where: str, message: str) -> None:
        problems.append(WartaError(message, file=file, where=f"{doc}: {where}"))

    raw, text = record["raw_text"], record["text"]
    if sha256_hex(raw.encode("utf-8")) != record["raw_sha256"]:
        bad("raw_sha256", "does not match the sha256 of raw_text")
    in_text = set(load_inventory("zones")["in_text"])
    seen_ids: set[str] = set()
    last_end = 0
    selected: list[str] = []
    for i, seg in enumerate(record["segments"]):
        where = f"segments[{i}]"
        if seg["id"] in seen_ids:
            bad(f"{where}.id", f"duplicate segment id {seg['id']!r}")
        seen_ids.add(seg["id"])
        rs, re_ = seg["raw_start"], seg["raw_end"]
        if not 0 <= rs < re_ <= len(raw):
            bad(where, f"raw offsets {rs}..{re_} out of range for raw_text of length {len(raw)}")
            continue
        if rs < last_end:
            bad(where, f"overlaps the previous segment (starts at {rs}, previous ends at {last_end})")
        last_end = re_
        if raw[rs:re_] != seg["text"]:
            bad(where, f"text {seg['text'][:40]!r} differs from raw_text[{rs}:{re_}]")
        if (seg["start"] is None) != (seg["end"] is None):
            bad(where, "start and end must both be set or both be null")
            continue
        if (seg["start"] is not None) != (seg["zone"] in in_text):
            bad(where, f"zone {seg['zone']!r} {'is' if seg['zone'] in in_text else 'is not'} "
                       "part of text, but its text offsets say otherwise")
        if seg["start"] is not None:
            selected.append(seg["text"])
            if text[seg["start"]:seg["end"]] != raw[rs:re_]:
                bad(where, f"text[{seg['start']}:{seg['end']}] differs from raw_text[{rs}:{re_}]")
    if TEXT_SEPARATOR.join(selected) != text:
        bad("text", "is not the text segments joined by a blank line")
    problems += layer_problems(record, file=file)
    return problems


def layer_problems(record: dict, *, file: str) -> list[WartaError]:
    """Spans of the nested gold layers point at their characters; ids, references, nesting as in gold files."""
    problems: list[WartaError] = []
    doc = f"document {record.get('id')}"
    raw, text = record["raw_text"], record["text"]
    for where, span in layer_spans(record):
        rs, re_ = span["raw_start"], span["raw_end"]
        if raw[rs:re_] != span["text"] or not 0 <= rs < re_:
            problems.append(WartaError(f"{span['text'][:40]!r} is not raw_text[{rs}:{re_}]",
                                       file=file, where=f"{doc}: {where}"))
        if span["start"] is not None and text[span["start"]:span["end"]] != span["text"]:
            problems.append(WartaError(f"{span['text'][:40]!r} is not text[{span['start']}:{span['end']}]",
                                       file=file, where=f"{doc}: {where}"))
    problems += [WartaError(message, file=file, where=f"{doc}: {where}")
                 for where, message in reference_problems(record)]
    return problems
