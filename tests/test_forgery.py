"""What each check can see: a forged title, with its hashes recomputed in one place or in all.

``verify`` re-hashes and cross-checks every hash the release states twice (manifest,
croissant.json, card); ``validate`` derives every row again from raw + registry + gold;
``verify --rebuild`` builds the whole release again and compares bytes, the only
complete check.
"""

from __future__ import annotations

import json

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from warta.cli import main
from warta.curation.rawtext import sha256_hex
from warta.layout import Layout

DOCUMENTS = "dataset/data/documents/test-00000-of-00001.parquet"


@pytest.fixture
def built(workcopy: Layout, monkeypatch, capsys) -> Layout:
    monkeypatch.setenv("WARTA_ROOT", str(workcopy.root))
    assert main(["build", "--quiet"]) == 0
    capsys.readouterr()
    return workcopy


def _forge_title(layout: Layout) -> None:
    path = layout.root / DOCUMENTS
    table = pq.read_table(path)
    titles = table.column("title").to_pylist()
    titles[1] = "Judul Palsu"
    table = table.set_column(table.schema.get_field_index("title"), "title", pa.array(titles, pa.string()))
    pq.write_table(table, path)


def _rehash_manifest(layout: Layout, *, croissant_too: bool) -> None:
    manifest_path = layout.data_dir / "MANIFEST.json"
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    data = (layout.root / DOCUMENTS).read_bytes()
    entry = next(e for e in manifest["files"] if e["path"] == DOCUMENTS)
    entry.update(sha256=sha256_hex(data), size=len(data))
    if croissant_too:
        croissant = json.loads(layout.croissant.read_text(encoding="utf-8"))
        item = next(d for d in croissant["distribution"] if d.get("contentUrl") == DOCUMENTS.removeprefix("dataset/"))
        item.update(sha256=entry["sha256"], contentSize=f"{len(data)} B")
        layout.croissant.write_text(json.dumps(croissant, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        meta = manifest["metadata"][0]
        meta.update(sha256=sha256_hex(layout.croissant.read_bytes()), size=layout.croissant.stat().st_size)
    manifest_path.write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def test_a_forged_title_with_its_manifest_entry_recomputed_is_caught_by_every_check(built: Layout, capsys) -> None:
    _forge_title(built)
    _rehash_manifest(built, croissant_too=False)
    assert main(["verify"]) == 1
    assert "dataset/croissant.json: documents-parquet: sha256" in capsys.readouterr().err
    assert main(["validate"]) == 1
    err = capsys.readouterr().err
    assert f"{DOCUMENTS}: document" in err and "title is 'Judul Palsu' in the release, but raw + registry + gold " \
                                              "give" in err, err


def test_a_forgery_consistent_in_every_hash_is_caught_by_validate_and_rebuild(built: Layout, capsys) -> None:
    _forge_title(built)
    _rehash_manifest(built, croissant_too=True)
    assert main(["verify"]) == 0  # every stated hash agrees: what verify promises, and no more
    capsys.readouterr()
    assert main(["validate"]) == 1
    assert "title is 'Judul Palsu' in the release" in capsys.readouterr().err
    assert main(["verify", "--rebuild"]) == 1
    err = capsys.readouterr().err
    assert f"error: {DOCUMENTS}: differs from a rebuild: row 1 (document" in err
    assert "title is 'Judul Palsu' in the release" in err and "dataset/croissant.json: differs from a rebuild" in err


def test_a_generated_block_edited_by_hand_is_caught_by_the_rebuild(built: Layout, capsys) -> None:
    text = built.readme.read_text(encoding="utf-8")
    marker = "<!-- warta:zones -->\n"
    assert marker in text
    built.readme.write_text(text.replace(marker, marker + "| body | 999 |\n", 1), encoding="utf-8")
    assert main(["verify"]) == 0
    capsys.readouterr()
    assert main(["verify", "--rebuild"]) == 1
    assert "error: README.md: differs from a rebuild: first at line" in capsys.readouterr().err
    assert main(["build", "--quiet"]) == 0 and main(["verify", "--rebuild"]) == 0


@pytest.mark.parametrize("edit, words", [
    (lambda c: c["distribution"][0].update(sha256="0" * 64), "documents-parquet: sha256 0000"),
    (lambda c: c["distribution"][1].update(contentSize="1 B"), "entities-parquet: contentSize '1 B'"),
    (lambda c: c["distribution"].pop(2), "release file data/timex/test-00000-of-00001.parquet is not described"),
])
def test_croissant_entries_are_checked_against_the_manifest(built: Layout, capsys, edit, words) -> None:
    croissant = json.loads(built.croissant.read_text(encoding="utf-8"))
    edit(croissant)
    built.croissant.write_text(json.dumps(croissant, indent=2) + "\n", encoding="utf-8")
    _rehash_manifest(built, croissant_too=False)
    manifest_path = built.data_dir / "MANIFEST.json"
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    manifest["metadata"][0].update(sha256=sha256_hex(built.croissant.read_bytes()), size=built.croissant.stat().st_size)
    manifest_path.write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    assert main(["verify"]) == 1
    assert words in capsys.readouterr().err


def test_the_card_s_document_count_is_checked(built: Layout, capsys) -> None:
    text = built.readme.read_text(encoding="utf-8")
    built.readme.write_text(text.replace("<!-- warta:documents-count -->\n2\n", "<!-- warta:documents-count -->\n3\n"),
                            encoding="utf-8")
    assert main(["verify"]) == 1
    assert "the card says '3' documents, the manifest 2" in capsys.readouterr().err
