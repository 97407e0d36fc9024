"""Figures about the release, computed from the built rows, rendered as Markdown blocks.

Every number the README or the datasheet states comes from here; a test rebuilds the
blocks from the committed Parquet files and compares them with the committed documents.
"""

from __future__ import annotations

from collections import Counter

from warta.annotation.layers import LAYER_NAMES
from warta.curation.tokenize import TOKENIZER
from warta.describe.summary import LAYER_KEYS, PER_DOCUMENT, Partial, summarize
from warta.release.schemas import load_inventory

_CELL = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "|": "\\|", "`": "&#96;",
                       "\n": " ", "\r": " ", "\u2028": " ", "\u2029": " "})
_JSON = str.maketrans({"&": "\\u0026", "<": "\\u003c", ">": "\\u003e", "`": "\\u0060"})


def cell(value: object) -> str:
    """A table cell from data: it cannot open a comment, a tag or a code span, end the cell or the row.

    Values come from articles and registries that nobody vetted (an outlet named
    ``<!-- /warta:overview -->`` once cut a generated block short, and the card grew on
    every build); as entities they render the same.
    """
    return str(value).translate(_CELL)


def _table(header: list[str], rows: list[list[object]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(cell(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def overview(s: Partial) -> str:
    """Size of the release: per document while it is small, per outlet beyond."""
    if not s.documents:
        return NO_DOCUMENTS
    if s.detail:
        rows = [[d["id"], d["outlet"], d["published"] or "—", d["raw_chars"], d["text_chars"], d["tokens"],
                 d["segments"]] for d in s.detail]
        head = ["document", "outlet", "published"]
    else:
        rows = [[name, o["documents"], "", o["raw_chars"], o["text_chars"], o["tokens"], o["segments"]]
                for name, o in s.outlets.items()]
        head = ["outlet", "documents", ""]
    totals = [sum(o[k] for o in s.outlets.values()) for k in ("raw_chars", "text_chars", "tokens", "segments")]
    first = [f"{len(s.outlets)} outlets", ""] if s.detail else [s.documents, ""]
    total = ["**total**", *first, *totals]
    return _table([*head, "raw chars", "text chars", f"text tokens ({TOKENIZER})", "segments"], [*rows, total])


NO_DOCUMENTS = "(no documents registered yet: add raw articles with `warta import` or `warta add`, then build)"


def zones(s: Partial) -> str:
    names = [z["name"] for z in load_inventory("zones")["zones"]]
    used = [n for n in names if s.zone_documents.get(n)]
    if not s.documents:
        return NO_DOCUMENTS
    if s.detail:
        rows = [[z, *(d["zone_segments"].get(z, 0) for d in s.detail),
                 sum(d["zone_segments"].get(z, 0) for d in s.detail)] for z in used]
        return _table(["zone", *(d["id"] for d in s.detail), "total"], rows)
    segments = {z: sum(o["zone_segments"].get(z, 0) for o in s.outlets.values()) for z in used}
    chars = {z: sum(o["zone_chars"].get(z, 0) for o in s.outlets.values()) for z in used}
    rows = [[z, segments[z], s.zone_documents[z], chars[z]] for z in used]
    return _table(["zone", "segments", "documents with it", "raw chars"], rows)


def blocks(tables: dict[str, list[dict]], study: dict | None = None) -> dict[str, str]:
    """Every generated block of a release held in memory (small releases and tests).

    ``study`` holds what the release rows do not: the gold files, the two annotation passes
    and the adjudication log (see ``warta.annotation.study.load_study``).
    """
    from warta.release.configs import CONFIGS

    study = study or EMPTY_STUDY
    summary = summarize(tables["documents"], study["gold"])
    firsts = {cfg.name: min(tables[cfg.name], key=cfg.sort_key, default=None) for cfg in CONFIGS}
    return render_blocks(summary, firsts, study)


EMPTY_STUDY = {"gold": {}, "pass_a": {}, "pass_b": {}, "log": []}


def render_blocks(s: Partial, firsts: dict[str, dict | None], study: dict | None = None, *,
                  version: str | None = None) -> dict[str, str]:
    """Every generated block, by marker name, from the merged summary and each config's first row.

    ``version`` is the dataset's (``warta.describe.description``); Warta's own is the toolkit's."""
    from warta import __version__
    from warta.annotation.agreement import compare

    study = study or EMPTY_STUDY
    has_study = bool(study["pass_a"] and study["pass_b"])
    out = {
        "documents-count": str(s.documents),
        "annotation-status": annotation_status(s, has_study),
        "overview": overview(s),
        "zones": zones(s),
        "layers": layer_counts(s),
        "curation-scores": curation_scores(s),
        "machine-scores": machine_scores(s),
        "adjudication": adjudication_summary(study["log"]),
        "agreement": agreement(compare(study["pass_a"], study["pass_b"])) if has_study else NO_STUDY,
        "version": version or __version__,
    }
    for name, row in firsts.items():
        out[f"example-{name}"] = example(row)
    return out


NO_STUDY = ("(no agreement study yet: it needs two independent annotation passes in "
            "`dataset/annotations/passes/a/` and `passes/b/`; see schema/GUIDELINES.md)")


def layer_counts(s: Partial) -> str:
    """Gold annotations per layer and label: per document while the release is small, in total beyond."""
    if not s.documents:
        return NO_DOCUMENTS
    rows = []
    for layer, _ in LAYER_KEYS:
        for label in sorted(s.labels.get(layer, {})):
            if s.detail:
                counts = [d["labels"][layer].get(label, 0) for d in s.detail]
                rows.append([layer, label, *counts, sum(counts)])
            else:
                rows.append([layer, label, s.labels[layer][label], s.label_documents[layer][label]])
        if s.detail:
            totals = [d["totals"][layer] for d in s.detail]
            rows.append([f"**{layer}**", "**all**", *totals, sum(totals)])
        else:
            rows.append([f"**{layer}**", "**all**", s.totals.get(layer, 0), ""])
    columns = [*(d["id"] for d in s.detail), "total"] if s.detail else ["mentions", "documents with it"]
    table = _table(["layer", "label", *columns], rows)
    if not s.annotated:
        return f"{table}\n\nNo document has a gold annotation yet."
    clusters = sorted({c for g in s.gold_links for c in g["clusters"]})
    shared = [c for c in clusters if all(c in g["clusters"] for g in s.gold_links)]
    entity_ids = [set(g["entity_ids"]) for g in s.gold_links]
    in_all = set.intersection(*entity_ids)
    listed = f" ({', '.join(f'`{c}`' for c in shared)})" if shared else ""
    return (f"{table}\n\nEvent clusters: {len(clusters)}, of which {len(shared)} are reported by every "
            f"annotated document{listed}. Distinct entities: {len(set().union(*entity_ids))}, of which "
            f"{len(in_all)} appear in every annotated document.")


def annotation_status(s: Partial, has_study: bool = True) -> str:
    how = "annotated in full, twice independently, and adjudicated" if has_study else "annotated in full"
    if not s.documents:
        return "No reports are registered yet."
    if s.annotated == s.documents:
        return f"All {s.documents} reports are {how}."
    if not s.annotated:
        return (f"None of the {s.documents} reports has a gold annotation yet: their gold layers are empty and "
                "they are left out of `ner` and `kb`.")
    named = ", ".join(f"`{i}`" for i in s.first_unannotated)
    more = s.unannotated - len(s.first_unannotated)
    missing = named + (f" and {more:,} more" if more > 0 else "")
    return (f"{s.annotated} of {s.documents} reports are {how}; {missing} have no gold annotation yet "
            "(their gold layers are empty and they are left out of `ner` and `kb`).")


def _pct(x: float) -> str:
    return f"{100 * x:.1f}"


def agreement(scores: dict) -> str:
    """The agreement study's table (two independent passes, before adjudication)."""
    rows = []
    for layer in LAYER_NAMES:
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


def curation_scores(s: Partial) -> str:
    """Automatic zoning and metadata against the gold zones and metadata."""
    if not s.curation:
        return "(no gold annotations yet: automatic zoning and metadata are not scored)"
    rows = [[doc, f"{right}/{zones}", f"{meta}/{fields}"] for doc, right, zones, meta, fields in s.curation]
    if len(rows) > PER_DOCUMENT:
        sums = [sum(r[i] for r in s.curation) for i in range(1, 5)]
        rows = [[f"{len(rows)} gold documents", f"{sums[0]}/{sums[1]}", f"{sums[2]}/{sums[3]}"]]
    return _table(["document", "segments with the gold zone", "metadata fields equal to gold"], rows)


def machine_scores(s: Partial) -> str:
    """Each machine layer against the gold documents of the release (a development set: see the note)."""
    from warta.machine.layers import MACHINE_LAYERS
    from warta.machine.scoring import rates

    if not s.annotated:
        return "(no gold annotations yet: the machine layers are not scored)"

    def pct(x: float | None) -> str:
        return "—" if x is None else f"{100 * x:.1f}"

    rows = []
    for m in MACHINE_LAYERS:
        counts = s.machine.get(m.config, {})
        r = rates({k: counts.get(k, 0) for k in ("gold", "machine", "exact", "overlap", "label", "value",
                                                   "speaker")})
        extra = {"timex": f"value {pct(r['value_acc'])}", "quotes": f"speaker {pct(r['speaker_acc'])}"}
        rows.append([m.config, m.source, counts.get("gold", 0), counts.get("machine", 0),
                     f"{pct(r['exact_p'])} / {pct(r['exact_r'])} / {pct(r['exact_f1'])}",
                     f"{pct(r['overlap_p'])} / {pct(r['overlap_r'])} / {pct(r['overlap_f1'])}",
                     pct(r["label_acc"]), extra.get(m.layer, "")])
    table = _table(["config", "annotator", "gold", "machine", "exact P / R / F1", "overlap P / R / F1",
                    "label %", "also (on matched)"], rows)
    return (f"{table}\n\nScored on the {s.annotated} gold-annotated document(s) of this release. Rules developed "
            "while looking at these documents score higher here than on unseen ones (development-set "
            "figures); a held-out score needs articles the rules were never tuned on.")


def adjudication_summary(log: list[dict]) -> str:
    if not log:
        return "(no adjudication log yet: `dataset/annotations/adjudication.jsonl` records each decision)"
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


def example(row: dict | None) -> str:
    """The first row of a config, shortened, as a JSON block."""
    import json

    if row is None:
        return "(no rows)"
    # <, >, & and ` only occur inside JSON strings, where their \u escapes mean the same characters
    text = json.dumps(_shorten(row), ensure_ascii=False, indent=1).translate(_JSON)
    return "```json\n" + text + "\n```"
