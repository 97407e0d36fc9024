"""The shards on Ray: a real local Ray instance builds the same bytes as datatrove's local executor.

A generated corpus of 400 articles in four shards, built once with one local worker, then
again from an empty build cache through ``ray_executor`` on a Ray instance of two CPUs.
"""

from __future__ import annotations

import shutil

import pytest

ray = pytest.importorskip("ray")

from test_scale import built_corpus, copy_of, release_hashes  # noqa: E402

from warta.layout import Layout  # noqa: E402
from warta.run.build import build  # noqa: E402
from warta.run.engine import _connect_ray, ray_executor  # noqa: E402

ARTICLES = 400
PER_SHARD = "100"  # 400 articles -> 4 shards

# datatrove's executor still passes placement groups the way Ray has deprecated
pytestmark = pytest.mark.filterwarnings("ignore:placement_group.*deprecated:DeprecationWarning")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Layout:
    """A new repository with the generated corpus imported and built once with one local worker."""
    return built_corpus(tmp_path_factory.mktemp("ray") / "corpus", ARTICLES, PER_SHARD, 4)


@pytest.fixture
def local_ray(monkeypatch):
    """No Ray yet; whatever the executor starts is shut down after the test."""
    monkeypatch.delenv("RAY_ADDRESS", raising=False)
    if ray.is_initialized():
        ray.shutdown()
    yield
    ray.shutdown()


def test_ray_builds_the_same_bytes_as_the_local_executor(corpus: Layout, tmp_path, monkeypatch, local_ray) -> None:
    other = copy_of(corpus, tmp_path / "on-ray")
    shutil.rmtree(other.cache_dir)
    monkeypatch.setenv("WARTA_DOCUMENTS_PER_SHARD", PER_SHARD)
    report = build(other, progress=False, workers=2, executor=ray_executor(2))
    assert report.shards == 4 and report.reused == 0
    assert release_hashes(other) == release_hashes(corpus)
    assert ray.cluster_resources().get("CPU") == 2
    assert {node["NodeManagerAddress"] for node in ray.nodes()} == {"127.0.0.1"}, "a local instance stays on loopback"
    assert _connect_ray(2) and ray.cluster_resources().get("CPU") == 2, "the running instance is reused"
