"""Label Studio tasks out, Label Studio's JSON export back in.

A task holds the raw text (so region offsets are raw offsets), the zones as read-only
context, the machine layers as one prediction (``model_version``: the annotators' versions)
and the gold file, if any, as an annotation. Each item is a region whose Label Studio id
is its Warta id (``e3``, ``t1``, ``v2``; a quote is three regions ``q1.speaker``,
``q1.cue``, ``q1.content`` joined by relations), so that ids survive the round trip;
per-region fields share their region's id, as Label Studio writes them. Machine regions are
named ``m-…``: accepted into an annotation, they take new ids.

On the way back a task's annotations are sorted: one annotation (or the one marked ground
truth) becomes the gold file; two by different annotators become passes ``a`` and ``b``,
beside the ground-truth annotation that adjudicated them.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from warta.errors import WartaError
from warta.exchange.assemble import PREFIX, QUOTE_ANCHOR, QUOTE_PARTS, Link, Region
from warta.exchange.delivery import Delivery
from warta.exchange.documents import GOLD, Document
from warta.exchange.labelconfig import LABEL_CONTROLS, REGION_FIELDS, TEXT, roles
from warta.exchange.offsets import resolve_span
from warta.jsonio import load_json
from warta.release.schemas import load_inventory

MACHINE_PREFIX = "m-"
CONTROLS = {c.name: c for c in LABEL_CONTROLS}
FIELDS = {f.name: f for f in REGION_FIELDS}
FIELD_OF = {(f.layer, f.field): f for f in REGION_FIELDS}


# --- out ---------------------------------------------------------------------------------------

def _region(rid: str, control: str, label: str, span: dict) -> dict:
    return {"id": rid, "from_name": control, "to_name": TEXT, "type": "labels",
            "value": {"start": span["raw_start"], "end": span["raw_end"], "text": span["quote"], "labels": [label]}}


def _field(rid: str, layer: str, name: str, value: object, span: dict) -> dict | None:
    """The per-region result holding ``value`` (None when there is nothing to hold)."""
    field = FIELD_OF[(layer, name)]
    if value is None or value == "":
        return None
    if field.kind == "choices":
        content = {"choices": [value]}
    elif name == "normalized":
        content = {"text": [f"{value['db_name']}:{value['db_id']}", *([value["note"]] if "note" in value else [])]}
    else:
        content = {"text": [value]}
    return {"id": rid, "from_name": field.name, "to_name": TEXT, "type": field.kind,
            "value": {"start": span["raw_start"], "end": span["raw_end"], "text": span["quote"]} | content}


def _relation(source: str, target: str, labels: list[str] | None = None) -> dict:
    out = {"from_id": source, "to_id": target, "type": "relation", "direction": "right"}
    return out | ({"labels": labels} if labels else {})


def results(layers: dict[str, list[dict]], prefix: str = "") -> list[dict]:
    """The Label Studio results of gold-shaped layers (a gold file, or the machine's items)."""
    out: list[dict] = []
    control = {c.layer: c.name for c in LABEL_CONTROLS}

    def add(*items: dict | None) -> None:
        out.extend(i for i in items if i is not None)

    for m in layers.get("entities", []):
        rid = prefix + m["id"]
        add(_region(rid, control["entities"], m["label"], m), _field(rid, "entities", "entity_id", m["entity_id"], m),
            _field(rid, "entities", "normalized", m.get("normalized"), m))
    for t in layers.get("timex", []):
        rid = prefix + t["id"]
        add(_region(rid, control["timex"], t["type"], t), _field(rid, "timex", "value", t["value"], t),
            _field(rid, "timex", "mod", t["mod"], t))
    for t in layers.get("timex", []):
        if t["anchor"]:
            add(_relation(prefix + t["id"], prefix + t["anchor"]))
    for q in layers.get("quotes", []):
        part_id = {part: f"{prefix}{q['id']}.{part}" for part in QUOTE_PARTS}
        for part in QUOTE_PARTS:
            add(_region(part_id[part], control["quotes"], part, q[part]))
        add(_field(part_id["content"], "quotes", "kind", q["kind"], q["content"]),
            _field(part_id["speaker"], "quotes", "speaker_entity_id", q["speaker_entity_id"], q["speaker"]))
        add(*(_relation(part_id[QUOTE_ANCHOR], part_id[p]) for p in QUOTE_PARTS if p != QUOTE_ANCHOR))
    for v in layers.get("events", []):
        rid = prefix + v["id"]
        add(_region(rid, control["events"], v["type"], v["trigger"]),
            _field(rid, "events", "event_cluster", v["event_cluster"], v["trigger"]))
        add(*(_relation(rid, prefix + a["ref"], [a["role"]]) for a in v["arguments"]))
    return out


def task(doc: Document, machine: dict[str, list[dict]], model_version: str, guidelines: str) -> dict:
    """One Label Studio task: data, the machine prediction, the gold annotation if there is one."""
    data = {TEXT: doc.raw_text, "doc_id": doc.id, "raw_sha256": doc.raw_sha256,
            "guidelines": doc.gold["guidelines"] if doc.gold else guidelines,
            "zones": [{"zone": z["zone"], "text": z["quote"], "raw_start": z["raw_start"], "raw_end": z["raw_end"]}
                      for z in doc.zones()]}
    out: dict = {"data": data, "predictions": [{"model_version": model_version,
                                                "result": results(machine, MACHINE_PREFIX)}]}
    if doc.gold is not None:
        out["annotations"] = [{"result": results(doc.gold), "ground_truth": True}]
    return out


# --- in ----------------------------------------------------------------------------------------

def _single(values: object, what: str) -> tuple[object, str | None]:
    """The one value of a text area or choice list; None if empty."""
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        return None, f"{what} is not a list of strings"
    filled = [v for v in values if v.strip()]
    if len(filled) > 1:
        return None, f"{what} has {len(filled)} values ({filled[:3]}); it takes one"
    return (filled[0] if filled else None), None


def _decode(field, value: dict, inventory: dict) -> tuple[object, str | None]:
    if field.kind == "choices":
        chosen, wrong = _single(value.get("choices", []), f"{field.name} choices")
        options = [name for name, _ in field.options(inventory)]
        if not wrong and chosen is not None and chosen not in options:
            wrong = f"{field.name} choice {chosen!r} is not one of {', '.join(options)}"
        return chosen, wrong
    if field.field == "normalized":
        lines = value.get("text", [])
        if not isinstance(lines, list) or not 1 <= len(lines) <= 2 or not all(isinstance(x, str) for x in lines) \
                or ":" not in lines[0]:
            return None, "normalized is written db_name:db_id, then the note on a second line if there is one"
        db_name, db_id = lines[0].split(":", 1)
        return {"db_name": db_name, "db_id": db_id, **({"note": lines[1]} if len(lines) == 2 else {})}, None
    return _single(value.get("text", []), field.name)


def _warta_id(rid: str, layer: str, label: str) -> str | None:
    """The Warta id a region id carries: ``e3`` for an entity; ``q1`` for the cue ``q1.cue``."""
    if layer == "quotes":
        match = re.fullmatch(r"(q[1-9][0-9]*)\." + QUOTE_ANCHOR, rid)
        return match.group(1) if match and label == QUOTE_ANCHOR else None
    return rid if re.fullmatch(PREFIX[layer] + r"[1-9][0-9]*", rid) else None


def read_results(raw: str, result: list, inventory: dict) -> tuple[list[Region], list[Link], list[tuple[str, str]]]:
    """Regions and links of one annotation's ``result``, and what is wrong with them."""
    problems: list[tuple[str, str]] = []
    groups: dict[str, list[dict]] = {}
    links: list[Link] = []
    for n, item in enumerate(result):
        if not isinstance(item, dict):
            problems.append((f"result[{n}]", "is not an object"))
        elif item.get("type") == "relation":
            labels = item.get("labels") or []
            source, target = str(item.get("from_id")), str(item.get("to_id"))
            if item.get("direction") == "left":
                source, target = target, source
            links.append(Link(source, target, tuple(labels), f"relation {item.get('from_id')} -> {item.get('to_id')}"))
        else:
            groups.setdefault(str(item.get("id")), []).append(item)
    known_roles = set(roles(inventory))
    for link in links:
        for label in link.labels:
            if label not in known_roles:
                problems.append((link.where, f"unknown relation label {label!r} (roles: "
                                             f"{', '.join(sorted(known_roles))})"))
    regions: list[Region] = []
    for rid, items in groups.items():
        region = _read_region(raw, rid, items, inventory, problems)
        if region is not None:
            regions.append(region)
    return regions, links, problems


def _read_region(raw: str, rid: str, items: list[dict], inventory: dict, problems) -> Region | None:
    where = f"region {rid}"
    main = [i for i in items if i.get("type") == "labels"]
    if len(main) != 1:
        problems.append((where, "has no label" if not main else f"has {len(main)} label results; a region takes one"))
        return None
    head = main[0]
    control = CONTROLS.get(head.get("from_name"))
    value = head.get("value") if isinstance(head.get("value"), dict) else {}
    labels = value.get("labels") or []
    if control is None:
        problems.append((where, f"unknown label control {head.get('from_name')!r} (Warta's: {', '.join(CONTROLS)})"))
        return None
    allowed = [name for name, _ in control.values(inventory)]
    if len(labels) != 1 or labels[0] not in allowed:
        problems.append((where, f"unknown label {labels!r} for {control.name} (one of: {', '.join(allowed)})"))
        return None
    label = labels[0]
    span = resolve_span(raw, value.get("start"), value.get("end"), value.get("text"))
    if isinstance(span, str):
        problems.append((where, span + " (the raw text changed, or the region was drawn on other text)"))
        return None
    values: dict = {}
    for extra in items:
        if extra is head:
            continue
        field = FIELDS.get(extra.get("from_name"))
        if field is None or field.kind != extra.get("type"):
            problems.append((where, f"unknown per-region field {extra.get('from_name')!r} ({extra.get('type')})"))
            continue
        if field.layer != control.layer or (field.label and field.label != label):
            problems.append((where, f"{field.name} does not apply to a {control.name} region labelled {label}"))
            continue
        decoded, wrong = _decode(field, extra.get("value") if isinstance(extra.get("value"), dict) else {}, inventory)
        if wrong:
            problems.append((where, wrong))
        elif decoded is not None:
            values[field.field] = decoded
    return Region(rid, control.layer, label, span[0], span[1], raw[span[0]:span[1]], values,
                  _warta_id(rid, control.layer, label))


def read_export(data: bytes, *, file: str) -> list[dict]:
    try:
        tasks = load_json(data, file=file, expect=list, fractions=True)  # timings (lead_time) are fractions
    except WartaError as exc:
        raise WartaError(exc.message, file=exc.file, where=exc.where,
                         hint="expected a Label Studio JSON export (Export → JSON: a list of tasks); a brat folder "
                              "takes --format brat") from None
    if not tasks:
        raise WartaError("holds no task", file=file, hint="export the project with Export → JSON after annotating")
    for n, t in enumerate(tasks):
        if not isinstance(t, dict) or not isinstance(t.get("data"), dict):
            raise WartaError("is not a Label Studio task (an object with 'data')", file=file, where=f"task [{n}]")
    return tasks


def _choose(task_where: str, annotations: list[dict], forced: str | None) -> tuple[list[tuple[str, dict]], str | None]:
    """(target, annotation) pairs of a task, or why the task's annotations cannot be filed."""
    live = [a for a in annotations if isinstance(a, dict) and not a.get("was_cancelled")]
    if forced:
        if len(live) != 1:
            return [], f"has {len(live)} annotations; --pass {forced} takes exactly one"
        return [(forced, live[0])], None
    truth = [a for a in live if a.get("ground_truth")]
    others = sorted((a for a in live if not a.get("ground_truth")), key=lambda a: (a.get("id") or 0))
    if len(truth) > 1:
        return [], f"has {len(truth)} annotations marked ground truth; keep the mark on one"
    if len(others) > 2:
        return [], f"has {len(others)} annotations besides the ground truth; Warta takes one, or two passes (a, b)"
    if len(others) == 1 and truth:
        return [], ("has a ground-truth annotation and one other: mark the one to keep as ground truth and delete "
                    "the other, or import the other with --pass a|b")
    chosen = [(GOLD, a) for a in truth]
    chosen += [(GOLD, others[0])] if len(others) == 1 else list(zip(("a", "b"), others, strict=False))
    return chosen, None


def deliveries(tasks: list[dict], document: Callable[[object], Document | None], *, forced_pass: str | None,
               guidelines: str, file: str) -> tuple[list[Delivery], list[WartaError]]:
    """Every annotation of every task, as deliveries; and the tasks that cannot be read at all."""
    inventory = load_inventory("labels")
    out: list[Delivery] = []
    problems: list[WartaError] = []
    for n, t in enumerate(tasks):
        task_where = f"task {t.get('id', f'[{n}]')}"
        data = t["data"]
        doc = document(data.get("raw_sha256"))
        if doc is None:
            problems.append(WartaError(f"raw sha256 {str(data.get('raw_sha256'))[:64]!r} (doc_id "
                                       f"{data.get('doc_id')!r}) is not registered", file=file, where=task_where,
                                       hint="tasks come from 'warta export-annotations' of registered documents"))
            continue
        if data.get("doc_id") != doc.id or data.get(TEXT) != doc.raw_text:
            problems.append(WartaError(f"task data differ from the registered document {doc.id} (doc_id or text)",
                                       file=file, where=task_where))
            continue
        chosen, wrong = _choose(task_where, t.get("annotations") or [], forced_pass)
        if wrong:
            problems.append(WartaError(wrong, file=file, where=task_where))
            continue
        for target, annotation in chosen:
            where = f"{task_where}, annotation {annotation.get('id', '(new)')}"
            result = annotation.get("result")
            if not isinstance(result, list):
                problems.append(WartaError("annotation has no result list", file=file, where=where))
                continue
            regions, links, found = read_results(doc.raw_text, result, inventory)
            out.append(Delivery(doc, target, regions, links, where,
                                str(data.get("guidelines") or guidelines), found))
    return out, problems
