"""The dataset page: the card's generated figures and its agreement and machine-vs-gold tables.

The tables come from the functions that write the card's generated blocks
(``warta.describe.stats``), fed from what the view reads anyway (the gold rows nested in
``documents`` and the machine configs), so the page and the card cannot disagree; their
Markdown is turned into HTML here.
"""

from __future__ import annotations

import html
import re

import pyarrow.parquet as pq

from warta.describe.plots import FIGURES
from warta.describe.summary import Partial
from warta.layout import Layout
from warta.release.configs import CONFIGS
from warta.view.page import esc, shell

_PIPE = re.compile(r"(?<!\\)\|")
_BOLD = re.compile(r"\*\*(.+?)\*\*")
_CODE = re.compile(r"`([^`]+)`")


def _inline(text: str) -> str:
    """Markdown text of a generated block as HTML: entities normalised, then bold and code spans."""
    safe = esc(html.unescape(text.replace("\\|", "|")))
    return _CODE.sub(r"<code>\1</code>", _BOLD.sub(r"<strong>\1</strong>", safe))


def markdown_html(block: str) -> str:
    """A generated block (pipe tables and paragraphs, nothing else) as HTML."""
    out = []
    for chunk in block.strip().split("\n\n"):
        lines = chunk.strip().splitlines()
        if lines and lines[0].startswith("|"):
            rows = [[c.strip() for c in _PIPE.split(line.strip())[1:-1]] for line in lines if not
                    re.fullmatch(r"\|(-+\|)+", line.strip())]
            head = "".join(f"<th scope=\"col\">{_inline(c)}</th>" for c in rows[0])
            body = "".join("<tr>" + "".join(f"<td>{_inline(c)}</td>" for c in row) + "</tr>\n" for row in rows[1:])
            out.append(f"<table><thead><tr>{head}</tr></thead>\n<tbody>\n{body}</tbody></table>")
        else:
            out.append(f"<p>{_inline(' '.join(lines))}</p>")
    return "\n".join(out)


def config_rows(layout: Layout) -> list[list[str]]:
    """Rows per config of the release, from the Parquet footers (nothing is read but metadata)."""
    rows = []
    for cfg in CONFIGS:
        files = sorted((layout.data_dir / cfg.name).glob("*.parquet"))
        rows.append([f"<code>{esc(cfg.name)}</code>", f"{sum(pq.ParquetFile(f).metadata.num_rows for f in files):,}",
                     esc(cfg.description)])
    return rows


def figures(layout: Layout) -> dict[str, bytes]:
    """The card's figures as the build drew them (only those: the folder may hold other pictures)."""
    return {name: (layout.figures_dir / name).read_bytes() for name in FIGURES
            if (layout.figures_dir / name).is_file()}


def _alt(name: str) -> str:
    return f"{name.removesuffix('.png').replace('_', ' ')} (a figure of the datasheet, drawn by warta build)"


def dataset_page(layout: Layout, documents: int, annotated: int, machine: dict[str, dict[str, int]],
                 pictures: list[str]) -> str:
    """``machine``: the counts of ``warta.machine.scoring.score`` summed over the gold documents shown."""
    from warta.annotation.agreement import compare
    from warta.annotation.study import load_study
    from warta.describe import stats
    from warta.view.page import table

    study = load_study(layout)
    agreement = stats.agreement(compare(study["pass_a"], study["pass_b"])) \
        if study["pass_a"] and study["pass_b"] else stats.NO_STUDY
    scores = stats.machine_scores(Partial(documents=documents, annotated=annotated, machine=machine))
    images = "".join(f"<figure><img src=\"figures/{esc(name)}\" alt=\"{esc(_alt(name))}\"><figcaption><code>"
                     f"dataset/figures/{esc(name)}</code></figcaption></figure>" for name in pictures)
    body = (f"<h1>Dataset</h1><p class=\"sub\">{documents:,} documents shown, {annotated:,} of them with gold "
            "annotation.</p><h2>Configs</h2>"
            + table(["config", "rows", "one row per"], config_rows(layout))
            + f"<h2>Figures</h2>{images or '<p>(no figures: run warta build)</p>'}"
            "<h2>Agreement between the two annotation passes</h2>" + markdown_html(agreement)
            + "<h2>Adjudicated disagreements</h2>" + markdown_html(stats.adjudication_summary(study["log"]))
            + "<h2>Machine layers against gold</h2>" + markdown_html(scores))
    return shell("Dataset", body, root="")
