"""Machine quotes (warta.machine.quotes) on invented sentences: every quotation mark, cues after and
before, -nya, pronouns resolved to entities, quotes continued across paragraphs, indirect cues,
`bahwa`, prose zones only, span integrity (property test) and linear work.

All sentences, people and places here are invented for the tests.
"""

from __future__ import annotations

import dataclasses
import importlib.util
import json
import re
import sys
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from warta.curation.curate import curate
from warta.machine import quotes
from warta.machine.document import PROSE_ZONES, Document, Segment
from warta.machine.quotes import _Run, annotate, positions, stop_runs, table, version, work

ROOT = Path(__file__).resolve().parents[1]


def make(*parts: tuple[str, str]) -> Document:
    """A document of (zone, line) parts joined by newlines."""
    raw = ""
    segments = []
    for zone, text in parts:
        if raw:
            raw += "\n"
        segments.append(Segment(zone, len(raw), len(raw) + len(text)))
        raw += text
    return Document(raw, tuple(segments), None)


def body(*lines: str) -> Document:
    return make(*(("body", line) for line in lines))


def ent(doc: Document, text: str, label: str, entity_id: str, nth: int = 0) -> dict:
    """A gold-shaped entity row over the nth occurrence of text."""
    start = -1
    for _ in range(nth + 1):
        start = doc.raw_text.index(text, start + 1)
    return {"id": "e", "label": label, "raw_start": start, "raw_end": start + len(text), "quote": text,
            "entity_id": entity_id, "normalized": None}


def q(rows: list[dict], i: int = 0) -> tuple:
    r = rows[i]
    return (r["kind"], r["content"]["quote"], r["cue"]["quote"], r["speaker"] and r["speaker"]["quote"])


def check_integrity(doc: Document, rows: list[dict]) -> None:
    """Offsets and quotes agree, no span starts or ends with whitespace, ids in order."""
    assert [r["id"] for r in rows] == [f"q{n}" for n in range(1, len(rows) + 1)]
    for r in rows:
        assert r["kind"] in ("direct", "indirect", "mixed")
        for part in ("content", "cue", "speaker"):
            s = r[part]
            if s is None:
                assert part == "speaker"
                continue
            assert 0 <= s["raw_start"] < s["raw_end"] <= len(doc.raw_text)
            assert s["quote"] == doc.raw_text[s["raw_start"]:s["raw_end"]]
            assert not s["quote"][0].isspace() and not s["quote"][-1].isspace()


def annotate_checked(doc: Document, entities: list[dict] | None = None) -> list[dict]:
    rows = annotate(doc, entities=entities)
    check_integrity(doc, rows)
    return rows


# ---- the table ---------------------------------------------------------------------------------

def test_table_is_versioned_data_with_sources():
    assert version() == "warta-quotes@1.3.1"
    import tomllib

    from warta.machine.quotes import TABLE_FILE
    data = tomllib.loads(TABLE_FILE.read_text(encoding="utf-8"))
    assert {"guidelines", "pages", "licence"} <= set(data["sources"])
    assert len(table().marks) >= 5


# ---- direct quotes: every mark -------------------------------------------------------------------

@pytest.mark.parametrize("open_, close", [('"', '"'), ("“", "”"), ("'", "'"), ("‘", "’"), ("«", "»"), ("„", "“")])
def test_every_quotation_mark_kind(open_, close):
    doc = body(f"{open_}Kami sudah menyiapkan dua ribu tenda,{close} ujar Rahmat Hidayat di posko, Kamis (5/6).")
    rows = annotate_checked(doc)
    assert q(rows) == ("direct", "Kami sudah menyiapkan dua ribu tenda", "ujar", "Rahmat Hidayat")


def test_apostrophes_are_not_quotation_marks():
    doc = body("Warga Jum'at lalu berkumpul di balai desa. 'Kami butuh jembatan baru,' ucap Siti Aminah.")
    assert q(annotate_checked(doc)) == ("direct", "Kami butuh jembatan baru", "ucap", "Siti Aminah")
    # an apostrophe before a number does not open a quote that would hide the real one
    doc = body("Pada era '90-an, Hendra Gunawan berkata, \"Musik 'indie' belum dikenal luas.\"")
    assert q(annotate_checked(doc)) == ("direct", "Musik 'indie' belum dikenal luas", "berkata", "Hendra Gunawan")
    doc = body("Toko milik Ma'ruf tutup sejak Qur’an dibagikan di masjid.")
    assert annotate_checked(doc) == []


def test_host_punctuation_before_the_closing_mark_is_outside_the_content():
    doc = body('"Sekolah dibuka lagi pekan depan." kata Lestari Wulandari.',
               '"Mengapa harga naik lagi?" tanya Sari Dewi di pasar.')
    rows = annotate_checked(doc)
    assert rows[0]["content"]["quote"] == "Sekolah dibuka lagi pekan depan"
    assert rows[1]["content"]["quote"] == "Mengapa harga naik lagi?"  # a question mark is what was said


# ---- cue and speaker after the quotation --------------------------------------------------------

