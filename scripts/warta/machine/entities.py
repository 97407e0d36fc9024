"""Machine entity annotator: named mentions in every zone, as gold rows (GUIDELINES §1).

Three sources of mentions, all linear in the text's length:

1. the gazetteer (``data/gazetteer.toml``), matched in one Aho-Corasick pass per segment,
   case-sensitively, on word boundaries, the leftmost-longest match winning, so that spans
   are maximal and flat (``Dewan Keamanan PBB`` is one ORG; ``Rusia-Ukraina`` two GPEs);
2. head patterns (gazetteer ``[patterns]``): a head such as ``Kementerian`` or ``Bandara``
   followed by capitalised words is a name of the head's type;
3. person rules (``data/person_cues.toml``): capitalised runs after a title, next to a
   reporting verb, before an age, after a comma that follows a description of the person
   ('penumpang lain, …'), in a byline; a person found once is then found by full
   name, first or last word everywhere in the document, with one ``entity_id``.

The text is cut into units (a gazetteer match, a head, a cue, a word or a punctuation mark)
and every rule starts only at its marks (the matches, each '(' and, in prose, each comma),
looking at most a constant number of units back or ahead; a segment with no head, cue, '(' or
comma between a word and a capital is not cut at all. Segments
printed in title case (headlines, related links, captions) get only the gazetteer and the
document's known persons: their capitalised verbs are no names.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from dataclasses import dataclass, field
from functools import cache, lru_cache
from operator import itemgetter
from pathlib import Path
from typing import Any, Final

from warta.machine.automaton import Automaton
from warta.machine.bisection import bisect_left, bisect_right
from warta.machine.document import Document, Tokens, tokenise, tokenise_by_pattern

DATA = Path(__file__).with_name("data")
GAZETTEER_FILE = DATA / "gazetteer.toml"
CUES_FILE = DATA / "person_cues.toml"
LABELS = ("PER", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "LAW", "PRODUCT")

_TOKEN = r"[^\W_]+(?:[-'’][^\W_]+)*|\S"
_SPLIT: Final = re.compile(f"({_TOKEN})")  # split: gap, token, gap, …, gap
_DASHES: Final = "-–—"
_NUMBERING: Final = re.compile(r"[IVX]+|\d+|Tbk")
_OPEN_HEADS: Final = ("FAC", "LAW", "EVENT")  # names that may run on past a place they contain
_CREDIT_ZONES: Final = ("caption", "credit")
_DESCRIBED_ZONES: Final = ("body", "caption", "subheading")  # prose, where a description precedes a name
_PLACES: Final = ("GPE", "LOC", "FAC")
_TITLE_CASE_ZONES: Final = ("headline", "related")  # printed in title case: capitals there say nothing of names
# the age rule's '(34)' is the one rule that starts at a parenthesis (a superset: the rule checks digits)
_AGE: Final = re.compile(r"\(\s*\w+\s*\)")
_DESCRIBED_CAPITAL: Final = re.compile(r"[A-ZÀ-ÖØ-Þ]")  # a name's first letter after a described person's comma
_SENTENCE_ENDS: Final = (".", "!", "?", '"', "“", "”")  # marks after which a sentence begins

# unit kinds; a plain token's kind is whether its first character is alphanumeric (False, True)
PUNCT: Final = 0
WORD: Final = 1
ENTITY: Final = 2
HEAD: Final = 3
TITLE: Final = 4
VERB_AFTER: Final = 5
VERB_BEFORE: Final = 6
BYLINE: Final = 7


@dataclass(frozen=True)
class Entry:
    """What one automaton key stands for: an entity, a pattern head or a cue."""

    kind: int
    label: str | None = None
    entity_id: str | None = None
    head: str | None = None  # label of the pattern this entity or head may begin

    starts_rule: bool = field(init=False)  # a head, a cue, or an entity that may begin a pattern

    def __post_init__(self) -> None:
        object.__setattr__(self, "starts_rule", self.kind in _RULE_KINDS or self.head is not None)


Unit = tuple[Any, ...]
"""A word or punctuation mark (start, end, text, kind), or an automaton match or merged name
(start, end, text, kind, label, entity_id, head label), read through the field numbers below:
the last three are read only after the kind says the unit is a match. (Typed as a tuple of
anything: a type checker cannot tell the two shapes apart by a field number held in a name.)

A plain tuple, not a named one, so that the words of a segment are made by ``zip`` at C speed:
most units of an article are plain words no rule ever looks at, and building a named tuple per
word was the largest single cost of this annotator."""

START: Final = 0
END: Final = 1
TEXT: Final = 2
KIND: Final = 3
LABEL: Final = 4
ENTITY_ID: Final = 5
HEAD_LABEL: Final = 6


_RULE_KINDS: Final = (HEAD, TITLE, VERB_AFTER, VERB_BEFORE)  # matches a rule starts from (and entities with a head)


@dataclass(frozen=True)
class Tables:
    automaton: Automaton  # every key's value is its Entry
    keys: tuple[tuple[str, Entry], ...]
    platforms: re.Pattern[str] | None
    platform_ids: dict[str, str]
    title_words: frozenset[str]
    function_words: frozenset[str]
    not_names: frozenset[str]
    particles: frozenset[str]
    gazetteer_names: frozenset[str]
    description_heads: frozenset[str]
    countries: frozenset[str]
    max_name: int
    max_title: int
    min_short: int
    version: str
    patronymics: frozenset[str] = frozenset()
    initial_cues: frozenset[str] = frozenset()
    name_prefixes: frozenset[str] = frozenset()
    prefixed_names: frozenset[str] = frozenset()
    reporter_words: frozenset[str] = frozenset()
    territorial_titles: frozenset[str] = frozenset()
    credit_words: frozenset[str] = frozenset()
    locatives: frozenset[str] = frozenset()
    given_initials: frozenset[str] = frozenset()
    person_nouns: frozenset[str] = frozenset()
    person_nouns_with_nya: frozenset[str] = frozenset()
    clause_openers: frozenset[str] = frozenset()
    organisation_words: frozenset[str] = frozenset()


@lru_cache(maxsize=4096)
def machine_id(name: str) -> str:
    """The cross-document id of a name no gazetteer entry knows: lowercase ascii snake case."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "_", ascii_name.lower()).strip("_") or "unknown"


