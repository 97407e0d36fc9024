"""The compiled schema verdict is jsonschema's, on a catalogue of sound and broken records.

``schema_problems`` and ``entry_problems`` trust the compiled validator (jsonschema-rs)
when it calls a record valid and let jsonschema, the reference, speak otherwise. That is
sound only while the two verdicts agree, so here they are compared on every released row,
registry line and gold file, and on thousands of records broken from them field by field
(deleted, null, every other JSON type, strings just outside a pattern or a format, an
unknown field, an extra list item), under every schema in schema/, formats on and off.
"""

from __future__ import annotations

import copy
import decimal
import enum
import json
import subprocess
import sys
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from warta.intake import registry
from warta.release import schemas
from warta.release.configs import CONFIGS

ROOT = Path(__file__).resolve().parents[1]
NAMES = schemas.schema_names()
_DELETE = object()

# what a field is set to whatever it held: every JSON type, and numbers at the edges
REPLACEMENTS = [None, True, False, 0, -1, 1, 1.0, 1.5, 2**70, -(2**70), "", "x", [], {}, ["x"], {"x": 1}]
# strings on both sides of the formats the schemas use, where checkers tend to differ
FORMAT_STRINGS = [
    "2024-03-05T10:00:00+07:00", "2024-03-05T10:00:00Z", "2024-03-05t10:00:00z", "2024-03-05T10:00:00.5+08:00",
    "2024-03-05T10:00:00Z\n", "2024-03-05T10:00:00", "2024-03-05 10:00:00+07:00", "2024-02-30T10:00:00Z",
    "2024-02-29T23:59:59Z", "2023-02-29T10:00:00Z", "2024-03-05T24:00:00Z", "2024-03-05T23:59:60Z",
    "0000-03-05T10:00:00Z", "2024-03-05T10:00:00+24:00", "２０２４-03-05T10:00:00Z", "2024-03-05T10:00Z",
    "2024-03-05", "2024-02-29", "2023-02-29", "2024-13-01", "2024-00-10", "2024-3-5", "20240305", "2024-W10-2",
    "2024-03-05\n", "٢٠٢٤-03-05", "0000-01-01", "2024-03-05T10:00:00+07:00 ",
    "https://example.org/berita/1", "http://example.org", "https://example.org/a b", "example.org/berita",
    "//example.org/berita", "mailto:redaksi@example.org", "urn:isbn:0451450523", "https://example.org/%zz",
    "https://example.org/\n", "https://[::1]/", "https://example.org/é", "http://", "https:", "a:b", "1http://x",
]
# the registry lines of tests/test_bad_input.py, as entries (changes to the first line)
BAD_INPUT_CHANGES = [
    {"raw_file": "../sources.jsonl"}, {"raw_file": "escape.txt"}, {"id": "eb89c155b02eb356"}, {"id": "a/b"},
    {"id": "x..y"}, {"id": "Berita-01"}, {"id": "berita 01"}, {"id": "berita\n"}, {"extra": 1},
]


class _Zone(enum.Enum):
    BODY = "body"


# values jsonschema-rs reads otherwise than jsonschema, or not at all: the guard sends them on
NOT_PLAIN = [(1, 2), ("body",), decimal.Decimal("3"), _Zone.BODY, float("nan"), float("inf"),
             type("Sub", (str,), {})("body"), type("Sub", (list,), {})(), b"body"]
# values jsonschema-rs reads only where a keyword needs them, and then refuses (ValueError)
UNREADABLE = [{1: "x"}, "\ud800", {"\ud800": "x"}, ["\ud800"]]


def _string_variants(value: str) -> list[str]:
    """Strings just outside (and inside) the schemas' patterns around ``value``."""
    return [value + "\n", "\n" + value, value + " ", value.upper(), value + "é", value + "٣", "٣" + value,
            "../" + value, value + "/x", value + "..", value[:-1], value + value, value + "x" * 64, ".", "..",
            "a" * 64, "a" * 65, "f" * 64, "F" * 64, "s001", "s01", "e7", "q7", "t7", "v7", "gold", "x@1", "x@a",
            "a__b", "_a", "a_b"]


