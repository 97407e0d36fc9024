"""Report metadata read off zoned segments: title, authors, time, place, sources, credits.

Every value is taken from characters printed on the page (named groups of the zoning
rules, the dateline, the news-source gazetteer); nothing is guessed from outside.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import ahocorasick

from warta.curation.dates import parse_published
from warta.curation.rules import Rules
from warta.curation.segmenter import Piece

GAZETTEER_FILE = Path(__file__).with_name("data") / "news_sources.toml"
_NAME_SPLIT = re.compile(r"\s*(?:,|&|\bdan\b|\band\b)\s*")
_CREDIT_TRIM = " -–—:;,."
SOURCE_ZONES = ("body", "subheading", "source")
_WORDISH = re.compile(r"[\w-]")  # what may not touch an alias: the table's word boundary


@dataclass(frozen=True)
class Gazetteer:
    """The news-source table, ready for one pass over a text however many aliases it has.

    ``aliases`` keeps the table's order, which is also the precedence when two aliases
    overlap ('Korean Central News Agency' before 'KCNA' inside it); ``automaton`` finds
    every alias occurrence at once, so the cost of a text no longer grows with the table.
    """

    aliases: tuple[tuple[str, str], ...]
    automaton: ahocorasick.Automaton
    canonical: dict[str, str]


@cache
def _gazetteer() -> Gazetteer:
    data = tomllib.loads(GAZETTEER_FILE.read_text(encoding="utf-8"))
    aliases = tuple((alias, entry["name"]) for entry in data["source"] for alias in entry["aliases"])
    automaton = ahocorasick.Automaton()
    for rank, (alias, _) in enumerate(aliases):
        if alias not in automaton:  # a repeated alias never wins: its first entry takes every mention
            automaton.add_word(alias, rank)
    automaton.make_automaton()
    return Gazetteer(aliases, automaton, {alias: canonical for alias, canonical in reversed(aliases)})


def _unique(values: list[str]) -> list[str]:
    return list(dict.fromkeys(v for v in values if v))


def canonical_source(name: str) -> str:
    """The gazetteer's name for a source written any known way, else the name as written."""
    return _gazetteer().canonical.get(name, name)


def _on_word_boundaries(text: str, start: int, end: int) -> bool:
    """The alias is not part of a longer word or hyphenated form ('AFP' in 'AFPX' or 'X-AFP')."""
    return (start == 0 or not _WORDISH.match(text, start - 1)) and not _WORDISH.match(text, end)


def _occurrences(text: str, gazetteer: Gazetteer) -> list[tuple[int, int, int]]:
    """(rank, start, end) of each alias as a left-to-right scan for that alias alone finds it.

    A scan resumes after each occurrence it takes, so an occurrence that overlaps an earlier
    one of the same alias is not found, exactly as ``re.finditer`` would not find it.
    """
    resume: dict[int, int] = {}
    found: list[tuple[int, int, int]] = []
    for last, rank in gazetteer.automaton.iter(text):
        end = last + 1
        start = end - len(gazetteer.aliases[rank][0])
        if start >= resume.get(rank, 0) and _on_word_boundaries(text, start, end):
            resume[rank] = end
            found.append((rank, start, end))
    return found


def _mentions(text: str, gazetteer: Gazetteer) -> list[tuple[int, str]]:
    """(start, canonical name) of each alias mention, an earlier alias winning an overlap.

    'Korean Central News Agency (KCNA)' is one source, not two; a character covers at most
    one mention, which keeps the overlap checks linear in the text's length.
    """
    covered = bytearray(len(text))
    mentions: list[tuple[int, str]] = []
    for rank, start, end in sorted(_occurrences(text, gazetteer)):
        if covered.find(1, start, end) == -1:
            covered[start:end] = b"\x01" * (end - start)
            mentions.append((start, gazetteer.aliases[rank][1]))
    return mentions


def cited_sources(pieces: list[Piece]) -> list[str]:
    """Agencies and media named in the report's own text or source lines, in order of first mention."""
    gazetteer = _gazetteer()
    found: list[tuple[int, int, str]] = []
    for piece in pieces:
        if piece.zone not in SOURCE_ZONES:
            continue
        found.extend((piece.raw_start + start, 0, name) for start, name in _mentions(piece.text, gazetteer))
        if "source" in piece.groups:
            found.append((piece.raw_start, 1, canonical_source(piece.groups["source"])))
    return _unique([name for _, _, name in sorted(found)])


def authors(pieces: list[Piece]) -> list[str]:
    names = [n for p in pieces if p.zone == "byline" and "author" in p.groups
             for n in _NAME_SPLIT.split(p.groups["author"])]
    return _unique([n.strip() for n in names])


def _clean_credit(value: str) -> str:
    """Drop label punctuation around a credit, and brackets only when they wrap all of it."""
    value = value.strip(_CREDIT_TRIM)
    while value.startswith("(") and value.endswith(")") and value.count("(") == 1:
        value = value[1:-1].strip(_CREDIT_TRIM)
    return value


def image_credits(pieces: list[Piece]) -> list[str]:
    return _unique([_clean_credit(p.groups["image_credit"]) for p in pieces
                    if p.zone == "credit" and "image_credit" in p.groups])


def dateline_place(pieces: list[Piece], rules: Rules, outlet: str | None) -> str | None:
    """The place of a lead prefix ('JAKARTA, KOMPAS.com –'); a lone word counts only if a known place."""
    places = set(rules.lexicon["places"])
    for piece in pieces:
        if piece.rule != "lead-prefix":
            continue
        if "place" in piece.groups:
            return piece.groups["place"]
        token = piece.groups.get("token")
        if token and token.lower() in places and token.lower() != (outlet or "").lower():
            return token
    return None


def extract(pieces: list[Piece], rules: Rules, outlet: str | None) -> dict:
    """All metadata fields of a document record."""
    headlines = [p.text for p in pieces if p.zone == "headline"]
    return {
        "title": headlines[0] if headlines else None,
        "authors": authors(pieces),
        "published": parse_published([p.text for p in pieces if p.zone == "dateline"], rules),
        "dateline_place": dateline_place(pieces, rules, outlet),
        "cited_sources": cited_sources(pieces),
        "image_credits": image_credits(pieces),
    }