@cache
def tables() -> Tables:
    """Both data tables, compiled once into one automaton of every name, head and cue."""
    gaz = tomllib.loads(GAZETTEER_FILE.read_text(encoding="utf-8"))
    cues = tomllib.loads(CUES_FILE.read_text(encoding="utf-8"))
    heads: dict[str, str] = {h: label for label in LABELS for h in gaz["patterns"].get(label, [])}
    keys: dict[str, Entry] = {}
    for group in gaz["entities"].values():
        for row in group:
            if row["label"] not in LABELS:
                raise ValueError(f"gazetteer: unknown label {row['label']!r} for {row['name']!r}")
            for alias in [row["name"], *row["aliases"]]:
                if alias in keys:
                    continue  # the first entry that lists an alias keeps it
                first = next((h for h in heads if alias.startswith(h + " ")), None)
                keys[alias] = Entry(ENTITY, row["label"], row["entity_id"], heads.get(alias) or
                                    (heads[first] if first else None))
    gazetteer_names = frozenset(keys)
    for head, label in heads.items():
        keys.setdefault(head, Entry(HEAD, head=label))
    c = cues["cues"]

    def cue(words: list[str], kind: int) -> None:
        for w in words:
            keys.setdefault(w, Entry(kind))
            if w[:1].islower():  # sentence-initial form of a lowercase cue ("Warga", "Menurut")
                keys.setdefault(w[:1].upper() + w[1:], Entry(kind))

    cue(c["titles"], TITLE)
    cue(c["verbs_after_name"], VERB_AFTER)
    cue(c["verbs_before_name"], VERB_BEFORE)
    cue(c["byline"], BYLINE)
    ordered = tuple(keys.items())
    automaton = Automaton(ordered)
    platform_ids = dict(gaz.get("platforms", {}))
    platforms = (re.compile(r"(?<![\w@])(" + "|".join(map(re.escape, sorted(platform_ids, key=len, reverse=True)))
                            + r")\s*[-/:]?\s*@\w") if platform_ids else None)
    nn = cues["not_names"]
    rules = cues["rules"]
    return Tables(automaton, ordered, platforms, platform_ids, frozenset(c["title_words"]),
                  frozenset(nn["function_words"]), frozenset(nn["function_words"]) | frozenset(nn["nouns"]),
                  frozenset(c["name_particles"]), gazetteer_names,
                  frozenset(gaz["patterns"].get("country_tail_is_description", [])),
                  frozenset(r["entity_id"] for r in gaz["entities"].get("countries", [])),
                  rules["max_name_words"], rules["max_title_words"], rules["min_short_form"],
                  _one_version(gaz["version"], cues["version"]), frozenset(c["patronymic_particles"]),
                  frozenset(c["initial_cues"]), frozenset(c["name_prefixes"]), frozenset(c["prefixed_names"]),
                  frozenset(c["reporter_words"]), frozenset(c["territorial_titles"]),
                  frozenset(cues["credits"]["not_names"]), frozenset(c["locatives"]),
                  frozenset(c["given_initials"]), frozenset(c["person_nouns"]), frozenset(c["person_nouns_with_nya"]),
                  frozenset(c["clause_openers"]), frozenset(c["organisation_words"]))


def _one_version(*versions: str) -> str:
    """The annotator's version: its tables carry one version, bumped together when either changes."""
    if len(set(versions)) != 1:
        raise ValueError(f"gazetteer.toml and person_cues.toml carry different versions {versions}: bump both")
    return versions[0]


NAME = "warta-entities"


def version() -> str:
    """``name@version`` of this annotator, as machine rows' ``source`` shows it."""
    return f"{NAME}@{tables().version}"


def _bounded(text: str, start: int, end: int) -> bool:
    """Nothing alphanumeric touches the match: 'AS' not in 'KASUS'; a hyphen is a boundary (Rusia-Ukraina)."""
    return (start == 0 or not text[start - 1].isalnum()) and (end == len(text) or not text[end].isalnum())


def _matches(text: str, t: Tables, stats: dict[str, int]) -> tuple[list[tuple[int, int, Entry]], bool]:
    """Leftmost-longest automaton matches on word boundaries, plus platform names before handles, and
    whether a rule may start at one of them."""
    found: list[tuple[int, int, Entry]] = []
    hits = 0
    size = len(text)
    entries = t.automaton.values
    for index, start, end in t.automaton.matches(text):  # _bounded written out: one call fewer per hit
        hits += 1
        if (start == 0 or not text[start - 1].isalnum()) and (end == size or not text[end].isalnum()):
            found.append((start, -end, entries[index]))  # (start, -end): a plain sort puts the longest first
    stats["hits"] += hits
    if t.platforms is not None and "@" in text:  # the pattern ends in '@' and a word: no '@', no match
        for m in t.platforms.finditer(text):
            name = m.group(1)
            found.append((m.start(1), -m.end(1), Entry(ENTITY, "PRODUCT", t.platform_ids[name])))
        found.sort(key=_SPAN)  # a platform may span what a gazetteer name spans: the name, found first, wins
    elif not found:
        return [], False
    else:
        found.sort()  # no two automaton matches share start and end: the entries are never compared
    kept: list[tuple[int, int, Entry]] = []
    reach = 0
    rule = False
    for start, end, entry in found:
        if start >= reach:
            kept.append((start, -end, entry))
            reach = -end
            rule = rule or entry.starts_rule
    return kept, rule


_SPAN: Final = itemgetter(0, 1)
_START: Final = itemgetter(0)
_END: Final = itemgetter(1)


