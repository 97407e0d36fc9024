"""warta build: registry + raw articles -> validated, deterministic, sharded release, swapped in at the end.

The build is a pipeline over shards: plan (the registry, streamed into one task file per
shard) -> each shard curated, checked and written on the engine (``warta.run.engine``),
or reused from the build cache when its inputs are unchanged -> the shards' partial
statistics merged -> manifest, card, datasheet, Croissant and figures -> commit.

Nothing under dataset/ or in the card is touched until every shard is whole and every
output has been staged in full; then one journaled transaction (``warta.transaction``)
moves them all into place. A failure before that point leaves the last release exactly
as it was; a build killed at any moment leaves either the old release or, once the next
command has rolled the journal forward, the new one, and the next build reuses the
shards already finished.
"""

from __future__ import annotations

import heapq
import json
import os
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from warta.annotation.study import load_study
from warta.describe.card import fill_blocks, render_readme
from warta.describe.croissant import croissant
from warta.describe.description import describe_dataset
from warta.describe.plots import figures
from warta.describe.stats import render_blocks
from warta.describe.summary import Partial, merge
from warta.errors import ProblemList, WartaError
from warta.faults import checkpoint
from warta.layout import Layout
from warta.release.configs import CONFIGS
from warta.release.manifest import MANIFEST, build_manifest, changed_inputs, described, dumps, hash_inputs
from warta.run.engine import ExecutorFactory, local_executor, run_plan
from warta.run.plan import Plan, make_plan
from warta.run.shard import PARTIAL, UNANNOTATED, cache_entry, problem_from
from warta.transaction import Transaction


@dataclass
class BuildReport:
    counts: dict[str, int]  # rows per config
    files: list[Path]  # release files written, in manifest order
    shards: int
    reused: int  # shards taken from the build cache
    unannotated: int
    first_unannotated: list[str]
    unannotated_list: Path | None  # every unannotated id, one a line
    seconds: dict[str, float]  # wall time of each step of the build
    shard_seconds: dict[str, float]  # time inside the shards (summed over shards), by stage


def _results(plan: Plan) -> list[dict]:
    results = []
    for shard in range(plan.shards):
        path = plan.result_file(shard)
        if not path.is_file():
            raise WartaError(f"shard {shard} of {plan.shards} did not finish",
                             hint="see the engine's task logs; run 'warta build' again to resume")
        results.append(json.loads(path.read_text(encoding="utf-8")))
    problems = [problem_from(p) for result in results for p in result["problems"]]
    if problems:
        raise ProblemList(problems)
    return results


def _link(source: Path, target: Path) -> None:
    """A release file from the cache: a hard link where the file system allows, else a copy."""
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)


def _assemble(layout: Layout, plan: Plan, results: list[dict], data: Path
              ) -> tuple[Partial, dict, dict, dict[str, str]]:
    """Lay the shards' files out as the release's data folder; merge their summaries.

    Also returns the sha256 each file had when its shard was written, for ``_check_cache``.
    """
    parts, firsts, counts = [], {cfg.name: None for cfg in CONFIGS}, {cfg.name: 0 for cfg in CONFIGS}
    written: dict[str, str] = {}
    for result in results:
        entry = cache_entry(layout, result["fingerprint"])
        saved = json.loads((entry / PARTIAL).read_text(encoding="utf-8"))
        parts.append(Partial.from_json(saved["partial"]))
        for cfg in CONFIGS:
            relpath = cfg.shard_relpath(result["shard"], plan.shards)
            _link(entry / f"{cfg.name}.parquet", data / relpath)
            written[f"dataset/data/{relpath}"] = saved["sha256"][cfg.name]
            counts[cfg.name] += saved["rows"][cfg.name]
            row = saved["firsts"][cfg.name]
            if row is not None and (firsts[cfg.name] is None or cfg.sort_key(row) < cfg.sort_key(firsts[cfg.name])):
                firsts[cfg.name] = row
    return merge(parts), firsts, counts, written


