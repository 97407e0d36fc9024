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
    """The class parts that can begin a match, and whether any needs case-insensitive matching."""

    def __init__(self, flags: int) -> None:
        self.flags = flags
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
        for op, av in items:
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
    if sre_parse is None or not isinstance(pattern.pattern, str):
        return None
    try:
        parsed = sre_parse.parse(pattern.pattern, pattern.flags)
        flags = parsed.state.flags
        firsts = _Firsts(flags)
        if firsts.scan(list(parsed), flags):
            return None  # it can match the empty string
        cls = "[" + "".join(dict.fromkeys(firsts.parts)) + "]"
        return re.compile(f"(?i:{cls})" if firsts.ignore_case or flags & re.IGNORECASE else cls,
                          flags & (re.ASCII | re.UNICODE))
    except (_Unguardable, re.error, RecursionError, TypeError, ValueError):
        return None
