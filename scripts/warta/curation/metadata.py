"""Report metadata read off zoned segments: title, authors, time, place, sources, credits.

Every value is taken from characters printed on the page (named groups of the zoning
rules, the dateline, the news-source gazetteer); nothing is guessed from outside.
"""

from __future__ import annotations

import re
import tomllib
from functools import cache
from pathlib import Path

from warta.curation.dates import parse_published
from warta.curation.rules import Rules
from warta.curation.segmenter import Piece

GAZETTEER_FILE = Path(__file__).with_name("data") / "news_sources.toml"
_NAME_SPLIT = re.compile(r"\s*(?:,|&|\bdan\b|\band\b)\s*")
_CREDIT_TRIM = " -–—:;,."
SOURCE_ZONES = ("body", "subheading", "source")


@cache
def _gazetteer() -> tuple[tuple[re.Pattern, str], ...]:
    data = tomllib.loads(GAZETTEER_FILE.read_text(encoding="utf-8"))
    return tuple(
        (re.compile(r"(?<![\w-])" + re.escape(alias) + r"(?![\w-])"), entry["name"])
        for entry in data["source"]
        for alias in entry["aliases"]
    )


def _unique(values: list[str]) -> list[str]:
    return list(dict.fromkeys(v for v in values if v))


def canonical_source(name: str) -> str:
    """The gazetteer's name for a source written any known way, else the name as written."""
    for pattern, canonical in _gazetteer():
        if pattern.fullmatch(name):
            return canonical
    return name


def cited_sources(pieces: list[Piece]) -> list[str]:
    """Agencies and media named in the report's own text or source lines, in order of first mention."""
    found: list[tuple[int, int, str]] = []
    for piece in pieces:
        if piece.zone not in SOURCE_ZONES:
            continue
        taken: list[tuple[int, int]] = []
        for pattern, canonical in _gazetteer():
            for m in pattern.finditer(piece.text):
                if any(s < m.end() and m.start() < e for s, e in taken):
                    continue  # 'Korean Central News Agency (KCNA)': one source, not two
                taken.append((m.start(), m.end()))
                found.append((piece.raw_start + m.start(), 0, canonical))
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
