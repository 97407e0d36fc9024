"""The compiled annotators give the rows of their source (setup.py compiles them with mypyc).

The compiled modules are a build of the same source; what could differ is the build itself: a
type hint that the source breaks at run time (mypyc checks them, where Python does not), or a
construct compiled with other semantics. So the rows of every machine layer are compared, compiled
(this process) against source (a child process with ``WARTA_PURE_PYTHON=1``), on every invented
page and development article under four publication settings, and on pages made from them with
the characters that take the annotators' other paths: tabs and no-break spaces, '_', '@' handles,
'İ' (whose lower case is longer), lines shuffled across articles, upper and lower case.
"""

from __future__ import annotations

import importlib
import importlib.machinery
import json
import os
import random
import subprocess
import sys
from pathlib import Path

import pytest

import warta.machine
from warta.curation.curate import curate
from warta.errors import WartaError
from warta.machine import COMPILED, compiled_files, stale
from warta.machine.layers import annotate

ROOT = Path(__file__).resolve().parents[1]
TEXTS = sorted((ROOT / "tests/fixtures/articles").glob("*.txt")) + sorted(
    (ROOT / "tests/fixtures/annotated-dev").glob("*.txt"))
SETTINGS = (None, "none", "2025-03-09", "2024-12-31T23:30:00+07:00")
ODD = ("\t", "\u00a0", "_", " @warta_id", "İ", " (28/4) ", "\u201c", "\u2019", " -- ", " 2,5 jam ", "Rp1,5 miliar")

CHILD = """
import json, sys
from warta.machine import BUILD
from warta.machine.layers import annotate
assert BUILD == "source", BUILD
print(json.dumps([annotate(record) for record in json.load(sys.stdin)], ensure_ascii=False))
"""


def _record(raw: bytes, name: str, setting: str | None) -> dict:
    record = curate(raw, {"id": "d", "outlet": "x", "raw_file": name})
    if setting == "none":
        record["published"] = record["registry_published"] = None
    elif setting is not None:
        record["published"], record["registry_published"] = None, setting
    return record


def _variants(count: int) -> list[bytes]:
    """Pages made from the fixtures' lines: shuffled across articles, odd characters put in, cases changed."""
    rng = random.Random(20261202)
    lines = [line for path in TEXTS for line in path.read_text(encoding="utf-8").split("\n")]
    pages = []
    for _ in range(count):
        picked = [rng.choice(lines) for _ in range(rng.randint(3, 25))]
        for i, line in enumerate(picked):
            if line and rng.random() < 0.4:
                at = rng.randrange(len(line) + 1)
                picked[i] = line[:at] + rng.choice(ODD) + line[at:]
            if rng.random() < 0.05:
                picked[i] = picked[i].upper() if rng.random() < 0.5 else picked[i].lower()
        pages.append("\n".join(picked).encode("utf-8"))
    return pages


def _records() -> list[dict]:
    records = [_record(path.read_bytes(), path.name, setting) for path in TEXTS for setting in SETTINGS]
    for n, raw in enumerate(_variants(300)):
        try:
            records.append(_record(raw, f"variant-{n}.txt", SETTINGS[n % len(SETTINGS)]))
        except WartaError:
            continue  # a page curation refuses has no machine layers either
    return records


@pytest.mark.skipif(warta.machine.BUILD != "compiled",
                    reason=f"the annotators run as {warta.machine.BUILD} in this install: nothing compiled to compare")
def test_compiled_rows_equal_the_source_rows() -> None:
    records = _records()
    assert len(records) > 400
    child = subprocess.run([sys.executable, "-c", CHILD], input=json.dumps(records, ensure_ascii=False),
                           capture_output=True, text=True, check=True,
                           env={**os.environ, "WARTA_PURE_PYTHON": "1"})
    source = json.loads(child.stdout)
    compiled = json.loads(json.dumps([annotate(record) for record in records], ensure_ascii=False))
    assert sum(len(rows) for item in compiled for rows in item.values()) > 5000
    for record, left, right in zip(records, compiled, source, strict=True):
        assert left == right, record["raw_file"]


def test_compiled_modules_are_the_ones_imported() -> None:
    """In an install that compiled them, every annotator module is its compiled build, and none is stale."""
    if warta.machine.BUILD != "compiled":
        pytest.skip(f"the annotators run as {warta.machine.BUILD} in this install")
    for name in COMPILED:
        module = importlib.import_module(f"warta.machine.{name}")
        assert Path(module.__file__) in compiled_files(warta.machine.HERE, name), name
    assert stale(warta.machine.HERE) == []


def test_pure_python_switch_imports_every_source() -> None:
    code = ("import warta.machine as m, importlib\n"
            "print(m.BUILD, *[importlib.import_module('warta.machine.' + n).__file__ for n in m.COMPILED])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env={**os.environ, "WARTA_PURE_PYTHON": "1"}).stdout.split()
    assert out[0] == "source"
    assert [Path(f).name for f in out[1:]] == [f"{name}.py" for name in COMPILED]


def test_a_source_newer_than_its_build_is_stale(tmp_path: Path) -> None:
    suffix = importlib.machinery.EXTENSION_SUFFIXES[0]
    for n, name in enumerate(COMPILED):
        (tmp_path / f"{name}.py").write_text("", encoding="utf-8")
        (tmp_path / f"{name}{suffix}").write_bytes(b"")
        os.utime(tmp_path / f"{name}.py", (1000 + n, 1000 + n))
        os.utime(tmp_path / f"{name}{suffix}", (2000, 2000))
    assert stale(tmp_path) == []
    os.utime(tmp_path / "timex.py", (3000, 3000))
    assert stale(tmp_path) == ["timex"]
    (tmp_path / f"quotes{suffix}").unlink()  # not compiled: never stale
    os.utime(tmp_path / "quotes.py", (3000, 3000))
    assert stale(tmp_path) == ["timex"]
