"""Gold stand-off annotation files: loading them and refusing any that do not fit the raw text.

A gold span stores raw offsets and the exact characters (``quote``). If the raw file or
the file's offsets drift, the quote no longer matches and the build stops with the
annotation id named, instead of silently moving a human judgement.
"""

from __future__ import annotations

from collections.abc import Iterator

from warta.annotation.layers import LAYER_NAMES, LAYERS
from warta.errors import ProblemList, WartaError
from warta.jsonio import load_json
from warta.layout import Layout
from warta.release.schemas import load_inventory, schema_problems


def layer_spans(container: dict) -> Iterator[tuple[str, dict]]:
    """Every span of the four gold layers with a readable location ('quotes q1.cue', span).

    Works on a gold file and on a released record alike: both nest the layers the same way.
    """
    for layer in LAYERS:
        for item in container[layer.name]:
            if not layer.parts:
                yield f"{layer.name} {item['id']}", item
            for part in layer.parts:
                yield f"{layer.name} {item['id']}.{part}", item[part]


def spans_of(ann: dict) -> Iterator[tuple[str, dict]]:
    """Every span of a gold file: its zones, then the layers."""
    for i, zone in enumerate(ann["zones"]):
        yield f"zones[{i}]", zone
    yield from layer_spans(ann)


def reference_problems(container: dict) -> list[tuple[str, str]]:
    """(where, what) for ids, references and nesting: the same rules for a gold file and a released record.

    Ids are unique across layers; event arguments point at an entity or timex; a timex anchor
    points at a timex; no two entity mentions overlap (the guidelines allow no nesting).
    """
    found: list[tuple[str, str]] = []
    layer_of: dict[str, str] = {}
    for layer in LAYER_NAMES:
        for item in container[layer]:
            if item["id"] in layer_of:
                found.append((f"{layer} {item['id']}", f"duplicate annotation id (also in {layer_of[item['id']]})"))
            layer_of[item["id"]] = layer
    for t in container["timex"]:
        if t["anchor"] is not None and layer_of.get(t["anchor"]) != "timex":
            found.append((f"timex {t['id']}.anchor",
                          f"refers to {t['anchor']!r}, which is not a timex of this file or record"))
    for ev in container["events"]:
        for arg in ev["arguments"]:
            if layer_of.get(arg["ref"]) not in ("entities", "timex"):
                found.append((f"events {ev['id']}.arguments",
                              f"ref {arg['ref']!r} is not an entity or timex of this file or record"))
    mentions = sorted(container["entities"], key=lambda m: (m["raw_start"], m["raw_end"]))
    for a, b in zip(mentions, mentions[1:], strict=False):
        if b["raw_start"] < a["raw_end"]:
            found.append((f"entities {b['id']}",
                          f"overlaps entity {a['id']}: nested mentions are not allowed (guidelines, section 0)"))
    return found


def _roles() -> dict[str, set[str]]:
    return {t["name"]: set(t["roles"]) for t in load_inventory("labels")["events"]["types"]}


def annotation_problems(ann: dict, raw_text: str, raw_sha256: str, *, file: str) -> list[WartaError]:
    """Integrity problems of a schema-valid annotation file against its raw text."""
    problems: list[WartaError] = []

    def bad(where: str, message: str, hint: str | None = None) -> None:
        problems.append(WartaError(message, file=file, where=where, hint=hint))

    if ann["raw_sha256"] != raw_sha256:
        bad("raw_sha256", "annotations were made on other raw bytes than the registered file",
            hint="raw files are never edited; re-anchor the annotations if the raw file is new")
        return problems  # every span would mismatch too: one line says it all
    for where, span in spans_of(ann):
        s, e = span["raw_start"], span["raw_end"]
        if not 0 <= s < e <= len(raw_text):
            bad(where, f"offsets {s}..{e} out of range (raw text has {len(raw_text)} characters)"
                if e > s else f"end {e} is not after start {s}")
        elif raw_text[s:e] != span["quote"]:
            bad(where, f"quote {span['quote'][:40]!r} does not match the raw text at {s}..{e} "
                       f"({raw_text[s:e][:40]!r})", hint="fix the offsets or the quote")
        elif span["quote"] != span["quote"].strip():
            bad(where, f"span {span['quote'][:40]!r} starts or ends with whitespace",
                hint="spans cover the expression only (guidelines, section 0)")
    if problems:
        return problems  # the checks below read spans at their offsets
    problems += _zone_problems(ann, bad)
    for where, message in reference_problems(ann):
        bad(where, message)
    roles = _roles()
    for ev in ann["events"]:
        for arg in ev["arguments"]:
            if arg["role"] not in roles[ev["type"]]:
                bad(f"events {ev['id']}.arguments", f"role {arg['role']!r} is not a role of {ev['type']} "
                                                    f"({', '.join(sorted(roles[ev['type']]))})")
    known_entities = {e["entity_id"] for e in ann["entities"]}
    for q in ann["quotes"]:
        if q["speaker_entity_id"] is not None and q["speaker_entity_id"] not in known_entities:
            bad(f"quotes {q['id']}.speaker_entity_id",
                f"{q['speaker_entity_id']!r} is not the entity_id of any mention in this file")
    return problems


PROSE_ZONES = ("headline", "body", "subheading")  # where quotes and events are annotated (guidelines 0)


def _zone_problems(ann: dict, bad) -> list[WartaError]:
    """Zones in order without overlap; every layer span inside one zone; quotes and events in prose."""
    zones = ann["zones"]
    for prev, zone in zip(zones, zones[1:], strict=False):
        if zone["raw_start"] < prev["raw_end"]:
            bad(f"zones {zone['quote'][:30]!r}", f"starts at {zone['raw_start']}, before the previous zone ends "
                                                 f"({prev['raw_end']}): zones are in reading order without overlap")

    def zone_of(span: dict) -> str | None:
        return next((z["zone"] for z in zones
                     if z["raw_start"] <= span["raw_start"] and span["raw_end"] <= z["raw_end"]), None)

    for where, span in layer_spans(ann):
        zone = zone_of(span)
        if zone is None:
            bad(where, f"span {span['quote'][:30]!r} lies in no single zone of the file",
                hint="every span sits inside one zone; add or fix the zone")
        elif where.startswith(("quotes", "events")) and zone not in PROSE_ZONES:
            bad(where, f"lies in a {zone!r} zone; quotes and events are annotated in {', '.join(PROSE_ZONES)} only")
    return []


def load_annotation(layout: Layout, doc_id: str, raw_text: str, raw_sha256: str) -> dict | None:
    """The validated gold file of a document, or None when it has none."""
    path = layout.annotation_path(doc_id)
    if not path.is_file():
        return None
    rel = layout.rel(path)
    ann = load_json(path.read_bytes(), file=rel)
    problems = schema_problems("annotation", ann, file=rel)
    if not problems and ann["doc_id"] != doc_id:
        problems.append(WartaError(f"doc_id {ann['doc_id']!r} does not match the file name", file=rel))
    if not problems:
        problems = annotation_problems(ann, raw_text, raw_sha256, file=rel)
    if problems:
        raise ProblemList(problems)
    return ann


def orphan_annotations(layout: Layout, known_ids: set[str]) -> list[WartaError]:
    """Annotation files for documents that are not registered."""
    if not layout.annotations_dir.is_dir():
        return []
    return [WartaError("annotation file for a document that is not registered",
                       file=layout.rel(p), hint="register the raw article or remove the file")
            for p in sorted(layout.annotations_dir.glob("*.json")) if p.stem not in known_ids]
