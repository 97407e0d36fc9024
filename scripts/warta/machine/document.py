"""What a machine annotator sees of a document, and what it gives back.

Annotators are pure functions of the raw text, its zoned segments and the publication
time: no clock, no network, no model files; their rules and word lists are data tables
under ``warta/machine/data/`` whose ``version`` is the annotator's version. They return
rows in exactly the shape of the gold rows (``schema/annotation.schema.json``): raw
offsets plus the quoted characters, ids ``e1``/``t1``/``q1`` in order of appearance; the
build adds ``source`` (annotator name and version), so that machine rows can never be
taken for gold.
"""

from __future__ import annotations

import re
from itertools import accumulate
from typing import Final

PROSE_ZONES: Final = ("headline", "body", "subheading")
"""Zones whose text is the report's own prose: quotes and events are annotated only there
(schema/GUIDELINES.md §0); entities and time expressions are annotated in every zone."""


TOKEN_SPLIT: Final = re.compile(r"(\w++(?:[-'’]\w++)*+|\S)")
"""Split into gap, token, gap, …, gap: a token is a word (``\\w`` runs joined by a hyphen or an
apostrophe) or any other single non-space character. Possessive, since no backtracking can change
a token."""


Tokens = tuple[list[str], list[int], list[int], list[bool]]
"""Texts, starts, ends and whether each begins with a letter or digit (a word, not a mark)."""


def tokenise(text: str, offset: int) -> Tokens:
    """The tokens ``TOKEN_SPLIT`` finds in ``text``, at ``offset`` + their position.

    Prose is words between single spaces, most of them letters and digits only: split at the
    spaces, such a piece is one token, a word with one mark after it ('kata,') or before it ('"Kami')
    two, a lone mark ('–') one; only the other pieces ('(28/4).', '1.260') are read character by
    character (``_split_piece``). Python's regex engine costs more per character than this walk
    costs per word. No token holds white space, so cutting at the spaces never cuts a token; other
    white space (a tab, a no-break space) stays inside a piece, where the shortcuts refuse it and
    the character walk skips it. tests/test_machine_entities.py compares this with the pattern.
    """
    texts: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    words: list[bool] = []
    pos = offset
    for piece in text.split(" "):
        size = len(piece)
        if piece.isalnum():
            texts.append(piece)
            starts.append(pos)
            ends.append(pos + size)
            words.append(True)
        elif size < 2:  # '' (between two spaces), a mark, or white space (no token)
            if size and not piece.isspace():
                texts.append(piece)
                starts.append(pos)
                ends.append(pos + 1)
                words.append(False)
        elif _plain_mark(piece[-1]) and piece[:-1].isalnum():  # 'kata,'
            texts.append(piece[:-1])
            texts.append(piece[-1])
            starts.append(pos)
            ends.append(pos + size - 1)
            starts.append(pos + size - 1)
            ends.append(pos + size)
            words.append(True)
            words.append(False)
        elif _plain_mark(piece[0]) and piece[1:].isalnum():  # '"Kami', '(Foto'
            texts.append(piece[0])
            texts.append(piece[1:])
            starts.append(pos)
            ends.append(pos + 1)
            starts.append(pos + 1)
            ends.append(pos + size)
            words.append(False)
            words.append(True)
        else:
            _split_piece(piece, pos, texts, starts, ends, words)
        pos += size + 1  # the piece and the space
    return texts, starts, ends, words


def _split_piece(piece: str, pos: int, texts: list[str], starts: list[int], ends: list[int],
                 words: list[bool]) -> None:
    """``TOKEN_SPLIT``'s tokens of a piece without spaces ('(28/4).', '1.260'), at ``pos`` + their offset,
    read character by character (a piece is a few characters; a pattern split of it cost several times
    more): a word is a run of word characters (``\\w``: a letter, a digit, '_') and of joiners each
    between two of them; any other character but white space is a token of its own."""
    size = len(piece)
    i = 0
    while i < size:
        c = piece[i]
        if c.isalnum() or c == "_":
            j = i + 1
            while True:
                while j < size and (piece[j].isalnum() or piece[j] == "_"):
                    j += 1
                if j + 1 < size and piece[j] in JOINERS and (piece[j + 1].isalnum() or piece[j + 1] == "_"):
                    j += 2
                    continue
                break
            texts.append(piece[i:j])
            starts.append(pos + i)
            ends.append(pos + j)
            words.append(c != "_")
            i = j
        else:
            if not c.isspace():
                texts.append(c)
                starts.append(pos + i)
                ends.append(pos + i + 1)
                words.append(False)
            i += 1


