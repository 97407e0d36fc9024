"""Giving each segment a zone from schema/zones.json, by the tables in data/zoning.toml.

Three passes, each reading only the previous one's result: patterns alone, patterns with
the neighbours' first-pass rules, then document structure (duplicates, headline, body,
subheadings, bare headlines of other stories) for what is still unzoned.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache

from warta.curation.rules import Rule, Rules
from warta.curation.segmenter import Piece, named_groups

_WORD = re.compile(r"[^\W_][\w'’.-]*")


def _words(text: str) -> list[str]:
    return _WORD.findall(text)


def _title_case_share(words: list[str], function_words: set[str]) -> float:
    content = [w for w in words if w.lower() not in function_words and w[0].isalpha()]
    if not content:
        return 0.0
    return sum(w[0].isupper() for w in content) / len(content)


# (rule, longest text it may see, its pattern's bound search or fullmatch)
Matcher = tuple[Rule, int, Callable[[str], "re.Match | None"]]


def _matchers(rules: Iterable[Rule]) -> tuple[Matcher, ...]:
    """Each rule with what ``Rule.matches`` looks up on every call, looked up once."""
    return tuple((r, sys.maxsize if r.max_chars is None else r.max_chars,
                  r.pattern.search if r.search else r.pattern.fullmatch) for r in rules)


@dataclass(frozen=True)
class _Passes:
    """The rules of each pass, split once per rule table rather than once per document."""

    plain: tuple[Matcher, ...]
    contextual: tuple[Matcher, ...]
    late: tuple[Matcher, ...]
    function_words: frozenset[str]
    prose_endings: tuple[str, ...]


@cache
def _passes(rules: Rules) -> _Passes:
    return _Passes(
        plain=_matchers(r for r in rules.rules if not r.contextual and not r.after_body),
        contextual=_matchers(r for r in rules.rules if r.contextual),
        late=_matchers(r for r in rules.rules if r.after_body and not r.contextual),
        function_words=frozenset(rules.lexicon["function_words"]),
        prose_endings=tuple(rules.structure["prose_endings"]),
    )


def _first_match(text: str, matchers: Iterable[Matcher]) -> tuple[Rule, re.Match] | None:
    """The first rule in table order whose pattern matches ``text``, with its match."""
    size = len(text)
    for rule, limit, find in matchers:
        if size <= limit:
            m = find(text)
            if m:
                return rule, m
    return None


def _apply(piece: Piece, rule: Rule, match: re.Match) -> None:
    piece.zone, piece.rule = rule.zone, rule.name
    for name, value in named_groups(match).items():
        piece.groups.setdefault(name, value)


def _first_pass(pieces: list[Piece], passes: _Passes) -> None:
    for piece in pieces:
        if piece.zone:
            continue
        found = _first_match(piece.text, passes.plain)
        if found:
            _apply(piece, *found)


def _in_context(matcher: Matcher, prev_rule: str | None, next_rule: str | None) -> bool:
    rule = matcher[0]
    return (not rule.prev or prev_rule in rule.prev) and (not rule.next or next_rule in rule.next)


def _second_pass(pieces: list[Piece], passes: _Passes) -> None:
    first = [p.rule for p in pieces]
    for i, piece in enumerate(pieces):
        if piece.zone:
            continue
        prev_rule = first[i - 1] if i > 0 else None
        next_rule = first[i + 1] if i + 1 < len(pieces) else None
        found = _first_match(piece.text, (m for m in passes.contextual if _in_context(m, prev_rule, next_rule)))
        if found:
            _apply(piece, *found)


def _headline_shaped(text: str, words: list[str], cfg: dict) -> bool:
    return (cfg["min_headline_words"] <= len(words) <= cfg["max_headline_words"]
            and not text.endswith((".", '"', "”"))
            and (text[0].isupper() or text[0].isdigit() or text[0] in "\"“'‘"))


def _zone_by_shape(piece: Piece, cfg: dict, passes: _Passes, body_seen: bool, headline_done: bool) -> None:
    """Zone a piece no pattern claimed by its words and ending.

    The title-case share is only measured when a decision depends on it: most pieces are
    paragraphs that end with a full stop, and counting their capitals decides nothing.
    """
    text = piece.text
    words = _words(text)

    def title_like() -> bool:
        return _title_case_share(words, passes.function_words) >= cfg["min_title_case"]

    if not body_seen and not headline_done and _headline_shaped(text, words, cfg):
        piece.zone, piece.rule = "headline", "first-title-line"
    elif text.endswith(passes.prose_endings) or (len(words) >= cfg["min_prose_words"] and not title_like()):
        piece.zone, piece.rule = "body", "paragraph"
    elif not body_seen:
        piece.zone, piece.rule = "navigation", "head-leftover"
    elif len(words) >= cfg["min_related_words"] and title_like():
        piece.zone, piece.rule = "related", "bare-headline"
    elif len(words) <= cfg["max_subheading_words"]:
        piece.zone, piece.rule = "subheading", "short-heading"
    else:
        piece.zone, piece.rule = "body", "paragraph"


def _structure_pass(pieces: list[Piece], rules: Rules, passes: _Passes) -> None:
    cfg = rules.structure
    seen: set[str] = set()
    body_seen = headline_done = False
    for piece in pieces:
        text = piece.text
        if piece.zone is None:
            if len(text) >= cfg["min_duplicate_chars"] and text in seen:
                piece.zone, piece.rule = "duplicate", "repeated-segment"
            elif body_seen and (late_match := _first_match(text, passes.late)):
                _apply(piece, *late_match)
            else:
                _zone_by_shape(piece, cfg, passes, body_seen, headline_done)
                headline_done = headline_done or piece.zone == "headline"
        body_seen = body_seen or piece.zone == "body"
        seen.add(text)
    _trailing_labels(pieces)


def _trailing_labels(pieces: list[Piece]) -> None:
    """A 'subheading' after the last paragraph heads nothing: it is a tag or label."""
    last_body = max((i for i, p in enumerate(pieces) if p.zone == "body"), default=-1)
    for piece in pieces[last_body + 1:]:
        if piece.zone == "subheading":
            piece.zone, piece.rule = "navigation", "trailing-label"


def zone(pieces: list[Piece], rules: Rules) -> list[Piece]:
    """Zone every piece in place and return them (each ends with a zone and a rule name)."""
    passes = _passes(rules)
    _first_pass(pieces, passes)
    _second_pass(pieces, passes)
    _structure_pass(pieces, rules, passes)
    return pieces