def _trim(value: object) -> object:
    """Every list cut to its first item: a record of the same shape that jsonschema checks quickly."""
    if isinstance(value, dict):
        return {key: _trim(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_trim(item) for item in value[:1]]
    return value


def _nodes(value: object, path: tuple = ()) -> Iterator[tuple[tuple, object]]:
    yield path, value
    children = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
    for key, child in children:
        yield from _nodes(child, (*path, key))


def _replaced(record: object, path: tuple, new: object) -> object:
    """A copy of ``record`` with the node at ``path`` set to ``new`` (removed for ``_DELETE``)."""
    if not path:
        return new
    head, rest = path[0], path[1:]
    out = copy.copy(record)
    if rest:
        out[head] = _replaced(record[head], rest, new)
    elif new is _DELETE:
        del out[head]
    else:
        out[head] = new
    return out


@cache
def _formatted_fields() -> frozenset[str]:
    """Names of the properties that carry a format in some schema: where format strings go."""
    def walk(node: object) -> Iterator[str]:
        if isinstance(node, list):
            for item in node:
                yield from walk(item)
        elif isinstance(node, dict):
            for key, sub in (node.get("properties") or {}).items():
                own = {word: value for word, value in sub.items() if word not in ("properties", "items")}
                if '"format"' in json.dumps(own):
                    yield key
            for value in node.values():
                yield from walk(value)

    return frozenset(key for name in NAMES for key in walk(schemas.load_schema(name)))


def _replacements(path: tuple, value: object) -> list:
    out = list(REPLACEMENTS)
    if isinstance(value, str):
        out += _string_variants(value)
    if path and path[-1] in _formatted_fields():
        out += FORMAT_STRINGS
    if type(value) is int:
        out += [value - 1, value + 1, float(value)]
    return out


def _mutants(record: object) -> Iterator[tuple[str, object]]:
    """``record`` broken one node at a time, each with a line saying how."""
    for path, value in _nodes(record):
        where = "".join(f"[{part!r}]" for part in path) or "(record)"
        if path:
            yield f"{where} deleted", _replaced(record, path, _DELETE)
        for new in _replacements(path, value):
            yield f"{where} = {new!r:.60}", _replaced(record, path, new)
        if isinstance(value, dict):
            yield f"{where} + unknown field", _replaced(record, path, {**value, "extra": 1})
        if isinstance(value, list):
            for item in (None, "x", 1, {}, []):
                yield f"{where} + item {item!r}", _replaced(record, path, [*value, item])


@cache
def _sound() -> tuple[tuple[str, str, object], ...]:
    """(schema, label, record) for every released row, registry line, gold file and zone."""
    schema_of = {config.name: config.schema for config in CONFIGS}
    out = []
    for path in sorted((ROOT / "dataset/data").glob("*/test-*.parquet")):
        for number, row in enumerate(pq.read_table(path).to_pylist()):
            out.append((schema_of[path.parent.name], f"{path.parent.name} row {number}", row))
    for number, line in enumerate((ROOT / "dataset/sources.jsonl").read_text(encoding="utf-8").splitlines(), 1):
        out.append(("source", f"registry line {number}", json.loads(line)))
    for path in sorted((ROOT / "dataset/annotations").glob("*.json")):
        out.append(("annotation", path.name, json.loads(path.read_text(encoding="utf-8"))))
    for zone in schemas.load_inventory("zones")["zones"]:
        out.append(("zone", f"zone {zone['name']}", zone["name"]))
    return tuple(out)


@cache
def _broken() -> dict[str, tuple[tuple[str, object], ...]]:
    """Per schema: the mutants of its fullest sound record (trimmed), and the bad-input lines."""
    out: dict[str, list[tuple[str, object]]] = {name: [] for name in NAMES}
    for name in NAMES:
        records = [(label, _trim(record)) for schema, label, record in _sound() if schema == name]
        label, record = max(records, key=lambda item: sum(1 for _ in _nodes(item[1])))
        out[name] += [(f"{label}: {how}", mutant) for how, mutant in _mutants(record)]
    first = next(record for schema, _, record in _sound() if schema == "source")
    out["source"] += [(f"bad input {change}", {**first, **change}) for change in BAD_INPUT_CHANGES]
    out["source"] += [("bad input: no sha256", {k: v for k, v in first.items() if k != "sha256"}),
                      ("bad input: a list", [1, 2])]
    return {name: tuple(items) for name, items in out.items()}


def _reference(name: str, record: object, formats: bool) -> bool:
    """jsonschema's verdict: no error at all (the first one settles it)."""
    return next(schemas.validator(name, formats).iter_errors(record), None) is None


@cache
def _catalogue(name: str, formats: bool) -> tuple[tuple[str, object, bool], ...]:
    """(label, record, jsonschema's verdict) for every sound record and the mutants of ``name``'s."""
    records = [(f"{label} ({schema} record)", record) for schema, label, record in _sound()]
    records += list(_broken()[name])
    return tuple((label, record, _reference(name, record, formats)) for label, record in records)


def _disagreements(name: str, formats: bool) -> list[str]:
    """Records of the catalogue on which the compiled verdict is not jsonschema's."""
    wrong = []
    for label, record, reference in _catalogue(name, formats):
        fast = schemas.compiled_verdict(name, record, formats=formats)
        if fast is not reference:
            wrong.append(f"{label}: compiled {fast}, jsonschema {reference}")
    return wrong


@pytest.mark.parametrize("formats", [True, False], ids=["formats", "structure"])
@pytest.mark.parametrize("name", NAMES)
def test_compiled_verdict_is_jsonschemas(name: str, formats: bool) -> None:
    wrong = _disagreements(name, formats)
    assert not wrong, f"{len(wrong)} disagreements under {name}:\n" + "\n".join(wrong[:20])


def test_catalogue_holds_both_verdicts_and_format_cases() -> None:
    """Each schema's catalogue has sound and broken records, and some broken only by a format."""
    for name in NAMES:
        assert {reference for _, _, reference in _catalogue(name, True)} == {True, False}, name
    by_format = [label for name in NAMES for (label, _, with_formats), (_, _, without)
                 in zip(_catalogue(name, True), _catalogue(name, False), strict=True)
                 if without and not with_formats]
    assert len(by_format) > 20, by_format


def test_a_fast_path_that_ignores_formats_is_caught(monkeypatch) -> None:
    compiled = schemas._compiled
    monkeypatch.setattr(schemas, "_compiled", lambda name, formats: compiled(name, False))
    wrong = [line for name in ("document", "source", "annotation") for line in _disagreements(name, True)]
    for field in ("['url']", "['retrieved']", "['published']"):
        assert any(field in line for line in wrong), field


def _document() -> dict:
    return next(record for schema, _, record in _sound() if schema == "document")


def _entry() -> dict:
    return next(record for schema, _, record in _sound() if schema == "source")


def _read_otherwise() -> list[tuple[str, object]]:
    """Records jsonschema refuses that jsonschema-rs, reading Python values its own way, would pass."""
    document = _trim(_document())
    segment = {**document["segments"][0], "raw_start": decimal.Decimal(3)}
    return [("document", {**document, "authors": ("Rina",)}), ("document", {**document, "segments": [segment]}),
            ("source", {**_entry(), "outlet": _Zone.BODY})]


def test_a_fast_path_without_the_plain_json_guard_is_caught(monkeypatch) -> None:
    for name, record in _read_otherwise():
        assert not _reference(name, record, True)
        assert schemas.compiled_verdict(name, record) is None
    monkeypatch.setattr(schemas, "_plain_json", lambda value: True)
    assert all(schemas.compiled_verdict(name, record) for name, record in _read_otherwise())


def _placed(value: object) -> list[tuple[str, object]]:
    """``value`` where a string, a list or a zone is expected (and, a string, as a field name)."""
    entry = _entry()
    placed = [("source", {**entry, "outlet": value}), ("source", {**entry, "url": [value]}),
              ("document", {**_trim(_document()), "authors": [value]}), ("zone", value)]
    if isinstance(value, str):
        placed.append(("source", {**entry, value: 1}))
    return placed


def _same_problems(name: str, record: object) -> None:
    assert schemas.conforms(name, record) is _reference(name, record, True)
    reference = sorted(e.message for e in schemas.validator(name).iter_errors(record))
    assert sorted(p.message for p in schemas.schema_problems(name, record, file="f")) == reference


@pytest.mark.parametrize("value", NOT_PLAIN, ids=repr)
def test_values_outside_plain_json_go_to_jsonschema(value: object) -> None:
    for name, record in _placed(value):
        assert schemas.compiled_verdict(name, record) is None
        _same_problems(name, record)


@pytest.mark.parametrize("value", UNREADABLE, ids=repr)
def test_values_jsonschema_rs_cannot_read_go_to_jsonschema(value: object) -> None:
    for name, record in _placed(value):
        assert schemas.compiled_verdict(name, record) in (None, _reference(name, record, True))
        _same_problems(name, record)


@pytest.mark.parametrize("text", FORMAT_STRINGS + ["", "\n", "T", "2024-03-05T10:00:00+07:00\n"])
def test_format_checks_are_jsonschemas(text: str) -> None:
    checker = schemas.validator("document").format_checker
    for name, check in schemas._format_checks().items():
        assert check(text) is checker.conforms(text, name), (name, text)


_DATETIME_ALPHABET = "0123456789-:+.TtZz Wé٣\n"


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(_DATETIME_ALPHABET, max_size=30),
                 st.from_regex(r"[0-9]{4}-[0-9]{2}-[0-9]{2}([Tt][0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?"
                               r"([Zz]|[+-][0-9]{2}:[0-9]{2}))?\n?", fullmatch=True),
                 st.from_regex(r"[a-z][a-z0-9+.-]{0,6}:(//[a-z0-9.@:\[\]%-]{0,12})?[/a-z0-9 ?#%é-]{0,12}",
                               fullmatch=True)))