def _by_start_longest_first(spans: list) -> None:
    """Sort (start, end, …) tuples by start, the longer first at one start, ties kept in order: what
    sorting by ``(start, -end)`` does, as two stable sorts by C key functions (a key written as a
    function is called for every element)."""
    spans.sort(key=_END, reverse=True)  # stable, reversed or not
    spans.sort(key=_START)


def _tokenise(text: str, offset: int) -> Tokens:
    """The words and punctuation marks of a text outside the document's shared tokens. Here '_' is no
    part of a word (``_SPLIT``); in a text without '_' that pattern and ``TOKEN_SPLIT`` agree."""
    return tokenise_by_pattern(text, offset, _SPLIT) if "_" in text else tokenise(text, offset)


def _plain_units(tokens: list[str], starts: list[int], ends: list[int], words: list[bool]) -> list[Unit]:
    """Words and marks as units: ``words`` says whether each token begins with a letter or digit
    (False is PUNCT, True is WORD)."""
    return list(zip(starts, ends, tokens, words, strict=False))


def _units(doc: Document, text: str, offset: int, matches: list[tuple[int, int, Entry]], stats: dict[str, int],
           age: bool) -> tuple[list[Unit], list[int], list[str]]:
    """The segment as units: automaton matches whole, other text as words and punctuation.

    Also ``marks``, the sorted indices of the units a rule can start from (every match and every
    '('), so that the rules visit those and not every word, and the texts of the words. The
    segment is tokenised once and the matches put in place of the tokens they cover; a match
    that cuts a token ('AS' of 'AS-nya') sends the segment to gap-by-gap tokenisation instead.
    Without '_' the tokens are the document's own (``Document.tokens``), shared with the quote
    annotator.
    """
    tokens, starts, ends, kinds = _tokenise(text, offset) if "_" in text else \
        doc.tokens_and_kinds(offset, offset + len(text))
    plain = _plain_units(tokens, starts, ends, kinds)
    units: list[Unit] = []
    marks: list[int] = []
    words: list[str] = []
    pos = 0  # the first token not yet placed
    for start, end, e in matches:
        a, b = offset + start, offset + end
        i = bisect_left(starts, a, pos)
        j = bisect_left(starts, b, i)
        if (i > 0 and ends[i - 1] > a) or (j > 0 and ends[j - 1] > b):
            return _units_by_gaps(text, offset, matches, stats)
        units.extend(plain[pos:i])
        words.extend(tokens[pos:i])
        marks.append(len(units))
        units.append((a, b, text[start:end], e.kind, e.label, e.entity_id, e.head))
        pos = j
    units.extend(plain[pos:])
    words.extend(tokens[pos:])
    if age:  # the text has a '(' the age rule may start at
        marks = sorted(marks + [k for k, u in enumerate(units) if u[KIND] == PUNCT and u[TEXT] == "("])
    stats["units"] += len(units)
    return units, marks, words


def _units_by_gaps(text: str, offset: int, matches: list[tuple[int, int, Entry]],
                   stats: dict[str, int]) -> tuple[list[Unit], list[int], list[str]]:
    """``_units`` for a segment where a match cuts a token: each gap between matches tokenised alone."""
    units: list[Unit] = []
    marks: list[int] = []
    words: list[str] = []
    pos = 0
    for start, end, e in [*matches, (len(text), len(text), None)]:
        tokens, starts, ends, kinds = _tokenise(text[pos:start], offset + pos)
        first = len(units)
        units.extend(_plain_units(tokens, starts, ends, kinds))
        words.extend(tokens)
        if "(" in tokens:
            marks.extend(k for k in range(first, len(units)) if units[k][TEXT] == "(")
        if e is not None:
            marks.append(len(units))
            units.append((offset + start, offset + end, text[start:end], e.kind, e.label, e.entity_id, e.head))
        pos = end
    stats["units"] += len(units)
    return units, marks, words


def _capitalised(u: Unit) -> bool:
    return u[KIND] == WORD and u[TEXT][0].isupper()


_TITLE_CASE: Final = {"headline": (0.6, 0), "related": (0.6, 0),
               "body": (0.9, 4)}  # prose full of offices and names ('Wakil Rektor Bidang Penelitian …, Prof. …')
"""Per zone: the share of capitalised words above which a segment is in title case, and the fewest
words (of three letters or more) that can decide it; other zones (0.75, 4). Headlines and related
links are short, so fewer words decide there."""


def _title_case(words: list[str], zone: str) -> bool:
    """Most plain words capitalised: a headline, a link, a caption; its capitalised verbs are no names.

    ``words`` are the texts of the units between matches: names, heads and cues are left out of
    the count, since a body sentence full of names is still prose. Only words of three letters or
    more count. The walk stops at the first lower-case word after which even all the words left,
    capitalised, could not reach the share: prose is decided within its first words.
    """
    share, fewest = _TITLE_CASE.get(zone, (0.75, 4))
    capitalised = lower = 0
    left = len(words)
    for w in words:
        left -= 1
        if len(w) < 3:  # punctuation is one character
            continue
        c = ord(w[0])  # compiled: the code point, read in place; an ASCII letter needs no str method
        if 65 <= c <= 90 or (c > 127 and w[0].isalpha() and w[0].isupper()):
            capitalised += 1
        elif 97 <= c <= 122 or (c > 127 and w[0].isalpha()):
            lower += 1
            if capitalised + left <= share * (capitalised + left + lower):
                return False
    return capitalised + lower >= fewest and capitalised > share * (capitalised + lower)


def _merge(units: list[Unit], marks: list[int],
           spans: list[tuple[int, int, str, str | None]]) -> tuple[list[Unit], list[int]]:
    """Replace unit ranges [i, j) by one entity unit each (ranges do not overlap, sorted).

    ``marks`` are carried over to the new indices; marks inside a range become the new unit."""
    if not spans:
        return units, marks
    out: list[Unit] = []
    kept: list[int] = []
    pos = m = 0
    for i, j, label, eid in spans:
        while m < len(marks) and marks[m] < i:
            kept.append(len(out) + marks[m] - pos)
            m += 1
        while m < len(marks) and marks[m] < j:
            m += 1
        out.extend(units[pos:i])
        kept.append(len(out))
        out.append((units[i][START], units[j - 1][END], "", ENTITY, label, eid, None))
        pos = j
    kept.extend(len(out) + x - pos for x in marks[m:])
    out.extend(units[pos:])
    return out, kept


