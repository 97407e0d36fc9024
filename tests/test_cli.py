"""The command line as a maintainer uses it: curate, add, validate, errors without tracebacks."""

from __future__ import annotations

import hashlib
import json

import pytest
from conftest import NEW_ARTICLE, SEEDS, seed_bytes

from warta.cli import main
from warta.layout import Layout


def test_curate_json_is_exactly_the_record(repo: Layout, capsys) -> None:
    path = repo.raw_dir / SEEDS["101de1eb255d4fba"]
    assert main(["curate", str(path), "--json", "--outlet", "LBJ"]) == 0
    record = json.loads(capsys.readouterr().out)
    assert record["id"] == "101de1eb255d4fba"
    assert record["title"].startswith("Resmi! Korea Utara")
    for seg in record["segments"]:
        assert {"zone", "raw_start", "raw_end", "start", "end"} <= set(seg)
        assert record["raw_text"][seg["raw_start"]:seg["raw_end"]] == seg["text"]


def test_add_registers_fully_then_refuses_the_duplicate(in_repo: Layout, tmp_path, capsys) -> None:
    article = tmp_path / "gempa.txt"
    article.write_text(NEW_ARTICLE, encoding="utf-8")
    next_number = 1 + max(int(p.name[:3]) for p in in_repo.raw_dir.iterdir())
    assert main(["add", str(article), "--outlet", "KabarContoh"]) == 0
    digest = hashlib.sha256(article.read_bytes()).hexdigest()
    lines = in_repo.registry.read_text(encoding="utf-8").splitlines()
    entry = json.loads(lines[-1])
    assert entry["sha256"] == digest and entry["id"] == digest[:16]
    assert (in_repo.raw_dir / entry["raw_file"]).read_bytes() == article.read_bytes()
    assert entry["raw_file"] == f"{next_number:03d}_{digest[:16]}.txt"
    assert entry["license"].startswith("Copyright of the publisher (KabarContoh).")
    capsys.readouterr()

    assert main(["add", str(article), "--outlet", "KabarContoh"]) == 1
    err = capsys.readouterr().err
    assert f"already registered as document {digest[:16]}" in err
    assert "Traceback" not in err
    assert in_repo.registry.read_text(encoding="utf-8").splitlines() == lines

    assert main(["build", "--quiet"]) == 0
    assert "have no gold annotation file yet" in capsys.readouterr().err
    assert main(["validate"]) == 0


def test_add_of_a_bad_file_leaves_no_trace(in_repo: Layout, tmp_path, capsys) -> None:
    registry = in_repo.registry.read_bytes()
    raw_files = sorted(p.name for p in in_repo.raw_dir.iterdir())
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"Judul\r\nIsi berita yang cukup panjang untuk sebuah paragraf.\r\n")
    assert main(["add", str(bad), "--outlet", "X"]) == 1
    err = capsys.readouterr().err
    assert "CRLF" in err and "raw articles use LF line ends" in err
    assert in_repo.registry.read_bytes() == registry
    assert sorted(p.name for p in in_repo.raw_dir.iterdir()) == raw_files


def test_validate_names_file_record_and_field(in_repo: Layout, capsys) -> None:
    import pyarrow.parquet as pq

    assert main(["build", "--quiet"]) == 0
    path = in_repo.data_dir / "documents" / "test-00000-of-00001.parquet"
    table = pq.read_table(path)
    rows = table.to_pylist()
    rows[0]["segments"][0]["zone"] = "footer"
    pq.write_table(type(table).from_pylist(rows, schema=table.schema), path)
    assert main(["validate"]) == 1
    err = capsys.readouterr().err
    assert "dataset/data/documents/test-00000-of-00001.parquet" in err
    assert f"id {rows[0]['id']}" in err and "segments[0].zone" in err and "'footer'" in err


def test_errors_are_one_line_without_traceback(repo: Layout, tmp_path, capsys) -> None:
    missing = tmp_path / "nope.txt"
    assert main(["curate", str(missing)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: ") and "no such file" in err and "Traceback" not in err


def test_version(capsys) -> None:
    from warta import __version__

    with pytest.raises(SystemExit):
        main(["--version"])
    assert capsys.readouterr().out.strip() == f"warta {__version__}"


def test_curation_reads_raw_bytes_without_changing_them(repo: Layout, capsys) -> None:
    from warta.intake.registry import load_registry

    entries = {s.id: s.entry for s in load_registry(repo)}
    for doc_id, name in SEEDS.items():
        path = repo.raw_dir / name
        assert main(["curate", str(path), "--json"]) == 0
        record = json.loads(capsys.readouterr().out)
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        assert record["raw_sha256"] == digest == entries[doc_id]["sha256"]
        assert record["raw_text"].encode("utf-8") == seed_bytes(doc_id)


@pytest.mark.parametrize("config, damage", [
    ("ner", lambda rows: rows[0].update(tokens=["X"] * len(rows[0]["tokens"]))),
    ("kb", lambda rows: rows[0]["entities"][0].update(offsets=[[0, 3]])),
    ("entities", lambda rows: rows[0].update(entity_id="someone_else")),
])
def test_validate_rederives_every_config_from_the_documents(in_repo: Layout, capsys, config, damage) -> None:
    import pyarrow.parquet as pq

    assert main(["build", "--quiet"]) == 0
    path = in_repo.data_dir / config / "test-00000-of-00001.parquet"
    table = pq.read_table(path)
    rows = table.to_pylist()
    damage(rows)
    pq.write_table(type(table).from_pylist(rows, schema=table.schema), path)
    capsys.readouterr()
    assert main(["validate"]) == 1
    err = capsys.readouterr().err
    assert f"dataset/data/{config}/test-00000-of-00001.parquet" in err
    assert "rows differ from those derived from the documents config" in err


def test_a_warta_root_that_is_no_repository_is_one_line_and_nothing_is_made(tmp_path, monkeypatch, capsys) -> None:
    empty = tmp_path / "not-a-repo"
    empty.mkdir()
    for root, what in ((empty, "registry not found"), (tmp_path / "absent", "no such folder")):
        monkeypatch.setenv("WARTA_ROOT", str(root))
        assert main(["show", "0123456789abcdef"]) == 1
        err = capsys.readouterr().err
        assert what in err and "is not a Warta repository" in err and "warta init DIR" in err and err.count("\n") == 1
    assert list(empty.iterdir()) == []  # no lock, no cache: a reader writes nothing
