"""Zoning of invented articles that cover conventions the seeds do not show.

Each ``tests/fixtures/articles/NN_name.txt`` has a hand-written ``.expected.tsv``: one line
per segment, ``zone<TAB>segment text``, decided from the zone definitions by reading the page.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from warta.curate import curate

FIXTURES = Path(__file__).parent / "fixtures" / "articles"
ARTICLES = sorted(FIXTURES.glob("*.txt"))


def expected(path: Path) -> list[tuple[str, str]]:
    lines = path.with_suffix(".expected.tsv").read_text(encoding="utf-8").splitlines()
    return [tuple(line.split("\t", 1)) for line in lines if line.strip()]


@pytest.mark.parametrize("path", ARTICLES, ids=[p.stem for p in ARTICLES])
def test_every_segment_zone(path: Path) -> None:
    record = curate(path.read_bytes(), {"id": "fixture", "outlet": "x", "raw_file": path.name})
    got = [(s["zone"], s["text"]) for s in record["segments"]]
    want = expected(path)
    assert [t for _, t in got] == [t for _, t in want], "segment boundaries differ"
    wrong = [(t[:60], z, w) for (z, t), (w, _) in zip(got, want, strict=True) if z != w]
    assert not wrong, wrong


def test_fixtures_cover_every_zone() -> None:
    from warta.schemas import load_inventory

    zones = {z for path in ARTICLES for z, _ in expected(path)}
    assert zones == {z["name"] for z in load_inventory("zones")["zones"]}
