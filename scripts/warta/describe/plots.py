"""Small figures for the datasheet, drawn from the built rows, byte-reproducible.

Agg backend, fixed size and dpi, the bundled DejaVu font, and no 'Software' stamp in the
PNG: with matplotlib pinned, the same data draws the same bytes.
"""

from __future__ import annotations

import io
from collections import Counter

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402 - the backend must be chosen first

from warta.release.schemas import load_inventory  # noqa: E402

FIGURES = ("mentions_per_label.png", "zones_per_document.png")


def _png(fig) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=100, metadata={"Software": None})
    plt.close(fig)
    return buf.getvalue()


_STYLE = {"font.family": "DejaVu Sans", "font.size": 10.0, "savefig.dpi": 100, "figure.dpi": 100}


def _styled(draw):
    """Draw with matplotlib's defaults, not a user's matplotlibrc, so every machine gets the same bytes."""

    def wrapper(docs: list[dict]) -> bytes:
        with matplotlib.rc_context({**matplotlib.rcParamsDefault, **_STYLE}):
            return draw(docs)

    wrapper.__doc__ = draw.__doc__
    return wrapper


@_styled
def mentions_per_label(docs: list[dict]) -> bytes:
    labels = [item["name"] for item in load_inventory("labels")["entities"]["labels"]]
    outlets = sorted({d["outlet"] for d in docs})
    counts = {o: Counter(e["label"] for d in docs if d["outlet"] == o for e in d["entities"]) for o in outlets}
    used = [label for label in labels if any(counts[o][label] for o in outlets)]
    fig, ax = plt.subplots(figsize=(7, 3.2))
    width = 0.8 / max(len(outlets), 1)
    for i, outlet in enumerate(outlets):
        xs = [j + i * width for j in range(len(used))]
        ax.bar(xs, [counts[outlet][label] for label in used], width=width, label=outlet)
    ax.set_xticks([j + width * (len(outlets) - 1) / 2 for j in range(len(used))], used)
    ax.set_ylabel("gold mentions")
    ax.set_title("Entity mentions per label and outlet")
    ax.legend(frameon=False)
    fig.tight_layout()
    return _png(fig)


@_styled
def zones_per_document(docs: list[dict]) -> bytes:
    zones = [z["name"] for z in load_inventory("zones")["zones"]]
    chars = {d["id"]: Counter() for d in docs}
    for d in docs:
        for s in d["segments"]:
            chars[d["id"]][s["zone"]] += s["raw_end"] - s["raw_start"]
    used = [z for z in zones if any(c[z] for c in chars.values())]
    fig, ax = plt.subplots(figsize=(8, 2.4))
    cmap = plt.get_cmap("tab20")
    ids = [d["id"] for d in docs]
    left = [0] * len(ids)
    for k, zone in enumerate(used):
        values = [chars[i][zone] for i in ids]
        ax.barh(ids, values, left=left, color=cmap(k % 20), label=zone)
        left = [a + b for a, b in zip(left, values, strict=True)]
    ax.set_xlabel("characters of raw text")
    ax.set_title("Zone composition per document")
    ax.legend(ncol=2, fontsize=7, frameon=False, loc="center left", bbox_to_anchor=(1.01, 0.5))
    fig.tight_layout()
    return _png(fig)


def figures(docs: list[dict]) -> dict[str, bytes]:
    docs = sorted(docs, key=lambda d: d["id"])
    return {"mentions_per_label.png": mentions_per_label(docs), "zones_per_document.png": zones_per_document(docs)}
