"""Giving each segment a zone from schema/zones.json, by the tables in data/zoning.toml.

Three passes, each reading only the previous one's result: patterns alone, patterns with
the neighbours' rules (the next segment's first-pass rule, the previous segment's rule so
far, so that a list of lines under one label is followed line by line), then document
structure (duplicates, headline, the page head between headline and lead, body,
subheadings, bare headlines of other stories) for what is still unzoned.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache

from warta.curation.guards import Needles, first_class, folded, last_class, needles
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


# (rule, longest text it may see, its pattern's bound search or fullmatch, needles of a
# searched pattern: one of them is in every text it matches)
Matcher = tuple[Rule, int, Callable[[str], "re.Match | None"], "Needles | None"]


def _matchers(rules: Iterable[Rule]) -> tuple[Matcher, ...]:
    """Each rule with what ``Rule.matches`` looks up on every call, looked up once.

    A searched rule also gets its needles (guards.needles): a searched pattern is tried at
    every position of the text, and most segments hold none of its words. Fullmatch rules
    are mostly sorted out cheaper, by a segment's first and last characters (_ByEnds), and
    fail within a few characters; but those that open with a run of names or words
    (breadcrumbs, menus, 'Nama - outlet', 'Outlet/Nama') read far into a line before they
    fail for want of their one separator. They get needles too, when those are a few
    plain characters, looked for without lowering the text.
    """
    return tuple((r, sys.maxsize if r.max_chars is None else r.max_chars,
                  r.pattern.search if r.search else r.pattern.fullmatch, _rule_needles(r)) for r in rules)


def _rule_needles(rule: Rule) -> Needles | None:
    need = needles(rule.pattern)
    if rule.search or need is None or (not need.folded and len(need.plain) <= _FULLMATCH_NEEDLES):
        return need
    return None


_FULLMATCH_NEEDLES = 3


@dataclass(frozen=True)
class _Passes:
    """The rules of each pass, split once per rule table rather than once per document."""

    plain: _ByEnds
    contextual: tuple[Matcher, ...]
    late: tuple[Matcher, ...]
    head: tuple[Matcher, ...]
    # contextual rules by a neighbour's rule name: a piece whose neighbours no rule names
    # (most paragraphs) tries none of them
    by_prev: dict[str, tuple[int, ...]]
    by_next: dict[str, tuple[int, ...]]
    function_words: frozenset[str]
    prose_endings: tuple[str, ...]


def _index(names_per_rule: Iterable[tuple[str, ...]]) -> dict[str, tuple[int, ...]]:
    """Rule name -> positions (in table order) of the contextual rules that name it."""
    out: dict[str, list[int]] = {}
    for position, names in enumerate(names_per_rule):
        for name in names:
            out.setdefault(name, []).append(position)
    return {name: tuple(positions) for name, positions in out.items()}


@cache
def _passes(rules: Rules) -> _Passes:
    return _Passes(
        plain=_ByEnds(_matchers(r for r in rules.rules if not r.contextual and not r.after_body and not r.head)),
        contextual=_matchers(r for r in rules.rules if r.contextual and not r.head),
        late=_matchers(r for r in rules.rules if r.after_body and not r.contextual),
        head=_matchers(r for r in rules.rules if r.head),
        by_prev=_index(r.prev for r in rules.rules if r.contextual and not r.head),
        by_next=_index(r.next for r in rules.rules if r.contextual and not r.head),
        function_words=frozenset(rules.lexicon["function_words"]),
        prose_endings=tuple(rules.structure["prose_endings"]),
    )


class _ByEnds:
    """The rules of a pass that can match a segment with a given first and last character.

    A fullmatch rule whose pattern cannot begin with a segment's first character, or end
    with its last, is not tried (see guards.first_class and last_class); searched rules are
    always tried. Each character's set of rules is worked out on first use, as a bit mask,
    and the rules of each mask once, so a table costs one check per rule and character,
    not per segment, and the memory stays one entry per character and per mask.
    """

    def __init__(self, matchers: tuple[Matcher, ...]) -> None:
        self.matchers = matchers
        self.firsts = [None if rule.search else first_class(rule.pattern) for rule, *_ in matchers]
        self.lasts = [None if rule.search else last_class(rule.pattern) for rule, *_ in matchers]
        self.by_first: dict[str, int] = {}
        self.by_last: dict[str, int] = {}
        self.by_mask: dict[int, tuple[Matcher, ...]] = {}

    @staticmethod
    def _mask(ch: str, classes: list[re.Pattern | None], memo: dict[str, int]) -> int:
        mask = 0
        for bit, cls in enumerate(classes):
            if cls is None or cls.match(ch):
                mask |= 1 << bit
        memo[ch] = mask
        return mask

    def __call__(self, text: str) -> tuple[Matcher, ...]:
        first, last = text[:1], text[-1:]
        mask = self.by_first.get(first)
        if mask is None:
            mask = self._mask(first, self.firsts, self.by_first)
        ends = self.by_last.get(last)
        if ends is None:
            ends = self._mask(last, self.lasts, self.by_last)
        mask &= ends
        found = self.by_mask.get(mask)
        if found is None:
            found = self.by_mask[mask] = tuple(m for bit, m in enumerate(self.matchers) if mask >> bit & 1)
        return found


def _first_match(text: str, matchers: Iterable[Matcher]) -> tuple[Rule, re.Match] | None:
    """The first rule in table order whose pattern matches ``text``, with its match."""
    size = len(text)
    low: str | None | bool = False  # folded(text), once a case-insensitive needle needs it
    for rule, limit, find, need in matchers:
        if size <= limit:
            if need is not None:
                if need.folded and low is False:
                    low = folded(text)
                if not need.may_match(text, low):
                    continue
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
        found = _first_match(piece.text, passes.plain(piece.text))
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
        prev_rule = pieces[i - 1].rule if i > 0 else None  # this pass's rule: lists are followed down
        next_rule = first[i + 1] if i + 1 < len(pieces) else None
        candidates = sorted({*passes.by_prev.get(prev_rule, ()), *passes.by_next.get(next_rule, ())})
        if not candidates:
            continue
        found = _first_match(piece.text, (passes.contextual[c] for c in candidates
                                          if _in_context(passes.contextual[c], prev_rule, next_rule)))
        if found:
            _apply(piece, *found)


def _headline_shaped(text: str, words: list[str], cfg: dict, title_like: Callable[[], bool]) -> bool:
    """Headline length and start, no final stop, or one final stop after a title-case line."""
    if not (cfg["min_headline_words"] <= len(words) <= cfg["max_headline_words"]
            and (text[0].isupper() or text[0].isdigit() or text[0] in "\"“'‘")):
        return False
    if not text.endswith((".", '"', "”")):
        return True
    return text.endswith(".") and not text.endswith("..") and "." not in _words_only(text[:-1]) and title_like()


def _words_only(text: str) -> str:
    """``text`` without the dots inside words (1.200, S.H., KOMPAS.com): only sentence stops left."""
    return re.sub(r"(?<=\w)\.(?=\w)", "", text)


def _zone_by_shape(piece: Piece, cfg: dict, passes: _Passes, body_seen: bool, headline_done: bool,
                   next_piece: Piece | None = None) -> None:
    """Zone a piece no pattern claimed by its words and ending.

    The title-case share is only measured when a decision depends on it: most pieces are
    paragraphs that end with a full stop, and counting their capitals decides nothing.
    """
    text = piece.text
    words = _words(text)

    def title_like() -> bool:
        return _title_case_share(words, passes.function_words) >= cfg["min_title_case"]

    if not body_seen and not headline_done and _headline_shaped(text, words, cfg, title_like):
        piece.zone, piece.rule = "headline", "first-title-line"
    elif text.endswith(passes.prose_endings) or (len(words) >= cfg["min_prose_words"] and not title_like()):
        piece.zone, piece.rule = "body", "paragraph"
    elif (not body_seen and headline_done and next_piece is not None and next_piece.zone is None
          and len(words) <= cfg["max_subheading_words"] and title_like()
          and next_piece.text.endswith(passes.prose_endings)
          and len(_words(next_piece.text)) >= cfg["min_prose_words"]):
        piece.zone, piece.rule = "subheading", "heading-above-text"  # a page 2 opens with a heading
    elif not body_seen:
        piece.zone, piece.rule = "navigation", "head-leftover"
    elif len(words) >= cfg["min_related_words"] and title_like():
        piece.zone, piece.rule = "related", "bare-headline"
    elif len(words) <= cfg["max_subheading_words"]:
        piece.zone, piece.rule = "subheading", "short-heading"
    else:
        piece.zone, piece.rule = "body", "paragraph"


def _dek(piece: Piece, cfg: dict, passes: _Passes) -> bool:
    """The line right under the headline in sentence case, with no final stop: the summary (dek).

    With a final stop the same line is the first paragraph of a page without a lead prefix.
    """
    text = piece.text
    words = _words(text)
    if not cfg["min_dek_words"] <= len(words) <= cfg["max_headline_words"] or not text[0].isupper() \
            or text.endswith(passes.prose_endings):
        return False
    if _title_case_share(words, passes.function_words) >= cfg["min_title_case"]:
        return False
    piece.zone, piece.rule = "subheading", "dek"
    return True


def _lead_index(pieces: list[Piece], lead_rules: frozenset[str]) -> int:
    """Index of the lead prefix ('JAKARTA, KOMPAS.com –'), which opens the report's text; -1 if none."""
    return next((i for i, p in enumerate(pieces) if p.rule in lead_rules), -1)


