"""``warta export-annotations`` and ``warta import-annotations``: the formats behind one interface.

Export writes outside the repository (a file or folder the user names), atomically; import
writes gold or pass files into it, all in one transaction after every check has passed.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from warta.errors import WartaError
from warta.exchange import brat, labelstudio
from warta.exchange.delivery import Delivery, files_of
from warta.exchange.documents import (
    GOLD,
    Document,
    guidelines_version,
    load_document,
    refuse,
    registry,
    select,
    write_files,
)
from warta.exchange.labelconfig import label_config
from warta.layout import Layout

FORMATS = ("label-studio", "brat")


def _machine(doc: Document) -> tuple[dict[str, list[dict]], str]:
    from warta.machine.layers import MACHINE_LAYERS, annotate

    return annotate(doc.record), " + ".join(m.source for m in MACHINE_LAYERS)


def _write_out(path: Path, data: bytes) -> None:
    """A whole file or nothing: written beside its place, then renamed."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, staged = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(staged, 0o666 & ~umask)  # as an ordinary new file would be, not mkstemp's 0600
        os.replace(staged, path)
    except BaseException:
        Path(staged).unlink(missing_ok=True)
        raise


def config_path(out: Path) -> Path:
    """The labeling configuration written beside a task file: ``tasks.json`` -> ``tasks.label-config.xml``."""
    return out.with_name(out.stem + ".label-config.xml")


@dataclass
class Exported:
    documents: int
    annotated: int
    written: list[Path]


def export_annotations(layout: Layout, fmt: str, ids: list[str], *, unannotated: bool, every: bool,
                       out: Path) -> Exported:
    docs = select(layout, ids, unannotated=unannotated, every=every)
    guidelines = guidelines_version(layout)
    written: list[Path] = []
    if fmt == "label-studio":
        tasks = []
        for doc in docs:
            machine, version = _machine(doc)
            tasks.append(labelstudio.task(doc, machine, version, guidelines))
        _write_out(out, (json.dumps(tasks, ensure_ascii=False, indent=1) + "\n").encode("utf-8"))
        _write_out(config_path(out), label_config().encode("utf-8"))
        written = [out, config_path(out)]
    else:
        if out.exists() and not out.is_dir():
            raise WartaError("brat export goes into a folder; this is a file", file=str(out))
        _write_out(out / "annotation.conf", brat.annotation_conf().encode("utf-8"))
        written.append(out / "annotation.conf")
        empty = {"entities": [], "timex": [], "quotes": [], "events": []}
        for doc in docs:
            _write_out(out / f"{doc.id}.txt", doc.raw_text.encode("utf-8"))
            _write_out(out / f"{doc.id}.ann", brat.to_ann(doc.gold or empty).encode("utf-8"))
            written += [out / f"{doc.id}.txt", out / f"{doc.id}.ann"]
    return Exported(len(docs), sum(d.gold is not None for d in docs), written)


@dataclass
class Imported:
    files: dict[Path, bytes]  # every file the import makes, changed or not
    changed: list[Path]  # those that differ from the repository's (written, unless write=False)
    new_gold: list[str]  # documents whose first gold file this is: zones and metadata from the curation


class _Documents:
    """Registered documents by raw sha256, loaded (and curated) only when an import names them."""

    def __init__(self, layout: Layout) -> None:
        self.layout = layout
        self.entries = {e["sha256"]: e for e in registry(layout).values() if e.get("sha256")}
        self.loaded: dict[str, Document] = {}

    def __call__(self, sha256: object) -> Document | None:
        if not isinstance(sha256, str) or sha256 not in self.entries:
            return None
        if sha256 not in self.loaded:
            self.loaded[sha256] = load_document(self.layout, self.entries[sha256])
        return self.loaded[sha256]


def _brat_deliveries(layout: Layout, folder: Path, docs: _Documents, target: str, guidelines: str
                     ) -> tuple[list[Delivery], list[WartaError]]:
    from warta.curation.rawtext import sha256_hex

    if not folder.is_dir():
        raise WartaError("a brat import reads a folder of .txt and .ann files", file=str(folder))
    out, problems = [], []
    for ann in sorted(folder.glob("*.ann")):
        txt = ann.with_suffix(".txt")
        if not txt.is_file():
            problems.append(WartaError("no .txt beside the .ann file", file=str(ann)))
            continue
        digest = sha256_hex(txt.read_bytes())
        doc = docs(digest)
        if doc is None or doc.id != ann.stem:
            problems.append(WartaError(f"raw sha256 {digest} is not registered" if doc is None else
                                       f"these bytes are registered as {doc.id}, not {ann.stem}", file=str(txt),
                                       hint="the .txt is the raw file, byte for byte, named by its document id"))
            continue
        try:
            ann_text = ann.read_bytes().decode("utf-8")
        except UnicodeDecodeError as exc:
            problems.append(WartaError(f"not UTF-8 (byte {exc.start})", file=str(ann),
                                       hint="brat writes .ann files in UTF-8"))
            continue
        regions, links, found = brat.read_ann(ann_text, doc.raw_text)
        out.append(Delivery(doc, target, regions, links, ann.name, guidelines, found))
    return out, problems


