"""Benchmark: body-line precision, recall and F1 of warta, jusText and trafilatura on the fixtures.

    pip install -e ".[bench]"
    python -m tests.bench.bench_zoning

The unit is a page line (a non-blank line of ``tests/fixtures/articles/NN_name.txt``). A line
is *body* in the gold when one of its hand-zoned segments (``NN_name.expected.tsv``) is
``body`` or ``subheading`` (so the lead line, cut into prefix + paragraph, is body). Each
system says the same of each line:

* warta: ``curate()``; a line is body when one of its segments is ``body`` or ``subheading``;
* jusText (``justext.justext``, Indonesian stoplist, default settings): the page is given as
  HTML with one ``<p>`` per line, and a line is body when its paragraph is not boilerplate;
* trafilatura (``trafilatura.extract``, default settings, same HTML): a line is body when its
  text (spaces collapsed) is one of the extracted lines, or, for a line of 40 characters or
  more, is found inside the extracted text;
* a baseline: a line longer than 80 characters is body.

Precision, recall and F1 are over all lines of a fixture group. Then, for warta alone, the
exact matches of each metadata field against ``NN_name.expected-meta.json`` (fixtures 09-34):
over all pages, and over the pages where the expected value is printed (not null or empty).
"""

from __future__ import annotations

import html
import json
import platform
import re
import sys
from collections.abc import Callable
from pathlib import Path

from warta.curation.curate import curate

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "articles"
IN_TEXT = {"body", "subheading"}
FIELDS = ("title", "authors", "editors", "published", "dateline_place", "dateline_outlet",
          "cited_sources", "image_credits")
GROUPS = {"01-08": range(1, 9), "09-34": range(9, 35), "all": range(1, 35)}
_SPACES = re.compile(r"\s+")


