"""Small figures for the datasheet, drawn from the built rows, byte-reproducible.

Agg backend, fixed size and dpi, the bundled DejaVu font, and no 'Software' stamp in the
PNG: with matplotlib pinned, the same data draws the same bytes.
"""

from __future__ import annotations

import io

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402 - the backend must be chosen first

from warta.describe.summary import Partial  # noqa: E402
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

    def wrapper(summary: Partial) -> bytes:
        with matplotlib.rc_context({**matplotlib.rcParamsDefault, **_STYLE}):
            return draw(summary)

    wrapper.__doc__ = draw.__doc__
    return wrapper


def _plain(name: str) -> str:
    """An outlet name as matplotlib text: a ``$`` would start mathtext (and a stray one fails to draw)."""
    return name.replace("$", r"\$")


MAX_OUTLETS = 8  # bars per outlet up to this many; the rest are summed as "other outlets"


def _outlet_groups(s: Partial, key: str) -> dict[str, dict[str, int]]:
    """Counts of ``key`` per outlet, the outlets beyond the largest MAX_OUTLETS summed into one."""
    ranked = sorted(s.outlets, key=lambda o: (-s.outlets[o]["documents"], o))
    kept = sorted(ranked[:MAX_OUTLETS])
    groups = {_plain(o): dict(s.outlets[o][key]) for o in kept}
    if len(ranked) > MAX_OUTLETS:
        other: dict[str, int] = {}
        for o in ranked[MAX_OUTLETS:]:
            for label, n in s.outlets[o][key].items():
                other[label] = other.get(label, 0) + n
        groups[f"other outlets ({len(ranked) - MAX_OUTLETS})"] = other
    return groups


@_styled
def mentions_per_label(s: Partial) -> bytes:
    labels = [item["name"] for item in load_inventory("labels")["entities"]["labels"]]
    counts = _outlet_groups(s, "entity_labels")
    outlets = list(counts)
    used = [label for label in labels if any(counts[o].get(label) for o in outlets)]
    fig, ax = plt.subplots(figsize=(7, 3.2))
    width = 0.8 / max(len(outlets), 1)
    for i, outlet in enumerate(outlets):
        xs = [j + i * width for j in range(len(used))]
        ax.bar(xs, [counts[outlet].get(label, 0) for label in used], width=width, label=outlet)
    ax.set_xticks([j + width * (len(outlets) - 1) / 2 for j in range(len(used))], used)
    ax.set_ylabel("gold mentions")
    ax.set_title("Entity mentions per label and outlet")
    if outlets:
        ax.legend(frameon=False)
    fig.tight_layout()
    return _png(fig)


@_styled
def zones_per_document(s: Partial) -> bytes:
    """One bar per document while the release is small; past that one bar per outlet, as shares."""
    zones = [z["name"] for z in load_inventory("zones")["zones"]]
    if s.detail or not s.documents:
        chars = {d["id"]: d["zone_chars"] for d in s.detail}
        title, xlabel = "Zone composition per document", "characters of raw text"
    else:
        groups = _outlet_groups(s, "zone_chars")
        chars = {o: {z: 100 * n / (sum(c.values()) or 1) for z, n in c.items()} for o, c in groups.items()}
        title, xlabel = "Zone composition per outlet", "share of raw characters (%)"
    used = [z for z in zones if any(c.get(z) for c in chars.values())]
    fig, ax = plt.subplots(figsize=(8, 2.4 if len(chars) <= 8 else 0.9 + 0.22 * len(chars)))
    cmap = plt.get_cmap("tab20")
    ids = list(chars)
    left = [0] * len(ids)
    for k, zone in enumerate(used):
        values = [chars[i].get(zone, 0) for i in ids]
        ax.barh(ids, values, left=left, color=cmap(k % 20), label=zone)
        left = [a + b for a, b in zip(left, values, strict=True)]
    ax.set_xlabel(xlabel)
    ax.set_title(title)
    if used:
        ax.legend(ncol=2, fontsize=7, frameon=False, loc="center left", bbox_to_anchor=(1.01, 0.5))
    fig.tight_layout()
    return _png(fig)


def figures(summary: Partial) -> dict[str, bytes]:
    return {"mentions_per_label.png": mentions_per_label(summary),
            "zones_per_document.png": zones_per_document(summary)}
