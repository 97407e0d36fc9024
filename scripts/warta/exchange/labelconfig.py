"""The Label Studio project's vocabulary, and its labeling configuration generated from it.

Two tables say everything a Warta project in Label Studio contains: the label controls
(one per gold layer, their values read from ``schema/labels.json`` and the quote parts of
``warta.annotation.layers``) and the per-region fields (entity and event-cluster ids, timex
value and mod, quote kind, the speaker's entity). The XML and the reading and writing of
tasks are both derived from them, so nothing in the configuration is typed by hand and a
label added to the inventory reaches the tool with the next export.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass

from warta.exchange.assemble import QUOTE_ANCHOR, QUOTE_PARTS
from warta.release.schemas import load_inventory

TEXT = "text"  # the Text object: the whole raw text, so that region offsets are raw offsets
ZONES = "zones"  # read-only context: the document's zones, one paragraph each


@dataclass(frozen=True)
class LabelControl:
    """A Labels control: its regions are the spans of one gold layer."""

    name: str
    layer: str
    values: Callable[[dict], list[tuple[str, str]]]  # inventory -> (value, hint)
    header: str


@dataclass(frozen=True)
class RegionField:
    """A per-region TextArea or Choices: one field of the items of a layer (or of one quote part)."""

    name: str
    layer: str
    label: str | None  # only on regions with this label (a quote part), or on all of the layer's
    kind: str  # textarea | choices
    field: str  # the key in ``Region.values``
    header: str
    options: Callable[[dict], list[tuple[str, str]]] | None = None  # choices: inventory -> (value, hint)


def _named(items: list[dict]) -> list[tuple[str, str]]:
    return [(i["name"], i["definition"]) for i in items]


LABEL_CONTROLS: tuple[LabelControl, ...] = (
    LabelControl("entity", "entities", lambda inv: _named(inv["entities"]["labels"]),
                 "Entities: named mentions, flat, in every zone"),
    LabelControl("timex", "timex", lambda inv: _named(inv["timex"]["types"]),
                 "Time expressions (TIMEX3): set the value, and the mod if any"),
    LabelControl("quote", "quotes",
                 lambda inv: [(part, f"the {part} of an attribution" + (
                     "; link it to its speaker and its content" if part == QUOTE_ANCHOR else ""))
                              for part in QUOTE_PARTS],
                 "Quotes: mark speaker, cue and content, and link the cue to the other two"),
    LabelControl("event", "events", lambda inv: _named(inv["events"]["types"]),
                 "Event triggers: link the trigger to each argument (entity or timex); the relation label is its role"),
)

REGION_FIELDS: tuple[RegionField, ...] = (
    RegionField("entity_id", "entities", None, "textarea", "entity_id",
                "entity_id: snake_case id of the real-world entity, shared across documents"),
    RegionField("normalized", "entities", None, "textarea", "normalized",
                "normalized (only if verified): db_name:db_id, then the note on a second line"),
    RegionField("timex_value", "timex", None, "textarea", "value", "value (TIMEX3, e.g. 2025-04-28, P3Y)"),
    RegionField("timex_mod", "timex", None, "choices", "mod", "mod (leave empty for none)",
                lambda inv: _named(inv["timex"]["mods"])),
    RegionField("quote_kind", "quotes", "content", "choices", "kind", "kind of the quote",
                lambda inv: _named(inv["quotes"]["kinds"])),
    RegionField("speaker_entity_id", "quotes", "speaker", "textarea", "speaker_entity_id",
                "speaker's entity_id (empty if the speaker is no entity)"),
    RegionField("event_cluster", "events", None, "textarea", "event_cluster",
                "event_cluster: snake_case id of the real-world event, shared across documents"),
)

CONTROL_OF_LAYER = {c.layer: c for c in LABEL_CONTROLS}


def roles(inventory: dict) -> list[str]:
    """Every event argument role, in the inventory's order: the Relation labels."""
    seen: list[str] = []
    for event in inventory["events"]["types"]:
        seen += [r for r in event["roles"] if r not in seen]
    return seen


def label_config(inventory: dict | None = None) -> str:
    """The labeling configuration (XML) of a Warta project."""
    inventory = inventory or load_inventory("labels")
    view = ET.Element("View")
    ET.SubElement(view, "Header", value="Warta gold annotation: follow schema/GUIDELINES.md; spans are raw text")
    for control in LABEL_CONTROLS:
        ET.SubElement(view, "Header", value=control.header, size="6")
        labels = ET.SubElement(view, "Labels", name=control.name, toName=TEXT, showInline="true")
        for value, hint in control.values(inventory):
            ET.SubElement(labels, "Label", value=value, hint=hint)
    relations = ET.SubElement(view, "Relations")
    for role in roles(inventory):
        ET.SubElement(relations, "Relation", value=role)
    ET.SubElement(view, "Text", name=TEXT, value=f"${TEXT}", granularity="symbol")
    for field in REGION_FIELDS:
        shown = {"visibleWhen": "region-selected", "whenTagName": CONTROL_OF_LAYER[field.layer].name}
        if field.label:
            shown["whenLabelValue"] = field.label
        box = ET.SubElement(view, "View", shown)
        ET.SubElement(box, "Header", value=field.header, size="6")
        attrs = {"name": field.name, "toName": TEXT, "perRegion": "true"}
        if field.label:
            attrs["whenLabelValue"] = field.label
        if field.kind == "textarea":
            ET.SubElement(box, "TextArea", attrs, maxSubmissions="1", editable="true", rows="1")
        else:
            choices = ET.SubElement(box, "Choices", attrs, choice="single", showInline="true")
            for value, hint in field.options(inventory):
                ET.SubElement(choices, "Choice", value=value, hint=hint)
    ET.SubElement(view, "Header", value="Zones (read-only context: kept from the gold file, or the curation's)",
                  size="6")
    ET.SubElement(view, "Paragraphs", name=ZONES, value=f"${ZONES}", layout="dialogue", nameKey="zone",
                  textKey="text")
    ET.indent(view, space="  ")
    return ET.tostring(view, encoding="unicode") + "\n"
