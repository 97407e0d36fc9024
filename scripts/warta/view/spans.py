"""What each layer draws: its spans, their nesting rank and the attributes every span element carries.

The table is the contract: each highlighted element has ``data-layer``, ``data-id``,
``data-source``, ``data-raw-start`` and ``data-raw-end`` (code points into ``raw_text``),
and ``data-part`` for the parts of a quote or an event; label, value and reference go in
``data-label``, ``data-value`` and ``data-ref``. Gold and machine rows of a layer are
compared by their anchor span (a quote's content): ``data-diff`` says ``match``,
``label`` (same span, different label), ``missed`` (gold only) or ``extra`` (machine only).
"""

from __future__ import annotations

from dataclasses import dataclass

from warta.view.markup import Mark


@dataclass(frozen=True)
class LayerView:
    name: str
    parts: tuple[tuple[str | None, int], ...]  # (part field or None for the row itself, nesting rank)
    label: str  # the field shown as its label
    ref: str | None  # entity id, anchor or cluster the row points at
    value: str | None = None


LAYER_VIEWS: tuple[LayerView, ...] = (
    LayerView("entities", ((None, 5),), "label", "entity_id"),
    LayerView("timex", ((None, 6),), "type", "anchor", value="value"),
    LayerView("quotes", (("content", 2), ("speaker", 3), ("cue", 3)), "kind", "speaker_entity_id"),
    LayerView("events", (("trigger", 4),), "type", "event_cluster"),
)
VIEWS = {view.name: view for view in LAYER_VIEWS}
ZONE_RANK = 1  # segments enclose every annotation span
DIFF_STATES = ("match", "label", "missed", "extra")


def anchor(layer: str, row: dict) -> tuple[int, int]:
    """The span that locates a row when gold and machine are compared (as the card's scores do)."""
    part = VIEWS[layer].parts[0][0]
    span = row[part] if part else row
    return span["raw_start"], span["raw_end"]


def differences(layer: str, gold: list[dict], machine: list[dict]) -> tuple[dict[str, str], dict[str, str]]:
    """The diff state of each gold row and each machine row (by id), matching exact anchor spans."""
    label = VIEWS[layer].label
    by_span = {anchor(layer, row): row for row in gold}
    machine_state: dict[str, str] = {}
    matched: dict[str, str] = {}
    for row in machine:
        twin = by_span.get(anchor(layer, row))
        if twin is None:
            machine_state[row["id"]] = "extra"
        else:
            state = "match" if twin[label] == row[label] else "label"
            machine_state[row["id"]] = matched[twin["id"]] = state
    return {row["id"]: matched.get(row["id"], "missed") for row in gold}, machine_state


def _details(view: LayerView, row: dict) -> list[tuple[str, str]]:
    pairs = [("data-label", str(row[view.label]))]
    if view.value and row.get(view.value) is not None:
        pairs.append(("data-value", str(row[view.value])))
    if view.ref and row.get(view.ref) is not None:
        pairs.append(("data-ref", str(row[view.ref])))
    if view.name == "events" and row["arguments"]:
        pairs.append(("data-args", " ".join(f"{a['role']}:{a['ref']}" for a in row["arguments"])))
    if row.get("mod"):
        pairs.append(("data-mod", str(row["mod"])))
    return pairs


def layer_marks(layer: str, rows: list[dict], states: dict[str, str] | None, seq: int) -> list[Mark]:
    """The marks of one layer's rows; ``seq`` numbers them on from the marks already made."""
    view = VIEWS[layer]
    marks = []
    for row in rows:
        for part, rank in view.parts:
            span = row[part] if part else row
            key = f"l-{layer}" + (f" p-{part}" if part else "")
            classes = f"hl {key}" + (f" d-{states[row['id']]}" if states else "")
            common = (("data-layer", layer), ("data-id", row["id"]), ("data-source", row["source"]))
            attrs = [("class", classes), *common, ("data-raw-start", str(span["raw_start"])),
                     ("data-raw-end", str(span["raw_end"]))]
            if part:
                attrs.append(("data-part", part))
            attrs += _details(view, row)
            if states:
                attrs.append(("data-diff", states[row["id"]]))
            attrs.append(("tabindex", "0"))
            continued = (("class", classes + " cont"), ("data-continues", f"{layer}:{row['id']}:{part or ''}"))
            marks.append(Mark(span["raw_start"], span["raw_end"], rank, tuple(attrs), continued, seq=seq))
            seq += 1
    return marks


def zone_marks(segments: list[dict], source: str, seq: int) -> list[Mark]:
    """Segments as marks: the zone is a coloured band at the segment's start, its name in the margin."""
    marks = []
    for seg in segments:
        classes = f"seg z-{seg['zone']}"
        attrs = (("class", classes), ("data-layer", "zones"), ("data-id", seg["id"]), ("data-source", source),
                 ("data-raw-start", str(seg["raw_start"])), ("data-raw-end", str(seg["raw_end"])),
                 ("data-label", seg["zone"]), ("data-value", seg["rule"]))
        marks.append(Mark(seg["raw_start"], seg["raw_end"], ZONE_RANK, attrs,
                          (("class", classes + " cont"), ("data-continues", f"zones:{seg['id']}:")), seq=seq))
        seq += 1
    return marks
