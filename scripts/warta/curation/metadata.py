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
from warta.curation.guards import guarded
from warta.curation.rules import Rules
from warta.curation.segmenter import Piece

GAZETTEER_FILE = Path(__file__).with_name("data") / "news_sources.toml"
_CREDIT_TRIM = " -–—:;,./•"
SOURCE_ZONES = ("body", "subheading", "source")
# the splits and rules whose segment is the lead prefix ('JAKARTA, KOMPAS.com –'), in data/zoning.toml
LEAD_PREFIX_RULES = ("lead-prefix", "lead-prefix-line", "lead-prefix-glued")
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
    folded: dict[str, str]  # the same, by case-folded alias: for names a cue or a source line introduces
    cue: re.Pattern  # 'dilansir Antara', 'mengutip Bloomberg': a name introduced as a source
    cue_words: tuple[str, ...]  # every cue contains one of these


@cache
def _gazetteer() -> Gazetteer:
    data = tomllib.loads(GAZETTEER_FILE.read_text(encoding="utf-8"))
    aliases = tuple((alias, entry["name"]) for entry in data["source"] for alias in entry["aliases"])
    automaton = ahocorasick.Automaton()
    for rank, (alias, _) in enumerate(aliases):
        if alias not in automaton:  # a repeated alias never wins: its first entry takes every mention
            automaton.add_word(alias, rank)
    automaton.make_automaton()
    return Gazetteer(aliases, automaton, {alias: canonical for alias, canonical in reversed(aliases)},
                     {alias.casefold(): canonical for alias, canonical in reversed(aliases)},
                     guarded(re.compile(data["cues"]["pattern"])), tuple(data["cues"]["words"]))


def _unique(values: list[str]) -> list[str]:
    return list(dict.fromkeys(v for v in values if v))


def canonical_source(name: str) -> str:
    """The gazetteer's name for a source written any known way, else the name as written.

    Used where the page itself says the name is a source (a source line, a citing verb), so
    that any casing counts: 'sumber : Antara' is the agency, while the bare word 'Antara' in
    running text is not looked up (it also means 'between').
    """
    gazetteer = _gazetteer()
    return gazetteer.canonical.get(name) or gazetteer.folded.get(name.casefold(), name)


def _cued(text: str, gazetteer: Gazetteer) -> list[tuple[int, str]]:
    """(start, canonical name) of each gazetteer name a citing verb introduces ('Dilansir Antara')."""
    out: list[tuple[int, str]] = []
    if not any(word in text for word in gazetteer.cue_words):
        return out
    for m in gazetteer.cue.finditer(text):
        name = gazetteer.folded.get(m["name"].casefold())
        if name:
            out.append((m.start("name"), name))
    return out


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
        found.extend((piece.raw_start + start, 0, name) for start, name in _cued(piece.text, gazetteer))
        if "source" in piece.groups:
            found.append((piece.raw_start, 1, canonical_source(piece.groups["source"])))
    return _unique([name for _, _, name in sorted(found)])


# a comma before an academic degree ('Nama, S.Sos., M.Si.') is part of the name, not a list
_DEGREE = r"(?:[A-Z][A-Za-z]{0,3}\.){1,3}(?:\s*[A-Z][A-Za-z]{0,3}\.)*"
_NAME_SPLIT = re.compile(rf"\s*(?:,(?!\s*{_DEGREE}(?:,|$))|&|\bdan\b|\band\b)\s*")


def _names(pieces: list[Piece], zone: str, group: str) -> list[str]:
    """Names in ``group`` of the ``zone`` pieces, in page order, each person once as first printed."""
    names = [n.strip(" ,;:-–—") for p in pieces if p.zone == zone and group in p.groups
             for n in _NAME_SPLIT.split(p.groups[group])]
    seen: set[str] = set()
    out: list[str] = []
    for name in names:
        if name and name.casefold() not in seen:  # 'AHMAD NAMA' and 'Ahmad Nama': one person
            seen.add(name.casefold())
            out.append(name)
    return out


def authors(pieces: list[Piece], outlets: tuple[str | None, ...] = ()) -> list[str]:
    """Writers named in bylines; an outlet's own name printed as the byline names no writer."""
    skip = {o.casefold() for o in outlets if o}
    return [n for n in _names(pieces, "byline", "author") if n.casefold() not in skip]


def editors(pieces: list[Piece]) -> list[str]:
    return _names(pieces, "credit", "editor")


def _clean_credit(value: str) -> str:
    """Drop label punctuation around a credit, and brackets only when they wrap all of it."""
    value = value.strip(_CREDIT_TRIM)
    while value.startswith("(") and value.endswith(")") and value.count("(") == 1:
        value = value[1:-1].strip(_CREDIT_TRIM)
    return value


def image_credits(pieces: list[Piece]) -> list[str]:
    return _unique([_clean_credit(p.groups["image_credit"]) for p in pieces
                    if p.zone == "credit" and "image_credit" in p.groups])


def _lead_prefix(pieces: list[Piece]) -> Piece | None:
    return next((p for p in pieces if p.zone == "dateline" and p.rule in LEAD_PREFIX_RULES), None)


_TITLE_WORD = re.compile(r"[A-Z][a-z]+(?:[ -][A-Z][a-z]+)*")


def _is_place(token: str, rules: Rules, outlet: str | None) -> bool:
    """A lone prefix word is a place if the table knows it, or if written like a town ('Cianjur').

    Outlets print their name in capitals, with capitals inside or with an address ('VIVA',
    'kabarNews', 'Outlet.com'); a word in plain title case is read as a place.
    """
    if token.lower() == (outlet or "").lower():
        return False
    return token.lower() in set(rules.lexicon["places"]) or bool(_TITLE_WORD.fullmatch(token))


def _prefix_part(pieces: list[Piece], rules: Rules, outlet: str | None, group: str, place: bool) -> str | None:
    """The ``group`` ('place' or 'outlet') of a lead prefix; a lone word goes to the one it looks like."""
    piece = _lead_prefix(pieces)
    if piece is None:
        return None
    if group in piece.groups:
        return piece.groups[group]
    token = piece.groups.get("token")
    return token if token and _is_place(token, rules, outlet) == place else None


def dateline_place(pieces: list[Piece], rules: Rules, outlet: str | None) -> str | None:
    """The place of a lead prefix ('JAKARTA, KOMPAS.com –'); a lone word counts only if a known place."""
    return _prefix_part(pieces, rules, outlet, "place", place=True)


def dateline_outlet(pieces: list[Piece], rules: Rules, outlet: str | None) -> str | None:
    """The outlet of a lead prefix ('KOMPAS.com' in 'JAKARTA, KOMPAS.com –'); a lone word that is not a place."""
    return _prefix_part(pieces, rules, outlet, "outlet", place=False)


def extract(pieces: list[Piece], rules: Rules, outlet: str | None) -> dict:
    """All metadata fields of a document record."""
    headlines = [p.text for p in pieces if p.zone == "headline"]
    lead_outlet = dateline_outlet(pieces, rules, outlet)
    return {
        "title": headlines[0] if headlines else None,
        "authors": authors(pieces, (outlet, lead_outlet)),
        "editors": editors(pieces),
        "published": parse_published([p.text for p in pieces if p.zone == "dateline"], rules),
        "dateline_place": dateline_place(pieces, rules, outlet),
        "dateline_outlet": lead_outlet,
        "cited_sources": cited_sources(pieces),
        "image_credits": image_credits(pieces),
    }
