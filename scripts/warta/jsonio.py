"""Reading JSON that people and tools hand us, without ever raising anything but our error.

``json.loads`` silently keeps the last of two equal keys, recurses without limit and
refuses very long integers with a bare ValueError; every file the toolkit reads (registry,
gold and pass files, the adjudication log, the manifest) goes through here instead.
"""

from __future__ import annotations

import json

from warta.errors import WartaError


class _Fraction(ValueError):
    def __init__(self, literal: str) -> None:
        super().__init__(literal)
        self.literal = literal


def _no_fractions(literal: str) -> float:
    """Warta's files hold whole numbers only (offsets, counts); ``7.0`` passes a schema's
    "integer" yet breaks slicing, so a number written with a fraction or exponent is refused."""
    raise _Fraction(literal)


def _lone_surrogate(value: object) -> str | None:
    """A string (or key) holding a lone UTF-16 surrogate (``"\\ud800"``): not a character at all."""
    if isinstance(value, str):
        return value if any("\ud800" <= c <= "\udfff" for c in value) else None
    if isinstance(value, dict):
        return next((bad for k, v in value.items() for bad in (_lone_surrogate(k), _lone_surrogate(v)) if bad), None)
    if isinstance(value, list):
        return next((bad for v in value if (bad := _lone_surrogate(v))), None)
    return None


class _DuplicateKey(ValueError):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _no_duplicate_keys(pairs: list[tuple[str, object]]) -> dict:
    out: dict = {}
    for key, value in pairs:
        if key in out:
            raise _DuplicateKey(key)
        out[key] = value
    return out


def parse_json(text: str, *, fractions: bool = False) -> tuple[object, str | None]:
    """The JSON value of ``text``, or None and what is wrong with it (never an exception).

    ``fractions``: accept numbers with a fraction, for another program's files (a Label Studio
    export's timings) whose numbers Warta does not keep.
    """
    try:
        value = json.loads(text, object_pairs_hook=_no_duplicate_keys,
                           parse_float=float if fractions else _no_fractions)
    except _Fraction as exc:
        whole = float(exc.literal)
        instead = f" (write {int(whole)})" if whole.is_integer() and abs(whole) < 1e15 else ""
        return None, (f"number {exc.literal} is written with a fraction or an exponent; Warta's files hold "
                      f"whole numbers only{instead}")
    except _DuplicateKey as exc:
        return None, f"key {exc.key!r} appears twice in one JSON object"
    except json.JSONDecodeError as exc:
        return None, f"invalid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})"
    except RecursionError:
        return None, "invalid JSON: nested too deeply"
    except ValueError as exc:  # e.g. an integer literal too long to convert
        return None, f"invalid JSON: {str(exc).split(':')[0]}"
    if "\\u" in text:  # a lone surrogate can only come from an escape
        bad = _lone_surrogate(value)
        if bad is not None:
            shown = bad.encode("utf-8", "backslashreplace").decode("ascii", "backslashreplace")[:60]
            return None, f"a string holds a lone surrogate (an escape like \\ud800 that is no character): {shown!r}"
    return value, None


def load_json(data: bytes, *, file: str, where: str | None = None, expect: type = dict,
              fractions: bool = False) -> object:
    """Parse a whole file (or line) of JSON, refusing bad UTF-8, bad JSON and the wrong top-level type."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise WartaError(f"not valid UTF-8: byte 0x{data[exc.start]:02x} at offset {exc.start}",
                         file=file, where=where) from None
    value, wrong = parse_json(text, fractions=fractions)
    if wrong:
        raise WartaError(wrong, file=file, where=where)
    if not isinstance(value, expect):
        raise WartaError(f"expected a JSON {expect.__name__}, found {type(value).__name__}", file=file, where=where)
    return value
