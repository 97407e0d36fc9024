"""Limits on input, as settings with defaults rather than constants buried in code.

Each can be raised through an environment variable (``WARTA_MAX_RAW_BYTES`` and so on)
for a maintainer who really has a longer article; the defaults are generous for news.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from warta.errors import WartaError

MAX_SETTING = 2**53
"""No setting goes beyond this (9e15: bytes, lines or documents no machine holds); above it
numbers overflow where they meet C code (``OverflowError`` in reads and slices)."""


def env_int(name: str, default: int) -> int:
    """A positive whole number from the environment; a bad value is refused, not ignored.

    Silently falling back to the default would leave a maintainer who set the variable
    wondering why the limit did not move.
    """
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        number = int(value.replace(",", "_"))
    except ValueError:
        number = 0
    if number <= 0:
        raise WartaError(f"{name} must be a positive whole number, got {value!r}",
                         hint=f"unset it to use the default of {default:,}")
    if number > MAX_SETTING:
        raise WartaError(f"{name} is {number:,}, more than the largest setting this toolkit takes "
                         f"({MAX_SETTING:,})", hint=f"unset it to use the default of {default:,}")
    return number



@dataclass(frozen=True)
class Limits:
    """Upper bounds that turn pathological input into a clear refusal."""

    max_raw_bytes: int = 2_000_000
    max_line_chars: int = 100_000
    max_segments: int = 5_000

    @classmethod
    def from_env(cls) -> Limits:
        return cls(
            max_raw_bytes=env_int("WARTA_MAX_RAW_BYTES", cls.max_raw_bytes),
            max_line_chars=env_int("WARTA_MAX_LINE_CHARS", cls.max_line_chars),
            max_segments=env_int("WARTA_MAX_SEGMENTS", cls.max_segments),
        )
