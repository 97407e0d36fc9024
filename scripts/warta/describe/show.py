"""warta show: one annotated document, readable in a terminal.

Segments are printed with their zone; entity mentions are bracketed with their label
([Korea Utara|GPE]) and time expressions braced ({Senin (28/4)|DATE 2025-04-28}), then the
quotes and events are listed with their spans and references resolved.
"""

from __future__ import annotations

import textwrap


def _mark(segment: dict, entities: list[dict], timex: list[dict]) -> str:
    s0, e0 = segment["raw_start"], segment["raw_end"]
    marks = [(m["raw_start"], m["raw_end"], "[", f"|{m['label']}]") for m in entities]
    marks += [(t["raw_start"], t["raw_end"], "{", f"|{t['type']} {t['value']}}}") for t in timex]
    inside = sorted((m for m in marks if s0 <= m[0] and m[1] <= e0), key=lambda m: (m[0], -m[1]))
    out, cursor = [], s0
    text = segment["text"]
    for s, e, left, right in inside:
        if s < cursor:
            continue  # an expression inside one already marked: the outer one is shown
        out += [text[cursor - s0:s - s0], left, text[s - s0:e - s0], right]
        cursor = e
    out.append(text[cursor - s0:])
    return "".join(out)


def render(record: dict, width: int = 100) -> str:
    lines = [f"{record['id']}  {record['outlet']}  {record['published'] or ''}",
             f"title: {record['title'] or '—'}", ""]
    for seg in record["segments"]:
        body = _mark(seg, record["entities"], record["timex"])
        wrapped = textwrap.wrap(body, width=width - 13, break_on_hyphens=False) or [""]
        lines.append(f"{seg['zone']:<11}  {wrapped[0]}")
        lines += [" " * 13 + more for more in wrapped[1:]]
    refs = {e["id"]: f"{e['text']} ({e['entity_id']})" for e in record["entities"]}
    refs |= {t["id"]: f"{t['text']} ({t['value']})" for t in record["timex"]}
    lines += ["", f"quotes ({len(record['quotes'])})"]
    for q in record["quotes"]:
        lines.append(f"  {q['id']:<4} {q['kind']:<8} {q['speaker']['text']} ({q['speaker_entity_id']})"
                     f" —{q['cue']['text']}→ {textwrap.shorten(q['content']['text'], width - 40)}")
    lines += ["", f"events ({len(record['events'])})"]
    for v in record["events"]:
        args = ", ".join(f"{a['role']}={refs.get(a['ref'], a['ref'])}" for a in v["arguments"])
        lines.append(f"  {v['id']:<4} {v['type']:<15} '{v['trigger']['text']}'  [{v['event_cluster']}]"
                     + (f"  {args}" if args else ""))
    return "\n".join(lines)
