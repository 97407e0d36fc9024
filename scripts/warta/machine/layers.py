"""The machine layers: which annotator imitates which gold layer, and the rows it gives a document.

Declared once, as data: the release configs (``machine_<layer>``), the card's scores and
``warta curate`` read this table. Machine rows have the shape of the gold rows of the
same layer, with ``source`` = ``<annotator>@<version>`` instead of ``gold``, and live in
configs of their own, for every document, so that a user who loads a gold config gets
gold only, and one who wants machine output for the whole corpus, or to compare the two
on the gold documents, says so by the config's name.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from types import ModuleType

from warta.annotation.layers import span_row
from warta.machine import entities, quotes, timex
from warta.machine.document import Document


@dataclass(frozen=True)
class MachineLayer:
    layer: str  # the gold layer it imitates (schema, label inventory, scoring)
    annotator: ModuleType  # has annotate(doc, **earlier layers) and version()
    needs: tuple[str, ...]  # earlier machine layers it reads (quotes read entities)
    description: str

    @property
    def config(self) -> str:
        return f"machine_{self.layer}"

    @property
    def source(self) -> str:
        return self.annotator.version()


MACHINE_LAYERS: tuple[MachineLayer, ...] = (
    MachineLayer("entities", entities, (),
                 "One row per machine named-entity mention (warta-entities gazetteer and rules), for every document."),
    MachineLayer("timex", timex, (),
                 "One row per machine TIMEX3 time expression (warta-timex rules), for every document."),
    MachineLayer("quotes", quotes, ("entities",),
                 "One row per machine attribution (warta-quotes cues), speaker linked to a machine entity."),
)


def _entity_row(doc_id: str, segments: list[dict], m: dict, source: str) -> dict:
    return {"doc_id": doc_id, "id": m["id"], "label": m["label"], **span_row(segments, m),
            "zone": _zone_of(segments, m["raw_start"]), "entity_id": m["entity_id"], "normalized": None,
            "source": source}


def _quote_row(doc_id: str, segments: list[dict], q: dict, source: str) -> dict:
    return {"doc_id": doc_id, "id": q["id"], "kind": q["kind"], "content": span_row(segments, q["content"]),
            "cue": span_row(segments, q["cue"]), "speaker": span_row(segments, q["speaker"]),
            "speaker_entity_id": q["speaker_entity_id"], "source": source}


def _zone_of(segments: list[dict], offset: int) -> str:
    """The zoner's zone at ``offset`` (machine rows are laid on the machine's own zones)."""
    return next(s["zone"] for s in segments if s["raw_start"] <= offset < s["raw_end"])


def _timex_row(doc_id: str, segments: list[dict], t: dict, source: str) -> dict:
    return {"doc_id": doc_id, "id": t["id"], "type": t["type"], "value": t["value"], "mod": t["mod"],
            "anchor": t["anchor"], **span_row(segments, t), "source": source}


ROWS: dict[str, Callable[[str, list[dict], dict, str], dict]] = {
    "entities": _entity_row, "timex": _timex_row, "quotes": _quote_row}


def annotate(record: dict) -> dict[str, list[dict]]:
    """Every machine layer of a curated record, as gold-shaped annotation items (raw offsets)."""
    return _annotate_all([Document.from_record(record)])[0]


def _annotate_all(docs: list[Document]) -> list[dict[str, list[dict]]]:
    """Every machine layer of each document: one layer over all the documents, then the next.

    Layer after layer, not document after document: each annotator runs over the whole batch before
    the next begins. Over new documents, as in a build, that took about a seventh less time per
    article in paired builds (README *Performance*); over a few documents annotated again and again,
    which stay in the processor's caches either way, the two orders cost the same. The rows are the
    same either way (tests/test_machine_layers.py). A batch's documents and their tokens are held
    until its last layer is done: about 3 MB for the build's 64.
    """
    done: list[dict[str, list[dict]]] = [{} for _ in docs]
    for machine in MACHINE_LAYERS:
        annotate_one = machine.annotator.annotate
        for doc, layers in zip(docs, done, strict=True):
            layers[machine.layer] = annotate_one(doc, **{need: layers[need] for need in machine.needs})
    for layers in done:
        # a quote whose speaker has no span is no quote (schema/GUIDELINES.md §3); ids stay as found
        layers["quotes"] = [q for q in layers.get("quotes", []) if q.get("speaker")]
    return done


def _key(record: dict) -> tuple:
    """What the machine layers of a record depend on: its text (by digest), zones and publication times."""
    return (record["id"], record["raw_sha256"], record["published"], record.get("registry_published"),
            tuple((s["zone"], s["raw_start"], s["raw_end"]) for s in record["segments"]))


_remembered: dict[tuple, dict[str, list[dict]]] = {}


def annotate_batch(records: list[dict]) -> None:
    """Annotate ``records`` together and remember them all for ``annotated_items`` (forgetting the
    batch before).

    The build curates a batch of records, annotates the batch, then writes it. Annotating many
    articles in a row keeps the annotators' code, tables and automata in the processor's caches;
    one article at a time, the curation and the Parquet writers in between evict them, and the
    same work took about a third longer (tests/bench/bench_build.py, README *Performance*).
    """
    global _remembered
    found = _annotate_all([Document.from_record(record) for record in records])
    _remembered = {_key(record): items for record, items in zip(records, found, strict=True)}


def annotated_items(record: dict) -> dict[str, list[dict]]:
    """``annotate(record)``, remembered for the last batch (or record): each config asks for its layer in
    turn."""
    global _remembered
    key = _key(record)
    found = _remembered.get(key)
    if found is None:
        found = annotate(record)
        _remembered = {key: found}
    return found


def machine_rows(record: dict, layer: str) -> list[dict]:
    """The release rows of one machine layer for a record (annotated once per record, whatever the layer)."""
    machine = next(m for m in MACHINE_LAYERS if m.layer == layer)
    return [ROWS[layer](record["id"], record["segments"], item, machine.source)
            for item in annotated_items(record)[layer]]


def with_machine_layers(record: dict) -> dict:
    """The record with its layer lists holding the machine rows instead of the gold ones (events: none),
    for showing what the annotators find in any article."""
    return {**record, **{m.layer: machine_rows(record, m.layer) for m in MACHINE_LAYERS}, "events": []}