JOINERS: Final = "-'’"
"""The characters that join two words into one token (``TOKEN_SPLIT``'s ``[-'’]``)."""


def _plain_mark(c: str) -> bool:
    """A character that is a token of its own at either end of a word: no letter or digit, no white
    space, no '_' (which ``\\w`` joins to the word). A joiner ('-', an apostrophe) is one too, as it
    joins only two words."""
    return not (c.isalnum() or c.isspace() or c == "_")


def tokenise_by_pattern(text: str, offset: int, pattern: re.Pattern[str] = TOKEN_SPLIT) -> Tokens:
    """``tokenise`` by its definition: ``re.split`` alternates gaps and tokens, and the running sum of
    the parts' lengths gives every offset. ``pattern`` is a split pattern of the same shape (the entity
    annotator's, where '_' is no part of a word)."""
    parts = pattern.split(text)
    bounds = list(accumulate(map(len, parts), initial=offset))
    texts = parts[1::2]
    return texts, bounds[1:-1:2], bounds[2::2], [t[0].isalnum() for t in texts]


class Segment:
    """A zoned segment: its zone and raw offsets. Read only. A plain class, not a dataclass, as every
    document's twenty-odd segments are made for the annotators: compiled, its constructor is a direct
    call (a dataclass's goes through the type's generic init, arguments packed)."""

    __slots__ = ("zone", "raw_start", "raw_end")

    def __init__(self, zone: str, raw_start: int, raw_end: int) -> None:
        self.zone = zone
        self.raw_start = raw_start
        self.raw_end = raw_end

    def __repr__(self) -> str:
        return f"Segment({self.zone!r}, {self.raw_start}, {self.raw_end})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Segment) and (self.zone, self.raw_start, self.raw_end) == (
            other.zone, other.raw_start, other.raw_end)

    def __hash__(self) -> int:
        return hash((self.zone, self.raw_start, self.raw_end))


class Document:
    """A curated document as the annotators see it. Read only, but for the tokens it keeps once made."""

    __slots__ = ("raw_text", "segments", "published", "_tokens")

    def __init__(self, raw_text: str, segments: tuple[Segment, ...], published: str | None) -> None:
        self.raw_text = raw_text
        self.segments = segments
        self.published = published  # ISO date or date-time (with offset) read off the page, else the registry's
        self._tokens: dict[tuple[int, int], Tokens] = {}

    def text_of(self, segment: Segment) -> str:
        return self.raw_text[segment.raw_start:segment.raw_end]

    def tokens(self, start: int, end: int) -> tuple[list[str], list[int], list[int]]:
        """Texts, starts and ends (raw offsets) of the tokens of ``raw_text[start:end]``, made once per
        range and shared: the entity and the quote annotators both read the body paragraphs token by
        token. The lists are shared: read them, never change them."""
        return self.tokens_and_kinds(start, end)[:3]

    def tokens_and_kinds(self, start: int, end: int) -> Tokens:
        """``tokens`` and, for each token, whether it begins with a letter or digit (the entity
        annotator's word or mark), found in the same walk."""
        found = self._tokens.get((start, end))
        if found is None:
            found = self._tokens[start, end] = tokenise(self.raw_text[start:end], start)
        return found

    def in_zones(self, zones: tuple[str, ...]) -> tuple[Segment, ...]:
        return tuple(s for s in self.segments if s.zone in zones)

    @classmethod
    def from_record(cls, record: dict) -> Document:
        """From a curated record (``warta.curation.curate.curate``): the page's publication time, else the
        registry's (an import may carry one)."""
        return cls(raw_text=record["raw_text"],
                   segments=tuple(Segment(s["zone"], s["raw_start"], s["raw_end"]) for s in record["segments"]),
                   published=record.get("published") or record.get("registry_published"))


def span(doc: Document, start: int, end: int) -> dict:
    """A gold-shaped span: raw offsets and the characters they cover."""
    return {"raw_start": start, "raw_end": end, "quote": doc.raw_text[start:end]}
