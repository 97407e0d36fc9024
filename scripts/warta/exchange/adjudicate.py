"""The disagreements between two passes, listed for a third person to decide.

Items are paired as the agreement study pairs them (exact spans, in reading order); a pair
disagrees when anything a person judged differs (label, ids, value, parts, arguments), and
an item of one pass without a partner in the other is a disagreement of its own. Each row
has the adjudication log's fields (``dataset/annotations/adjudication.jsonl``); the decision
is filled in when a gold file already says which pass it follows, the rationale never.
"""

from __future__ import annotations

from warta.annotation.agreement import match
from warta.annotation.layers import LAYER_NAMES
from warta.annotation.layers import LAYERS as LAYER_TABLE

_PARTS = {layer.name: layer.parts for layer in LAYER_TABLE}


def _spans(item: dict, layer: str) -> tuple:
    parts = _PARTS[layer]
    return tuple((item[p]["raw_start"], item[p]["raw_end"]) for p in parts) if parts else (
        (item["raw_start"], item["raw_end"]),)


def _where(ann: dict, layer_ids: dict[str, dict]) -> dict[str, tuple]:
    """Each id's spans, so that references (anchors, arguments) compare by what they point at."""
    return {i: _spans(item, layer) for i, (layer, item) in layer_ids.items()}


def _judgement(item: dict, layer: str, spans_of: dict[str, tuple]) -> tuple:
    """Everything a person decided about an item, with references replaced by their spans."""
    if layer == "entities":
        return item["label"], item["entity_id"], repr(item["normalized"])
    if layer == "timex":
        return item["type"], item["value"], item["mod"], spans_of.get(item["anchor"])
    if layer == "quotes":
        return item["kind"], _spans(item, layer), item["speaker_entity_id"]
    return (item["type"], item["event_cluster"],
            tuple(sorted((a["role"], spans_of.get(a["ref"], ())) for a in item["arguments"])))


def _shown(item: dict | None, layer: str) -> str:
    if item is None:
        return "(none)"
    head = _PARTS[layer][0] if _PARTS[layer] else None
    span = item[head] if head else item
    quote = f"{span['quote']!r}@{span['raw_start']}"  # the offset: two passes may quote the same words elsewhere
    fields = {"entities": ("label", "entity_id"), "timex": ("type", "value", "mod", "anchor"),
              "quotes": ("kind", "speaker_entity_id"), "events": ("type", "event_cluster")}[layer]
    extra = " ".join(f"{f}={item[f]}" for f in fields if item.get(f) is not None)
    if layer == "quotes":
        extra += " " + " | ".join(f"{p}={item[p]['quote']!r}@{item[p]['raw_start']}" for p in _PARTS[layer])
    if layer == "events":
        extra += " args=" + ",".join(f"{a['role']}:{a['ref']}" for a in item["arguments"])
    return f"{quote} {extra}".strip()


def _ids(ann: dict) -> dict[str, tuple[str, dict]]:
    return {item["id"]: (layer, item) for layer in LAYER_NAMES for item in ann[layer]}


def _follows(gold: dict | None, a: dict | None, b: dict | None, layer: str, gold_spans: dict, a_spans: dict,
             b_spans: dict) -> str:
    """Which pass the gold kept for this disagreement: 'a', 'b', 'other', or '' when there is no gold yet."""
    if gold is None:
        return ""
    anchor = a or b
    partner = next((g for g in gold[layer] if _spans(g, layer) == _spans(anchor, layer)), None)
    if partner is None:
        return "a" if a is None else "b" if b is None else "other"
    mine = _judgement(partner, layer, gold_spans)
    if a is not None and mine == _judgement(a, layer, a_spans):
        return "a"
    if b is not None and mine == _judgement(b, layer, b_spans):
        return "b"
    return "other"


def disagreements(doc_id: str, pass_a: dict, pass_b: dict, gold: dict | None = None) -> list[dict]:
    """Rows in the adjudication log's shape for every disagreement of one document's two passes."""
    a_spans, b_spans = _where(pass_a, _ids(pass_a)), _where(pass_b, _ids(pass_b))
    gold_spans = _where(gold, _ids(gold)) if gold else {}
    rows = []
    for layer in LAYER_NAMES:
        pairs = match(pass_a[layer], pass_b[layer], layer, exact=True)
        paired_a = {id(x) for x, _ in pairs}
        paired_b = {id(y) for _, y in pairs}
        found = [(x, y) for x, y in pairs if _judgement(x, layer, a_spans) != _judgement(y, layer, b_spans)]
        found += [(x, None) for x in pass_a[layer] if id(x) not in paired_a]
        found += [(None, y) for y in pass_b[layer] if id(y) not in paired_b]
        found.sort(key=lambda pair: _spans(pair[0] or pair[1], layer))
        for x, y in found:
            item = "/".join(i["id"] for i in (x, y) if i is not None)
            rows.append({"doc_id": doc_id, "layer": layer, "item": item, "pass_a": _shown(x, layer),
                         "pass_b": _shown(y, layer),
                         "decision": _follows(gold, x, y, layer, gold_spans, a_spans, b_spans), "rationale": ""})
    zones_a = {(z["raw_start"], z["raw_end"]): z["zone"] for z in pass_a["zones"]}
    zones_b = {(z["raw_start"], z["raw_end"]): z["zone"] for z in pass_b["zones"]}
    for span in sorted(set(zones_a) | set(zones_b)):
        if zones_a.get(span) != zones_b.get(span):
            rows.append({"doc_id": doc_id, "layer": "zones", "item": f"{span[0]}-{span[1]}",
                         "pass_a": str(zones_a.get(span)), "pass_b": str(zones_b.get(span)), "decision": "",
                         "rationale": ""})
    for name in pass_a["metadata"]:
        if pass_a["metadata"][name] != pass_b["metadata"].get(name):
            rows.append({"doc_id": doc_id, "layer": "metadata", "item": name, "pass_a": str(pass_a["metadata"][name]),
                         "pass_b": str(pass_b["metadata"].get(name)), "decision": "", "rationale": ""})
    return rows
