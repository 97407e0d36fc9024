"""From a tool's regions and links to Warta's four gold layers, with every problem named.

Label Studio and brat both describe an annotation as labelled text regions plus links
between them; each format's module turns its own file into ``Region`` and ``Link`` values,
and this module alone knows what they mean in Warta: which link is an event argument, a
timex anchor or the joint of a quote's speaker, cue and content, and how ids are kept
(an id a region carries over stays; a new item takes the next free number, in reading
order, so that ids are never renumbered or reused: guidelines, section 0).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from warta.annotation.layers import LAYERS

PREFIX = {"entities": "e", "timex": "t", "quotes": "q", "events": "v"}
"""Each layer's id letter (``e12``)."""

QUOTE_PARTS = next(layer.parts for layer in LAYERS if layer.name == "quotes")
QUOTE_ANCHOR = "cue"  # the part a quote is built around: one cue, joined to one speaker and one content


REQUIRED: dict[tuple[str, str | None], tuple[str, ...]] = {
    ("entities", None): ("entity_id",), ("timex", None): ("value",), ("events", None): ("event_cluster",),
    ("quotes", "content"): ("kind",), ("quotes", "cue"): (), ("quotes", "speaker"): ()}
"""Per-region values a region of a layer (and label, for quote parts) must carry."""


@dataclass
class Region:
    """One labelled span of a tool's annotation, in code points of the raw text."""

    key: str  # the tool's own id of the region (Label Studio region id, brat T id)
    layer: str  # entities | timex | quotes | events
    label: str  # entity label, timex type, quote part or event type
    start: int
    end: int
    quote: str
    values: dict = field(default_factory=dict)  # entity_id, normalized, value, mod, kind, speaker_entity_id, ...
    warta_id: str | None = None  # the Warta id it carries over, if any


@dataclass(frozen=True)
class Link:
    """A directed link between two regions; ``labels``: an argument's role, if any."""

    source: str
    target: str
    labels: tuple[str, ...]
    where: str  # how the format names the link in a message


@dataclass
class Assembled:
    layers: dict[str, list[dict]]
    problems: list[tuple[str, str]]  # (where, what)
    regions_of: dict[str, str]  # "entities e3" -> the tool's region key, for messages about the gold file


def _span(region: Region) -> dict:
    return {"raw_start": region.start, "raw_end": region.end, "quote": region.quote}


def id_number(layer: str, warta_id: str | None) -> int | None:
    match = re.fullmatch(PREFIX[layer] + r"([1-9][0-9]*)", warta_id or "")
    return int(match.group(1)) if match else None


class _Ids:
    """Ids carried over, then the next free numbers for new items in reading order."""

    def __init__(self, used: dict[str, int]) -> None:
        self.used = used  # layer -> highest number the document's gold has ever used

    def assign(self, layer: str, anchors: list[Region], bad) -> list[str]:
        kept: dict[int, str] = {}
        ids: list[str | None] = []
        for region in anchors:
            number = id_number(layer, region.warta_id)
            if number is not None and number in kept:
                bad(f"region {region.key}", f"id {region.warta_id} is carried by two regions ({kept[number]} and "
                                            f"{region.key})")
                number = None
            if number is not None:
                kept[number] = region.key
            ids.append(f"{PREFIX[layer]}{number}" if number is not None else None)
        following = max([self.used.get(layer, 0), *kept]) + 1
        order = sorted(range(len(anchors)), key=lambda i: (anchors[i].start, anchors[i].end, anchors[i].key))
        for i in order:
            if ids[i] is None:
                ids[i] = f"{PREFIX[layer]}{following}"
                following += 1
        return [i or "" for i in ids]


