"""Benchmark: import and build a generated corpus; print speed, stage shares, memory, and a bare-I/O ratio.

    python tests/bench/bench_build.py --articles 10000 --workers 1,2

For each corpus size it makes a new repository (``warta init``) in a temporary folder,
writes N unique articles (tests/bench/synthetic.py) as JSON Lines, and measures, each in a
fresh process so that peak memory is that step's own:

* ``warta import`` of the file (wall time);
* ``curate()`` alone, in one process on one core, over the first articles;
* ``warta build`` with each worker count (cache cleared before each), with the wall time
  of every step, the time inside the shards by stage (read, curate, check, annotate (the
  machine layers), write, summarize; summed over workers), and the peak RSS of the largest
  process; the annotate stage over the documents is the machine annotators' cost per article;
* with ``--with-collector``, the one-worker build once more with Python's cyclic collector left
  running inside the shards (the build pauses it there: ``warta.run.collector``), a row marked
  "collector running", to show what the pause saves on this machine today (one worker only: the
  switch is a patch in the build's own process, which a parallel build's workers never see);
  every build also times the collections in its own process (``gc.callbacks``);
* with ``--with-document-order``, the one-worker build once more with each batch's machine
  layers made document after document instead of layer after layer (``warta.machine.layers``),
  a row marked "document after document", for the same kind of comparison;
* a bare pyarrow read -> write of the same raw text (read the raw packs, write the text
  column as zstd Parquet), and the ratio bare/build.

Nothing is timed in the test suite; this script is how the README's Performance figures
are made.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import warta.machine

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from synthetic import articles, write_jsonl  # noqa: E402

BUILD = """
import gc, json, resource, sys, time
import warta.run.shard as shard
from warta.layout import Layout
from warta.run.build import build
if sys.argv[2] == "running":  # the collector switched back on inside the shard's collector pause
    paused = shard._build_into
    shard._build_into = lambda *args, **kwargs: (gc.enable(), paused(*args, **kwargs))[1]
if sys.argv[2] == "documents":  # each batch annotated document after document instead of layer after layer
    from warta.machine import layers
    def one_by_one(records):
        layers._remembered = {layers._key(record): layers.annotate(record) for record in records}
    shard.annotate_batch = one_by_one
collector = {"seconds": 0.0, "collections": 0, "full": 0}
def timed(phase, info, began=[0.0]):
    if phase == "start":
        began[0] = time.perf_counter()
    else:
        collector["seconds"] += time.perf_counter() - began[0]
        collector["collections"] += 1
        collector["full"] += info["generation"] == 2
gc.callbacks.append(timed)
began = time.perf_counter()
report = build(Layout.find(), progress=False, workers=int(sys.argv[1]))
wall = time.perf_counter() - began
rss = max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
print(json.dumps({"wall": wall, "steps": report.seconds, "inside": report.shard_seconds,
                  "shards": report.shards, "documents": report.counts["documents"], "peak_rss_kb": rss,
                  "collector": collector}))
"""

CURATE = """
import json, sys, time
sys.path.insert(0, sys.argv[2])
from synthetic import articles
from warta.curation.curate import curate
docs = [(a["text"].encode("utf-8"), {"id": a["id"], "outlet": a["outlet"], "raw_file": "x.txt", "language": "id"})
        for a in articles(int(sys.argv[1]))]
curate(*docs[0])  # tables loaded and compiled once, outside the timing
began = time.perf_counter()
for raw, entry in docs:
    curate(raw, entry)
print(json.dumps({"seconds": time.perf_counter() - began, "articles": len(docs)}))
"""

BARE = """
import json, sys, time
from pathlib import Path
import pyarrow as pa, pyarrow.parquet as pq
began = time.perf_counter()
packs = sorted(Path(sys.argv[1]).glob("pack-*.parquet"))
for k, pack in enumerate(packs):
    table = pq.read_table(pack, columns=["id", "raw"])
    text = table.column("raw").cast(pa.string())
    pq.write_table(pa.table({"id": table.column("id"), "text": text}), Path(sys.argv[2]) / f"bare-{k}.parquet",
                   compression="zstd", compression_level=9)
print(json.dumps({"seconds": time.perf_counter() - began}))
"""


def _run(args: list[str], cwd: Path, env: dict) -> dict:
    out = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True)
    if out.returncode:
        raise SystemExit(f"failed: {' '.join(args[:3])}...\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


VARIANTS = {"running": "collector running", "documents": "document after document"}
"""The comparison builds (one worker only): what each switches in the build's process, by its row label."""


