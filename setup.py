"""Compiles the machine annotators to C with mypyc when the toolkit is installed.

Machine annotation runs on every article of a corpus and is interpreted Python spread thinly over
every token; compiled, the same source takes about a third less time per article. Everything
else of the package is declared in pyproject.toml. The compiled modules are a build of the same
source, never a second implementation: tests/test_machine_compiled.py compares their rows with
the source's on every fixture. A machine without a C compiler gets the source alone (each
extension is optional); ``WARTA_PURE_PYTHON=1`` at install time skips compiling, and at run time
makes ``warta.machine`` load the source (``warta/machine/__init__.py``).
"""

from __future__ import annotations

import ast
import os
from pathlib import Path

from setuptools import setup

PACKAGE = Path(__file__).resolve().parent / "scripts" / "warta" / "machine"


def compiled() -> tuple[str, ...]:
    """``warta.machine.COMPILED``, read off the package's source without importing it."""
    tree = ast.parse((PACKAGE / "__init__.py").read_text(encoding="utf-8"))
    return next(ast.literal_eval(node.value) for node in tree.body if isinstance(node, ast.Assign)
                and any(getattr(target, "id", None) == "COMPILED" for target in node.targets))


def ext_modules() -> list:
    if os.environ.get("WARTA_PURE_PYTHON") == "1":
        return []
    from mypyc.build import mypycify

    extensions = mypycify([f"scripts/warta/machine/{name}.py" for name in compiled()],
                          opt_level="3", group_name="warta_machine")
    for extension in extensions:
        extension.optional = True  # no C compiler: the source runs, slower, with the same rows
    return extensions


setup(ext_modules=ext_modules())