def _norm(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def page_lines(raw: str) -> list[tuple[int, int, str]]:
    """(start, end, text) of each non-blank line of the page, trimmed."""
    out, pos = [], 0
    for line in raw.split("\n"):
        stripped = line.strip()
        if stripped:
            start = pos + line.index(stripped[0])
            out.append((start, start + len(stripped), stripped))
        pos += len(line) + 1
    return out


def gold_labels(path: Path, lines: list[tuple[int, int, str]]) -> list[bool]:
    """Gold body/not per line, by laying the expected segments on the page in reading order."""
    raw = path.read_text(encoding="utf-8")
    rows = [line.split("\t", 1) for line in path.with_suffix(".expected.tsv").read_text(
        encoding="utf-8").splitlines() if line.strip()]
    labels = [False] * len(lines)
    cursor = 0
    for zone, text in rows:
        at = raw.index(text, cursor)
        cursor = at + len(text)
        for i, (s, e, _) in enumerate(lines):
            if s <= at < e:
                labels[i] = labels[i] or zone in IN_TEXT
                break
    return labels


def warta_labels(path: Path, lines: list[tuple[int, int, str]]) -> tuple[list[bool], dict]:
    record = curate(path.read_bytes(), {"id": "bench", "outlet": "x", "raw_file": path.name})
    labels = [False] * len(lines)
    for seg in record["segments"]:
        for i, (s, e, _) in enumerate(lines):
            if s <= seg["raw_start"] < e:
                labels[i] = labels[i] or seg["zone"] in IN_TEXT
                break
    return labels, record


def as_html(lines: list[tuple[int, int, str]]) -> str:
    body = "\n".join(f"<p>{html.escape(text)}</p>" for _, _, text in lines)
    return f"<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title></title></head><body>\n{body}\n</body></html>"


def justext_labels(lines: list[tuple[int, int, str]]) -> list[bool]:
    import justext

    paragraphs = justext.justext(as_html(lines).encode("utf-8"), justext.get_stoplist("Indonesian"),
                                 encoding="utf-8")
    kept = [_norm(p.text) for p in paragraphs if not p.is_boilerplate]
    # one <p> per line: paragraphs come back in page order, so match them in order
    labels, at = [], 0
    for _, _, text in lines:
        hit = at < len(kept) and kept[at] == _norm(text)
        labels.append(hit)
        at += hit
    return labels


def trafilatura_labels(lines: list[tuple[int, int, str]]) -> list[bool]:
    import trafilatura

    extracted = trafilatura.extract(as_html(lines)) or ""
    out_lines = {_norm(line) for line in extracted.splitlines() if line.strip()}
    flat = _norm(extracted)
    return [_norm(t) in out_lines or (len(t) >= 40 and _norm(t) in flat) for _, _, t in lines]


def length_labels(lines: list[tuple[int, int, str]]) -> list[bool]:
    return [len(t) > 80 for _, _, t in lines]


def prf(pairs: list[tuple[bool, bool]]) -> tuple[float, float, float]:
    tp = sum(g and p for g, p in pairs)
    fp = sum(p and not g for g, p in pairs)
    fn = sum(g and not p for g, p in pairs)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def main() -> int:
    paths = sorted(FIXTURES.glob("*.txt"))
    systems: dict[str, Callable] = {"jusText (Indonesian stoplist)": justext_labels,
                                    "trafilatura": trafilatura_labels,
                                    "line longer than 80 characters": length_labels}
    scores: dict[str, dict[str, list[tuple[bool, bool]]]] = {}
    meta_all = {f: [0, 0] for f in FIELDS}
    meta_printed = {f: [0, 0] for f in FIELDS}
    counts = {g: [0, 0] for g in GROUPS}  # pages, lines
    for path in paths:
        number = int(path.name[:2])
        raw = path.read_text(encoding="utf-8")
        lines = page_lines(raw)
        gold = gold_labels(path, lines)
        predicted, record = warta_labels(path, lines)
        by_system = {"warta": predicted, **{name: fn(lines) for name, fn in systems.items()}}
        for group, numbers in GROUPS.items():
            if number in numbers:
                counts[group][0] += 1
                counts[group][1] += len(lines)
                for name, labels in by_system.items():
                    scores.setdefault(name, {}).setdefault(group, []).extend(zip(gold, labels, strict=True))
        meta_path = path.with_name(path.stem + ".expected-meta.json")
        if meta_path.exists():
            want = json.loads(meta_path.read_text(encoding="utf-8"))
            for field in FIELDS:
                ok = record[field] == want[field]
                meta_all[field][0] += ok
                meta_all[field][1] += 1
                if want[field] not in (None, []):
                    meta_printed[field][0] += ok
                    meta_printed[field][1] += 1

    from importlib.metadata import version

    import justext  # noqa: F401  (versions for the record)
    import trafilatura

    print("Body-line scores on tests/fixtures/articles (a line is body/subheading or not)")
    print("pages / lines: " + ", ".join(f"{g}: {c[0]} / {c[1]}" for g, c in counts.items()))
    print()
    header = "| system | " + " | ".join(f"F1 {g} (P / R)" for g in GROUPS) + " |"
    print(header)
    print("|---|" + "---|" * len(GROUPS))
    for name, per_group in scores.items():
        cells = []
        for group in GROUPS:
            p, r, f = prf(per_group[group])
            cells.append(f"{f:.3f} ({p:.3f} / {r:.3f})")
        print(f"| {name} | " + " | ".join(cells) + " |")
    print()
    print("warta metadata, exact matches on fixtures 09-34")
    print()
    print("| field | all pages | pages where it is printed |")
    print("|---|---|---|")
    for field in FIELDS:
        print(f"| `{field}` | {meta_all[field][0]} / {meta_all[field][1]} "
              f"| {meta_printed[field][0]} / {meta_printed[field][1]} |")
    print()
    print(f"python {platform.python_version()}, justext {version('justext')}, "
          f"trafilatura {trafilatura.__version__}; command: python -m tests.bench.bench_zoning")
    return 0


if __name__ == "__main__":
    sys.exit(main())