def _outside(marks: list[int], spans: list[tuple[int, int]]) -> list[int]:
    """The marks in none of the sorted, disjoint unit ranges [a, b): one walk over both lists."""
    if not spans:
        return marks
    kept: list[int] = []
    k = 0
    for x in marks:
        while k < len(spans) and spans[k][1] <= x:
            k += 1
        if k == len(spans) or x < spans[k][0]:
            kept.append(x)
    return kept


def _patterns(units: list[Unit], marks: list[int], t: Tables, raw: str) -> tuple[list[Unit], list[int]]:
    """Head + capitalised words as one name of the head's type ('Kementerian Luar Negeri AS').

    A name starts at a head or a gazetteer match, both marks: only marks are visited."""
    spans: list[tuple[int, int, str, str | None]] = []
    n = len(units)
    free = 0  # the first unit no span found so far covers
    for i in marks:
        if i < free:
            continue
        u = units[i]
        if u[KIND] not in (HEAD, ENTITY) or (label := u[HEAD_LABEL]) is None:
            continue
        j = i + 1
        tail_entity: Unit | None = None
        while j < n and j - i <= 10:
            v = units[j]
            if v[KIND] == ENTITY and v[LABEL] != "PER":
                if u[KIND] == ENTITY and v[LABEL] != "GPE":
                    break
                tail_entity = v
                j += 1
                if label in _OPEN_HEADS and u[KIND] == HEAD:
                    continue  # 'Stadion Gelora Bandung Lautan Api': no person follows a facility's name
                while j < n and units[j][KIND] == WORD and _NUMBERING.fullmatch(units[j][TEXT]):
                    j += 1  # 'Gedung Nusantara II', 'Bank Rakyat Indonesia Tbk'
                break  # a body or place ends the name: a person may follow the office
            if u[KIND] == ENTITY:
                break  # a gazetteer body is extended by a place only
            if v[KIND] == HEAD and v[HEAD_LABEL] == label == "ORG" and u[KIND] == HEAD:
                j += 1  # 'PT Bank Rakyat Indonesia'
                continue
            if v[KIND] != WORD or v[TEXT] in t.function_words:
                break
            if v[TEXT][0].isupper() or (v[TEXT][0].isdigit() and label in ("LAW", "EVENT")):
                j += 1
                continue
            if v[TEXT] in ("dan", "&") and label in ("ORG", "LAW") and j + 1 < n and _capitalised(units[j + 1]) \
                    and units[j + 1][TEXT] not in t.function_words:
                j += 2
                continue
            break
        if j == i + 1:
            continue
        if tail_entity is not None and j == i + 2 and u[KIND] == HEAD:
            if label in t.description_heads and tail_entity[LABEL] == "GPE" and tail_entity[ENTITY_ID] in t.countries:
                continue  # 'Pelabuhan Iran' describes; the country alone is the name
        start, end = u[START], units[j - 1][END]
        text = raw[start:end]
        eid = (tail_entity[ENTITY_ID] if (label == "GPE" and tail_entity is not None and j == i + 2)
               else machine_id(text))
        spans.append((i, j, label, eid))
        free = j
    return _merge(units, marks, spans)


def _name_word(u: Unit, t: Tables, first: bool) -> bool:
    if u[KIND] != WORD or not u[TEXT][0].isupper() or u[TEXT] in t.not_names:
        return False
    return not (first and u[TEXT] in t.title_words)


def _given_initial(units: list[Unit], k: int, t: Tables) -> bool:
    """An abbreviated given name at unit k, its dot, a space and a name word: 'M. Rizky', 'Moh. Jakfar'
    (not a degree such as 'M.Si', whose dot no space follows)."""
    if k + 2 >= len(units) or units[k][TEXT] not in t.given_initials or units[k][KIND] != WORD:
        return False
    dot, after = units[k + 1], units[k + 2]
    return dot[TEXT] == "." and dot[START] == units[k][END] and after[START] > dot[END] \
        and _name_word(after, t, first=False)


def _run_after(units: list[Unit], j: int, t: Tables) -> int:
    """End (exclusive) of the person-name run starting at unit j, or j when there is none."""
    k, words = j, 0
    while k < len(units) and words < t.max_name:
        u = units[k]
        if _given_initial(units, k, t):
            k, words = k + 2, words + 1  # 'Moh. Jakfar': the initial and its dot
        elif _name_word(u, t, first=k == j) or (k > j and u[KIND] == ENTITY and u[LABEL] == "PER") \
                or _name_prefix(units, k, t):
            k, words = k + 1, words + 1  # 'Listyo Sigit Prabowo' is not 'Prabowo' (gazetteer)
        elif k > j and u[KIND] == HEAD and u[TEXT][0].isupper():
            k, words = k + 1, words + 1  # a head no name followed is a surname: 'Zulfikar Tanjung'

        elif u[KIND] == WORD and u[TEXT] in t.particles and k > j and k + 1 < len(units) \
                and (_name_word(units[k + 1], t, first=False) or (u[TEXT] in t.patronymics
                                                                   and units[k + 1][KIND] == ENTITY)):
            k += 1  # 'Asep bin Oman': after bin/binti a father's name, even one a gazetteer knows
            if units[k][KIND] == ENTITY:
                k, words = k + 1, words + 1
        else:
            break
    return k


def _name_prefix(units: list[Unit], k: int, t: Tables) -> bool:
    """'I' or 'Ni' opening a Balinese name before a birth-order or caste name ('I Made Dharma Yasa')."""
    return units[k][TEXT] in t.name_prefixes and k + 1 < len(units) and units[k + 1][TEXT] in t.prefixed_names


