"""brat standoff: ``<id>.txt`` (the raw text, byte for byte) and ``<id>.ann``, plus ``annotation.conf``.

brat counts offsets in characters of the decoded text, as Warta does. The mapping:

* an entity or a time expression is a text-bound ``T`` line typed with its label or timex type;
* an event is an ``E`` line on its trigger ``T`` (typed with the event type), one argument per
  role (``party:T1 party2:T4`` when a role repeats, brat's convention);
* a quote is an ``E`` line of type ``Quote`` on its cue, with ``Speaker:`` and ``Content:``
  arguments (``T`` lines of those types); its kind is the ``Kind`` attribute;
* a timex mod is the ``Mod`` attribute, its anchor an ``Anchor`` relation (``Arg1`` anchored
  to ``Arg2``); a knowledge-base id is a ``Reference`` normalization (``db_name:db_id``, the
  note as its text);
* what brat has no place for (the Warta id, entity_id, timex value, event_cluster, the
  speaker's entity) is an ``AnnotatorNotes`` note on the ``T`` or ``E`` line:
  ``e3 entity_id=north_korea``, ``t1 value=2025-04-28``, ``v2 event_cluster=...``,
  ``q1 speaker_entity_id=...``. A note may leave the id out: the item is new.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from warta.exchange.assemble import QUOTE_ANCHOR, Link, Region
from warta.release.schemas import load_inventory

QUOTE_EVENT = "Quote"  # the cue's type and the quote's event type
PART_TYPES = {"speaker": "Speaker", "content": "Content", QUOTE_ANCHOR: QUOTE_EVENT}
ANCHOR = "Anchor"
MOD, KIND = "Mod", "Kind"
REFERENCE = "Reference"
NOTES = "AnnotatorNotes"
NOTE_FIELDS = {"entities": "entity_id", "timex": "value", "events": "event_cluster", "quotes": "speaker_entity_id"}
"""The one value each layer's note carries besides the Warta id."""


def text_types(inventory: dict) -> dict[str, tuple[str, str]]:
    """brat ``T`` type -> (layer, label); refuses an inventory whose names would collide in brat."""
    pairs = [*((label["name"], ("entities", label["name"])) for label in inventory["entities"]["labels"]),
             *((t["name"], ("timex", t["name"])) for t in inventory["timex"]["types"]),
             *((brat, ("quotes", part)) for part, brat in PART_TYPES.items()),
             *((t["name"], ("events", t["name"])) for t in inventory["events"]["types"])]
    table = dict(pairs)
    if len(table) != len(pairs):
        raise ValueError("label names collide in brat's single type namespace")
    return table


# --- out ---------------------------------------------------------------------------------------

@dataclass
class _Writer:
    lines: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)

    def next(self, letter: str) -> str:
        self.counts[letter] = self.counts.get(letter, 0) + 1
        return f"{letter}{self.counts[letter]}"

    def span(self, kind: str, span: dict) -> str:
        tid = self.next("T")
        self.lines.append(f"{tid}\t{kind} {span['raw_start']} {span['raw_end']}\t{span['quote']}")
        return tid

    def note(self, target: str, warta_id: str, key: str, value: object) -> None:
        shown = f" {key}={value}" if value is not None else ""
        self.lines.append(f"{self.next('#')}\t{NOTES} {target}\t{warta_id}{shown}")

    def attribute(self, name: str, target: str, value: str) -> None:
        self.lines.append(f"{self.next('A')}\t{name} {target} {value}")


def _roles(arguments: list[tuple[str, str]]) -> str:
    """``role:T1 role2:T4``: brat numbers a repeated role."""
    seen: dict[str, int] = {}
    out = []
    for role, target in arguments:
        seen[role] = seen.get(role, 0) + 1
        out.append(f"{role}{seen[role] if seen[role] > 1 else ''}:{target}")
    return " ".join(out)


