"""The plan of a build: how many shards, and which registry lines each shard curates.

The registry is read once, as a stream, and every sound line is written to the task file
of its shard (``warta.layout.shard_of``: a function of the document id alone), so no
process holds the registry's entries (the planner keeps only the ids, hashes and single raw
files it has seen, for the duplicate checks), and a worker on another machine needs
nothing but its task file and the repository. The shard count depends only on how many
documents are registered, never on the number of workers.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from warta import __version__
from warta.errors import ProblemList
from warta.intake.registry import scan_registry
from warta.layout import Layout, shard_of
from warta.settings import Limits

DOCUMENTS_PER_SHARD = 4_096
"""Average documents per shard at most. News reports of 3-5 KB raw make documents shards of
tens of MB (well under the few hundred MB that the Hub's viewer and ``datasets`` prefer),
shards small enough that adding articles re-curates little, and enough shards for every
worker of a 10⁴-article build."""


def documents_per_shard() -> int:
    """``DOCUMENTS_PER_SHARD``, or ``$WARTA_DOCUMENTS_PER_SHARD``.

    Part of the release's layout: the same value gives the same shards and bytes.
    """
    from warta.settings import env_int

    return env_int("WARTA_DOCUMENTS_PER_SHARD", DOCUMENTS_PER_SHARD)


def shard_count(documents: int) -> int:
    """The smallest power of two that keeps shards at ``documents_per_shard()`` documents on average.

    A power of two so that when a corpus outgrows it, doubling splits each shard's bucket
    range in two (see ``warta.layout.shard_of``).
    """
    shards, size = 1, documents_per_shard()
    while documents > shards * size:
        shards *= 2
    return shards


def toolkit_fingerprint() -> str:
    """A digest of everything besides the inputs that decides a shard's bytes.

    The toolkit's code, its rule tables, the schemas and the input limits in force: a shard
    reused from the cache must be exactly what this toolkit, so configured, would write (or
    refuse), so any change to them invalidates the cache.
    """
    from warta.release.schemas import schema_dir

    package = Path(__file__).resolve().parents[1]
    digest = hashlib.sha256(f"{__version__}\n{Limits.from_env()!r}\n".encode())
    files = sorted([*package.rglob("*.py"), *package.rglob("*.toml"), *schema_dir().glob("*")])
    for path in files:
        if path.is_file():
            digest.update(path.relative_to(package.parent if path.is_relative_to(package) else
                                           schema_dir().parent).as_posix().encode())
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


@dataclass(frozen=True)
class Plan:
    """What every worker needs to know; plain strings and numbers, so it pickles anywhere."""

    root: str
    staging: str
    shards: int
    documents: int
    toolkit: str
    pass_entries: dict[str, dict] = field(default_factory=dict)  # entries of documents in the study
    limits: Limits = field(default_factory=Limits)  # read once, here: every worker applies the same ones
    shard_cache: str | None = None  # where finished shards go, when not the repository's build cache

    @property
    def layout(self) -> Layout:
        return Layout(Path(self.root), Path(self.shard_cache) if self.shard_cache else None)

    def task_file(self, shard: int) -> Path:
        return Path(self.staging) / "tasks" / f"shard-{shard:05d}.jsonl"

    def result_file(self, shard: int) -> Path:
        return Path(self.staging) / "results" / f"shard-{shard:05d}.json"


def _count_lines(path: Path) -> int:
    if not path.is_file():
        return 0
    with path.open("rb") as handle:
        return sum(1 for line in handle if line.strip())


def make_plan(layout: Layout, staging: Path) -> Plan:
    """Check the registry and write one task file per shard under ``staging``; raise every problem."""
    from warta.annotation.gold import orphan_annotations

    shards = shard_count(_count_lines(layout.registry))
    (staging / "tasks").mkdir(parents=True)
    (staging / "results").mkdir()
    study = layout.annotations_dir / "passes"
    in_study = {p.stem for p in study.glob("*/*.json")} if study.is_dir() else set()
    gold = {p.stem for p in layout.annotations_dir.glob("*.json")} if layout.annotations_dir.is_dir() else set()
    pass_entries: dict[str, dict] = {}
    handles = [(staging / "tasks" / f"shard-{k:05d}.jsonl").open("w", encoding="utf-8") for k in range(shards)]
    documents = 0
    try:
        for source in scan_registry(layout):
            documents += 1
            gold.discard(source.id)
            if source.id in in_study:
                pass_entries[source.id] = source.entry
            handles[shard_of(source.id, shards)].write(
                json.dumps({"line": source.line, "entry": source.entry}, ensure_ascii=False) + "\n")
    finally:
        for handle in handles:
            handle.close()
    orphans = orphan_annotations(layout, set()) if gold else []
    orphans = [p for p in orphans if Path(p.file or "").stem in gold]
    if orphans:
        raise ProblemList(orphans)
    return Plan(root=str(layout.root), staging=str(staging), shards=shards, documents=documents,
                toolkit=toolkit_fingerprint(), pass_entries=pass_entries, limits=Limits.from_env(),
                shard_cache=str(layout.shard_cache) if layout.shard_cache else None)
