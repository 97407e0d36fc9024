"""Machine time expressions (TimeML TIMEX3), from patterns built out of ``data/timex.toml``.

Each pattern kind finds candidates in every segment (time expressions are annotated in
every zone); overlapping candidates are resolved longest first, so ``Senin (28/4)`` wins
over ``Senin`` and ``tiga tahun lalu`` over ``tiga tahun``. Values are resolved against
the publication time: the document's dateline expression when it has one (which then
anchors every expression resolved against it), else the registry's ``published``; with
neither, the unknown parts stay ``X`` (``XXXX-04-28``, ``XXXX-WXX-1``). The machine clock
is never read.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from pathlib import Path
from typing import Final

from warta.machine.automaton import Automaton
from warta.machine.bisection import bisect_right
from warta.machine.document import JOINERS, Document, span

TABLE = Path(__file__).with_name("data") / "timex.toml"
NAME = "warta-timex"


@dataclass(frozen=True)
class Table:
    version: str
    days: dict[str, int]
    months: dict[str, int]
    month_cues: frozenset[str]
    zones: dict[str, str]
    numbers: dict[str, float | str]
    units: dict[str, tuple[str, bool, int]]
    mods: dict[str, str]
    parts_of_day: dict[str, str]
    relative_days: dict[str, int]
    relative_steps: dict[str, int]
    set_cues: tuple[str, ...]
    sets: dict[str, str]
    present: tuple[str, ...]
    periods: dict[str, str]
    ordinals: dict[str, int]
    vague: dict[str, str]
    edges: tuple[str, ...]
    local_time: tuple[str, ...]
    month_steps: tuple[str, ...]
    age_cues: frozenset[str]
    law_number: tuple[str, ...]


@cache
def table() -> Table:
    data = tomllib.loads(TABLE.read_text(encoding="utf-8"))
    return Table(version=data["version"], days=data["days"], months=data["months"],
                 month_cues=frozenset(data["cues"]["month"]), zones=data["zones"], numbers=data["numbers"],
                 units={k: tuple(v) for k, v in data["units"].items()}, mods=data["mods"],
                 parts_of_day=data["parts_of_day"], relative_days=data["relative_days"],
                 relative_steps=data["relative_steps"], set_cues=tuple(data["cues"]["set"]), sets=data["sets"],
                 present=tuple(data["present"]["words"]), periods=data["periods"], ordinals=data["ordinals"],
                 vague=data["vague"], edges=tuple(data["edges"]["words"]), local_time=tuple(data["cues"]["local_time"]),
                 month_steps=tuple(data["cues"]["month_steps"]), age_cues=frozenset(data["cues"]["age"]),
                 law_number=tuple(data["cues"]["law_number"]))


def version() -> str:
    return f"{NAME}@{table().version}"


def _alt(words) -> str:
    """An alternation, longest first, each word whole (so 'jul' never matches inside 'juli'), in lower
    case: the patterns match case-blind, or without the flag on the lower-cased text (``_folded_patterns``)."""
    return "(?:" + "|".join(re.escape(w).replace(r"\ ", r"\s+")
                            for w in sorted((w.lower() for w in words), key=len, reverse=True)) + ")"


class _Found:
    """One pattern's match, resolved, at raw offsets. A plain class, not a dataclass: compiled, its
    constructor is a direct call (a dataclass's goes through the type's generic init, arguments packed)."""

    __slots__ = ("start", "end", "kind", "fields")

    def __init__(self, start: int, end: int, kind: str, fields: dict) -> None:
        self.start = start
        self.end = end
        self.kind = kind
        self.fields = fields  # type, value, mod, resolved (needs the publication time)


@cache
def _sources() -> dict[str, str]:
    """Each kind's pattern, all its letters in lower case."""
    t = table()
    day, mon = _alt(t.days), _alt(t.months) + r"\.?"
    zone = _alt(t.zones)
    num = r"\d+(?:,\d+)?|" + _alt(t.numbers)
    unit = _alt(t.units)
    mod = _alt(t.mods)
    pod = _alt(t.parts_of_day)
    local = _alt(t.local_time)
    clock = rf"(?P<h>\d{{1,2}})[:.](?P<mi>\d{{2}})(?!\d)(?:\s*(?:(?P<z>{zone})\b|(?P<local>{local})))?"
    at = r"(?:\s*[-–—|,]?\s*(?:pukul\s+|pkl\.?\s*)?" + clock + ")?"
    edge = _alt(t.edges)
    b = ""  # patterns are tried at token starts only (see _triggers), which are word starts
    e = r"(?![\w-])"  # word end
    patterns = {
        "fulldate": rf"{b}(?:(?P<dname>{day})\s*,?\s*)?(?P<d>\d{{1,2}})\s+(?P<mon>{mon})\s+(?P<y>\d{{4}}){e}{at}",
        "numdate": rf"{b}(?:(?P<dname>{day})\s*,?\s*)?(?P<d>\d{{1,2}})(?P<sep>[/-])(?P<mo>\d{{1,2}})(?P=sep)"
                   rf"(?P<y>\d{{4}}){e}{at}",
        "dayparen": rf"{b}(?P<dname>{day})\s*\((?P<d>\d{{1,2}})/(?P<mo>\d{{1,2}})(?:/(?P<y>\d{{2,4}}))?\)"
                    rf"(?:\s+(?P<pod>{pod}){e})?",
        "parendate": r"\((?P<d>\d{1,2})/(?P<mo>\d{1,2})(?:/(?P<y>\d{2,4}))?\)",
        "daymonth": rf"{b}(?:(?P<dname>{day})\s*,?\s*)?(?P<d>\d{{1,2}})\s+(?P<mon>{mon}){e}(?!\s+\d{{4}})",
        "monthyear": rf"{b}(?:(?P<mod>{mod})\s+)?(?P<mon>{mon})\s+(?P<y>\d{{4}}){e}",
        "year": rf"{b}(?:(?P<mod>{mod})\s+)?(?P<t>tahun\s+)?(?P<y>(?:19|20)\d{{2}}){e}",
        "clock": rf"{b}(?:(?P<mod>{mod})\s+)?(?P<pukul>(?:pukul|pkl\.?)\s*)?{clock}",
        "daypod": rf"{b}(?P<dname>{day})\s+(?P<pod>{pod}){e}",
        "dayrel": rf"{b}(?P<dname>{day})\s+(?P<step>lalu|depan|kemarin){e}",
        "reldays": rf"{b}(?P<rel>{_alt(t.relative_days)})(?:\s+(?P<pod>{pod}))?{e}",
        "podrel": rf"{b}(?:(?P<pod>{pod})\s+(?:ini|tadi)|tadi\s+(?P<pod2>{pod})|semalam){e}",
        "relunit": rf"{b}(?P<unit>pekan|minggu|bulan|tahun)\s+(?P<step>{_alt(t.relative_steps)}){e}",
        "ago": rf"{b}(?P<n>{num})\s+(?P<unit>{unit})\s+(?:yang\s+)?(?:lalu|silam){e}",
        "duration": rf"{b}(?:(?P<mod>{mod})\s+)?(?:(?P<n>{num})\s+(?P<unit>{unit})|se(?P<seunit>{unit})){e}"
                    rf"(?:\s+(?P<edge>{edge}){e})?",
        "vague": rf"{b}(?P<vague>{_alt(t.vague)}){e}",
        "set": rf"{b}(?:{_alt(t.set_cues)})\s+(?:(?P<n>{num})\s+(?P<unit>{unit})|(?:hari\s+)?(?P<what>{day}|hari|"
               rf"pekan|minggu|bulan|tahun|{pod})){e}|{b}(?P<adj>{_alt(t.sets)}){e}",
        "period": rf"{b}(?P<period>{_alt(t.periods)})\s+(?P<q>{_alt(t.ordinals)})(?:\s+(?P<y>\d{{4}}))?{e}",
        "weekend": rf"{b}akhir\s+pekan(?:\s+(?P<step>ini|lalu|depan))?{e}",
        "monthrel": rf"{b}(?P<mon>{mon})\s+tahun\s+(?P<step>lalu|depan|ini){e}",
        "yearedge": rf"{b}(?P<mod>awal|pertengahan|akhir)\s+tahun(?:\s+(?P<step>ini|lalu|depan))?{e}",
        "present": rf"{b}(?P<present>{_alt(t.present)}){e}",
        "month": rf"{b}(?:(?P<mod>awal|pertengahan|akhir)\s+)?(?P<mon>{mon}){e}"
                 rf"(?:\s+(?P<mstep>{_alt(t.month_steps)}){e})?",
        "dayname": rf"{b}(?P<dname>{day}){e}",
    }
    # segments are joined with line breaks for one scan per pattern: no expression may cross one
    return {kind: p.replace(r"\s", r"[^\S\n]") for kind, p in patterns.items()}