def test_format_checks_agree_on_generated_strings(text: str) -> None:
    checker = schemas.validator("document").format_checker
    for name, check in schemas._format_checks().items():
        assert check(text) is checker.conforms(text, name), (name, text)


def test_entry_problems_fast_path_says_what_the_full_checks_say(monkeypatch) -> None:
    """Same problems, word for word, with and without the compiled verdict's shortcut."""
    entries = [(label, record) for schema, label, record in _sound() if schema == "source"]
    entries += list(_broken()["source"])
    fast = [[p.one_line() for p in registry.entry_problems(e, file="f", where="w")] for _, e in entries]
    monkeypatch.setattr(registry, "compiled_verdict", lambda *args, **kwargs: None)
    slow = [[p.one_line() for p in registry.entry_problems(e, file="f", where="w")] for _, e in entries]
    assert fast == slow
    assert sum(not problems for problems in fast) >= 2 and sum(bool(problems) for problems in fast) > 100


def test_a_sound_record_is_checked_without_importing_jsonschema() -> None:
    """jsonschema's import costs a second (its format checker compiles grammars); sound input skips it."""
    entry = _entry()
    code = (
        "import json, sys\n"
        "from warta.intake.registry import entry_problems\n"
        "from warta.release.schemas import schema_problems\n"
        f"entry = json.loads({json.dumps(json.dumps(entry))})\n"
        "assert entry_problems(entry, file='f', where='w') == []\n"
        "assert schema_problems('source', entry, file='f') == []\n"
        "assert 'jsonschema' not in sys.modules, 'jsonschema was imported'\n"
        "assert schema_problems('source', dict(entry, retrieved='2024-13-01'), file='f')\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert run.returncode == 0, run.stderr