def _check_cache(layout: Layout, manifest: dict, written: dict[str, str]) -> None:
    """Every release file is the one its shard wrote: a changed cache entry is never published.

    Release files are hard links into the cache, so a file edited in either place is caught
    here, before the swap, by the hashes the manifest computes anyway.
    """
    for entry in manifest["files"]:
        if written.get(entry["path"]) != entry["sha256"]:
            raise WartaError("build cache entry changed after it was written", file=entry["path"],
                             hint=f"delete {layout.rel(layout.cache_dir)} and build again")


def _check_inputs(layout: Layout, before: dict) -> None:
    """The inputs are byte for byte those hashed before the build read them, so the manifest is true.

    The repository lock keeps other warta commands out; this catches an editor or a
    script that changed an input by hand while the build ran.
    """
    changed = changed_inputs(before, hash_inputs(layout))
    if changed:
        more = f" and {len(changed) - 1} more" if len(changed) > 1 else ""
        raise WartaError(f"input changed while the build ran{more}; nothing was published", file=changed[0],
                         hint="run 'warta build' again once nothing else writes to the repository")


def _unannotated_list(layout: Layout, results: list[dict]) -> Path:
    """Every unannotated id, sorted, merged from the shards' lists without holding them all."""
    target = layout.cache_dir / UNANNOTATED
    handles = [(cache_entry(layout, r["fingerprint"]) / UNANNOTATED).open(encoding="utf-8") for r in results]
    try:
        with target.open("w", encoding="utf-8") as out:
            out.writelines(heapq.merge(*handles))
    finally:
        for handle in handles:
            handle.close()
    return target


def _evict(layout: Layout, keep: set[str]) -> None:
    """Cache entries of shards this release no longer has: a cache of one build is enough to resume."""
    folder = layout.shards_dir
    for entry in folder.iterdir() if folder.is_dir() else ():
        if entry.name not in keep:
            shutil.rmtree(entry, ignore_errors=True)


@dataclass
class _Staged:
    """A release written in full under a transaction's staging area, not yet in place."""

    data: Path
    outputs: dict[Path, bytes]  # card, datasheet, Croissant, figures: target -> bytes
    plan: Plan
    results: list[dict]
    summary: Partial
    counts: dict[str, int]
    manifest: dict


def _stage(layout: Layout, txn: Transaction, clock: _Clock, *, progress: bool, workers: int,
           executor: ExecutorFactory | None) -> _Staged:
    """Everything a build writes, staged under ``txn``; the repository itself is not touched."""
    inputs = hash_inputs(layout)  # before anything is read: see _check_inputs
    plan = make_plan(layout, txn.area("plan"))
    clock.lap("plan")
    run_plan(plan, executor or local_executor(workers), progress=progress)
    clock.lap("shards")
    results = _results(plan)
    study = load_study(layout, entries=plan.pass_entries)
    checkpoint("stage dataset/data", path="dataset/data")
    data = txn.area("data")
    summary, firsts, counts, written = _assemble(layout, plan, results, data)
    clock.lap("merge")
    outputs = describe(layout, summary, firsts, study, plan.shards)
    clock.lap("describe")
    _check_inputs(layout, inputs)
    manifest = build_manifest(layout, data, CONFIGS, inputs)
    _check_cache(layout, manifest, written)
    # contentUrls relative to dataset/, where croissant.json lives, so it loads as it is
    outputs[layout.croissant] = (json.dumps(
        croissant([{**f, "path": f["path"].removeprefix("dataset/")} for f in manifest["files"]],
                  describe_dataset(layout)),
        indent=2, ensure_ascii=False, sort_keys=False) + "\n").encode("utf-8")
    manifest["metadata"] = [described("dataset/croissant.json", outputs[layout.croissant])]
    (data / MANIFEST).write_text(dumps(manifest), encoding="utf-8")
    clock.lap("manifest")
    return _Staged(data, outputs, plan, results, summary, counts, manifest)