def _run_before(units: list[Unit], i: int, t: Tables) -> int:
    """Start of the person-name run ending just before unit i, or i when there is none."""
    k = i
    while k > 0 and i - k < t.max_name and (_name_word(units[k - 1], t, first=False)
                                            or _name_prefix(units, k - 1, t)):
        k -= 1
    if k < i and k >= 2 and _given_initial(units, k - 2, t):
        k -= 2  # 'M. Rizal Fahmi mengatakan'
    while k < i and units[k][TEXT] in t.title_words and not _name_prefix(units, k, t):
        k += 1
    return k


def _acronym(word: str) -> bool:
    return len(word) >= 2 and word.isupper() and word.isalpha()


def _after_honorifics(units: list[Unit], j: int) -> int:
    """The first unit after the honorifics and titles at j ('H.', 'Dr.', 'Prof.' after a comma)."""
    while j < len(units) and units[j][KIND] == TITLE:
        j += 1
    return j


def _apposition_before(units: list[Unit], i: int, t: Tables) -> tuple[int, int] | None:
    """'Wali Kota Pariaman, Zulfikar Tanjung, memperkirakan': the name set off by commas between
    the speaker's description and the reporting verb at unit i. Both commas are required, so a
    place after its own comma ('warga Oebobo, mengatakan') is not taken for the speaker."""
    if i < 3 or units[i - 1][TEXT] != ",":
        return None
    comma = _before_degrees(units, i - 1)
    start = _run_before(units, comma, t)
    if start == comma or start < 2 or units[start - 1][TEXT] != ",":
        return None
    place = start - 2
    if units[place][KIND] == ENTITY and units[place][LABEL] in _PLACES and place > 0 \
            and units[place - 1][TEXT] in t.locatives:
        return None  # 'pedagang di Desa Limus Nunggal, Cileungsi, mengatakan': a place after a place
    return start, comma


def _described_comma(text: str) -> bool:
    """Where ``_described_apposition`` may start: three letters, a comma, one white space character and a
    capital ('penumpang lain, I Wayan …'). Found by ``str.find`` of the comma and a look at its
    neighbours: a pattern that tries its letter class at every character cost more than all the rest of
    the segment."""
    at = text.find(",", 3)
    while 0 <= at < len(text) - 2:
        if text[at + 1].isspace() and text[at - 3:at].isalpha() and _DESCRIBED_CAPITAL.match(text, at + 2):
            return True
        at = text.find(",", at + 1)
    return False


def _described_apposition(units: list[Unit], k: int, t: Tables, raw: str) -> tuple[int, int] | None:
    """'penumpang lain, I Wayan Sudarsana, mengaku', 'bersama istrinya, Tiurma br. Hutagalung.': a name of
    two words or more set off by the comma at unit k after a description of the person: among the (at
    most four) words or places before the comma, a title or a noun of ``person_nouns`` (or of
    ``person_nouns_with_nya`` with '-nya'); 'dua kelompok, Tabuik Pasa …' describes no person. Not after
    a sentence's opening phrase ('Bagi wisatawan, Nusa Penida …': ``clause_openers``), and not a run
    with a company's or a team's last word (``organisation_words``). After the name comes a mark, a
    lower-case word or a cue, not more of a name."""
    if k < 1 or k + 1 >= len(units):
        return None
    before, first = units[k - 1], units[k + 1]
    if before[END] != units[k][START] or first[START] != units[k][END] + 1 or before[END] - before[START] < 3 \
            or not raw[before[END] - 3:before[END]].isalpha() or not _DESCRIBED_CAPITAL.match(raw, first[START]):
        return None  # what ``_described_comma`` finds in the segment, at this comma: the marks hold every comma
    if not ((before[KIND] in (WORD, TITLE) and before[TEXT].isalpha() and before[TEXT].islower())
            or (before[KIND] == ENTITY and before[LABEL] in _PLACES)):
        return None  # a lower-case word or title ('Salah satu pedagang, …'), or a place ('asal Desa X, …')
    noun = -1
    for x in range(k - 1, max(-1, k - 5), -1):
        u = units[x]
        if u[KIND] == TITLE:
            if u[TEXT].lower() not in t.person_nouns_with_nya:  # 'Anggota kelompok, …': a member of a body
                noun = x  # 'Koordinator lapangan aksi, Sugeng Riyadi': an office described further
            break
        if u[KIND] == WORD:
            word = u[TEXT].lower()
            stem = word[:-3] if word.endswith("nya") else ""
            if word in t.person_nouns or stem in t.person_nouns or stem in t.person_nouns_with_nya:
                noun = x
                break
        elif not (u[KIND] == ENTITY and u[LABEL] in _PLACES):
            break
    if noun < 0:
        return None
    opening = noun
    while opening > 0 and noun - opening < 4 and units[opening - 1][KIND] != PUNCT:
        opening -= 1
    if (opening == 0 or units[opening - 1][TEXT] in _SENTENCE_ENDS) \
            and units[opening][TEXT].lower() in t.clause_openers:
        return None
    j = _after_honorifics(units, k + 1)
    end = _run_after(units, j, t)
    if end - j < 2 or units[j][KIND] != WORD or any(units[x][TEXT] in t.organisation_words for x in range(j, end)):
        return None
    if end < len(units):
        after = units[end]
        if not (after[KIND] == PUNCT or after[KIND] in (VERB_AFTER, VERB_BEFORE)
                or (after[KIND] == WORD and after[TEXT][0].islower())):
            return None
    return j, end


def _degree_piece(u: Unit) -> bool:
    return u[TEXT] == "." or (u[KIND] in (WORD, TITLE) and u[TEXT][0].isupper() and len(u[TEXT].rstrip(".")) <= 3)


