"""Machine annotation layers: rule-based annotators for every document, compiled where possible.

An install compiles the annotators named in ``COMPILED`` to C with mypyc (setup.py); Python then
imports the compiled module in place of its source. Compiled modules call one another directly,
so they are used all together or not at all, and the source is imported instead of all of them
when

* ``WARTA_PURE_PYTHON=1`` is set (to run or profile the source itself), or
* in a checkout, a source file is newer than its compiled module: the compiled module would run
  rules that are no longer the source's. ``pip install -e .`` compiles them again.

Either way the rows are the same; only the time per article differs.
"""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import importlib.util
import os
import sys
from pathlib import Path

COMPILED = ("document", "bisection", "automaton", "entities", "timex", "quotes")
"""Modules of this package that setup.py compiles (it reads this list)."""

HERE = Path(__file__).resolve().parent


def compiled_files(folder: Path, name: str) -> list[Path]:
    """The compiled builds of module ``name`` in ``folder`` (one per extension suffix present)."""
    return [folder / f"{name}{suffix}" for suffix in importlib.machinery.EXTENSION_SUFFIXES
            if (folder / f"{name}{suffix}").is_file()]


def stale(folder: Path) -> list[str]:
    """Modules whose source in ``folder`` is newer than their compiled build (none compiled: none stale).

    Only a checkout is asked (an installed wheel's files carry the install's times, in no order)."""
    return [name for name in COMPILED for built in compiled_files(folder, name)[:1]
            if (folder / f"{name}.py").stat().st_mtime > built.stat().st_mtime]


class SourceFinder(importlib.abc.MetaPathFinder):
    """Finds this package's compiled modules as their source files, ahead of the compiled builds."""

    def __init__(self, folder: Path) -> None:
        self.names = {f"{__name__}.{name}": folder / f"{name}.py" for name in COMPILED}

    def find_spec(self, fullname: str, path: object = None,
                  target: object = None) -> importlib.machinery.ModuleSpec | None:
        source = self.names.get(fullname)
        return None if source is None else importlib.util.spec_from_file_location(fullname, source)


def _choose() -> str:
    """Which build of the annotators runs: 'compiled', 'source' or 'source (stale build)'."""
    if not any(compiled_files(HERE, name) for name in COMPILED):
        return "source"
    if os.environ.get("WARTA_PURE_PYTHON") == "1":
        sys.meta_path.insert(0, SourceFinder(HERE))
        return "source"
    old = stale(HERE) if (HERE.parents[2] / "pyproject.toml").is_file() else []
    if old:
        sys.meta_path.insert(0, SourceFinder(HERE))
        print(f"warta: the compiled annotators are older than their source ({', '.join(old)}.py): running "
              f"the source, with the same rows, slower. pip install -e . compiles them again.", file=sys.stderr)
        return "source (stale build)"
    return "compiled"


BUILD = _choose()
"""Which build of the annotators this process runs (the benchmarks print it)."""
