"""Overlapping stand-off spans as properly nested HTML.

Layers overlap freely (a quote's content encloses its cue, speaker, entities and time
expressions; spans of two layers may cross), but HTML elements nest. The text is cut at
every span boundary; each piece is wrapped in the spans covering it, outermost first, in
a fixed order per span, so that an element is closed and reopened only where another one
really crosses it. The first element of a span carries its attributes (the contract users'
scripts rely on); a reopened one is a continuation that names the span it continues.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Mark:
    """One span to draw: raw offsets, nesting rank (lower is outer) and its element's attributes."""

    start: int
    end: int
    rank: int
    attrs: tuple[tuple[str, str], ...]
    continued: tuple[tuple[str, str], ...]  # attributes of the pieces after a crossing
    seq: int = field(default=0, compare=False)

    @property
    def key(self) -> tuple:
        return self.rank, self.start, -self.end, self.seq


def attributes(pairs: tuple[tuple[str, str], ...]) -> str:
    return "".join(f' {name}="{html.escape(value, quote=True)}"' for name, value in pairs)


def render(text: str, base: int, marks: list[Mark], opened: set[int]) -> str:
    """``text`` (the raw characters from offset ``base``) with ``marks`` as nested ``<span>`` elements.

    ``opened``: the ``seq`` of marks whose first element was already written (by an earlier
    line); it is updated, so a span that runs over several lines is one span and continuations.
    """
    end = base + len(text)
    inside = [m for m in marks if m.start < end and base < m.end and m.start < m.end]
    cuts = sorted({base, end, *(max(m.start, base) for m in inside), *(min(m.end, end) for m in inside)})
    out: list[str] = []
    stack: list[Mark] = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        want = sorted((m for m in inside if m.start <= a and b <= m.end), key=lambda m: m.key)
        keep = 0
        while keep < min(len(stack), len(want)) and stack[keep] is want[keep]:
            keep += 1
        out += ["</span>"] * (len(stack) - keep)
        for mark in want[keep:]:
            first = mark.seq not in opened
            opened.add(mark.seq)
            out.append(f"<span{attributes(mark.attrs if first else mark.continued)}>")
        stack = want
        out.append(html.escape(text[a - base:b - base], quote=False))
    out += ["</span>"] * len(stack)
    return "".join(out)
