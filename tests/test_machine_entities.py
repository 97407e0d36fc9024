"""The machine entity annotator on invented sentences: each hard case of GUIDELINES §1.

Every sentence here was made up for these tests; none is taken from a page or from the
annotated fixtures.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import tomllib
from pathlib import Path

import ahocorasick
from hypothesis import given, settings
from hypothesis import strategies as st

from warta.curation.curate import curate
from warta.machine import entities
from warta.machine.document import Document, Segment, tokenise, tokenise_by_pattern
from warta.machine.entities import annotate, machine_id

ROOT = Path(__file__).resolve().parents[1]
LABELS = {"PER", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "LAW", "PRODUCT"}


def body(text: str) -> Document:
    """One body segment per line, so that a test controls the zones."""
    segments, pos = [], 0
    for line in text.split("\n"):
        if line:
            segments.append(Segment("body", pos, pos + len(line)))
        pos += len(line) + 1
    return Document(raw_text=text, segments=tuple(segments), published=None)


def curated(text: str) -> Document:
    return Document.from_record(curate(text.encode("utf-8"), {"id": "t", "outlet": "T", "raw_file": "t.txt"}))


def found(doc: Document) -> list[tuple[str, str, str]]:
    rows = annotate(doc)
    check_rows(doc, rows)
    return [(r["quote"], r["label"], r["entity_id"]) for r in rows]


def check_rows(doc: Document, rows: list[dict]) -> None:
    """Gold shape: ids in order, quotes equal to the raw characters, spans inside the text, flat."""
    reach = 0
    for n, r in enumerate(rows, 1):
        assert r["id"] == f"e{n}"
        assert set(r) == {"id", "label", "raw_start", "raw_end", "quote", "entity_id", "normalized"}
        assert r["label"] in LABELS and r["normalized"] is None
        assert 0 <= r["raw_start"] < r["raw_end"] <= len(doc.raw_text)
        assert r["quote"] == doc.raw_text[r["raw_start"]:r["raw_end"]]
        assert r["quote"] == r["quote"].strip()
        assert r["raw_start"] >= reach, "rows overlap"
        reach = r["raw_end"]
        assert r["entity_id"] and r["entity_id"] == machine_id(r["entity_id"]), "ids are snake case"


def test_titles_stay_outside_person_names() -> None:
    doc = body("Kepala Dinas Perhubungan Kota Cimahi, Rendra Wiguna, menutup jalan itu.\n"
               "Gubernur Jawa Tengah Arif Pramudya meninjau lokasi bersama Wakil Bupati Klaten Nur Aini.")
    rows = found(doc)
    assert ("Rendra Wiguna", "PER", "rendra_wiguna") in rows
    assert ("Arif Pramudya", "PER", "arif_pramudya") in rows
    assert ("Nur Aini", "PER", "nur_aini") in rows
    assert ("Jawa Tengah", "GPE", "central_java") in rows
    assert ("Kabupaten Klaten", "GPE", "kabupaten_klaten") not in rows  # 'Klaten' bare is the regency
    assert ("Klaten", "GPE", "kabupaten_klaten") in rows
    quotes = [q for q, _, _ in rows]
    assert not any(q.startswith(("Kepala", "Gubernur", "Wakil")) for q in quotes)


def test_reporting_verbs_ages_and_short_forms_link_one_person() -> None:
    doc = body('"Airnya naik cepat sekali," kata Wulan Safitri, warga setempat.\n'
               "Tetangganya, Darto Sumarno (61), mengaku rumahnya terendam.\n"
               "Menurut Wulan, bantuan baru datang sore hari. Darto menambahkan, listrik padam.")
    rows = found(doc)
    assert ("Wulan Safitri", "PER", "wulan_safitri") in rows
    assert ("Darto Sumarno", "PER", "darto_sumarno") in rows
    assert ("Wulan", "PER", "wulan_safitri") in rows
    assert ("Darto", "PER", "darto_sumarno") in rows


def test_short_form_before_the_full_name_links_too() -> None:
    rows = found(body('Rahmat tiba lebih dulu.\n"Kami siap," ujar Rahmat Hidayat.'))
    assert rows[0] == ("Rahmat", "PER", "rahmat_hidayat")


def test_sentence_initial_words_are_no_persons() -> None:
    rows = found(body("Pemerintah mengatakan harga beras turun. Ia menegaskan stok aman."))
    assert rows == []


def test_abbreviations_take_the_entity_they_abbreviate() -> None:
    rows = found(body("Pejabat AS dan Korut bertemu di markas PBB, sementara Tiongkok mengirim utusan."))
    assert ("AS", "GPE", "united_states") in rows
    assert ("Korut", "GPE", "north_korea") in rows
    assert ("PBB", "ORG", "united_nations") in rows
    assert ("Tiongkok", "GPE", "china") in rows


def test_longest_name_wins_and_nothing_nests() -> None:
    rows = found(body("Dewan Keamanan PBB menggelar sidang soal Laut China Selatan."))
    assert rows == [("Dewan Keamanan PBB", "ORG", "un_security_council"),
                    ("Laut China Selatan", "LOC", "south_china_sea")]


def test_a_name_again_in_parentheses_is_a_separate_mention() -> None:
    rows = found(body("Badan Pusat Statistik (BPS) mencatat inflasi, kata Otoritas Jasa Keuangan (OJK)."))
    assert rows == [("Badan Pusat Statistik", "ORG", "bps"), ("BPS", "ORG", "bps"),
                    ("Otoritas Jasa Keuangan", "ORG", "ojk"), ("OJK", "ORG", "ojk")]
    rows = found(body("Sidang Dewan Keamanan Perserikatan Bangsa-Bangsa (PBB) ditunda."))
    assert rows == [("Dewan Keamanan Perserikatan Bangsa-Bangsa", "ORG", "un_security_council"),
                    ("PBB", "ORG", "united_nations")]


def test_adjectival_country_names_and_hyphenated_pairs_are_gpes() -> None:
    rows = found(body("Kapal nelayan Vietnam ditahan, dan pembicaraan Jepang-Filipina berlanjut."))
    assert rows == [("Vietnam", "GPE", "vietnam"), ("Jepang", "GPE", "japan"), ("Filipina", "GPE", "philippines")]


def test_capitals_stand_for_governments() -> None:
    rows = found(body("Beijing menolak tuduhan itu, sedangkan Washington memilih diam."))
    assert rows == [("Beijing", "GPE", "beijing"), ("Washington", "GPE", "washington_dc")]


def test_outlets_are_orgs_in_lead_prefix_captions_and_attributions() -> None:
    doc = curated("Harga Cabai Naik Jelang Lebaran\nSenin, 3 Maret 2025 - 09:00 WIB\n"
                  "SEMARANG, KOMPAS.com – Harga cabai di pasar tradisional naik dua kali lipat.\n"
                  "Kenaikan itu juga dilaporkan Reuters dan dikutip Tempo.co dari kantor dagang.\n")
    rows = found(doc)
    assert ("SEMARANG", "GPE", "semarang") in rows
    assert ("KOMPAS.com", "ORG", "kompas") in rows
    assert ("Reuters", "ORG", "reuters") in rows
    assert ("Tempo.co", "ORG", "tempo") in rows


def test_unknown_outlet_in_the_lead_prefix() -> None:
    doc = curated("Jembatan Putus Diterjang Arus\nRabu, 5 Maret 2025 - 07:30 WIB\n"
                  "WARTAKITA – Sebuah jembatan gantung putus setelah hujan deras semalaman.\n")
    assert ("WARTAKITA", "ORG", "wartakita") in found(doc)


def test_ministries_and_offices_are_patterns() -> None:
    rows = found(body("Kementerian Luar Negeri Brasil memanggil duta besar, dan Komisi III DPR menggelar rapat."))
    assert ("Kementerian Luar Negeri Brasil", "ORG", "kementerian_luar_negeri_brasil") in rows
    assert ("Komisi III DPR", "ORG", "komisi_iii_dpr") in rows
    rows = found(body("Ketua Komisi II DPR Hendra Gunawan hadir."))
    assert rows == [("Komisi II DPR", "ORG", "komisi_ii_dpr"), ("Hendra Gunawan", "PER", "hendra_gunawan")]


def test_facility_law_and_place_heads() -> None:
    rows = found(body("Penumpang menumpuk di Bandara Sultan Hasanuddin setelah UU Nomor 12 Tahun 2024 berlaku, "
                      "dan kapal berlabuh di Pelabuhan Mesir."))
    assert ("Bandara Sultan Hasanuddin", "FAC", "bandara_sultan_hasanuddin") in rows
    assert ("UU Nomor 12 Tahun 2024", "LAW", "uu_nomor_12_tahun_2024") in rows
    assert ("Mesir", "GPE", "egypt") in rows  # 'Pelabuhan Mesir' describes a port, it names none
    assert not any(q.startswith("Pelabuhan") for q, _, _ in rows)


def test_title_case_headline_gets_names_only() -> None:
    doc = curated("Warga Bekasi Keluhkan Jalan Rusak, Bupati Janji Perbaiki\nSelasa, 4 Maret 2025 - 12:00 WIB\n"
                  "Jalan utama di Kabupaten Bekasi rusak parah sejak bulan lalu.\n")
    rows = found(doc)
    assert rows[0] == ("Bekasi", "GPE", "bekasi")
    assert ("Kabupaten Bekasi", "GPE", "kabupaten_bekasi") in rows
    assert not any(label == "PER" for _, label, _ in rows)


def test_short_headline_cue_word_is_no_person() -> None:
    doc = Document(raw_text="Banjir Landa Cilacap, Ratusan Warga Mengungsi",
                   segments=(Segment("headline", 0, 46),), published=None)
    assert not any(label == "PER" for _, label, _ in found(doc))


def test_company_and_facility_names_run_past_places_they_contain() -> None:
    rows = found(body("Saham PT Bank Negara Indonesia Tbk naik, dan laga di Stadion Utama Riau Jaya ditunda."))
    assert ("PT Bank Negara Indonesia Tbk", "ORG", "pt_bank_negara_indonesia_tbk") in rows
    assert ("Stadion Utama Riau Jaya", "FAC", "stadion_utama_riau_jaya") in rows


def test_aliases_link_across_documents() -> None:
    one = found(body("Kim Jong-un meninjau pabrik."))
    two = found(body("Pemimpin tertinggi Kim Jong Un meninjau pabrik."))
    assert one[0][2] == two[0][2] == "kim_jong_un"


def test_platform_before_a_handle_is_a_product() -> None:
    doc = Document(raw_text="Foto: Instagram-@pemkotcontoh", segments=(Segment("credit", 0, 29),), published=None)
    assert found(doc) == [("Instagram", "PRODUCT", "instagram")]


def test_regency_and_city_of_one_name() -> None:
    rows = found(body("Kota Bogor dan Kabupaten Bogor berbagi sungai; di Bogor hujan turun."))
    assert rows == [("Kota Bogor", "GPE", "bogor"), ("Kabupaten Bogor", "GPE", "kabupaten_bogor"),
                    ("Bogor", "GPE", "bogor")]


def test_words_inside_longer_words_are_not_names() -> None:
    assert found(body("KASUS itu diselidiki; MASALAH lama, bukan AS-nya.")) == [("AS", "GPE", "united_states")]


def test_gazetteer_is_complete_for_indonesia() -> None:
    data = tomllib.loads(entities.GAZETTEER_FILE.read_text(encoding="utf-8"))
    assert data["sources"]
    assert len(data["entities"]["provinces"]) == 38
    assert len(data["entities"]["cities"]) == 98
    assert len(data["entities"]["regencies"]) == 416
    for group in data["entities"].values():
        for row in group:
            assert row["label"] in LABELS
            assert row["entity_id"] == machine_id(row["entity_id"])
    cues = tomllib.loads(entities.CUES_FILE.read_text(encoding="utf-8"))
    assert cues["version"] == data["version"] and cues["sources"]  # one annotator, one version (PINNED)


WORDS = ["Presiden", "Budi", "Santoso", "kata", "ujar", "Korea", "Utara", "Korut", "(", ")", "(42)", ",", ".", "-",
         "Rusia-Ukraina", "Kementerian", "Luar", "Negeri", "AS", "PBB", "Dewan", "Keamanan", "di", "dan", "warga",
         "Bandara", "Jakarta", "Selatan", "Gubernur", "Jawa", "Barat", "menurut", "UU", "12", "Kabupaten", "Bogor",
         "X-@akun", "VIVA", "Militer", ":", "–", "Siti", "mengatakan", "Ia", "é", "\u00a0", "Kim", "Jong-un"]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(WORDS), max_size=60), st.lists(st.sampled_from([" ", "\n", "", "  "]), max_size=60),
       st.sampled_from(["body", "headline", "caption", "dateline", "byline", "credit"]))
def test_property_spans_inside_text_and_flat(words: list[str], gaps: list[str], zone: str) -> None:
    text = "".join(w + (gaps[i] if i < len(gaps) else " ") for i, w in enumerate(words))
    doc = Document(raw_text=text, segments=(Segment(zone, 0, len(text)),), published=None)
    check_rows(doc, annotate(doc))
    lines = body(text)  # one segment per line, as curation cuts them
    check_rows(lines, annotate(lines))


def test_work_grows_linearly_on_a_long_repetitive_line() -> None:
    line = ("Menurut Gubernur Jawa Barat Dedi Santoso, warga Kota Bogor (45) dan Kementerian Luar Negeri AS "
            "serta Dewan Keamanan PBB membahas Rusia-Ukraina, kata Dedi. ")

    def work(n: int) -> tuple[dict[str, int], int]:
        stats: dict[str, int] = {}
        doc = body(line * n)
        rows = annotate(doc, stats=stats)
        return stats, len(rows)

    small, rows_small = work(50)
    large, rows_large = work(400)
    assert rows_large == 8 * rows_small
    for key in ("hits", "units"):
        assert large[key] <= 8 * small[key] * 1.05, key


def test_title_then_unknown_organisation_then_the_person_after_the_comma() -> None:
    rows = found(body("CEO Tanamku, Rizal Pratama, mengatakan aplikasi itu tumbuh."))
    assert ("Rizal Pratama", "PER", "rizal_pratama") in rows
    assert not any(q == "Tanamku" and label == "PER" for q, label, _ in rows)


def test_a_name_set_off_by_commas_before_a_reporting_verb() -> None:
    rows = found(body("Tokoh pemuda Desa Sukamaju, Rahmat Hidayat Lubis, mengatakan panen gagal.\n"
                      "Martha (40), warga Cililin, mengatakan air sudah surut."))
    persons = [q for q, label, _ in rows if label == "PER"]
    assert "Rahmat Hidayat Lubis" in persons
    assert "Cililin" not in persons  # one comma only: a place after the person, no apposition


def test_a_body_s_short_form_in_parentheses_between_title_and_name() -> None:
    rows = found(body("Peneliti Badan Riset dan Inovasi Nasional (BRIN), Yosef Manuhutu, meneliti sampel itu."))
    assert ("Yosef Manuhutu", "PER", "yosef_manuhutu") in rows


def test_a_place_head_closing_a_name_is_a_surname() -> None:
    rows = found(body("Bupati Simalungun Anton Tanjung meninjau sawah, kata Sari Pulau kepada wartawan."))
    persons = [q for q, label, _ in rows if label == "PER"]
    assert persons == ["Anton Tanjung", "Sari Pulau"]


def test_photo_credit_outlet_and_photographer() -> None:
    text = ("Warga mengungsi ke balai desa, Rabu (2/7/2025). GARUDA POST/DEWI ANGGRAINI\n"
            "Petugas memeriksa tanggul. (Foto: Kabar Lombok/Lalu Ahmad Fauzi)\n"
            "Antrean di pelabuhan, Kamis (3/7/2025). ANTARA FOTO/Nyoman Budhiana")
    segments, pos = [], 0
    for line in text.split("\n"):
        segments.append(Segment("caption", pos, pos + len(line)))
        pos += len(line) + 1
    rows = found(Document(raw_text=text, segments=tuple(segments), published=None))
    assert ("GARUDA POST", "ORG", "garuda_post") in rows and ("DEWI ANGGRAINI", "PER", "dewi_anggraini") in rows
    assert ("Kabar Lombok", "ORG", "kabar_lombok") in rows and ("Lalu Ahmad Fauzi", "PER", "lalu_ahmad_fauzi") in rows
    assert ("Nyoman Budhiana", "PER", "nyoman_budhiana") in rows
    assert not any(q == "ANTARA FOTO" for q, _, _ in rows)  # the agency's photo service word is no name
    plain = body("Harga naik 10/20 persen di pasar Mataram/Lombok.")
    assert not any(label == "PER" for _, label, _ in found(plain))  # a slash in prose is no credit


def test_doubles_partners_joined_by_a_slash() -> None:
    rows = found(body("Gelar ganda putri jatuh ke pasangan Ratna Sari/Melati Wulandari yang menang dua gim."))
    persons = [q for q, label, _ in rows if label == "PER"]
    assert persons == ["Ratna Sari", "Melati Wulandari"]


def test_degrees_after_a_name_in_apposition() -> None:
    rows = found(body("Kuasa hukum warga desa itu, Benny Simatupang, S.H., M.H., menilai tuntutan terlalu berat."))
    assert ("Benny Simatupang", "PER", "benny_simatupang") in rows


def test_a_name_set_off_by_a_comma_after_a_description_of_the_person() -> None:
    rows = found(body("Sementara itu, penumpang lain, Rudi Hartawan, mengaku kecewa.\n"
                      "Ia datang bersama istrinya, Sri Wahyuningsih.\n"
                      "Koordinator lapangan aksi, Agus Salimun meminta warga tenang.\n"
                      "Hal itu disampaikan wisatawan asal Jepang, Kenji Tanakura.\n"
                      "Rudi mengaku menunggu sejak pagi."))
    persons = [(q, eid) for q, label, eid in rows if label == "PER"]
    assert persons == [("Rudi Hartawan", "rudi_hartawan"), ("Sri Wahyuningsih", "sri_wahyuningsih"),
                       ("Agus Salimun", "agus_salimun"), ("Kenji Tanakura", "kenji_tanakura"),
                       ("Rudi", "rudi_hartawan")]  # the short form links to the name found after the comma


def test_a_described_person_after_a_title_word_or_a_place_a_pattern_names() -> None:
    rows = found(body("Salah satu pedagang, Budi Santoso, mengeluh.\n"
                      "Hal itu dialami wisatawan asal Desa Sukamaju, Rina Kartika."))
    assert [q for q, label, _ in rows if label == "PER"] == ["Budi Santoso", "Rina Kartika"]


def test_a_name_after_a_comma_describes_a_person_only_after_a_person_noun() -> None:
    rows = found(body("Arak-arakan dibawa oleh dua kelompok, Rombong Barat dan Rombong Timur.\n"
                      "Selain itu, Sanggar Melati ikut tampil.\n"
                      "Agen perjalanan, Dwi Tour Travel, tutup sementara.\n"
                      "Anggota kelompok, Jamaah Dirgantara, ditangkap.\n"
                      "Pemenang tender, Waskita Purnama, mulai bekerja.\n"
                      "Bagi wisatawan, Nusa Lembongan menawarkan pantai.\n"
                      "Menurut petugas, Kereta Rel Listrik mengalami gangguan."))
    # a group, a clause's subject, a company, a body's member, a bare noun that as often describes a
    # body, a sentence's opening phrase: no person
    assert not [q for q, label, _ in rows if label == "PER"]


DESCRIPTIONS = ["penumpang lain", "istrinya", "dua kelompok", "Koordinator lapangan aksi", "wisatawan asal Jepang",
                "warga AS", "wargã", "penumpang 2025", "Selain itu", "kata dia"]
NAME_WORDS = ["Rudi", "Hartawan", "Élise", "ÉLISE", "H.", "Sri", "dan", "br.", "Jakarta", "é"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(["Ia", "datang", "bersama", "(", ")", "Budi"]), max_size=4),
       st.sampled_from(DESCRIPTIONS), st.sampled_from([", ", ",", " , ", ",  ", ",\u00a0", ", \n"]),
       st.lists(st.sampled_from(NAME_WORDS), max_size=4),
       st.sampled_from([".", " mengatakan", " dan Jakarta", " (42)", ""]))
def test_the_described_apposition_rule_starts_only_where_its_check_of_the_text_finds_a_comma(
        before: list[str], description: str, comma: str, name: list[str], ending: str) -> None:
    """A segment is cut into units for the rule only where ``_described_comma`` says it may start: the
    rule, tried at every comma of the units, finds a person only in such a text."""
    text = " ".join([*before, description]) + comma + " ".join(name) + ending
    t = entities.tables()
    stats = {"hits": 0, "units": 0}
    matches, _ = entities._matches(text, t, stats)
    units, _, _ = entities._units(Document(text, (Segment("body", 0, len(text)),), None), text, 0, matches, stats,
                                  False)
    if any(entities._described_apposition(units, k, t, text) for k, u in enumerate(units) if u[entities.TEXT] == ","):
        assert entities._described_comma(text)


DESCRIBED_CHILD = """
import json, sys
from warta.machine import BUILD, entities
from warta.machine.document import Document, Segment
assert BUILD == "source", BUILD
entities._described_comma = lambda text: True  # every prose segment cut into units, every comma a mark
docs = [Document(d["raw"], tuple(Segment(*s) for s in d["segments"]), None) for d in json.load(sys.stdin)]
print(json.dumps([entities.annotate(doc) for doc in docs], ensure_ascii=False))
"""


def test_marking_every_comma_finds_what_the_check_of_the_text_lets_the_rule_find() -> None:
    """The differential form of the test above: the source annotator with ``_described_comma`` made to
    say yes everywhere gives, on every fixture page and development article and on sentences made to
    try the rule, the rows this process gives with the check."""
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "tests/fixtures/articles").glob("*.txt"))]
    texts += [p.read_text(encoding="utf-8") for p in sorted((ROOT / "tests/fixtures/annotated-dev").glob("*.txt"))]
    docs = [curated(text) for text in texts]
    rng = random.Random(20261204)
    for _ in range(200):
        docs.append(body(" ".join([rng.choice(["Ia", "datang", "bersama", "Budi"]), rng.choice(DESCRIPTIONS)])
                         + rng.choice([", ", ",", " , ", ",\u00a0", ", \n"]) + " ".join(rng.choices(NAME_WORDS, k=3))
                         + "."))
    payload = [{"raw": d.raw_text, "segments": [[s.zone, s.raw_start, s.raw_end] for s in d.segments]} for d in docs]
    child = subprocess.run([sys.executable, "-c", DESCRIBED_CHILD], input=json.dumps(payload), capture_output=True,
                           text=True, check=True, env={**os.environ, "WARTA_PURE_PYTHON": "1"})
    assert json.loads(child.stdout) == [annotate(doc) for doc in docs]


def test_a_known_short_form_printed_with_more_of_the_name() -> None:
    rows = found(body("Calon wali kota itu tiba pukul 09.00, kata Yakobus.\n"
                      "Sehari sebelumnya Yakobus Mandacan Rumbiak meninjau pasar."))
    persons = [q for q, label, _ in rows if label == "PER"]
    assert persons == ["Yakobus", "Yakobus Mandacan Rumbiak"]


def test_the_body_a_title_names_before_its_holder_is_an_organisation() -> None:
    rows = found(body("Ketua KNPI Kabupaten Garut, H. Dedi Supriadi, mengatakan pemuda siap membantu.\n"
                      "Manajer Humas Sinar Laut Ferry, Bonifasius Lake, menjelaskan jadwal kapal.\n"
                      "Direktur Pemasaran, Promosi, dan Kemitraan Bank Daerah itu hadir."))
    assert ("KNPI Kabupaten Garut", "ORG", "knpi_kabupaten_garut") in rows
    assert ("Sinar Laut Ferry", "ORG", "sinar_laut_ferry") in rows
    persons = [q for q, label, _ in rows if label == "PER"]
    assert persons == ["Dedi Supriadi", "Bonifasius Lake"]  # a list of portfolios holds no name


def test_degrees_after_a_titled_name_are_no_persons() -> None:
    rows = found(body("Kepala Kejaksaan Negeri itu, Dr. Hendra Gunawan, S.H., M.H., mengatakan berkas lengkap."))
    assert [q for q, label, _ in rows if label == "PER"] == ["Hendra Gunawan"]


def test_balinese_names_open_with_i_or_ni() -> None:
    rows = found(body("Kelian adat setempat, I Ketut Arsana, mengatakan upacara ditunda, kata Ni Luh Sekar Ayu."))
    assert [q for q, label, _ in rows if label == "PER"] == ["I Ketut Arsana", "Ni Luh Sekar Ayu"]


def test_a_reporter_s_outlet_in_the_byline_is_no_person() -> None:
    text = "Laporan Wartawan Suara Dieng, Yuni Astuti"
    doc = Document(raw_text=text, segments=(Segment("byline", 0, len(text)),), published=None)
    rows = found(doc)
    assert ("Yuni Astuti", "PER", "yuni_astuti") in rows
    assert ("Suara Dieng", "ORG", "suara_dieng") in rows


def test_the_place_a_territorial_title_names_before_its_holder_is_a_gpe() -> None:
    rows = found(body("Camat Sukaraja, Asep Saepudin, mengatakan jalan itu rusak."))
    assert ("Sukaraja", "GPE", "sukaraja") in rows and ("Asep Saepudin", "PER", "asep_saepudin") in rows


def test_an_abbreviated_given_name_is_part_of_the_name() -> None:
    rows = found(body("Sementara itu, M. Rizal Fahmi mengatakan pabrik mengurangi pembelian.\n"
                      "Camat Tambakrejo, Moh. Jakfar, berjanji menindaklanjuti keluhan petani.\n"
                      "Kepala Desa Sumberwaru, Muh. Ikhsan, membenarkan hal itu.\n"
                      "Menurut Jakfar, harga garam turun."))
    assert ("M. Rizal Fahmi", "PER", "m_rizal_fahmi") in rows
    assert ("Tambakrejo", "GPE", "tambakrejo") in rows and ("Moh. Jakfar", "PER", "moh_jakfar") in rows
    assert ("Sumberwaru", "GPE", "sumberwaru") in rows and ("Muh. Ikhsan", "PER", "muh_ikhsan") in rows
    assert ("Jakfar", "PER", "moh_jakfar") in rows  # the short form is the name's word, never the initial
    # a word that merely begins like an initial ('Abdi') is still a short form
    rows = found(body("Abdi Kusuma mengatakan harga naik.\nStok menipis sejak pekan lalu, ujar Abdi."))
    assert [(q, eid) for q, label, eid in rows if label == "PER"] == [("Abdi Kusuma", "abdi_kusuma"),
                                                                      ("Abdi", "abdi_kusuma")]
    assert not any(q.startswith(("Moh.", "Muh.")) and q not in ("Moh. Jakfar", "Muh. Ikhsan") for q, _, _ in rows)
    # a degree after a name is no initial: its dot has no space after it
    rows = found(body("Kepala Puskesmas Sumberwaru, Dewi Lestari, M.Si, mengatakan stok vaksin cukup."))
    assert ("Dewi Lestari", "PER", "dewi_lestari") in rows and not any(q.startswith("M.") for q, _, _ in rows)


def test_initials_after_a_person_role_are_a_person_not_an_acronym() -> None:
    rows = found(body("Polisi menangkap tersangka RH di rumahnya, sementara korban berinisial MS dirawat."))
    assert [(q, label) for q, label, _ in rows if q in ("RH", "MS")] == [("RH", "PER"), ("MS", "PER")]


def test_a_place_set_off_by_commas_after_a_place_is_no_speaker() -> None:
    rows = found(body("Seorang pedagang di Desa Sukamulya, Cikarang, mengatakan harga naik."))
    assert not any(label == "PER" for _, label, _ in rows)


def test_a_reporter_named_without_laporan_is_the_person() -> None:
    text = "Reporter Budi Santoso, Editor Ani Wijaya"
    doc = Document(raw_text=text, segments=(Segment("byline", 0, len(text)),), published=None)
    assert [(q, label) for q, label, _ in found(doc)] == [("Budi Santoso", "PER"), ("Ani Wijaya", "PER")]


def test_credits_that_name_no_outlet_or_photographer_are_left_alone() -> None:
    lines = ["Warga antre di posko. (Foto: Humas Polres Garut/Istimewa)",
             "Banjir di Cikarang, Senin. Tangkapan Layar/YouTube", "Suasana pasar. Freepik/Pixabay"]
    text = "\n".join(lines)
    segments, pos = [], 0
    for line in lines:
        segments.append(Segment("caption", pos, pos + len(line)))
        pos += len(line) + 1
    rows = found(Document(raw_text=text, segments=tuple(segments), published=None))
    assert not any(label == "PER" for _, label, _ in rows)
    assert not any("Senin" in q for q, _, _ in rows)


def _known_persons_by_automaton(doc: Document, rows, known: dict[str, str]) -> list[tuple]:
    """The definition of ``entities._known_persons``: one Aho-Corasick pass per segment over the
    document's known forms, matches on word boundaries, leftmost-longest, where no entity is."""
    automaton = ahocorasick.Automaton()
    for form, eid in known.items():
        automaton.add_word(form, (len(form), eid))
    automaton.make_automaton()
    taken = sorted((s, e) for s, e, _, _ in rows)
    starts, ends = [s for s, _ in taken], [e for _, e in taken]
    raw, out = doc.raw_text, []
    for seg in doc.segments:
        text = doc.text_of(seg)
        cand = sorted(((seg.raw_start + last + 1 - n, seg.raw_start + last + 1, eid)
                       for last, (n, eid) in automaton.iter(text)
                       if entities._bounded(text, last + 1 - n, last + 1)), key=lambda c: (c[0], -c[1]))
        reach = 0
        for s, e, eid in cand:
            if s >= reach and not entities._overlaps(starts, ends, s, e):
                longer = (e if seg.zone in entities._TITLE_CASE_ZONES
                          else entities._name_tail(raw, e, seg.raw_end, entities.tables()))
                if longer > e and not entities._overlaps(starts, ends, s, longer):
                    e, eid = longer, machine_id(raw[s:longer])
                out.append((s, e, "PER", eid))
                reach = e
    return out