def assemble(regions: list[Region], links: list[Link], used: dict[str, int]) -> Assembled:
    """The gold layers of one annotation; ``used``: highest id number per layer the gold has used."""
    problems: list[tuple[str, str]] = []

    def bad(where: str, what: str) -> None:
        problems.append((where, what))

    by_key = {r.key: r for r in regions}
    arguments: dict[str, list[tuple[str, str]]] = {}
    anchors: dict[str, str] = {}
    joints: dict[str, set[str]] = {}
    for link in links:
        ends = [by_key.get(link.source), by_key.get(link.target)]
        if None in ends:
            missing = link.source if ends[0] is None else link.target
            bad(link.where, f"links to region {missing!r}, which is not in this annotation")
            continue
        a, b = ends
        kinds = (a.layer, b.layer)
        if a.layer == "events" and b.layer in ("entities", "timex"):
            if len(link.labels) != 1:
                bad(link.where, f"argument of event region {a.key} needs exactly one role, has "
                                f"{list(link.labels) or 'none'}")
                continue
            arguments.setdefault(a.key, []).append((link.labels[0], b.key))
        elif kinds == ("timex", "timex"):
            if a.key in anchors:
                bad(link.where, f"timex region {a.key} has a second anchor ({anchors[a.key]} and {b.key})")
            anchors[a.key] = b.key
        elif kinds == ("quotes", "quotes"):
            joints.setdefault(a.key, set()).add(b.key)
            joints.setdefault(b.key, set()).add(a.key)
        else:
            bad(link.where, f"a link from a {a.layer} region ({a.label}) to a {b.layer} region ({b.label}) means "
                            "nothing in Warta: links are event arguments (trigger to entity or timex), timex anchors "
                            "(timex to timex) and the joints of a quote (speaker, cue, content)")

    for r in regions:
        for name in REQUIRED.get((r.layer, r.label), REQUIRED.get((r.layer, None), ())):
            if not r.values.get(name):
                bad(f"region {r.key}", f"{r.layer} region {r.quote[:30]!r} ({r.label}) has no {name}")
    ids = _Ids(used)
    layer_regions = {name: [r for r in regions if r.layer == name] for name in PREFIX}
    cues = [r for r in layer_regions["quotes"] if r.label == QUOTE_ANCHOR]
    own_ids = {name: ids.assign(name, layer_regions[name], bad) for name in ("entities", "timex", "events")}
    own_ids["quotes"] = ids.assign("quotes", cues, bad)
    id_of = {r.key: i for name in ("entities", "timex", "events") for r, i in zip(layer_regions[name],
                                                                                  own_ids[name], strict=True)}
    out: dict[str, list[dict]] = {name: [] for name in PREFIX}
    regions_of: dict[str, str] = {}
    for r in layer_regions["entities"]:
        out["entities"].append({"id": id_of[r.key], "label": r.label, **_span(r),
                                "entity_id": r.values.get("entity_id"), "normalized": r.values.get("normalized")})
        regions_of[f"entities {id_of[r.key]}"] = r.key
    for r in layer_regions["timex"]:
        anchor = anchors.get(r.key)
        out["timex"].append({"id": id_of[r.key], "type": r.label, "value": r.values.get("value"),
                             "mod": r.values.get("mod"), "anchor": id_of.get(anchor) if anchor else None, **_span(r)})
        regions_of[f"timex {id_of[r.key]}"] = r.key
    out["quotes"] = _quotes(cues, own_ids["quotes"], joints, by_key, bad, regions_of)
    for r in layer_regions["quotes"]:
        if r.label != QUOTE_ANCHOR and not any(by_key[k].label == QUOTE_ANCHOR for k in joints.get(r.key, ())):
            bad(f"region {r.key}", f"quote {r.label} {r.quote[:30]!r} is joined to no cue: a quote is a cue linked to "
                                   "its speaker and its content")
    for r in layer_regions["events"]:
        args = [{"role": role, "ref": id_of[target]} for role, target in arguments.get(r.key, [])]
        out["events"].append({"id": id_of[r.key], "type": r.label, "trigger": _span(r), "arguments": args,
                              "event_cluster": r.values.get("event_cluster")})
        regions_of[f"events {id_of[r.key]}"] = r.key
    for name, items in out.items():
        items.sort(key=lambda item, n=name: id_number(n, item["id"]) or 0)
    return Assembled(out, problems, regions_of)


def _quotes(cues: list[Region], quote_ids: list[str], joints: dict[str, set[str]], by_key: dict[str, Region],
            bad, regions_of: dict[str, str]) -> list[dict]:
    """One quote per cue region: exactly one speaker and one content joined to it."""
    quotes = []
    for cue, quote_id in zip(cues, quote_ids, strict=True):
        parts = {QUOTE_ANCHOR: cue}
        for part in QUOTE_PARTS:
            if part == QUOTE_ANCHOR:
                continue
            joined = sorted((by_key[k] for k in joints.get(cue.key, ()) if by_key[k].label == part),
                            key=lambda r: r.key)
            if len(joined) != 1:
                what = "without" if not joined else f"with {len(joined)} regions for its"
                bad(f"region {cue.key}", f"quote {quote_id} (cue {cue.quote[:30]!r}) {what} {part}"
                                         + ("" if not joined else f" ({', '.join(r.key for r in joined)})"))
                break
            parts[part] = joined[0]
        else:
            content, speaker = parts["content"], parts["speaker"]
            quotes.append({"id": quote_id, "kind": content.values.get("kind"),
                           **{part: _span(parts[part]) for part in QUOTE_PARTS},
                           "speaker_entity_id": speaker.values.get("speaker_entity_id")})
            regions_of[f"quotes {quote_id}"] = cue.key
            for part in QUOTE_PARTS:
                regions_of[f"quotes {quote_id}.{part}"] = parts[part].key
    return quotes