def test_cue_and_speaker_after():
    doc = body('"Jangan panik dulu," kata dia kepada wartawan.',
               '"Lumbung padi kami kosong. Kami harus membeli beras dari luar," bunyi laporan Dinas Pangan.',
               '"Panen tahun ini lebih baik," Joko Susilo menambahkan.',
               '"Kamu tunggu di sini dulu," kata petugas keamanan itu kepada pengunjung.')
    rows = annotate_checked(doc)
    assert [q(rows, i) for i in range(4)] == [
        ("direct", "Jangan panik dulu", "kata", "dia"),
        ("direct", "Lumbung padi kami kosong. Kami harus membeli beras dari luar", "bunyi laporan", "Dinas Pangan"),
        ("direct", "Panen tahun ini lebih baik", "menambahkan", "Joko Susilo"),
        ("direct", "Kamu tunggu di sini dulu", "kata", "petugas keamanan itu"),
    ]


def test_nya_clitic_is_the_speaker_and_resolves_to_the_nearest_person():
    doc = body("Kepala desa Wahyu Nugraha meninjau tanggul yang jebol.",
               '“Pasokan air bersih aman sampai pekan depan,” katanya.')
    people = [ent(doc, "Wahyu Nugraha", "PER", "wahyu_nugraha")]
    rows = annotate_checked(doc, people)
    assert q(rows) == ("direct", "Pasokan air bersih aman sampai pekan depan", "kata", "nya")
    speaker = rows[0]["speaker"]
    assert doc.raw_text[speaker["raw_start"] - 4:speaker["raw_end"]] == "katanya"
    assert rows[0]["speaker_entity_id"] == "wahyu_nugraha"
    assert annotate_checked(doc)[0]["speaker_entity_id"] is None  # no entities: nothing to link


def test_quote_resumed_after_the_attribution_is_one_quote():
    doc = body('"Kami tidak akan mundur," kata Rina Kartika, "sampai tuntutan kami dipenuhi."')
    rows = annotate_checked(doc)
    assert len(rows) == 1
    assert rows[0]["content"]["quote"] == 'Kami tidak akan mundur," kata Rina Kartika, "sampai tuntutan kami dipenuhi'


# ---- cue and speaker before the quotation --------------------------------------------------------

def test_cue_and_speaker_before():
    doc = body('Budi Santoso mengatakan, "Sekolah akan dibuka kembali Senin depan."',
               'Ketua panitia, Dimas Pratama, menjelaskan: "Tiket sudah habis terjual."',
               'Ia bertanya, "Siapa yang bertanggung jawab?" Tidak ada yang menjawab.')
    rows = annotate_checked(doc)
    assert [q(rows, i) for i in range(3)] == [
        ("direct", "Sekolah akan dibuka kembali Senin depan", "mengatakan", "Budi Santoso"),
        ("direct", "Tiket sudah habis terjual", "menjelaskan", "Dimas Pratama"),
        ("direct", "Siapa yang bertanggung jawab?", "bertanya", "Ia"),
    ]


def test_title_before_a_name_is_not_the_speaker_when_the_name_is_an_entity():
    doc = body('"Jembatan ini selesai Agustus," kata Menteri Perhubungan Arif Nugroho di lokasi.')
    rows = annotate_checked(doc, [ent(doc, "Arif Nugroho", "PER", "arif_nugroho")])
    assert q(rows)[3] == "Arif Nugroho" and rows[0]["speaker_entity_id"] == "arif_nugroho"
    rows = annotate_checked(doc)  # without entities the whole name phrase is kept
    assert q(rows)[3] == "Menteri Perhubungan Arif Nugroho"


def test_speaker_named_in_the_sentence_before():
    doc = body('"Kami akan terus memantau," ujar Dewi Anggraini. "Kalau perlu, warga dievakuasi."',
               '"Tenda tambahan sudah dikirim."')
    rows = annotate_checked(doc)
    assert [r["speaker"]["quote"] for r in rows] == ["Dewi Anggraini"] * 3
    assert [r["content"]["quote"] for r in rows] == ["Kami akan terus memantau", "Kalau perlu, warga dievakuasi",
                                                     "Tenda tambahan sudah dikirim"]
    # a quotation with nobody to say it (no speaker in the sentence or the one before) is not annotated
    doc = body("Hujan turun sejak pagi.", '"Semua jalan tergenang."')
    assert annotate_checked(doc) == []


def test_scare_quotes_are_not_quotes():
    doc = body('Istilah "kampungan" sering dipakai di media sosial.')
    assert annotate_checked(doc) == []


# ---- continued across paragraphs ----------------------------------------------------------------

def test_quote_continued_across_paragraphs():
    doc = body("Proyek jalan lingkar selatan dimulai tahun ini.",
               "“Pembangunan jalan ini sudah dimulai sejak Januari. Kami menargetkan selesai Desember.",
               "“Setelah itu, jalur lama akan diperbaiki,” tutur Kepala Dinas Pekerjaan Umum, Bambang Irawan.")
    rows = annotate_checked(doc)
    assert len(rows) == 1
    content = rows[0]["content"]["quote"]
    assert content.startswith("Pembangunan jalan ini") and content.endswith("jalur lama akan diperbaiki")
    assert "\n" in content
    assert q(rows)[2:] == ("tutur", "Bambang Irawan")


