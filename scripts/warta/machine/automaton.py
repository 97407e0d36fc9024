"""Aho-Corasick automata laid out for Indonesian text: the same matches, fewer steps per character.

pyahocorasick keeps a trie node's children in the order they were first added and finds the
child for a character by scanning them. The root has a child for every first letter of every key
(some forty for the gazetteer), and every character of the text that continues no key sends the
search back to the root: the scan of its children is most of the cost of a pass. Adding the keys
whose first letter is commonest in the text first puts those children at the front of the scan.
The order changes no match (an automaton's matches do not depend on the order of its keys); a
letter missing from ``LETTER_ORDER`` only costs a longer scan.
"""

from __future__ import annotations

from collections.abc import Iterable

import ahocorasick

LETTER_ORDER = "aneirtukmsgdlpbohyjSKPABwTMcDRNIJWLHfGUECvOFzYVqX"
"""Letters by their count in Indonesian news prose, commonest first (counted over the invented
pages of tests/fixtures/articles/, 67,000 characters); other characters come after them."""

_RANK = {c: i for i, c in enumerate(LETTER_ORDER)}


def rank(key: str) -> int:
    """Where the root's child for ``key``'s first character should stand."""
    return _RANK.get(key[:1], len(_RANK))


def build(items: Iterable[tuple[str, object]]) -> ahocorasick.Automaton:
    """An automaton of ``(key, value)`` pairs (keys distinct), keys added commonest first letter first."""
    automaton = ahocorasick.Automaton()
    for key, value in sorted(items, key=lambda item: rank(item[0])):  # stable: ties keep their order
        automaton.add_word(key, value)
    automaton.make_automaton()
    return automaton
