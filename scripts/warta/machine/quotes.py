"""Machine quotes: direct, indirect and mixed attributions by rule (schema/GUIDELINES.md §3).

Why rules and not a model: Indonesian news attributes speech in a few fixed shapes — a quotation
followed by ``ucap Bruce`` / ``ujarnya``, ``X mengatakan bahwa …``, ``Menurut X, …``, a passive
``disebut X`` — and each shape says exactly where cue, source and content are. The words of those
shapes are data (``data/quote_cues.toml``); this module only knows the shapes. Every step looks at
a bounded window of tokens around a mark or a cue, and the text is read a constant number of
times, so the work grows linearly with the article (``work`` counts it, for the tests).

Only the report's own prose is read (headline, body, subheading): a caption or a link to another
story is not this report's claim (§0). Decisions the guidelines leave open, taken here: in
``ujarnya`` the cue is the stem ``ujar`` and the speaker the clitic ``nya`` (the source as named in
the sentence, like ``dia`` in ``ujar dia``); a pronoun or ``-nya`` speaker takes the entity of the
previous quote's speaker when that quote is at most two sentences back and of the fitting number
(a person for ``ia``/``dia``/``-nya``, a group for ``mereka``), else the nearest preceding person
(or organisation, for ``mereka``); a quotation that stands alone as a sentence takes cue and
speaker of the quote in the sentence before, and without one it is not annotated (§3: no source,
no quote); a direct quote with a cue but no speaker phrase after it keeps ``speaker`` None.

A quote that continues across paragraphs — a paragraph that opens with a mark while the previous
one left its quote open — is one quote whose content runs from the first paragraph's opening mark
to the last paragraph's closing mark; when a caption or a link stands between the paragraphs, the
first part ends with its paragraph, so that no content span ever covers a non-prose segment.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from itertools import accumulate, compress
from operator import itemgetter
from pathlib import Path
from typing import Final

from warta.machine.automaton import Automaton
from warta.machine.bisection import bisect_left, bisect_right
from warta.machine.document import PROSE_ZONES, Document

TABLE_FILE = Path(__file__).with_name("data") / "quote_cues.toml"
_FIRST: Final = itemgetter(0)
_START: Final = itemgetter("raw_start")
_END: Final = itemgetter("raw_end")
_TRAILING: Final = ".,;:"  # host punctuation at the end of a content, never what was said
_BACK: Final = 12  # tokens looked at before a cue for its speaker: a bounded window keeps the work linear
_AHEAD: Final = 16  # tokens looked at after a cue for its speaker
_CONTENT: Final = 200  # tokens at most in one content: a longer "sentence" is a splitting failure, not a report
_INHERIT: Final = "inherit"  # the speaker of the previous report in the sentence (`…, seraya berterima kasih`)


@dataclass(frozen=True)
class Mark:
    open: str
    close: str
    strength: int

    @property
    def symmetric(self) -> bool:
        return self.open == self.close


@dataclass(frozen=True)
class Table:
    """``quote_cues.toml`` ready for use: one automaton for every cue, word sets for the rest."""

    version: str
    marks: tuple[Mark, ...]
    openers: dict[str, Mark]
    mark_set: str  # every opening or closing mark character, for ``positions``
    stop_set: str  # the characters that may end a sentence (a run of them, or one line break), for ``positions``
    automaton: Automaton  # every cue's value: its kinds
    complementisers: frozenset[str]
    topic_prepositions: frozenset[str]
    singular: frozenset[str]
    plural: frozenset[str]
    first_person: frozenset[str]
    adverbs: frozenset[str]
    adverb_heads: frozenset[str]
    interjections: tuple[tuple[str, ...], ...]
    interjection_ends: frozenset[str]  # the last word of every interjection: no other word can end one
    agent_markers: frozenset[str]
    agent_quantifiers: frozenset[str]
    speaker_heads: frozenset[str]
    titles: frozenset[str]
    descriptions: frozenset[str]  # nouns opening a description of the speaker, titles included
    particles: frozenset[str]
    not_names: frozenset[str]
    speaker_stops: frozenset[str]
    coordinators: frozenset[str]
    content_stops: frozenset[str]
    date_heads: frozenset[str]
    connectives: tuple[tuple[str, ...], ...]
    connective_starts: frozenset[str]  # the first word of every connective: no other word can open one
    abbreviations: frozenset[str]
    abbreviation_letters: int  # letters in the longest abbreviation (at least 1: an initial)
    pronouns: frozenset[str]  # singular | plural | first_person, united once: every speaker asks


@cache
def table() -> Table:
    data = tomllib.loads(TABLE_FILE.read_text(encoding="utf-8"))
    marks = tuple(Mark(m["open"], m["close"], int(m["strength"])) for m in data["marks"])
    openers: dict[str, Mark] = {}
    for mark in marks:
        openers.setdefault(mark.open, mark)
    cues = data["cues"]
    kinds: dict[str, set[str]] = {}
    for kind in ("after", "active", "passive", "source_preposition", "headline"):
        for phrase in cues[kind]:
            kinds.setdefault(phrase.lower(), set()).add(kind)
            if kind in ("after", "source_preposition") and " " not in phrase:
                kinds.setdefault(phrase.lower() + "nya", set()).add(kind + "_nya")
    topic = frozenset(p.lower() for p in cues["topic"])
    automaton = Automaton(
        (phrase, frozenset(phrase_kinds) | ({"topic"} if phrase in topic else set()))
        for phrase, phrase_kinds in kinds.items())
    w = data["words"]

    def words(key: str) -> frozenset[str]:
        return frozenset(x.lower() for x in w[key])

    def phrases(key: str) -> tuple[tuple[str, ...], ...]:
        return tuple(sorted((tuple(p.lower().split()) for p in w[key]), key=len, reverse=True))

    chars = "".join(sorted({c for m in marks for c in (m.open, m.close)}))
    return Table(version=data["version"], marks=marks, openers=openers,
                 mark_set=chars, stop_set=".!?…\n",
                 automaton=automaton,
                 complementisers=words("complementisers"), topic_prepositions=words("topic_prepositions"),
                 singular=words("singular_pronouns"), plural=words("plural_pronouns"),
                 first_person=words("first_person"), adverbs=words("adverbs"), adverb_heads=words("adverb_heads"),
                 interjections=phrases("interjections"),
                 interjection_ends=frozenset(p[-1] for p in phrases("interjections")),
                 agent_markers=words("agent_markers"),
                 agent_quantifiers=words("agent_quantifiers"),
                 speaker_heads=words("speaker_heads"), titles=words("titles"),
                 descriptions=words("descriptions") | words("titles"), particles=words("name_particles"),
                 not_names=words("not_names"), speaker_stops=words("speaker_stops"),
                 coordinators=words("coordinators"), content_stops=words("content_stops"),
                 date_heads=words("date_heads"), connectives=phrases("connectives"),
                 connective_starts=frozenset(p[0] for p in phrases("connectives")),
                 abbreviations=words("abbreviations"),
                 abbreviation_letters=max(1, *map(len, words("abbreviations"))),
                 pronouns=words("singular_pronouns") | words("plural_pronouns") | words("first_person"))


# Pair, Block and Quote are made for every block and quotation of every article: plain classes, whose
# compiled constructors are direct calls (a dataclass's goes through the type's generic init, arguments
# packed in a tuple). Nothing compares them by value.

class Pair:
    """One quotation: ``open`` is the opening mark's offset, ``end`` the offset after the closing mark
    (``virtual``: no closing mark, the quote runs to its paragraph's end and resumes in a later one)."""

    __slots__ = ("open", "close", "virtual", "used", "close_tok")

    def __init__(self, open: int, close: int, virtual: bool = False) -> None:
        self.open = open
        self.close = close  # offset of the closing mark, or of the paragraph end when virtual
        self.virtual = virtual
        self.used = False
        self.close_tok: int | None = None  # the closing mark's token (``_close_tok``), set by ``prepare``

    @property
    def end(self) -> int:
        return self.close if self.virtual else self.close + 1


class Block:
    """A prose paragraph, or consecutive paragraphs joined by a quote that continues across them."""

    __slots__ = ("start", "end", "zone", "pairs")

    def __init__(self, start: int, end: int, zone: str, pairs: list[Pair]) -> None:
        self.start = start
        self.end = end
        self.zone = zone
        self.pairs = pairs


class Quote:
    __slots__ = ("kind", "content", "cue", "speaker", "pronoun", "sentence", "entity_id")

    def __init__(self, kind: str, content: tuple[int, int], cue: tuple[int, int], speaker: tuple[int, int] | None,
                 pronoun: str | None, sentence: int, entity_id: str | None = None) -> None:
        self.kind = kind
        self.content = content
        self.cue = cue
        self.speaker = speaker
        self.pronoun = pronoun  # the pronoun (lowercase, `nya` for the clitic) when the speaker is one
        self.sentence = sentence
        self.entity_id = entity_id


def _appearance(q: Quote) -> tuple[int, int]:
    """Sort key of a quote: its first character (content, cue or speaker), then its content's."""
    first = q.content[0] if q.content[0] < q.cue[0] else q.cue[0]
    if q.speaker and q.speaker[0] < first:
        first = q.speaker[0]
    return first, q.content[0]


def positions(text: str, chars: str) -> list[int]:
    """Sorted offsets in text of every character in ``chars``: the same offsets as a character class's
    ``finditer``, but ``str.find`` skips the other characters in C, where a regular expression
    visits each one (a prose block has thousands of characters and a handful of marks)."""
    out: list[int] = []
    for c in chars:
        if c not in text:  # ``in`` takes no arguments to parse: cheaper than a ``find`` that finds nothing
            continue
        i = text.find(c)
        while i >= 0:
            out.append(i)
            i = text.find(c, i + 1)
    out.sort()
    return out


def stop_runs(text: str, stops: list[int], start: int, end: int) -> list[tuple[int, int]]:
    """The spans of ``re.finditer(r"[.!?…]+|\n", text)`` within start..end (a run of `.!?…`, or one line break)
    from ``stops``, the sorted offsets of those characters in text (``positions``)."""
    out: list[tuple[int, int]] = []
    run_end = -1
    for i in stops[bisect_left(stops, start):bisect_left(stops, end)]:
        if text[i] == "\n":
            out.append((i, i + 1))
        elif i == run_end and text[i - 1] != "\n":
            out[-1] = (out[-1][0], i + 1)
        else:
            out.append((i, i + 1))
        run_end = i + 1
    return out


def _lower(text: str) -> str:
    """Lowercase with the same length, so offsets found in it are offsets in the text."""
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


class _Offsets:
    """Token index by start (or end) offset, by bisection over the sorted offsets: a dict of every
    token would cost a step per token, and only a few offsets of a block are ever looked up."""

    __slots__ = ("offsets",)

    def __init__(self, offsets: list[int]) -> None:
        self.offsets = offsets

    def get(self, offset: int, default: int | None = None) -> int | None:
        k = bisect_left(self.offsets, offset)
        return k if k < len(self.offsets) and self.offsets[k] == offset else default

    def __contains__(self, offset: int) -> bool:
        return self.get(offset) is not None

    def __getitem__(self, offset: int) -> int:
        k = self.get(offset)
        if k is None:
            raise KeyError(offset)
        return k


class _Run:
    """One document's annotation; ``steps`` counts the elementary work done.

    Slots, not a ``__dict__``: every step reads the run's attributes, and a slot is read directly."""

    __slots__ = ("doc", "raw", "t", "steps", "ents", "ent_starts", "ent_by_start", "ent_by_end", "labels",
                 "per_starts", "per", "group_starts", "group", "quotes", "sentence_no", "marks", "stops",
                 "tw", "ts", "te", "tl", "_words", "tok_at", "tok_end", "cue_at", "pair_of", "pair_open_tok",
                 "open_toks", "cue_toks", "prose")

    def __init__(self, doc: Document, entities: list[dict] | None) -> None:
        self.doc = doc
        self.raw = doc.raw_text
        self.t = table()
        self.steps = 0
        ents = [e for e in (entities or []) if 0 <= e["raw_start"] < e["raw_end"] <= len(self.raw)]
        # by start, the longer first: two stable sorts with C keys, the same order as the key
        # (raw_start, -raw_end) without a Python call per entity
        ents.sort(key=_END, reverse=True)
        ents.sort(key=_START)
        self.ents = ents
        self.ent_starts = list(map(_START, ents))
        # a dict keeps the last value given a key: backwards, the first entity's. One loop fills both:
        # for a few dozen rows the interpreter's specialised steps beat ``dict(zip(map(...)))``
        by_start: dict[int, dict] = {}
        by_end: dict[int, dict] = {}
        for e in ents[::-1]:  # a copy, not reversed(): mypyc compiles no reversed() of items it types as Any
            by_start[e["raw_start"]] = e
            by_end[e["raw_end"]] = e
        self.ent_by_start, self.ent_by_end = by_start, by_end
        self.labels: dict | None = None  # the rest only for pronouns (``_pronoun_index``)
        self.quotes: list[Quote] = []
        self.sentence_no = 0
        self.marks: list[int] = []  # offsets of the mark characters (``blocks``)
        self.stops: list[int] | None = None  # offsets of the sentence-ending characters (``_stop_offsets``)
        self.prose: list[Block] = []  # the blocks (``blocks``)

    # ---- quotation marks and blocks -------------------------------------------------------------

    def _can_open(self, i: int, mark: Mark) -> bool:
        raw = self.raw
        if mark.symmetric or mark.strength == 1:
            if i > 0 and raw[i - 1].isalnum():
                return False
        return i + 1 < len(raw) and not raw[i + 1].isspace()

    def _can_close(self, i: int, mark: Mark) -> bool:
        raw = self.raw
        if i == 0 or raw[i - 1].isspace():
            return False
        if mark.symmetric or mark.strength == 1:
            return i + 1 >= len(raw) or not raw[i + 1].isalnum()
        return True

    def _scan(self, start: int, end: int, state: tuple[int, Mark] | None) -> tuple[list[Pair], tuple[int, Mark] | None]:
        """Pairs of marks in raw[start:end], in one pass; ``state`` is a quote left open before it.

        Only the mark characters are visited (``self.marks``: their offsets in the whole text)."""
        pairs: list[Pair] = []
        marks = self.marks
        if not marks:
            return pairs, state
        openers = self.t.openers
        raw = self.raw
        for i in marks[bisect_left(marks, start):bisect_left(marks, end)]:
            self.steps += 1
            c = raw[i]
            if state is not None:
                at, mark = state
                if c == mark.close and self._can_close(i, mark):
                    pairs.append(Pair(at, i))
                    state = None
                    continue
                new = openers.get(c)
                if new is not None and new.strength > mark.strength and self._can_open(i, new):
                    state = (i, new)  # the single mark was an apostrophe
                continue
            new = openers.get(c)
            if new is not None and self._can_open(i, new):
                state = (i, new)
        return pairs, state

    def blocks(self) -> list[Block]:
        segs = self.doc.segments
        raw = self.raw
        self.marks = positions(raw, self.t.mark_set)
        out: list[Block] = []
        state: tuple[int, Mark] | None = None
        prev_index = -2
        for index, seg in enumerate(segs):
            if seg.zone not in PROSE_ZONES or seg.raw_start >= seg.raw_end:
                continue
            first = seg.raw_start
            while first < seg.raw_end and raw[first].isspace():
                first += 1
            opens_with_mark = first < seg.raw_end and raw[first] in self.t.openers
            if state is not None and opens_with_mark and index == prev_index + 1 and out:
                # the previous paragraph left its quote open and this one reopens it: one quote
                block = out[-1]
                pairs, state = self._scan(first + 1, seg.raw_end, state)
                block.pairs.extend(pairs)
                block.end = seg.raw_end
            else:
                if state is not None and opens_with_mark and out:
                    # reopened after a caption or a link: the first part ends with its paragraph
                    out[-1].pairs.append(Pair(state[0], out[-1].end, virtual=True))
                pairs, state = self._scan(seg.raw_start, seg.raw_end, None)
                out.append(Block(seg.raw_start, seg.raw_end, seg.zone, pairs))
            prev_index = index
        self.prose = out
        return out

    # ---- sentences ------------------------------------------------------------------------------

    def _stop_offsets(self) -> list[int]:
        """Offsets of the characters that may end a sentence, found on first use: the stops in the whole
        text (``positions``), the line breaks only inside the prose blocks, the only ranges
        ``stop_runs`` is asked about (most line breaks lie between paragraphs). Not a
        ``cached_property``: writing to the instance's ``__dict__`` would slow down every later
        attribute lookup on it."""
        if self.stops is None:
            raw = self.raw
            stops = positions(raw, self.t.stop_set.replace("\n", ""))
            for block in self.prose:
                i = raw.find("\n", block.start, block.end)
                while i >= 0:
                    stops.append(i)
                    i = raw.find("\n", i + 1, block.end)
            stops.sort()
            self.stops = stops
        return self.stops

    def sentences(self, block: Block) -> list[tuple[int, int]]:
        """Sentence ranges of a block; a quotation is never cut, a full stop after an
        abbreviation or an initial ends nothing. Only candidate characters are visited."""
        raw = self.raw
        t = self.t
        bounds: list[int] = []
        pairs = sorted(block.pairs, key=lambda p: p.open)
        pi = 0
        skip_to = block.start
        for i, j in stop_runs(raw, self._stop_offsets(), block.start, block.end):  # a run of stops, or a line break
            self.steps += 1
            if i < skip_to:
                continue
            while pi < len(pairs) and pairs[pi].open < i:
                p = pairs[pi]
                pi += 1
                if p.end <= skip_to:
                    continue
                skip_to = p.end
                if not p.virtual and self._ends_sentence(p, block.end):
                    bounds.append(p.end)
            if i < skip_to:
                continue
            c = raw[i]
            if c == "\n":
                bounds.append(i)
                continue
            if j >= block.end or raw[j].isspace():
                nxt = j
                while nxt < block.end and raw[nxt].isspace():
                    nxt += 1
                starts_new = nxt >= block.end or raw[nxt].isupper() or raw[nxt].isdigit() or raw[nxt] in t.openers
                if starts_new and not (c == "." and j == i + 1 and self._abbreviation(i, block.start)):
                    bounds.append(j)
        while pi < len(pairs):
            p = pairs[pi]
            pi += 1
            if p.end > skip_to and not p.virtual and self._ends_sentence(p, block.end):
                bounds.append(p.end)
                skip_to = p.end
        out = []
        s = block.start
        for b in [*sorted(bounds), block.end]:
            a, e = s, b
            while a < e and raw[a].isspace():
                a += 1
            while e > a and raw[e - 1].isspace():
                e -= 1
            if a < e:
                out.append((a, e))
            s = b
        return out

    count_every_sentence = False  # True: number every sentence (the definition ``_sentences_that_count`` keeps)

    def _sentences_that_count(self, block: Block) -> int:
        """What a block without marks or cues adds to the sentence count: its sentences, but no more
        than can still matter, so that a block far from any quote is not split at all.

        A sentence number is only ever compared with the current one, and only as `at most two back`
        (a pronoun's previous speaker) or `the one before` (a quotation standing alone). So it is
        enough that ``min(sentence_no - q.sentence, 3)`` is right for every quote ``q``: the count
        grows by at most what brings the last quote three sentences back, and by nothing before the
        first quote (earlier quotes lie at least as far back as the last one)."""
        if self.count_every_sentence:
            return len(self.sentences(block))
        if not self.quotes:
            return 0
        need = 3 - (self.sentence_no - self.quotes[-1].sentence)
        return min(need, len(self.sentences(block))) if need > 0 else 0

    def _ends_sentence(self, p: Pair, end: int) -> bool:
        """A quotation ending in `.`/`!`/`?` before its closing mark, a capital or a mark after it."""
        raw = self.raw
        before = p.close - 1
        while before > p.open and raw[before].isspace():
            before -= 1
        nxt = p.end
        while nxt < end and raw[nxt] in " \t":
            nxt += 1
        return raw[before] in ".!?…" and nxt < end and (raw[nxt].isupper() or raw[nxt] in self.t.openers)

    def _abbreviation(self, dot: int, floor: int) -> bool:
        """The letters before a full stop are an abbreviation or an initial (`Dr.`, `H.`), not a word.

        A word longer than every abbreviation is told at once by one slice (most sentences end in one);
        lowercasing never shortens a word, so no longer word can be in the set."""
        raw = self.raw
        n = self.t.abbreviation_letters + 1
        if dot == floor or not raw[dot - 1].isalpha() or (dot - n >= floor and n <= 6 and raw[dot - n:dot].isalpha()):
            return False
        return self._abbreviation_by_walk(dot, floor)

    def _abbreviation_by_walk(self, dot: int, floor: int) -> bool:
        """``_abbreviation`` by its definition: the letters back from the dot (six at most)."""
        j = dot
        while j > floor and dot - j < 6 and self.raw[j - 1].isalpha():
            j -= 1
        word = self.raw[j:dot]
        if not word or (j > floor and self.raw[j - 1].isalnum()):
            return False
        return word.lower() in self.t.abbreviations or (len(word) == 1 and word.isupper())

    # ---- tokens and cues ------------------------------------------------------------------------

    def prepare(self, block: Block) -> bool:
        """Tokens, cues and pairs of one block; False, with nothing prepared, when the block has neither
        a quotation mark nor a cue, so that no quote can be found in it.

        The tokens are the document's (``Document.tokens``: made once, by C loops, and shared with
        the entity annotator). Lowercasing is per character (so each token lowercased is its slice
        of ``low``) unless a character grows or a capital sigma takes its form from its neighbours:
        only then are the tokens sliced out of ``low``. Tokens are found by offset by bisection (``_Offsets``).
        """
        text = self.raw[block.start:block.end]
        base = block.start
        low = text.lower()
        plain = len(low) == len(text) and "\u03a3" not in text
        if not plain:
            low = _lower(text)
        # cues: leftmost-longest, on word boundaries
        longest: dict[int, tuple[int, frozenset[str]]] = {}
        cues = self.t.automaton.values
        for index, s, end in self.t.automaton.matches(low):
            self.steps += 1
            if (s > 0 and (low[s - 1].isalnum() or low[s - 1] == "-")) or (
                    end < len(low) and (low[end].isalnum() or low[end] == "-")):
                continue
            if s not in longest or longest[s][0] < end - s:
                longest[s] = (end - s, cues[index])
        if not longest and not block.pairs:
            return False
        # the document's tokens of the block (shared with the entity annotator, which has made most already)
        self.tw, self.ts, self.te = self.doc.tokens(block.start, block.end)
        if plain:
            self.tl: list[str] = [w.lower() for w in self.tw]  # compiled: a direct lower-casing, no method call
        else:
            self.tl = [low[s - base:e - base] for s, e in zip(self.ts, self.te, strict=True)]
        n = len(self.tw)
        self.steps += n
        self._words: list[int] | None = None
        self.tok_at = _Offsets(self.ts)
        self.tok_end = _Offsets(self.te)
        self.cue_at: dict[int, tuple[int, frozenset[str]]] = {}  # token -> (last token, kinds)
        taken = -1
        ts, te = self.ts, self.te
        for s in sorted(longest):  # only the hits, in text order: the same as walking every token
            x = base + s  # the token starting at x and the one ending at y (``_Offsets.get`` written out)
            k = bisect_left(ts, x)
            if k == n or ts[k] != x or k <= taken:
                continue
            self.steps += 1
            length, kinds = longest[s]
            y = x + length
            last = bisect_left(te, y)
            if last < n and te[last] == y:
                self.cue_at[k] = (last, kinds)
                taken = last
        # which pair each token lies inside (opening and closing marks included)
        self.pair_of: list[Pair | None] = [None] * n
        self.pair_open_tok: dict[int, Pair] = {}
        for p in block.pairs:
            self.steps += 1
            k0 = bisect_left(self.ts, p.open)
            k1 = bisect_left(self.ts, p.end)
            # the token that starts at the closing mark, if any, is the last one before p.end
            p.close_tok = k1 - 1 if not p.virtual and k1 > 0 and self.ts[k1 - 1] == p.close else None
            self.pair_of[k0:k1] = [p] * (k1 - k0)
            if k0 < n and self.ts[k0] == p.open:
                self.pair_open_tok[k0] = p
        self.open_toks = list(self.pair_open_tok)  # in token order: pairs come in text order
        self.cue_toks = list(self.cue_at)  # in token order, as filled
        return True

    @property
    def words(self) -> list[int]:
        """Word tokens before token k, for k = 0..n: made on first use (only a standalone quotation asks)."""
        if self._words is None:
            self._words = list(accumulate(map(str.isalnum, map(_FIRST, self.tw)), initial=0))
        return self._words

    def _cap(self, k: int) -> bool:
        w = self.tw[k]
        return w[0].isupper() and self.tl[k] not in self.t.not_names

    def _word(self, k: int) -> bool:
        return self.tw[k][0].isalnum()

    def _close_tok(self, p: Pair) -> int | None:
        """The closing mark's token (None for a virtual pair): ``p.close_tok``, which ``prepare`` sets."""
        return None if p.virtual else self.tok_at.get(p.close)

    # ---- speakers -------------------------------------------------------------------------------

    def _entity_speaker(self, a: int, b: int) -> tuple[int, int] | None:
        """The last person named in tokens a..b (a title before a name is not the speaker, §1)."""
        lo, hi = self.ts[a], self.te[b]
        i = bisect_left(self.ent_starts, lo)
        best = None
        while i < len(self.ents) and self.ents[i]["raw_start"] < hi:
            self.steps += 1
            e = self.ents[i]
            if e["raw_end"] <= hi and e["label"] == "PER":
                best = (e["raw_start"], e["raw_end"])
            i += 1
        return best

    def _token_span(self, span: tuple[int, int] | None) -> tuple[int, int] | None:
        """Tokens (first, last) of a character span that starts and ends on token boundaries, else None."""
        if span is None:
            return None
        a = self.tok_at.get(span[0])
        if a is None:
            return None
        b = self.tok_end.get(span[1])
        return None if b is None else (a, b)

    def _run_back(self, k: int, floor: int) -> int:
        """First token of the capitalised name run that ends at token k."""
        j = k
        tw, tl, not_names = self.tw, self.tl, self.t.not_names
        while j >= floor and k - j < 8:
            self.steps += 1
            c = tw[j][0]
            if c.isupper() and tl[j] not in not_names and c.isalnum():  # ``_cap`` and ``_word``
                j -= 1
            elif self.tl[j] in self.t.particles and j - 1 >= floor and self._cap(j - 1) and j < k:
                j -= 1
            else:
                break
        return j + 1

    def _run_ahead(self, k: int, ceil: int) -> int:
        """Last token of the capitalised name run that starts at token k (k - 1 when none)."""
        j = k
        tw, tl, not_names = self.tw, self.tl, self.t.not_names
        while j <= ceil and j - k < 8:
            self.steps += 1
            c = tw[j][0]
            if c.isupper() and tl[j] not in not_names and c.isalnum():  # ``_cap`` and ``_word``
                j += 1
            elif self.tl[j] in self.t.particles and j + 1 <= ceil and self._cap(j + 1) and j > k:
                j += 1
            else:
                break
        return j - 1

    def speaker_before(self, cue: int, floor: int) -> tuple[int, int] | str | None:
        """Speaker span (token range) of a cue from the words before it: a pronoun, a named entity
        (with a head noun such as `rezim`), a capitalised name, or a short common-noun subject."""
        t = self.t
        k = cue - 1
        while k >= floor and cue - k < _BACK:
            self.steps += 1
            if self.tl[k] in t.adverbs:
                k -= 1
                continue
            if k - 1 >= floor and self.tl[k - 1] in t.adverb_heads and self.tw[k][0].islower():
                k -= 2
                continue
            if self.tl[k] not in t.interjection_ends:
                break  # no interjection ends here (the loop below would find none)
            for phrase in t.interjections:
                n = len(phrase)
                if k - n + 1 >= floor and tuple(self.tl[k - n + 1:k + 1]) == phrase:
                    k -= n
                    break
            else:
                break
        if k < floor:
            return None
        if self.tw[k] == ",":
            c = k - 1
            while c >= floor and self.tw[c] != "," and k - c < 20:
                self.steps += 1
                c -= 1
            # `…, yang …, mengatakan`, `Siti (34), warga Oebobo, mengatakan`: a clause or a description
            # that opens with a lowercase word is skipped (a pronoun opens a clause of its own)
            described = c >= floor and self.tw[c] == "," and c + 1 < k and self.tw[c + 1][0].islower() \
                and self._word(c + 1) and self.tl[c + 1] not in t.pronouns
            k = c - 1 if described else k - 1
            k = self._skip_qualifiers(k, floor)
            if k < floor:
                return None
        elif self.tw[k] == ")":  # `Budi (42) mengatakan`: an age and no comma
            k = self._skip_qualifiers(k, floor)
            if k < floor:
                return None
        low = self.tl[k]
        if low in t.coordinators:
            return _INHERIT
        if low in t.pronouns:
            return (k, k)
        if not self._word(k):
            return None
        ent = self.ent_by_end.get(self.te[k])
        a = None if ent is None else self.tok_at.get(ent["raw_start"])
        if ent is not None and a is not None and a >= floor:
            if ent["label"] != "PER":
                a = max(self._run_back(a - 1, floor), floor) if a - 1 >= floor else a
            if a - 1 >= floor and self.tl[a - 1] in t.speaker_heads:
                a -= 1
            return (a, k)
        if self._cap(k):
            a = self._run_back(k, floor)
            if a - 1 >= floor and self.tl[a - 1] in t.speaker_heads:
                a -= 1
            named = self._entity_speaker(a, k) if self.ents else None
            first = None if named is None or named[1] != self.te[k] else self.tok_at.get(named[0])
            if first is not None:
                return (first, k)
            return (a, k)
        # a short common-noun subject that opens its clause (`Polisi setempat`, `Para ahli`)
        a = k
        while a > floor and k - a < 4 and self._word(a - 1) and self.tl[a - 1] not in t.not_names \
                and self.tl[a - 1] not in t.coordinators and self.tl[a - 1] not in t.adverbs:
            self.steps += 1
            a -= 1
        if (a == floor or self.tw[a - 1] in (",", ":", ";")) and self.tl[a] not in t.not_names:
            return (a, k)
        return None

    def _skip_qualifiers(self, k: int, floor: int) -> int:
        """Token before the age `(52)` and the degrees `, M.Si.`, `, S.H., M.H.` that may follow a name."""
        while k >= floor:
            self.steps += 1
            if k - 2 >= floor and self.tw[k] == ")" and self.tw[k - 1].isdigit() and self.tw[k - 2] == "(":
                k -= 3
                continue
            # a degree: capitalised letters and dots back to a comma (`M.Si.`, `Ph.D`, `S.Kom`)
            j = k
            dots = 0
            while j >= floor and k - j < 8 and (self.tw[j] == "." or (self._word(j) and len(self.tw[j]) <= 3
                                                                       and self.tw[j][0].isupper())):
                dots += self.tw[j] == "."
                j -= 1
            if dots and j > floor and j < k and self.tw[j] == "," and (self._word(j - 1) or self.tw[j - 1] == "."):
                k = j - 1
                continue
            break
        return k

    def _past_age(self, m: int, end: int) -> int:
        """The token after an age `(42)` at token m (the speaker's next token), else m."""
        if m + 2 <= end and self.tw[m] == "(" and self.tw[m + 1].isdigit() and self.tw[m + 2] == ")":
            return m + 3
        return m

    def _description(self, m: int, end: int) -> tuple[int, bool] | None:
        """A description of the speaker in apposition from the comma at token m (`…, kata Budi, pedagang
        ikan.`, `Menurut Siti, warga Kampung Duri, …`): its last token and whether the sentence ends
        there (else a comma closes it), or None. It says who spoke, not what.

        It opens with a description noun or a title and is a short noun phrase: no lowercase verb in
        `me-` or `ber-`, no lowercase adverb (`…, kata Budi, warga pun mengeluh.` goes on with content).
        """
        t = self.t
        if m + 1 > end or self.tw[m] != "," or self.tl[m + 1] not in t.descriptions:
            return None
        j = m + 1
        while j <= end and self.tw[j] not in (".", "!", "?", ","):
            low = self.tl[j]
            if j - m > 6 or not self._word(j) or (self.tw[j][0].islower() and (
                    low in t.adverbs or low.startswith(("me", "ber")))):  # a place may be `Medan`, `Baru`
                return None
            j += 1
        return j - 1, j > end or self.tw[j] != ","

    def speaker_after(self, k: int, ceil: int, lower: bool, passive: bool = False) -> tuple[int, int] | None:
        """Speaker span (token range) from token k on: a pronoun, a name (the name in apposition
        after a title: `Juru Bicara …, Tammy Bruce`), or, when ``lower``, a common-noun phrase."""
        t = self.t
        if passive:
            while k <= ceil and self.tl[k] in t.agent_markers:
                self.steps += 1
                if self.tl[k] == "oleh":
                    lower = True
                k += 1
        if k > ceil or not self._word(k):
            return None
        if self.tl[k] in t.pronouns:
            return (k, k)
        ent = self.ent_by_start.get(self.ts[k])
        if self._cap(k) or ent is not None:
            b = max(self._run_ahead(k, ceil), k)
            last = None if ent is None else self.tok_end.get(ent["raw_end"])
            if last is not None:
                b = max(b, last)
            b = min(b, ceil)
            second = self._apposition(k, b, ceil)
            if second is not None:
                return second
            named = self._entity_speaker(k, b) if self.ents else None
            found = self._token_span(named)
            if found is not None:
                return found
            return (k, b)
        if passive and not lower and self.tl[k] in t.agent_quantifiers and k + 1 <= ceil and self._word(k + 1):
            return (k, k + 1)
        if not lower:
            return None
        b = k
        while b <= ceil and b - k < 6 and self._word(b) and self.tl[b] not in t.speaker_stops \
                and self.tl[b] not in t.date_heads:
            self.steps += 1
            b += 1
        if b == k:
            return None
        second = self._apposition(k, b - 1, ceil)
        return second if second is not None else (k, b - 1)

    def _apposition(self, a: int, b: int, ceil: int) -> tuple[int, int] | None:
        """`Juru Bicara Kementerian Luar Negeri AS, Tammy Bruce`: the name after the comma."""
        c = b + 1
        if c + 1 > ceil or self.tw[c] != "," or not self._cap(c + 1) or self.tl[c + 1] in self.t.date_heads:
            return None
        f = c + 1
        # `…, Dr. Rahmawati Aziz`: an abbreviated title before the name is not the speaker (§1)
        while f + 2 <= ceil and self.tl[f] in self.t.abbreviations and self.tw[f + 1] == "." and self._cap(f + 2):
            self.steps += 1
            f += 2
        e = self._run_ahead(f, ceil)
        if e < f or (e + 1 <= ceil and self._word(e + 1)):
            return None
        named = self._entity_speaker(f, e) if self.ents else None
        found = self._token_span(named)
        if found is not None:
            return found
        if self.tl[a] in self.t.titles or not self._cap(a):
            return (f, e)
        return None

    # ---- contents -------------------------------------------------------------------------------

    def _direct_content(self, p: Pair, last: Pair | None = None) -> tuple[int, int] | None:
        """Between the marks; a comma or full stop before the closing mark is the host's (§3)."""
        a = p.open + 1
        e = (last or p).close
        raw = self.raw
        while a < e and raw[a].isspace():
            a += 1
        while e > a and raw[e - 1].isspace():
            e -= 1
        if e > a and raw[e - 1] in ".," and not (e - 2 >= a and raw[e - 2] == "."):
            e -= 1
            while e > a and raw[e - 1].isspace():
                e -= 1
        return (a, e) if a < e else None

    def _trim_end(self, a: int, b: int) -> int:
        """Last content token: host punctuation and a trailing `, Senin (28/4)` left out.

        The comma before a date is looked for among the last eight tokens by list methods (in C), the
        nearest first, as a walk back from ``b`` would find it (``steps`` counts that walk)."""
        a = max(a, b - _CONTENT)
        tw = self.tw
        while b >= a and tw[b] in _TRAILING and self.pair_of[b] is None:
            self.steps += 1
            b -= 1
        lo = max(a + 1, b - 7)  # the walk's last token
        if lo > b:
            return b
        window = tw[lo:b + 1]
        if "," in window:
            window.reverse()
            heads = self.t.date_heads
            i = -1
            for _ in range(window.count(",")):
                i = window.index(",", i + 1)
                c = b - i
                if self.pair_of[c] is None and self.tl[c + 1] in heads:
                    self.steps += i + 1
                    b = c - 1
                    while b >= a and tw[b] in _TRAILING:
                        b -= 1
                    return b
        self.steps += b - lo + 1
        return b

    def _content_end(self, j: int, end: int) -> int:
        """Token before a clause boundary (`, seraya …`, `;`) or the sentence's last token.

        The first `;`, or `,` before a word such as `seraya`, outside a quotation: found by list
        methods (in C) among the tokens, as a walk from ``j`` would (``steps`` counts that walk)."""
        end = min(end, j + _CONTENT)
        if end < j:
            return end
        window = self.tw[j:end + 1]
        pair_of = self.pair_of
        found = end + 1
        if ";" in window:
            i = -1
            for _ in range(window.count(";")):
                i = window.index(";", i + 1)
                if pair_of[j + i] is None:
                    found = j + i
                    break
        if "," in window:
            stops = self.t.content_stops
            tl = self.tl
            i = -1
            for _ in range(window.count(",")):
                i = window.index(",", i + 1)
                k = j + i
                if k >= found:
                    break
                if pair_of[k] is None and k + 1 <= end and tl[k + 1] in stops:
                    found = k
                    break
        self.steps += found - j + 1 if found <= end else end - j + 1
        return found - 1 if found <= end else end

    def _kind(self, a: int, b: int) -> tuple[str, tuple[int, int] | None]:
        """direct when the content is one quotation, mixed when it holds one, else indirect."""
        opens = self.open_toks  # the keys of ``pair_open_tok``, in order: only they are looked at
        inner = [self.pair_of[k] for k in opens[bisect_left(opens, a):bisect_right(opens, b)]]
        self.steps += b - a + 1
        if inner and a in self.pair_open_tok:
            p = self.pair_open_tok[a]
            close = p.close_tok
            if close is not None and close == b:
                p.used = True
                return "direct", self._direct_content(p)
        for pair in inner:
            if pair is not None:
                pair.used = True
        return ("mixed" if inner else "indirect"), None

    # ---- one sentence ---------------------------------------------------------------------------

    def sentence(self, a: int, b: int, zone: str) -> None:
        """Every quote of tokens a..b (one sentence)."""
        self.sentence_no += 1
        made: list[Quote] = []
        used = a
        # 1. quotations followed by their cue: `"…," ucap Bruce`, `"…," ujarnya`, `"…," Budi menambahkan`
        opens = self.open_toks[bisect_left(self.open_toks, a):bisect_right(self.open_toks, b)]
        for k in opens:
            self.steps += 1
            p = self.pair_open_tok[k]
            if p.used or k < used:
                continue
            q = self._after_quote(p, b)
            if q is None:
                q = self._headline_quote(p, k, a, b, zone)
            if q is not None:
                made.append(q[0])
                used = q[1] + 1
        # 2. cues in the running text: active, passive, `menurut`, headline verbs
        for k in self.cue_toks[bisect_left(self.cue_toks, a):bisect_right(self.cue_toks, b)]:
            self.steps += 1
            cue = self.cue_at[k]
            if k < used or self.pair_of[k] is not None:
                continue
            q = self._report(k, cue[0], cue[1], a, used, b, zone, made)
            if q is not None:
                made.append(q[0])
                used = q[1] + 1
        # 3. a quotation standing alone: the speaker of the sentence before
        for k in opens:
            self.steps += 1
            p = self.pair_open_tok[k]
            if p.used:
                continue
            close = p.close_tok
            last = close if close is not None else self.tok_end.get(p.close, b)
            inside = self.words[last + 1] - self.words[k]  # type: ignore[operator]
            outside = (self.words[b + 1] - self.words[a]) - inside
            if outside == 0:
                prev = made[-1] if made else (self.quotes[-1] if self.quotes else None)
                content = self._direct_content(p)
                if prev is not None and prev.sentence == self.sentence_no - 1 and content is not None:
                    p.used = True
                    made.append(Quote("direct", content, prev.cue, prev.speaker, prev.pronoun, self.sentence_no,
                                      prev.entity_id))
        for quote in made:
            if quote.entity_id is None:
                quote.entity_id = self._entity_id(quote)
            self.quotes.append(quote)

    def _after_quote(self, p: Pair, end: int) -> tuple[Quote, int] | None:
        close = p.close_tok
        if close is None:
            return None
        k = close + 1
        if k <= end and self.tw[k] == ",":
            k += 1
        if k > end:
            return None
        cue = self.cue_at.get(k)
        speaker: tuple[int, int] | None = None
        pronoun = None
        last = None
        if cue is not None and ("after" in cue[1] or "after_nya" in cue[1]):
            last = cue[0]
            if "after_nya" in cue[1]:
                cue_span = (self.ts[k], self.te[last] - 3)
                speaker = (self.te[last] - 3, self.te[last])
                pronoun = "nya"
            else:
                cue_span = (self.ts[k], self.te[last])
                sp = self.speaker_after(last + 1, min(end, last + _AHEAD), lower=True)
                if sp is not None:
                    speaker = (self.ts[sp[0]], self.te[sp[1]])
                    pronoun = self.tl[sp[0]] if sp[0] == sp[1] and self.tl[sp[0]] in self.t.pronouns else None
                    last = sp[1]
        else:
            # `"…," Budi menambahkan.`: a name, then an active cue that ends the sentence
            sp = self.speaker_after(k, min(end, k + _AHEAD), lower=False)
            if sp is None or sp[1] + 1 > end:
                return None
            cue = self.cue_at.get(sp[1] + 1)
            if cue is None or "active" not in cue[1]:
                return None
            after = cue[0] + 1
            if after <= end and self._word(after):
                return None
            cue_span = (self.ts[sp[1] + 1], self.te[cue[0]])
            speaker = (self.ts[sp[0]], self.te[sp[1]])
            pronoun = self.tl[sp[0]] if sp[0] == sp[1] and self.tl[sp[0]] in self.t.pronouns else None
            last = cue[0]
        p.used = True
        final = p
        # `"…," kata Budi, "…"`: the quotation resumes after the attribution
        if last + 2 <= end and self.tw[last + 1] == "," and (last + 2) in self.pair_open_tok:
            nxt = self.pair_open_tok[last + 2]
            if not nxt.used and nxt.close_tok is not None:
                nxt.used = True
                final = nxt
                last = nxt.close_tok
        content = self._direct_content(p, final)
        if content is None:
            return None
        return Quote("direct", content, cue_span, speaker, pronoun, self.sentence_no), last

    def _headline_quote(self, p: Pair, k: int, a: int, end: int, zone: str) -> tuple[Quote, int] | None:
        """A headline `X: "…"` (or `X: '…'`): a direct quote whose cue is the colon and X the speaker (§3, 1.2);
        X runs back to the headline's comma (`Sengketa … Memanas, Warga: "…"`)."""
        close = p.close_tok
        colon = k - 1
        if close is None or colon - 1 < a or self.tw[colon] != ":" or close != end:
            return None
        i = bisect_left(self.cue_toks, a)
        if i < len(self.cue_toks) and self.cue_toks[i] < colon:
            return None  # `X menjelaskan: "…"`: the cue is the verb
        if zone != "headline":
            # a headline the zoning left in the body: a paragraph of its own, its words before the colon
            # mostly capitalised (`Juara Piala Brawijaya Open, Dimas Anggara: “…”`)
            raw = self.raw
            s, e = self.ts[a], self.te[close]
            if (s > 0 and raw[s - 1] != "\n") or (e < len(raw) and raw[e] != "\n"):
                return None
            words = [i for i in range(a, colon) if self._word(i)]
            if 2 * sum(self.tw[i][0].isupper() for i in words) <= len(words):
                return None
        floor = colon - 1
        while floor > a and colon - floor < _BACK and self.tw[floor - 1] not in (",", ";", ":", "|", "–", "—", "-"):
            self.steps += 1
            floor -= 1
        sp = self.speaker_before(colon, floor)
        if not isinstance(sp, tuple):  # none, or _INHERIT
            return None
        content = self._direct_content(p)
        if content is None:
            return None
        p.used = True
        pronoun = self.tl[sp[0]] if sp[0] == sp[1] and self.tl[sp[0]] in self.t.pronouns else None
        return Quote("direct", content, (self.ts[colon], self.te[colon]), (self.ts[sp[0]], self.te[sp[1]]), pronoun,
                     self.sentence_no), close

    def _report(self, k: int, last: int, kinds: frozenset[str], a: int, used: int, end: int, zone: str,
                made: list[Quote]) -> tuple[Quote, int] | None:
        """An indirect (or mixed, or cue-first direct) quote at the cue tokens k..last."""
        t = self.t
        pronoun: str | None = None
        if "active" in kinds or ("headline" in kinds and zone == "headline"):
            sp = self.speaker_before(k, used)
            if isinstance(sp, str):  # _INHERIT
                if not made or made[-1].speaker is None:
                    return None
                speaker, pronoun = made[-1].speaker, made[-1].pronoun
            elif sp is None:
                return None
            else:
                speaker = (self.ts[sp[0]], self.te[sp[1]])
                pronoun = self.tl[sp[0]] if sp[0] == sp[1] and self.tl[sp[0]] in t.pronouns else None
            cue_end = last
            j = last + 1
            if j <= end and self.tl[j] in t.complementisers:
                cue_end = j
                j += 1
            elif "topic" in kinds:
                m = j
                while m <= end and m - j < 12 and self.tw[m] not in (".", ";"):
                    self.steps += 1
                    if self.tl[m] in t.topic_prepositions and self.pair_of[m] is None:
                        j = m + 1
                        break
                    m += 1
            else:
                j = self._complementiser_after(j, end)
            while j <= end and self.tw[j] in (",", ":"):
                j += 1
            if j > end:
                return None
            b = self._trim_end(j, self._content_end(j, end))
            if b < j:
                return None
            kind, direct = self._kind(j, b)
            content = direct or (self.ts[j], self.te[b])
            return Quote(kind, content, (self.ts[k], self.te[cue_end]), speaker, pronoun, self.sentence_no), b
        if "passive" in kinds:
            sp = self.speaker_after(last + 1, min(end, last + _AHEAD), lower=False, passive=True)
            if sp is None:
                return None
            first = self._skip_connective(max(used, k - _CONTENT), k - 1)
            if first > k - 1:
                return None
            m = sp[1] + 1
            if m <= end and self._word(m) and self.tl[m] not in t.speaker_stops:
                b = self._trim_end(first, self._content_end(m, end))
            else:
                b = self._trim_end(first, k - 1)
            if b < first:
                return None
            kind, direct = self._kind(first, b)
            content = direct or (self.ts[first], self.te[b])
            pronoun = self.tl[sp[0]] if sp[0] == sp[1] and self.tl[sp[0]] in t.pronouns else None
            return Quote(kind, content, (self.ts[k], self.te[last]), (self.ts[sp[0]], self.te[sp[1]]), pronoun,
                         self.sentence_no), max(b, sp[1])
        if "source_preposition" in kinds or "source_preposition_nya" in kinds:
            if "source_preposition_nya" in kinds:
                cue_span = (self.ts[k], self.te[last] - 3)
                speaker = (self.te[last] - 3, self.te[last])
                pronoun = "nya"
                m = last + 1
            else:
                cue_span = (self.ts[k], self.te[last])
                sp = self.speaker_after(last + 1, min(end, last + _AHEAD), lower=True)
                if sp is None:
                    return None
                last_of_speaker = self._name_tail(sp[1], end)
                speaker = (self.ts[sp[0]], self.te[last_of_speaker])
                pronoun = self.tl[sp[0]] if sp[0] == sp[1] and self.tl[sp[0]] in t.pronouns else None
                m = self._past_age(last_of_speaker + 1, end)
            described = self._description(m, end)
            if described is not None and not described[1]:  # `Menurut Siti, warga Duri, …`: content after it
                m = described[0] + 1
                described = None
            while m <= end and self.tw[m] in (",", ":"):
                m += 1
            first = self._skip_connective(max(used, k - _CONTENT), k - 1)
            if first <= k - 1 and self.tw[k - 1] == ",":
                j = first  # `X, menurut Pyongyang, Y`: the content encloses cue and source (§3)
            else:
                j = m
            if j > end:
                return None
            if j == first and described is not None:  # `X, menurut Siti, pedagang ikan.`: X alone
                b = self._trim_end(j, k - 2)
                if b < j:
                    return None
                kind, direct = self._kind(j, b)
                return Quote(kind, direct or (self.ts[j], self.te[b]), cue_span, speaker, pronoun,
                             self.sentence_no), described[0]
            b = self._trim_end(j, self._content_end(max(j, m), end))
            if b < j or (j == first and b < m):
                return None
            kind, direct = self._kind(j, b)
            content = direct or (self.ts[j], self.te[b])
            return Quote(kind, content, cue_span, speaker, pronoun, self.sentence_no), b
        if ("after" in kinds or "after_nya" in kinds) and k - 2 >= a and self.tw[k - 1] == ",":
            return self._reported_after(k, last, kinds, used, end)
        return None

    def _complementiser_after(self, j: int, end: int) -> int:
        """Token after a `bahwa` among the next 25 tokens, before a `.`, `;` or quotation (`X mengatakan
        kemarin bahwa …`), else j. By list methods (in C), as the walk from j would find it (``steps``
        counts that walk): a sentence's stop, then its first quotation token, then a complementiser."""
        window = self.tw[j:min(end, j + 24) + 1]
        stop = len(window)
        for mark in (".", ";"):
            if mark in window:
                stop = min(stop, window.index(mark))
        pair_of = self.pair_of
        inside = next(compress(range(stop), pair_of[j:j + stop]), stop)  # the first token in a quotation
        words = self.tl[j:j + inside]
        comps = self.t.complementisers
        if not comps.isdisjoint(words):
            i = next(compress(range(inside), map(comps.__contains__, words)))
            self.steps += i + 1
            return j + i + 1
        self.steps += inside + 1 if inside < stop else stop
        return j

    def _name_tail(self, last: int, end: int) -> int:
        """The speaker's last token, taking in an abbreviation in parentheses and the capitalised words
        after it up to the comma: 'Menurut Badan … (BMKG) Stasiun Maritim Tanjung Perak, …'."""
        j = last + 1
        if j > end or self.tw[j] != "(":
            return last
        k = j
        while k <= end and k - j < 12:
            word = self.tw[k]
            if word == ",":
                return k - 1 if k - 1 > last else last
            if not (word in ("(", ")") or word[0].isupper()):
                return last
            k += 1
        return last

    def _reported_after(self, k: int, last: int, kinds: frozenset[str], used: int,
                        end: int) -> tuple[Quote, int] | None:
        """Reported speech with no quotation marks and the cue after it: `X, kata Hotman.`, `X,
        katanya.`, or the cue set off inside the sentence, `X, kata Tatang, Y.`, whose content then
        encloses cue and speaker, as with `menurut` (§3)."""
        pronoun: str | None
        if "after_nya" in kinds:
            cue_span, speaker, pronoun = (self.ts[k], self.te[last] - 3), (self.te[last] - 3, self.te[last]), "nya"
            m = last + 1
        else:
            sp = self.speaker_after(last + 1, min(end, last + _AHEAD), lower=True)
            if sp is None or not (self.tw[sp[0]][0].isupper() or self.tl[sp[0]] in self.t.pronouns):
                return None  # with no quotation mark, a name or a pronoun speaks: 'terang saja warga marah' is no quote
            cue_span, speaker = (self.ts[k], self.te[last]), (self.ts[sp[0]], self.te[sp[1]])
            pronoun = self.tl[sp[0]] if sp[0] == sp[1] and self.tl[sp[0]] in self.t.pronouns else None
            m = self._past_age(sp[1] + 1, end)
        first = self._skip_connective(max(used, k - _CONTENT), k - 2)
        if first > k - 2:
            return None
        described = self._description(m, end)
        if described is not None and described[1]:  # `X, kata Budi, pedagang ikan.`: the description is no content
            b = self._trim_end(first, k - 2)
            m = described[0] + 1
        elif m < end and self.tw[m] == "," and self._word(m + 1):
            b = self._trim_end(first, self._content_end(m + 1, end))  # the cue inside: content around it
        elif m > end or self.tw[m] in (".", "!", "?"):
            b = self._trim_end(first, k - 2)
        else:
            return None
        if b < first:
            return None
        kind, direct = self._kind(first, b)
        content = direct or (self.ts[first], self.te[b])
        return Quote(kind, content, cue_span, speaker, pronoun, self.sentence_no), max(b, m - 1)

    def _skip_connective(self, a: int, b: int) -> int:
        """First token of a content that runs from the sentence start, `Namun,` and the like left out."""
        if a > b or self.tl[a] not in self.t.connective_starts:
            return a  # no connective opens here (the loop below would find none)
        for phrase in self.t.connectives:
            n = len(phrase)
            if a + n - 1 <= b and tuple(self.tl[a:a + n]) == phrase:
                a += n
                while a <= b and self.tw[a] == ",":
                    a += 1
                break
        return a

    # ---- entities -------------------------------------------------------------------------------

    def _pronoun_index(self) -> None:
        """Labels by entity id (the first entity's), and the people and the groups with their starts:
        only a pronoun speaker asks, so they are made on first use."""
        ents = self.ents
        self.labels = {e.get("entity_id"): e["label"] for e in ents[::-1]}
        self.per = [e for e in ents if e["label"] == "PER"]
        self.per_starts = list(map(_START, self.per))
        self.group = [e for e in ents if e["label"] in ("ORG", "NORP")]
        self.group_starts = list(map(_START, self.group))

    def _entity_id(self, q: Quote) -> str | None:
        if q.speaker is None or not self.ents:
            return None
        s, e = q.speaker
        if q.pronoun is not None:
            plural = q.pronoun in self.t.plural
            prev = next((p for p in reversed(self.quotes[-3:])
                         if p.entity_id is not None and p.speaker is not None and p.speaker[0] < s), None)
            if self.labels is None:
                self._pronoun_index()
            if prev is not None and self.sentence_no - prev.sentence <= 2:
                label = self.labels.get(prev.entity_id)  # type: ignore[union-attr]
                if (label == "PER") != plural:
                    return prev.entity_id
            starts, rows = (self.group_starts, self.group) if plural else (self.per_starts, self.per)
            i = bisect_left(starts, s) - 1
            return rows[i].get("entity_id") if i >= 0 else None
        i = bisect_left(self.ent_starts, s)
        inside = []
        while i < len(self.ents) and self.ents[i]["raw_start"] < e:
            self.steps += 1
            if self.ents[i]["raw_end"] <= e:
                inside.append(self.ents[i])
            i += 1
        if not inside:
            i = bisect_right(self.ent_starts, s) - 1
            if i >= 0 and self.ents[i]["raw_end"] > s:
                inside = [self.ents[i]]
        people = [x for x in inside if x["label"] == "PER"]
        pick = people[-1] if people else (inside[-1] if inside else None)
        return pick.get("entity_id") if pick else None

    # ---- the document ---------------------------------------------------------------------------

    def run(self) -> list[dict]:
        for block in self.blocks():
            if not self.prepare(block):
                # no mark and no cue, so no quote; its sentences still count (pronouns look two back).
                # Without marks every sentence boundary is a space or the block's end, so each
                # sentence holds a token and would have been numbered.
                self.sentence_no += self._sentences_that_count(block)
                continue
            sents = self.sentences(block)
            k = 0
            for s, e in sents:  # tokens of each sentence by bisection (``steps`` counts them as walked)
                a = bisect_left(self.ts, s, k)
                b = bisect_right(self.te, e, a)
                self.steps += b - k
                k = b
                if a < b:
                    self.sentence(a, b - 1, block.zone)
        rows = []
        raw = self.raw
        for n, q in enumerate(sorted(self.quotes, key=_appearance), 1):
            # the spans as ``document.span`` makes them, written out: three calls fewer per quote
            (s, e), (cs, ce), sp = q.content, q.cue, q.speaker
            rows.append({"id": f"q{n}", "kind": q.kind,
                         "content": {"raw_start": s, "raw_end": e, "quote": raw[s:e]},
                         "cue": {"raw_start": cs, "raw_end": ce, "quote": raw[cs:ce]},
                         "speaker": {"raw_start": sp[0], "raw_end": sp[1], "quote": raw[sp[0]:sp[1]]} if sp else None,
                         "speaker_entity_id": q.entity_id})
        return rows


def annotate(doc: Document, *, entities: list[dict] | None = None) -> list[dict]:
    """Gold-shaped quote rows of a document (ids ``q1``… in order of appearance).

    ``entities`` are gold-shaped entity rows with raw offsets (gold, or the machine entity
    annotator's): a speaker span that covers one takes its ``entity_id``, a pronoun or ``-nya``
    the previous quote's speaker or else the nearest preceding person. A direct quote whose cue
    is found but no speaker has ``speaker`` None.
    """
    return _Run(doc, entities).run()


def work(doc: Document, *, entities: list[dict] | None = None) -> int:
    """Elementary steps ``annotate`` takes on a document: for tests that the work is linear."""
    run = _Run(doc, entities)
    run.run()
    return run.steps


NAME = "warta-quotes"


def version() -> str:
    """``name@version`` of this annotator, as machine rows' ``source`` shows it."""
    return f"{NAME}@{table().version}"
