"""Loading the zoning tables (data/zoning.toml) and compiling their patterns once.

The tables are data so that covering a new page convention is an edit to a table with a
test beside it, not a new branch in the zoner.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path

from warta.curation.guards import guarded
from warta.errors import WartaError

RULES_FILE = Path(__file__).with_name("data") / "zoning.toml"


@dataclass(frozen=True)
class Split:
    name: str
    kind: str  # separator | prefix | suffix
    pattern: re.Pattern
    zone: str | None = None
    rest_zone: str | None = None
    require: re.Pattern | None = None
    rest_require: re.Pattern | None = None
    min_rest: int = 0
    once: bool = False
    group: str | None = None  # splits of one group share their `once`
    require_at_start: bool = False  # `require` begins with '^': test it first, with match()


@dataclass(frozen=True)
class Rule:
    name: str
    zone: str
    pattern: re.Pattern
    search: bool = False
    max_chars: int | None = None
    after_body: bool = False
    head: bool = False
    prev: tuple[str, ...] = ()
    next: tuple[str, ...] = ()

    @property
    def contextual(self) -> bool:
        return bool(self.prev or self.next)

    def matches(self, text: str) -> re.Match | None:
        if self.max_chars is not None and len(text) > self.max_chars:
            return None
        return (self.pattern.search if self.search else self.pattern.fullmatch)(text)


@dataclass(frozen=True)
class Rules:
    version: str
    splits: tuple[Split, ...]
    rules: tuple[Rule, ...]
    structure: dict = field(compare=False, repr=False)
    lexicon: dict = field(compare=False, repr=False)
    templates: dict = field(compare=False, repr=False)

    def __hash__(self) -> int:
        """The hash of the compared fields, as dataclass would give, computed once per table.

        Per-table caches (the zoner's passes, the date pattern) look the table up for every
        document, and hashing every rule and split each time cost more than the lookup saves.
        """
        return self._hash

    @cached_property
    def _hash(self) -> int:
        return hash((self.version, self.splits, self.rules))

    def __getstate__(self) -> dict:
        """Pickled without the cached hash: string hashes differ from one process to the next."""
        state = dict(self.__dict__)
        state.pop("_hash", None)
        return state

    def months(self) -> dict[str, int]:
        return self.lexicon["months"]

    def timezones(self) -> dict[str, str]:
        return self.lexicon["timezones"]


def _alternation(words: list[str]) -> str:
    """Longest first, so that 'Jum'at' wins over 'Jum' and 'WITA' over 'WIT'."""
    return "(?:" + "|".join(re.escape(w) for w in sorted(words, key=lambda w: (-len(w), w))) + ")"


def _expander(lexicon: dict, templates: dict):
    base = {
        "DAY": _alternation(lexicon["days"]),
        "MONTH": _alternation(list(lexicon["months"])),
        "TZ": _alternation(list(lexicon["timezones"])),
        "SECTION": _alternation(lexicon["sections"]),
        # places of several words (BANDA ACEH, Kuala Lumpur): one-word places need no list
        "MULTIPLACE": _alternation([p for p in lexicon["places"] if " " in p]),
    }

    def expand(pattern: str) -> str:
        out = pattern
        for _ in range(3):  # templates may use placeholders themselves
            for key, value in {**templates, **base}.items():
                out = out.replace("{" + key + "}", value)
        return out

    return expand


_GLOBAL_FLAGS = re.compile(r"^\(\?[aiLmsux]+\)")


_SPLIT_KEYS = {"name", "kind", "pattern", "zone", "rest_zone", "require", "rest_require", "min_rest", "once",
               "group"}
_RULE_KEYS = {"name", "zone", "pattern", "search", "max_chars", "after_body", "head", "prev", "next"}
_LEFTOVER = re.compile(r"\{[A-Z]+\}")


class RuleTableError(WartaError):
    """The rule table itself is wrong: a maintainer's error, reported at load time."""


def _check_entry(entry: dict, allowed: set[str], zones: set[str], where: str) -> None:
    unknown = set(entry) - allowed
    if unknown:
        raise RuleTableError(f"{where}: unknown key(s) {sorted(unknown)}; allowed: {sorted(allowed)}")
    for key in ("zone", "rest_zone"):
        if key in entry and entry[key] not in zones:
            raise RuleTableError(f"{where}: {key} {entry[key]!r} is not in schema/zones.json")


def _compile(pattern: str, expand, *, anchor_end: bool = False, searched: bool = False) -> re.Pattern:
    """Compile after expanding placeholders; ``anchor_end`` pins a suffix to the line end.

    A ``searched`` pattern (tried at every position, not only at a segment's start) gets a
    first-character guard (see guards.py): the same matches, found faster.
    """
    text = expand(pattern)
    leftover = _LEFTOVER.search(text)
    if leftover:
        raise RuleTableError(f"unknown placeholder {leftover.group(0)} in pattern {pattern[:60]!r}")
    if anchor_end:
        flags = _GLOBAL_FLAGS.match(text)
        head = flags.group(0) if flags else ""
        text = f"{head}(?:{text[len(head):]}\n)\\Z" if "(?x)" in head else f"{head}(?:{text[len(head):]})\\Z"
    compiled = re.compile(text)
    return guarded(compiled) if searched else compiled


@cache
def load_rules(path: Path = RULES_FILE) -> Rules:
    """Read and compile the tables; a broken table fails here, at start-up, loudly."""
    from warta.release.schemas import load_inventory

    data = tomllib.loads(path.read_text(encoding="utf-8"))
    expand = _expander(data["lexicon"], data["templates"])
    zones = {z["name"] for z in load_inventory("zones")["zones"]}
    for kind, allowed in (("split", _SPLIT_KEYS), ("rule", _RULE_KEYS)):
        for entry in data[kind]:
            _check_entry(entry, allowed, zones, f"{path.name}: {kind} {entry.get('name')!r}")
    splits = tuple(
        Split(
            name=s["name"], kind=s["kind"],
            pattern=_compile(s["pattern"], expand, anchor_end=s["kind"] == "suffix",
                             searched=s["kind"] != "prefix"),
            zone=s.get("zone"), rest_zone=s.get("rest_zone"),
            require=(_compile(s["require"], expand, searched=not s["require"].startswith("^"))
                     if "require" in s else None),
            require_at_start=s.get("require", "").startswith("^"),
            rest_require=_compile(s["rest_require"], expand, searched=True) if "rest_require" in s else None,
            min_rest=s.get("min_rest", 0), once=s.get("once", False), group=s.get("group"),
        )
        for s in data["split"]
    )
    rules = tuple(
        Rule(
            name=r["name"], zone=r["zone"],
            pattern=_compile(r["pattern"], expand, searched=r.get("search", False)),
            search=r.get("search", False), max_chars=r.get("max_chars"),
            after_body=r.get("after_body", False), head=r.get("head", False),
            prev=tuple(r.get("prev", ())), next=tuple(r.get("next", ())),
        )
        for r in data["rule"]
    )
    return Rules(version=data["version"], splits=splits, rules=rules,
                 structure=data["structure"], lexicon=data["lexicon"],
                 templates=data["templates"])
