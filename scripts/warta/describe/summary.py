"""What the card and datasheet say about a release, gathered shard by shard and merged.

No step holds the whole corpus: each shard folds its records into a ``Partial`` (counts,
and per-document detail for at most ``PER_DOCUMENT`` documents), the partials are saved as
JSON beside the shard's files, and ``merge`` adds them up in shard order. Per-document
tables and plots are kept while the release is small enough to read them (a two-report
release shows each report); past that, figures are per outlet or in total.

Merging is exact: sums of counters, unions of sets, the smallest ids. The same records
give the same summary whatever the number of shards or the order they finish in.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from warta.annotation.layers import LAYERS
from warta.curation.tokenize import token_count

PER_DOCUMENT = 24  # documents up to which tables and plots show each document
FIRST_IDS = 10  # unannotated ids named in notes and blocks before "and N more"
LAYER_KEYS = tuple((layer.name, layer.label) for layer in LAYERS)


def _add(into: dict[str, int], counts: dict[str, int]) -> None:
    for key, value in counts.items():
        into[key] = into.get(key, 0) + value


def document_summary(record: dict) -> dict:
    """The figures of one document that the blocks and plots use (JSON-ready, small)."""
    zone_segments: Counter = Counter()
    zone_chars: Counter = Counter()
    for seg in record["segments"]:
        zone_segments[seg["zone"]] += 1
        zone_chars[seg["zone"]] += seg["raw_end"] - seg["raw_start"]
    return {
        "id": record["id"], "outlet": record["outlet"], "published": record["published"],
        "annotated": record["annotated"], "raw_chars": len(record["raw_text"]),
        "text_chars": len(record["text"]), "tokens": token_count(record["text"]),
        "segments": len(record["segments"]), "zone_segments": dict(zone_segments),
        "zone_chars": dict(zone_chars),
        "labels": {layer: dict(Counter(item[key] for item in record[layer])) for layer, key in LAYER_KEYS},
        "totals": {layer: len(record[layer]) for layer, _ in LAYER_KEYS},
    }


def _outlet_totals() -> dict:
    return {"documents": 0, "raw_chars": 0, "text_chars": 0, "tokens": 0, "segments": 0,
            "zone_segments": {}, "zone_chars": {}, "entity_labels": {}}


@dataclass
class Partial:
    """The summary of some documents: one shard's, or the whole release's after ``merge``."""

    documents: int = 0
    annotated: int = 0
    unannotated: int = 0
    first_unannotated: list[str] = field(default_factory=list)
    detail: list[dict] = field(default_factory=list)  # document_summary of up to PER_DOCUMENT + 1 documents
    outlets: dict[str, dict] = field(default_factory=dict)
    zone_documents: dict[str, int] = field(default_factory=dict)  # documents with at least one such segment
    labels: dict[str, dict[str, int]] = field(default_factory=dict)  # layer -> label -> mentions
    label_documents: dict[str, dict[str, int]] = field(default_factory=dict)
    totals: dict[str, int] = field(default_factory=dict)
    gold_links: list[dict] = field(default_factory=list)  # per annotated document: clusters, entity ids
    curation: list[list] = field(default_factory=list)  # per gold document: [id, zones right, metadata right]
    machine: dict[str, dict[str, int]] = field(default_factory=dict)  # machine config -> counts against gold

    def add(self, record: dict, gold: dict | None = None) -> None:
        """Fold one curated record (and its gold file, which scores the curation) into the summary."""
        summary = document_summary(record)
        self.documents += 1
        if record["annotated"]:
            self.annotated += 1
            self.gold_links.append({
                "id": record["id"], "clusters": sorted({v["event_cluster"] for v in record["events"]}),
                "entity_ids": sorted({e["entity_id"] for e in record["entities"]})})
        else:
            self.unannotated += 1
            self.first_unannotated = sorted([*self.first_unannotated, record["id"]])[:FIRST_IDS]
        if len(self.detail) <= PER_DOCUMENT:
            self.detail.append(summary)
        outlet = self.outlets.setdefault(record["outlet"], _outlet_totals())
        for key in ("raw_chars", "text_chars", "tokens", "segments"):
            outlet[key] += summary[key]
        outlet["documents"] += 1
        _add(outlet["zone_segments"], summary["zone_segments"])
        _add(outlet["zone_chars"], summary["zone_chars"])
        _add(outlet["entity_labels"], summary["labels"]["entities"])
        _add(self.zone_documents, dict.fromkeys(summary["zone_segments"], 1))
        for layer, _ in LAYER_KEYS:
            _add(self.labels.setdefault(layer, {}), summary["labels"][layer])
            _add(self.label_documents.setdefault(layer, {}), dict.fromkeys(summary["labels"][layer], 1))
            self.totals[layer] = self.totals.get(layer, 0) + summary["totals"][layer]
        if gold is not None:
            self.curation.append(curation_row(record, gold))
            for config, counts in machine_scores(record, gold).items():
                _add(self.machine.setdefault(config, {}), counts)

    def to_json(self) -> dict:
        return {name: getattr(self, name) for name in self.__dataclass_fields__}

    @classmethod
    def from_json(cls, data: dict) -> Partial:
        return cls(**data)


def merge(parts: list[Partial]) -> Partial:
    """One summary of all parts; the result depends on the documents only, not on how they were split."""
    out = Partial()
    for part in parts:
        out.documents += part.documents
        out.annotated += part.annotated
        out.unannotated += part.unannotated
        out.first_unannotated = sorted([*out.first_unannotated, *part.first_unannotated])[:FIRST_IDS]
        out.detail = [*out.detail, *part.detail][: PER_DOCUMENT + 1]
        for name, totals in part.outlets.items():
            into = out.outlets.setdefault(name, _outlet_totals())
            for key, value in totals.items():
                if isinstance(value, dict):
                    _add(into[key], value)
                else:
                    into[key] += value
        _add(out.zone_documents, part.zone_documents)
        for layer, counts in part.labels.items():
            _add(out.labels.setdefault(layer, {}), counts)
        for layer, counts in part.label_documents.items():
            _add(out.label_documents.setdefault(layer, {}), counts)
        _add(out.totals, part.totals)
        out.gold_links += part.gold_links
        out.curation += part.curation
        for config, counts in part.machine.items():
            _add(out.machine.setdefault(config, {}), counts)
    out.detail.sort(key=lambda d: d["id"])
    out.gold_links.sort(key=lambda d: d["id"])
    out.curation.sort()
    out.outlets = dict(sorted(out.outlets.items()))
    if out.documents > PER_DOCUMENT:
        out.detail = []  # a partial's detail is a sample of its shard: past the limit it is not the release's
    return out


def machine_scores(record: dict, gold: dict) -> dict[str, dict[str, int]]:
    """Each machine layer of a gold-annotated document against its gold layer (counts)."""
    from warta.machine.layers import MACHINE_LAYERS, annotated_items
    from warta.machine.scoring import score

    items = annotated_items(record)
    return {m.config: score(m.layer, items[m.layer], gold[m.layer]) for m in MACHINE_LAYERS}


def curation_row(record: dict, gold: dict) -> list:
    """Automatic zoning and metadata of one document against its gold zones and metadata."""
    machine = {(s["raw_start"], s["raw_end"]): s["zone"] for s in record["segments"]}
    right = sum(machine.get((z["raw_start"], z["raw_end"])) == z["zone"] for z in gold["zones"])
    fields = list(gold["metadata"])
    meta = sum(record[f] == gold["metadata"][f] for f in fields)
    return [record["id"], right, len(gold["zones"]), meta, len(fields)]


def summarize(records: list[dict], gold: dict[str, dict] | None = None) -> Partial:
    """The summary of records held in memory (a small release, or tests)."""
    gold = gold or {}
    part = Partial()
    for record in sorted(records, key=lambda r: r["id"]):
        part.add(record, gold.get(record["id"]))
    return merge([part])
