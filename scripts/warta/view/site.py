"""warta view: the whole static site, written in one pass over the release and swapped in at the end.

Two streaming passes: the first reads four small columns to count the documents of each
index facet (so every index page knows how many pages follow); the second renders each
document, hands its row to the index pages, and adds its machine-vs-gold counts to the
dataset page's table. The site is written into a new folder beside ``out`` and takes its
place only when complete, so a failure leaves the previous view (or nothing) there.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections import Counter
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from warta.errors import WartaError
from warta.layout import Layout, check_id
from warta.machine.layers import MACHINE_LAYERS
from warta.machine.scoring import score
from warta.view.dataset_page import dataset_page, figures
from warta.view.document import document_page
from warta.view.index import PAGE_SIZE, Pager, browse_page, facet_heading, facets, index_row, stem
from warta.view.release import Release

MARKER = ".warta-view"  # names a folder as a view this command may replace
ASSETS = ("view.css", "view.js")


@dataclass
class ViewReport:
    out: Path
    documents: int
    index_pages: int
    files: int
    bytes: int


def _check_out(layout: Layout, out: Path) -> None:
    if Path(os.path.abspath(out)).is_relative_to(Path(os.path.abspath(layout.dataset))):
        raise WartaError("the view cannot be written inside dataset/ (it is the release)", file=str(out),
                         hint="choose a folder outside dataset/, e.g. --out view")
    if out.is_symlink() or (out.exists() and not out.is_dir()):
        raise WartaError("not a folder", file=str(out), hint="choose a new folder for --out")
    if out.is_dir() and any(out.iterdir()) and not (out / MARKER).is_file():
        raise WartaError("folder exists and is not an earlier warta view: it is left as it is", file=str(out),
                         hint="choose a new or empty folder, or one an earlier 'warta view' wrote")


def _swap(staged: Path, out: Path) -> None:
    """Put the finished site in place; an earlier view there goes only once the new one is whole."""
    old = None
    if out.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-", dir=out.parent))
        os.rename(out, old / "view")
    os.rename(staged, out)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def _write_assets(folder: Path) -> None:
    (folder / "assets").mkdir()
    for name in ASSETS:
        (folder / "assets" / name).write_bytes(resources.files("warta.view").joinpath("assets", name).read_bytes())


def _render(layout: Layout, release: Release, wanted, site: Path, page_size: int) -> tuple[int, int, int]:
    counts: Counter = Counter()
    total = 0
    for entry in release.catalogue(wanted):
        total += 1
        counts.update(facets(entry))
    main = Pager(site, "index", "Documents", total, page_size)
    pagers = {key: Pager(site, stem(*key), facet_heading(*key), n, page_size) for key, n in sorted(counts.items())}
    (site / "doc").mkdir()
    annotated = 0
    machine_counts: dict[str, dict[str, int]] = {}
    for record, machine in release.documents(wanted):
        check_id(record["id"], file=layout.rel(layout.data_dir / "documents"))
        (site / "doc" / f"{record['id']}.html").write_text(document_page(record, machine), encoding="utf-8")
        row = index_row(record, machine)
        main.add(row)
        for key in facets(record):
            pagers[key].add(row)
        if record["annotated"]:
            annotated += 1
            for m in MACHINE_LAYERS:
                into = machine_counts.setdefault(m.config, {})
                for name, n in score(m.layer, machine[m.layer], record[m.layer]).items():
                    into[name] = into.get(name, 0) + n
    for pager in (main, *pagers.values()):
        pager.close()
    (site / "browse.html").write_text(browse_page(counts, total), encoding="utf-8")
    pictures = figures(layout)
    (site / "figures").mkdir()
    for name, data in pictures.items():
        (site / "figures" / name).write_bytes(data)
    (site / "dataset.html").write_text(dataset_page(layout, total, annotated, machine_counts, list(pictures)),
                                       encoding="utf-8")
    return total, sum(len(p.written) for p in (main, *pagers.values())), annotated


def write_view(layout: Layout, out: Path, ids: list[str] | None = None, *, page_size: int = PAGE_SIZE) -> ViewReport:
    """Write the view of the release (or of the documents ``ids``) to the folder ``out``."""
    out = Path(os.path.abspath(out))
    _check_out(layout, out)
    release = Release.open(layout)
    wanted = release.wanted(list(dict.fromkeys(ids))) if ids else None
    out.parent.mkdir(parents=True, exist_ok=True)
    site = Path(tempfile.mkdtemp(prefix=f".{out.name}.new-", dir=out.parent))
    try:
        _write_assets(site)
        documents, index_pages, _ = _render(layout, release, wanted, site, page_size)
        (site / MARKER).write_text("written by warta view; replaced by the next one\n", encoding="utf-8")
        files = [p for p in site.rglob("*") if p.is_file()]
        size = sum(p.stat().st_size for p in files)
        os.chmod(site, 0o755)  # mkdtemp makes it private; a site is for reading
        _swap(site, out)
    except BaseException:
        shutil.rmtree(site, ignore_errors=True)
        raise
    return ViewReport(out, documents, index_pages, len(files), size)
