"""Turning raw bytes into raw text without changing a single character.

The raw text is the coordinate system of every span in the dataset, so decoding is
strict and anything that would force a rewrite (a BOM, CR line ends, NULs) is refused
with a hint instead of being silently normalised. Every refusal names the file and,
where there is one, the line, so a maintainer can find the bad byte.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from warta.errors import WartaError
from warta.settings import Limits

# C0 controls other than LF and TAB: never part of a news article's text
_BAD_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f]")

# byte signatures of files people mistake for an article's text (checked before decoding,
# so that a PNG is called a PNG, not "invalid UTF-8 at offset 0")
_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (or a .docx/.odt/.epub file)"),
    (b"\x1f\x8b", "gzip-compressed data"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Microsoft Office document"),
    (b"\x7fELF", "an executable program"),
    (b"{\\rtf", "an RTF document"),
)

_BOMS: tuple[tuple[bytes, str, str], ...] = (  # UTF-32 first: its LE mark starts like UTF-16's
    (b"\xff\xfe\x00\x00", "UTF-32", "iconv -f UTF-32 -t UTF-8"),
    (b"\x00\x00\xfe\xff", "UTF-32", "iconv -f UTF-32 -t UTF-8"),
    (b"\xff\xfe", "UTF-16", "iconv -f UTF-16 -t UTF-8"),
    (b"\xfe\xff", "UTF-16", "iconv -f UTF-16 -t UTF-8"),
)


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _too_big(size: int, *, file: str, limits: Limits) -> WartaError:
    return WartaError(
        f"file is {size:,} bytes, over the limit of {limits.max_raw_bytes:,}",
        file=file, hint="news articles are far smaller; raise WARTA_MAX_RAW_BYTES if this is real",
    )


def read_raw(path: Path, *, file: str | None = None, limits: Limits | None = None) -> bytes:
    """Read a raw article's bytes, refusing an oversized file from its size alone.

    Checking the size before reading means a 50 GB file is refused at once instead of
    being read into memory first; ``decode_raw`` repeats the check for bytes from elsewhere.
    """
    limits = limits or Limits.from_env()
    file = file or str(path)
    try:
        size = path.stat().st_size
        if size > limits.max_raw_bytes:
            raise _too_big(size, file=file, limits=limits)
        with path.open("rb") as handle:
            data = handle.read(limits.max_raw_bytes + 1)  # a file that grew is still refused
    except OSError as exc:
        raise WartaError(f"cannot read the file: {exc.strerror or exc}", file=file) from None
    return data


def decode_raw(data: bytes, *, file: str, limits: Limits | None = None) -> str:
    """Decode raw article bytes as strict UTF-8 and refuse what cannot be a raw article."""
    limits = limits or Limits.from_env()
    if len(data) > limits.max_raw_bytes:
        raise _too_big(len(data), file=file, limits=limits)
    if not data:
        raise WartaError("file is empty (0 bytes)", file=file,
                         hint="save the article's text into the file first")
    _check_encoding(data, file=file)
    try:
        text = data.decode("utf-8", errors="strict")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        hint = "raw articles must be UTF-8 text"
        try:
            data.decode("cp1252")
            hint = ("it may be Windows-1252 or Latin-1 text: convert it, "
                    "e.g. iconv -f WINDOWS-1252 -t UTF-8")
        except UnicodeDecodeError:
            pass
        raise WartaError(
            f"not valid UTF-8: byte 0x{data[exc.start]:02x} at offset {exc.start} ({exc.reason})",
            file=file, where=f"line {line}", hint=hint,
        ) from None
    _check_text(text, file=file, limits=limits)
    return text


def _check_encoding(data: bytes, *, file: str) -> None:
    """Refuse byte-order marks, well-known binary formats and BOM-less UTF-16 by their bytes."""
    if data.startswith(b"\xef\xbb\xbf"):
        raise WartaError("file starts with a UTF-8 byte-order mark", file=file,
                         hint="save the article as UTF-8 without BOM")
    for mark, name, command in _BOMS:
        if data.startswith(mark):
            raise WartaError(f"file is {name} (byte-order mark found), not UTF-8", file=file,
                             hint=f"convert it to UTF-8, e.g. {command}")
    for signature, kind in _SIGNATURES:
        if data.startswith(signature):
            raise WartaError(f"file is {kind}, not a text article", file=file,
                             hint="a raw article is the page's text saved as a UTF-8 .txt file")
    sample = data[:4096]
    half = len(sample) // 2
    if half >= 8 and b"\x00" in sample:
        even, odd = sample[0::2].count(0), sample[1::2].count(0)
        if max(even, odd) > 0.3 * half and min(even, odd) < 0.05 * half:
            order = "big-endian" if even > odd else "little-endian"
            raise WartaError(
                f"file looks like UTF-16 ({order}) without a byte-order mark: every other byte is NUL",
                file=file, hint="convert it to UTF-8, e.g. iconv -f UTF-16LE -t UTF-8",
            )


def _line_of(text: str, pos: int) -> str:
    return f"line {text.count(chr(10), 0, pos) + 1}"


def _check_text(text: str, *, file: str, limits: Limits) -> None:
    if not text.strip():
        raise WartaError(f"file holds only whitespace ({len(text):,} characters)", file=file,
                         hint="save the article's text into the file first")
    if "\x00" in text:
        pos = text.index("\x00")
        raise WartaError(f"file contains NUL bytes (first at offset {pos}): not a text article",
                         file=file, where=_line_of(text, pos),
                         hint="raw articles are plain UTF-8 text")
    if "\r" in text:
        pos = text.index("\r")
        crlf = text.startswith("\r\n", pos)
        kind = "CRLF (Windows)" if crlf else "lone CR (old Mac)"
        command = "dos2unix" if crlf else "mac2unix"
        raise WartaError(
            f"{kind} line ends: raw articles use LF line ends", file=file,
            where=_line_of(text, pos),
            hint=f"convert before adding, e.g. {command}; offsets are counted on LF text",
        )
    bad = _BAD_CONTROL.search(text)
    if bad is not None:
        pos = bad.start()
        raise WartaError(
            f"control character U+{ord(bad.group()):04X} at offset {pos}: not a text article",
            file=file, where=_line_of(text, pos), hint="raw articles are plain UTF-8 text",
        )
    lines = text.split("\n")
    if max(map(len, lines)) > limits.max_line_chars:
        number, line = next((n, s) for n, s in enumerate(lines, start=1)
                            if len(s) > limits.max_line_chars)
        raise WartaError(
            f"line is {len(line):,} characters, over the limit of {limits.max_line_chars:,}",
            file=file, where=f"line {number}",
            hint="raise WARTA_MAX_LINE_CHARS if this is a real article",
        )
