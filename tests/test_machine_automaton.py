"""The annotators' automaton reports what a classic Aho-Corasick pass reports, in the same order.

``warta.machine.automaton`` runs ahocorasick-rs (a compiled DFA, all matches in one list); the
annotators were written against the order of pyahocorasick's ``iter``, which stays the reference
here: every occurrence of every key, overlapping ones too, by end and, at one end, longest first,
at character offsets. Checked with the real key sets (gazetteer, quote cues, timex triggers) on
every fixture text, and with generated texts of the characters whose offsets are easy to get
wrong (accents, combining marks, characters outside the BMP, lone surrogates).
"""

from __future__ import annotations

from pathlib import Path

import ahocorasick
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from warta.machine import entities, quotes, timex
from warta.machine.automaton import Automaton

ROOT = Path(__file__).resolve().parents[1]
TEXTS = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "tests/fixtures").glob("**/*.txt"))
         if p.parent.name != "annotated"]  # the held-out articles are read by nothing but the scores


def _reference(keys: list[str], text: str) -> list[tuple[int, int, str]]:
    """(start, end, key) of pyahocorasick's matches, in its order."""
    automaton = ahocorasick.Automaton()
    for key in keys:
        automaton.add_word(key, key)
    automaton.make_automaton()
    return [(last + 1 - len(key), last + 1, key) for last, key in automaton.iter(text)]


def _found(automaton: Automaton, text: str) -> list[tuple[int, int, str]]:
    return [(start, end, automaton.keys[index]) for index, start, end in automaton.matches(text)]


KEY_SETS = {
    "gazetteer": (entities.tables().automaton, False),
    "quote cues": (quotes.table().automaton, True),
    "timex triggers": (timex._trigger_automaton(), True),
}


@pytest.mark.parametrize("name", KEY_SETS)
def test_matches_are_the_classic_passes_on_every_fixture(name: str) -> None:
    automaton, lowered = KEY_SETS[name]
    reference = ahocorasick.Automaton()
    for key in automaton.keys:
        reference.add_word(key, key)
    reference.make_automaton()
    total = 0
    for text in TEXTS:
        text = text.lower() if lowered else text
        expected = [(last + 1 - len(key), last + 1, key) for last, key in reference.iter(text)]
        assert _found(automaton, text) == expected
        total += len(expected)
    assert total > 500


KEYS = ["a", "ab", "bab", "é", "e\u0301", "😀a", "a😀", "Kim Jong-un", "Kim", "Jong", "un", "ana"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(["a", "b", "ab", "é", "e", "\u0301", "😀", "\ud800", " ", "Kim", "Jong-un", "-",
                                 "n", "ana", "\ufffd"]), max_size=30))
def test_matches_are_the_classic_pass_on_generated_text(parts: list[str]) -> None:
    text = "".join(parts)
    assert _found(Automaton((key, None) for key in KEYS), text) == _reference(KEYS, text)


@pytest.mark.parametrize("keys", [["a", "a"], ["a", ""], ["a\ufffd"]])
def test_keys_that_cannot_be_matched_as_given_are_refused(keys: list[str]) -> None:
    with pytest.raises(ValueError):
        Automaton((key, None) for key in keys)
