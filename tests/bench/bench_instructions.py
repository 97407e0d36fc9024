"""Benchmark: CPU instructions of machine annotation per article, per annotator, counted by callgrind.

    python -m tests.bench.bench_instructions [--passes 3] [--scale-corpus N]

Wall time on a shared machine moves by a third from run to run; an instruction count does not
(the same binary, inputs and environment give the same total whatever else the machine does).
For each annotator (and for all three in a row) this runs, under ``valgrind --tool=callgrind``,
a child that curates the invented pages of ``tests/fixtures/articles/`` and annotates every
page once outside the count's difference (tables loaded, patterns compiled, caches warm), then
annotates them ``P`` times more. It does so with P = 1 and P = ``--passes``; the difference of
the two totals over ``(passes - 1) x pages`` is the cost of annotating one article, with start-up,
imports and curation cancelled out. Each annotation gets a new ``Document``, so that nothing one pass
made (the document's tokens) is reused by the next; in ``all`` the three annotators share it, as in
the build. The quote annotator is given the machine entities, made
before the counted passes, as in the build. ``--scale-corpus N`` annotates the first N articles of
``bench_build.py``'s corpus (tests/bench/synthetic.py) instead, whose annotate stage is the
build's cost per article. Needs valgrind (Debian package ``valgrind``).

Instructions are not seconds: ``python -m tests.bench.bench_machine --speed-only`` gives the
wall time of the same work on this machine.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import warta.machine

ROOT = Path(__file__).resolve().parents[2]
PAGES = ROOT / "tests" / "fixtures" / "articles"
LAYERS = ("entities", "timex", "quotes", "all")

CHILD = """
import sys
from pathlib import Path
from warta.curation.curate import curate
from warta.machine import entities, quotes, timex
from warta.machine.document import Document
layer, passes = sys.argv[1], int(sys.argv[2])
if sys.argv[3].isdigit():  # that many articles of the scale benchmark's corpus (tests/bench/synthetic.py)
    sys.path.insert(0, sys.argv[4])
    from synthetic import articles
    raws = [(a["text"].encode("utf-8"), a["id"] + ".txt") for a in articles(int(sys.argv[3]))]
else:
    raws = [(p.read_bytes(), p.name) for p in sorted(Path(sys.argv[3]).glob("*.txt"))]
docs = [Document.from_record(curate(raw, {"id": "bench", "outlet": "x", "raw_file": name}))
        for raw, name in raws]
found = [entities.annotate(d) for d in docs]
for doc, ents in zip(docs, found):
    timex.annotate(doc)
    quotes.annotate(doc, entities=ents)
for _ in range(passes):
    for seen, ents in zip(docs, found):
        doc = Document(seen.raw_text, seen.segments, seen.published)  # new: nothing kept from a pass before
        if layer in ("entities", "all"):
            entities.annotate(doc)
        if layer in ("timex", "all"):
            timex.annotate(doc)
        if layer in ("quotes", "all"):
            quotes.annotate(doc, entities=ents)
"""


def instructions(layer: str, passes: int, script: Path, source: str) -> int:
    """The total instructions callgrind counts for one child run over ``source`` (the pages' folder, or a
    number of articles of the scale corpus)."""
    done = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", sys.executable,
                           str(script), layer, str(passes), source, str(Path(__file__).resolve().parent)],
                          capture_output=True, text=True, check=True, env={**os.environ, "PYTHONHASHSEED": "0"})
    found = re.search(r"Collected : (\d+)", done.stderr)
    if found is None:
        raise SystemExit(f"callgrind printed no total for {layer}:\n{done.stderr[-2000:]}")
    return int(found.group(1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--passes", type=int, default=3, help="counted passes in the longer run (at least 2)")
    parser.add_argument("--layers", default=",".join(LAYERS), help="comma-separated: entities,timex,quotes,all")
    parser.add_argument("--scale-corpus", type=int, default=0, metavar="N",
                        help="annotate the first N articles of bench_build.py's corpus instead of the pages")
    args = parser.parse_args()
    if shutil.which("valgrind") is None:
        raise SystemExit("valgrind is not installed (Debian: apt-get install valgrind)")
    if args.passes < 2:
        raise SystemExit("--passes must be at least 2")
    if args.scale_corpus:
        pages, source, what = args.scale_corpus, str(args.scale_corpus), "articles of bench_build.py's corpus"
    else:
        pages, source, what = len(list(PAGES.glob("*.txt"))), str(PAGES), f"pages of {PAGES.relative_to(ROOT)}"
    print(f"machine: {platform.machine()}, Python {platform.python_version()}, {pages} {what}"
          f"; callgrind totals of 1 and {args.passes} passes, difference / "
          f"({args.passes - 1} x {pages}); annotators: {warta.machine.BUILD}")
    with tempfile.TemporaryDirectory() as tmp:
        script = Path(tmp) / "annotate_passes.py"
        script.write_text(CHILD, encoding="utf-8")
        for layer in args.layers.split(","):
            once, more = instructions(layer, 1, script, source), instructions(layer, args.passes, script, source)
            per_article = (more - once) / ((args.passes - 1) * pages)
            print(f"{layer:>8}: {per_article / 1e6:.2f} million instructions per article")


if __name__ == "__main__":
    main()