def test_a_closed_paragraph_is_not_continued():
    doc = body('"Air mulai surut," kata Rudi Hartono.', '"Warga boleh pulang besok," kata Rudi Hartono.')
    rows = annotate_checked(doc)
    assert [r["content"]["quote"] for r in rows] == ["Air mulai surut", "Warga boleh pulang besok"]


def test_continued_quote_interrupted_by_a_link_does_not_swallow_the_link():
    doc = make(("body", "Nina Marlina menjelaskan rencana panen raya."),
               ("body", '"Panen dimulai pekan depan di tiga desa.'),
               ("related", "Baca juga: Harga Gabah Naik Lagi"),
               ("body", '"Kami sudah menyiapkan mesin pemanen," kata Nina Marlina.'))
    rows = annotate_checked(doc)
    related = doc.segments[2]
    for r in rows:
        assert r["content"]["raw_end"] <= related.raw_start or r["content"]["raw_start"] >= related.raw_end
    assert "Kami sudah menyiapkan mesin pemanen" in [r["content"]["quote"] for r in rows]


# ---- indirect and mixed quotes ------------------------------------------------------------------

def test_bahwa_is_in_the_cue_and_not_in_the_content():
    doc = body("Nelayan Andi Saputra menyatakan bahwa ombak mencapai tiga meter.",
               "Andi Saputra mengatakan perahu kecil tidak bisa melaut.",
               "Kepala Badan Cuaca, Sinta Maharani, melaporkan kepada bupati pada Selasa (3/6) bahwa angin akan "
               "melemah.")
    # the person entity keeps the sentence-initial common noun `Nelayan` out of the speaker
    rows = annotate_checked(doc, [ent(doc, "Andi Saputra", "PER", "andi_saputra")])
    assert [q(rows, i) for i in range(3)] == [
        ("indirect", "ombak mencapai tiga meter", "menyatakan bahwa", "Andi Saputra"),
        ("indirect", "perahu kecil tidak bisa melaut", "mengatakan", "Andi Saputra"),
        ("indirect", "angin akan melemah", "melaporkan", "Sinta Maharani"),
    ]


def test_colloquial_kalau_is_a_complementiser_like_bahwa():
    doc = body("Ketua paguyuban, Bambang Sutejo, menilai kalau pemerintah kota terlambat bertindak.")
    assert q(annotate_checked(doc)) == ("indirect", "pemerintah kota terlambat bertindak", "menilai kalau",
                                        "Bambang Sutejo")


@pytest.mark.parametrize("cue", ["menegaskan", "mengklaim", "menjelaskan", "menambahkan", "mengungkapkan",
                                 "menyebut", "mengakui", "mengonfirmasi", "menilai"])
def test_indirect_cue_lexicon(cue):
    doc = body(f"Wali Kota Hana Pertiwi juga {cue} bahwa stok beras cukup sampai Lebaran, Rabu (4/6).")
    rows = annotate_checked(doc)
    # a trailing `, Rabu (4/6)` says when, not what: outside the content
    assert q(rows) == ("indirect", "stok beras cukup sampai Lebaran", f"{cue} bahwa", "Wali Kota Hana Pertiwi")


def test_menurut_before_and_inside_the_sentence():
    doc = body("Menurut Andi, perahu kecil tidak bisa melaut sejak Selasa.",
               "Harga ikan, menurut pedagang setempat, naik dua kali lipat.",
               "Menurutnya, pemerintah daerah perlu memberi bantuan solar.")
    rows = annotate_checked(doc)
    assert [q(rows, i) for i in range(3)] == [
        ("indirect", "perahu kecil tidak bisa melaut sejak Selasa", "Menurut", "Andi"),
        ("indirect", "Harga ikan, menurut pedagang setempat, naik dua kali lipat", "menurut", "pedagang setempat"),
        ("indirect", "pemerintah daerah perlu memberi bantuan solar", "Menurut", "nya"),
    ]


def test_passive_cues_need_an_agent():
    doc = body("Kebijakan itu diklaim Menteri Arif Nugroho akan menekan inflasi.",
               "Rencana tersebut disampaikan oleh Wali Kota Contoh, Hana Pertiwi, Rabu (4/6).",
               "Kebijakan itu dinilai sejumlah pengamat terlalu tergesa-gesa.",
               "Kenaikan tarif itu dinilai sepenuhnya sesuai aturan.")
    rows = annotate_checked(doc)
    assert [q(rows, i) for i in range(3)] == [
        ("indirect", "Kebijakan itu diklaim Menteri Arif Nugroho akan menekan inflasi", "diklaim",
         "Menteri Arif Nugroho"),
        ("indirect", "Rencana tersebut", "disampaikan", "Hana Pertiwi"),
        ("indirect", "Kebijakan itu dinilai sejumlah pengamat terlalu tergesa-gesa", "dinilai", "sejumlah pengamat"),
    ]
    assert len(rows) == 3  # the agentless `dinilai` has no source: not a quote


