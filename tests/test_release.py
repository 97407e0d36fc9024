"""Release engineering: version everywhere, the manifest and verify, card metadata, figures."""

from __future__ import annotations

import json

import pytest
from conftest import copy_repo

from warta import __version__
from warta.cli import main
from warta.curation.rawtext import sha256_hex
from warta.layout import Layout
from warta.release.manifest import load_manifest, verify
from warta.run.build import build


def test_one_version_everywhere(repo: Layout) -> None:
    manifest = load_manifest(repo)
    assert manifest["version"] == manifest["toolkit_version"] == __version__
    readme = repo.readme.read_text(encoding="utf-8")
    assert f"<!-- warta:version -->\n{__version__}\n<!-- /warta:version -->" in readme
    assert f'version: "{__version__}"' in (repo.root / "CITATION.cff").read_text(encoding="utf-8")
    assert f"## {__version__} — " in (repo.root / "CHANGELOG.md").read_text(encoding="utf-8")


def test_manifest_lists_every_release_file_and_input(repo: Layout) -> None:
    manifest = load_manifest(repo)
    files = sorted(p.relative_to(repo.root).as_posix() for p in repo.data_dir.rglob("*.parquet"))
    assert sorted(f["path"] for f in manifest["files"]) == files
    for entry in manifest["files"]:
        data = (repo.root / entry["path"]).read_bytes()
        assert entry["sha256"] == sha256_hex(data) and entry["size"] == len(data)
    assert manifest["total_size"] == sum(f["size"] for f in manifest["files"])
    raw = {e["path"] for e in manifest["inputs"]["raw"]}
    assert raw == {f"dataset/raw/{p.name}" for p in repo.raw_dir.iterdir()}
    assert {e["path"] for e in manifest["inputs"]["annotations"]} >= {
        "dataset/annotations/eb89c155b02eb356.json", "dataset/annotations/adjudication.jsonl"}
    assert verify(repo) == []


@pytest.mark.parametrize("damage, words", [
    (lambda lay: _flip_byte(lay.data_dir / "entities" / "test-00000-of-00001.parquet"), "release file changed"),
    (lambda lay: (lay.data_dir / "timex" / "test-00000-of-00001.parquet").unlink(), "release file is missing"),
    (lambda lay: (lay.data_dir / "extra.csv").write_text("x"), "not in the manifest"),
    (lambda lay: _flip_byte(next(lay.raw_dir.glob("000_*"))), "raw changed"),
    (lambda lay: (lay.data_dir / "MANIFEST.json").write_text("{not json"), "manifest does not parse"),
])
def test_verify_reports_each_mismatch(tmp_path, monkeypatch, capsys, damage, words: str) -> None:
    layout = copy_repo(tmp_path / "repo")
    build(layout, progress=False)
    damage(layout)
    monkeypatch.setenv("WARTA_ROOT", str(layout.root))
    assert main(["verify"]) == 1
    err = capsys.readouterr().err
    assert words in err and "Traceback" not in err, err


def _flip_byte(path) -> None:
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))


def test_card_metadata_parses_with_huggingface_hub(repo: Layout) -> None:
    from huggingface_hub import DatasetCard

    card = DatasetCard.load(repo.readme)
    meta = card.data.to_dict()
    assert meta["pretty_name"] == "Warta" and meta["language"] == ["id"]
    for key in ("license", "task_categories", "task_ids", "size_categories", "annotations_creators",
                "language_creators", "multilinguality", "source_datasets", "tags", "configs", "dataset_info"):
        assert meta.get(key), key
    assert meta["size_categories"] == ["n<1K"]
    assert meta["multilinguality"] == "monolingual"
    assert {c["config_name"] for c in meta["configs"]} == {i["config_name"] for i in meta["dataset_info"]}
    text = card.text
    for section in ("## Dataset summary", "## Supported tasks", "## Languages", "## Dataset structure",
                    "## Dataset creation", "### Curation rationale", "### Source data", "### Annotation process",
                    "## Considerations for using the data", "### Social impact", "### Biases", "### Limitations",
                    "## Licensing", "## Citation"):
        assert section in text, section
    first = text.split("## Dataset summary")[0]
    assert 'pip install -e ".[test]" && warta build' in first
    assert "HF_HUB_OFFLINE=1 HF_DATASETS_OFFLINE=1 pytest" in first


def test_ci_runs_exactly_the_readme_test_command(repo: Layout) -> None:
    ci = (repo.root / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert ci[-1] == "HF_HUB_OFFLINE=1 HF_DATASETS_OFFLINE=1 pytest"
    assert 'pip install --quiet -e ".[test]"' in ci


def test_figures_redraw_byte_for_byte(repo: Layout) -> None:
    from warta.describe.plots import figures
    from warta.describe.summary import summarize
    from warta.run.build import curate_all

    drawn = figures(summarize(curate_all(repo, progress=False)))
    for name, data in drawn.items():
        assert (repo.figures_dir / name).read_bytes() == data, f"{name}: run warta build"
        assert f"dataset/figures/{name}" in repo.datasheet.read_text(encoding="utf-8")


def test_manifest_is_what_the_build_writes(repo: Layout) -> None:
    from warta.release.configs import CONFIGS
    from warta.release.manifest import build_manifest, described, dumps, hash_inputs

    text = (repo.data_dir / "MANIFEST.json").read_text(encoding="utf-8")
    expected = build_manifest(repo, repo.data_dir, CONFIGS, hash_inputs(repo))
    expected["metadata"] = [described("dataset/croissant.json", repo.croissant.read_bytes())]
    assert text == dumps(expected), "run warta build"


@pytest.mark.parametrize("edit, words", [
    (lambda m: m["files"][0].pop("sha256"), "lacks a 'path' or 'sha256'"),
    (lambda m: m["files"][0].update(path="../outside.parquet"), "leaves the repository"),
    (lambda m: m["files"][0].update(path="README.md"), "is not under dataset/data/"),
    (lambda m: m.update(inputs=[]), "'files' (a list) or 'inputs' (an object) missing"),
])
def test_a_malformed_manifest_is_one_clear_error(tmp_path, monkeypatch, capsys, edit, words: str) -> None:
    layout = copy_repo(tmp_path / "repo")
    build(layout, progress=False)
    path = layout.data_dir / "MANIFEST.json"
    manifest = json.loads(path.read_text(encoding="utf-8"))
    edit(manifest)
    path.write_text(json.dumps(manifest), encoding="utf-8")
    monkeypatch.setenv("WARTA_ROOT", str(layout.root))
    assert main(["verify"]) == 1
    err = capsys.readouterr().err
    assert "manifest does not parse" in err and words in err and "Traceback" not in err, err