def _structure_pass(pieces: list[Piece], rules: Rules, passes: _Passes) -> None:
    cfg = rules.structure
    seen: set[str] = set()
    body_seen = headline_done = False
    lead = _lead_index(pieces, frozenset(cfg["lead_rules"]))
    for i, piece in enumerate(pieces):
        text = piece.text
        if piece.zone == "caption" and text in seen and len(text) >= cfg["min_duplicate_chars"]:
            piece.zone, piece.rule = "duplicate", "repeated-caption"
        elif piece.zone is None:
            prev = pieces[i - 1] if i else None
            under_headline = prev is not None and prev.zone == "headline"
            if len(text) >= cfg["min_duplicate_chars"] and text in seen:
                piece.zone, piece.rule = "duplicate", "repeated-segment"
            elif body_seen and (late_match := _first_match(text, passes.late)):
                _apply(piece, *late_match)
            elif headline_done and not body_seen and (head := _first_match(text, (
                    m for m in passes.head if _in_context(m, prev.rule if prev else None,
                                                          pieces[i + 1].rule if i + 1 < len(pieces) else None)))):
                _apply(piece, *head)
            elif under_headline and not body_seen and _dek(piece, cfg, passes):
                pass
            else:
                _zone_by_shape(piece, cfg, passes, body_seen, headline_done,
                               pieces[i + 1] if i + 1 < len(pieces) else None)
                headline_done = headline_done or piece.zone == "headline"
                if piece.zone == "body" and headline_done and i < lead:
                    piece.zone, piece.rule = "caption", "prose-above-lead"  # the lead opens the text
        body_seen = body_seen or piece.zone == "body"
        seen.add(text)
    _trailing_labels(pieces)


