"""Gold layers: files that fit their raw text, integrity rules that bite, and the release configs."""

from __future__ import annotations

import copy
import json

import pytest
from conftest import SEEDS

from warta.annotation.gold import annotation_problems, load_annotation
from warta.curation.rawtext import sha256_hex
from warta.errors import ProblemList
from warta.layout import Layout
from warta.release.ner import tag_names
from warta.release.schemas import load_inventory, load_schema, schema_problems
from warta.run.build import curate_all


def gold(repo: Layout, doc_id: str) -> dict:
    return json.loads(repo.annotation_path(doc_id).read_text(encoding="utf-8"))


def raw_text(repo: Layout, doc_id: str) -> str:
    return (repo.raw_dir / SEEDS[doc_id]).read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def records(repo: Layout) -> dict[str, dict]:
    return {r["id"]: r for r in curate_all(repo, progress=False)}


@pytest.mark.parametrize("doc_id", sorted(SEEDS))
def test_gold_files_load_and_every_layer_is_filled(repo: Layout, doc_id: str) -> None:
    raw = raw_text(repo, doc_id)
    ann = load_annotation(repo, doc_id, raw, sha256_hex(raw.encode()))
    for layer in ("zones", "entities", "timex", "quotes", "events"):
        assert ann[layer], f"{layer} is empty"


def test_inventories_in_schemas_are_the_label_files() -> None:
    labels = load_inventory("labels")
    ent = [x["name"] for x in labels["entities"]["labels"]]
    assert load_schema("entity")["properties"]["label"]["enum"] == ent
    assert load_schema("annotation")["properties"]["entities"]["items"]["properties"]["label"]["enum"] == ent
    assert tag_names() == ["O"] + [f"{p}-{x}" for x in ent for p in ("B", "I")]
    assert load_schema("event")["properties"]["type"]["enum"] == [t["name"] for t in labels["events"]["types"]]
    assert load_schema("quote")["properties"]["kind"]["enum"] == [k["name"] for k in labels["quotes"]["kinds"]]
    for group in (labels["entities"]["labels"], labels["events"]["types"], labels["quotes"]["kinds"],
                  labels["timex"]["types"]):
        assert all(item["definition"] and item["example"] for item in group)


def _first(ann: dict, layer: str) -> dict:
    return ann[layer][0]


BROKEN = [
    ("quote differs", lambda a: _first(a, "entities").update(quote="Korea Selatan"), "does not match the raw"),
    ("offset out of range", lambda a: _first(a, "entities").update(raw_end=10**6), "out of range"),
    ("end before start", lambda a: _first(a, "timex").update(raw_end=_first(a, "timex")["raw_start"]),
     "is not after start"),
    ("dangling argument", lambda a: a["events"][0]["arguments"].append({"role": "time", "ref": "t99"}),
     "is not an entity or timex"),
    ("dangling anchor", lambda a: a["timex"][-1].update(anchor="t42"), "is not a timex of this file"),
    ("duplicate id", lambda a: a["entities"][1].update(id=a["entities"][0]["id"]), "duplicate annotation id"),
    ("wrong role", lambda a: a["events"][0]["arguments"].append({"role": "victim", "ref": "e1"}),
     "is not a role of"),
    ("unknown speaker entity", lambda a: a["quotes"][0].update(speaker_entity_id="nobody_known"),
     "is not the entity_id of any mention"),
    ("other raw bytes", lambda a: a.update(raw_sha256="0" * 64), "other raw bytes"),
]


@pytest.mark.parametrize("name, mutate, words", BROKEN, ids=[b[0] for b in BROKEN])
def test_integrity_rules_catch(repo: Layout, name: str, mutate, words: str) -> None:
    doc_id = "101de1eb255d4fba"
    raw = raw_text(repo, doc_id)
    ann = copy.deepcopy(gold(repo, doc_id))
    mutate(ann)
    lines = [p.one_line() for p in annotation_problems(ann, raw, sha256_hex(raw.encode()), file="f.json")]
    assert any(words in line for line in lines), lines


