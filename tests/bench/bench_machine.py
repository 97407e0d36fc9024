"""How good and how fast the machine annotation layers are, on the development and held-out sets.

    python -m tests.bench.bench_machine [--repeat N] [--speed-only]

* **Scores**: every machine layer against hand-written gold, on three sets: the gold documents
  of the release (``dataset/annotations/``) and the invented articles of
  ``tests/fixtures/annotated-dev/`` (development sets: the rules may be tuned on them), and the
  invented held-out articles of ``tests/fixtures/annotated/`` (written and annotated by hand
  from schema/GUIDELINES.md, never used to develop the rules). Each table gives exact and
  overlap span P/R/F1 and the accuracies on matched spans.
* **Speed**: milliseconds of machine annotation per article (all layers, after curation),
  the median over ``--repeat`` passes over every invented article of the fixtures, annotated
  one article at a time and, alternately, as the build annotates (all of them as one batch,
  layer after layer). The cost inside a build, between curation and the Parquet writers, is
  measured by ``tests/bench/bench_build.py``.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path

import warta.machine
from warta.curation.curate import curate
from warta.machine.document import Document
from warta.machine.layers import MACHINE_LAYERS, annotate, annotate_batch
from warta.machine.scoring import COUNTS, rates, score

ROOT = Path(__file__).resolve().parents[2]
HELD_OUT = ROOT / "tests" / "fixtures" / "annotated"
DEVELOPMENT = ROOT / "tests" / "fixtures" / "annotated-dev"
PAGES = ROOT / "tests" / "fixtures" / "articles"


def _development() -> list[tuple[dict, dict]]:
    """(record, gold) of every gold-annotated document of the release."""
    registry = [json.loads(line) for line in (ROOT / "dataset/sources.jsonl").read_text(encoding="utf-8").split("\n")
                if line.strip()]
    pairs = []
    for entry in registry:
        gold = ROOT / "dataset/annotations" / f"{entry['id']}.json"
        if gold.is_file():
            record = curate((ROOT / "dataset/raw" / entry["raw_file"]).read_bytes(), entry)
            pairs.append((record, json.loads(gold.read_text(encoding="utf-8"))))
    return pairs


def _invented(folder: Path) -> list[tuple[dict, dict]]:
    """(record, gold) of the invented, hand-annotated articles in ``folder``."""
    pairs = []
    for path in sorted(folder.glob("*.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        raw = path.with_suffix(".txt").read_bytes()
        record = curate(raw, {"id": gold["doc_id"], "outlet": folder.name, "raw_file": path.with_suffix(".txt").name})
        pairs.append((record, gold))
    return pairs


def scores(pairs: list[tuple[dict, dict]]) -> dict[str, dict[str, int]]:
    """Counts per layer, and for person names alone (``PER``: the hidden set's measure)."""
    totals = {m.layer: dict.fromkeys(COUNTS, 0) for m in MACHINE_LAYERS} | {"PER": dict.fromkeys(COUNTS, 0)}
    for record, gold in pairs:
        items = annotate(record)
        for m in MACHINE_LAYERS:
            for key, value in score(m.layer, items[m.layer], gold.get(m.layer, [])).items():
                totals[m.layer][key] += value
        persons = [[e for e in entities if e["label"] == "PER"] for entities in (items["entities"], gold["entities"])]
        for key, value in score("entities", *persons).items():
            totals["PER"][key] += value
    return totals


def _pct(x: float | None) -> str:
    return "—" if x is None else f"{100 * x:.1f}"


def table(title: str, documents: int, totals: dict[str, dict[str, int]]) -> str:
    lines = [f"{title} ({documents} documents)", "",
             "| layer | annotator | gold | machine | exact P / R / F1 | overlap P / R / F1 | label % | value % | "
             "speaker % |", "|---|---|---|---|---|---|---|---|---|"]
    rows = [(m.layer, m.source, m.layer) for m in MACHINE_LAYERS]
    rows.insert(1, ("entities: PER only", MACHINE_LAYERS[0].source, "PER"))
    for name, source, key in rows:
        c = totals[key]
        r = rates(c)
        exact = " / ".join(_pct(r[k]) for k in ("exact_p", "exact_r", "exact_f1"))
        overlap = " / ".join(_pct(r[k]) for k in ("overlap_p", "overlap_r", "overlap_f1"))
        lines.append(f"| {name} | {source} | {c['gold']} | {c['machine']} | {exact} | {overlap} | "
                     f"{_pct(r['label_acc'])} | "
                     f"{_pct(r['value_acc']) if key == 'timex' else '—'} | "
                     f"{_pct(r['speaker_acc']) if key == 'quotes' else '—'} |")
    return "\n".join(lines)


def speed(repeat: int) -> tuple[float, float, int]:
    """Milliseconds per article, annotated one article at a time and as the build does it (the whole set
    as one batch, layer after layer: ``warta.machine.layers.annotate_batch``); the median of ``repeat``
    passes each, the two kinds of pass alternating."""
    records = [curate(p.read_bytes(), {"id": f"bench-{k}", "outlet": "x", "raw_file": p.name})
               for k, p in enumerate(sorted(PAGES.glob("*.txt")))]
    alone, batched = [], []
    for _ in range(repeat):
        began = time.perf_counter()
        for record in records:
            annotate(record)
        alone.append((time.perf_counter() - began) / len(records))
        began = time.perf_counter()
        annotate_batch(records)
        batched.append((time.perf_counter() - began) / len(records))
    return statistics.median(alone) * 1000, statistics.median(batched) * 1000, len(records)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20, help="passes over the fixtures for the speed figure")
    parser.add_argument("--speed-only", action="store_true",
                        help="print the speed figure alone (no scores, so no reading of the held-out set)")
    args = parser.parse_args()
    if args.speed_only:
        _print_speed(args.repeat)
        return
    development, invented, held_out = _development(), _invented(DEVELOPMENT), _invented(HELD_OUT)
    print(table("Development set: the release's gold documents", len(development), scores(development)))
    print()
    print(table("Development set: tests/fixtures/annotated-dev/ (rules may be tuned on it)", len(invented),
                scores(invented)))
    print()
    if held_out:
        print(table("Held-out set: tests/fixtures/annotated/ (never used to develop the rules)", len(held_out),
                scores(held_out)))
    else:
        print("Held-out set: no articles in tests/fixtures/annotated/ yet")
    print()
    _print_speed(args.repeat)


def _print_speed(repeat: int) -> None:
    alone, batched, count = speed(repeat)
    print(f"Speed: {alone:.2f} ms of machine annotation per article one at a time, {batched:.2f} ms as the "
          f"build does it (the {count} articles as one batch, layer after layer); all layers, median of "
          f"{repeat} passes each over the invented pages of tests/fixtures/articles/, after curation; one "
          f"process, {Document.__module__} view; annotators: {warta.machine.BUILD}")


if __name__ == "__main__":
    main()