def _before_degrees(units: list[Unit], comma: int) -> int:
    """The comma before the degrees printed after a name ('Rahmat Nasution, S.H., M.Si., menyatakan'):
    each degree is a few short capitalised pieces and dots between commas."""
    while True:
        j = comma - 1
        while j > 0 and _degree_piece(units[j]) and comma - j <= 5:
            j -= 1
        if j == comma - 1 or units[j][TEXT] != "," or "." not in (units[k][TEXT][-1] for k in range(j + 1, comma)):
            return comma
        comma = j


def _slash_partners(units: list[Unit], found: list[tuple[int, int]], t: Tables) -> list[tuple[int, int]]:
    """'pasangan Bagas Wiratama/Yogi Saputra': a name joined to a found name by a slash is a person too
    (doubles partners, running mates), on either side."""
    more = []
    for a, b in found:
        if b + 1 < len(units) and units[b][TEXT] == "/" and (end := _run_after(units, b + 1, t)) > b + 1:
            more.append((b + 1, end))
        if a >= 2 and units[a - 1][TEXT] == "/" and (start := _run_before(units, a - 1, t)) < a - 1:
            more.append((start, a - 1))
    return more


def _persons(units: list[Unit], marks: list[int], t: Tables, byline: bool, raw: str,
             bodies: list[tuple[int, int, str]] | None = None) -> list[tuple[int, int]]:
    """Unit ranges of person names found by the cue rules, non-overlapping, left to right.

    ``bodies`` receives the unit ranges of the unknown organisations a title names before its
    holder ('Manager Nusa Angkasa Air, Anak Agung …'). Outside a byline every rule starts at a
    cue, a '(' or (in prose) a comma, all marks: only marks are visited. ``raw`` is the document's text."""
    bodies = [] if bodies is None else bodies
    found: list[tuple[int, int]] = []
    n = len(units)
    for i in range(n) if byline else marks:
        u = units[i]
        if byline:
            if _name_word(u, t, first=True) and (i == 0 or not _name_word(units[i - 1], t, first=False)):
                end = _run_after(units, i, t)
                if i > 1 and units[i - 1][TEXT] in t.reporter_words and units[i - 2][TEXT] == "Laporan" \
                        and end + 1 < n and units[end][TEXT] == "," and _name_word(units[end + 1], t, first=True):
                    bodies.append((i, end, "ORG"))  # 'Laporan Wartawan Pantura Today, Fajar Nugroho': the outlet
                else:
                    found.append((i, end))
            continue
        if u[KIND] == TITLE:
            j, skipped = i + 1, 0
            while j < n and skipped < t.max_title:
                v = units[j]
                if (v[KIND] == ENTITY and v[LABEL] != "PER") or v[KIND] in (TITLE, HEAD) or \
                        (v[KIND] == WORD and v[TEXT] in t.title_words) or (v[KIND] == PUNCT and v[TEXT] == "."
                                                                         and skipped > 0):
                    j, skipped = j + 1, skipped + 1
                elif skipped > 0 and v[KIND] == PUNCT and v[TEXT] == "(" and j + 2 < n and units[j + 2][TEXT] == ")" \
                        and units[j + 1][KIND] in (ENTITY, WORD):
                    j, skipped = j + 3, skipped + 1  # 'Ekonom Indef (Institut …), Galuh': the body's short form
                elif v[KIND] == WORD and _acronym(v[TEXT]) and u[TEXT] not in t.initial_cues:
                    place = j + 1  # 'Ketua HNSI Kota Tegal': an acronym names a body (with its place), not a person
                    while place < n and units[place][KIND] == ENTITY and units[place][LABEL] == "GPE":
                        place += 1
                    bodies.append((j, place, "ORG"))
                    j, skipped = j + 1, skipped + 1
                else:
                    break
            if j < n and units[j][KIND] == PUNCT and units[j][TEXT] == "," and skipped > 0:
                j = _after_honorifics(units, j + 1)
            end = _run_after(units, j, t)
            # `CEO Ladangin, Aditya Pramana`, `Manager Nusa Angkasa Air, Anak Agung …`: a short unknown
            # name after the title, perhaps with a place, then a comma and a name: the first is the
            # organisation of the title, and the person is the name after the comma
            if j < end <= j + 3 and units[j][KIND] == WORD:
                k = end
                while k < n and k - end < 3 and units[k][KIND] == ENTITY and units[k][LABEL] != "PER":
                    k += 1
                if k + 1 < n and units[k][KIND] == PUNCT and units[k][TEXT] == ",":
                    after = _after_honorifics(units, k + 1)
                    second = _run_after(units, after, t)
                    listed = (second + 1 < n and units[second][TEXT] == ","
                              and units[second + 1][TEXT] in ("dan", "serta"))
                    if listed:
                        end = j  # 'Direktur Pemasaran, Promosi, dan Kemitraan': portfolios, no name
                    elif second > after and not (second == after + 1 and len(units[after][TEXT]) <= 3):
                        bodies.append((j, k, "GPE" if u[TEXT] in t.territorial_titles else "ORG"))  # not a degree
                        # ('S.H.') nor a list: the name after the comma holds
                        j, end = after, second  # the title, and the body runs to its place ('Inspektorat Kab. X')
            if end > j:
                found.append((j, end))
        elif u[KIND] == VERB_BEFORE:
            end = _run_after(units, i + 1, t)
            if end > i + 1:
                found.append((i + 1, end))
        elif u[KIND] == VERB_AFTER:
            start = _run_before(units, i, t)
            if start < i and not (i - start == 1 and (start == 0 or units[start - 1][TEXT] in ".!?\"”")
                                  and units[start][TEXT] in t.not_names):
                found.append((start, i))
            elif start == i and (span := _apposition_before(units, i, t)):
                found.append(span)
        elif u[KIND] == PUNCT and u[TEXT] == "," and (span := _described_apposition(units, i, t, raw)):
            found.append(span)
        elif u[KIND] == PUNCT and u[TEXT] == "(" and i + 2 < n and units[i + 1][TEXT].isdigit() \
                and units[i + 2][TEXT] == ")":
            start = _run_before(units, i, t)
            if start < i:
                found.append((start, i))
    found += _slash_partners(units, found, t)
    found.sort()
    kept: list[tuple[int, int]] = []
    reach = 0
    for a, b in found:
        if a >= reach:
            kept.append((a, b))
            reach = b
    return kept