@cache
def _patterns() -> dict[str, re.Pattern]:
    """The patterns, case-blind: the definition, matched on the text as printed."""
    return {kind: re.compile(p, re.IGNORECASE) for kind, p in _sources().items()}


# escapes such as \S and group syntax, the only capitals of a source
_SYNTAX: Final = re.compile(r"\\[A-Za-z]|\(\?P[<=]")


@cache
def _folded_patterns() -> dict[str, re.Pattern]:
    """The patterns without IGNORECASE, for the lower-cased text: the same matches there (see
    ``_folds_exactly``) at some half the cost, as a literal then compares characters as they are."""
    sources = _sources()
    capitals = [kind for kind, p in sources.items() if any(c.isupper() for c in _SYNTAX.sub("", p))]
    assert not capitals, f"a pattern with a capital letter would never match the lower-cased text: {capitals}"
    return {kind: re.compile(p) for kind, p in sources.items()}


# 'ı' and 'ſ': case-blind they match 'i' and 's', but lower-cased they stay apart
_CASE_APART: Final = ("\u0131", "\u017f")


def _folds_exactly(text: str, folded: str) -> bool:
    """Do the folded patterns on ``folded`` (``text.lower()``) match exactly where the case-blind ones match
    on ``text``? Case-blind, a literal matches a character whose simple lower case is that literal, and
    classes (\\w, \\s, \\d) look at that lower case too (or at the character, which is in the same classes:
    checked over all of Unicode); ``str.lower`` is that same per-character lower case, but for 'İ' (two
    characters: lengths then differ) and a final sigma (ς for σ: no pattern has a Greek letter). The one
    exception left is the few characters the case-blind match also equates with an ASCII letter of the
    patterns without lower-casing to it: a text that has one takes the definition.
    """
    return len(folded) == len(text) and not any(c in text for c in _CASE_APART)


# --- resolution -----------------------------------------------------------------------

class _Base:
    """The publication date. A plain class (see ``_Found``)."""

    __slots__ = ("day",)

    def __init__(self, day: date | None) -> None:
        self.day = day


def _base(published: str | None) -> _Base:
    if not published:
        return _Base(None)
    try:
        return _Base(date.fromisoformat(published[:10]))
    except ValueError:
        return _Base(None)


_SPACES: Final = re.compile(r"\s+")


def _number(text: str, t: Table) -> float | str | None:
    key = _SPACES.sub(" ", text.lower())
    if key in t.numbers:
        return t.numbers[key]
    try:
        return float(key.replace(",", "."))
    except ValueError:
        return None


def _pad(n: int, width: int) -> str:
    """``f"{n:0{width}d}"`` for the non-negative numbers of dates and times, without the format protocol (a
    compiled f-string with a format spec calls it through Python for every field)."""
    if n < 0:
        return f"{n:0{width}d}"
    digits = str(n)
    return "0" * (width - len(digits)) + digits


def _fmt(n: float) -> str:
    return str(int(n)) if float(n).is_integer() else f"{n:g}"


def _month(text: str, t: Table) -> int:
    return t.months[text.lower().rstrip(".")]


def _year(y: str | None, base: _Base) -> tuple[str, bool]:
    """A year as written (two digits are 20YY), else the publication year (resolved), else XXXX."""
    if y:
        return (f"20{y}" if len(y) == 2 else y), False
    return (str(base.day.year), True) if base.day else ("XXXX", True)