def build(layout: Layout, *, progress: bool = True, workers: int = 1,
          executor: ExecutorFactory | None = None) -> BuildReport:
    """Build the release; ``executor`` runs the shards (default: datatrove on ``workers`` local processes)."""
    layout.dataset.mkdir(exist_ok=True)
    layout.cache_dir.mkdir(exist_ok=True)
    clock = _Clock()
    with Transaction(layout, "build") as txn:
        staged = _stage(layout, txn, clock, progress=progress, workers=workers, executor=executor)
        unannotated = _unannotated_list(layout, staged.results) if staged.summary.unannotated else None
        for target, content in staged.outputs.items():
            txn.write(target, content)
        txn.place(staged.data, layout.data_dir)
        txn.commit()
    results, summary = staged.results, staged.summary
    _evict(layout, {r["fingerprint"] for r in results})
    clock.lap("commit")
    inside: dict[str, float] = {}
    for result in results:
        for stage, value in result.get("seconds", {}).items():
            inside[stage] = inside.get(stage, 0.0) + value
    files = [layout.root / f["path"] for f in staged.manifest["files"]]
    return BuildReport(counts=staged.counts, files=files, shards=staged.plan.shards,
                       reused=sum(r["reused"] for r in results), unannotated=summary.unannotated,
                       first_unannotated=summary.first_unannotated, unannotated_list=unannotated,
                       seconds=clock.laps, shard_seconds=inside)


def rebuild_differences(layout: Layout, *, progress: bool = False, workers: int = 1) -> tuple[int, list[WartaError]]:
    """Build the release again from its inputs alone (no build cache) and compare it byte for byte.

    Returns how many files were compared and one problem per file that differs (or that
    only one side has). Nothing in the repository is changed: the rebuild is staged in the
    temporary area and discarded.
    """
    from warta.release.compare import differences

    layout.tmp_dir.mkdir(parents=True, exist_ok=True)
    fresh = Path(tempfile.mkdtemp(prefix="rebuild-cache-", dir=layout.tmp_dir))
    shadow = Layout(layout.root, shard_cache=fresh)
    try:
        with Transaction(shadow, "rebuild") as txn:
            staged = _stage(shadow, txn, _Clock(), progress=progress, workers=workers, executor=None)
            return differences(layout, staged.data, staged.outputs)
    finally:
        shutil.rmtree(fresh, ignore_errors=True)


class _Clock:
    """Wall time per step, for the build's report and the benchmark."""

    def __init__(self) -> None:
        self.laps: dict[str, float] = {}
        self._last = time.perf_counter()

    def lap(self, name: str) -> None:
        now = time.perf_counter()
        self.laps[name] = now - self._last
        self._last = now


def describe(layout: Layout, summary: Partial, firsts: dict, study: dict, shards: int) -> dict[Path, bytes]:
    """The card, the datasheet and the figures of the release, from the merged summary."""
    generated = render_blocks(summary, firsts, study, version=describe_dataset(layout).version)
    outputs: dict[Path, bytes] = {
        layout.readme: render_readme(layout.readme.read_text(encoding="utf-8"), generated,
                                     shards=shards).encode("utf-8")}
    if layout.datasheet.is_file():
        outputs[layout.datasheet] = fill_blocks(layout.datasheet.read_text(encoding="utf-8"), generated,
                                                file="DATASHEET.md").encode("utf-8")
    layout.figures_dir.mkdir(exist_ok=True)
    outputs |= {layout.figures_dir / name: data for name, data in figures(summary).items()}
    return outputs


def curate_all(layout: Layout, *, progress: bool = False) -> list[dict]:
    """Every registered article curated and checked, in memory: for small releases, show and tests."""
    from warta.run.plan import make_plan
    from warta.run.shard import _records, read_tasks

    layout.tmp_dir.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix="curate-", dir=layout.tmp_dir))
    try:
        plan = make_plan(layout, staging / "plan")
        problems: list[WartaError] = []
        records = [record for shard in range(plan.shards)
                   for record, _ in _records(plan, shard, read_tasks(plan, shard), problems)]
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    if problems:
        raise ProblemList(problems)
    return sorted(records, key=lambda r: r["id"])
