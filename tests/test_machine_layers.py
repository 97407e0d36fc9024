"""Machine annotation layers: versioned tables, gold-shaped rows with provenance, spans that hold.

Expected values here are written from schema/GUIDELINES.md §2 for invented sentences,
not copied from the annotator's output.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from warta.annotation.layers import LAYERS
from warta.cli import main
from warta.curation.curate import curate
from warta.machine import layers, timex
from warta.machine.document import Document, Segment
from warta.machine.layers import MACHINE_LAYERS, machine_rows
from warta.machine.scoring import rates, score
from warta.release.schemas import schema_problems

# A table's content is part of its annotator's version: edit a table, bump its version (the
# tables of one annotator together), and pin the new hash here; the manifest and the card then
# say which rules made the rows.
PINNED = {
    "timex.toml": ("1.1.0", "086d01d3eb5b4f3f4e84e1bbc4bbdd47992a3cbf19f70c361fe863e9cdc7fdef"),
    "gazetteer.toml": ("1.3.2", "75292a76973f4d90263407a49475cd2cf96105eb8a079b39d0899025e3fa8e1c"),
    "person_cues.toml": ("1.3.2", "53b56d56f0aa2634aedbc48c2d55f17b6c352d8e0c45284d0fc7a59d830a29f7"),
    "quote_cues.toml": ("1.3.1", "229807044fb47fee7829e2f93da121518af9d2b5b38dacb40a312bc31e602447"),
}


def test_every_table_change_bumps_its_annotator_version() -> None:
    import tomllib

    tables = sorted(p.name for p in timex.TABLE.parent.glob("*.toml"))
    assert tables == sorted(PINNED), "every machine table is pinned"
    for name, (version, digest) in PINNED.items():
        path = timex.TABLE.with_name(name)
        found = hashlib.sha256(path.read_bytes()).hexdigest()
        assert tomllib.loads(path.read_text(encoding="utf-8"))["version"] == version and found == digest, \
            f"{name} changed: bump its version and pin the new sha256 {found}"
    assert {m.source for m in MACHINE_LAYERS} == {"warta-entities@1.3.2", "warta-timex@1.1.0",
                                                  "warta-quotes@1.3.1"}


def _doc(lines: list[tuple[str, str]], published: str | None = None) -> Document:
    raw, segments = "", []
    for zone, text in lines:
        segments.append(Segment(zone, len(raw), len(raw) + len(text)))
        raw += text + "\n"
    return Document(raw, tuple(segments), published)


DATELINE = ("dateline", "Rabu, 11 Juni 2025 - 09:15 WITA")


@pytest.mark.parametrize("sentence, expected", [
    # a day with its part of the day is TIME (TimeML 1.2.1: 'Monday morning')
    ("Hujan turun sejak Senin (9/6) malam.", [("Senin (9/6) malam", "TIME", "2025-06-09TNI", None)]),
    ("Air surut kemarin pagi.", [("kemarin pagi", "TIME", "2025-06-10TMO", None)]),
    ("Rapat digelar Rabu (11/6) siang.", [("Rabu (11/6) siang", "TIME", "2025-06-11TMI", None)]),
    ("Kapal tiba Senin dini hari.", [("Senin dini hari", "TIME", "2025-06-09TNI", None)]),
    # a month with 'lalu', 'ini' or 'depan' is placed against the publication month (June 2025)
    ("Kasus serupa terjadi Agustus lalu.", [("Agustus lalu", "DATE", "2024-08", None)]),
    ("Harga turun Mei lalu.", [("Mei lalu", "DATE", "2025-05", None)]),
    ("Panen raya digelar Juni ini.", [("Juni ini", "DATE", "2025-06", None)]),
    ("Pemilu ulang digelar Maret mendatang.", [("Maret mendatang", "DATE", "2026-03", None)]),
    ("Ia divonis delapan tahun enam bulan penjara.", [("delapan tahun enam bulan", "DURATION", "P8Y6M", None)]),
    ("Siswa berusia 12 tahun ikut lomba.", []),  # an age
    ("Peraturan Menteri Nomor 7 Tahun 2019 berlaku.", []),  # a law's number and year
    ("Aturan itu tertuang dalam Perpres 12 Tahun 2021.", []),
    ("Anak berusia 5 tahun 3 bulan itu selamat.", []),  # an age of two units
    ("Hujan deras turun awal Juni lalu.", [("awal Juni lalu", "DATE", "2025-06", "START")]),  # this June
    ("Sidang ditunda hingga pekan depan.", [("pekan depan", "DATE", "2025-W25", None)]),
    ("Perbaikan butuh lebih dari 2,5 tahun.", [("lebih dari 2,5 tahun", "DURATION", "P2.5Y", "MORE_THAN")]),
    ("Rapat berlangsung hampir tiga jam.", [("hampir tiga jam", "DURATION", "PT3H", "LESS_THAN")]),
    ("Pasar dibuka setiap Senin.", [("setiap Senin", "SET", "XXXX-WXX-1", None)]),
    ("Gempa serupa terjadi pada Februari 2022.", [("Februari 2022", "DATE", "2022-02", None)]),
    ("Warga diminta waspada hingga akhir Juni 2025.", [("akhir Juni 2025", "DATE", "2025-06", "END")]),
    ("Kapal tiba pukul 07.30 WITA.", [("pukul 07.30 WITA", "TIME", "2025-06-11T07:30+08:00", None)]),
    ("Proyek dimulai dua tahun lalu.", [("dua tahun lalu", "DATE", "2023", None)]),
    ("Tarif naik tahun depan.", [("tahun depan", "DATE", "2026", None)]),
    ("Sidang digelar Selasa lalu.", [("Selasa lalu", "DATE", "2025-06-10", None)]),
    ("Pada 28/04/2025 pukul 10.00 WIB kapal bersandar.",
     [("28/04/2025 pukul 10.00 WIB", "TIME", "2025-04-28T10:00+07:00", None)]),
    ("Ia datang sekitar satu dekade.", [("sekitar satu dekade", "DURATION", "P10Y", "APPROX")]),
    ("Ia bekerja mingguan di pelabuhan.", [("mingguan", "SET", "P1W", None)]),
    ("Dua minggu berlalu sejak tahun 2019.", [("Dua minggu", "DURATION", "P2W", None),
                                             ("tahun 2019", "DATE", "2019", None)]),
    ("Harga naik dalam 24 jam terakhir.", [("24 jam terakhir", "DURATION", "PT24H", None)]),
    ("Warga menunggu berbulan-bulan.", [("berbulan-bulan", "DURATION", "PXM", None)]),
    ("Laba naik pada kuartal III 2025.", [("kuartal III 2025", "DATE", "2025-Q3", None)]),
    ("Pameran digelar akhir pekan ini.", [("akhir pekan ini", "DATE", "2025-W24-WE", None)]),
    ("Saat ini stok beras aman.", [("Saat ini", "DATE", "PRESENT_REF", None)]),
    ("Tarif naik Februari tahun lalu.", [("Februari tahun lalu", "DATE", "2024-02", None)]),
    ("Kapal tiba Senin (9/6) pukul 10.00 WIB.", [("Senin (9/6) pukul 10.00 WIB", "TIME", "2025-06-09T10:00+07:00",
                                                None)]),
    ("Bus berangkat sekitar pukul 23.40 WIB.", [("sekitar pukul 23.40 WIB", "TIME", "2025-06-11T23:40+07:00",
                                                "APPROX")]),
    ("Obat diminum setiap enam jam.", [("setiap enam jam", "SET", "PT6H", None)]),
    ("Pemain cetak gol pada menit ke-23 di Pekan Ke-28.", []),
])
def test_time_expressions_resolved_against_the_dateline(sentence, expected) -> None:
    rows = timex.annotate(_doc([DATELINE, ("body", sentence)]))
    assert (rows[0]["quote"], rows[0]["value"], rows[0]["anchor"]) == (DATELINE[1], "2025-06-11T09:15+08:00", None)
    body = [(r["quote"], r["type"], r["value"], r["mod"]) for r in rows if r["raw_start"] > len(DATELINE[1])]
    assert body == expected


def test_without_a_publication_time_the_unknown_stays_x() -> None:
    rows = timex.annotate(_doc([("body", "Banjir datang Senin (9/6), Kamis dan kemarin; pekan lalu juga.")]))
    assert [(r["quote"], r["value"], r["anchor"]) for r in rows] == [
        ("Senin (9/6)", "XXXX-06-09", None), ("Kamis", "XXXX-WXX-4", None), ("kemarin", "XXXX-XX-XX", None),
        ("pekan lalu", "XXXX-WXX", None)]


def test_the_registry_publication_time_resolves_without_anchoring() -> None:
    rows = timex.annotate(_doc([("body", "Banjir datang Senin (9/6).")], published="2025-06-11"))
    assert [(r["value"], r["anchor"]) for r in rows] == [("2025-06-09", None)]


def test_words_that_only_look_like_time_are_left_alone() -> None:
    rows = timex.annotate(_doc([("body", "Mei Lestari dan 2000 warga tinggal di minggu ke rumah 10.30 meter.")]))
    assert rows == []


def test_relative_expressions_are_anchored_to_the_dateline_expression() -> None:
    rows = timex.annotate(_doc([DATELINE, ("body", "Banjir datang kemarin dan surut Februari 2022.")]))
    assert [(r["quote"], r["anchor"]) for r in rows] == [
        (DATELINE[1], None), ("kemarin", "t1"), ("Februari 2022", None)]


TEXT = st.text(alphabet=st.sampled_from(list("abc SeninJuni(/)0123456789.,:-WIBtahunlalu\n")), max_size=300)


@settings(max_examples=150, deadline=None)
@given(TEXT)
def test_machine_spans_lie_in_the_raw_text_and_never_overlap(text: str) -> None:
    lines = [line for line in text.split("\n") if line.strip()] or ["x"]
    doc = _doc([("body", line) for line in lines], published="2025-06-11")
    rows = timex.annotate(doc)
    last = -1
    for row in rows:
        assert doc.raw_text[row["raw_start"]:row["raw_end"]] == row["quote"] and row["quote"].strip() == row["quote"]
        assert row["raw_start"] >= last
        last = row["raw_end"]
    assert [r["id"] for r in rows] == [f"t{n}" for n in range(1, len(rows) + 1)]


def _tokens_walked(text: str) -> list[tuple[str, int]]:
    """Where timex patterns may start, by the definition: every token of the tokeniser, kept if it is
    a trigger word, '(' or begins with an ASCII digit."""
    triggers = timex._triggers()
    return [(t.group().lower(), t.start()) for t in timex._TOKEN.finditer(text)
            if t.group().lower() in triggers or t.group()[0] in "0123456789"]


PIECES = st.sampled_from(["Senin", "senin", "SENIN", "Juni", "tahun", "lalu", "pukul", "se", "pekan", "2025", "7", "(",
                          ")", "-", "'", "’", "_", " ", "\n", "x", "é", "İ", ".", "/", ":"])


@settings(max_examples=300, deadline=None)
@given(st.lists(PIECES, max_size=60).map("".join))
def test_the_trigger_scan_finds_exactly_the_triggered_tokens(text: str) -> None:
    assert timex._triggered(text, timex._triggers()) == _tokens_walked(text)


def test_the_trigger_scan_agrees_with_the_token_walk_on_every_fixture() -> None:
    root = Path(__file__).parent / "fixtures"
    texts = [p.read_text(encoding="utf-8") for p in sorted(root.glob("**/*.txt"))]
    assert len(texts) > 50
    for text in texts:
        assert timex._triggered(text, timex._triggers()) == _tokens_walked(text)


def test_every_kind_has_its_resolver() -> None:
    assert timex._RESOLVERS.keys() == timex._sources().keys() == timex._PRIORITY.keys()


def test_the_resolver_written_out_is_the_table_s() -> None:
    """``timex._resolve`` dispatches by hand what ``_RESOLVERS`` says: the same fields for every match of every
    pattern in the fixtures, with and without a publication date."""
    texts = [p.read_text(encoding="utf-8") for p in sorted((Path(__file__).parent / "fixtures").glob("**/*.txt"))]
    seen = set()
    t = timex.table()
    for text in texts:
        for kind, m in timex._matches(text):
            for base in (timex._base("2025-06-12"), timex._base(None)):
                assert timex._resolve(kind, m, base, t) == timex._RESOLVERS[kind](kind, m, base, t)
            seen.add(kind)
    assert len(seen) >= 15


def _lost_number_matches(text: str) -> list[tuple[str, int]]:
    """(kind, offset) of every number pattern that matches at a number but is not tried there."""
    lost = []
    for word, at in timex._triggered(text, timex._triggers()):
        if word[0].isdigit():
            tried = timex._digit_kinds(text, at)
            lost += [(kind, at) for kind in timex._DIGIT_KINDS
                     if kind not in tried and timex._patterns()[kind].match(text, at)]
    return lost


NUMBERS = st.lists(st.sampled_from(["7", "28", "2025", "1998", "150", "/", "-", ":", ".", ",", " ", "\n", "\u00a0",
                                    "Juni", "Mei", "tahun", "jam", "lalu", "WIB", "5", "09", "00"]), max_size=40)


@settings(max_examples=300, deadline=None)
@given(NUMBERS.map("".join))
def test_number_patterns_tried_by_shape_lose_no_match(text: str) -> None:
    assert _lost_number_matches(text) == []


def test_number_patterns_tried_by_shape_lose_no_match_on_the_fixtures() -> None:
    for path in sorted((Path(__file__).parent / "fixtures").glob("**/*.txt")):
        assert _lost_number_matches(path.read_text(encoding="utf-8")) == [], path.name


def _assert_numbers_read_by_shape_as_defined(text: str) -> None:
    """At every number, the token read by hand is ``_TOKEN``'s, and the kinds kept by the number's shape are
    the ones ``_digit_kinds`` gives there."""
    folded = text.lower()
    for word, at in timex._triggered(text, timex._triggers(), folded if len(folded) == len(text) else None):
        if word[0].isdigit():
            assert word == timex._TOKEN.match(folded if len(folded) == len(text) else text, at).group().lower()
            assert timex._digit_groups(text, at, word) == timex._guarded_digit_kinds(timex._digit_kinds(text, at))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["7", "28", "2025", "1998", "150", "/", "-", ":", ".", ",", " ", "\n", "\u00a0", "5-an",
                                 "'", "’", "_", "x", "Juni", "٣", "09", "00"]), max_size=40).map("".join))
def test_numbers_read_by_shape_are_the_defined_ones(text: str) -> None:
    _assert_numbers_read_by_shape_as_defined(text)


def test_numbers_read_by_shape_are_the_defined_ones_on_the_fixtures() -> None:
    for path in sorted((Path(__file__).parent / "fixtures").glob("**/*.txt")):
        _assert_numbers_read_by_shape_as_defined(path.read_text(encoding="utf-8"))


def _match_shapes(matches) -> list[tuple]:
    """(kind, span of the match and of each group) of every match, sorted: what a match is, whatever
    the case of the text it was made on."""
    return sorted((kind, m.span(), tuple(m.span(g) for g in range(1, (m.re.groups or 0) + 1)))
                  for kind, m in matches)


def _assert_folded_matches_are_the_defined_ones(text: str) -> None:
    folded = text.lower()
    if timex._folds_exactly(text, folded):
        assert _match_shapes(timex._matches_folded(text, folded)) == _match_shapes(timex._matches_by_definition(text))
    assert _match_shapes(timex._matches(text)) == _match_shapes(timex._matches_by_definition(text))


TIMEX_PIECES = st.sampled_from([
    "Senin", "senin", "SENIN", "Minggu", "minggu", "Juni", "juni", "Mei", "Sept.", "tahun", "bulan", "jam", "hari",
    "lalu", "depan", "silam", "yang", "pukul", "pkl.", "WIB", "wib", "waktu setempat", "se", "sepekan", "pekan",
    "di", "di atas", "atas", "sekitar", "lebih", "dari", "akhir", "awal", "dua", "tiga puluh", "beberapa", "berusia",
    "Nomor", "malam", "pagi", "kemarin", "setiap", "kuartal", "III", "2025", "1998", "7", "28", "09", "00", "150",
    "(", ")", "/", "-", ":", ".", ",", " ", " ", "\n", "\u00a0", "’", "x", "é", "ı", "ſ", "İ", "K",
    "sekitar pukul 10.00 WIB", "lebih dari dua tahun", "Senin (9/6)", "28 Juni 2025", "akhir pekan lalu",
    "awal tahun ini", "hampir 24 jam", "berusia 5 tahun 3 bulan"])


@settings(max_examples=400, deadline=None)
@given(st.lists(TIMEX_PIECES, max_size=40).map("".join))
def test_folded_matches_are_the_defined_matches(text: str) -> None:
    _assert_folded_matches_are_the_defined_ones(text)


def _fixture_texts() -> list[str]:
    """Every fixture text but the held-out ones (tests/fixtures/annotated)."""
    root = Path(__file__).parent / "fixtures"
    return [p.read_text(encoding="utf-8") for p in sorted(root.glob("**/*.txt"))
            if p.relative_to(root).parts[0] != "annotated"]


def test_folded_matches_are_the_defined_matches_on_the_fixtures() -> None:
    texts = _fixture_texts()
    assert len(texts) > 30
    for text in texts:
        _assert_folded_matches_are_the_defined_ones(text)


def test_texts_whose_lower_case_matches_apart_take_the_definition() -> None:
    for text in ("harı", "ſenin", "İSTANBUL Senin"):
        assert not timex._folds_exactly(text, text.lower())
    assert [(kind, m.group()) for kind, m in timex._matches("berusia 5 tahun 3 harı")] == [
        ("duration", "5 tahun"), ("duration", "3 harı")]  # case-blind, as printed


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["tahun", "Tahun", "usia", "berusia", "5", "3,5", "89", "bulan", "harı", "-", "_", " ",
                                 "  ", "\n", ".", "é", "Nomor", "No", "uu", "PP", "perKapolri", "per\u212aap", "ſ"]),
                max_size=30).map("".join), st.integers(0, 50), st.integers(1, 45))
def test_the_backward_reads_agree_with_their_searches(text: str, start: int, reach: int) -> None:
    start = min(start, len(text))
    assert timex._previous_word(text, start, reach) == timex._previous_word_searched(text, start, reach)
    assert timex._an_age_before(text, start, timex.table()) == bool(
        timex._age_before().search(text, max(0, start - 40), start))
    assert timex._a_law_number_before(text, start, timex._previous_word(text, start)) == bool(
        timex._law_number().search(text, max(0, start - 24), start))


SCHEMA = {layer.name: layer.schema for layer in LAYERS}


def test_release_rows_carry_their_annotator_and_fit_the_gold_row_schema(repo) -> None:
    from conftest import seed_bytes, seed_entry

    record = curate(seed_bytes("eb89c155b02eb356"), seed_entry("eb89c155b02eb356"))
    for machine in MACHINE_LAYERS:
        rows = machine_rows(record, machine.layer)
        assert rows and {r["source"] for r in rows} == {machine.source} and "gold" not in machine.source
        for row in rows:
            assert not schema_problems(SCHEMA[machine.layer], row, file="x"), row
            for part in [row] if "raw_start" in row else [row[k] for k in ("content", "cue", "speaker")]:
                assert record["raw_text"][part["raw_start"]:part["raw_end"]] == part["text"]


def test_segments_lower_cased_one_by_one_match_as_the_lower_cased_join() -> None:
    """The time annotator lower-cases each segment alone (``timex._joined_segments``): the matches are
    those of the lower-cased join, on every fixture and with a capital sigma and a dotted capital I
    (whose lower case is two characters) at a segment's edge."""
    pages = sorted((Path(__file__).parent / "fixtures").glob("**/*.txt"))
    for k, page in enumerate(pages):
        record = curate(page.read_bytes(), {"id": f"l{k}", "outlet": "x", "raw_file": page.name})
        for edge in ("", "Σ", "İ"):
            raw = record["raw_text"]
            segments = tuple(Segment(s["zone"], s["raw_start"], s["raw_end"]) for s in record["segments"])
            if edge:
                cut = segments[0].raw_end
                raw = raw[:cut] + edge + raw[cut:]
                segments = (Segment(segments[0].zone, segments[0].raw_start, cut + 1),
                            *(Segment(s.zone, s.raw_start + 1, s.raw_end + 1) for s in segments[1:]))
            joined, _, folded = timex._joined_segments(Document(raw, segments, None))
            assert _match_shapes(timex._matches(joined, folded)) == _match_shapes(timex._matches(joined)), page.name


