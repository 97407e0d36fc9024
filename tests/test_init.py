"""warta init: a new dataset repository with the toolkit's contract and none of this release's articles."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from conftest import ROOT, SEEDS

from warta.cli import main
from warta.describe.card import block_names, split_front_matter
from warta.intake.rawstore import read_raw_bytes
from warta.layout import Layout
from warta.release.schemas import schema_dir

README_BLOCKS = {"version", "documents-count", "annotation-status", "overview", "zones", "example-documents",
                 "layers", "agreement", "adjudication", "curation-scores", "machine-scores"}
DATASHEET_BLOCKS = {"version", "documents-count", "overview", "zones", "layers", "curation-scores",
                    "machine-scores", "agreement",
                    "adjudication"}
ARTICLES = sorted((ROOT / "tests/fixtures/articles").glob("*.txt"))


@pytest.fixture
def fresh(tmp_path, monkeypatch) -> Layout:
    monkeypatch.delenv("WARTA_ROOT", raising=False)
    target = tmp_path / "korpus"
    assert main(["init", str(target)]) == 0
    return Layout(target)


def files_under(root: Path) -> set[str]:
    return {str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()}


def test_init_makes_the_skeleton(tmp_path, capsys) -> None:
    assert main(["init", str(tmp_path / "korpus")]) == 0
    assert "started a Warta dataset repository in" in capsys.readouterr().out
    fresh = Layout(tmp_path / "korpus")
    assert fresh.registry.read_bytes() == b""
    for folder in (fresh.raw_dir, fresh.annotations_dir):  # empty but for what keeps it in git
        assert [p.name for p in folder.iterdir()] == [".gitkeep"]
    schema_files = {f"schema/{name}" for name in files_under(schema_dir())}
    assert {"schema/GUIDELINES.md", "schema/labels.json", "schema/zones.json"} <= schema_files
    assert files_under(fresh.root) == {"README.md", "DATASHEET.md", ".gitignore", "dataset/sources.jsonl",
                                       "dataset/description.toml", "dataset/raw/.gitkeep",
                                       "dataset/annotations/.gitkeep", *schema_files}
    for name in files_under(schema_dir()):
        assert (fresh.schema_dir / name).read_bytes() == (schema_dir() / name).read_bytes()


def test_the_card_is_a_skeleton_with_every_generated_block(fresh: Layout) -> None:
    text = fresh.readme.read_text(encoding="utf-8")
    meta, body = split_front_matter(text, file="README.md")
    assert {"pretty_name", "license", "language", "task_categories"} <= set(meta)
    assert meta["language"] == ["id"] and "TODO" in meta["pretty_name"]
    assert set(block_names(body)) == README_BLOCKS and len(block_names(body)) == len(README_BLOCKS)
    for name in README_BLOCKS:
        assert f"<!-- warta:{name} -->\n" in body and f"<!-- /warta:{name} -->" in body
    for heading in ("## Dataset summary", "## How to build", "## Licensing"):
        assert heading in body
    yaml.safe_load(text.split("---\n")[1])  # plain YAML, as the Hub reads it


def test_the_datasheet_follows_gebru_et_al(fresh: Layout) -> None:
    text = fresh.datasheet.read_text(encoding="utf-8")
    for heading in ("Motivation", "Composition", "Collection process", "Preprocessing, cleaning, labelling",
                    "Uses", "Distribution", "Maintenance"):
        assert f"\n## {heading}\n" in text
    assert set(block_names(text)) == DATASHEET_BLOCKS
    assert text.count("TODO") >= 20


def test_gitignore_keeps_caches_and_build_leftovers_out(fresh: Layout) -> None:
    ignored = (fresh.root / ".gitignore").read_text(encoding="utf-8").splitlines()
    assert {".warta-cache/", "dataset/.build-*/", "dataset/.cache/", "__pycache__/"} <= set(ignored)


def test_nothing_of_this_release_is_copied(fresh: Layout) -> None:
    for path in fresh.root.rglob("*"):
        if path.is_file() and not path.is_relative_to(fresh.schema_dir):
            text = path.read_text(encoding="utf-8")
            assert not any(doc_id in text for doc_id in SEEDS), path
            assert "Korea Utara" not in text and "VIVA" not in text, path


def test_init_refuses_a_folder_that_is_not_empty(tmp_path, capsys) -> None:
    target = tmp_path / "penuh"
    target.mkdir()
    (target / "catatan.txt").write_text("x")
    assert main(["init", str(target)]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err == [f"error: {target}: folder is not empty: a new dataset repository starts in an empty folder "
                   "(hint: give a new or empty folder)"]
    assert sorted(p.name for p in target.iterdir()) == ["catatan.txt"]
    assert main(["init", str(target / "catatan.txt")]) == 1
    assert "exists and is not a folder" in capsys.readouterr().err


def test_init_fills_an_empty_folder(tmp_path) -> None:
    target = tmp_path / "kosong"
    target.mkdir()
    assert main(["init", str(target)]) == 0
    assert (target / "dataset" / "sources.jsonl").is_file()


def test_every_command_finds_the_new_repository(fresh: Layout, monkeypatch) -> None:
    monkeypatch.chdir(fresh.raw_dir)
    assert Layout.find().root == fresh.root.resolve()


def test_import_into_the_new_repository(fresh: Layout, tmp_path, monkeypatch, capsys) -> None:
    monkeypatch.chdir(fresh.root)
    texts = [p.read_text(encoding="utf-8") for p in ARTICLES]
    source = tmp_path / "korpus.jsonl"
    source.write_text("".join(json.dumps({"text": t, "outlet": "KabarContoh"}) + "\n" for t in texts),
                      encoding="utf-8")
    assert main(["import", str(source), "--quiet"]) == 0
    assert f"imported {len(texts)}, duplicates 0, refused 0; raw pack: dataset/raw/pack-" in capsys.readouterr().out
    entries = [json.loads(line) for line in fresh.registry.read_text(encoding="utf-8").splitlines()]
    assert [read_raw_bytes(fresh, e).decode() for e in entries] == texts
    folder = tmp_path / "pages"
    folder.mkdir()
    (folder / "baru.txt").write_text(texts[0] + "Satu kalimat lagi.\n", encoding="utf-8")
    assert main(["add", str(folder / "baru.txt"), "--outlet", "KabarContoh"]) == 0
    assert main(["import", str(folder), "--outlet", "KabarContoh", "--quiet"]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "imported 0, duplicates 1, refused 0"


def test_init_import_build(fresh: Layout, tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("WARTA_ROOT", str(fresh.root))
    folder = tmp_path / "pages"
    folder.mkdir()
    for path in ARTICLES:
        (folder / path.name).write_bytes(path.read_bytes())
    assert main(["import", str(folder), "--outlet", "KabarContoh", "--quiet"]) == 0
    assert main(["build", "--quiet"]) == 0
    assert main(["validate"]) == 0
    assert main(["verify"]) == 0


def test_the_release_of_a_new_repository_describes_its_corpus_not_warta(fresh: Layout, tmp_path, monkeypatch,
                                                                         capsys) -> None:
    monkeypatch.setenv("WARTA_ROOT", str(fresh.root))
    description = fresh.dataset / "description.toml"
    text = description.read_text(encoding="utf-8")
    text = text.replace('name = "TODO: the dataset\'s name"', 'name = "Korpus Berita Jatim"')
    text = text.replace('version = "0.1.0"', 'version = "0.4.2"')
    description.write_text(text, encoding="utf-8")
    folder = tmp_path / "pages"
    folder.mkdir()
    (folder / ARTICLES[0].name).write_bytes(ARTICLES[0].read_bytes())
    assert main(["import", str(folder), "--outlet", "KabarContoh", "--quiet"]) == 0
    assert main(["build", "--quiet"]) == 0
    croissant = json.loads(fresh.croissant.read_text(encoding="utf-8"))
    assert (croissant["name"], croissant["version"]) == ("Korpus Berita Jatim", "0.4.2")
    said = json.dumps(croissant, ensure_ascii=False)
    assert "Warta" not in said and "North Korea" not in said and "warta/warta" not in said
    manifest = json.loads((fresh.data_dir / "MANIFEST.json").read_text(encoding="utf-8"))
    assert (manifest["dataset"], manifest["version"]) == ("korpus_berita_jatim", "0.4.2")
    assert "dataset/description.toml" in [f["path"] for f in manifest["inputs"]["description"]]
    assert "<!-- warta:version -->\n0.4.2\n<!-- /warta:version -->" in fresh.readme.read_text(encoding="utf-8")
    assert "6 config(s) have no rows yet (entities, timex, quotes, events, ner, kb)" in capsys.readouterr().err
    assert main(["verify"]) == 0
    assert "verified korpus_berita_jatim 0.4.2" in capsys.readouterr().out
    description.write_text(text.replace('version = "0.4.2"', 'version = "next"'), encoding="utf-8")
    assert main(["build", "--quiet"]) == 1
    err = capsys.readouterr().err
    assert "description.toml" in err and "not MAJOR.MINOR.PATCH" in err and err.count("\n") == 1
