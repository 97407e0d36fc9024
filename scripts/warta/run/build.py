"""warta build: registry + raw articles -> validated, deterministic release, swapped in at the end.

Nothing under dataset/ or in the card is touched until every document has been curated and
validated and every output (Parquet files, manifest, Croissant, card, datasheet, figures)
has been written in full beside its target. Only renames follow: the data folder is swapped
(two renames, the old folder restored if the second fails) and each other file replaced.
A failure before that point leaves the last release exactly as it was.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from tqdm import tqdm

from warta.annotation.gold import load_annotation, orphan_annotations
from warta.annotation.study import load_study
from warta.curation.curate import check_registered_bytes, curate
from warta.curation.rawtext import decode_raw, read_raw
from warta.describe.card import fill_blocks, render_readme
from warta.describe.croissant import croissant
from warta.describe.plots import figures
from warta.describe.stats import blocks
from warta.errors import ProblemList, WartaError
from warta.intake.registry import load_registry
from warta.layout import Layout
from warta.release.configs import CONFIGS
from warta.release.features import features_for
from warta.release.integrity import document_problems
from warta.release.manifest import MANIFEST, build_manifest, described, dumps
from warta.release.parquet_io import write_rows
from warta.release.schemas import schema_problems


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
            raw = read_raw(path, file=layout.rel(path))
            digest = check_registered_bytes(raw, src.entry, file=layout.rel(path))  # before the gold file
            ann = None
            if layout.annotation_path(src.id).is_file():
                ann = load_annotation(layout, src.id, decode_raw(raw, file=layout.rel(path)), digest)
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


def _swap_in(new: Path, target: Path) -> Path | None:
    """Rename ``new`` to ``target``; return where the old folder now is (removed by the caller last)."""
    old = target.with_name(f".data-old-{os.getpid()}")
    had_old = target.exists()
    if had_old:
        os.rename(target, old)
    try:
        os.rename(new, target)
    except OSError:
        if had_old:
            os.rename(old, target)
        raise
    return old if had_old else None


def _stage_file(path: Path, data: bytes) -> Path:
    """Write ``data`` in full beside ``path``; the caller renames it into place."""
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    tmp.write_bytes(data)
    return tmp


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def build(layout: Layout, *, progress: bool = True) -> BuildReport:
    records = curate_all(layout, progress=progress)
    tables = {cfg.name: cfg.rows(records) for cfg in CONFIGS}
    generated = blocks(tables, load_study(layout))
    outputs: dict[Path, bytes] = {
        layout.readme: render_readme(layout.readme.read_text(encoding="utf-8"), generated).encode("utf-8")}
    if layout.datasheet.is_file():
        outputs[layout.datasheet] = fill_blocks(layout.datasheet.read_text(encoding="utf-8"), generated,
                                                file="DATASHEET.md").encode("utf-8")
    outputs |= {layout.figures_dir / name: data for name, data in figures(tables["documents"]).items()}
    layout.dataset.mkdir(exist_ok=True)
    layout.figures_dir.mkdir(exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".build-", dir=layout.dataset))
    os.chmod(staging, 0o777 & ~_umask())  # mkdtemp's 0700 would become the release folder's mode
    staged: dict[Path, Path] = {}
    try:
        files, counts = [], {}
        for cfg in tqdm(CONFIGS, desc="writing", unit="config", disable=not progress, leave=False):
            path = staging / cfg.relpath
            counts[cfg.name] = write_rows(tables[cfg.name], features_for(cfg.schema), path,
                                          sort_key=cfg.sort_key)
            files.append(layout.data_dir / cfg.relpath)
        manifest = build_manifest(layout, staging, CONFIGS)
        # contentUrls relative to dataset/, where croissant.json lives, so it loads as it is
        outputs[layout.croissant] = (json.dumps(
            croissant([{**f, "path": f["path"].removeprefix("dataset/")} for f in manifest["files"]]),
            indent=2, ensure_ascii=False, sort_keys=False) + "\n").encode("utf-8")
        manifest["metadata"] = [described("dataset/croissant.json", outputs[layout.croissant])]
        (staging / MANIFEST).write_text(dumps(manifest), encoding="utf-8")
        for target, data in outputs.items():
            staged[target] = _stage_file(target, data)
        old = _swap_in(staging, layout.data_dir)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        for tmp in staged.values():
            tmp.unlink(missing_ok=True)
        raise
    for target, tmp in staged.items():  # renames only: nothing left that can run out of space
        os.replace(tmp, target)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)  # last, and best effort: the release is complete already
    return BuildReport(counts=counts, files=files,
                       unannotated=[r["id"] for r in records if not r["annotated"]])