def test_overlapping_entities_are_refused(repo: Layout) -> None:
    doc_id = "eb89c155b02eb356"
    raw = raw_text(repo, doc_id)
    ann = copy.deepcopy(gold(repo, doc_id))
    first = ann["entities"][1]  # 'Amerika Serikat'
    ann["entities"].append({**first, "id": "e999", "raw_end": first["raw_start"] + 7, "quote": "Amerika"})
    lines = [p.one_line() for p in annotation_problems(ann, raw, sha256_hex(raw.encode()), file="f")]
    assert any("overlaps entity" in line for line in lines), lines


@pytest.mark.parametrize("mutate, words", [
    (lambda a: _first(a, "entities").update(label="PERSON"), "is not one of"),
    (lambda a: _first(a, "entities").update(raw_start="7"), "is not of type 'integer'"),
    (lambda a: a.pop("quotes"), "'quotes' is a required property"),
    (lambda a: _first(a, "timex").update(type="MOMENT"), "is not one of"),
])
def test_schema_refuses_malformed_files(repo: Layout, mutate, words: str) -> None:
    ann = copy.deepcopy(gold(repo, "101de1eb255d4fba"))
    mutate(ann)
    assert any(words in p.one_line() for p in schema_problems("annotation", ann, file="f")), words


def test_build_refuses_a_gold_file_that_no_longer_fits(workcopy: Layout) -> None:
    path = workcopy.annotation_path("101de1eb255d4fba")
    ann = json.loads(path.read_text(encoding="utf-8"))
    ann["entities"][3]["raw_start"] += 1
    path.write_text(json.dumps(ann), encoding="utf-8")
    with pytest.raises(ProblemList) as err:
        curate_all(workcopy, progress=False)
    assert any("entities e4" in p.one_line() and "101de1eb255d4fba.json" in p.one_line()
               for p in err.value.problems)


def test_annotation_for_unknown_document_is_refused(workcopy: Layout) -> None:
    (workcopy.annotations_dir / "0000000000000000.json").write_text("{}", encoding="utf-8")
    with pytest.raises(ProblemList) as err:
        curate_all(workcopy, progress=False)
    assert any("not registered" in p.one_line() for p in err.value.problems)


def test_spans_point_at_raw_and_text(records: dict[str, dict]) -> None:
    for record in (r for r in records.values() if r["annotated"]):
        spans = [*record["entities"], *record["timex"],
                 *(q[p] for q in record["quotes"] for p in ("content", "cue", "speaker")),
                 *(v["trigger"] for v in record["events"])]
        assert spans
        for span in spans:
            assert record["raw_text"][span["raw_start"]:span["raw_end"]] == span["text"]
            if span["start"] is not None:
                assert record["text"][span["start"]:span["end"]] == span["text"]
        in_body = [e for e in record["entities"] if e["zone"] == "body"]
        assert in_body and all(e["start"] is not None for e in in_body)  # body mentions have text offsets


def test_mentions_outside_text_have_null_text_offsets(records: dict[str, dict]) -> None:
    caption = [e for e in records["eb89c155b02eb356"]["entities"] if e["zone"] == "caption"]
    assert caption and all(e["start"] is None for e in caption)
    assert {e["text"] for e in caption} >= {"VIVA Militer", "Kim Jong-un"}


def test_cross_document_identity(records: dict[str, dict]) -> None:
    viva, lbj = records["eb89c155b02eb356"], records["101de1eb255d4fba"]
    kim = {(r["id"], e["text"]) for r in (viva, lbj) for e in r["entities"] if e["entity_id"] == "kim_jong_un"}
    assert ("eb89c155b02eb356", "Kim Jong-un") in kim and ("101de1eb255d4fba", "Kim Jong Un") in kim
    clusters = [{v["event_cluster"] for v in r["events"]} for r in (viva, lbj)]
    assert {"nk_confirms_deployment", "gerasimov_reports_kursk", "kursk_retaken"} <= clusters[0] & clusters[1]


