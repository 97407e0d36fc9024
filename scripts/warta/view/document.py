"""One page per document: the raw text, line by line, with its zones and every layer drawn on it.

The gold pane shows the nested gold layers of the documents row, the machine pane the
rows of the machine configs; where both exist each span says how it compares with the
other side (``warta.view.spans.differences``), and a table lists what differs.
"""

from __future__ import annotations

from warta.view.markup import Mark, render
from warta.view.page import esc, shell, table
from warta.view.spans import DIFF_STATES, LAYER_VIEWS, VIEWS, anchor, differences, layer_marks, zone_marks

TOGGLES = ("zones", *(view.name for view in LAYER_VIEWS))
METADATA = ("id", "outlet", "published", "registry_published", "authors", "editors", "dateline_place",
            "dateline_outlet", "cited_sources", "image_credits", "url", "retrieved", "license", "raw_file",
            "raw_sha256", "curation")
SHORT = 140  # characters of a quote's content in the tables


def _lines(record: dict, marks: list[Mark]) -> str:
    """The raw text as one block per line; a mark that runs over a line break continues on the next."""
    raw, segments = record["raw_text"], record["segments"]
    marks = sorted(marks, key=lambda m: m.start)
    out, active, opened = [], [], set()
    pos = taken = seg = 0
    for line in raw.split("\n"):
        start, end = pos, pos + len(line)
        pos = end + 1
        while taken < len(marks) and marks[taken].start < end:
            active.append(marks[taken])
            taken += 1
        active = [m for m in active if m.end > start]
        zones: list[str] = []
        while seg < len(segments) and segments[seg]["raw_start"] < end:
            if segments[seg]["zone"] not in zones:
                zones.append(segments[seg]["zone"])
            seg += 1
        first = zones[0] if zones else "none"
        text = render(line, start, [m for m in active if m.start < end], opened)
        out.append(f"<div class=\"line z-{esc(first)}\"><span class=\"zn\">{esc(' '.join(zones))}</span>"
                   f"<span class=\"tx\">{text}</span></div>")
    return "\n".join(out)


def _pane(record: dict, kind: str, layers: dict[str, list[dict]], states: dict[str, dict[str, str]]) -> str:
    marks = zone_marks(record["segments"], record["curation"], 0)
    for layer, rows in layers.items():
        marks += layer_marks(layer, rows, states.get(layer), len(marks))
    counts = ", ".join(f"{len(rows)} {layer}" for layer, rows in layers.items())
    return (f"<section class=\"pane\" id=\"pane-{kind}\" data-pane=\"{kind}\" aria-labelledby=\"h-{kind}\">"
            f"<h2 id=\"h-{kind}\">{kind}</h2><p class=\"counts\">{esc(counts)}</p>"
            f"<div class=\"text\" lang=\"id\">\n{_lines(record, marks)}\n</div></section>")


def _metadata(record: dict) -> str:
    def shown(value: object) -> str:
        if isinstance(value, list):
            return esc(", ".join(map(str, value))) if value else "—"
        return "—" if value is None else esc(value)

    rows = "".join(f"<dt>{key}</dt><dd>{shown(record[key])}</dd>" for key in METADATA if key in record)
    return f"<details class=\"meta\"><summary>Metadata and provenance</summary><dl class=\"meta\">{rows}</dl></details>"


def _toolbar(annotated: bool) -> str:
    boxes = "".join(
        f"<label class=\"toggle sw-{name}\"><input type=\"checkbox\" data-toggle=\"{name}\" checked> {name}</label>"
        for name in TOGGLES)
    panes = "".join(f"<label><input type=\"checkbox\" data-pane-toggle=\"{kind}\" checked> {kind}</label>"
                    for kind in (("gold", "machine") if annotated else ("machine",)))
    diff = ("<label><input type=\"checkbox\" data-diff-only> differences only (missed, extra, other label)</label>"
            if annotated else "")
    return (f"<div class=\"toolbar\"><fieldset><legend>Layers</legend>{boxes}</fieldset>"
            f"<fieldset><legend>Panes</legend>{panes}{diff}</fieldset></div>"
            "<aside id=\"details\" class=\"details\" aria-live=\"polite\" aria-label=\"span details\">"
            "<p>Focus a highlighted span (Tab moves from one to the next) or point at it to see its layer, id, "
            "label, value, entity or cluster and raw offsets.</p></aside>")


