"""Machine layers against gold: counts that add up across documents and shards, then the rates.

Spans are compared in raw offsets. A machine item matches a gold item exactly when its
anchor span (the item itself; a quote's content) has the same offsets, and by overlap
when the spans share a character (each item matched at most once, in text order). On the
overlap-matched pairs the label (entity label, timex type, quote kind), the timex value
and the quote's speaker (both absent, or overlapping spans) are compared.
"""

from __future__ import annotations

COUNTS = ("gold", "machine", "exact", "overlap", "label", "value", "speaker")


def _anchor(layer: str, item: dict) -> tuple[int, int]:
    part = item["content"] if layer == "quotes" else item
    return part["raw_start"], part["raw_end"]


LABEL = {"entities": "label", "timex": "type", "quotes": "kind", "events": "type"}


def _label(layer: str, item: dict) -> str:
    return item[LABEL[layer]]


def _overlaps(a: dict | None, b: dict | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return a["raw_start"] < b["raw_end"] and b["raw_start"] < a["raw_end"]


def score(layer: str, machine: list[dict], gold: list[dict]) -> dict[str, int]:
    """The counts of one document's machine items against its gold items of ``layer``."""
    counts = dict.fromkeys(COUNTS, 0)
    counts["gold"], counts["machine"] = len(gold), len(machine)
    exact = {_anchor(layer, g) for g in gold}
    counts["exact"] = sum(_anchor(layer, m) in exact for m in machine)
    pending = sorted(machine, key=lambda m: _anchor(layer, m))
    for g in sorted(gold, key=lambda g: _anchor(layer, g)):
        gs, ge = _anchor(layer, g)
        match = next((m for m in pending if _anchor(layer, m)[0] < ge and gs < _anchor(layer, m)[1]), None)
        if match is None:
            continue
        pending.remove(match)
        counts["overlap"] += 1
        counts["label"] += _label(layer, match) == _label(layer, g)
        if layer == "timex":
            counts["value"] += match["value"] == g["value"]
        if layer == "quotes":
            counts["speaker"] += _overlaps(match.get("speaker"), g.get("speaker"))
    return counts


def rates(counts: dict[str, int]) -> dict[str, float | None]:
    """P/R/F1 (exact and overlap), and accuracies on the overlap-matched pairs (None: nothing to rate)."""
    def prf(tp: int) -> tuple[float | None, float | None, float | None]:
        p = tp / counts["machine"] if counts["machine"] else None
        r = tp / counts["gold"] if counts["gold"] else None
        f = 2 * p * r / (p + r) if p and r else (0.0 if p is not None and r is not None else None)
        return p, r, f

    ep, er, ef = prf(counts["exact"])
    op, orr, of = prf(counts["overlap"])
    matched = counts["overlap"]
    return {"exact_p": ep, "exact_r": er, "exact_f1": ef, "overlap_p": op, "overlap_r": orr, "overlap_f1": of,
            "label_acc": counts["label"] / matched if matched else None,
            "value_acc": counts["value"] / matched if matched else None,
            "speaker_acc": counts["speaker"] / matched if matched else None}
