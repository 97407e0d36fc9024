"""Two commands at once, inputs changed under a build, leftovers of killed commands, hostile characters.

Writers (build, add, import) hold the repository lock exclusively and readers (validate,
verify, show) share it; a command that finds it taken says who holds it and stops, so no
registration is lost and no release is swapped under a reader.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from conftest import NEW_ARTICLE

from warta.cli import main
from warta.errors import WartaError
from warta.layout import Layout
from warta.lock import repository_lock
from warta.run.build import build

LBJ = "101de1eb255d4fba"


def _article(tmp_path, n: int):
    path = tmp_path / f"a{n}.txt"
    path.write_text(NEW_ARTICLE.replace("5,1", f"5,{n}"), encoding="utf-8")
    return path


def _registry_ids(layout: Layout) -> list[str]:
    return [json.loads(line)["id"] for line in layout.registry.read_text(encoding="utf-8").splitlines()]


def test_a_writer_refuses_while_another_holds_the_lock(in_repo: Layout, tmp_path, capsys) -> None:
    before = in_repo.registry.read_bytes()
    with repository_lock(in_repo, exclusive=True, command="warta build"):
        assert main(["add", str(_article(tmp_path, 1)), "--outlet", "K"]) == 1
        err = capsys.readouterr().err
        assert "another warta command is writing to this repository: 'warta build' (pid" in err, err
        assert main(["verify"]) == 1  # a reader waits for no writer either
        assert "another warta command is writing" in capsys.readouterr().err
    assert in_repo.registry.read_bytes() == before
    assert main(["add", str(_article(tmp_path, 1)), "--outlet", "K"]) == 0  # released with the block


def test_a_writer_refuses_while_a_reader_holds_the_lock(in_repo: Layout, tmp_path, capsys) -> None:
    with repository_lock(in_repo, exclusive=False, command="warta verify"):
        assert main(["add", str(_article(tmp_path, 1)), "--outlet", "K"]) == 1
        assert "another warta command is reading this repository" in capsys.readouterr().err
        with repository_lock(in_repo, exclusive=False, command="warta show"):  # readers share
            pass


def test_a_lock_left_by_a_killed_command_is_no_lock(in_repo: Layout, tmp_path, capsys) -> None:
    """The kernel drops an flock with its holder: a killed writer never blocks the next command."""
    code = ("import os, sys; from pathlib import Path; from warta.layout import Layout; "
            "from warta.lock import repository_lock\n"
            "with repository_lock(Layout(Path(sys.argv[1])), exclusive=True, command='warta build'):\n"
            "    os._exit(9)")
    assert subprocess.run([sys.executable, "-c", code, str(in_repo.root)]).returncode == 9
    assert "warta build" in in_repo.lock_file.read_text(encoding="utf-8")  # its record stayed behind
    assert main(["add", str(_article(tmp_path, 1)), "--outlet", "K"]) == 0, capsys.readouterr().err


def test_two_adds_at_once_lose_nothing(in_repo: Layout, tmp_path) -> None:
    """Whatever the timing, an add that says 'registered' is in the registry, and one that lost the
    race says so and leaves nothing; nothing is orphaned in dataset/raw/."""
    env = {**os.environ, "WARTA_ROOT": str(in_repo.root)}
    raw_before, ids_before = len(os.listdir(in_repo.raw_dir)), len(_registry_ids(in_repo))
    for round_ in range(4):
        paths = [_article(tmp_path, 2 * round_ + k) for k in (1, 2)]
        procs = [subprocess.Popen([sys.executable, "-m", "warta.cli", "add", str(p), "--outlet", "K"], env=env,
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for p in paths]
        outcomes = [(p.wait(), p.stdout.read(), p.stderr.read()) for p in procs]
        for code, out, err in outcomes:
            assert "Traceback" not in err
            if code == 0:
                doc_id = out.split()[1]
                assert doc_id in _registry_ids(in_repo), out
            else:
                assert "another warta command is writing to this repository" in err, err
        registered = sum(code == 0 for code, _, _ in outcomes)
        added = len(_registry_ids(in_repo)) - ids_before
        assert len(os.listdir(in_repo.raw_dir)) == raw_before + added  # no raw file without its line
        assert registered >= 1
    assert main(["build", "--quiet"]) == 0
    assert main(["verify"]) == 0


def test_an_input_changed_while_the_build_runs_is_refused(in_repo: Layout, monkeypatch) -> None:
    import warta.run.build as build_module

    real = build_module.run_plan

    def and_meanwhile(plan, executor, progress):
        real(plan, executor, progress=progress)
        with in_repo.registry.open("a", encoding="utf-8") as handle:  # an editor, not a warta command
            handle.write("\n")

    monkeypatch.setattr(build_module, "run_plan", and_meanwhile)
    before = {p.name: p.read_bytes() for p in in_repo.data_dir.rglob("*") if p.is_file()}
    with pytest.raises(WartaError) as err:
        build(in_repo, progress=False)
    assert "dataset/sources.jsonl: input changed while the build ran" in err.value.one_line()
    assert {p.name: p.read_bytes() for p in in_repo.data_dir.rglob("*") if p.is_file()} == before


def test_leftovers_of_killed_commands_are_removed_by_the_next_writer(in_repo: Layout, capsys) -> None:
    """Temporary names of earlier toolkit versions too: never inputs, never part of a release."""
    stray = [in_repo.raw_dir / ".003_x.txt.tmp-4242", in_repo.root / ".README.md.tmp-4242",
             in_repo.dataset / ".build-abc" / "data" / "x", in_repo.tmp_dir / "build-xyz" / "files" / "0000-x"]
    for path in stray:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("half", encoding="utf-8")
    assert main(["build", "--quiet"]) == 0, capsys.readouterr().err
    assert not any(p.exists() for p in stray)
    assert not (in_repo.dataset / ".build-abc").exists()
    manifest = (in_repo.data_dir / "MANIFEST.json").read_text(encoding="utf-8")
    assert ".tmp-" not in manifest
    assert main(["verify"]) == 0


def test_a_release_left_aside_by_an_older_toolkit_is_put_back(in_repo: Layout, capsys) -> None:
    """Toolkit 1.1 moved dataset/data to .data-old-PID before the new one; killed there, data was gone."""
    assert main(["build", "--quiet"]) == 0
    in_repo.data_dir.rename(in_repo.dataset / ".data-old-4242")
    assert main(["build", "--quiet"]) == 0, capsys.readouterr().err
    assert not list(in_repo.dataset.glob(".data-old-*"))
    assert main(["verify"]) == 0


def test_a_line_separator_inside_the_adjudication_log_is_a_character(in_repo: Layout, capsys) -> None:
    log = in_repo.annotations_dir / "adjudication.jsonl"
    lines = log.read_text(encoding="utf-8").split("\n")
    row = json.loads(lines[0])
    row["rationale"] += "\u2028(kedua)"
    lines[0] = json.dumps(row, ensure_ascii=False)
    log.write_text("\n".join(lines), encoding="utf-8")
    assert main(["build", "--quiet"]) == 0, capsys.readouterr().err


def test_control_characters_reach_no_terminal(in_repo: Layout, tmp_path, capsys) -> None:
    article = tmp_path / "c1.txt"
    article.write_text(NEW_ARTICLE.replace("Gempa Magnitudo", "Gempa \x9b31m Magnitudo"), encoding="utf-8")
    for argv in (["curate", str(article)], ["curate", "--json", str(article)]):
        assert main(argv) == 0
        out = capsys.readouterr().out
        assert "\x9b" not in out and ("\\x9b31m" in out or "\\u009b31m" in out)
    assert json.loads(main(["curate", "--json", str(article)]) or capsys.readouterr().out)["title"].startswith(
        "Gempa \x9b31m")  # the JSON says the same text
    assert main(["add", str(article), "--outlet", "K\x9b", "--id", "kontrol"]) == 0
    capsys.readouterr()
    assert main(["show", "kontrol"]) == 0
    out = capsys.readouterr().out
    assert "\x9b" not in out and "\\x9b" in out
