"""warta build: byte-identical rebuilds, atomic failure, and loading with datasets offline."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from warta.errors import WartaError
from warta.layout import Layout
from warta.run.build import build


def hashes(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_rebuild_reproduces_the_committed_release(repo: Layout, workcopy: Layout) -> None:
    committed = hashes(repo.data_dir)
    assert committed, "no committed release under dataset/data/"
    build(workcopy, progress=False)
    assert hashes(workcopy.data_dir) == committed
    build(workcopy, progress=False)
    assert hashes(workcopy.data_dir) == committed
    assert workcopy.readme.read_text(encoding="utf-8") == repo.readme.read_text(encoding="utf-8")


def test_no_machine_path_in_any_built_file(workcopy: Layout) -> None:
    build(workcopy, progress=False)
    built = [*workcopy.data_dir.rglob("*"), workcopy.croissant, workcopy.readme, workcopy.datasheet]
    for path in (p for p in built if p.is_file()):
        data = path.read_bytes()
        assert str(workcopy.root).encode() not in data, path
        assert b"/tmp/" not in data and b"/root/" not in data and b"/home/" not in data, path


def test_broken_raw_file_fails_and_leaves_release_untouched(workcopy: Layout) -> None:
    build(workcopy, progress=False)
    before = hashes(workcopy.data_dir)
    readme_before = workcopy.readme.read_bytes()
    raw = next(workcopy.raw_dir.glob("002_*"))
    raw.write_bytes(raw.read_bytes() + b"\xff")
    with pytest.raises(WartaError) as err:
        build(workcopy, progress=False)
    assert "002_101de1eb255d4fba.txt" in str(err.value.one_line())
    assert hashes(workcopy.data_dir) == before
    assert workcopy.readme.read_bytes() == readme_before
    assert not list(workcopy.tmp_dir.iterdir())


def test_failure_while_writing_leaves_release_untouched(workcopy: Layout, monkeypatch) -> None:
    build(workcopy, progress=False)
    before = hashes(workcopy.data_dir)

    def explode(*args, **kwargs):
        raise OSError("disk full")

    shutil.rmtree(workcopy.cache_dir)  # else the unchanged shard is reused, not written
    monkeypatch.setattr("warta.release.parquet_io.RowWriter._flush", explode)
    with pytest.raises(OSError):
        build(workcopy, progress=False)
    assert hashes(workcopy.data_dir) == before
    assert not list(workcopy.tmp_dir.iterdir())


LOAD_SNIPPET = """
from pathlib import Path
from datasets import load_dataset

root = Path({root!r}).resolve()
docs = load_dataset(str(root), "documents", split="test")
import json
print(json.dumps({{"n": docs.num_rows, "columns": docs.column_names,
                  "ids": sorted(docs["id"])}}))
"""


def test_load_dataset_offline_with_the_documented_call(repo: Layout, tmp_path: Path) -> None:
    readme = repo.readme.read_text(encoding="utf-8")
    assert 'load_dataset(str(root), "documents", split="test")' in readme
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "HF_DATASETS_OFFLINE": "1",
           "HF_HOME": str(tmp_path / "hf")}
    out = subprocess.run([sys.executable, "-c", LOAD_SNIPPET.format(root=str(repo.root))],
                         env=env, capture_output=True, text=True, cwd=tmp_path, check=True)
    result = json.loads(out.stdout.strip().splitlines()[-1])
    from warta.intake.registry import load_registry

    registered = sorted(s.id for s in load_registry(repo))
    assert result["n"] == len(registered) and result["ids"] == registered
    assert {"101de1eb255d4fba", "eb89c155b02eb356"} <= set(result["ids"])
    for field in ("id", "outlet", "title", "authors", "published", "dateline_place",
                  "cited_sources", "image_credits", "language", "url", "raw_sha256",
                  "raw_text", "text", "segments"):
        assert field in result["columns"]


def test_failure_after_the_data_is_written_leaves_everything_untouched(workcopy: Layout, tmp_path,
                                                                        monkeypatch) -> None:
    from warta.intake.add import add

    build(workcopy, progress=False)
    before = hashes(workcopy.dataset)
    card = (workcopy.readme.read_bytes(), workcopy.datasheet.read_bytes())
    article = tmp_path / "a.txt"
    article.write_text("Judul Berita Contoh tentang Banjir di Kota\nHujan deras merendam ratusan rumah warga "
                       "di tiga kelurahan sejak Minggu malam, kata petugas.\n", encoding="utf-8")
    add(workcopy, article, outlet="Contoh")
    registered = hashes(workcopy.dataset)
    monkeypatch.setenv("WARTA_FAULT", "stage DATASHEET.md:ENOSPC")
    with pytest.raises(OSError):
        build(workcopy, progress=False)
    after = hashes(workcopy.dataset)
    assert {k: v for k, v in after.items() if k.startswith("data/")} == \
        {k: v for k, v in before.items() if k.startswith("data/")}
    assert after == registered  # only the add's raw file and registry line differ from before
    assert (workcopy.readme.read_bytes(), workcopy.datasheet.read_bytes()) == card
    leftovers = [p for p in workcopy.root.rglob(".*tmp-*")] + list(workcopy.tmp_dir.iterdir())
    assert leftovers == []


def test_a_release_file_edited_in_place_is_not_published_again(workcopy: Layout) -> None:
    """Release files are hard links into the build cache: an edit in place makes the shard be rebuilt."""
    build(workcopy, progress=False)
    good = hashes(workcopy.data_dir)
    shard = workcopy.data_dir / "documents" / "test-00000-of-00001.parquet"
    with shard.open("r+b") as handle:
        handle.seek(100)
        byte = handle.read(1)
        handle.seek(100)
        handle.write(bytes([byte[0] ^ 0xFF]))
    assert hashes(workcopy.data_dir) != good
    report = build(workcopy, progress=False)
    assert report.reused == 0
    assert hashes(workcopy.data_dir) == good
