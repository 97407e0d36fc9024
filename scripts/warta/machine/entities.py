"""Machine entity annotator: named mentions in every zone, as gold rows (GUIDELINES §1).

Three sources of mentions, all linear in the text's length:

1. the gazetteer (``data/gazetteer.toml``), matched in one Aho-Corasick pass per segment,
   case-sensitively, on word boundaries, the leftmost-longest match winning, so that spans
   are maximal and flat (``Dewan Keamanan PBB`` is one ORG; ``Rusia-Ukraina`` two GPEs);
2. head patterns (gazetteer ``[patterns]``): a head such as ``Kementerian`` or ``Bandara``
   followed by capitalised words is a name of the head's type;
3. person rules (``data/person_cues.toml``): capitalised runs after a title, next to a
   reporting verb, before an age, in a byline; a person found once is then found by full
   name, first or last word everywhere in the document, with one ``entity_id``.

The text is cut into units (a gazetteer match, a head, a cue, a word or a punctuation mark)
and every rule walks the units once, looking at most a constant number of units back or
ahead. Segments printed in title case (headlines, related links, captions) get only the
gazetteer and the document's known persons: their capitalised verbs are no names.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import ahocorasick

from warta.machine.document import Document, Segment, span

DATA = Path(__file__).with_name("data")
GAZETTEER_FILE = DATA / "gazetteer.toml"
CUES_FILE = DATA / "person_cues.toml"
LABELS = ("PER", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "LAW", "PRODUCT")

_TOKEN = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*|\S")
_DASHES = "-–—"
_NUMBERING = re.compile(r"[IVX]+|\d+|Tbk")
_OPEN_HEADS = ("FAC", "LAW", "EVENT")  # names that may run on past a place they contain

# unit kinds
ENTITY, HEAD, TITLE, VERB_AFTER, VERB_BEFORE, BYLINE, WORD, PUNCT = range(8)


@dataclass(frozen=True)
class Entry:
    """What one automaton key stands for: an entity, a pattern head or a cue."""

    kind: int
    label: str | None = None
    entity_id: str | None = None
    head: str | None = None  # label of the pattern this entity or head may begin


@dataclass
class Unit:
    start: int
    end: int
    text: str
    kind: int
    label: str | None = None
    entity_id: str | None = None
    head: str | None = None


@dataclass(frozen=True)
class Tables:
    automaton: ahocorasick.Automaton
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
    automaton = ahocorasick.Automaton()
    ordered = tuple(keys.items())
    for rank, (key, _) in enumerate(ordered):
        automaton.add_word(key, rank)
    automaton.make_automaton()
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
                  _one_version(gaz["version"], cues["version"]))


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


def _matches(text: str, t: Tables, stats: dict[str, int]) -> list[tuple[int, int, Entry]]:
    """Leftmost-longest automaton matches on word boundaries, plus platform names before handles."""
    found: list[tuple[int, int, Entry]] = []
    for last, rank in t.automaton.iter(text):
        stats["hits"] += 1
        key, entry = t.keys[rank]
        start = last + 1 - len(key)
        if _bounded(text, start, last + 1):
            found.append((start, last + 1, entry))
    if t.platforms is not None:
        for m in t.platforms.finditer(text):
            name = m.group(1)
            found.append((m.start(1), m.end(1), Entry(ENTITY, "PRODUCT", t.platform_ids[name])))
    found.sort(key=lambda f: (f[0], -f[1]))
    kept: list[tuple[int, int, Entry]] = []
    reach = 0
    for start, end, entry in found:
        if start >= reach:
            kept.append((start, end, entry))
            reach = end
    return kept


def _units(text: str, offset: int, t: Tables, stats: dict[str, int]) -> list[Unit]:
    """The segment as units: automaton matches whole, other text as words and punctuation."""
    units: list[Unit] = []

    def gap(a: int, b: int) -> None:
        for m in _TOKEN.finditer(text, a, b):
            w = m.group()
            units.append(Unit(offset + m.start(), offset + m.end(), w, WORD if w[0].isalnum() else PUNCT))

    pos = 0
    for start, end, e in _matches(text, t, stats):
        gap(pos, start)
        units.append(Unit(offset + start, offset + end, text[start:end], e.kind, e.label, e.entity_id, e.head))
        pos = end
    gap(pos, len(text))
    stats["units"] += len(units)
    return units


def _capitalised(u: Unit) -> bool:
    return u.kind == WORD and u.text[0].isupper()


def _title_case(units: list[Unit], zone: str) -> bool:
    """Most plain words capitalised: a headline, a link, a caption; its capitalised verbs are no names.

    Names, heads and cues are left out of the count: a body sentence full of names is still prose.
    Headlines and related links are short, so fewer words decide there.
    """
    words = [u for u in units if u.kind == WORD and len(u.text) >= 3 and u.text[0].isalpha()]
    capitalised = sum(u.text[0].isupper() for u in words)
    if zone in ("headline", "related"):
        return capitalised > 0.6 * len(words)
    return len(words) >= 4 and capitalised > 0.75 * len(words)


def _merge(units: list[Unit], spans: list[tuple[int, int, str, str | None]]) -> list[Unit]:
    """Replace unit ranges [i, j) by one entity unit each (ranges do not overlap, sorted)."""
    if not spans:
        return units
    out: list[Unit] = []
    pos = 0
    for i, j, label, eid in spans:
        out.extend(units[pos:i])
        out.append(Unit(units[i].start, units[j - 1].end, "", ENTITY, label, eid))
        pos = j
    out.extend(units[pos:])
    return out


def _patterns(units: list[Unit], t: Tables, raw: str) -> list[Unit]:
    """Head + capitalised words as one name of the head's type ('Kementerian Luar Negeri AS')."""
    spans: list[tuple[int, int, str, str | None]] = []
    i, n = 0, len(units)
    while i < n:
        u = units[i]
        label = u.head
        if label is None or u.kind not in (HEAD, ENTITY):
            i += 1
            continue
        j = i + 1
        tail_entity: Unit | None = None
        while j < n and j - i <= 10:
            v = units[j]
            if v.kind == ENTITY and v.label != "PER":
                if u.kind == ENTITY and v.label != "GPE":
                    break
                tail_entity = v
                j += 1
                if label in _OPEN_HEADS and u.kind == HEAD:
                    continue  # 'Stadion Gelora Bandung Lautan Api': no person follows a facility's name
                while j < n and units[j].kind == WORD and _NUMBERING.fullmatch(units[j].text):
                    j += 1  # 'Gedung Nusantara II', 'Bank Rakyat Indonesia Tbk'
                break  # a body or place ends the name: a person may follow the office
            if u.kind == ENTITY:
                break  # a gazetteer body is extended by a place only
            if v.kind == HEAD and v.head == label == "ORG" and u.kind == HEAD:
                j += 1  # 'PT Bank Rakyat Indonesia'
                continue
            if v.kind != WORD or v.text in t.function_words:
                break
            if v.text[0].isupper() or (v.text[0].isdigit() and label in ("LAW", "EVENT")):
                j += 1
                continue
            if v.text in ("dan", "&") and label in ("ORG", "LAW") and j + 1 < n and _capitalised(units[j + 1]) \
                    and units[j + 1].text not in t.function_words:
                j += 2
                continue
            break
        if j == i + 1:
            i += 1
            continue
        if tail_entity is not None and j == i + 2 and u.kind == HEAD:
            if label in t.description_heads and tail_entity.label == "GPE" and tail_entity.entity_id in t.countries:
                i += 1  # 'Pelabuhan Iran' describes; the country alone is the name
                continue
        start, end = u.start, units[j - 1].end
        text = raw[start:end]
        eid = tail_entity.entity_id if (label == "GPE" and tail_entity is not None and j == i + 2) else machine_id(text)
        spans.append((i, j, label, eid))
        i = j
    return _merge(units, spans)


