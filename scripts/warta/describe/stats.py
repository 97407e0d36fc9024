"""Figures about the release, computed from the built rows, rendered as Markdown blocks.

Every number the README or the datasheet states comes from here; a test rebuilds the
blocks from the committed Parquet files and compares them with the committed documents.
"""

from __future__ import annotations

from collections import Counter

from warta.curation.tokenize import TOKENIZER, tokens
from warta.release.schemas import load_inventory


def _table(header: list[str], rows: list[list[object]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def overview(docs: list[dict]) -> str:
    rows = [[d["id"], d["outlet"], d["published"] or "—", len(d["raw_text"]), len(d["text"]),
             len(tokens(d["text"])), len(d["segments"])] for d in docs]
    total = ["**total**", f"{len({d['outlet'] for d in docs})} outlets", "",
             sum(r[3] for r in rows), sum(r[4] for r in rows), sum(r[5] for r in rows),
             sum(r[6] for r in rows)]
    return _table(["document", "outlet", "published", "raw chars", "text chars",
                   f"text tokens ({TOKENIZER})", "segments"], [*rows, total])


def zones(docs: list[dict]) -> str:
    names = [z["name"] for z in load_inventory("zones")["zones"]]
    counts = {d["id"]: Counter(s["zone"] for s in d["segments"]) for d in docs}
    used = [n for n in names if any(c[n] for c in counts.values())]
    rows = [[z, *(counts[d["id"]][z] for d in docs), sum(c[z] for c in counts.values())]
            for z in used]
    return _table(["zone", *(d["id"] for d in docs), "total"], rows)


def blocks(tables: dict[str, list[dict]], study: dict | None = None) -> dict[str, str]:
    """Every generated block, by marker name.

    ``study`` holds what the release rows do not: the gold files, the two annotation passes
    and the adjudication log (see ``warta.annotation.study.load_study``).
    """
    from warta.annotation.agreement import compare

    docs = sorted(tables["documents"], key=lambda d: d["id"])
    study = study or {"gold": {}, "pass_a": {}, "pass_b": {}, "log": []}
    out = {
        "documents-count": str(len(docs)),
        "annotation-status": annotation_status(docs),
        "overview": overview(docs),
        "zones": zones(docs),
        "layers": layer_counts(docs),
        "curation-scores": curation_scores(docs, study["gold"]),
        "adjudication": adjudication_summary(study["log"]),
    }
    if study["pass_a"] and study["pass_b"]:
        out["agreement"] = agreement(compare(study["pass_a"], study["pass_b"]))
    from warta import __version__
    from warta.release.configs import CONFIGS

    out["version"] = __version__
    for cfg in CONFIGS:
        rows = sorted(tables[cfg.name], key=cfg.sort_key)
        out[f"example-{cfg.name}"] = example(rows)
    return out


def layer_counts(docs: list[dict]) -> str:
    """Gold annotations per layer and label, per document."""
    groups = [("entities", "label"), ("timex", "type"), ("quotes", "kind"), ("events", "type")]
    rows = []
    for layer, key in groups:
        labels = sorted({item[key] for d in docs for item in d[layer]})
        for label in labels:
            counts = [sum(item[key] == label for item in d[layer]) for d in docs]
            rows.append([layer, label, *counts, sum(counts)])
        totals = [len(d[layer]) for d in docs]
        rows.append([f"**{layer}**", "**all**", *totals, sum(totals)])
    gold = [d for d in docs if d["annotated"]]
    clusters = sorted({v["event_cluster"] for d in gold for v in d["events"]})
    shared = [c for c in clusters if all(any(v["event_cluster"] == c for v in d["events"]) for d in gold)]
    entity_ids = [{e["entity_id"] for e in d["entities"]} for d in gold]
    in_all = set.intersection(*entity_ids) if entity_ids else set()
    table = _table(["layer", "label", *(d["id"] for d in docs), "total"], rows)
    listed = f" ({', '.join(f'`{c}`' for c in shared)})" if shared else ""
    return (f"{table}\n\nEvent clusters: {len(clusters)}, of which {len(shared)} are reported by every "
            f"annotated document{listed}. Distinct entities: {len(set().union(*entity_ids))}, of which "
            f"{len(in_all)} appear in every annotated document.")


def annotation_status(docs: list[dict]) -> str:
    gold = [d for d in docs if d["annotated"]]
    if len(gold) == len(docs):
        return f"All {len(docs)} reports are annotated in full, twice independently, and adjudicated."
    missing = ", ".join(f"`{d['id']}`" for d in docs if not d["annotated"])
    return (f"{len(gold)} of {len(docs)} reports are annotated in full, twice independently, and adjudicated; "
            f"{missing} have no gold annotation yet (their gold layers are empty and they are left out of "
            "`ner` and `kb`).")


def _pct(x: float) -> str:
    return f"{100 * x:.1f}"


def agreement(scores: dict) -> str:
    """The agreement study's table (two independent passes, before adjudication)."""
    rows = []
    for layer in ("entities", "timex", "quotes", "events"):
        s = scores[layer]
        same, pairs = s.get("entity_id_equal", (0, 0))
        extra = {"entities": f"entity_id equal on {same}/{pairs} matched mentions; "
                             f"link F1 {_pct(s.get('entity_id_links_f1', 0))}",
                 "events": f"cluster link F1 {_pct(s.get('cluster_links_f1', 0))}",
                 "timex": "label = type + value", "quotes": "label = kind; span = content"}[layer]
        rows.append([layer, s["a"], s["b"], _pct(s["exact_f1"]), _pct(s["overlap_f1"]),
                     _pct(s["label_agreement"]), extra])
    z, m = scores["zones"], scores["metadata"]
    unshared = f"; {z['unshared']} segments cut differently, left out" if z["unshared"] else ""
    rows.append(["zones", z["segments"], z["segments"], "—", "—", _pct(z["agreement"]),
                 f"Cohen's κ {z['kappa']:.3f}{unshared}"])
    rows.append(["metadata", m["fields"], m["fields"], "—", "—", _pct(m["agreement"]), "fields equal"])
    return _table(["layer", "pass A", "pass B", "span F1 exact", "span F1 overlap", "label agreement %",
                   "also"], rows)


def curation_scores(docs: list[dict], gold: dict[str, dict]) -> str:
    """Automatic zoning and metadata against the gold zones and metadata."""
    rows = []
    for d in docs:
        ann = gold.get(d["id"])
        if ann is None:
            continue
        machine = {(s["raw_start"], s["raw_end"]): s["zone"] for s in d["segments"]}
        right = sum(machine.get((z["raw_start"], z["raw_end"])) == z["zone"] for z in ann["zones"])
        fields = list(ann["metadata"])
        meta = sum(d[f] == ann["metadata"][f] for f in fields)
        rows.append([d["id"], f"{right}/{len(ann['zones'])}", f"{meta}/{len(fields)}"])
    return _table(["document", "segments with the gold zone", "metadata fields equal to gold"], rows)


def adjudication_summary(log: list[dict]) -> str:
    from collections import Counter

    counts = Counter((r["layer"], r["decision"]) for r in log)
    layers = sorted({r["layer"] for r in log})
    rows = [[layer, counts[(layer, "a")], counts[(layer, "b")], counts[(layer, "other")]] for layer in layers]
    return _table(["layer", "pass A kept", "pass B kept", "other"], rows)


def _shorten(value):
    """A row made readable: long strings cut, long lists cut to their first items."""
    if isinstance(value, str):
        return value if len(value) <= 80 else value[:77] + "..."
    if isinstance(value, list):
        head = [_shorten(v) for v in value[:2]]
        return head + ([f"... {len(value) - 2} more"] if len(value) > 2 else [])
    if isinstance(value, dict):
        return {k: _shorten(v) for k, v in value.items()}
    return value


def example(rows: list[dict]) -> str:
    """The first row of a config, shortened, as a JSON block."""
    import json

    if not rows:
        return "(no rows)"
    return "```json\n" + json.dumps(_shorten(rows[0]), ensure_ascii=False, indent=1) + "\n```"
