"""The commit step of a build: a whole new release replaces the old one, or nothing changes.

The new data folder and every other output (card, datasheet, Croissant, figures) are
written in full beside their targets first; only renames follow. The data folder is
swapped by two renames (the old one restored if the second fails) and each other file
replaced; the old data folder is removed last.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from warta.layout import Layout


def _swap_in(new: Path, target: Path) -> Path | None:
    """Rename ``new`` to ``target``; return where the old folder now is (removed by the caller last)."""
    old = target.with_name(f".data-old-{os.getpid()}")
    had_old = target.exists()
    if had_old:
        os.rename(target, old)
    try:
        os.rename(new, target)
    except OSError:
        if had_old:
            os.rename(old, target)
        raise
    return old if had_old else None


def _stage_file(path: Path, data: bytes) -> Path:
    """Write ``data`` in full beside ``path``; the caller renames it into place."""
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    tmp.write_bytes(data)
    return tmp


def commit(layout: Layout, data: Path, outputs: dict[Path, bytes]) -> None:
    """Make ``data`` the release's data folder and ``outputs`` its other files."""
    staged: dict[Path, Path] = {}
    try:
        for target, content in outputs.items():
            staged[target] = _stage_file(target, content)
        old = _swap_in(data, layout.data_dir)
    except BaseException:
        for tmp in staged.values():
            tmp.unlink(missing_ok=True)
        raise
    for target, tmp in staged.items():  # renames only: nothing left that can run out of space
        os.replace(tmp, target)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)  # last, and best effort: the release is complete already
