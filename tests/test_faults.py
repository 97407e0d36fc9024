"""Damaged gold, pass, log and release files: one clear error each, never a traceback."""

from __future__ import annotations

import json

import pytest

from warta.cli import main
from warta.curation.dates import parse_published
from warta.layout import Layout
from warta.run.build import build

LBJ = "101de1eb255d4fba"


def _edit_json(path, edit) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    edit(data)
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def _quote_in_caption(ann: dict) -> None:
    caption = next(z for z in ann["zones"] if z["zone"] == "caption")
    ann["quotes"][0]["content"] = {k: caption[k] for k in ("raw_start", "raw_end", "quote")}


CASES = [
    ("gold zone removed", f"dataset/annotations/{LBJ}.json", lambda a: a["zones"].pop(0),
     ["entities e1", "lies in no single zone"]),
    ("quote in a caption", f"dataset/annotations/{LBJ}.json", _quote_in_caption,
     ["quotes q1.content", "quotes and events are annotated in headline, body, subheading only"]),
    ("pass without metadata", f"dataset/annotations/passes/b/{LBJ}.json", lambda a: a.pop("metadata"),
     ["passes/b/101de1eb255d4fba.json", "'metadata' is a required property"]),
]


@pytest.mark.parametrize("name, rel, edit, words", CASES, ids=[c[0] for c in CASES])
def test_damaged_study_files(in_repo: Layout, capsys, name, rel, edit, words) -> None:
    _edit_json(in_repo.root / rel, edit)
    assert main(["build", "--quiet"]) == 1
    err = capsys.readouterr().err
    assert all(w in err for w in words) and "Traceback" not in err, err


@pytest.mark.parametrize("rel, text, words", [
    (f"dataset/annotations/{LBJ}.json", "[" * 100_000, "nested too deeply"),
    (f"dataset/annotations/passes/a/{LBJ}.json", '{"doc_id": 1' + "0" * 5000 + "}", "invalid JSON"),
    ("dataset/annotations/adjudication.jsonl", '{"doc_id": "x"}\n', "line 1: field 'layer' is missing"),
    (f"dataset/annotations/{LBJ}.json", '{"doc_id": "a", "doc_id": "b"}', "key 'doc_id' appears twice"),
])
def test_pathological_json_is_one_line(in_repo: Layout, capsys, rel, text, words) -> None:
    (in_repo.root / rel).write_text(text, encoding="utf-8")
    assert main(["build", "--quiet"]) == 1
    err = capsys.readouterr().err
    assert words in err and rel in err and "Traceback" not in err, err


@pytest.mark.parametrize("remove, words", [
    (lambda lay: next(lay.raw_dir.glob("000_*")).unlink(), "raw file of a released document is missing"),
    (lambda lay: lay.annotation_path(LBJ).unlink(), "gold annotation file of an annotated document is missing"),
])
def test_validate_notices_deleted_inputs(in_repo: Layout, capsys, remove, words) -> None:
    assert main(["build", "--quiet"]) == 0
    remove(in_repo)
    capsys.readouterr()
    assert main(["validate"]) == 1
    assert words in capsys.readouterr().err


def test_a_failing_cleanup_after_the_swap_leaves_a_complete_release(in_repo: Layout, monkeypatch) -> None:
    import warta.run.build as build_module

    build(in_repo, progress=False)
    real = build_module.shutil.rmtree

    def stuck(path, ignore_errors=False, **kw):
        if ".data-old-" in str(path):
            if ignore_errors:
                return None
            raise OSError("device busy")
        return real(path, ignore_errors=ignore_errors, **kw)

    monkeypatch.setattr(build_module.shutil, "rmtree", stuck)
    build(in_repo, progress=False)
    assert main(["verify"]) == 0  # data, croissant.json and inputs agree


@pytest.mark.parametrize("line", ["2 hari yang lalu", "kemarin 10:00", "Senin lalu"])
def test_relative_dates_are_not_computed_from_any_base(line: str) -> None:
    assert parse_published([line]) is None


def test_curate_refuses_a_bad_id(in_repo: Layout, capsys) -> None:
    path = next(in_repo.raw_dir.glob("000_*"))
    assert main(["curate", str(path), "--id", "BAD/ID"]) == 1
    assert "invalid document id 'BAD/ID'" in capsys.readouterr().err
