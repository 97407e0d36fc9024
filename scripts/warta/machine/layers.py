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
from warta.machine import timex
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
    MachineLayer("timex", timex, (),
                 "One row per machine TIMEX3 time expression (warta-timex rules), for every document."),
)


def _timex_row(doc_id: str, segments: list[dict], t: dict, source: str) -> dict:
    return {"doc_id": doc_id, "id": t["id"], "type": t["type"], "value": t["value"], "mod": t["mod"],
            "anchor": t["anchor"], **span_row(segments, t), "source": source}


ROWS: dict[str, Callable[[str, list[dict], dict, str], dict]] = {"timex": _timex_row}


def annotate(record: dict) -> dict[str, list[dict]]:
    """Every machine layer of a curated record, as gold-shaped annotation items (raw offsets)."""
    doc = Document.from_record(record)
    done: dict[str, list[dict]] = {}
    for machine in MACHINE_LAYERS:
        done[machine.layer] = machine.annotator.annotate(doc, **{need: done[need] for need in machine.needs})
    return done


_last: tuple[tuple, dict[str, list[dict]]] | None = None


def annotated_items(record: dict) -> dict[str, list[dict]]:
    """``annotate(record)``, remembered for the last record: each config asks for its layer in turn."""
    global _last
    key = (record["id"], record["raw_sha256"], record["published"],
           tuple((s["zone"], s["raw_start"], s["raw_end"]) for s in record["segments"]))
    if _last is None or _last[0] != key:
        _last = (key, annotate(record))
    return _last[1]


def machine_rows(record: dict, layer: str) -> list[dict]:
    """The release rows of one machine layer for a record (annotated once per record, whatever the layer)."""
    machine = next(m for m in MACHINE_LAYERS if m.layer == layer)
    return [ROWS[layer](record["id"], record["segments"], item, machine.source)
            for item in annotated_items(record)[layer]]
