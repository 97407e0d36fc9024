"""Text from articles on a terminal: control characters shown as escapes, never obeyed.

A raw article is untrusted input. A C1 control character such as U+009B (CSI) starts an
escape sequence on many terminals: printed as it is by ``warta curate`` or ``warta show``
it could recolour, move the cursor or rewrite what the user sees. Line breaks and tabs
stay; every other C0 and C1 control, DEL, and the bidirectional overrides that reorder
text on screen are printed as ``\\x9b``-style escapes (or ``\\u`` escapes inside JSON,
which keeps the JSON valid and its values unchanged).
"""

from __future__ import annotations

import re

_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]")


def _escape(match: re.Match) -> str:
    return match.group().encode("unicode_escape").decode("ascii")


def _json_escape(match: re.Match) -> str:
    return f"\\u{ord(match.group()):04x}"


def for_terminal(text: str) -> str:
    """``text`` with every control character but line breaks and tabs escaped."""
    return _UNSAFE.sub(_escape, text)


def json_for_terminal(text: str) -> str:
    """JSON text whose control characters are ``\\u`` escapes (only strings can hold them)."""
    return _UNSAFE.sub(_json_escape, text)
