"""Metadata of both seeds, and the date table on the conventions Indonesian pages use."""

from __future__ import annotations

import pytest
from conftest import seed_bytes, seed_entry

from warta.curation.curate import curate
from warta.curation.dates import parse_published

EXPECTED = {
    "eb89c155b02eb356": {
        "outlet": "VIVA", "title": None, "authors": [], "editors": [],
        "published": "2025-04-29T08:41:00+07:00", "dateline_place": None, "dateline_outlet": "VIVA",
        "cited_sources": ["Anadolu Agency"], "image_credits": ["Associated Press (AP)"],
    },
    "101de1eb255d4fba": {
        "outlet": "LBJ",
        "title": "Resmi! Korea Utara Akui Kirim Tentara ke Rusia untuk Bantu Perang di Ukraina",
        "authors": ["Shandi March"], "editors": [], "published": "2025-04-28", "dateline_place": None,
        "dateline_outlet": "LBJ",
        "cited_sources": ["KCNA", "Kyodo"], "image_credits": ["X-@ZelenskyyUA"],
    },
}


@pytest.mark.parametrize("doc_id", sorted(EXPECTED))
def test_seed_metadata(doc_id: str) -> None:
    record = curate(seed_bytes(doc_id), seed_entry(doc_id))
    assert {k: record[k] for k in EXPECTED[doc_id]} == EXPECTED[doc_id]


@pytest.mark.parametrize("lines, expected", [
    (["Selasa, 29 April 2025 - 08:41 WIB"], "2025-04-29T08:41:00+07:00"),
    (["SENIN, 28 APRIL 2025 14:05 WITA"], "2025-04-28T14:05:00+08:00"),
    (["Kamis, 12 Juni 2025", "14:05 WIT"], "2025-06-12T14:05:00+09:00"),
    (["12/06/2025, 09.30 WIB"], "2025-06-12T09:30:00+07:00"),
    (["Diperbarui: 3 Mar 2025 - 17:20 WIT"], "2025-03-03T17:20:00+09:00"),
    (["28 Apr 2025"], "2025-04-28"),
    (["Jum'at, 7 Nop 2025 pukul 10.00"], "2025-11-07"),  # no zone printed: not an instant
    (["31 Februari 2025"], None),  # not a date: no guess
    ([], None),
])
def test_published_table(lines: list[str], expected: str | None) -> None:
    assert parse_published(lines) == expected


def test_published_never_takes_the_year_from_the_clock() -> None:
    assert parse_published(["Selasa, 29 April"]) is None
