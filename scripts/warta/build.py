"""warta build: registry + raw articles -> validated, deterministic release, swapped in atomically.

Nothing under dataset/data/ is touched until every document has been curated and
validated and every file of the new release has been written beside it; then one rename
swaps the folders. A failure at any step leaves the last release as it was.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from tqdm import tqdm

from .annotations import load_annotation, orphan_annotations
from .card import fill_blocks, render_readme
from .configs import CONFIGS
from .croissant import croissant
from .curate import check_registered_bytes, curate
from .errors import ProblemList, WartaError
from .features import features_for
from .integrity import document_problems
from .layout import Layout
from .manifest import MANIFEST, build_manifest, dumps
from .parquet_io import write_rows
from .plots import figures
from .rawtext import decode_raw, sha256_hex
from .registry import load_registry
from .schemas import schema_problems
from .stats import blocks
from .study import load_study


@dataclass
class BuildReport:
    counts: dict[str, int]
    files: list[Path]
    unannotated: list[str]


def curate_all(layout: Layout, *, progress: bool = True) -> list[dict]:
    """Curate and validate every registered article; raise with every problem found."""
    sources = load_registry(layout)
    problems: list[WartaError] = []
    records: list[dict] = []
    for src in tqdm(sources, desc="curating", unit="doc", disable=not progress, leave=False):
        where = f"line {src.line}"
        try:
            path = layout.raw_path(src.entry["raw_file"], where=where)
            if not path.is_file():
                raise WartaError("raw file is missing", file=layout.rel(path),
                                 where=f"registered on {layout.rel(layout.registry)} {where}")
            raw = path.read_bytes()
            check_registered_bytes(raw, src.entry, file=layout.rel(path))  # before the gold file blames itself
            ann = None
            if layout.annotation_path(src.id).is_file():
                ann = load_annotation(layout, src.id, decode_raw(raw, file=layout.rel(path)),
                                      sha256_hex(raw))
            record = curate(raw, src.entry, annotations=ann, file=layout.rel(path))
        except ProblemList as exc:
            problems.extend(exc.problems)
            continue
        except WartaError as exc:
            problems.append(exc)
            continue
        problems += schema_problems("document", record, file=layout.rel(path),
                                    where=f"document {record['id']}")
        problems += document_problems(record, file=layout.rel(path))
        records.append(record)
    problems += orphan_annotations(layout, {src.id for src in sources})
    if problems:
        raise ProblemList(problems)
    return records


def _swap_in(new: Path, target: Path) -> None:
    old = target.with_name(f".data-old-{os.getpid()}")
    if target.exists():
        os.rename(target, old)
    try:
        os.rename(new, target)
    except OSError:
        if old.exists():
            os.rename(old, target)
        raise
    if old.exists():
        shutil.rmtree(old)


def _write_bytes_atomic(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def _write_text_atomic(path: Path, text: str) -> None:
    _write_bytes_atomic(path, text.encode("utf-8"))


def build(layout: Layout, *, progress: bool = True) -> BuildReport:
    records = curate_all(layout, progress=progress)
    tables = {cfg.name: cfg.rows(records) for cfg in CONFIGS}
    generated = blocks(tables, load_study(layout))
    readme = render_readme(layout.readme.read_text(encoding="utf-8"), generated)
    datasheet = (fill_blocks(layout.datasheet.read_text(encoding="utf-8"), generated, file="DATASHEET.md")
                 if layout.datasheet.is_file() else None)
    images = figures(tables["documents"])
    layout.dataset.mkdir(exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".build-", dir=layout.dataset))
    try:
        files, counts = [], {}
        for cfg in tqdm(CONFIGS, desc="writing", unit="config", disable=not progress, leave=False):
            path = staging / cfg.relpath
            counts[cfg.name] = write_rows(tables[cfg.name], features_for(cfg.schema), path,
                                          sort_key=cfg.sort_key)
            files.append(layout.data_dir / cfg.relpath)
        manifest = build_manifest(layout, staging, CONFIGS)
        (staging / MANIFEST).write_text(dumps(manifest), encoding="utf-8")
        # contentUrls relative to dataset/, where croissant.json lives, so it loads as it is
        croissant_text = json.dumps(
            croissant([{**f, "path": f["path"].removeprefix("dataset/")} for f in manifest["files"]]),
            indent=2, ensure_ascii=False, sort_keys=False) + "\n"
        _swap_in(staging, layout.data_dir)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    _write_text_atomic(layout.croissant, croissant_text)
    _write_text_atomic(layout.readme, readme)
    if datasheet is not None:
        _write_text_atomic(layout.datasheet, datasheet)
    layout.figures_dir.mkdir(exist_ok=True)
    for name, data in images.items():
        _write_bytes_atomic(layout.figures_dir / name, data)
    return BuildReport(counts=counts, files=files,
                       unannotated=[r["id"] for r in records if not r["annotated"]])