def _diff_table(record: dict, machine: dict[str, list[dict]], states: dict[str, tuple[dict, dict]]) -> str:
    """What differs between gold and machine, layer by layer (matched spans are only counted)."""
    summary, rows = [], []
    for layer, (gold_states, machine_states) in states.items():
        tally = dict.fromkeys(DIFF_STATES, 0)
        for state in (*gold_states.values(), *(s for s in machine_states.values() if s == "extra")):
            tally[state] += 1  # a matched pair counted once, from its gold side
        summary.append([layer, str(len(record[layer])), str(len(machine[layer])),
                        *(str(tally[s]) for s in DIFF_STATES)])
        label = VIEWS[layer].label
        twins = {anchor(layer, r): r for r in machine[layer]}
        for row in record[layer]:
            state = gold_states[row["id"]]
            if state != "match":
                twin = twins.get(anchor(layer, row))
                rows.append((anchor(layer, row), [esc(state), layer, _text(layer, row), _span(layer, row),
                                                   esc(row[label]), esc(twin[label]) if twin else "—"]))
        for row in machine[layer]:
            if machine_states[row["id"]] == "extra":
                rows.append((anchor(layer, row), ["extra", layer, _text(layer, row), _span(layer, row), "—",
                                                   esc(row[label])]))
    head = table(["layer", "gold", "machine", "same span and label", "same span, other label",
                  "missed", "extra"], summary, caption="Gold against machine, by exact span")
    listed = table(["state", "layer", "text", "raw offsets", "gold label", "machine label"],
                   [r for _, r in sorted(rows, key=lambda r: r[0])], caption="Differences")
    return f"<section class=\"diff\" aria-label=\"differences\"><h2>Differences</h2>{head}{listed}</section>"


def _part(layer: str, row: dict) -> dict:
    part = VIEWS[layer].parts[0][0]
    return row[part] if part else row


def _text(layer: str, row: dict) -> str:
    text = _part(layer, row)["text"]
    return esc(text if len(text) <= SHORT else text[:SHORT - 1] + "…")


def _span(layer: str, row: dict) -> str:
    span = _part(layer, row)
    return f"{span['raw_start']}–{span['raw_end']}"


def _lists(kind: str, layers: dict[str, list[dict]]) -> str:
    """Quotes (speaker, cue, content) and events (trigger, arguments) of one pane, references resolved."""
    refs = {e["id"]: e["text"] for e in layers.get("entities", [])} | {
        t["id"]: f"{t['text']} ({t['value']})" for t in layers.get("timex", [])}
    parts = []
    if layers.get("quotes"):
        rows = [[esc(q["id"]), esc(q["kind"]), esc(q["speaker"]["text"]), esc(q["speaker_entity_id"] or "—"),
                 esc(q["cue"]["text"]), _text("quotes", q)] for q in layers["quotes"]]
        parts.append(table(["id", "kind", "speaker", "speaker entity", "cue", "content"], rows,
                           caption=f"{kind} quotes"))
    if layers.get("events"):
        rows = [[esc(v["id"]), esc(v["type"]), esc(v["trigger"]["text"]),
                 esc("; ".join(f"{a['role']}: {refs.get(a['ref'], a['ref'])}" for a in v["arguments"]) or "—"),
                 esc(v["event_cluster"])] for v in layers["events"]]
        parts.append(table(["id", "type", "trigger", "arguments", "cluster"], rows, caption=f"{kind} events"))
    return "".join(parts)


def document_page(record: dict, machine: dict[str, list[dict]]) -> str:
    """The page of one documents row and its machine rows (layer -> rows of ``machine_<layer>``)."""
    annotated = record["annotated"]
    gold = {view.name: record[view.name] for view in LAYER_VIEWS}
    compared = {layer: differences(layer, record[layer], rows) for layer, rows in machine.items()} \
        if annotated else {}
    panes = []
    if annotated:
        panes.append(_pane(record, "gold", gold, {layer: g for layer, (g, _) in compared.items()}))
    panes.append(_pane(record, "machine", machine, {layer: m for layer, (_, m) in compared.items()}))
    state = "gold and machine" if annotated else "machine only (no gold annotation yet)"
    title = record["title"] or "(no title)"
    published = esc(record["published"] or "—")
    body = (f"<h1 lang=\"id\">{esc(title)}</h1><p class=\"sub\">{esc(record['outlet'])} · {published}"
            f" · <code>{esc(record['id'])}</code> · {state}</p>{_metadata(record)}{_toolbar(annotated)}"
            f"<div class=\"panes\">{''.join(panes)}</div>"
            + (_diff_table(record, machine, compared) if annotated else "")
            + (_lists("gold", gold) if annotated else "") + _lists("machine", machine))
    return shell(f"{title} · {record['id']}", body, root="../")
