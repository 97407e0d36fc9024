"""The `kb` config: each document in the BigBIO/SEACrowd knowledge-base schema.

Field names and types are exactly those hubs' ``kb`` layout, so their loaders and
evaluation scripts work on Warta unchanged. Ids are prefixed with the document id
because that layout wants ids unique across the whole dataset.
"""

from __future__ import annotations

from collections import defaultdict


def _piece(text: str, start: int, end: int) -> dict:
    return {"text": [text], "offsets": [[start, end]]}


def kb_row(record: dict) -> dict:
    doc = record["id"]
    passages = [{"id": f"{doc}-{s['id']}", "type": s["zone"], **_piece(s["text"], s["raw_start"], s["raw_end"])}
                for s in record["segments"]]
    entities = [{"id": f"{doc}-{e['id']}", "type": e["label"], **_piece(e["text"], e["raw_start"], e["raw_end"]),
                 "normalized": [e["normalized"]] if e["normalized"] else []} for e in record["entities"]]
    entities += [{"id": f"{doc}-{t['id']}", "type": f"TIMEX3_{t['type']}",
                  **_piece(t["text"], t["raw_start"], t["raw_end"]),
                  "normalized": [{"db_name": "TIMEX3", "db_id": t["value"]}]} for t in record["timex"]]
    events = [{"id": f"{doc}-{v['id']}", "type": v["type"],
               "trigger": _piece(v["trigger"]["text"], v["trigger"]["raw_start"], v["trigger"]["raw_end"]),
               "arguments": [{"role": a["role"], "ref_id": f"{doc}-{a['ref']}"} for a in v["arguments"]]}
              for v in record["events"]]
    chains: dict[str, list[str]] = defaultdict(list)
    for e in record["entities"]:
        chains[e["entity_id"]].append(f"{doc}-{e['id']}")
    coreferences = [{"id": f"{doc}-{eid}", "entity_ids": ids} for eid, ids in sorted(chains.items())]
    return {"id": doc, "document_id": doc, "passages": passages, "entities": entities, "events": events,
            "coreferences": coreferences, "relations": []}