def test_ner_rows_align_with_gold_entities(records: dict[str, dict]) -> None:
    from warta.release.ner import ner_rows

    names = tag_names()
    for record in (r for r in records.values() if r["annotated"]):
        rows = ner_rows(record)
        body_mentions = [e for e in record["entities"] if e["zone"] == "body"]
        tagged = 0
        for row in rows:
            assert row["labels"] == row["ner_tags"]
            for tok, s, e in zip(row["tokens"], row["token_starts"], row["token_ends"], strict=True):
                assert record["text"][s:e] == tok
            for tok, s, e in zip(row["tokens"], row["raw_token_starts"], row["raw_token_ends"], strict=True):
                assert record["raw_text"][s:e] == tok
            tags = [names[i] for i in row["labels"]]
            for prev, tag in zip(["O", *tags], tags, strict=False):
                if tag.startswith("I-"):
                    assert prev[2:] == tag[2:], (prev, tag)
            tagged += sum(t.startswith("B-") for t in tags)
        assert tagged == len(body_mentions)


def test_show_renders_zones_marks_quotes_and_events(records: dict[str, dict]) -> None:
    from warta.describe.show import render

    out = render(records["101de1eb255d4fba"])
    assert "headline     Resmi! [Korea Utara|GPE] Akui" in out
    assert "{Senin (28/4)|DATE 2025-04-28}" in " ".join(out.split())  # may wrap over lines
    gold = json.loads((Layout.find().annotation_path("101de1eb255d4fba")).read_text(encoding="utf-8"))
    assert f"quotes ({len(gold['quotes'])})" in out and f"events ({len(gold['events'])})" in out
    assert "credit       (X-@ZelenskyyUA)" not in out  # the platform name is marked inside the credit
    assert "credit       ([X|PRODUCT]-@ZelenskyyUA)" in out


def test_validate_catches_overlapping_mentions_in_the_release(records: dict[str, dict]) -> None:
    from warta.release.integrity import layer_problems

    record = copy.deepcopy(records["eb89c155b02eb356"])
    first = record["entities"][1]
    record["entities"].append({**first, "id": "e999", "raw_end": first["raw_start"] + 7, "text": "Amerika",
                               "end": None if first["end"] is None else first["start"] + 7})
    assert any("nested mentions" in p.one_line() for p in layer_problems(record, file="f"))


def test_unannotated_document_is_marked_and_kept_out_of_gold_configs(workcopy: Layout, tmp_path) -> None:
    from warta.intake.add import add
    from warta.release.parquet_io import read_rows
    from warta.run.build import build

    article = tmp_path / "a.txt"
    article.write_text("Judul Berita Contoh tentang Banjir di Kota\nHujan deras merendam ratusan rumah warga "
                       "di tiga kelurahan sejak Minggu malam, kata petugas.\n", encoding="utf-8")
    entry = add(workcopy, article, outlet="Contoh")
    report = build(workcopy, progress=False)
    assert report.unannotated == 1 and report.first_unannotated == [entry["id"]]
    docs = {d["id"]: d for d in read_rows(workcopy.data_dir / "documents" / "test-00000-of-00001.parquet")}
    assert docs[entry["id"]]["annotated"] is False and docs["eb89c155b02eb356"]["annotated"] is True
    for config in ("ner", "kb"):
        rows = read_rows(workcopy.data_dir / config / "test-00000-of-00001.parquet")
        assert entry["id"] not in {r.get("doc_id", r.get("document_id")) for r in rows}
    readme = workcopy.readme.read_text(encoding="utf-8")
    assert "2 of 3 reports are annotated in full" in readme and f"`{entry['id']}` have no gold" in readme