def _name_word(u: Unit, t: Tables, first: bool) -> bool:
    if u.kind != WORD or not u.text[0].isupper() or u.text in t.not_names:
        return False
    return not (first and u.text in t.title_words)


def _run_after(units: list[Unit], j: int, t: Tables) -> int:
    """End (exclusive) of the person-name run starting at unit j, or j when there is none."""
    k, words = j, 0
    while k < len(units) and words < t.max_name:
        u = units[k]
        if _name_word(u, t, first=k == j) or (k > j and u.kind == ENTITY and u.label == "PER"):
            k, words = k + 1, words + 1  # 'Listyo Sigit Prabowo' is not 'Prabowo' (gazetteer)
        elif u.kind == WORD and u.text in t.particles and k > j and k + 1 < len(units) \
                and _name_word(units[k + 1], t, first=False):
            k += 1
        else:
            break
    return k


def _run_before(units: list[Unit], i: int, t: Tables) -> int:
    """Start of the person-name run ending just before unit i, or i when there is none."""
    k = i
    while k > 0 and i - k < t.max_name and _name_word(units[k - 1], t, first=False):
        k -= 1
    while k < i and units[k].text in t.title_words:
        k += 1
    return k


def _persons(units: list[Unit], t: Tables, byline: bool) -> list[tuple[int, int]]:
    """Unit ranges of person names found by the cue rules, non-overlapping, left to right."""
    found: list[tuple[int, int]] = []
    n = len(units)
    for i, u in enumerate(units):
        if byline:
            if _name_word(u, t, first=True) and (i == 0 or not _name_word(units[i - 1], t, first=False)):
                found.append((i, _run_after(units, i, t)))
            continue
        if u.kind == TITLE:
            j, skipped = i + 1, 0
            while j < n and skipped < t.max_title:
                v = units[j]
                if (v.kind == ENTITY and v.label != "PER") or v.kind in (TITLE, HEAD) or \
                        (v.kind == WORD and v.text in t.title_words) or (v.kind == PUNCT and v.text == "."
                                                                         and skipped > 0):
                    j, skipped = j + 1, skipped + 1
                else:
                    break
            if j < n and units[j].kind == PUNCT and units[j].text == "," and skipped > 0:
                j += 1
            end = _run_after(units, j, t)
            if end > j:
                found.append((j, end))
        elif u.kind == VERB_BEFORE:
            end = _run_after(units, i + 1, t)
            if end > i + 1:
                found.append((i + 1, end))
        elif u.kind == VERB_AFTER:
            start = _run_before(units, i, t)
            if start < i and not (i - start == 1 and (start == 0 or units[start - 1].text in ".!?\"”")
                                  and units[start].text in t.not_names):
                found.append((start, i))
        elif u.kind == PUNCT and u.text == "(" and i + 2 < n and units[i + 1].text.isdigit() \
                and units[i + 2].text == ")":
            start = _run_before(units, i, t)
            if start < i:
                found.append((start, i))
    found.sort()
    kept: list[tuple[int, int]] = []
    reach = 0
    for a, b in found:
        if a >= reach:
            kept.append((a, b))
            reach = b
    return kept


