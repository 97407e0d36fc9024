"""First-character guards: searched patterns skip, cheaply, positions where no match can begin.

Python's regex engine tries a searched pattern at every position of the text. When the
pattern begins with a plain character or class it jumps straight to the next candidate,
but a pattern that begins with ``\\s*``, ``\\b`` or a case-insensitive alternation is run in
full at each position: the zoning table's legal notice, channel call and suffix patterns
cost most of the curation time that way. ``guarded`` works out, from the parsed pattern,
which characters a match can begin with and puts them in front as a lookahead,
``(?=[...])``. The lookahead holds wherever a match begins, so the matches stay the same.

The parsed form comes from the standard library's private ``re._parser``; any construct
this module does not know, or a Python without that module, leaves the pattern as written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

try:
    from re import _constants as sre
    from re import _parser as sre_parse
except ImportError:  # pragma: no cover - a Python whose re module is laid out differently
    sre = sre_parse = None

_LEADING_FLAGS = re.compile(r"^\(\?[aiLmsux]+\)")
_CATEGORIES = {} if sre is None else {sre.CATEGORY_SPACE: r"\s", sre.CATEGORY_DIGIT: r"\d",
                                      sre.CATEGORY_WORD: r"\w"}
_CHARSET_FLAGS = re.ASCII | re.LOCALE | re.UNICODE


class _Unguardable(Exception):
    """The first character of a match cannot be told (or would be almost any character)."""


def _class_items(op: object, av: object) -> list[str]:
    """One character item as parts of a character class, e.g. ['a', '0-9', '\\s']."""
    if op is sre.LITERAL:
        return [re.escape(chr(av))]
    if op is not sre.IN:
        raise _Unguardable(op)  # any character, or all but one: no use as a guard
    parts = []
    for kind, value in av:
        if kind is sre.LITERAL:
            parts.append(re.escape(chr(value)))
        elif kind is sre.RANGE:
            parts.append(f"{re.escape(chr(value[0]))}-{re.escape(chr(value[1]))}")
        elif kind is sre.CATEGORY and value in _CATEGORIES:
            parts.append(_CATEGORIES[value])
        else:
            raise _Unguardable(kind)  # negated classes and categories
    return parts


class _Firsts:
    """The class parts that can begin a match (or end one, ``reverse``), and whether any needs
    case-insensitive matching."""

    def __init__(self, flags: int, *, reverse: bool = False) -> None:
        self.flags = flags
        self.reverse = reverse
        self.parts: list[str] = []
        self.ignore_case = False
        self.costly = False  # an alternation or an assertion is tried before the first character

    def add(self, op: object, av: object, flags: int) -> None:
        if flags & _CHARSET_FLAGS != self.flags & _CHARSET_FLAGS:
            raise _Unguardable("a scoped (?a) or (?u)")  # \w and \s would mean other sets
        self.parts += _class_items(op, av)
        self.ignore_case = self.ignore_case or bool(flags & re.IGNORECASE)

    def scan(self, items: list, flags: int) -> bool:
        """Add what can begin ``items``; True if they can also match the empty string."""
        for op, av in (reversed(items) if self.reverse else items):
            if op in (sre.AT, sre.ASSERT, sre.ASSERT_NOT):
                self.costly = True
                continue  # consumes nothing: the next item supplies the first character
            if op is sre.SUBPATTERN:
                _, add, drop, sub = av
                empty = self.scan(list(sub), (flags | add) & ~drop)
            elif op is sre.ATOMIC_GROUP:
                empty = self.scan(list(av), flags)
            elif op is sre.BRANCH:
                self.costly = True
                empty = any([self.scan(list(alternative), flags) for alternative in av[1]])
            elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
                empty = self.scan(list(av[2]), flags) or av[0] == 0
            else:
                self.add(op, av, flags)
                empty = False
            if not empty:
                return False
        return True

    def lookahead(self) -> str:
        cls = "[" + "".join(dict.fromkeys(self.parts)) + "]"
        if self.ignore_case and not self.flags & re.IGNORECASE:
            cls = f"(?i:{cls})"  # one case-insensitive class: a superset, and as fast as one
        return f"(?={cls})"


def _engine_skips_already(items: list, flags: int) -> bool:
    """A leading character or class, or case-sensitive alternatives that each begin with one."""
    while items and items[0][0] is sre.SUBPATTERN and items[0][1][:3] == (None, 0, 0):
        items = list(items[0][1][3])
    if not items:
        return False
    op, av = items[0]
    if op in (sre.LITERAL, sre.IN):
        return True
    return (op is sre.BRANCH and not flags & re.IGNORECASE
            and all(alt and alt[0][0] is sre.LITERAL for alt in av[1]))


def guarded(pattern: re.Pattern) -> re.Pattern:
    """``pattern`` with a lookahead of the characters its matches can begin with, if that helps.

    It helps where an alternation or an assertion comes before the first character: there
    the engine does real work at each position that the one-class lookahead saves.
    """
    if sre_parse is None or not isinstance(pattern.pattern, str):
        return pattern
    text = pattern.pattern
    try:
        parsed = sre_parse.parse(text, pattern.flags)
        flags = parsed.state.flags
        items = list(parsed)
        if _engine_skips_already(items, flags):
            return pattern
        firsts = _Firsts(flags)
        if firsts.scan(items, flags):
            return pattern  # it can match the empty string, anywhere
        if not firsts.costly:
            return pattern  # '\s*\(': failing at a position costs no more than the guard would
        head = _LEADING_FLAGS.match(text)
        at = head.end() if head else 0
        return re.compile(text[:at] + firsts.lookahead() + text[at:], pattern.flags)
    except (_Unguardable, re.error, RecursionError, TypeError, ValueError):
        return pattern


def first_class(pattern: re.Pattern) -> re.Pattern | None:
    """A one-character pattern that every match of ``pattern`` begins with, or None if unknown.

    ``first_class(p).match(text[0])`` failing proves ``p.match(text)`` and ``p.fullmatch(text)``
    fail: the zoner uses it to try, for a segment, only the rules that can begin with its
    first character.
    """
    return _end_class(pattern, reverse=False)


def last_class(pattern: re.Pattern) -> re.Pattern | None:
    """A one-character pattern that every match of ``pattern`` ends with, or None if unknown.

    ``last_class(p).match(text[-1])`` failing proves ``p.fullmatch(text)`` fails, and so does
    a search for a suffix pattern pinned to the end with ``\\Z``: most segments end with a
    full stop, which most furniture rules and suffixes cannot end with.
    """
    return _end_class(pattern, reverse=True)


def _end_class(pattern: re.Pattern, *, reverse: bool) -> re.Pattern | None:
    if sre_parse is None or not isinstance(pattern.pattern, str):
        return None
    try:
        parsed = sre_parse.parse(pattern.pattern, pattern.flags)
        flags = parsed.state.flags
        firsts = _Firsts(flags, reverse=reverse)
        if firsts.scan(list(parsed), flags):
            return None  # it can match the empty string
        cls = "[" + "".join(dict.fromkeys(firsts.parts)) + "]"
        return re.compile(f"(?i:{cls})" if firsts.ignore_case or flags & re.IGNORECASE else cls,
                          flags & (re.ASCII | re.UNICODE))
    except (_Unguardable, re.error, RecursionError, TypeError, ValueError):
        return None


# ---------------------------------------------------------------------------------------
# Needles: literal strings one of which every match contains. Looking for a few strings
# with ``in`` costs a fraction of a microsecond; running a searched pattern that cannot
# skip ahead (a case-insensitive alternation tried at every word) costs ten or more, and
# most segments contain none of the strings. Case-insensitive needles are looked for in
# ``text.lower()``, which holds them wherever the pattern matches, except in a text with
# one of the few non-ASCII characters that match an ASCII letter case-insensitively
# (Kelvin sign, long s, dotted and dotless i): there ``folded`` gives None and the pattern
# is run as before.

_CASE_TWINS = re.compile(r"[^\x00-\x7f](?<=(?i:[a-z]))")  # a charset first: the engine skips to non-ASCII
_MAX_NEEDLES = 24
_MAX_CLASS = 8


def folded(text: str) -> str | None:
    """``text.lower()`` for case-insensitive needles, or None where lowering could hide a match."""
    if text.isascii() or _CASE_TWINS.search(text) is None:
        return text.lower()
    return None


@dataclass(frozen=True)
class Needles:
    """Every match contains one of ``plain`` as written or one of ``folded`` in the lowered text."""

    plain: tuple[str, ...]
    folded: tuple[str, ...]

    def may_match(self, text: str, low: str | None | bool = False) -> bool:
        """False only if no match can exist; ``low`` is ``folded(text)`` if the caller has it."""
        for needle in self.plain:  # plain loops: cheaper than any(map(...)) on a few needles
            if needle in text:
                return True
        if not self.folded:
            return False
        if low is False:
            low = folded(text)
        if low is None:
            return True
        for needle in self.folded:
            if needle in low:
                return True
        return False


_Need = frozenset  # of (needle, looked for in the lowered text)


def _char_needle(ch: int, flags: int) -> tuple[str, bool] | None:
    """One literal character of a pattern as a needle character, or None if it cannot be one."""
    c = chr(ch)
    if not flags & re.IGNORECASE or (c.lower() == c and c.upper() == c):
        return c, False  # matched as written
    if c.isascii():
        return c.lower(), True
    return None  # a cased non-ASCII letter matched case-insensitively: lowering may not keep it


def _rarity(needle: str) -> float:
    """A rough guess of how seldom prose contains ``needle``: letters and digits count one,
    the punctuation of every sentence half, other symbols ('(', '|', '/', '©') three."""
    return sum(1 if c.isalnum() else 0.5 if c in _COMMON else 3 for c in needle)


_COMMON = " .,-'\""


def _better(a: _Need | None, b: _Need | None) -> _Need | None:
    """The more telling of two requirements: the rarer commonest needle, then fewer needles.

    Only speed depends on the choice: either requirement holds wherever the pattern matches.
    """
    if a is None or b is None:
        return a if b is None else b
    key = lambda need: (min(_rarity(n) for n, _ in need), -len(need))  # noqa: E731
    return b if key(b) > key(a) else a


def _class_needles(av: list, flags: int) -> _Need | None:
    if len(av) > _MAX_CLASS or any(kind is not sre.LITERAL for kind, _ in av):
        return None  # ranges, categories and negated classes name too many characters
    chars = [_char_needle(value, flags) for _, value in av]
    return None if None in chars else _Need(chars)


def _sequence_needles(items: list, flags: int) -> _Need | None:
    """What every match of ``items`` contains; runs of literal characters make one needle."""
    best: _Need | None = None
    run: list[tuple[str, bool]] = []

    def close() -> None:
        nonlocal best
        if run:
            best = _better(best, _Need({("".join(c for c, _ in run), any(f for _, f in run))}))
            run.clear()

    for op, av in items:
        if op is sre.LITERAL:
            char = _char_needle(av, flags)
            if char is not None:
                run.append(char)
                continue
        close()
        need = None
        if op is sre.SUBPATTERN:
            _, add, drop, sub = av
            need = _sequence_needles(list(sub), (flags | add) & ~drop)
        elif op is sre.ATOMIC_GROUP:
            need = _sequence_needles(list(av), flags)
        elif op is sre.BRANCH:
            alternatives = [_sequence_needles(list(alternative), flags) for alternative in av[1]]
            if None not in alternatives:
                need = _Need().union(*alternatives)
        elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT) and av[0] >= 1:
            need = _sequence_needles(list(av[2]), flags)
        elif op is sre.IN:
            need = _class_needles(av, flags)
        # anything else (assertions, any character, categories, references) requires nothing
        if need is not None and len(need) <= _MAX_NEEDLES:
            best = _better(best, need)
    close()
    return best


def needles(pattern: re.Pattern) -> Needles | None:
    """The strings one of which every match of ``pattern`` contains, or None if none is known."""
    if sre_parse is None or not isinstance(pattern.pattern, str) or pattern.flags & re.LOCALE:
        return None
    try:
        parsed = sre_parse.parse(pattern.pattern, pattern.flags)
        need = _sequence_needles(list(parsed), parsed.state.flags)
    except (re.error, RecursionError, TypeError, ValueError):
        return None
    if not need or any(not n for n, _ in need):
        return None
    return Needles(plain=tuple(sorted(n for n, low in need if not low)),
                   folded=tuple(sorted(n for n, low in need if low)))