def _assert_known_persons_are_the_defined_ones(doc: Document, known: dict[str, str], rows=()) -> None:
    fast = entities._known_persons(doc, list(rows), known, {"hits": 0})
    assert fast == _known_persons_by_automaton(doc, list(rows), known)


def _fixture_documents() -> list[Document]:
    """Every fixture page but the held-out ones (tests/fixtures/annotated), curated."""
    root = Path(__file__).parent / "fixtures"
    return [curated(p.read_text(encoding="utf-8")) for p in sorted(root.glob("**/*.txt"))
            if p.relative_to(root).parts[0] != "annotated"]


def test_known_persons_by_find_are_the_automaton_s_on_the_fixtures() -> None:
    docs = _fixture_documents()
    assert len(docs) > 30
    compared = 0
    for doc in docs:
        rows = [(r["raw_start"], r["raw_end"], r["label"], r["entity_id"]) for r in annotate(doc)]
        forms = {doc.raw_text[s:e]: eid for s, e, label, eid in rows if label == "PER"}
        forms |= {w: eid for name, eid in forms.items() for w in name.split() if len(w) >= 3}
        if forms:
            compared += 1
            _assert_known_persons_are_the_defined_ones(doc, forms)  # nothing taken: every mention
            _assert_known_persons_are_the_defined_ones(doc, forms, [r for r in rows if r[2] != "PER"])
    assert compared > 20


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["Ana", "Ana Lubis", "Lubis", "Anak", " ", ", ", "-", "\n", "AnaAna",
                                 "Budi", "Budi Ana", ".", "kata"]), max_size=30),
       st.lists(st.sampled_from(["Ana", "Lubis", "Ana Lubis", "Budi", "Budi Ana", "AnaAna", "na"]),
                min_size=1, max_size=4))