def _valid(year: str, month: int, day: int) -> bool:
    if not 1 <= month <= 12:
        return False
    try:
        date(int(year) if year.isdigit() else 2000, month, day)  # 2000: a leap year, for XXXX-02-29
        return True
    except ValueError:
        return False


def _time(m: re.Match, day_value: str, t: Table) -> str | None:
    """``day_value`` with the clock of ``m`` (and its zone offset), or None when the clock is not a time."""
    h, mi = int(m["h"]), int(m["mi"])
    if h > 24 or mi > 59:
        return None
    zone = m["z"]
    offset = t.zones.get(zone.upper(), "") if zone else ""
    return f"{day_value}T{_pad(h, 2)}:{_pad(mi, 2)}{offset}"


def _on_or_before(base: date, weekday: int) -> date:
    return base - timedelta(days=(base.isoweekday() - weekday) % 7)


def _week(d: date) -> str:
    year, week, _ = d.isocalendar()
    return f"{year}-W{_pad(week, 2)}"


def _shift(base: date, unit: str, n: int) -> str:
    """The calendar value ``n`` units from ``base`` at the unit's own granularity."""
    if unit in ("hari",):
        return (base + timedelta(days=n)).isoformat()
    if unit in ("pekan", "minggu"):
        return _week(base + timedelta(weeks=n))
    if unit == "bulan":
        months = base.year * 12 + base.month - 1 + n
        return f"{_pad(months // 12, 4)}-{_pad(months % 12 + 1, 2)}"
    if unit == "tahun":
        return _pad(base.year + n, 4)
    return ""


def _unknown(unit: str) -> str:
    return {"hari": "XXXX-XX-XX", "pekan": "XXXX-WXX", "minggu": "XXXX-WXX", "bulan": "XXXX-XX", "tahun": "XXXX"}[unit]


def _mod(m: re.Match, t: Table) -> str | None:
    """The mod of a pattern's ``mod`` group, if it matched."""
    word = m["mod"]
    return t.mods.get(_SPACES.sub(" ", word.lower())) if word else None


def _with_pod(value: str, pod: str | None, resolved: bool, t: Table) -> dict:
    """A day's value, a TIME with its part of the day if one is named, else a DATE."""
    if pod:
        return {"type": "TIME", "value": value + "T" + t.parts_of_day[_pod(pod)], "mod": None, "resolved": resolved}
    return {"type": "DATE", "value": value, "mod": None, "resolved": resolved}


def _resolve_date(kind: str, m: re.Match, base: _Base, t: Table) -> dict | None:
    """fulldate, numdate, dayparen, parendate, daymonth: a day of a month (and of a year, else the
    publication year), and a clock time or a part of the day where the kind has one."""
    month = t.months[m["mon"].lower().rstrip(".")] if kind in ("fulldate", "daymonth") else int(m["mo"])
    year, resolved = _year(None if kind == "daymonth" else m["y"], base)
    day = int(m["d"])
    if not _valid(year, month, day):
        return None
    value = f"{year}-{_pad(month, 2)}-{_pad(day, 2)}"
    if kind in ("fulldate", "numdate") and m["h"] and (timed := _time(m, value, t)):
        return {"type": "TIME", "value": timed, "mod": None, "resolved": resolved}
    return _with_pod(value, m["pod"] if kind == "dayparen" else None, resolved, t)


def _resolve_monthyear(kind: str, m: re.Match, base: _Base, t: Table) -> dict:
    return {"type": "DATE", "value": f"{m['y']}-{_pad(_month(m['mon'], t), 2)}", "mod": _mod(m, t), "resolved": False}


def _resolve_year(kind: str, m: re.Match, base: _Base, t: Table) -> dict:
    return {"type": "DATE", "value": m["y"], "mod": _mod(m, t), "resolved": False}


def _resolve_month(kind: str, m: re.Match, base: _Base, t: Table) -> dict:
    month, step = _month(m["mon"], t), (m["mstep"] or "").lower()
    year, _ = _year(None, base)
    if base.day and step == "lalu" and month > base.day.month:
        year = _pad(base.day.year - 1, 4)  # 'Agustus lalu' in April: last year's; 'Juni lalu' in June: this one
    elif base.day and step in ("depan", "mendatang") and month <= base.day.month:
        year = _pad(base.day.year + 1, 4)
    return {"type": "DATE", "value": f"{year}-{_pad(month, 2)}", "mod": _mod(m, t), "resolved": True}


def _resolve_clock(kind: str, m: re.Match, base: _Base, t: Table) -> dict | None:
    timed = _time(m, base.day.isoformat() if base.day else "XXXX-XX-XX", t)
    return {"type": "TIME", "value": timed, "mod": _mod(m, t), "resolved": True} if timed else None


def _resolve_vague(kind: str, m: re.Match, base: _Base, t: Table) -> dict:
    return {"type": "DURATION", "value": t.vague[m["vague"].lower()], "mod": None, "resolved": False}


def _resolve_present(kind: str, m: re.Match, base: _Base, t: Table) -> dict:
    return {"type": "DATE", "value": "PRESENT_REF", "mod": None, "resolved": True}


def _resolve_period(kind: str, m: re.Match, base: _Base, t: Table) -> dict:
    year, resolved = _year(m["y"], base)
    return {"type": "DATE", "value": f"{year}-{t.periods[m['period'].lower()]}{t.ordinals[m['q'].lower()]}",
            "mod": None, "resolved": resolved}


def _resolve_weekend(kind: str, m: re.Match, base: _Base, t: Table) -> dict:
    step = t.relative_steps.get((m["step"] or "ini").lower(), 0)
    value = _shift(base.day, "pekan", step) + "-WE" if base.day else "XXXX-WXX-WE"
    return {"type": "DATE", "value": value, "mod": None, "resolved": True}


def _resolve_year_step(kind: str, m: re.Match, base: _Base, t: Table) -> dict:
    """monthrel ('Februari tahun lalu'), yearedge ('akhir tahun ini')."""
    step = t.relative_steps.get((m["step"] or "ini").lower(), 0)
    year = _pad(base.day.year + step, 4) if base.day else "XXXX"
    if kind == "monthrel":
        return {"type": "DATE", "value": f"{year}-{_pad(_month(m['mon'], t), 2)}", "mod": None, "resolved": True}
    return {"type": "DATE", "value": year, "mod": _mod(m, t), "resolved": True}