def _dateline_outlet(units: list[Unit], raw: str) -> list[tuple[int, int, str, str]]:
    """'VIVA –', 'JAKARTA, KOMPAS.com –': the lead prefix names the outlet and perhaps a place.

    Of two parts, the one printed like a web address ('REPUBLIKA.CO.ID') is the outlet; otherwise
    the place comes first. Parts the gazetteer already named keep their gazetteer row.
    """
    k = len(units)
    while k > 0 and units[k - 1].kind == PUNCT and units[k - 1].text in _DASHES:
        k -= 1
    body = units[:k]
    if k == len(units) or not body or any(ch.isdigit() for u in body if u.kind == WORD for ch in u.text):
        return []
    parts: list[list[Unit]] = [[]]
    for u in body:
        if u.kind == PUNCT and u.text == ",":
            parts.append([])
        else:
            parts[-1].append(u)
    parts = [p for p in parts if p][-2:]
    if not parts:
        return []
    texts = [raw[p[0].start:p[-1].end] for p in parts]
    outlet = next((i for i, x in enumerate(texts) if "." in x), len(parts) - 1)
    out: list[tuple[int, int, str, str]] = []
    for i, part in enumerate(parts):
        if any(u.kind == ENTITY for u in part) or any(u.kind == PUNCT and u.text != "." for u in part):
            continue
        out.append((part[0].start, part[-1].end, "ORG" if i == outlet else "GPE", machine_id(texts[i])))
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
    seg_units: list[tuple[Segment, list[Unit]]] = []
    rows: list[tuple[int, int, str, str | None]] = []  # start, end, label, entity_id
    persons: list[tuple[int, int]] = []  # raw spans of rule-found persons
    for seg in doc.segments:
        units = _units(raw[seg.raw_start:seg.raw_end], seg.raw_start, t, work)
        byline = seg.zone == "byline"
        if seg.zone == "dateline":
            rows.extend(_dateline_outlet(units, raw))
        if byline or not _title_case(units, seg.zone):
            if not byline:
                units = _patterns(units, t, raw)
            found = _persons(units, t, byline)
            persons.extend((units[a].start, units[b - 1].end) for a, b in found)
            units = _merge(units, [(a, b, "", None) for a, b in found])  # placeholders: ids come below
            work["units"] += len(units)
        seg_units.append((seg, units))
        rows.extend((u.start, u.end, u.label, u.entity_id) for u in units if u.kind == ENTITY and u.label)

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
                        and w not in t.gazetteer_names:
                    if forms.get(w, eid) != eid:
                        forms[w] = None  # two persons share the word: it links neither
                    else:
                        forms.setdefault(w, eid)
    rows.extend((a, b, "PER", forms.get(raw[a:b]) or machine_id(raw[a:b])) for a, b in persons)
    known = {f: eid for f, eid in forms.items() if eid}
    if known:
        rows.extend(_known_persons(doc, seg_units, rows, known, work))
    rows.sort(key=lambda r: (r[0], -r[1]))
    out: list[dict] = []
    reach = 0
    for start, end, label, eid in rows:
        if start < reach:
            continue  # construction keeps spans apart; this guard keeps the output flat regardless
        reach = end
        out.append({"id": f"e{len(out) + 1}", "label": label, **span(doc, start, end),
                    "entity_id": eid or machine_id(raw[start:end]), "normalized": None})
    return out


