"""Reading JSON that people and tools hand us, without ever raising anything but our error.

``json.loads`` silently keeps the last of two equal keys, recurses without limit and
refuses very long integers with a bare ValueError; every file the toolkit reads (registry,
gold and pass files, the adjudication log, the manifest) goes through here instead.
"""

from __future__ import annotations

import json

from warta.errors import WartaError


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


def parse_json(text: str) -> tuple[object, str | None]:
    """The JSON value of ``text``, or None and what is wrong with it (never an exception)."""
    try:
        return json.loads(text, object_pairs_hook=_no_duplicate_keys), None
    except _DuplicateKey as exc:
        return None, f"key {exc.key!r} appears twice in one JSON object"
    except json.JSONDecodeError as exc:
        return None, f"invalid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})"
    except RecursionError:
        return None, "invalid JSON: nested too deeply"
    except ValueError as exc:  # e.g. an integer literal too long to convert
        return None, f"invalid JSON: {str(exc).split(':')[0]}"


def load_json(data: bytes, *, file: str, where: str | None = None, expect: type = dict) -> object:
    """Parse a whole file (or line) of JSON, refusing bad UTF-8, bad JSON and the wrong top-level type."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise WartaError(f"not valid UTF-8: byte 0x{data[exc.start]:02x} at offset {exc.start}",
                         file=file, where=where) from None
    value, wrong = parse_json(text)
    if wrong:
        raise WartaError(wrong, file=file, where=where)
    if not isinstance(value, expect):
        raise WartaError(f"expected a JSON {expect.__name__}, found {type(value).__name__}", file=file, where=where)
    return value
