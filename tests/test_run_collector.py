"""The cyclic collector is paused while a shard is built, and always put back as it was."""

from __future__ import annotations

import gc
import weakref

import pytest

import warta.run.shard as shard_module
from warta.run.collector import collector_paused


class _Node:
    def __init__(self) -> None:
        self.me = self  # a reference cycle: only the cyclic collector frees it


@pytest.fixture
def collector_on():
    was = gc.isenabled()
    gc.enable()
    yield
    (gc.enable if was else gc.disable)()


def test_paused_inside_and_enabled_after(collector_on):
    with collector_paused():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_a_cycle_made_inside_is_freed_at_the_end(collector_on):
    gc.disable()  # off before and after: only the pause's own collection can free the cycle
    with collector_paused():
        node = _Node()
        alive = weakref.ref(node)
        del node
        kept = [[] for _ in range(10_000)]  # net allocations that would have started collections
        assert alive() is not None
    assert alive() is None
    del kept


def test_restored_when_the_final_collection_is_interrupted(collector_on, monkeypatch):
    def interrupted(*args):
        raise KeyboardInterrupt

    monkeypatch.setattr(gc, "collect", interrupted)
    with pytest.raises(KeyboardInterrupt), collector_paused():
        pass
    monkeypatch.undo()
    assert gc.isenabled()


def test_restored_when_the_body_fails(collector_on):
    with pytest.raises(RuntimeError), collector_paused():
        raise RuntimeError("a shard failed")
    assert gc.isenabled()


def test_a_caller_that_turned_it_off_keeps_it_off(collector_on):
    gc.disable()
    with collector_paused():
        pass
    assert not gc.isenabled()


def test_a_shard_is_built_with_the_collector_paused(collector_on, monkeypatch, tmp_path):
    seen = []

    def build_into(*args, **kwargs):
        seen.append(gc.isenabled())
        return []

    monkeypatch.setattr(shard_module, "_build_into", build_into)
    monkeypatch.setattr(shard_module, "read_tasks", lambda plan, shard: [])
    monkeypatch.setattr(shard_module, "fingerprint", lambda plan, shard, tasks: "f" * 64)

    class Plan:
        class layout:
            shards_dir = tmp_path / "shards"

        def result_file(self, shard):
            return tmp_path / f"result-{shard}.json"

    shard_module.run_shard(Plan(), 0)
    assert seen == [False]
    assert gc.isenabled()
