"""Word tokens and sentences of Indonesian body text, with offsets.

A rule tokenizer, named and versioned because token counts and the `ner` config depend on
it: digit groups stay whole (5.000, 3,5), words keep inner apostrophes (Jum'at), and every
other non-space character, hyphens included, is a token of its own, so that entity
boundaries inside hyphenated forms (Rusia-Ukraina, Kim Jong-un) fall on token boundaries.
"""

from __future__ import annotations

import re

TOKENIZER = "warta-regex-tokenizer@1"
SENTENCE_SPLITTER = "warta-sentence-splitter@1"

_TOKEN = re.compile(r"\d+(?:[.,]\d+)*|[^\W\d_]\w*(?:['’]\w+)*|\w+|[^\w\s]")
# a sentence ends at . ! ? (and closing quotes) followed by space and an upper-case letter,
# a digit or an opening quote; abbreviations that end in a full stop do not end one
_ABBREVIATIONS = ("No.", "Dr.", "Prof.", "Jl.", "dll.", "dkk.", "Tn.", "Ny.", "St.", "H.", "Hj.", "PT.", "Tbk.",
                  "Kol.", "Letjen.", "Mayjen.", "Brigjen.", "Kab.", "Kec.", "Kel.", "Sdr.", "a.n.", "u.p.")
_BOUNDARY = re.compile(r"(?<=[.!?])[\"”’']?\s+(?=[\"“‘']?[A-Z0-9])")


def tokens(text: str) -> list[tuple[int, int]]:
    """(start, end) of each token of ``text``."""
    return [m.span() for m in _TOKEN.finditer(text)]


def token_count(text: str) -> int:
    """How many tokens ``text`` has (``len(tokens(text))``, without building the spans)."""
    return len(_TOKEN.findall(text))


def sentences(text: str, start: int = 0, end: int | None = None,
              keep_whole: list[tuple[int, int]] = ()) -> list[tuple[int, int]]:
    """(start, end) of each sentence in text[start:end], trimmed of whitespace.

    No sentence ends inside a span of ``keep_whole`` (an entity mention such as 'PT. Contoh
    Jaya'): a boundary there is dropped, so a gold mention is never cut in two.
    """
    end = len(text) if end is None else end
    spans, cursor = [], start
    for m in _BOUNDARY.finditer(text, start, end):
        if text[cursor:m.start()].endswith(_ABBREVIATIONS):
            continue
        if any(s < m.start() < e for s, e in keep_whole):
            continue
        cut = m.start() + (len(m.group(0)) - len(m.group(0).lstrip("\"”’'")))
        spans.append((cursor, cut))
        cursor = m.end()
    spans.append((cursor, end))
    return [(s, e) for s, e in spans if text[s:e].strip()]