def _resolve_day(kind: str, m: re.Match, base: _Base, t: Table) -> dict:
    """dayname, daypod, dayrel: the named weekday on or before the publication day, or the step's."""
    weekday = t.days[m["dname"].lower()]
    if base.day:
        day = _on_or_before(base.day, weekday)
        step = (m["step"] or "").lower() if kind == "dayrel" else ""
        if step in ("lalu", "kemarin") and day == base.day:
            day -= timedelta(days=7)
        elif step == "depan":
            day = base.day + timedelta(days=(weekday - base.day.isoweekday()) % 7 or 7)
        value = day.isoformat()
    else:
        value = f"XXXX-WXX-{weekday}"
    return _with_pod(value, m["pod"] if kind == "daypod" else None, True, t)


def _resolve_relative_day(kind: str, m: re.Match, base: _Base, t: Table) -> dict:
    """reldays ('kemarin malam'), podrel ('tadi pagi', 'semalam')."""
    if kind == "reldays":
        offset = t.relative_days[_SPACES.sub(" ", m["rel"].lower())]
        pod = m["pod"]
    else:
        offset, pod = (-1, "malam") if m.group().lower() == "semalam" else (0, m["pod"] or m["pod2"])
    value = (base.day + timedelta(days=offset)).isoformat() if base.day else "XXXX-XX-XX"
    return _with_pod(value, pod, True, t)


def _resolve_relunit(kind: str, m: re.Match, base: _Base, t: Table) -> dict:
    unit, step = m["unit"].lower(), t.relative_steps[m["step"].lower()]
    value = _shift(base.day, unit, step) if base.day else _unknown(unit)
    return {"type": "DATE", "value": value, "mod": None, "resolved": True}


def _resolve_ago(kind: str, m: re.Match, base: _Base, t: Table) -> dict | None:
    n, unit = _number(m["n"], t), m["unit"].lower()
    if not isinstance(n, float | int) or unit not in ("hari", "pekan", "minggu", "bulan", "tahun"):
        return None
    value = _shift(base.day, unit, -int(n)) if base.day else _unknown(unit)
    return {"type": "DATE", "value": value, "mod": None, "resolved": True}


def _resolve_duration(kind: str, m: re.Match, base: _Base, t: Table) -> dict | None:
    unit = (m["unit"] or m["seunit"]).lower()
    n = _number(m["n"], t) if m["n"] else 1
    designator, is_time, factor = t.units[unit]
    if n is None:
        return None
    amount = "X" if isinstance(n, str) else _fmt(n * factor)
    return {"type": "DURATION", "value": f"P{'T' if is_time else ''}{amount}{designator}", "mod": _mod(m, t),
            "resolved": bool(m["edge"])}  # '24 jam terakhir' ends at the publication time


def _resolve_set(kind: str, m: re.Match, base: _Base, t: Table) -> dict | None:
    if m["adj"]:
        return {"type": "SET", "value": t.sets[m["adj"].lower()], "mod": None, "resolved": False}
    if m["unit"]:
        n = _number(m["n"], t)
        if not isinstance(n, float | int):
            return None
        designator, is_time, factor = t.units[m["unit"].lower()]
        return {"type": "SET", "value": f"P{'T' if is_time else ''}{_fmt(n * factor)}{designator}", "mod": None,
                "resolved": False}
    what = m["what"].lower()
    if what in t.days:
        value = f"XXXX-WXX-{t.days[what]}"
    elif what in t.parts_of_day:
        value = f"XXXX-XX-XXT{t.parts_of_day[what]}"
    else:
        value = {"hari": "P1D", "pekan": "P1W", "minggu": "P1W", "bulan": "P1M", "tahun": "P1Y"}[what]
    return {"type": "SET", "value": value, "mod": None, "resolved": False}


_DATE_KINDS: Final = ("fulldate", "numdate", "dayparen", "parendate", "daymonth")
_DAY_KINDS: Final = ("dayname", "daypod", "dayrel")
_RESOLVERS: Final = {
    **dict.fromkeys(_DATE_KINDS, _resolve_date),
    "monthyear": _resolve_monthyear, "year": _resolve_year, "month": _resolve_month, "clock": _resolve_clock,
    "vague": _resolve_vague, "present": _resolve_present, "period": _resolve_period, "weekend": _resolve_weekend,
    "monthrel": _resolve_year_step, "yearedge": _resolve_year_step,
    **dict.fromkeys(_DAY_KINDS, _resolve_day),
    "reldays": _resolve_relative_day, "podrel": _resolve_relative_day, "relunit": _resolve_relunit,
    "ago": _resolve_ago, "duration": _resolve_duration, "set": _resolve_set,
}


def _resolve(kind: str, m: re.Match, base: _Base, t: Table) -> dict | None:
    """type, value, mod and whether the publication time was needed; None when it is no time. One function
    per kind (or family of kinds), each reading only the groups its pattern has: ``_RESOLVERS`` written
    out, so that the compiled module calls each directly (a call through the table goes through Python's
    calling convention, arguments parsed, at every match); tests/test_machine_layers.py compares the two."""
    if kind in _DATE_KINDS:
        return _resolve_date(kind, m, base, t)
    if kind in _DAY_KINDS:
        return _resolve_day(kind, m, base, t)
    if kind == "year":
        return _resolve_year(kind, m, base, t)
    if kind == "clock":
        return _resolve_clock(kind, m, base, t)
    if kind == "duration":
        return _resolve_duration(kind, m, base, t)
    if kind == "month":
        return _resolve_month(kind, m, base, t)
    if kind == "monthyear":
        return _resolve_monthyear(kind, m, base, t)
    if kind == "set":
        return _resolve_set(kind, m, base, t)
    if kind == "relunit":
        return _resolve_relunit(kind, m, base, t)
    if kind in ("reldays", "podrel"):
        return _resolve_relative_day(kind, m, base, t)
    if kind in ("monthrel", "yearedge"):
        return _resolve_year_step(kind, m, base, t)
    if kind == "ago":
        return _resolve_ago(kind, m, base, t)
    if kind == "weekend":
        return _resolve_weekend(kind, m, base, t)
    if kind == "present":
        return _resolve_present(kind, m, base, t)
    if kind == "period":
        return _resolve_period(kind, m, base, t)
    if kind == "vague":
        return _resolve_vague(kind, m, base, t)
    raise KeyError(kind)