def test_topic_cues_and_a_second_report_by_the_same_speaker():
    doc = body("Organisasi Petani Nusantara menyuarakan kekhawatiran atas impor jagung.",
               "Menteri Arif Nugroho mengumumkan bahwa subsidi pupuk naik, seraya berterima kasih kepada "
               "petani atas kesabaran mereka.")
    rows = annotate_checked(doc)
    assert [q(rows, i) for i in range(3)] == [
        ("indirect", "impor jagung", "menyuarakan kekhawatiran", "Organisasi Petani Nusantara"),
        ("indirect", "subsidi pupuk naik", "mengumumkan bahwa", "Menteri Arif Nugroho"),
        ("indirect", "kesabaran mereka", "berterima kasih", "Menteri Arif Nugroho"),
    ]


def test_mixed_quotes():
    doc = body('Pelatih tim, Yusuf Maulana, menilai para pemain "sudah bekerja keras" sepanjang musim.',
               'Dewan Kota menambahkan, rencana itu dinilai "sesuai dengan aturan yang berlaku." Rapat selesai.')
    rows = annotate_checked(doc)
    assert q(rows, 0) == ("mixed", 'para pemain "sudah bekerja keras" sepanjang musim', "menilai", "Yusuf Maulana")
    assert q(rows, 1) == ("mixed", 'rencana itu dinilai "sesuai dengan aturan yang berlaku."', "menambahkan",
                          "Dewan Kota")
    assert len(rows) == 2


def test_headline_verbs_only_in_the_headline():
    doc = make(("headline", "Gubernur Lestari Sebut Banjir Surut dalam Dua Hari"),
               ("body", "Tim Sebut Nama akan tampil malam ini."))
    rows = annotate_checked(doc)
    assert len(rows) == 1
    assert q(rows) == ("indirect", "Banjir Surut dalam Dua Hari", "Sebut", "Gubernur Lestari")
    rows = annotate_checked(make(("headline", "Wali Kota Contoh Minta Maaf soal Banjir di Pasar Lama")))
    assert q(rows) == ("indirect", "Banjir di Pasar Lama", "Minta Maaf", "Wali Kota Contoh")


# ---- entities ----------------------------------------------------------------------------------

def test_pronoun_resolves_to_the_nearest_person_and_organisations_link():
    doc = body("Dokter Ratna Sari memeriksa korban di posko.",
               "Ia mengatakan bahwa dua warga dirawat.",
               "Dinas Kesehatan Kota Contoh menegaskan bahwa obat cukup.",
               "Mereka juga menyebut bahwa ambulans disiagakan.")
    ents = [ent(doc, "Ratna Sari", "PER", "ratna_sari"),
            ent(doc, "Dinas Kesehatan Kota Contoh", "ORG", "dinas_kesehatan_contoh")]
    rows = annotate_checked(doc, ents)
    assert [(r["speaker"]["quote"], r["speaker_entity_id"]) for r in rows] == [
        ("Ia", "ratna_sari"), ("Dinas Kesehatan Kota Contoh", "dinas_kesehatan_contoh"),
        ("Mereka", "dinas_kesehatan_contoh")]


def test_speaker_span_covering_an_entity_links_it():
    doc = body('"Kami siap," kata Tentara Nasional Contoh dalam rilisnya.',
               "Pemerintah Negeri Contoh menyatakan bahwa perbatasan ditutup.")
    ents = [ent(doc, "Tentara Nasional Contoh", "ORG", "tnc"), ent(doc, "Negeri Contoh", "GPE", "negeri_contoh")]
    rows = annotate_checked(doc, ents)
    assert [(r["speaker"]["quote"], r["speaker_entity_id"]) for r in rows] == [
        ("Tentara Nasional Contoh", "tnc"), ("Pemerintah Negeri Contoh", "negeri_contoh")]


# ---- zones --------------------------------------------------------------------------------------

def test_no_quotes_in_captions_links_or_other_zones():
    doc = make(("caption", '"Kami siap," ujar Budi.'), ("related", 'Baca juga: "Kami siap," kata Budi'),
               ("promo", "Budi mengatakan bahwa diskon berlaku."), ("duplicate", '"Kami siap," ujar Budi.'),
               ("body", "Budi menyatakan bahwa timnya siap."))
    rows = annotate_checked(doc)
    assert len(rows) == 1 and rows[0]["content"]["quote"] == "timnya siap"
    body_seg = doc.segments[-1]
    assert body_seg.raw_start <= rows[0]["cue"]["raw_start"]


def test_a_curated_invented_article():
    raw = ("Warga Desa Contoh Keluhkan Air Bersih\n"
           "Oleh: Rina Kartika\n"
           "Kamis, 12 Juni 2025 | 14:05 WIB\n"
           "PADANG, KabarContoh.com – Warga Desa Contoh mengeluhkan air bersih yang tidak mengalir sejak "
           "Senin.\n"
           "\"Sudah empat hari kami membeli air galon,\" kata Sulastri, seorang warga.\n"
           "Baca juga: \"Kami siap,\" kata Bupati\n"
           "Kepala desa, Hendra Gunawan, mengatakan bahwa pipa utama bocor.\n").encode()
    record = curate(raw, {"id": "x", "outlet": "X", "raw_file": "x.txt"})
    doc = Document.from_record(record)
    rows = annotate_checked(doc)
    prose = [s for s in doc.segments if s.zone in PROSE_ZONES]
    for r in rows:
        assert any(s.raw_start <= r["content"]["raw_start"] and r["content"]["raw_end"] <= s.raw_end for s in prose)
    contents = [r["content"]["quote"] for r in rows]
    assert "Sudah empat hari kami membeli air galon" in contents
    assert "pipa utama bocor" in contents
    assert "Kami siap" not in contents


