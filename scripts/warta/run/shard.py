"""One shard of a build: curate its documents, check them, write every config's shard file.

A shard's output is a pure function of its inputs (its registry lines, the raw bytes they
pin by sha256, its gold files) and of the toolkit, so it is stored in the build cache under
the digest of both (its fingerprint): a later build whose shard has the same fingerprint
reuses the files instead of curating again, and gets the same bytes a clean build would.

Everything a worker reports goes through files (the result file of its shard, the cache
entry), never through return values, so that the same function runs in a loop, in local
worker processes or on the nodes of a cluster.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import time
from collections.abc import Iterator
from itertools import islice
from pathlib import Path
from typing import TypeVar

from warta.annotation.gold import load_annotation
from warta.curation.curate import check_registered_bytes, curate
from warta.curation.rawtext import decode_raw
from warta.describe.summary import Partial
from warta.errors import ProblemList, WartaError
from warta.intake.rawstore import is_pack, iter_shard_raw
from warta.intake.registry import registry_line
from warta.layout import Layout
from warta.machine.layers import annotate_batch
from warta.release.configs import CONFIGS
from warta.release.features import features_for
from warta.release.integrity import document_problems
from warta.release.parquet_io import RowWriter
from warta.release.schemas import schema_problems
from warta.run.collector import collector_paused
from warta.run.plan import Plan

T = TypeVar("T")

PARTIAL = "partial.json"
UNANNOTATED = "unannotated.txt"
ANNOTATE_BATCH = 64
"""Records curated, then annotated, then written together: a batch's machine layers are made in a
row, layer after layer, with the annotators warm in the processor's caches
(``warta.machine.layers.annotate_batch``). A batch is small beside a shard's raw bytes: the peak
memory of a build did not change (bench_build)."""


def cache_entry(layout: Layout, fingerprint: str) -> Path:
    return layout.shards_dir / fingerprint


def read_tasks(plan: Plan, shard: int) -> list[tuple[int, dict]]:
    """The shard's registry lines (line number, entry), in id order: the order rows are written in."""
    tasks = []
    with plan.task_file(shard).open(encoding="utf-8") as handle:
        for line in handle:
            task = json.loads(line)
            tasks.append((task["line"], task["entry"]))
    return sorted(tasks, key=lambda task: task[1]["id"])


def fingerprint(plan: Plan, shard: int, tasks: list[tuple[int, dict]]) -> str:
    """The digest of the toolkit, the shard's place, its registry lines and its gold files.

    Raw bytes need no hashing here: each registry line pins them by sha256, and curation
    refuses bytes that differ.
    """
    layout = plan.layout
    digest = hashlib.sha256(f"{plan.toolkit}\n{shard}/{plan.shards}\n".encode())
    for _, entry in tasks:
        digest.update(registry_line(entry).encode("utf-8") + b"\n")
        path = layout.annotation_path(entry["id"])
        if path.is_file():
            digest.update(hashlib.sha256(path.read_bytes()).digest())
        digest.update(b"\n")
    return digest.hexdigest()


def _as_dict(problem: WartaError) -> dict:
    return {"message": problem.message, "file": problem.file, "where": problem.where, "hint": problem.hint}


