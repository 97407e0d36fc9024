"""A generated corpus of a few thousand articles: sharded, byte-identical whatever the workers, resumable.

The corpus is made offline from the invented fixtures (tests/bench/synthetic.py); the shard
size is lowered so that 2,000 articles make eight shards, as 32,000 would by default.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from bench.synthetic import write_jsonl

from warta.intake.importer import import_sources
from warta.intake.init import init
from warta.layout import Layout, shard_of
from warta.release.manifest import verify
from warta.release.validate import release_problems
from warta.run.build import build

ARTICLES = 2_000
PER_SHARD = "256"  # 2,000 articles -> 8 shards


def release_hashes(layout: Layout) -> dict[str, str]:
    paths = [*layout.data_dir.rglob("*"), *layout.figures_dir.rglob("*"), layout.croissant, layout.readme,
             layout.datasheet]
    return {str(p.relative_to(layout.root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(paths) if p.is_file()}


def built_corpus(root: Path, articles: int, per_shard: str, shards: int) -> Layout:
    """A new repository with ``articles`` generated articles imported and built once with one worker."""
    layout = init(root)
    report = import_sources(layout, [write_jsonl(root.parent / "articles.jsonl", articles)])
    assert len(report.imported) == articles and report.written
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("WARTA_DOCUMENTS_PER_SHARD", per_shard)
        built = build(layout, progress=False, workers=1)
    assert built.shards == shards and built.reused == 0
    return layout


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Layout:
    return built_corpus(tmp_path_factory.mktemp("scale") / "corpus", ARTICLES, PER_SHARD, 8)


@pytest.fixture
def shard_size(monkeypatch) -> None:
    monkeypatch.setenv("WARTA_DOCUMENTS_PER_SHARD", PER_SHARD)


def copy_of(layout: Layout, target: Path) -> Layout:
    shutil.copytree(layout.root, target, symlinks=True)
    return Layout(target)


def test_shards_follow_the_hub_naming_and_hold_their_bucket_ranges(corpus: Layout) -> None:
    import pyarrow.parquet as pq

    names = sorted(p.name for p in (corpus.data_dir / "documents").iterdir())
    assert names == [f"test-{k:05d}-of-00008.parquet" for k in range(8)]
    total = 0
    for k, name in enumerate(names):
        ids = pq.read_table(corpus.data_dir / "documents" / name, columns=["id"]).column("id").to_pylist()
        assert ids == sorted(ids), "rows are sorted within a shard"
        assert {shard_of(i, 8) for i in ids} == {k}
        total += len(ids)
    assert total == ARTICLES


def test_bytes_do_not_depend_on_the_number_of_workers(corpus: Layout, tmp_path, shard_size) -> None:
    other = copy_of(corpus, tmp_path / "two-workers")
    shutil.rmtree(other.cache_dir)
    report = build(other, progress=False, workers=2)
    assert report.reused == 0 and report.shards == 8
    assert release_hashes(other) == release_hashes(corpus)


def test_bytes_do_not_depend_on_the_annotation_batch(corpus: Layout, tmp_path, shard_size, monkeypatch) -> None:
    """Records are annotated in batches (warta.run.shard.ANNOTATE_BATCH); one at a time, or in batches that
    do not divide a shard, the release is the same."""
    from warta.run import shard as shard_module

    for size in (1, 7):
        other = copy_of(corpus, tmp_path / f"batch-{size}")
        shutil.rmtree(other.cache_dir)
        monkeypatch.setattr(shard_module, "ANNOTATE_BATCH", size)
        report = build(other, progress=False, workers=1)
        assert report.reused == 0 and report.shards == 8
        assert release_hashes(other) == release_hashes(corpus)


def test_the_release_validates_verifies_and_loads(corpus: Layout) -> None:
    assert release_problems(corpus) == []
    assert verify(corpus) == []
    snippet = ("import json, sys; from datasets import load_dataset; "
               "d = load_dataset(sys.argv[1], 'documents', split='test'); "
               "print(json.dumps([d.num_rows, len(set(d['id']))]))")
    env = {"HF_HUB_OFFLINE": "1", "HF_DATASETS_OFFLINE": "1", "HF_HOME": str(corpus.root.parent / "hf-home")}
    out = subprocess.run([sys.executable, "-c", snippet, str(corpus.root)], capture_output=True, text=True,
                         env=env, check=True).stdout
    assert json.loads(out.splitlines()[-1]) == [ARTICLES, ARTICLES]


def test_an_increment_recurates_only_its_shards_and_equals_a_clean_build(corpus: Layout, tmp_path,
                                                                        shard_size) -> None:
    grown = copy_of(corpus, tmp_path / "grown")
    extra = write_jsonl(tmp_path / "more.jsonl", 3, start=ARTICLES)
    import_sources(grown, [extra])
    touched = {shard_of(f"syn-{n:07d}", 8) for n in range(ARTICLES, ARTICLES + 3)}
    report = build(grown, progress=False)
    assert report.shards == 8 and report.reused == 8 - len(touched)
    assert report.counts["documents"] == ARTICLES + 3
    clean = copy_of(grown, tmp_path / "clean")
    shutil.rmtree(clean.cache_dir)
    assert build(clean, progress=False).reused == 0
    assert release_hashes(clean) == release_hashes(grown)


def test_a_killed_build_leaves_the_release_and_resumes(corpus: Layout, tmp_path, shard_size, monkeypatch) -> None:
    """A build that dies after some shards keeps the old release; the next one reuses the finished shards."""
    import warta.run.shard as shard_module

    grown = copy_of(corpus, tmp_path / "killed")
    before = release_hashes(grown)
    import_sources(grown, [write_jsonl(tmp_path / "more.jsonl", 40, start=ARTICLES)])
    shutil.rmtree(grown.cache_dir)
    real, done = shard_module._build_into, []

    def dies_after_three(plan, shard, tasks, target, seconds=None):
        if len(done) == 3:
            raise KeyboardInterrupt
        done.append(shard)
        return real(plan, shard, tasks, target, seconds)

    monkeypatch.setattr(shard_module, "_build_into", dies_after_three)
    with pytest.raises(KeyboardInterrupt):
        build(grown, progress=False)
    assert release_hashes(grown) == before
    assert not list(grown.tmp_dir.iterdir())
    monkeypatch.setattr(shard_module, "_build_into", real)
    report = build(grown, progress=False)
    assert report.reused == 3
    clean = copy_of(grown, tmp_path / "clean")
    shutil.rmtree(clean.cache_dir)
    build(clean, progress=False)
    assert release_hashes(clean) == release_hashes(grown)


def test_croissant_describes_the_shards_as_file_sets_that_mlcroissant_reads(corpus: Layout) -> None:
    import mlcroissant as mlc

    meta = json.loads(corpus.croissant.read_text(encoding="utf-8"))
    kinds = {d["@id"]: d["@type"] for d in meta["distribution"]}
    assert kinds["documents-parquet"] == "cr:FileSet"
    dataset = mlc.Dataset(str(corpus.croissant))
    assert not dataset.metadata.ctx.issues.errors
    ids = {record["documents/id"] for record in dataset.records("documents")}
    assert len(ids) == ARTICLES