def test_known_persons_by_find_are_the_automaton_s(parts: list[str], forms: list[str]) -> None:
    text = "".join(parts)
    segments, pos = [], 0
    for k, line in enumerate(text.split("\n")):
        if line:  # lines alternate body and headline; a line may also be cut in two segments
            cut = len(line) // 2 if k % 3 == 2 else len(line)
            segments.append(Segment("body" if k % 2 == 0 else "headline", pos, pos + cut))
            if cut < len(line):
                segments.append(Segment("body", pos + cut, pos + len(line)))
        pos += len(line) + 1
    doc = Document(raw_text=text, segments=tuple(segments), published=None)
    _assert_known_persons_are_the_defined_ones(doc, {f: machine_id(f) for f in forms})


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(["kata", "Ana", "28", " ", "  ", ",", ".", "_", "-", "'", "’", "(", ")", "/",
                                 "\u00a0", "\t", "\n", "\u2028", "\u3000", "\x1f", "\u200b", "é", "\u0301", "²",
                                 "Jong-un", '"', "“", "%", "ab_", "_ab", "-ab", "ab-", "ab\t"]), max_size=40),
       st.integers(0, 500))
def test_tokens_split_at_spaces_are_the_pattern_s(parts: list[str], offset: int) -> None:
    text = "".join(parts)
    assert tokenise(text, offset) == tokenise_by_pattern(text, offset)
    assert tokenise(text, offset)[3] == [t[0].isalnum() for t in tokenise(text, offset)[0]]