_CREDIT_WORD = r"[A-Z][\w&'’-]*(?:\.[\w-]+)*\.?"
_CREDIT_ORG_WORD = r"[A-Z][\w&'’-]*(?:\.[\w-]+)*"  # no final dot: a sentence's end is no part of an outlet
# 'KABARSEMARANG/ARIF NUGROHO', '(Foto: Sumut Sepekan/Rizal Siregar)', 'ANTARA FOTO/M. Risyal Hidayat'
# at the end of a caption or credit: the outlet (or agency) before the slash, the photographer after.
_CREDIT: Final = re.compile(rf"(?:^|(?<=\()|(?<=[.:|,] )|(?<=[-–—] ))"
                     rf"(?P<org>{_CREDIT_ORG_WORD}(?: {_CREDIT_ORG_WORD}){{0,3}}?)"
                     rf"(?: (?:FOTO|Foto))?/(?P<per>{_CREDIT_WORD}(?: {_CREDIT_WORD}){{0,4}})\)?\s*$")


def _credit_from(text: str) -> int:
    """Where a search for ``_CREDIT`` may start: a credit's slash is the text's last (nothing after it may
    be one) and at most four spaces come before it in the credit (between four outlet words and before
    'FOTO'), so no credit starts before the fifth space back from the last slash. A search from there
    finds what a search of the whole caption finds, without trying the pattern at every character of
    it (its look-behinds still see the characters before)."""
    at = text.rfind("/")
    for _ in range(5):
        if at <= 0:
            return 0
        at = text.rfind(" ", 0, at)
    return at + 1


def _words_and_pairs(text: str) -> list[str]:
    words = text.replace("-", " ").split()
    return words + [" ".join(pair) for pair in zip(words, words[1:], strict=False)]


def _photo_credit(text: str, offset: int) -> list[tuple[int, int, str, str]]:
    """The outlet (ORG) and the photographer (PER) of a photo credit closing a caption or credit line."""
    m = _CREDIT.search(text, _credit_from(text))
    if m is None:
        return []
    stop = tables().credit_words
    if any(w in stop for part in ("org", "per") for w in _words_and_pairs(m[part])):
        return []  # 'Foto: Humas Polres/Istimewa', 'Tangkapan Layar/YouTube': no outlet and photographer
    org, per = m.span("org"), m.span("per")
    return [(offset + org[0], offset + org[1], "ORG", machine_id(m["org"])),
            (offset + per[0], offset + per[1], "PER", machine_id(m["per"]))]


def _dateline_outlet(units: list[Unit], raw: str) -> list[tuple[int, int, str, str]]:
    """'VIVA –', 'JAKARTA, KOMPAS.com –': the lead prefix names the outlet and perhaps a place.

    Of two parts, the one printed like a web address ('REPUBLIKA.CO.ID') is the outlet; otherwise
    the place comes first. Parts the gazetteer already named keep their gazetteer row.
    """
    k = len(units)
    while k > 0 and units[k - 1][KIND] == PUNCT and units[k - 1][TEXT] in _DASHES:
        k -= 1
    body = units[:k]
    if k == len(units) or not body or any(ch.isdigit() for u in body if u[KIND] == WORD for ch in u[TEXT]):
        return []
    parts: list[list[Unit]] = [[]]
    for u in body:
        if u[KIND] == PUNCT and u[TEXT] == ",":
            parts.append([])
        else:
            parts[-1].append(u)
    parts = [p for p in parts if p][-2:]
    if not parts:
        return []
    texts = [raw[p[0][START]:p[-1][END]] for p in parts]
    outlet = next((i for i, x in enumerate(texts) if "." in x), len(parts) - 1)
    out: list[tuple[int, int, str, str]] = []
    for i, part in enumerate(parts):
        if any(u[KIND] == ENTITY for u in part) or any(u[KIND] == PUNCT and u[TEXT] != "." for u in part):
            continue
        out.append((part[0][START], part[-1][END], "ORG" if i == outlet else "GPE", machine_id(texts[i])))
    return out