# --- candidates -----------------------------------------------------------------------

_NEEDS_CAPITAL: Final = {"dayname", "daypod", "dayrel", "month"}  # 'minggu' is a week, 'Minggu' a Sunday
_PRIORITY: Final = {kind: rank for rank, kind in enumerate(
    ("fulldate", "numdate", "dayparen", "monthyear", "monthrel", "daymonth", "period", "ago", "weekend", "yearedge",
     "relunit", "dayrel", "daypod", "reldays", "podrel", "present", "set", "duration", "vague", "year", "clock",
     "parendate", "month", "dayname"))}


def _previous_word(text: str, start: int, reach: int = 30) -> str:
    """The last run of word characters and hyphens before ``start`` and any spaces, lower case, as far back
    as ``reach`` characters: what searching ``([\\w-]+)\\s*$`` there finds (``_previous_word_searched``),
    read backwards from ``start`` instead of tried at each of the ``reach`` starts."""
    low = max(0, start - reach)
    end = start
    while end > low and text[end - 1].isspace():  # str.isspace is what \\s matches
        end -= 1
    begin = end
    while begin > low and (text[begin - 1].isalnum() or text[begin - 1] in "_-"):  # \\w, and '-'
        begin -= 1
    return text[begin:end].lower()


def _previous_word_searched(text: str, start: int, reach: int = 30) -> str:
    """``_previous_word`` by its definition (tests/test_machine_layers.py compares the two)."""
    m = re.search(r"([\w-]+)\s*$", text[max(0, start - reach):start])
    return m.group(1).lower() if m else ""


def _pod(word: str) -> str:
    """The table's key of a part of the day as printed ('dini  hari' → 'dini hari')."""
    return _SPACES.sub(" ", word.lower())


@cache
def _age_before() -> re.Pattern:
    """An age and its first unit just before ('berusia 5 tahun ' before '3 bulan')."""
    return re.compile(rf"\b{_alt(table().age_cues)}\s+[\w,]+\s+{_alt(table().units)}\s+$", re.IGNORECASE)


@cache
def _law_number() -> re.Pattern:
    # before '89 Tahun 2015' ('Nomor '), before 'Tahun 2015' ('Nomor 89 ') and before '2015' ('Nomor 89 Tahun ')
    return re.compile(rf"\b{_alt(table().law_number)}\.?\s+(?:\d+\s+(?:tahun\s+)?)?$", re.IGNORECASE)


def _acceptable(kind: str, m: re.Match, text: str, t: Table) -> bool:
    """Context checks no pattern can make cheaply: capitals, cue words, a clock that is a time."""
    if kind in _NEEDS_CAPITAL and not text[m.start("dname" if kind != "month" else "mon")].isupper():
        return False  # read off ``text``: ``m`` may be a match on its lower case
    start = m.start()
    if kind == "month":
        return bool(m["mod"] or m["mstep"]) or _previous_word(text, start) in t.month_cues
    if kind in ("duration", "ago", "vague"):
        word = _previous_word(text, start)
        if word in t.age_cues or _an_age_before(text, start, t):
            return False  # an age ('berusia 27 tahun', 'berusia 5 tahun 3 bulan'), not a time expression
        return kind != "duration" or not _a_law_number_before(text, start, word)
    if kind == "year":
        word = _previous_word(text, start)
        if not (m["t"] or m["mod"] or word in _year_cues()):
            return False
        return not _a_law_number_before(text, start, word)
    if kind == "clock":
        before = text[max(0, start - 6):start].lower()
        return bool(m["z"] or m["pukul"] or m["local"]) or before.rstrip().endswith("jam")
    return True


def _a_law_number_before(text: str, start: int, word: str) -> bool:
    """Does ``_law_number`` match before ``start`` ('Nomor 89 Tahun 2015': the number and year of a law's
    name)? ``word`` is ``_previous_word(text, start)``. Every match ends in spaces after a number, 'tahun',
    a cue or a cue's '.', so the word before those spaces ends in a digit, 'tahun' or a cue, or is empty
    (after the '.'); an ASCII word is read so only in lower case (another may match case-blind: the search
    decides), so most words rule the law out without the search. tests/test_machine_layers.py compares
    this with the search."""
    if word and word.isascii() and not (word[-1].isdigit() or word.endswith(_law_ends())):
        return False
    return _law_number().search(text, max(0, start - 24), start) is not None


@cache
def _law_ends() -> tuple[str, ...]:
    return (*(cue.lower() for cue in table().law_number), "tahun")


@cache
def _year_cues() -> frozenset[str]:
    return table().month_cues | {"tahun"}


def _an_age_before(text: str, start: int, t: Table) -> bool:
    """Does ``_age_before`` match before ``start``? Its match ends in a unit of time and spaces, which
    is then the previous word; an ASCII word is that unit only in lower case (a word with other
    characters may be one case-blind, 'harı': the search decides), so most words rule it out
    without the search."""
    word = _previous_word(text, start, 40)
    if word.isascii() and word not in t.units:
        return False
    return _age_before().search(text, max(0, start - 40), start) is not None


_TOKEN: Final = re.compile(r"\w+(?:['’-]\w+)*|\(")
_DIGIT_KINDS: Final = ("fulldate", "numdate", "daymonth", "year", "clock", "ago", "duration")
_NUMBER: Final = re.compile(r"(\d+)(.?)", re.DOTALL)


def _digit_kinds(text: str, at: int) -> tuple[str, ...]:
    """The patterns that can match at a number, by its digits and the character after them.

    Each test is a necessary condition read off the pattern's head (a day or hour has one or
    two digits, a year four starting 19 or 20, a count is followed by a space or a decimal
    comma), so no match is lost; it spares the seven patterns at every number of a page.
    """
    digits, after = _NUMBER.match(text, at).groups()  # type: ignore[union-attr]
    short = len(digits) <= 2
    kinds: list[str] = []
    if short and after.isspace():
        kinds += ("fulldate", "daymonth")
    if short and after in ("/", "-"):
        kinds.append("numdate")
    if short and after in (":", "."):
        kinds.append("clock")
    if len(digits) == 4 and digits[:2] in ("19", "20"):
        kinds.append("year")
    if after.isspace() or after == ",":
        kinds += ("ago", "duration")
    return tuple(kinds)