_LAYERS = ("entities", "timex", "quotes", "events")


def _removals(layout: Layout, path: Path, data: bytes) -> WartaError | None:
    """A problem when writing ``data`` over an existing annotation file would drop items it holds.

    An export read back from a tool that shows fewer layers, or an emptied annotation, would
    otherwise silently replace gold with less; deleting items on purpose takes --allow-removals.
    """
    if not path.is_file():
        return None
    from warta.jsonio import load_json

    old = load_json(path.read_bytes(), file=layout.rel(path))
    new = load_json(data, file=layout.rel(path))
    lost = {layer: sorted({i["id"] for i in old.get(layer, [])} - {i["id"] for i in new.get(layer, [])})
            for layer in _LAYERS}
    lost = {layer: ids for layer, ids in lost.items() if ids}
    if not lost:
        return None
    said = "; ".join(f"{len(ids)} of {len(old[layer])} {layer} ({', '.join(ids[:5])}{', …' if len(ids) > 5 else ''})"
                     for layer, ids in lost.items())
    return WartaError(f"the import would remove {said}", file=layout.rel(path),
                      hint="if the annotator deleted them on purpose, import again with --allow-removals")


def import_annotations(layout: Layout, fmt: str, source: Path, *, forced_pass: str | None,
                       write: bool = True, allow_removals: bool = False) -> Imported:
    """Check everything the source holds; write the files only if all of it is sound."""
    if not source.exists():
        raise WartaError("no such file", file=str(source))
    if fmt == "label-studio" and source.is_dir():
        raise WartaError("is a folder, not a Label Studio export", file=str(source),
                         hint="a folder of .txt and .ann files is imported with --format brat")
    docs = _Documents(layout)
    guidelines = guidelines_version(layout)
    if fmt == "label-studio":
        tasks = labelstudio.read_export(source.read_bytes(), file=str(source))
        deliveries, problems = labelstudio.deliveries(tasks, docs, forced_pass=forced_pass, guidelines=guidelines,
                                                      file=str(source))
    else:
        deliveries, problems = _brat_deliveries(layout, source, docs, forced_pass or GOLD, guidelines)
    files, more = files_of(layout, deliveries, file=str(source))
    refuse(problems + more)
    changed = {p: data for p, data in files.items() if not (p.is_file() and p.read_bytes() == data)}
    if not allow_removals:
        refuse([problem for path, data in changed.items() if (problem := _removals(layout, path, data))])
    new_gold = sorted(p.stem for p in changed if p.parent == layout.annotations_dir and not p.exists())
    if write and changed:
        write_files(layout, changed)
    return Imported(files, sorted(changed), new_gold)


def passes_to_adjudicate(layout: Layout, ids: list[str], source: Path | None
                         ) -> list[tuple[str, dict, dict, dict | None]]:
    """(document id, pass a, pass b, gold or None) from the repository's passes, or from a Label Studio export."""
    from warta.exchange.delivery import annotations_of
    from warta.exchange.documents import target_path
    from warta.jsonio import load_json

    if source is not None:
        docs = _Documents(layout)
        tasks = labelstudio.read_export(source.read_bytes(), file=str(source))
        deliveries, problems = labelstudio.deliveries(tasks, docs, forced_pass=None,
                                                      guidelines=guidelines_version(layout), file=str(source))
        made, more = annotations_of(layout, deliveries, file=str(source))
        refuse(problems + more)
        found = sorted({doc_id for doc_id, target in made if target == "a" and (doc_id, "b") in made})
        return [(d, made[(d, "a")][1], made[(d, "b")][1],
                 made[(d, GOLD)][1] if (d, GOLD) in made else made[(d, "a")][0].doc.gold)
                for d in found if not ids or d in ids]
    out = []
    for doc_id in ids or sorted(registry(layout)):
        paths = [target_path(layout, doc_id, p) for p in ("a", "b")]
        if not all(p.is_file() for p in paths):
            if ids:
                raise WartaError(f"document {doc_id} has not both passes", file=layout.rel(paths[0].parent.parent))
            continue
        a, b = (load_json(p.read_bytes(), file=layout.rel(p)) for p in paths)
        gold_path = layout.annotation_path(doc_id)
        gold = load_json(gold_path.read_bytes(), file=layout.rel(gold_path)) if gold_path.is_file() else None
        out.append((doc_id, a, b, gold))
    return out
