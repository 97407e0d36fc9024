"""Zoning of invented articles that cover conventions the seeds do not show.

Each ``tests/fixtures/articles/NN_name.txt`` has a hand-written ``.expected.tsv``: one line
per segment, ``zone<TAB>segment text``, decided from the zone definitions by reading the page.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from warta.curation.curate import curate

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
    from warta.release.schemas import load_inventory

    zones = {z for path in ARTICLES for z, _ in expected(path)}
    assert zones == {z["name"] for z in load_inventory("zones")["zones"]}


@pytest.mark.parametrize("line, credit", [
    ("Petugas memadamkan api di Pasar Contoh, Senin. (ANTARA/Budi Santoso)", "ANTARA/Budi Santoso"),
    ("Warga mengungsi ke masjid terdekat. (ANTARA FOTO/Rina Wulandari)", "ANTARA FOTO/Rina Wulandari"),
    ("Suasana sidang di gedung DPR. (KabarContoh.com/Andi Saputra)", "KabarContoh.com/Andi Saputra"),
    ("Banjir merendam permukiman warga. (Foto: Dok. BPBD)", "Dok. BPBD"),
    ("Tim SAR menyisir sungai. /Foto: Istimewa", "Istimewa"),
])
def test_captions_ending_in_a_photo_credit(line: str, credit: str) -> None:
    body = ("Hujan deras sejak Minggu malam membuat sungai meluap dan merendam ratusan rumah di "
            "tiga kelurahan, menurut keterangan petugas setempat.")
    raw = f"{body}\n{line}\n{body.replace('Minggu', 'Senin')}\n".encode()
    record = curate(raw, {"id": "caption", "outlet": "x", "raw_file": "c.txt"})
    zones = [(s["zone"], s["text"]) for s in record["segments"]]
    assert zones[1][0] == "caption" and zones[2][0] == "credit", zones
    assert record["image_credits"] == [credit]
    assert line.split(" (")[0].split(" /")[0] not in record["text"]
    assert "ANTARA" not in record["cited_sources"]


@pytest.mark.parametrize("edit, words", [
    (lambda t: t.replace("pattern = '(?i){TIME}'", "pattern = '(?i){TIMES}'"), "unknown placeholder {TIMES}"),
    (lambda t: t.replace('name = "scroll"\nzone = "promo"', 'name = "scroll"\nzone = "promos"'),
     "'promos' is not in schema/zones.json"),
    (lambda t: t.replace('name = "click-here"\nzone = "promo"\nsearch = true',
                         'name = "click-here"\nzone = "promo"\nserach = true'), "unknown key(s) ['serach']"),
])
def test_a_broken_rule_table_is_refused_when_loaded(tmp_path: Path, edit, words: str) -> None:
    from warta.curation.rules import RULES_FILE, RuleTableError, load_rules

    broken = tmp_path / "zoning.toml"
    text = RULES_FILE.read_text(encoding="utf-8")
    assert edit(text) != text, "the edit did not apply"
    broken.write_text(edit(text), encoding="utf-8")
    with pytest.raises(RuleTableError, match=re.escape(words)):
        load_rules(broken)


# Metadata a careful reader takes from each invented page (None: not printed on the page).
FIXTURE_METADATA = {
    "01_banjir-cipinang": {"title": "Banjir Rendam Ratusan Rumah di Cipinang Melayu, Ribuan Warga Mengungsi",
                           "authors": ["Rina Kusumawardani"], "published": "2025-06-12T14:05:00+07:00",
                           "dateline_place": "JAKARTA"},
    "02_kebakaran-pasar": {"title": "Kebakaran Hebat Hanguskan 85 Kios di Pasar Tambak Wangi Surabaya",
                           "authors": ["Yoga Pratama"], "published": "2025-04-28T14:05:00+07:00",
                           "dateline_place": "SURABAYA"},
    "03_kapal-tenggelam": {"authors": ["Andi Nurhaliza"], "published": "2025-06-12T09:30:00+08:00",
                           "dateline_place": "MAKASSAR"},
    "04_bus-listrik": {"authors": ["Citra Maharani"], "published": "2025-04-28", "dateline_place": "Bandung"},
    "05_gempa-miyagi": {"authors": ["Farhan Maulidi"], "published": "2025-06-03T10:15:00+07:00",
                        "dateline_place": "TOKYO"},
    "06_dermaga-ambon-hal2": {"title": None, "authors": []},
    "07_kekeringan-kupang": {"authors": ["Maria Goreti Lado"], "published": "2025-05-14T08:45:00+08:00",
                             "dateline_place": None},
    "08_harga-beras": {"authors": ["Reza Harahap"], "published": "2025-06-20T11:20:00+07:00",
                       "dateline_place": "MEDAN"},
}


@pytest.mark.parametrize("name", sorted(FIXTURE_METADATA))
def test_fixture_metadata(name: str) -> None:
    path = FIXTURES / f"{name}.txt"
    record = curate(path.read_bytes(), {"id": "fixture", "outlet": "x", "raw_file": path.name})
    want = FIXTURE_METADATA[name]
    assert {k: record[k] for k in want} == want
