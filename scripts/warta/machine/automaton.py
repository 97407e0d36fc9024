"""Aho-Corasick automata: every occurrence of many keys in one pass over a text.

The gazetteer (some 3,300 names, heads and cues), the timex triggers and the quote cues are each
looked for in every segment of every document. ahocorasick-rs compiles the keys into a
deterministic automaton (one table step per character) and returns all of a text's matches in
one call, as a list; the annotators only walk the matches. Matches are every occurrence of every
key, overlapping ones included, in order of their ends and, at one end, longest first: what a
classic Aho-Corasick pass (pyahocorasick's ``iter``) reports, in the same order, which
tests/test_machine_automaton.py checks. Offsets are of characters, as Python indexes a ``str``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any, Final

from ahocorasick_rs import AhoCorasick, Implementation, MatchKind

_SURROGATE: Final = re.compile(r"[\ud800-\udfff]")  # a pattern escape: mypyc takes no surrogate literal
_STAND_IN: Final = "\ufffd"
"""A lone surrogate has no UTF-8 form, so the matcher cannot read a text that holds one; no key has
either character, so putting the replacement character (one character too) in its place changes
no match and no offset."""


class Automaton:
    """Keys and a value for each (keys distinct and not empty), matched all at once."""

    def __init__(self, items: Iterable[tuple[str, Any]]) -> None:
        pairs = list(items)
        keys = [key for key, _ in pairs]
        if len(set(keys)) != len(keys) or not all(keys):
            raise ValueError("automaton keys must be distinct and not empty")
        if any(_SURROGATE.search(key) or _STAND_IN in key for key in keys):
            raise ValueError("an automaton key holds a surrogate or U+FFFD")
        self.keys: list[str] = keys
        self.values: list[Any] = [value for _, value in pairs]
        self._matcher = AhoCorasick(keys, matchkind=MatchKind.Standard, implementation=Implementation.DFA)

    def matches(self, text: str) -> list[tuple[int, int, int]]:
        """(key index, start, end) of every occurrence of every key in ``text``, by end, longest first."""
        try:
            return self._matcher.find_matches_as_indexes(text, overlapping=True)
        except UnicodeEncodeError:
            return self._matcher.find_matches_as_indexes(_SURROGATE.sub(_STAND_IN, text), overlapping=True)