def test_rows_with_a_speaker_match_the_gold_schema():
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads((ROOT / "schema/annotation.schema.json").read_text(encoding="utf-8"))
    item = {**schema["properties"]["quotes"]["items"], "$defs": schema["$defs"]}
    doc = body('"Kami siap," ujarnya.', "Andi Saputra menyatakan bahwa ombak tinggi.")
    rows = annotate_checked(doc, [])
    assert rows
    for r in rows:
        jsonschema.validate(r, item)


# ---- properties ---------------------------------------------------------------------------------

_PIECES = ['"', "“", "”", "'", "‘", "’", "«", "»", ", ", ". ", "! ", "? ", ": ", " ", " ", " ", "\n",
           "kata", "ujarnya", "ucap", "katanya", "menurut", "Menurut", "mengatakan", "menyatakan bahwa",
           "bahwa", "disebut", "dinilai", "oleh", "seraya", "berterima kasih", "atas", "Budi", "Sari Dewi",
           "Ia", "dia", "mereka", "Dinas Pangan", "juga", "warga", "air", "Jum'at", "'90-an", "(5/6)", "Senin",
           "bunyi laporan", "menegaskan", "yang", "dan", "tidak", "Tim"]
_ZONES = ["body", "body", "body", "headline", "subheading", "caption", "related", "credit"]


@st.composite
def documents(draw):
    parts = draw(st.lists(st.tuples(st.sampled_from(_ZONES),
                                    st.lists(st.sampled_from(_PIECES), min_size=1, max_size=30).map("".join)),
                          min_size=1, max_size=6))
    parts = [(zone, text.replace("\n", " ")) for zone, text in parts]
    return make(*parts)


def _prose_runs(doc: Document) -> list[tuple[int, int]]:
    """Maximal runs of consecutive prose segments: a continued quote stays inside one."""
    runs: list[tuple[int, int]] = []
    previous = None
    for i, seg in enumerate(doc.segments):
        if seg.zone not in PROSE_ZONES:
            continue
        if previous == i - 1 and runs:
            runs[-1] = (runs[-1][0], seg.raw_end)
        else:
            runs.append((seg.raw_start, seg.raw_end))
        previous = i
    return runs


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents(), st.booleans())
def test_every_span_lies_in_the_raw_text_and_in_prose(doc, with_entities):
    entities = None
    if with_entities:
        entities = [{"id": "e", "label": "PER", "raw_start": m, "raw_end": m + 4, "quote": "Budi", "entity_id": "budi"}
                    for m in range(len(doc.raw_text)) if doc.raw_text.startswith("Budi", m)]
    rows = annotate_checked(doc, entities)
    segments = [s for s in doc.segments if s.zone in PROSE_ZONES]
    runs = _prose_runs(doc)
    for r in rows:
        c = r["content"]
        inside_one = [s for s in segments if s.raw_start <= c["raw_start"] and c["raw_end"] <= s.raw_end]
        if not inside_one:  # only a quote continued across adjacent paragraphs may cross a line
            assert any(a <= c["raw_start"] and c["raw_end"] <= b for a, b in runs)
        for part in ("cue", "speaker"):
            s = r[part]
            if s is not None:
                assert any(g.raw_start <= s["raw_start"] and s["raw_end"] <= g.raw_end for g in segments)


# ---- linear work --------------------------------------------------------------------------------

@pytest.mark.parametrize("unit", [
    '"Kami siap," kata Budi, "dan kami menang." ',
    '"""""\'\'\'“”‘’«» ',
    "Budi mengatakan bahwa 'air' \"naik\" menurut Sari, ujarnya. ",
    '"Budi Sari Dewi Tim Budi Sari ',
])
def test_work_grows_linearly_on_a_long_line_full_of_quotation_marks(unit):
    def steps(n: int) -> int:
        return work(body(unit * n))

    small, large = steps(500), steps(4000)
    assert large <= 8 * small * 1.1, (small, large)
    assert large >= 8 * small * 0.5, (small, large)


# ---- speakers with an age, degrees or a description; headline `X: "…"` (1.2.0) ---------------

def test_age_and_degrees_after_the_speaker_stay_outside_it() -> None:
    rows = annotate_checked(body("Ketua Koperasi Sinar Tani, Joko Purnomo (47), mengatakan panen jagung tertunda.",
                                 "Dr. Wulan Sari, M.Si., S.H., menjelaskan bahwa air sungai masih keruh."))
    assert q(rows, 0) == ("indirect", "panen jagung tertunda", "mengatakan", "Joko Purnomo")
    assert q(rows, 1) == ("indirect", "air sungai masih keruh", "menjelaskan bahwa", "Wulan Sari")