@cache
def _starts() -> tuple[tuple[frozenset[str], tuple[str, ...], str | None], ...]:
    """(words, kinds, guard): the kinds whose patterns may start at a token that is one of the words, and
    the name of the guard (``_guards``) every such match passes there, if there is one."""
    t = table()
    first = lambda words: frozenset(w.split()[0].lower() for w in words)  # noqa: E731 - a local shorthand
    return (
        (first(t.days), ("fulldate", "numdate", "dayparen", "daymonth", "daypod", "dayrel", "dayname"), None),
        (frozenset(m.lower() for m in t.months), ("monthyear", "monthrel", "month"), None),
        (first(t.mods), ("monthyear", "year", "duration", "clock", "month", "yearedge", "weekend"), "mod"),
        (frozenset({"pukul", "pkl"}), ("clock",), None),
        (frozenset(t.vague), ("vague",), None),
        (frozenset(t.periods), ("period",), None),
        (first(t.present), ("present",), None),
        (frozenset({"tahun"}), ("year", "relunit"), None),
        (frozenset({"pekan", "minggu", "bulan"}), ("relunit",), None),
        (first(t.numbers), ("ago", "duration"), "count"),
        (frozenset(f"se{unit}" for unit in t.units), ("duration",), None),
        (first(t.relative_days), ("reldays",), None),
        (first(t.parts_of_day) | {"tadi", "semalam"}, ("podrel",), None),
        (frozenset(c.lower() for c in t.set_cues) | frozenset(t.sets), ("set",), None),
        (frozenset({"("}), ("parendate",), None),
    )


@cache
def _triggers() -> dict[str, tuple[str, ...]]:
    """Which patterns may start at a token, by the token (lower case): one dictionary lookup per word.

    Trying each pattern only where its first word can stand keeps the cost of a page to a
    few hundred anchored matches instead of eighteen scans of every character.
    """
    starts: dict[str, set[str]] = {}
    for words, kinds, _ in _starts():
        for word in words:
            starts.setdefault(word, set()).update(kinds)
    return {word: tuple(kind for kind in _PRIORITY if kind in kinds) for word, kinds in starts.items()}


@cache
def _guards() -> dict[str, re.Pattern]:
    """Cheap necessary conditions, for the folded text, on the patterns a token may start.

    Each is a head of the patterns it guards (a prefix, or a prefix with alternatives added), so
    a match of one of them always passes its guard; a guard that fails at a token rules out all
    its kinds with one short match instead of a long one for each. Most modifier words are not
    followed by what they modify ('di' is only a modifier in 'di atas'), most numbers count no
    unit of time and are followed by no month.
    """
    t = table()
    mon, numbers, unit = _alt(t.months), _alt(t.numbers), _alt(t.units)
    guards = {
        # a modifier (the whole of it) and the first word or digit of each pattern it may begin: a month
        # (monthyear, month), 'tahun' or a year (year, yearedge), a number or 'se' + unit (duration),
        # 'pukul' or an hour (clock), 'pekan' (weekend)
        "mod": rf"{_alt(t.mods)}\s+(?:\d|pukul|pkl|tahun|pekan|se|{mon}|{numbers})",
        "count": rf"(?:\d+(?:,\d+)?|{numbers})\s+{unit}",  # ago, duration: a number and a unit
        "day month": rf"\d{{1,2}}\s+{mon}",  # fulldate, daymonth: a day and a month
    }
    return {name: re.compile(g.replace(r"\s", r"[^\S\n]")) for name, g in guards.items()}


_DIGIT_GUARDS: Final = {"fulldate": "day month", "daymonth": "day month", "ago": "count", "duration": "count"}

_Groups = tuple[tuple[re.Pattern | None, tuple[str, ...]], ...]


def _grouped(kinds_by_guard: dict[str | None, list[str]]) -> _Groups:
    guards = _guards()
    return tuple((guards[name] if name else None, tuple(kinds)) for name, kinds in kinds_by_guard.items())


@cache
def _guarded_triggers() -> dict[str, _Groups]:
    """``_triggers`` with each word's kinds grouped by their guard there (None: no guard); a kind that
    may start at a word for two reasons is guarded only if both give it the same guard."""
    guard_of: dict[tuple[str, str], str | None] = {}
    for words, kinds, guard in _starts():
        for word in words:
            for kind in kinds:
                key = (word, kind)
                guard_of[key] = guard if guard_of.get(key, guard) == guard else None
    out = {}
    for word, kinds in _triggers().items():
        by_guard: dict[str | None, list[str]] = {}
        for kind in kinds:
            by_guard.setdefault(guard_of[(word, kind)], []).append(kind)
        out[word] = _grouped(by_guard)
    return out


@cache
def _guarded_digit_kinds(kinds: tuple[str, ...]) -> _Groups:
    """``_digit_kinds``'s kinds grouped by their guard at a number (``_DIGIT_GUARDS``)."""
    by_guard: dict[str | None, list[str]] = {}
    for kind in kinds:
        by_guard.setdefault(_DIGIT_GUARDS.get(kind), []).append(kind)
    return _grouped(by_guard)


_DIGIT_GROUPS: Final[dict[tuple[bool, bool, str], _Groups]] = {}
_AFTER_NUMBER: Final = ("/", "-", ":", ".", ",")


def _digit_groups(text: str, at: int, word: str) -> _Groups:
    """``_guarded_digit_kinds(_digit_kinds(text, at))`` for the number token ``word`` at ``at``: the kinds
    depend only on whether the number is short (a day, an hour), whether it may be a year, and the kind of
    character after it, so the groups are kept by those three (a number followed by a joined word, '5-an',
    takes the definition)."""
    if not word.isdecimal():
        return _guarded_digit_kinds(_digit_kinds(text, at))
    end = at + len(word)
    after = text[end] if end < len(text) else ""
    key = (len(word) <= 2, len(word) == 4 and word[:2] in ("19", "20"),
           after if after in _AFTER_NUMBER else (" " if after.isspace() else ""))
    groups = _DIGIT_GROUPS.get(key)
    if groups is None:
        groups = _DIGIT_GROUPS[key] = _guarded_digit_kinds(_digit_kinds(text, at))
    return groups


