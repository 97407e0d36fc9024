"""Publication time from dateline segments, as ISO 8601 with the printed time zone.

A table of Indonesian (and English) month and zone names does the common cases exactly;
dateparser handles the rest. Neither may consult the machine clock: every part of the
date must be printed on the page (dateparser gets REQUIRE_PARTS and a fixed base).
"""

from __future__ import annotations

import re
from datetime import date, datetime
from functools import cache

from warta.curation.rules import Rules, load_rules

_FIXED_BASE = datetime(2000, 1, 1)  # never used for a printed date: REQUIRE_PARTS forbids it
_UPDATED = re.compile(r"(?i)\s*(?:diperbarui|updated|update|pembaruan)\b")


@cache
def _pattern(rules: Rules) -> re.Pattern:
    days = "|".join(re.escape(d) for d in sorted(rules.lexicon["days"], key=len, reverse=True))
    months = "|".join(re.escape(m) for m in sorted(rules.months(), key=len, reverse=True))
    zones = "|".join(sorted(rules.timezones(), key=len, reverse=True))
    return re.compile(
        rf"(?:(?:{days})\s*,?\s*)?"
        rf"(?:(?P<day>\d{{1,2}})\s+(?P<month>{months})\.?,?\s+(?P<year>\d{{4}})"
        rf"|(?P<nday>\d{{1,2}})[/.-](?P<nmonth>\d{{1,2}})[/.-](?P<nyear>\d{{4}}))"
        rf"(?:\s*[,|/–—-]?\s*(?:(?:pukul|pkl\.?|jam)\s*)?(?P<hour>\d{{1,2}})[:.](?P<minute>\d{{2}})"
        rf"(?:[:.](?P<second>\d{{2}}))?(?:\s*(?P<tz>{zones})\b)?)?",
        re.IGNORECASE | re.ASCII,  # ASCII: 'İ' or 'ſ' must not match a month name the table cannot look up
    )


def _from_table(text: str, rules: Rules) -> str | None:
    for m in _pattern(rules).finditer(text):
        try:
            if m["day"]:
                day = date(int(m["year"]), rules.months()[m["month"].lower()], int(m["day"]))
            else:
                day = date(int(m["nyear"]), int(m["nmonth"]), int(m["nday"]))
        except ValueError:
            continue  # 31 Februari: not a date, try the next candidate
        if m["hour"] and m["tz"]:
            try:
                stamp = datetime(day.year, day.month, day.day, int(m["hour"]), int(m["minute"]),
                                 int(m["second"] or 0))
            except ValueError:
                return day.isoformat()
            return stamp.isoformat() + rules.timezones()[m["tz"].upper()]
        return day.isoformat()  # a time without a printed zone is not an instant
    return None


def _from_dateparser(text: str) -> str | None:
    import dateparser  # slow to import: only when the table had no answer

    parsed = dateparser.parse(
        text, languages=["id", "en"],
        settings={"RELATIVE_BASE": _FIXED_BASE, "REQUIRE_PARTS": ["day", "month", "year"],
                  "RETURN_AS_TIMEZONE_AWARE": False, "DATE_ORDER": "DMY",  # Indonesian order, as the table
                  # printed dates only: 'kemarin' or '2 hari yang lalu' would be computed from the base
                  "PARSERS": ["custom-formats", "absolute-time"]},
    )
    return parsed.date().isoformat() if parsed else None


def parse_published(dateline_texts: list[str], rules: Rules | None = None) -> str | None:
    """ISO 8601 publication time from the page's dateline segments, or None if none parses."""
    rules = rules or load_rules()
    # an update time is not the publication time when another date line is printed
    published = [t for t in dateline_texts if not _UPDATED.match(t) and any(ch.isdigit() for ch in t)]
    if published and len(published) < len(dateline_texts):
        dateline_texts = published
    if not dateline_texts:
        return None
    joined = " | ".join(dateline_texts)
    found = _from_table(joined, rules)
    if found:
        return found
    for text in dateline_texts:
        if any(ch.isdigit() for ch in text):
            found = _from_dateparser(text)
            if found:
                return found
    return None
