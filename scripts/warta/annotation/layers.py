"""Laying gold stand-off annotations on a curated record.

Gold spans live in raw offsets; the release also gives text offsets, computed here from
the segments (null when a span lies outside ``text``, e.g. in a caption). The quote is
carried over as the span's text, so a row always shows the characters it points at.
"""

from __future__ import annotations

from warta.annotation.gold import GOLD


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


def layers(doc_id: str, segments: list[dict], ann: dict | None) -> dict[str, list[dict]]:
    """The four nested layers of a documents row (empty when the document has no gold file)."""
    if ann is None:
        return {"entities": [], "timex": [], "quotes": [], "events": []}
    return {"entities": entity_rows(doc_id, segments, ann), "timex": timex_rows(doc_id, segments, ann),
            "quotes": quote_rows(doc_id, segments, ann), "events": event_rows(doc_id, segments, ann)}
