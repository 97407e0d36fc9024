"""Laying gold stand-off annotations on a curated record.

Gold spans live in raw offsets; the release also gives text offsets, computed here from
the segments (null when a span lies outside ``text``, e.g. in a caption). The quote is
carried over as the span's text, so a row always shows the characters it points at.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

GOLD = "gold"  # the source of every row written by a person, following schema/GUIDELINES.md


def _text_offsets(segments: list[dict], s: int, e: int) -> tuple[int | None, int | None]:
    for seg in segments:
        if seg["start"] is not None and seg["raw_start"] <= s and e <= seg["raw_end"]:
            shift = seg["start"] - seg["raw_start"]
            return s + shift, e + shift
    return None, None


def _zone(zones: list[dict], s: int) -> str:
    """The zone of the stretch holding offset ``s``: gold zones for gold rows, never the zoner's."""
    for zone in zones:
        if zone["raw_start"] <= s < zone["raw_end"]:
            return zone["zone"]
    raise ValueError(f"offset {s} lies in no zone")  # validated gold spans never start on whitespace


def span_row(segments: list[dict], span: dict) -> dict:
    start, end = _text_offsets(segments, span["raw_start"], span["raw_end"])
    return {"text": span["quote"], "start": start, "end": end,
            "raw_start": span["raw_start"], "raw_end": span["raw_end"]}


def entity_rows(doc_id: str, segments: list[dict], ann: dict) -> list[dict]:
    rows = []
    for m in ann["entities"]:
        span = span_row(segments, m)
        norm = m["normalized"]
        rows.append({
            "doc_id": doc_id, "id": m["id"], "label": m["label"], **span,
            "zone": _zone(ann["zones"], m["raw_start"]), "entity_id": m["entity_id"],
            "normalized": {"db_name": norm["db_name"], "db_id": norm["db_id"]} if norm else None,
            "source": GOLD,
        })
    return rows


def timex_rows(doc_id: str, segments: list[dict], ann: dict) -> list[dict]:
    return [{"doc_id": doc_id, "id": t["id"], "type": t["type"], "value": t["value"], "mod": t["mod"],
             "anchor": t["anchor"], **span_row(segments, t), "source": GOLD} for t in ann["timex"]]


def quote_rows(doc_id: str, segments: list[dict], ann: dict) -> list[dict]:
    return [{"doc_id": doc_id, "id": q["id"], "kind": q["kind"],
             "content": span_row(segments, q["content"]), "cue": span_row(segments, q["cue"]),
             "speaker": span_row(segments, q["speaker"]),
             "speaker_entity_id": q["speaker_entity_id"], "source": GOLD} for q in ann["quotes"]]


def event_rows(doc_id: str, segments: list[dict], ann: dict) -> list[dict]:
    return [{"doc_id": doc_id, "id": v["id"], "type": v["type"],
             "trigger": span_row(segments, v["trigger"]),
             "arguments": [{"role": a["role"], "ref": a["ref"]} for a in v["arguments"]],
             "event_cluster": v["event_cluster"], "source": GOLD} for v in ann["events"]]


@dataclass(frozen=True)
class Layer:
    """One annotation layer, declared once: gold files, documents rows, its config, the card, agreement."""

    name: str  # key in gold files and documents rows; also the config's name
    schema: str  # schema/<schema>.schema.json describes one row of its config
    label: str  # the field counted per label in the card
    parts: tuple[str, ...]  # span-valued fields of an item; () when the item is itself a span
    rows: Callable[[str, list[dict], dict], list[dict]]  # (doc id, segments, gold file) -> rows
    description: str

    @property
    def anchor(self) -> str | None:
        """The part that locates an item (matched in agreement): the first, or the item itself."""
        return self.parts[0] if self.parts else None


LAYERS: tuple[Layer, ...] = (
    Layer("entities", "entity", "label", (), entity_rows,
          "One row per gold named-entity mention: raw and text offsets, cross-document entity_id."),
    Layer("timex", "timex", "type", (), timex_rows,
          "One row per gold TIMEX3 time expression, normalised and anchored to the publication time."),
    Layer("quotes", "quote", "kind", ("content", "cue", "speaker"), quote_rows,
          "One row per gold attribution: content, cue and speaker spans, speaker entity."),
    Layer("events", "event", "type", ("trigger",), event_rows,
          "One row per gold event mention: trigger, type, arguments, cross-document event_cluster."),
)
LAYER_NAMES = tuple(layer.name for layer in LAYERS)


def layers(doc_id: str, segments: list[dict], ann: dict | None) -> dict[str, list[dict]]:
    """The nested layers of a documents row (empty when the document has no gold file)."""
    return {layer.name: layer.rows(doc_id, segments, ann) if ann is not None else [] for layer in LAYERS}