def test_an_age_after_the_speaker_with_no_comma_or_after_the_cue_stays_outside_speaker_and_content() -> None:
    rows = annotate_checked(body("Wahyu Pratama (38) mengatakan stok gabah menipis.",
                                 "Menurut Lusi Marpaung (41), antrean truk mengular sejak subuh.",
                                 "Harga pakan ayam naik lagi, kata Darmadi (56)."))
    assert q(rows, 0) == ("indirect", "stok gabah menipis", "mengatakan", "Wahyu Pratama")
    assert q(rows, 1) == ("indirect", "antrean truk mengular sejak subuh", "Menurut", "Lusi Marpaung")
    assert q(rows, 2) == ("indirect", "Harga pakan ayam naik lagi", "kata", "Darmadi")


def test_a_description_of_the_speaker_after_the_name_is_not_content() -> None:
    rows = annotate_checked(body("Harga pakan ayam naik lagi, kata Darmadi (56), peternak di Desa Sukamaju.",
                                 "Jalan desa belum diperbaiki, menurut Ani Rahayu, ketua RT setempat.",
                                 "Menurut Kornelis (60), tokoh adat Kampung Baru, hutan itu milik bersama.",
                                 "Sawah kering sejak Mei, kata Yosef, warga Merauke."))
    assert q(rows, 0) == ("indirect", "Harga pakan ayam naik lagi", "kata", "Darmadi")
    assert q(rows, 1) == ("indirect", "Jalan desa belum diperbaiki", "menurut", "Ani Rahayu")
    assert q(rows, 2) == ("indirect", "hutan itu milik bersama", "Menurut", "Kornelis")
    assert q(rows, 3) == ("indirect", "Sawah kering sejak Mei", "kata", "Yosef")
    # what goes on after the comma with a verb or an adverb is still what was said
    rows = annotate_checked(body("Bantuan belum datang, kata Darmadi, sehingga warga membeli pompa sendiri.",
                                 "Air sudah surut, kata Lusi, warga pun kembali ke rumah."))
    assert q(rows, 0)[1] == "Bantuan belum datang, kata Darmadi, sehingga warga membeli pompa sendiri"
    assert q(rows, 1)[1] == "Air sudah surut, kata Lusi, warga pun kembali ke rumah"


def test_a_lowercase_description_between_speaker_and_cue_is_skipped() -> None:
    rows = annotate_checked(body("Rina Astuti (29), warga Kampung Duri, mengatakan banjir datang tengah malam.",
                                 "Tono Wijaya, pedagang Pasar Lama, menyebut harga cabai naik."))
    assert q(rows, 0) == ("indirect", "banjir datang tengah malam", "mengatakan", "Rina Astuti")
    assert q(rows, 1) == ("indirect", "harga cabai naik", "menyebut", "Tono Wijaya")


def test_an_abbreviated_title_in_apposition_is_not_the_speaker() -> None:
    rows = annotate_checked(body("Menurut dosen Universitas Tanjung, Dr. Lestari Handayani, biaya sekolah naik."))
    assert q(rows)[2:] == ("Menurut", "Lestari Handayani")


def test_headline_with_a_colon_is_a_direct_quote() -> None:
    rows = annotate_checked(make(("headline", "Jembatan Putus di Kali Bening, Kepala Desa: 'Kami Butuh Perahu'"),
                                 ("body", "Hujan deras merusak jembatan itu.")))
    assert q(rows) == ("direct", "Kami Butuh Perahu", ":", "Kepala Desa")
    rows = annotate_checked(make(("body", 'Juara Lomba Layang, Andi Firmansyah: "Hadiah Ini untuk Ibu"'),
                                 ("body", "Andi menang di final.")))
    assert q(rows) == ("direct", "Hadiah Ini untuk Ibu", ":", "Andi Firmansyah")
    # in running prose a colon before a quotation is not a headline
    assert annotate_checked(body('Isi spanduk itu: "Tolak tambang pasir".')) == []


# ---- reported speech with the cue after it and no quotation marks ------------------------------

def test_reported_speech_with_the_cue_after_it_and_no_marks():
    rows = annotate_checked(body("Pasar induk akan dibuka kembali pekan depan, kata Yohana."))
    assert q(rows) == ("indirect", "Pasar induk akan dibuka kembali pekan depan", "kata", "Yohana")
    rows = annotate_checked(body("Stok beras aman hingga Lebaran, ujarnya."))
    assert q(rows) == ("indirect", "Stok beras aman hingga Lebaran", "ujar", "nya")


def test_a_cue_set_off_inside_the_sentence_is_enclosed_by_the_content():
    rows = annotate_checked(body("Sebagian besar kios, kata Ahmad Rifai, sudah kembali berjualan sejak pagi."))
    assert q(rows) == ("indirect", "Sebagian besar kios, kata Ahmad Rifai, sudah kembali berjualan sejak pagi",
                       "kata", "Ahmad Rifai")


def test_a_cue_word_without_a_comma_before_it_reports_nothing():
    assert annotate_checked(body("Ia tidak tahu kata sandi akun itu.")) == []


def test_an_ordinary_word_that_is_also_a_cue_reports_nothing_without_a_speaker():
    assert annotate_checked(body("Jalan itu rusak parah, terang saja warga marah.")) == []
    assert annotate_checked(body("Harga cabai naik, tambah lagi harga bawang ikut naik.")) == []


