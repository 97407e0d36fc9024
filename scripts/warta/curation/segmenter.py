"""Cutting raw text into segments: lines, and parts of lines where a line mixes roles.

Segments never include surrounding whitespace and never overlap; their offsets index
the raw text directly, which is what keeps every later span traceable to raw bytes.
The work per line stays linear in its length whatever the input (see MAX_INNER_SPACE and
SUFFIX_WINDOW), so a hostile file costs about as much as a real article of its size.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache

from warta.curation.guards import Needles, folded, last_class, needles
from warta.curation.rules import Rules, Split
from warta.errors import WartaError

# A run of this many whitespace characters inside a line is a layout gap (columns, a table,
# padding), not a word space, and the line is cut there as at a line end. It also bounds
# the zoning patterns' work: patterns like '\s*,?\s*' backtrack quadratically over one
# whitespace run, and a line of 100,000 characters with one long run took minutes.
MAX_INNER_SPACE = 16
# written as one space and then the rest so that the regex engine can skip to each space
# instead of trying every position: same matches as \s{MAX_INNER_SPACE,}
_GAP = re.compile(rf"\s\s{{{MAX_INNER_SPACE - 1},}}")

# Suffixes (credits, end marks, editors' initials) are looked for in a segment's last
# SUFFIX_WINDOW characters only: a suffix pattern is tried from every position, and one
# ('[^()\s]*@[^()\s]*') backtracks quadratically inside a long word, so searching a
# 100,000-character line took tens of seconds. Real suffixes are far shorter.
SUFFIX_WINDOW = 300


@dataclass
class Piece:
    """One segment under construction: raw offsets, and what zoning learns about it."""

    raw_start: int
    raw_end: int
    text: str
    line: int
    zone: str | None = None
    rule: str | None = None
    groups: dict[str, str] = field(default_factory=dict)


def _trim(raw: str, start: int, end: int) -> tuple[int, int]:
    """raw[start:end] without surrounding whitespace, as offsets (str.strip's whitespace is isspace's)."""
    text = raw[start:end]
    left = text.lstrip()
    start += len(text) - len(left)
    return start, start + len(left.rstrip())


def named_groups(match: re.Match) -> dict[str, str]:
    """Named groups with the numeric suffix of alternatives dropped (place2 -> place)."""
    out: dict[str, str] = {}
    for name, value in match.groupdict().items():
        if value is not None and value.strip():
            out.setdefault(name.rstrip("0123456789"), value.strip())
    return out


def _separate(raw: str, start: int, end: int, split: Split, needles: Needles | None) -> list[tuple[int, int]]:
    """Cut at every separator, but only in a line that also has what ``require`` asks for.

    The separator is looked for first: it is a cheap pattern and absent from most lines,
    and a line without one stays whole whatever ``require`` says, while ``require`` (dates,
    times, labels) is costly to search for in every paragraph. Cheaper still, a line without
    any of the separator's needles (see guards.needles: the '|' of pipe-fields) has none.
    """
    text = raw[start:end]
    if split.require_at_start and not split.require.match(text):  # one step: before the separator
        return [(start, end)]
    if needles is not None and not needles.may_match(text):
        return [(start, end)]
    if split.pattern.search(text) is None or (split.require is not None and not split.require.search(text)):
        return [(start, end)]
    parts, last = [], 0
    for m in split.pattern.finditer(text):
        parts.append((start + last, start + m.start()))
        last = m.end()
    parts.append((start + last, end))
    return parts


@dataclass(frozen=True)
class _Affix:
    """A prefix or suffix split with what rules it out cheaply, looked up once per table."""

    split: Split
    prefix: bool
    once_key: str | None  # the name (or group) that a `once` split is remembered by
    needles: Needles | None  # the match contains one of them (guards.needles)
    last: re.Pattern | None  # suffixes: what the segment's last character must be (guards.last_class)


@dataclass(frozen=True)
class _Separator:
    """A separator split, and a cheap first test of whether it can cut a line at all."""

    split: Split
    needles: Needles | None
    # falsy proves _separate leaves the text whole: the anchored `require`, else the needles
    # as one literal pattern (the engine jumps to them), else the separator pattern itself
    gate: Callable[[str], object]


def _separator(split: Split) -> _Separator:
    need = needles(split.pattern)
    if split.require_at_start:
        gate = split.require.match
    elif need is not None and not need.folded:
        gate = re.compile("|".join(re.escape(n) for n in need.plain)).search
    else:
        gate = split.pattern.search
    return _Separator(split, need, gate)


@dataclass(frozen=True)
class _SplitTable:
    """The splits of a rule table by use, sorted once per table rather than once per line."""

    separators: tuple[_Separator, ...]
    affixes: tuple[_Affix, ...]


@cache
def _split_table(rules: Rules) -> _SplitTable:
    return _SplitTable(
        tuple(_separator(s) for s in rules.splits if s.kind == "separator"),
        tuple(_Affix(s, s.kind == "prefix", (s.group or s.name) if s.once else None, needles(s.pattern),
                     last_class(s.pattern) if s.kind == "suffix" else None)
              for s in rules.splits if s.kind != "separator"))


def _split_line(raw: str, start: int, end: int, line: int, table: _SplitTable, used: set[str]
                ) -> list[Piece]:
    text = raw[start:end]
    whole = True  # no separator has cut the line yet: most lines stay so, and skip to the affixes
    spans: list[tuple[int, int]] = []
    for sep in table.separators:
        if whole:
            if sep.gate(text):
                spans = _separate(raw, start, end, sep.split, sep.needles)
                whole = len(spans) == 1
        else:
            spans = [p for s in spans for p in _separate(raw, *s, sep.split, sep.needles)]
    if whole:  # not cut: the stretch is trimmed already
        return _cut_affixes(raw, start, end, line, table, used)
    pieces: list[Piece] = []
    for s, e in spans:
        s, e = _trim(raw, s, e)
        if s < e:
            pieces.extend(_cut_affixes(raw, s, e, line, table, used))
    return pieces


def _cut_affixes(raw: str, start: int, end: int, line: int, table: _SplitTable, used: set[str]
                 ) -> list[Piece]:
    head: list[Piece] = []
    tail: list[Piece] = []
    rest_zone: tuple[str, str] | None = None
    text = raw[start:end]
    low: str | None | bool = False  # folded(text), once a case-insensitive needle needs it
    window = max(0, len(text) - SUFFIX_WINDOW)
    for affix in table.affixes:
        if affix.once_key is not None and affix.once_key in used:
            continue
        split = affix.split
        if affix.last is not None and not affix.last.match(text[-1:]):
            continue  # a suffix ends the segment: its last character must fit
        need = affix.needles
        if need is not None:
            if need.folded and low is False:
                low = folded(text)
            if not need.may_match(text, low):
                continue
        prefix = affix.prefix
        m = split.pattern.match(text) if prefix else split.pattern.search(text, window)
        if not m or m.end() == m.start():
            continue
        cut_s, cut_e = (start, start + m.end()) if prefix else (start + m.start(), end)
        new_s, new_e = _trim(raw, *((cut_e, end) if prefix else (start, cut_s)))
        if new_e - new_s < max(split.min_rest, 1):
            continue
        if split.rest_require is not None and not split.rest_require.search(raw[new_s:new_e]):
            continue
        ps, pe = _trim(raw, cut_s, cut_e)
        piece = Piece(ps, pe, raw[ps:pe], line, split.zone, split.name, named_groups(m))
        (head if prefix else tail).insert(0 if split.kind == "suffix" else len(head), piece)
        if split.rest_zone:
            rest_zone = (split.rest_zone, split.name)
        used.add(split.group or split.name)
        start, end = new_s, new_e
        text = raw[start:end]
        low = False
        window = max(0, len(text) - SUFFIX_WINDOW)
    middle = Piece(start, end, text, line)
    if rest_zone:
        middle.zone, middle.rule = rest_zone
    return [*head, middle, *tail]


def _gaps_apart(raw: str, start: int, end: int) -> list[tuple[int, int]]:
    """The non-blank stretches of raw[start:end] between layout gaps (see MAX_INNER_SPACE)."""
    if start >= end:
        return []
    if _GAP.search(raw, start, end) is None:  # the common case: no gap, one stretch
        return [(start, end)]
    spans, last = [], start
    for m in _GAP.finditer(raw, start, end):
        spans.append((last, m.start()))
        last = m.end()
    spans.append((last, end))
    return [(s, e) for s, e in spans if s < e]


def segment(raw: str, rules: Rules, *, max_segments: int, file: str = "<raw>") -> list[Piece]:
    """All non-blank segments of ``raw`` in reading order."""
    pieces: list[Piece] = []
    used: set[str] = set()
    table = _split_table(rules)
    pos = 0
    for number, line in enumerate(raw.split("\n"), start=1):
        stripped = line.lstrip()
        start = pos + len(line) - len(stripped)
        end = start + len(stripped.rstrip())
        pos += len(line) + 1
        if start >= end:
            continue  # a blank line
        if _GAP.search(raw, start, end) is None:  # the common case: no gap, one stretch
            pieces.extend(_split_line(raw, start, end, number, table, used))
        else:
            for s, e in _gaps_apart(raw, start, end):
                pieces.extend(_split_line(raw, s, e, number, table, used))
        if len(pieces) > max_segments:
            raise WartaError(
                f"more than {max_segments:,} segments: not a single news article",
                file=file, where=f"line {number}",
                hint="raise WARTA_MAX_SEGMENTS if this is a real article",
            )
    return pieces