def test_a_batch_is_annotated_once_and_each_record_gets_its_own_layers(monkeypatch) -> None:
    pages = sorted((Path(__file__).parent / "fixtures" / "articles").glob("*.txt"))[:5]
    records = [curate(p.read_bytes(), {"id": f"b{k}", "outlet": "x", "raw_file": p.name})
               for k, p in enumerate(pages)]
    alone = [layers.annotate(r) for r in records]
    batches = []
    real = layers._annotate_all
    monkeypatch.setattr(layers, "_annotate_all", lambda docs: batches.append(len(docs)) or real(docs))
    layers.annotate_batch(records)
    assert batches == [len(records)]  # the whole batch at once
    for record, expected in zip(records[::-1], alone[::-1], strict=True):  # any order: remembered, not annotated again
        assert layers.annotated_items(record) == expected
    assert batches == [len(records)]
    edited = {**records[0], "published": "2020-01-01"}  # another input: annotated, not taken from the batch
    got = layers.annotated_items(edited)
    assert batches == [len(records), 1]
    assert got == layers.annotate(edited)


def test_a_batch_is_annotated_layer_after_layer(monkeypatch) -> None:
    """Each annotator runs over the whole batch before the next starts (the caches stay warm), and a
    later layer still reads the earlier layer of its own document."""
    pages = sorted((Path(__file__).parent / "fixtures" / "articles").glob("*.txt"))[:3]
    records = [curate(p.read_bytes(), {"id": f"o{k}", "outlet": "x", "raw_file": p.name})
               for k, p in enumerate(pages)]
    expected = [layers.annotate(r) for r in records]
    order = []
    for machine in layers.MACHINE_LAYERS:
        real = machine.annotator.annotate

        def counted(doc, _real=real, _layer=machine.layer, **needs):
            order.append((_layer, doc.raw_text[:40]))
            return _real(doc, **needs)
        monkeypatch.setattr(machine.annotator, "annotate", counted)
    layers.annotate_batch(records)
    heads = [r["raw_text"][:40] for r in records]
    assert order == [(m.layer, head) for m in layers.MACHINE_LAYERS for head in heads]
    assert [layers.annotated_items(r) for r in records] == expected