def test_tokens_split_at_spaces_are_the_pattern_s_on_the_fixtures() -> None:
    docs = _fixture_documents()
    for doc in docs:
        for seg in doc.segments:
            text = doc.text_of(seg)
            assert tokenise(text, seg.raw_start) == tokenise_by_pattern(text, seg.raw_start)


def _title_case_by_definition(words: list[str], zone: str) -> bool:
    """``entities._title_case`` as first written: count every word, then compare."""
    long = [w for w in words if len(w) >= 3 and w[0].isalpha()]
    capitalised = sum(w[0].isupper() for w in long)
    if zone in ("headline", "related"):
        return capitalised > 0.6 * len(long)
    if zone == "body":
        return len(long) >= 4 and capitalised > 0.9 * len(long)
    return len(long) >= 4 and capitalised > 0.75 * len(long)


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.sampled_from(["Kota", "kota", "di", "Di", "(", "2025", "Ana", "yang", "Él", "été", "X", "ya"]),
                max_size=60),
       st.sampled_from(["headline", "related", "body", "caption", "dateline"]))
def test_title_case_stopping_early_decides_as_counting_all(words: list[str], zone: str) -> None:
    assert entities._title_case(words, zone) == _title_case_by_definition(words, zone)


def test_title_case_stopping_early_decides_as_counting_all_at_every_share() -> None:
    for zone in ("headline", "body", "caption"):
        for capitalised in range(60):
            for lower in range(60):
                words = ["Kota"] * capitalised + ["kota"] * lower
                assert entities._title_case(words, zone) == _title_case_by_definition(words, zone)
                words.reverse()
                assert entities._title_case(words, zone) == _title_case_by_definition(words, zone)


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(["ANTARA", "FOTO", "Foto", "/", " ", "  ", "(", ")", "M.", "Risyal", "Hidayat", "x",
                                 ": ", ". ", ", ", "| ", "- ", "– ", "\n", "KABAR.com", "Humas", "Istimewa"]),
                max_size=30).map("".join))
def test_a_credit_searched_from_near_the_last_slash_is_the_whole_caption_s(text: str) -> None:
    whole = entities._CREDIT.search(text)
    near = entities._CREDIT.search(text, entities._credit_from(text))
    assert (whole and whole.span("org") + whole.span("per")) == (near and near.span("org") + near.span("per"))
