"""Code points (Warta) against UTF-16 code units (JavaScript), and finding a tool's span in the raw.

Warta's offsets count Unicode code points of the decoded raw text. A browser's strings count
UTF-16 code units, in which a character outside the Basic Multilingual Plane (most emoji) is
two. Label Studio 1.23 draws a stored region by code points, but a region an annotator
selects is measured partly in code units (the DOM offset inside the text node where the
selection starts), and tools written in JavaScript write code units throughout. A region's
own text settles which reading is meant; when it cannot, the region is refused, never moved.
"""

from __future__ import annotations


def _astral(text: str) -> int:
    """How many characters of ``text`` lie outside the BMP (each is two UTF-16 units)."""
    return sum(ord(c) > 0xFFFF for c in text)


def to_utf16(text: str, offset: int) -> int:
    """The UTF-16 code unit offset of code point ``offset`` in ``text``."""
    return offset + _astral(text[:offset])


def to_code_points(text: str, offset: int) -> int | None:
    """The code point offset of UTF-16 unit ``offset``; None if it falls inside a surrogate pair."""
    units = 0
    for i, c in enumerate(text):
        if units == offset:
            return i
        units += 2 if ord(c) > 0xFFFF else 1
        if units > offset:
            return None
    return len(text) if units == offset else None


def resolve_span(raw: str, start: int, end: int, text: str | None) -> tuple[int, int] | str:
    """The code point span a tool's region (``start``, ``end``, ``text``) means, or what is wrong.

    The offsets may be code points (what Label Studio draws), UTF-16 units, or a selection
    measured partly in each (a start between those two readings). The region's text must stand
    at exactly one of these starts: at none, or at two ('haha' in 'hahaha' after an emoji), the
    region is refused rather than moved. Without a text, the offsets are taken as code points
    only where both readings agree (no character outside the BMP before the end).
    """
    if not isinstance(start, int) or not isinstance(end, int) or isinstance(start, bool) or isinstance(end, bool):
        return f"offsets {start!r}..{end!r} are not whole numbers"
    if text is None:
        if 0 <= start < end <= len(raw) and to_utf16(raw, end) == end:
            return start, end
        return (f"offsets {start}..{end} carry no text, and characters outside the Basic Multilingual Plane "
                "make code points and UTF-16 units differ" if 0 <= start < end <= len(raw)
                else f"offsets {start}..{end} out of range (raw text has {len(raw)} characters)")
    if not text:
        return "region text is empty"
    if not 0 <= start < end:
        return f"offsets {start}..{end} are not a span (start must be at least 0 and before the end)"
    # every reading at once: code points (c == start), UTF-16 units (to_utf16(c) == start) and the
    # mixed ones between; the region's text must stand at exactly one of them
    low = max(0, start - _astral(raw[:start]))  # the true start c has c <= start <= to_utf16(raw, c)
    candidates = [c for c in range(low, min(start, len(raw)) + 1)
                  if raw[c:c + len(text)] == text and c <= start <= to_utf16(raw, c)]
    if len(candidates) == 1:
        return candidates[0], candidates[0] + len(text)
    shown = raw[start:end][:40]
    if len(candidates) > 1:
        return (f"region text {text[:40]!r} could start at any of {candidates} (offsets {start}..{end} read as code "
                "points or UTF-16 units): ambiguous")
    return f"region text {text[:40]!r} does not match the raw text at {start}..{end} ({shown!r})"