def test_curate_shows_the_machine_rows_in_the_record_s_layers(tmp_path, capsys) -> None:
    from conftest import NEW_ARTICLE

    path = tmp_path / "gempa.txt"
    path.write_text(NEW_ARTICLE, encoding="utf-8")
    assert main(["curate", "--json", str(path)]) == 0
    record = json.loads(capsys.readouterr().out)
    assert [(t["text"], t["value"], t["source"]) for t in record["timex"]][:2] == [
        ("Kamis, 12 Juni 2025", "2025-06-12", timex.version()),
        ("14:05 WIB", "2025-06-12T14:05+07:00", timex.version())]


def test_show_machine_shows_the_machine_layers_of_any_document(in_repo, tmp_path, capsys) -> None:
    from conftest import NEW_ARTICLE

    assert main(["show", "101de1eb255d4fba"]) == 0
    gold = capsys.readouterr().out
    assert "events (32)" in gold and "machine layers" not in gold
    assert main(["show", "101de1eb255d4fba", "--machine"]) == 0
    machine = capsys.readouterr().out
    assert machine.startswith("machine layers: warta-entities@") and "events (0)" in machine
    path = tmp_path / "gempa.txt"
    path.write_text(NEW_ARTICLE, encoding="utf-8")
    assert main(["add", str(path), "--outlet", "Kabar Contoh"]) == 0
    doc_id = hashlib.sha256(NEW_ARTICLE.encode("utf-8")).hexdigest()[:16]
    capsys.readouterr()
    assert main(["show", doc_id]) == 0
    plain = capsys.readouterr()
    assert "has no gold annotation" in plain.err and "{" not in plain.out.split("quotes (")[0].split("\n", 3)[-1]
    assert main(["show", doc_id, "--machine"]) == 0
    assert "{Kamis, 12 Juni 2025|DATE 2025-06-12}" in capsys.readouterr().out