def test_menurut_takes_an_abbreviation_in_parentheses_and_the_unit_after_it_into_the_speaker():
    rows = annotate_checked(body("Menurut Badan Meteorologi (BMKG) Stasiun Maritim Kupang, gelombang tinggi terjadi."))
    assert q(rows) == ("indirect", "gelombang tinggi terjadi", "Menurut",
                       "Badan Meteorologi (BMKG) Stasiun Maritim Kupang")


# ---- fast paths equal their definitions ---------------------------------------------------------

_FIXTURE_TEXTS = [curate(p.read_bytes(), {"id": "x", "outlet": "x", "raw_file": p.name})["raw_text"]
                  for p in sorted((ROOT / "tests/fixtures/articles").glob("*.txt"))]
_TRICKY = st.text(alphabet=st.sampled_from(list("ab A.!?…\n \"'“”‘’«»„,-_1²") + ["\u03a3", "İ"]), max_size=80)


def _runs_by_definition(text: str, start: int, end: int) -> list[tuple[int, int]]:
    return [m.span() for m in re.compile(r"[.!?…]+|\n").finditer(text, start, end)]


def _check_offsets(text: str, start: int, end: int) -> None:
    t = table()
    assert positions(text, t.mark_set) == [m.start() for m in re.finditer("[" + re.escape(t.mark_set) + "]", text)]
    assert positions(text, t.stop_set) == [m.start() for m in re.finditer("[" + re.escape(t.stop_set) + "]", text)]
    assert stop_runs(text, positions(text, t.stop_set), start, end) == _runs_by_definition(text, start, end)


def test_character_offsets_and_stop_runs_match_the_regular_expressions_on_the_fixtures() -> None:
    for text in _FIXTURE_TEXTS:
        _check_offsets(text, 0, len(text))
        for start in range(0, len(text), 97):
            _check_offsets(text, start, min(len(text), start + 311))


@settings(max_examples=300, deadline=None)
@given(_TRICKY, st.integers(0, 80), st.integers(0, 80))
def test_character_offsets_and_stop_runs_match_the_regular_expressions(text, a, b):
    _check_offsets(text, min(a, b, len(text)), min(max(a, b), len(text)))


def _fixture_documents() -> list[tuple[Document, list[dict]]]:
    from warta.machine import entities
    docs = [Document.from_record(curate(p.read_bytes(), {"id": "x", "outlet": "x", "raw_file": p.name}))
            for p in sorted((ROOT / "tests/fixtures/articles").glob("*.txt"))]
    return [(d, entities.annotate(d)) for d in docs]


def _annotate_counting_every_sentence(doc: Document, entities: list[dict] | None) -> list[dict]:
    _Run.count_every_sentence = True
    try:
        return annotate(doc, entities=entities)
    finally:
        _Run.count_every_sentence = False


def test_sentences_far_from_a_quote_need_no_count_on_the_fixtures() -> None:
    for doc, ents in _fixture_documents():
        assert annotate(doc, entities=ents) == _annotate_counting_every_sentence(doc, ents)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents(), st.booleans())
def test_sentences_far_from_a_quote_need_no_count(doc, with_entities):
    ents = None
    if with_entities:
        from warta.machine import entities
        ents = entities.annotate(doc)
    assert annotate(doc, entities=ents) == _annotate_counting_every_sentence(doc, ents)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 6), st.integers(1, 4), st.sampled_from(["PER", "ORG"])), max_size=12))
def test_entities_are_ordered_as_by_start_and_longest_first(spans):
    rows = [{"raw_start": a, "raw_end": a + n, "label": label, "entity_id": f"e{i}"}
            for i, (a, n, label) in enumerate(spans)]
    run = _Run(Document("x" * 20, (), None), rows)
    assert run.ents == sorted(rows, key=lambda e: (e["raw_start"], -e["raw_end"]))


@pytest.mark.parametrize("between", [1, 2, 3, 4])
def test_a_pronoun_after_uncounted_paragraphs_looks_as_far_back_as_by_the_definition(between):
    filler = " ".join(["Rudi Hartono tiba di posko pagi itu."] + ["Hujan turun lagi."] * (between - 1))
    doc = body("Budi Santoso mengatakan bahwa air naik.", filler, "Ia menyebut bahwa posko penuh.")
    ents = [ent(doc, "Budi Santoso", "PER", "budi"), ent(doc, "Rudi Hartono", "PER", "rudi")]
    rows = annotate_checked(doc, ents)
    assert rows == _annotate_counting_every_sentence(doc, ents)
    assert rows[-1]["speaker_entity_id"] == ("budi" if between <= 1 else "rudi")


# ---- token walks done by list methods equal the walks (1.2.x speed) ----------------------------

def _content_end_by_definition(run: _Run, j: int, end: int) -> tuple[int, int]:
    k, end, steps = j, min(end, j + 200), 0
    while k <= end:
        steps += 1
        if run.pair_of[k] is None:
            if run.tw[k] == ";":
                return k - 1, steps
            if run.tw[k] == "," and k + 1 <= end and run.tl[k + 1] in run.t.content_stops:
                return k - 1, steps
        k += 1
    return end, steps


