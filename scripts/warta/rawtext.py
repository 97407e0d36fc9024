"""Turning raw bytes into raw text without changing a single character.

The raw text is the coordinate system of every span in the dataset, so decoding is
strict and anything that would force a rewrite (a BOM, CR line ends, NULs) is refused
with a hint instead of being silently normalised.
"""

from __future__ import annotations

import hashlib

from .errors import WartaError
from .settings import Limits

_CONTROL_OK = {"\n", "\t"}


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def decode_raw(data: bytes, *, file: str, limits: Limits | None = None) -> str:
    """Decode raw article bytes as strict UTF-8 and refuse what cannot be a raw article."""
    limits = limits or Limits.from_env()
    if len(data) > limits.max_raw_bytes:
        raise WartaError(
            f"file is {len(data):,} bytes, over the limit of {limits.max_raw_bytes:,}",
            file=file, hint="news articles are far smaller; raise WARTA_MAX_RAW_BYTES if this is real",
        )
    if data.startswith(b"\xef\xbb\xbf"):
        raise WartaError("file starts with a UTF-8 byte-order mark", file=file,
                         hint="save the article as UTF-8 without BOM")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise WartaError("file is UTF-16 (byte-order mark found), not UTF-8", file=file,
                         hint="convert it to UTF-8, e.g. iconv -f UTF-16 -t UTF-8")
    try:
        text = data.decode("utf-8", errors="strict")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise WartaError(
            f"not valid UTF-8: byte 0x{data[exc.start]:02x} at offset {exc.start}",
            file=file, where=f"line {line}", hint="raw articles must be UTF-8 text",
        ) from None
    _check_text(text, file=file, limits=limits)
    return text


def _check_text(text: str, *, file: str, limits: Limits) -> None:
    if not text.strip():
        raise WartaError("file is empty or holds only whitespace", file=file)
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise WartaError("file contains NUL bytes: not a text article", file=file,
                         where=f"line {line}")
    if "\r" in text:
        line = text[: text.index("\r")].count("\n") + 1
        kind = "CRLF" if "\r\n" in text else "lone CR"
        raise WartaError(
            f"{kind} line ends: raw articles use LF line ends", file=file, where=f"line {line}",
            hint="convert before adding, e.g. dos2unix; offsets are counted on LF text",
        )
    bad = next((c for c in text if c < " " and c not in _CONTROL_OK), None)
    if bad is not None:
        pos = text.index(bad)
        raise WartaError(
            f"control character U+{ord(bad):04X} at offset {pos}: not a text article",
            file=file, where=f"line {text[:pos].count(chr(10)) + 1}",
        )
    for number, line in enumerate(text.split("\n"), start=1):
        if len(line) > limits.max_line_chars:
            raise WartaError(
                f"line is {len(line):,} characters, over the limit of {limits.max_line_chars:,}",
                file=file, where=f"line {number}",
                hint="raise WARTA_MAX_LINE_CHARS if this is a real article",
            )
