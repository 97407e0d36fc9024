"""Zoning of the two seed articles: every segment's zone, decided by reading the pages."""

from __future__ import annotations

import pytest
from conftest import seed_bytes, seed_entry

from warta.curation.curate import curate

# (zone, first characters of the segment) for every segment, in reading order
VIVA = [
    ("dateline", "Selasa, 29 April 2025 - 08:41 WIB"),
    ("dateline", "VIVA –"),
    ("body", "Amerika Serikat menyuarakan"),
    ("body", "Sikap tersebut disampaikan"),
    ("body", "Sokongan terhadap pasukan"),
    ("body", '"Negara ketiga'),
    ("caption", "VIVA Militer: Kim Jong-un bersama Vladimir Putin"),
    ("credit", "Photo :"),
    ("credit", "- Associated Press (AP)"),
    ("body", "Bruce menegaskan"),
    ("body", "Ia juga menyoroti"),
    ("body", "Bentuk kerja sama"),
    ("body", "Washington telah"),
    ("caption", "VIVA Militer: Tentara Rakyat Korea Utara (KPA)"),
    ("body", "Hal ini dinilai"),
    ("body", "Kepala Staf Umum Rusia"),
    ("body", "Gerasimov mengumumkan"),
    ("pagination", "Halaman Selanjutnya"),
    ("duplicate", "Bentuk kerja sama"),
]
LBJ = [
    ("headline", "Resmi! Korea Utara Akui"),
    ("byline", "By Shandi March"),
    ("dateline", "28 Apr 2025"),
    ("debris", ".jpeg)"),
    ("caption", "Seorang tentara yang terluka"),
    ("credit", "(X-@ZelenskyyUA)"),
    ("dateline", "LBJ -"),
    ("body", "Untuk pertama kalinya"),
    ("body", "Pengiriman tentara tersebut"),
    ("body", '"Pasukan Korut'),
    ("related", "Baca juga : Trump Desak"),
    ("body", "Keterlibatan militer Korea Utara juga"),
    ("body", "Dalam pernyataannya"),
    ("body", "KCNA menambahkan"),
    ("related", "Baca juga : Ledakan Dahsyat"),
    ("body", "Pemimpin Korea Utara"),
    ("body", "Sebagai imbalan"),
    ("body", "Keterlibatan langsung"),
    ("debris", "***"),
    ("source", "Sumber: Kyodo"),
    ("promo", "Update Cepat, Info Lengkap!"),
]


@pytest.mark.parametrize("doc_id, expected", [("eb89c155b02eb356", VIVA), ("101de1eb255d4fba", LBJ)])
def test_every_segment_zone(doc_id: str, expected: list[tuple[str, str]]) -> None:
    record = curate(seed_bytes(doc_id), seed_entry(doc_id))
    got = [(s["zone"], s["text"]) for s in record["segments"]]
    assert len(got) == len(expected), [g[1][:30] for g in got]
    for (zone, text), (want_zone, want_start) in zip(got, expected, strict=True):
        assert text.startswith(want_start), (text, want_start)
        assert zone == want_zone, (text[:50], zone, want_zone)


def test_viva_duplicate_is_the_repeated_paragraph() -> None:
    record = curate(seed_bytes("eb89c155b02eb356"), seed_entry("eb89c155b02eb356"))
    dup = next(s for s in record["segments"] if s["zone"] == "duplicate")
    firsts = [s for s in record["segments"] if s["zone"] == "body" and s["text"] == dup["text"]]
    assert len(firsts) == 1 and firsts[0]["raw_start"] < dup["raw_start"]
    assert dup["text"] not in record["text"].replace(firsts[0]["text"], "", 1)


def test_lbj_end_mark_is_cut_from_the_last_paragraph() -> None:
    record = curate(seed_bytes("101de1eb255d4fba"), seed_entry("101de1eb255d4fba"))
    last_body = [s for s in record["segments"] if s["zone"] == "body"][-1]
    assert last_body["text"].endswith("konflik bersenjata di Ukraina.")
    assert "***" not in record["text"]