def _known_persons(doc: Document, seg_units: list[tuple[Segment, list[Unit]]],
                   rows: list[tuple[int, int, str, str | None]], known: dict[str, str],
                   work: dict[str, int]) -> list[tuple[int, int, str, str | None]]:
    """Every other mention of the document's persons, by full name or short form, where no entity is."""
    automaton = ahocorasick.Automaton()
    for form, eid in known.items():
        automaton.add_word(form, (len(form), eid))
    automaton.make_automaton()
    raw = doc.raw_text
    taken = sorted((s, e) for s, e, _, _ in rows)
    starts = [s for s, _ in taken]
    ends = [e for _, e in taken]
    found: list[tuple[int, int, str]] = []
    for seg, _ in seg_units:
        text = raw[seg.raw_start:seg.raw_end]
        cand = []
        for last, (length, eid) in automaton.iter(text):
            work["hits"] += 1
            s = last + 1 - length
            if _bounded(text, s, last + 1):
                cand.append((seg.raw_start + s, seg.raw_start + last + 1, eid))
        cand.sort(key=lambda c: (c[0], -c[1]))
        reach = 0
        for s, e, eid in cand:
            if s >= reach and not _overlaps(starts, ends, s, e):
                found.append((s, e, eid))
                reach = e
    return [(s, e, "PER", eid) for s, e, eid in found]


def _overlaps(starts: list[int], ends: list[int], s: int, e: int) -> bool:
    """Does [s, e) overlap a taken span? (taken spans are disjoint and sorted: one bisection)."""
    k = bisect_right(starts, s) - 1
    if k >= 0 and ends[k] > s:
        return True
    return k + 1 < len(starts) and starts[k + 1] < e