def bench(count: int, workers: list[int], curate_sample: int, keep: Path | None, variants: list[str]) -> dict:
    base = Path(tempfile.mkdtemp(prefix="warta-bench-", dir=keep))
    repo = base / "repo"
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "HF_DATASETS_OFFLINE": "1"}
    subprocess.run(["warta", "init", str(repo)], check=True, capture_output=True, env=env)
    source = write_jsonl(base / "articles.jsonl", count)
    raw_mb = sum(len(a["text"].encode("utf-8")) for a in articles(count)) / 1e6
    began = time.perf_counter()
    subprocess.run(["warta", "import", str(source), "--quiet"], cwd=repo, check=True, capture_output=True, env=env)
    imported = time.perf_counter() - began
    curation = _run([sys.executable, "-c", CURATE, str(min(curate_sample, count)), str(HERE)], repo, env)
    builds = {}
    for n in workers:
        # a comparison build patches this process's shard code, which the worker processes of a
        # parallel build never see: comparisons are made on one worker only
        for variant in ["as built", *variants] if n == 1 else ["as built"]:
            shutil.rmtree(repo / ".warta-cache", ignore_errors=True)
            label = f"{n}, {VARIANTS[variant]}" if variant in VARIANTS else str(n)
            builds[label] = _run([sys.executable, "-c", BUILD, str(n), variant], repo, env)
    (base / "bare").mkdir()
    bare = _run([sys.executable, "-c", BARE, str(repo / "dataset" / "raw"), str(base / "bare")], repo, env)
    if keep is None:
        shutil.rmtree(base, ignore_errors=True)
    return {"articles": count, "raw_mb": raw_mb, "import_s": imported, "curation": curation,
            "builds": builds, "bare_s": bare["seconds"]}


STAGES = ("read", "curate", "check", "annotate", "write", "summarize")  # inside the shards, in order


def report(result: dict) -> None:
    n = result["articles"]
    cur = result["curation"]
    print(f"\n## {n:,} articles ({result['raw_mb']:.0f} MB of raw text)")
    print(f"import: {result['import_s']:.1f} s ({n / result['import_s']:,.0f} articles/s)")
    print(f"curation alone, one process: {cur['articles'] / cur['seconds']:,.0f} articles/s "
          f"({1000 * cur['seconds'] / cur['articles']:.2f} ms per article, {cur['articles']:,} articles)")
    print(f"bare pyarrow read -> write of the raw text: {result['bare_s']:.2f} s")
    print("\n| workers | shards | build s | articles/s | import + build s | peak RSS MB | bare/build | "
          "read | curate | check | annotate | write | summarize | plan | merge | describe | manifest | commit |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for workers, b in result["builds"].items():
        inside = b["inside"]
        busy = sum(inside.values()) or 1.0
        shares = [f"{100 * inside.get(k, 0) / busy:.0f} %" for k in STAGES]
        steps = [f"{b['steps'].get(k, 0):.1f} s" for k in ("plan", "merge", "describe", "manifest", "commit")]
        print(f"| {workers} | {b['shards']} | {b['wall']:.1f} | {n / b['wall']:,.0f} | "
              f"{result['import_s'] + b['wall']:.1f} | {b['peak_rss_kb'] / 1024:.0f} | "
              f"{result['bare_s'] / b['wall']:.3f} | {' | '.join(shares)} | {' | '.join(steps)} |")
    print("\nStage shares are of the time inside the shards (summed over workers); plan ... commit are the "
          "wall time of the build's steps outside them.")
    for workers, b in result["builds"].items():
        print(f"machine annotation inside the build, workers {workers}: "
              f"{1000 * b['inside'].get('annotate', 0) / b['documents']:.2f} ms per article "
              f"(the annotate stage over {b['documents']:,} documents; write includes the silver machine_ner)")
    for workers, b in result["builds"].items():
        c = b["collector"]
        print(f"cyclic garbage collector in the build's own process (where one worker runs the shards), workers "
              f"{workers}: {1000 * c['seconds'] / b['documents']:.3f} ms per article, {c['collections']:,} "
              f"collections, {c['full']} of them full (timed by gc.callbacks)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", default="10000", help="comma-separated corpus sizes (default 10000)")
    parser.add_argument("--workers", default="1,2", help="comma-separated worker counts (default 1,2)")
    parser.add_argument("--curate-sample", type=int, default=2000, help="articles for the curation-alone rate")
    parser.add_argument("--with-collector", action="store_true",
                        help="also build with one worker and the cyclic collector running inside the shards, "
                             "for comparison")
    parser.add_argument("--with-document-order", action="store_true",
                        help="also build with one worker and each batch annotated document after document "
                             "(instead of layer after layer), for comparison")
    parser.add_argument("--keep", type=Path, default=None, help="keep the generated repositories under this folder")
    args = parser.parse_args()
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"{platform.system()} {platform.release()}; machine annotators: {warta.machine.BUILD}")
    print(f"command: python {' '.join(sys.argv)}")
    for count in (int(c) for c in args.articles.split(",")):
        variants = [v for v, wanted in (("running", args.with_collector), ("documents", args.with_document_order))
                    if wanted]
        report(bench(count, [int(w) for w in args.workers.split(",")], args.curate_sample, args.keep, variants))


if __name__ == "__main__":
    main()