def to_ann(gold: dict) -> str:
    """The ``.ann`` text of a gold-shaped annotation."""
    w = _Writer()
    tid: dict[str, str] = {}
    for m in gold["entities"]:
        tid[m["id"]] = w.span(m["label"], m)
        w.note(tid[m["id"]], m["id"], "entity_id", m["entity_id"])
        if m["normalized"]:
            norm = m["normalized"]
            w.lines.append(f"{w.next('N')}\t{REFERENCE} {tid[m['id']]} {norm['db_name']}:{norm['db_id']}\t"
                           f"{norm.get('note', '')}")
    for t in gold["timex"]:
        tid[t["id"]] = w.span(t["type"], t)
        w.note(tid[t["id"]], t["id"], "value", t["value"])
        if t["mod"]:
            w.attribute(MOD, tid[t["id"]], t["mod"])
    for t in gold["timex"]:
        if t["anchor"]:
            w.lines.append(f"{w.next('R')}\t{ANCHOR} Arg1:{tid[t['id']]} Arg2:{tid[t['anchor']]}")
    for q in gold["quotes"]:
        parts = {part: w.span(PART_TYPES[part], q[part]) for part in PART_TYPES}
        eid = w.next("E")
        w.lines.append(f"{eid}\t{QUOTE_EVENT}:{parts[QUOTE_ANCHOR]} Speaker:{parts['speaker']} "
                       f"Content:{parts['content']}")
        w.attribute(KIND, eid, q["kind"])
        w.note(eid, q["id"], "speaker_entity_id", q["speaker_entity_id"])
    for v in gold["events"]:
        trigger = w.span(v["type"], v["trigger"])
        eid = w.next("E")
        args = _roles([(a["role"], tid[a["ref"]]) for a in v["arguments"]])
        w.lines.append(f"{eid}\t{v['type']}:{trigger}" + (f" {args}" if args else ""))
        w.note(eid, v["id"], "event_cluster", v["event_cluster"])
    return "".join(line + "\n" for line in w.lines)


def annotation_conf(inventory: dict | None = None) -> str:
    """brat's ``annotation.conf`` for Warta's inventory (types, roles, attributes, the anchor relation)."""
    inventory = inventory or load_inventory("labels")
    timex = "|".join(t["name"] for t in inventory["timex"]["types"])
    entity_types = [label["name"] for label in inventory["entities"]["labels"]]
    lines = ["[entities]", *entity_types, *(t["name"] for t in inventory["timex"]["types"]),
             PART_TYPES["speaker"], PART_TYPES["content"], "", "[relations]",
             f"{ANCHOR}\tArg1:{timex}, Arg2:{timex}", "<OVERLAP>\tArg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>",
             "", "[events]", f"{QUOTE_EVENT}\tSpeaker:{PART_TYPES['speaker']}, Content:{PART_TYPES['content']}"]
    for event in inventory["events"]["types"]:
        lines.append(f"{event['name']}\t" + ", ".join(f"{role}*:{'|'.join(entity_types)}|{timex}"
                                                       for role in event["roles"]))
    mods = "|".join(m["name"] for m in inventory["timex"]["mods"])
    lines += ["", "[attributes]", f"{MOD}\tArg:{timex}, Value:{mods}",
              f"{KIND}\tArg:{QUOTE_EVENT}, Value:" + "|".join(k["name"] for k in inventory["quotes"]["kinds"])]
    return "\n".join(lines) + "\n"


# --- in ----------------------------------------------------------------------------------------

_ID = {"T": r"T\d+", "E": r"E\d+", "R": r"R\d+", "A": r"A\d+", "N": r"N\d+", "#": r"#\d+"}


def read_ann(text: str, raw: str, *, inventory: dict | None = None
             ) -> tuple[list[Region], list[Link], list[tuple[str, str]]]:
    """Regions, links and problems of an ``.ann`` file, each problem named by its line."""
    inventory = inventory or load_inventory("labels")
    types = text_types(inventory)
    problems: list[tuple[str, str]] = []
    regions: dict[str, Region] = {}
    events: dict[str, tuple[str, str, list[tuple[str, str]]]] = {}  # E id -> (type, trigger, args)
    later: list[tuple[str, list[str]]] = []
    for number, line in enumerate(text.split("\n"), start=1):
        where = f"line {number}"
        if not line.strip():
            continue
        fields = line.split("\t")
        kind = line[:1]
        if kind not in _ID or not re.fullmatch(_ID[kind], fields[0]):
            problems.append((where, f"unknown annotation id {fields[0][:20]!r} (T, E, R, A, N or # lines)"))
        elif kind == "T":
            region = _text_bound(fields, raw, types, where, problems)
            if region is not None:
                regions[region.key] = region
        elif kind == "E":
            event = _event(fields, where, problems)
            if event is not None:
                events[fields[0]] = event
        else:
            later.append((where, fields))
    links: list[Link] = []
    _events_to_links(events, regions, links, problems)
    for where, fields in later:
        _other(fields, where, regions, events, links, problems, inventory)
    return list(regions.values()), links, problems


def _text_bound(fields, raw, types, where, problems) -> Region | None:
    head = fields[1].split(" ") if len(fields) >= 3 else []
    if len(head) != 3 or not head[1].isdigit() or not head[2].isdigit():
        problems.append((where, "a T line is 'T<n> TAB type start end TAB text' (one contiguous span)"))
        return None
    kind, start, end = head[0], int(head[1]), int(head[2])
    if kind not in types:
        problems.append((where, f"unknown label {kind!r} (the types are in annotation.conf)"))
        return None
    if raw[start:end] != fields[2] or start >= end:
        problems.append((where, f"region text {fields[2][:40]!r} does not match the raw text at {start}..{end} "
                                f"({raw[start:end][:40]!r})"))
        return None
    layer, label = types[kind]
    return Region(fields[0], layer, label, start, end, fields[2])