def annotate(doc: Document, stats: dict[str, int] | None = None) -> list[dict]:
    """Entity rows of the document in gold shape, ids in order of appearance.

    ``stats`` (optional) receives the work done: automaton hits and units walked, for tests
    that check the work grows linearly with the text.
    """
    t = tables()
    work = stats if stats is not None else {}
    work.setdefault("hits", 0)
    work.setdefault("units", 0)
    raw = doc.raw_text
    rows: list[tuple[int, int, str, str | None]] = []  # start, end, label, entity_id
    persons: list[tuple[int, int]] = []  # raw spans of rule-found persons
    credits: list[tuple[int, int, str, str | None]] = []  # outlets of photo credits: before the gazetteer's rows
    for seg in doc.segments:
        text = raw[seg.raw_start:seg.raw_end]
        if seg.zone in _CREDIT_ZONES and "/" in text:
            for start, end, label, eid in _photo_credit(text, seg.raw_start):
                (persons.append((start, end)) if label == "PER" else credits.append((start, end, label, eid)))
        matches, rule = _matches(text, t, work)
        byline = seg.zone == "byline"
        age = "(" in text and _AGE.search(text) is not None
        described = seg.zone in _DESCRIBED_ZONES and _described_comma(text)
        if not byline and seg.zone != "dateline" and not age and not rule and not described:
            # no rule can start here (no head, cue, '(' or described comma): the gazetteer's names are all
            rows.extend((seg.raw_start + a, seg.raw_start + b, e.label, e.entity_id) for a, b, e in matches  # type: ignore[misc]
                        if e.kind == ENTITY)
            continue
        units, marks, words = _units(doc, text, seg.raw_start, matches, work, age)
        if described:  # the commas the described-apposition rule starts at are marks too
            marks = sorted(marks + [k for k, u in enumerate(units) if u[KIND] == PUNCT and u[TEXT] == ","])
        if seg.zone == "dateline":
            rows.extend(_dateline_outlet(units, raw))
        if byline or not _title_case(words, seg.zone):
            if not byline:
                units, marks = _patterns(units, marks, t, raw)
            bodies: list[tuple[int, int, str]] = []
            found = _persons(units, marks, t, byline, raw, bodies)
            persons.extend((units[a][START], units[b - 1][END]) for a, b in found)  # ids come below
            rows.extend((units[a][START], units[b - 1][END], label, machine_id(raw[units[a][START]:units[b - 1][END]]))
                        for a, b, label in bodies
                        if not any(units[x][KIND] == ENTITY and units[x][LABEL] == "PER" for x in range(a, b)))
            work["units"] += len(units) - sum(b - a - 1 for a, b in found)  # as if merged
            marks = _outside(marks, found)  # a gazetteer person inside a found name is part of it
        # every entity unit is a mark (a match, or a merged name): no walk over the words
        rows.extend((u[START], u[END], u[LABEL], u[ENTITY_ID]) for u in map(units.__getitem__, marks)
                    if u[KIND] == ENTITY and u[LABEL])

    # person ids: a full name's first and last words stand for it within the document
    forms: dict[str, str | None] = {}
    full_names = [raw[a:b] for a, b in persons] + [raw[s:e] for s, e, lab, _ in rows if lab == "PER"]
    gaz_ids = {raw[s:e]: eid for s, e, lab, eid in rows if lab == "PER"}
    for name in full_names:
        eid = gaz_ids.get(name) or machine_id(name)
        forms.setdefault(name, eid)
        words = name.split()
        if len(words) > 1:
            for w in {words[0], words[-1]}:
                if len(w) >= t.min_short and w not in t.not_names and w not in t.title_words \
                        and w not in t.gazetteer_names and not (w[-1] == "." and w[:-1] in t.given_initials):
                    if forms.get(w, eid) != eid:
                        forms[w] = None  # two persons share the word: it links neither
                    else:
                        forms.setdefault(w, eid)
    rows.extend((a, b, "PER", forms.get(raw[a:b]) or machine_id(raw[a:b])) for a, b in persons)
    known = {f: eid for f, eid in forms.items() if eid}
    if known:
        rows.extend(_known_persons(doc, rows, known, work))
    rows.extend(credits)
    _by_start_longest_first(rows)
    out: list[dict] = []
    reach = 0
    for start, end, label, row_id in rows:
        if start < reach:
            continue  # construction keeps spans apart; this guard keeps the output flat regardless
        reach = end
        quote = raw[start:end]  # the keys of ``span``, written out: one call fewer per row
        out.append({"id": f"e{len(out) + 1}", "label": label, "raw_start": start, "raw_end": end, "quote": quote,
                    "entity_id": row_id or machine_id(quote), "normalized": None})
    return out


def _known_persons(doc: Document, rows: list[tuple[int, int, str, str | None]], known: dict[str, str],
                   work: dict[str, int]) -> list[tuple[int, int, str, str | None]]:
    """Every other mention of the document's persons, by full name or short form, where no entity is.

    A document knows a dozen forms or so: each is looked for with ``str.find`` over the raw text
    (every occurrence, overlapping ones included) and kept where it lies inside one segment on its
    word boundaries; then, segment by segment, the leftmost-longest candidates win, as one
    Aho-Corasick pass per segment would have found them, without building an automaton per
    document and stepping it through every character."""
    raw = doc.raw_text
    segments = doc.segments
    segment_starts = [seg.raw_start for seg in segments]
    taken = sorted((s, e) for s, e, _, _ in rows)
    starts = [s for s, _ in taken]
    ends = [e for _, e in taken]
    by_segment: dict[int, list[tuple[int, int, str]]] = {}
    for form, eid in known.items():
        at = raw.find(form)
        while at >= 0:
            work["hits"] += 1
            end = at + len(form)
            k = bisect_right(segment_starts, at) - 1
            if k >= 0:
                low, high = segment_starts[k], segments[k].raw_end
                if end <= high and (at == low or not raw[at - 1].isalnum()) \
                        and (end == high or not raw[end].isalnum()):
                    by_segment.setdefault(k, []).append((at, end, eid))
            at = raw.find(form, at + 1)
    found: list[tuple[int, int, str]] = []
    for k in sorted(by_segment):
        seg = segments[k]
        cand = by_segment[k]
        _by_start_longest_first(cand)
        reach = 0
        for s, e, eid in cand:
            if s >= reach and not _overlaps(starts, ends, s, e):
                longer = e if seg.zone in _TITLE_CASE_ZONES else _name_tail(raw, e, seg.raw_end, tables())
                if longer > e and not _overlaps(starts, ends, s, longer):
                    e, eid = longer, machine_id(raw[s:longer])  # 'Marthen' known, 'Marthen Yoku' printed
                found.append((s, e, eid))
                reach = e
    return [(s, e, "PER", eid) for s, e, eid in found]


_TAIL_WORD: Final = re.compile(r" ([A-Z][\w'’-]*)")


def _name_tail(raw: str, end: int, limit: int, t: Tables) -> int:
    """End of the capitalised name words that continue a known name at ``end`` (``end`` if none):
    a person found once by a short form is printed in full elsewhere."""
    words = 0
    while words < t.max_name and (m := _TAIL_WORD.match(raw, end, limit)):
        word = m.group(1)
        if word in t.not_names or word in t.title_words or word in t.gazetteer_names:
            break
        end, words = m.end(), words + 1
    return end


def _overlaps(starts: list[int], ends: list[int], s: int, e: int) -> bool:
    """Does [s, e) overlap a taken span? (taken spans are disjoint and sorted: one bisection)."""
    k = bisect_right(starts, s) - 1
    if k >= 0 and ends[k] > s:
        return True
    return k + 1 < len(starts) and starts[k + 1] < e
