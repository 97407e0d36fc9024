"""Benchmark: write the view of the seeds and of a generated corpus; print page weight, wall time, peak RSS.

    python tests/bench/bench_view.py --articles 10000

The seeds' view is written from this repository's release. For the generated corpus a new
repository is made in a temporary folder (``warta init``), N articles from
tests/bench/synthetic.py are imported and built (not timed here: see bench_build.py), and
then the view is written, in a fresh process so that its peak RSS is its own.
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
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(HERE))

from synthetic import write_jsonl  # noqa: E402

VIEW = """
import json, resource, sys, time
from pathlib import Path
from warta.layout import Layout
from warta.view.site import write_view
began = time.perf_counter()
report = write_view(Layout.find(), Path(sys.argv[1]))
wall = time.perf_counter() - began
out = report.out
docs = [p.stat().st_size for p in (out / "doc").iterdir()]
index = sorted(p.stat().st_size for p in out.glob("index*.html"))
print(json.dumps({"wall": wall, "documents": report.documents, "files": report.files, "bytes": report.bytes,
                  "doc_bytes": sum(docs), "doc_max": max(docs), "index_first": (out / "index.html").stat().st_size,
                  "index_pages": len(index), "all_index_pages": report.index_pages,
                  "peak_rss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))
"""


def _view(repo: Path, out: Path, env: dict) -> dict:
    done = subprocess.run([sys.executable, "-c", VIEW, str(out)], cwd=repo, env=env, capture_output=True, text=True)
    if done.returncode:
        raise SystemExit(done.stderr[-3000:])
    return json.loads(done.stdout.strip().splitlines()[-1])


def report(name: str, r: dict) -> None:
    print(f"| {name} | {r['documents']:,} | {r['wall']:.1f} | {r['documents'] / r['wall']:,.0f} | "
          f"{r['peak_rss_kb'] / 1024:.0f} | {r['files']:,} | {r['bytes'] / 1e6:.1f} | "
          f"{r['doc_bytes'] / r['documents'] / 1e3:.1f} | {r['doc_max'] / 1e3:.1f} | {r['index_first'] / 1e3:.1f} | "
          f"{r['index_pages']:,} ({r['all_index_pages']:,}) |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000, help="size of the generated corpus (0: seeds only)")
    parser.add_argument("--workers", type=int, default=2, help="workers of the corpus's build (not timed)")
    parser.add_argument("--keep", type=Path, default=None, help="keep the corpus and the views under this folder")
    args = parser.parse_args()
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "HF_DATASETS_OFFLINE": "1"}
    env.pop("WARTA_ROOT", None)
    base = Path(tempfile.mkdtemp(prefix="warta-bench-view-", dir=args.keep))
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    print(f"command: python {' '.join(sys.argv)}\n")
    print("| corpus | documents | write s | documents/s | peak RSS MB | files | total MB | KB per document page | "
          "largest document page KB | first index page KB | main index pages (all index pages) |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    report("seeds", _view(ROOT, base / "seeds-view", env))
    if args.articles:
        repo = base / "repo"
        subprocess.run(["warta", "init", str(repo)], check=True, capture_output=True, env=env)
        source = write_jsonl(base / "articles.jsonl", args.articles)
        subprocess.run(["warta", "import", str(source), "--quiet"], cwd=repo, check=True, capture_output=True,
                       env=env)
        subprocess.run(["warta", "build", "--quiet", "--workers", str(args.workers)], cwd=repo, check=True,
                       capture_output=True, env=env)
        report(f"synthetic {args.articles:,}", _view(repo, base / "view", env))
    if args.keep is None:
        shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    main()