def _trailing_labels(pieces: list[Piece]) -> None:
    """A 'subheading' after the last paragraph heads nothing: it is a tag or label."""
    last_body = max((i for i, p in enumerate(pieces) if p.zone == "body"), default=-1)
    for piece in pieces[last_body + 1:]:
        if piece.zone == "subheading" and piece.rule != "dek":
            piece.zone, piece.rule = "navigation", "trailing-label"


def _header_dates(pieces: list[Piece]) -> None:
    """A date above the site navigation that precedes the headline is the page header's date.

    Site headers print the day the page is viewed (the crawl day) above the menu; the
    report's own date line comes after the menu, next to the headline or the byline. So a
    date line with no clock time, followed by navigation before the headline, is
    navigation, and never the publication time. Labelled dates ('Diterbitkan ...') and
    dates with a time stay date lines; a page without a headline is left as it is.
    """
    headline = next((i for i, p in enumerate(pieces) if p.zone == "headline"), -1)
    for i in range(headline):
        piece = pieces[i]
        if piece.rule == "dateline" and ":" not in piece.text and "." not in piece.text[-6:] and \
                any(p.zone == "navigation" for p in pieces[i + 1:headline]):
            piece.zone, piece.rule = "navigation", "header-date"


def zone(pieces: list[Piece], rules: Rules) -> list[Piece]:
    """Zone every piece in place and return them (each ends with a zone and a rule name)."""
    passes = _passes(rules)
    _first_pass(pieces, passes)
    _second_pass(pieces, passes)
    _structure_pass(pieces, rules, passes)
    _header_dates(pieces)
    return pieces