@cache
def _trigger_automaton() -> Automaton:
    """The trigger words, '(' and the ten digits, for one pass over the lower-cased text."""
    assert all(len(word) > 1 for word in _triggers() if word != "("), "_triggered takes a one-letter word for '('"
    return Automaton((word, None) for word in sorted({*_triggers(), *"0123456789"}))


def _word_char(c: str) -> bool:
    return c.isalnum() or c == "_"  # what ``\w`` matches


def _token_starts_at(text: str, s: int) -> bool:
    """Does a token of ``_TOKEN`` start at ``s`` (a word character)? Not inside a word, nor after a
    word character and a joiner, which ``_TOKEN`` would have taken into the token before."""
    if s == 0:
        return True
    before = text[s - 1]
    if before.isalnum() or before == "_":
        return False
    return not (before in JOINERS and s >= 2 and _word_char(text[s - 2]))


def _token_ends_at(text: str, e: int) -> bool:
    if e == len(text):
        return True
    after = text[e]
    if after.isalnum() or after == "_":
        return False
    return not (after in JOINERS and e + 1 < len(text) and _word_char(text[e + 1]))


def _triggered(text: str, triggers: dict[str, tuple[str, ...]], lowered: str | None = None) -> list[tuple[str, int]]:
    """(lower-case token, start) of the tokens where a pattern may start: a trigger word, '(' or
    a token beginning with an ASCII digit (the patterns' numbers are ASCII in news text).

    The same tokens as walking ``_TOKEN.finditer`` and keeping those, but found by one
    Aho-Corasick pass over the lower-cased text (``lowered``, when the caller has it): a page
    has some 300 tokens and a few dozen triggers, and stepping through every token in Python
    was a third of this annotator's cost. Lower-casing keeps every character's class (checked
    over all of Unicode), so token bounds read off ``lowered`` are those of ``text``. Hits come
    in order of their ends, and the kept ones are whole tokens, which never overlap: the list is
    in order of starts as it is built. tests/test_machine_layers.py compares the two on every
    fixture and on generated text.
    """
    if lowered is None:
        lowered = text.lower()
    if len(lowered) != len(text):  # a character whose lower case is longer ('İ'): offsets would shift
        return _triggered_by_tokens(text, triggers)
    found: list[tuple[str, int]] = []
    automaton = _trigger_automaton()
    keys = automaton.keys
    for index, s, end in automaton.matches(lowered):
        word = keys[index]
        if s and ((before := lowered[s - 1]).isalnum() or before == "_" or (
                before in JOINERS and s >= 2 and _word_char(lowered[s - 2]))):
            if word != "(":
                continue  # not a token start (``_token_starts_at``, written out: most hits, the digits of a number)
        if len(word) > 1:
            if _token_ends_at(lowered, end):
                found.append((word, s))
        elif word == "(":
            found.append((word, s))
        else:  # a digit: the number's token
            found.append((_token_at(lowered, s), s))
    return found


def _token_at(text: str, s: int) -> str:
    """What ``_TOKEN`` matches at ``s``, a word character: word characters joined by single joiners, read
    character by character (a number is a few digits: cheaper than a match)."""
    size = len(text)
    e = s
    while True:
        while e < size and _word_char(text[e]):
            e += 1
        if e + 1 < size and text[e] in JOINERS and _word_char(text[e + 1]):
            e += 1
            continue
        return text[s:e]


def _triggered_by_tokens(text: str, triggers: dict[str, tuple[str, ...]]) -> list[tuple[str, int]]:
    """``_triggered`` by walking every token: the definition, and the way for texts whose lower case
    changes length."""
    out = []
    for token in _TOKEN.finditer(text):
        word = token.group().lower()
        if word in triggers or word[0] in "0123456789":
            out.append((word, token.start()))
    return out


def _matches_by_definition(text: str) -> Iterator[tuple[str, re.Match]]:
    """(kind, match) of every pattern that matches at a token that may start it: the case-blind
    patterns on the text as printed, every kind the token may start tried."""
    patterns, triggers = _patterns(), _triggers()
    for word, at in _triggered(text, triggers):
        kinds = triggers.get(word, ())
        if word[0].isdigit():
            kinds = _digit_kinds(text, at) + kinds
        for kind in kinds:
            m = patterns[kind].match(text, at)
            if m is not None:
                yield kind, m


def _matches_folded(text: str, folded: str) -> list[tuple[str, re.Match]]:
    """``_matches_by_definition`` on ``folded``, the lower-cased ``text``, where ``_folds_exactly``: the
    folded patterns, and only the kinds whose guard passes (the same matches, cheaper; the offsets are
    those of ``text``; a list, not a generator: no frame resumed per match). tests/test_machine_layers.py
    compares the two."""
    patterns, guarded = _folded_patterns(), _guarded_triggers()
    found: list[tuple[str, re.Match]] = []
    for word, at in _triggered(text, _triggers(), folded):
        groups = _digit_groups(folded, at, word) if word[0].isdigit() else guarded[word]
        for guard, kinds in groups:
            if guard is not None and guard.match(folded, at) is None:
                continue
            for kind in kinds:
                m = patterns[kind].match(folded, at)
                if m is not None:
                    found.append((kind, m))
    return found


def _matches(text: str, folded: str | None = None) -> list[tuple[str, re.Match]]:
    """Every pattern's matches in ``text``; ``folded`` is its lower case if the caller has it."""
    if folded is None:
        folded = text.lower()
    return _matches_folded(text, folded) if _folds_exactly(text, folded) else list(_matches_by_definition(text))