def _trim_end_by_definition(run: _Run, a: int, b: int) -> tuple[int, int]:
    a, steps = max(a, b - 200), 0
    while b >= a and run.tw[b] in ".,;:" and run.pair_of[b] is None:
        steps += 1
        b -= 1
    c = b
    while c > a and b - c < 8:
        steps += 1
        if run.tw[c] == "," and run.pair_of[c] is None and run.tl[c + 1] in run.t.date_heads:
            b = c - 1
            while b >= a and run.tw[b] in ".,;:":
                b -= 1
            break
        c -= 1
    return b, steps


def _complementiser_after_by_definition(run: _Run, j: int, end: int) -> tuple[int, int]:
    m, steps = j, 0
    while m <= end and m - j < 25 and run.tw[m] not in (".", ";"):
        steps += 1
        if run.pair_of[m] is not None:
            break
        if run.tl[m] in run.t.complementisers:
            return m + 1, steps
        m += 1
    return j, steps


def _check_walks(doc: Document, entities: list[dict] | None) -> None:
    """Every walk from every token of every prepared block, to its sentence's end and to the block's;
    and every pair's closing token as ``prepare`` sets it, as ``_close_tok`` finds it."""
    run = _Run(doc, entities)
    for block in run.blocks():
        if not run.prepare(block):
            continue
        assert [p.close_tok for p in block.pairs] == [run._close_tok(p) for p in block.pairs]
        n = len(run.tw)
        for end in {n - 1, *(min(n - 1, x) for x in range(0, n, 7))}:
            for j in range(end + 2):
                for walk, definition in ((run._content_end, _content_end_by_definition),
                                         (run._trim_end, _trim_end_by_definition),
                                         (run._complementiser_after, _complementiser_after_by_definition)):
                    before = run.steps
                    got = walk(j, end)
                    assert (got, run.steps - before) == definition(run, j, end), (walk.__name__, j, end)


def test_token_walks_by_list_methods_match_the_walks_on_the_fixtures() -> None:
    for doc, ents in _fixture_documents():
        _check_walks(doc, ents)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
def test_token_walks_by_list_methods_match_the_walks(doc):
    _check_walks(doc, None)


class _Everything(frozenset):
    """A set that holds every word: with it as a fast path's word set, the fast path never skips."""

    def __contains__(self, item: object) -> bool:
        return True


def _source_quotes() -> ModuleType:
    """The quote annotator run from its source, beside the compiled build: a compiled annotator looks a
    word up in a ``frozenset`` by C, past ``_Everything.__contains__``; the source honours it."""
    source = Path(quotes.__file__).with_name("quotes.py")
    spec = importlib.util.spec_from_file_location("warta_quotes_source", source)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is made
    spec.loader.exec_module(module)
    return module


_SOURCE = _source_quotes()


def _annotate_without_word_set_shortcuts(doc: Document, entities: list[dict] | None) -> list[dict]:
    run = _SOURCE._Run(doc, entities)
    run.t = dataclasses.replace(run.t, interjection_ends=_Everything(), connective_starts=_Everything())
    return run.run()


def test_first_and_last_word_shortcuts_change_nothing_on_the_fixtures() -> None:
    for doc, ents in _fixture_documents():
        assert annotate(doc, entities=ents) == _annotate_without_word_set_shortcuts(doc, ents)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents(), st.sampled_from(_PIECES))
def test_first_and_last_word_shortcuts_change_nothing(doc, word):
    text = doc.raw_text.replace(" kata ", " dalam jumpa pers kata ").replace(". ", ". Namun, " + word + " ")
    doc = Document(text, (Segment("body", 0, len(text)),), None)
    assert annotate(doc) == _annotate_without_word_set_shortcuts(doc, None)


def test_an_abbreviation_by_one_slice_matches_the_walk_on_the_fixtures() -> None:
    for doc, ents in _fixture_documents():
        run = _Run(doc, ents)
        raw = doc.raw_text
        for dot in range(len(raw)):
            if raw[dot] == ".":
                for floor in {0, max(0, dot - 3), max(0, dot - 5), dot}:
                    assert run._abbreviation(dot, floor) == run._abbreviation_by_walk(dot, floor), (dot, floor)


@given(_TRICKY, st.integers(0, 80))
def test_an_abbreviation_by_one_slice_matches_the_walk(text, floor):
    text += "."
    run = _Run(Document(text, (), None), None)
    floor = min(floor, len(text) - 1)
    assert run._abbreviation(len(text) - 1, floor) == run._abbreviation_by_walk(len(text) - 1, floor)


def _check_stops_in_blocks(doc: Document) -> None:
    """The stops ``_stop_offsets`` keeps (line breaks only inside blocks) give every block the runs
    that all the text's stops give it."""
    run = _Run(doc, None)
    everywhere = positions(doc.raw_text, table().stop_set)
    for block in run.blocks():
        assert (stop_runs(doc.raw_text, run._stop_offsets(), block.start, block.end)
                == stop_runs(doc.raw_text, everywhere, block.start, block.end))


def test_line_breaks_only_inside_blocks_give_the_same_stop_runs_on_the_fixtures() -> None:
    for doc, _ in _fixture_documents():
        _check_stops_in_blocks(doc)
    _check_stops_in_blocks(body('"Satu. Dua', '"Tiga." kata Budi.', "Empat!\nLima"))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
def test_line_breaks_only_inside_blocks_give_the_same_stop_runs(doc):
    _check_stops_in_blocks(doc)
