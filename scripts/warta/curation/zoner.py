"""Giving each segment a zone from schema/zones.json, by the tables in data/zoning.toml.

Three passes, each reading only the previous one's result: patterns alone, patterns with
the neighbours' first-pass rules, then document structure (duplicates, headline, body,
subheadings, bare headlines of other stories) for what is still unzoned.
"""

from __future__ import annotations

import re

from warta.curation.rules import Rules
from warta.curation.segmenter import Piece, named_groups

_WORD = re.compile(r"[^\W_][\w'’.-]*")


def _words(text: str) -> list[str]:
    return _WORD.findall(text)


def _title_case_share(words: list[str], function_words: set[str]) -> float:
    content = [w for w in words if w.lower() not in function_words and w[0].isalpha()]
    if not content:
        return 0.0
    return sum(w[0].isupper() for w in content) / len(content)


def _apply(piece: Piece, rule, match: re.Match) -> None:
    piece.zone, piece.rule = rule.zone, rule.name
    for name, value in named_groups(match).items():
        piece.groups.setdefault(name, value)


def _first_pass(pieces: list[Piece], rules: Rules) -> None:
    plain = [r for r in rules.rules if not r.contextual and not r.after_body]
    for piece in pieces:
        if piece.zone:
            continue
        for rule in plain:
            m = rule.matches(piece.text)
            if m:
                _apply(piece, rule, m)
                break


def _second_pass(pieces: list[Piece], rules: Rules) -> None:
    contextual = [r for r in rules.rules if r.contextual]
    first = [p.rule for p in pieces]
    for i, piece in enumerate(pieces):
        if piece.zone:
            continue
        prev_rule = first[i - 1] if i > 0 else None
        next_rule = first[i + 1] if i + 1 < len(pieces) else None
        for rule in contextual:
            if rule.prev and prev_rule not in rule.prev:
                continue
            if rule.next and next_rule not in rule.next:
                continue
            m = rule.matches(piece.text)
            if m:
                _apply(piece, rule, m)
                break


def _structure_pass(pieces: list[Piece], rules: Rules) -> None:
    cfg = rules.structure
    function_words = set(rules.lexicon["function_words"])
    late = [r for r in rules.rules if r.after_body and not r.contextual]
    seen: set[str] = set()
    body_seen = headline_done = False
    for piece in pieces:
        text = piece.text
        if piece.zone is None:
            words = _words(text)
            ends = text.endswith(tuple(cfg["prose_endings"]))
            title_like = _title_case_share(words, function_words) >= cfg["min_title_case"]
            prose = ends or (len(words) >= cfg["min_prose_words"] and not title_like)
            late_match = next(((r, m) for r in late if body_seen for m in [r.matches(text)] if m),
                              None)
            if len(text) >= cfg["min_duplicate_chars"] and text in seen:
                piece.zone, piece.rule = "duplicate", "repeated-segment"
            elif late_match:
                _apply(piece, *late_match)
            elif (not body_seen and not headline_done
                  and cfg["min_headline_words"] <= len(words) <= cfg["max_headline_words"]
                  and not text.endswith((".", '"', "”")) and (text[0].isupper() or text[0].isdigit()
                                                              or text[0] in "\"“'‘")):
                piece.zone, piece.rule = "headline", "first-title-line"
                headline_done = True
            elif prose:
                piece.zone, piece.rule = "body", "paragraph"
            elif not body_seen:
                piece.zone, piece.rule = "navigation", "head-leftover"
            elif len(words) >= cfg["min_related_words"] and title_like:
                piece.zone, piece.rule = "related", "bare-headline"
            elif len(words) <= cfg["max_subheading_words"]:
                piece.zone, piece.rule = "subheading", "short-heading"
            else:
                piece.zone, piece.rule = "body", "paragraph"
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
    _first_pass(pieces, rules)
    _second_pass(pieces, rules)
    _structure_pass(pieces, rules)
    return pieces