def _joined_segments(doc: Document) -> tuple[str, list[int], str]:
    """The segments' texts joined by line breaks (one pass for all; no pattern crosses a line break), the
    offset of each segment in it, and the segments' lower case joined the same way.

    Each segment is lower-cased alone: most are ASCII, which ``str.lower`` does in a fast loop, while one
    typographic dash or quotation mark sends a whole text through the per-character Unicode table (some
    twenty times the cost). Lower case is per character but for a capital sigma, which takes its form
    from its neighbours; no pattern or trigger has a Greek letter, and both forms are word characters,
    so the joined lower case matches where the lower-cased join would."""
    texts = [doc.text_of(segment) for segment in doc.segments]
    starts, where = [], 0
    for text in texts:
        starts.append(where)
        where += len(text) + 1
    return "\n".join(texts), starts, "\n".join([text.lower() for text in texts])


def _candidates(doc: Document, joined: str, starts: list[int], matches: list[tuple[str, re.Match]],
                base: _Base, t: Table) -> Iterator[_Found]:
    """Every pattern's matches in all segments (``matches`` in ``joined``) that pass their checks and
    resolve, at raw offsets."""
    for kind, m in matches:
        if not _acceptable(kind, m, joined, t):
            continue
        fields = _resolve(kind, m, base, t)
        if fields is None:
            continue
        start, end = m.span()
        while end > start and joined[end - 1] in " ,.-–—|":  # a separator left by an optional part
            end -= 1
        index = bisect_right(starts, start) - 1
        shift = doc.segments[index].raw_start - starts[index]
        yield _Found(start + shift, end + shift, kind, fields)


def _select(found: list[_Found]) -> list[_Found]:
    """Longest first (ties: the more specific pattern); a character belongs to one expression."""
    chosen: list[_Found] = []
    starts: list[int] = []  # of the chosen, sorted; chosen spans never overlap
    ends: list[int] = []
    for f in sorted(found, key=lambda f: (f.start - f.end, _PRIORITY[f.kind], f.start)):
        k = bisect_right(starts, f.start)
        if (k and ends[k - 1] > f.start) or (k < len(starts) and starts[k] < f.end):
            continue
        starts.insert(k, f.start)
        ends.insert(k, f.end)
        chosen.insert(k, f)
    return chosen


_DAY_VALUE: Final = re.compile(r"^[0-9X]{4}-[0-9X]{2}-[0-9X]{2}(?:T(?:MO|MI|AF|EV|NI))?$")


def _joined(found: list[_Found], raw: str) -> list[_Found]:
    """A date (or a day's part) directly followed by a clock time is one TIME: 'Kamis (26/6) pukul 09.00 WIB'."""
    out: list[_Found] = []
    for f in found:
        last = out[-1] if out else None
        if (last and f.kind == "clock" and _DAY_VALUE.match(last.fields["value"])
                and raw[last.end:f.start] in (" ", ", ", " - ", ", pukul ")):
            day = last.fields["value"][:10]
            clock = f.fields["value"][f.fields["value"].index("T"):]
            fields = {"type": "TIME", "value": day + clock, "mod": f.fields["mod"], "resolved": last.fields["resolved"]}
            out[-1] = _Found(last.start, f.end, "fulldate", fields)
            continue
        if (last and last.kind == f.kind == "duration" and raw[last.end:f.start] == " " and not f.fields["mod"]
                and (value := _sum_of(last.fields["value"], f.fields["value"]))):
            resolved = last.fields["resolved"] or f.fields["resolved"]
            out[-1] = _Found(last.start, f.end, "duration", {**last.fields, "value": value, "resolved": resolved})
            continue
        out.append(f)
    return out


def _sum_of(first: str, second: str) -> str | None:
    """'delapan tahun enam bulan': P8Y + P6M = P8Y6M; None unless the second unit is smaller than the first."""
    a, b = first[1:], second[1:]  # without 'P'
    if "X" in a + b or "." in a + b:
        return None
    if "T" in a and b.startswith("T"):
        b = b[1:]
    last_a = ("T" if "T" in a else "") + a[-1]
    first_b = ("T" if b.startswith("T") or "T" in a else "") + next(c for c in b if c.isalpha() and c != "T")
    order = ["Y", "M", "W", "D", "TH", "TM", "TS"]
    if last_a not in order or first_b not in order or order.index(first_b) <= order.index(last_a):
        return None
    return "P" + a + b


def _dateline(doc: Document, starts: list[int], matches: list[tuple[str, re.Match]], t: Table
              ) -> tuple[tuple[int, int] | None, str | None]:
    """The span and value of the document's dateline expression (its publication time), if any: in the
    first dateline segment that has one, the leftmost full date, else the leftmost numeric date, if it is
    a whole date. Read off the matches of all segments (``matches``): those in a dateline segment are
    the ones matching in the segment alone would find, as no pattern crosses a line break."""
    for index, segment in enumerate(doc.segments):
        if segment.zone != "dateline":
            continue
        low, high = starts[index], starts[index] + segment.raw_end - segment.raw_start
        for kind in ("fulldate", "numdate"):
            m = next((m for k, m in matches if k == kind and low <= m.start() < high), None)  # in order of starts
            if m:
                fields = _resolve(kind, m, _Base(None), t)
                if fields and "X" not in fields["value"]:
                    shift = segment.raw_start - low
                    return (m.start() + shift, m.end() + shift), fields["value"]
    return None, None


def annotate(doc: Document) -> list[dict]:
    """Gold-shaped timex rows of ``doc``, ids in order of appearance."""
    joined, starts, folded = _joined_segments(doc)
    matches = _matches(joined, folded)
    t = table()
    dateline_span, dateline_value = _dateline(doc, starts, matches, t)
    base = _base(dateline_value or doc.published)
    found = list(_candidates(doc, joined, starts, matches, base, t))
    rows: list[dict] = []
    dateline_id = None
    selected = _joined(_select(found), doc.raw_text)
    for n, f in enumerate(selected, start=1):
        if dateline_span and dateline_id is None and f.start >= dateline_span[0] and f.end <= dateline_span[1] + 1:
            dateline_id = f"t{n}"
    for n, f in enumerate(selected, start=1):
        row_id = f"t{n}"
        anchor = dateline_id if f.fields["resolved"] and dateline_id and row_id != dateline_id else None
        rows.append({"id": row_id, "type": f.fields["type"], "value": f.fields["value"], "mod": f.fields["mod"],
                     "anchor": anchor, **span(doc, f.start, f.end)})
    return rows
