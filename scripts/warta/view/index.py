"""Index pages: a fixed number of documents a page, written as soon as a page is full.

Besides the index of every document in release order there is one paginated index per
outlet, per month of publication and per annotation state (the facets of ``browse.html``),
so the whole corpus can be filtered without any page listing it all. Each page sorts and
filters its own rows in the browser. Memory is one unwritten page per facet value.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from warta.view.page import esc, shell
from warta.view.spans import LAYER_VIEWS

PAGE_SIZE = 100
MACHINE_LAYERS_SHOWN = ("entities", "timex", "quotes")
STATES = {"gold": "gold and machine", "machine": "machine only"}
COLUMNS = ("id", "outlet", "title", "published", "zones", "gold e · t · q · v", "machine e · t · q", "annotation")
_MONTH = re.compile(r"^\d{4}-\d{2}")


def month(published: str | None) -> str:
    return published[:7] if published and _MONTH.match(published) else "undated"


def slug(value: str) -> str:
    """A file-name-safe, unique stand-in for any outlet name (names are arbitrary text)."""
    readable = re.sub(r"[^a-z0-9]+", "-", value.lower()).strip("-")[:40] or "outlet"
    return f"{readable}-{hashlib.sha256(value.encode('utf-8')).hexdigest()[:8]}"


def facets(entry: dict) -> list[tuple[str, str]]:
    """The (facet, value) pairs of a catalogue entry (id, outlet, published, annotated)."""
    return [("outlet", entry["outlet"]), ("month", month(entry["published"])),
            ("state", "gold" if entry["annotated"] else "machine")]


def stem(facet: str, value: str) -> str:
    return f"{facet}-{slug(value) if facet == 'outlet' else value}"


def page_name(name: str, number: int) -> str:
    return f"{name}.html" if number == 1 else f"{name}-{number}.html"


@dataclass(frozen=True)
class Row:
    html: str
    outlet: str


def _zone_bar(segments: list[dict], raw_chars: int) -> str:
    chars: Counter = Counter()
    for seg in segments:
        chars[seg["zone"]] += seg["raw_end"] - seg["raw_start"]
    total = max(raw_chars, 1)
    parts = [(zone, 100 * n / total) for zone, n in chars.items()]
    label = ", ".join(f"{zone} {share:.0f} %" for zone, share in parts)
    cells = "".join(f"<span class=\"z-{esc(zone)}\" style=\"width:{share:.1f}%\"></span>" for zone, share in parts)
    return f"<span class=\"zbar\" role=\"img\" aria-label=\"zones: {esc(label)}\" title=\"{esc(label)}\">{cells}</span>"


def index_row(record: dict, machine: dict[str, list[dict]]) -> Row:
    """The index row of a document: link, metadata, zone composition, rows per layer."""
    gold = [len(record[view.name]) for view in LAYER_VIEWS]
    made = [len(machine.get(layer, [])) for layer in MACHINE_LAYERS_SHOWN]
    state = "gold" if record["annotated"] else "machine"
    published = record["published"] or ""
    cells = [
        f"<td><a href=\"doc/{esc(record['id'])}.html\">{esc(record['id'])}</a></td>",
        f"<td>{esc(record['outlet'])}</td>", f"<td>{esc(record['title'] or '—')}</td>",
        f"<td data-v=\"{esc(published)}\">{esc(published or '—')}</td>",
        f"<td>{_zone_bar(record['segments'], len(record['raw_text']))}</td>",
        f"<td data-v=\"{sum(gold)}\">{' · '.join(map(str, gold)) if record['annotated'] else '—'}</td>",
        f"<td data-v=\"{sum(made)}\">{' · '.join(map(str, made))}</td>",
        f"<td>{STATES[state]}</td>",
    ]
    attrs = (f" data-outlet=\"{esc(record['outlet'])}\" data-published=\"{esc(published[:10])}\" "
             f"data-state=\"{state}\"")
    return Row(f"<tr{attrs}>{''.join(cells)}</tr>", record["outlet"])


def _nav(name: str, number: int, pages: int) -> str:
    if pages == 1:
        return ""
    shown = sorted({1, pages, *range(max(1, number - 2), min(pages, number + 2) + 1)})
    links, last = [], 0
    for n in shown:
        if n - last > 1:
            links.append("<span aria-hidden=\"true\">…</span>")
        current = " aria-current=\"page\"" if n == number else ""
        links.append(f"<a href=\"{page_name(name, n)}\"{current}>{n}</a>")
        last = n
    prev = f"<a rel=\"prev\" href=\"{page_name(name, number - 1)}\">previous</a>" if number > 1 else ""
    succ = f"<a rel=\"next\" href=\"{page_name(name, number + 1)}\">next</a>" if number < pages else ""
    return f"<nav class=\"pages\" aria-label=\"pages\">{prev} {' '.join(links)} {succ}</nav>"


def _filters(outlets: list[str]) -> str:
    options = "".join(f"<option>{esc(o)}</option>" for o in outlets)
    return ("<div class=\"filters\" role=\"search\" aria-label=\"filter the documents of this page\">"
            f"<label>Outlet <select data-filter=\"outlet\"><option value=\"\">all</option>{options}</select></label>"
            "<label>Published from <input type=\"date\" data-filter=\"from\"></label>"
            "<label>to <input type=\"date\" data-filter=\"to\"></label>"
            "<label>Annotation <select data-filter=\"state\"><option value=\"\">all</option>"
            "<option value=\"gold\">gold and machine</option><option value=\"machine\">machine only</option>"
            "</select></label><output data-shown aria-live=\"polite\"></output></div>")


class Pager:
    """One paginated index: rows go in, a page file comes out each time ``size`` rows have arrived."""

    def __init__(self, folder: Path, name: str, heading: str, total: int, size: int = PAGE_SIZE) -> None:
        self.folder, self.name, self.heading, self.size = folder, name, heading, size
        self.total = total
        self.pages = max(1, -(-total // size))
        self.number = 0
        self.written: list[Path] = []
        self._rows: list[Row] = []

    def add(self, row: Row) -> None:
        self._rows.append(row)
        if len(self._rows) == self.size:
            self._write()

    def close(self) -> None:
        if self._rows or not self.written:
            self._write()

    def _write(self) -> None:
        self.number += 1
        first = (self.number - 1) * self.size + 1
        heads = "".join(f"<th scope=\"col\" aria-sort=\"none\"><button type=\"button\" data-sort=\"{i}\">{esc(c)}"
                        "</button></th>" for i, c in enumerate(COLUMNS))
        rows = "\n".join(r.html for r in self._rows)
        where = (f"documents {first:,}–{first + len(self._rows) - 1:,} of {self.total:,}, page {self.number} of "
                 f"{self.pages}") if self._rows else "no documents"
        nav = _nav(self.name, self.number, self.pages)
        body = (f"<h1>{esc(self.heading)}</h1><p class=\"sub\">{where}; sorting and filtering act on this page, "
                f"<a href=\"browse.html\">browse</a> filters the whole corpus by outlet, month and annotation.</p>"
                f"{nav}{_filters(sorted({r.outlet for r in self._rows}))}"
                f"<table class=\"index\"><caption class=\"vh\">{esc(self.heading)}</caption><thead><tr>{heads}</tr>"
                f"</thead>\n<tbody>\n{rows}\n</tbody></table>{nav}")
        path = self.folder / page_name(self.name, self.number)
        path.write_text(shell(f"{self.heading} · page {self.number}", body, root=""), encoding="utf-8")
        self.written.append(path)
        self._rows = []


def browse_page(counts: dict[tuple[str, str], int], total: int) -> str:
    """Every facet value with its number of documents and a link to its first index page."""
    parts = []
    for facet, heading in (("outlet", "By outlet"), ("month", "By month of publication"),
                           ("state", "By annotation")):
        values = sorted(v for f, v in counts if f == facet)
        items = "".join(f"<li><a href=\"{page_name(stem(facet, v), 1)}\">{esc(STATES.get(v, v))}</a> "
                        f"({counts[(facet, v)]:,})</li>" for v in values)
        parts.append(f"<section><h2>{heading}</h2><ul class=\"facets\">{items}</ul></section>")
    body = f"<h1>Browse {total:,} documents</h1>{''.join(parts)}"
    return shell("Browse", body, root="")


def facet_heading(facet: str, value: str) -> str:
    return {"outlet": f"Outlet {value}", "month": f"Published {value}",
            "state": f"Annotation: {STATES.get(value, value)}"}[facet]
