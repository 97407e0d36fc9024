"""The card's YAML and the schemas agree; the figures in the prose are the data's."""

from __future__ import annotations

import hashlib

from warta.describe.card import card_metadata, split_front_matter
from warta.describe.stats import blocks
from warta.layout import Layout
from warta.release.configs import CONFIGS
from warta.release.schemas import load_inventory, load_schema
from warta.run.build import curate_all


def test_card_configs_and_features_are_derived_from_the_schemas(repo: Layout) -> None:
    meta, _ = split_front_matter(repo.readme.read_text(encoding="utf-8"), file="README.md")
    derived = card_metadata()
    assert meta["configs"] == derived["configs"]
    assert meta["dataset_info"] == derived["dataset_info"]
    assert [c["config_name"] for c in meta["configs"]] == [c.name for c in CONFIGS]
    assert [c["config_name"] for c in meta["configs"] if c.get("default")] == ["documents"]


def test_zone_enum_is_the_inventory() -> None:
    names = [z["name"] for z in load_inventory("zones")["zones"]]
    assert load_schema("zone")["enum"] == names
    assert all(z["definition"].strip() for z in load_inventory("zones")["zones"])


def test_committed_figures_match_the_data(repo: Layout) -> None:
    text = repo.readme.read_text(encoding="utf-8")
    from warta.annotation.study import load_study
    from warta.describe.card import block_names

    tables = {c.name: c.rows(curate_all(repo, progress=False)) for c in CONFIGS}
    generated = blocks(tables, load_study(repo))
    datasheet = repo.datasheet.read_text(encoding="utf-8")
    for doc_name, doc in (("README.md", text), ("DATASHEET.md", datasheet)):
        names = block_names(doc)
        assert names, f"{doc_name} has no generated figures"
        for name in names:
            marker = f"<!-- warta:{name} -->\n{generated[name]}\n<!-- /warta:{name} -->"
            assert marker in doc, f"{doc_name} block {name!r} differs from the data: run warta build"
    for name in ("overview", "zones", "layers", "agreement", "curation-scores"):
        assert name in block_names(datasheet), name


def test_registry_lines_validate(repo: Layout) -> None:
    from warta.intake.registry import load_registry

    sources = load_registry(repo)
    assert [s.id for s in sources][:2] == ["eb89c155b02eb356", "101de1eb255d4fba"]
    for source in sources:
        raw = (repo.raw_dir / source.entry["raw_file"]).read_bytes()
        assert hashlib.sha256(raw).hexdigest() == source.entry["sha256"], source.id