def _records(plan: Plan, shard: int, tasks: list[tuple[int, dict]], problems: list[WartaError],
             seconds: dict[str, float] | None = None) -> Iterator[tuple[dict, dict | None]]:
    """Curated, checked records of the shard, in id order; every problem is appended to ``problems``.

    ``seconds`` collects the time spent reading raw bytes, curating and checking.
    """
    layout = plan.layout
    lines = {entry["id"]: line for line, entry in tasks}
    seconds = seconds if seconds is not None else {}
    for key in ("read", "curate", "check"):
        seconds.setdefault(key, 0.0)
    clock = time.perf_counter()
    for entry, raw in iter_shard_raw(layout, [entry for _, entry in tasks], shard, plan.shards):
        now = time.perf_counter()
        seconds["read"] += now - clock
        file = layout.rel(layout.raw_dir / entry["raw_file"])
        try:
            if isinstance(raw, WartaError):
                raise WartaError(raw.message, file=raw.file,
                                 where=f"registered on {layout.rel(layout.registry)} line {lines[entry['id']]}",
                                 hint=raw.hint)
            digest = check_registered_bytes(raw, entry, file=file)  # before the gold file
            ann = None
            if layout.annotation_path(entry["id"]).is_file():
                ann = load_annotation(layout, entry["id"], decode_raw(raw, file=file, limits=plan.limits), digest)
            record = curate(raw, entry, annotations=ann, file=file, limits=plan.limits)
        except WartaError as exc:
            found = exc.problems if isinstance(exc, ProblemList) else [exc]
            problems.extend(_in_document(p, entry, lines[entry["id"]]) for p in found)
            clock = time.perf_counter()
            continue
        curated = time.perf_counter()
        seconds["curate"] += curated - now
        found = schema_problems("document", record, file=file, where=f"document {record['id']}")
        found += document_problems(record, file=file)
        problems.extend(found)
        seconds["check"] += time.perf_counter() - curated
        if not found:
            yield record, ann
        clock = time.perf_counter()


def _in_document(problem: WartaError, entry: dict, line: int) -> WartaError:
    """A problem of an article in a raw pack, located by document and registry line.

    A text file's name says which article it is; a pack's does not, and "line 11" is a line
    of the article's text, not of the Parquet file.
    """
    if not is_pack(entry["raw_file"]) or problem.file != f"dataset/raw/{entry['raw_file']}":
        return problem
    inner = f": text {problem.where}" if problem.where else ""
    return WartaError(problem.message, file=problem.file, hint=problem.hint,
                      where=f"document {entry['id']} (dataset/sources.jsonl line {line}){inner}")


def run_shard(plan: Plan, shard: int) -> None:
    """Build shard ``shard`` of the plan into the cache (or find it there); write its result file."""
    layout = plan.layout
    tasks = read_tasks(plan, shard)
    key = fingerprint(plan, shard, tasks)
    target = cache_entry(layout, key)
    result = {"shard": shard, "fingerprint": key, "documents": len(tasks), "reused": True, "problems": []}
    reusable = _intact(target)
    if not reusable:
        shutil.rmtree(target, ignore_errors=True)  # absent, or changed since it was written: build it anew
    seconds: dict[str, float] = {}
    try:
        if reusable:
            problems = _raw_problems(plan, shard, tasks)
        else:
            with collector_paused():  # next to no reference cycles: the collector's walks only cost
                problems = _build_into(plan, shard, tasks, target, seconds)
    except WartaError as exc:  # reported like every other problem, never as an engine traceback
        problems = exc.problems if isinstance(exc, ProblemList) else [exc]
    result["reused"] = reusable and not problems
    result["problems"] = [_as_dict(p) for p in problems]
    result["seconds"] = seconds
    staged = plan.result_file(shard).with_suffix(f".tmp-{os.getpid()}")
    staged.write_text(json.dumps(result), encoding="utf-8")
    os.replace(staged, plan.result_file(shard))


def _intact(entry: Path) -> bool:
    """Whether a cache entry is complete and its files still have the bytes they were written with.

    Release files are hard links to these files, so an edit made in place to either is
    caught here and the shard is rebuilt rather than published again.
    """
    if not (entry / PARTIAL).is_file():
        return False
    try:
        written = json.loads((entry / PARTIAL).read_text(encoding="utf-8"))["sha256"]
        return all(sha256_file(entry / f"{name}.parquet") == digest for name, digest in written.items())
    except (OSError, ValueError, KeyError, TypeError):
        return False


