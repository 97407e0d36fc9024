"""Metadata of the invented pages 09-34, field by field, against what a careful reader fills in.

Each ``tests/fixtures/articles/NN_name.expected-meta.json`` was written by reading the page
(never by running the toolkit): title, authors, editors, published, dateline_place,
dateline_outlet, cited_sources, image_credits. ``curate()`` must give every field exactly.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from warta.curation.curate import curate

FIXTURES = Path(__file__).parent / "fixtures" / "articles"
PAGES = sorted(p for p in FIXTURES.glob("*.txt") if p.with_name(p.stem + ".expected-meta.json").exists())
FIELDS = ("title", "authors", "editors", "published", "dateline_place", "dateline_outlet",
          "cited_sources", "image_credits")


def test_every_page_from_09_has_its_metadata() -> None:
    numbered = [p for p in FIXTURES.glob("*.txt") if int(p.name[:2]) >= 9]
    assert len(PAGES) == len(numbered) >= 26


@pytest.mark.parametrize("path", PAGES, ids=[p.stem for p in PAGES])
def test_fixture_metadata_fields(path: Path) -> None:
    want = json.loads(path.with_name(path.stem + ".expected-meta.json").read_text(encoding="utf-8"))
    assert set(want) == set(FIELDS)
    record = curate(path.read_bytes(), {"id": "fixture", "outlet": "x", "raw_file": path.name})
    wrong = {f: (record[f], want[f]) for f in FIELDS if record[f] != want[f]}
    assert not wrong, wrong