def test_scores_count_exact_and_overlapping_matches() -> None:
    gold = [{"raw_start": 0, "raw_end": 5, "type": "DATE", "value": "2025"},
            {"raw_start": 10, "raw_end": 20, "type": "DATE", "value": "2025-06"}]
    machine = [{"raw_start": 0, "raw_end": 5, "type": "DATE", "value": "2025"},
               {"raw_start": 12, "raw_end": 22, "type": "TIME", "value": "2025-06"},
               {"raw_start": 30, "raw_end": 31, "type": "DATE", "value": "X"}]
    counts = score("timex", machine, gold)
    assert counts == {"gold": 2, "machine": 3, "exact": 1, "overlap": 2, "label": 1, "value": 2, "speaker": 0}
    r = rates(counts)
    assert r["exact_p"] == pytest.approx(1 / 3) and r["overlap_r"] == 1.0 and r["value_acc"] == 1.0


def test_the_registry_s_publication_time_resolves_an_article_without_a_dateline() -> None:
    raw = (b"Banjir Rendam Kampung Contoh\n"
           b"Air mulai naik Senin (9/6) malam dan baru surut kemarin, kata petugas di posko kelurahan.\n")
    entry = {"id": "tanpa-tanggal", "outlet": "X", "raw_file": "x.txt", "published": "2025-06-11T08:00:00+07:00"}
    record = curate(raw, entry)
    assert record["published"] is None and record["registry_published"] == entry["published"]
    assert [(r["text"], r["value"]) for r in machine_rows(record, "timex")] == [
        ("Senin (9/6) malam", "2025-06-09TNI"), ("kemarin", "2025-06-10")]


@settings(max_examples=300, deadline=None)
@given(st.integers(-20000, 20000), st.sampled_from([2, 4]))
def test_numbers_padded_by_hand_are_the_format_s(n: int, width: int) -> None:
    assert timex._pad(n, width) == f"{n:0{width}d}"