def sha256_file(path: Path) -> str:
    """The sha256 of a file, read in blocks (shards and packs can be hundreds of MB)."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _raw_problems(plan: Plan, shard: int, tasks: list[tuple[int, dict]]) -> list[WartaError]:
    """Before a cached shard is reused: the raw bytes are still those its registry lines pin.

    The fingerprint trusts each line's sha256; this re-reads and re-hashes the bytes, so an
    edited raw file is refused exactly as a clean build would refuse it.
    """
    layout = plan.layout
    lines = {entry["id"]: line for line, entry in tasks}
    problems: list[WartaError] = []
    for entry, raw in iter_shard_raw(layout, [entry for _, entry in tasks], shard, plan.shards):
        if isinstance(raw, WartaError):
            problems.append(WartaError(raw.message, file=raw.file, hint=raw.hint,
                                       where=f"registered on {layout.rel(layout.registry)} line {lines[entry['id']]}"))
            continue
        try:
            check_registered_bytes(raw, entry, file=layout.rel(layout.raw_dir / entry["raw_file"]))
        except WartaError as exc:
            problems.append(exc)
    return problems


def _batches(items: Iterator[T], size: int) -> Iterator[list[T]]:
    """``items`` in lists of ``size`` (the last may be shorter), drawn lazily: a shard is streamed."""
    while batch := list(islice(items, size)):
        yield batch


def _build_into(plan: Plan, shard: int, tasks: list[tuple[int, dict]], target: Path,
                seconds: dict[str, float] | None = None) -> list[WartaError]:
    """Curate and write the shard in a folder beside ``target``, renamed into place only when whole."""
    work = target.with_name(f"{target.name}.tmp-{os.getpid()}")
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    problems: list[WartaError] = []
    partial = Partial()
    firsts: dict[str, dict | None] = {cfg.name: None for cfg in CONFIGS}
    writers = {cfg.name: RowWriter(features_for(cfg.schema), work / f"{cfg.name}.parquet",
                                   row_group_size=cfg.row_group_size) for cfg in CONFIGS}
    try:
        with (work / UNANNOTATED).open("w", encoding="utf-8") as unannotated:
            seconds = seconds if seconds is not None else {}
            seconds["annotate"] = seconds["write"] = seconds["summarize"] = 0.0
            for batch in _batches(_records(plan, shard, tasks, problems, seconds), ANNOTATE_BATCH):
                if problems:
                    continue  # keep checking, to report every problem; nothing of this shard is kept
                began = time.perf_counter()
                annotate_batch([record for record, _ in batch])  # the machine layers, kept for the configs
                seconds["annotate"] += time.perf_counter() - began
                began = time.perf_counter()
                for cfg in CONFIGS:  # a config at a time, over the batch: its rows and writer warm
                    for record, _ in batch:
                        rows = sorted(cfg.rows([record]), key=cfg.sort_key)
                        writers[cfg.name].extend(rows)
                        if firsts[cfg.name] is None and rows:
                            firsts[cfg.name] = rows[0]
                written = time.perf_counter()
                seconds["write"] += written - began
                for record, ann in batch:
                    partial.add(record, ann)
                    if not record["annotated"]:
                        unannotated.write(record["id"] + "\n")
                seconds["summarize"] += time.perf_counter() - written
        began = time.perf_counter()
        for writer in writers.values():
            writer.close()
        seconds["write"] += time.perf_counter() - began
        if problems:
            shutil.rmtree(work, ignore_errors=True)
            return problems
        summary = {"partial": partial.to_json(), "firsts": firsts,
                   "rows": {name: writer.rows for name, writer in writers.items()},
                   "sha256": {name: sha256_file(work / f"{name}.parquet") for name in writers}}
        (work / PARTIAL).write_text(json.dumps(summary, ensure_ascii=False), encoding="utf-8")
        try:
            os.rename(work, target)
        except OSError:
            if not (target / PARTIAL).is_file():  # another worker finishing the same shard first is fine
                raise
            shutil.rmtree(work, ignore_errors=True)
        return []
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise


def problem_from(data: dict) -> WartaError:
    return WartaError(data["message"], file=data["file"], where=data["where"], hint=data["hint"])
