"""A command killed at any step of its commit leaves one whole state, old or new, and nothing behind.

Each test first lists every step a command passes (``WARTA_FAULT_LOG``), then, for each
step, runs the command in a fresh process that dies right there as a ``kill -9`` would
(``WARTA_FAULT``: ``os._exit``, no cleanup) and checks what the next command sees: the
release and its inputs exactly as before, or exactly as a complete run leaves them, and
``warta verify`` passing on a release. No sleeping, no timing: the kill happens at a
named step.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import NEW_ARTICLE, copy_repo

from warta.cli import main
from warta.faults import KILLED
from warta.layout import Layout


def release_state(layout: Layout) -> dict[str, str]:
    """The sha256 of every file of the release (data folder, card, datasheet, Croissant, figures)."""
    paths = [*layout.data_dir.rglob("*"), *layout.figures_dir.rglob("*"),
             layout.readme, layout.datasheet, layout.croissant]
    return {layout.rel(p): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(paths) if p.is_file()}


def input_state(layout: Layout) -> dict[str, str]:
    paths = [layout.registry, *layout.raw_dir.iterdir()]
    return {layout.rel(p): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(paths) if p.is_file()}


RESHARD = {"WARTA_DOCUMENTS_PER_SHARD": "1"}
"""Changes every output of the next build (one shard becomes four) while no input changes, so
that ``warta verify`` must pass on the old release and on the new one alike."""


def warta(layout: Layout, *argv: str, fault: str | None = None, log: Path | None = None,
          extra: dict[str, str] | None = None) -> int:
    """Run warta in its own process (a kill must not take the test with it)."""
    env = {**os.environ, "WARTA_ROOT": str(layout.root), "HF_HUB_OFFLINE": "1", "HF_DATASETS_OFFLINE": "1",
           **(extra or {})}
    env.pop("WARTA_FAULT", None)
    if fault:
        env["WARTA_FAULT"] = fault
    if log:
        env["WARTA_FAULT_LOG"] = str(log)
    done = subprocess.run([sys.executable, "-m", "warta.cli", *argv], env=env, capture_output=True, text=True)
    assert "Traceback" not in done.stderr, done.stderr
    return done.returncode


def steps(template: Layout, tmp_path: Path, *argv: str, extra: dict[str, str] | None = None) -> list[str]:
    """Every checkpoint ``argv`` passes, in order, from a complete run on a copy of ``template``."""
    probe = tmp_path / "probe"
    shutil.copytree(template.root, probe, symlinks=True)
    log = tmp_path / "steps.log"
    assert warta(Layout(probe), *argv, log=log, extra=extra) == 0
    names = [line for line in log.read_text(encoding="utf-8").splitlines() if line]
    assert names and len(names) == len(set(names)), "each step has a name of its own"
    return names


@pytest.fixture(scope="module")
def changed_repo(tmp_path_factory) -> tuple[Layout, dict[str, str], dict[str, str], list[str]]:
    """A built repository whose next build (with ``RESHARD``) changes every output.

    Returns it with the release state before that build and after a complete one, and the
    steps that build passes.
    """
    base = tmp_path_factory.mktemp("crash")
    layout = copy_repo(base / "repo")
    assert warta(layout, "build", "--quiet") == 0
    old = release_state(layout)
    done = base / "done"
    shutil.copytree(layout.root, done, symlinks=True)
    assert warta(Layout(done), "build", "--quiet", extra=RESHARD) == 0
    new = release_state(Layout(done))
    assert old["README.md"] != new["README.md"] and set(old) != set(new)
    return layout, old, new, steps(layout, base, "build", "--quiet", extra=RESHARD)


def test_the_build_passes_a_checkpoint_before_every_write_and_rename(changed_repo) -> None:
    names = changed_repo[3]
    assert names[0] == "stage dataset/data" and names[-1] == "journal remove"
    for must in ("stage README.md", "stage DATASHEET.md", "stage dataset/croissant.json", "journal write",
                 "journal rename", "rename dataset/data aside", "rename dataset/data", "rename README.md",
                 "rename DATASHEET.md", "rename dataset/croissant.json"):
        assert must in names, names
    assert names.index("journal rename") < min(i for i, n in enumerate(names) if n.startswith("rename "))


def test_a_build_killed_at_any_step_leaves_the_old_or_the_new_release(changed_repo, tmp_path, capsys,
                                                                      monkeypatch) -> None:
    template, old, new, names = changed_repo
    decided = names.index("journal rename")
    for name, value in RESHARD.items():  # for the in-process commands too
        monkeypatch.setenv(name, value)
    for number, step in enumerate(names):
        layout = Layout(tmp_path / f"kill-{number}")
        shutil.copytree(template.root, layout.root, symlinks=True)
        assert warta(layout, "build", "--quiet", fault=step) == KILLED, step
        os.environ["WARTA_ROOT"] = str(layout.root)
        try:
            assert main(["verify"]) == 0, (step, capsys.readouterr().err)  # rolls a journal forward first
            state = release_state(layout)
            if number <= decided:  # the kill comes before the journal is in place
                assert state == old, f"killed at {step!r}, before the journal: the old release"
            else:
                assert state == new, f"killed at {step!r}, after the journal: the new release"
            assert not layout.journal.exists()
            assert main(["build", "--quiet"]) == 0, step
            assert release_state(layout) == new, step
            assert not list(layout.tmp_dir.iterdir()), f"leftovers after {step}"
            assert not [p for p in layout.root.rglob(".*tmp-*")], step
        finally:
            del os.environ["WARTA_ROOT"]
        shutil.rmtree(layout.root)


def test_an_add_killed_at_any_step_leaves_both_files_or_neither(tmp_path, capsys) -> None:
    template = copy_repo(tmp_path / "template")
    article = tmp_path / "gempa.txt"
    article.write_text(NEW_ARTICLE, encoding="utf-8")
    before = input_state(template)
    names = steps(template, tmp_path, "add", str(article), "--outlet", "KabarContoh")
    assert {"stage dataset/sources.jsonl", "journal rename", "rename dataset/sources.jsonl"} <= set(names)
    for number, step in enumerate(names):
        layout = Layout(tmp_path / f"kill-{number}")
        shutil.copytree(template.root, layout.root, symlinks=True)
        assert warta(layout, "add", str(article), "--outlet", "KabarContoh", fault=step) == KILLED, step
        assert warta(layout, "build", "--quiet") == 0, step  # the next writer finishes or discards the add
        after = input_state(layout)
        if number <= names.index("journal rename"):
            assert after == before, step
        else:
            assert len(after) == len(before) + 1 and after["dataset/sources.jsonl"] != before[
                "dataset/sources.jsonl"], step
        assert warta(layout, "verify") == 0, step
        assert not list(layout.tmp_dir.iterdir()), step
        shutil.rmtree(layout.root)
