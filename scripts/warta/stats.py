"""Figures about the release, computed from the built rows, rendered as Markdown blocks.

Every number the README or the datasheet states comes from here; a test rebuilds the
blocks from the committed Parquet files and compares them with the committed documents.
"""

from __future__ import annotations

from collections import Counter

from .schemas import load_inventory
from .tokenize import TOKENIZER, tokens


def _table(header: list[str], rows: list[list[object]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def overview(docs: list[dict]) -> str:
    rows = [[d["id"], d["outlet"], d["published"] or "—", len(d["raw_text"]), len(d["text"]),
             len(tokens(d["text"])), len(d["segments"])] for d in docs]
    total = ["**total**", f"{len({d['outlet'] for d in docs})} outlets", "",
             sum(r[3] for r in rows), sum(r[4] for r in rows), sum(r[5] for r in rows),
             sum(r[6] for r in rows)]
    return _table(["document", "outlet", "published", "raw chars", "text chars",
                   f"text tokens ({TOKENIZER})", "segments"], [*rows, total])


def zones(docs: list[dict]) -> str:
    names = [z["name"] for z in load_inventory("zones")["zones"]]
    counts = {d["id"]: Counter(s["zone"] for s in d["segments"]) for d in docs}
    used = [n for n in names if any(c[n] for c in counts.values())]
    rows = [[z, *(counts[d["id"]][z] for d in docs), sum(c[z] for c in counts.values())]
            for z in used]
    return _table(["zone", *(d["id"] for d in docs), "total"], rows)


def blocks(tables: dict[str, list[dict]]) -> dict[str, str]:
    """Every generated block, by marker name."""
    docs = sorted(tables["documents"], key=lambda d: d["id"])
    return {
        "documents-count": str(len(docs)),
        "overview": overview(docs),
        "zones": zones(docs),
    }