def _event(fields, where, problems) -> tuple[str, str, list[tuple[str, str]]] | None:
    parts = fields[1].split(" ") if len(fields) >= 2 else []
    pairs = [p.split(":", 1) for p in parts if p]
    if not pairs or any(len(p) != 2 for p in pairs):
        problems.append((where, "an E line is 'E<n> TAB type:trigger role:T<n> ...'"))
        return None
    (kind, trigger), args = pairs[0], pairs[1:]
    return kind, trigger, [(re.sub(r"[0-9]+$", "", role), target) for role, target in args]


def _events_to_links(events, regions, links, problems) -> None:
    """Quotes join their parts to the cue; events link their trigger to each argument."""
    for eid, (kind, trigger, args) in events.items():
        where = f"event {eid}"
        region = regions.get(trigger)
        if region is None:
            problems.append((where, f"links to region {trigger!r}, which is not in this annotation"))
            continue
        if (region.layer, region.label) != (("quotes", QUOTE_ANCHOR) if kind == QUOTE_EVENT else ("events", kind)):
            problems.append((where, f"trigger {trigger} is a {region.label} region, not a {kind} trigger"))
            continue
        for role, target in args:
            if kind == QUOTE_EVENT:
                links.append(Link(trigger, target, (), where))
            else:
                links.append(Link(trigger, target, (role,), where))


def _other(fields, where, regions, events, links, problems, inventory) -> None:
    kind = fields[0][:1]
    head = fields[1].split(" ") if len(fields) >= 2 else []

    def region_of(ref: str) -> Region | None:
        """The region a line is about: a T itself, or the trigger (the cue, for a quote) of an E."""
        return regions.get(events[ref][1]) if ref in events else regions.get(ref)

    if kind == "R" and len(head) == 3 and head[0] == ANCHOR and head[1].startswith("Arg1:") \
            and head[2].startswith("Arg2:"):
        links.append(Link(head[1][5:], head[2][5:], (), where))
    elif kind == "A" and len(head) == 3 and head[0] in (MOD, KIND):
        region = region_of(head[1])
        if region is None:
            problems.append((where, f"links to region {head[1]!r}, which is not in this annotation"))
        elif head[0] == MOD:
            region.values["mod"] = head[2]
        elif head[1] not in events:
            problems.append((where, f"{KIND} belongs on a {QUOTE_EVENT} event line, not on {head[1]}"))
        else:
            _quote_part(events, regions, head[1], "content").values["kind"] = head[2]
    elif kind == "N" and len(head) == 3 and head[0] == REFERENCE and ":" in head[2]:
        region = regions.get(head[1])
        db_name, db_id = head[2].split(":", 1)
        note = fields[2] if len(fields) > 2 and fields[2] else None
        if region is None:
            problems.append((where, f"links to region {head[1]!r}, which is not in this annotation"))
        else:
            region.values["normalized"] = {"db_name": db_name, "db_id": db_id, **({"note": note} if note else {})}
    elif kind == "#" and len(head) == 2 and head[0] == NOTES and len(fields) >= 3:
        _note(fields[2], head[1], where, regions, events, problems)
    else:
        problems.append((where, f"unknown or malformed line {fields[0]} ({' '.join(head)[:40]!r})"))


def _quote_part(events, regions, eid: str, part: str) -> Region:
    kind, trigger, args = events[eid]
    target = next((t for role, t in args if role == PART_TYPES[part]), None)
    return regions.get(target) or Region("", "quotes", part, 0, 0, "")  # a missing part is reported by assemble


def _note(text: str, ref: str, where, regions, events, problems) -> None:
    region = regions.get(events[ref][1]) if ref in events else regions.get(ref)
    if region is None:
        problems.append((where, f"links to region {ref!r}, which is not in this annotation"))
        return
    tokens = text.split(" ")
    if tokens and "=" not in tokens[0]:
        region.warta_id = tokens.pop(0)
    key = NOTE_FIELDS[region.layer]
    for token in tokens:
        name, _, value = token.partition("=")
        if name != key or not value:
            problems.append((where, f"note item {token[:30]!r}: a {region.layer} note holds its id and {key}=..."))
        elif region.layer == "quotes" and ref not in events:
            problems.append((where, f"a quote's note belongs on its {QUOTE_EVENT} event line, not on {ref}"))
        elif region.layer == "quotes":
            _quote_part(events, regions, ref, "speaker").values[key] = value
        else:
            region.values[key] = value
