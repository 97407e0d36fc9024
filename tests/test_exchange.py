"""Annotation tools: Label Studio tasks and brat standoff, out and back in, and what import refuses."""

from __future__ import annotations

import copy
import hashlib
import json
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from warta.cli import main
from warta.exchange.commands import config_path, export_annotations, import_annotations
from warta.exchange.offsets import resolve_span, to_code_points, to_utf16
from warta.layout import Layout
from warta.release.schemas import load_inventory

FIXTURES = Path(__file__).parent / "fixtures" / "exchange"
EMOJI_ID = "8b4ce0f28d1f016c"  # tests/fixtures/exchange/festival_kuliner.txt: an invented report with emoji
SEED_IDS = ("101de1eb255d4fba", "eb89c155b02eb356")
LAYERS = ("entities", "timex", "quotes", "events")


def _utf16(text: str, offset: int) -> int:
    """UTF-16 units before code point ``offset``, counted the way a browser stores the string."""
    return len(text[:offset].encode("utf-16-le")) // 2


@pytest.fixture
def repo_with_emoji(in_repo: Layout) -> Layout:
    """The working copy plus the invented emoji report, registered, with its hand-written gold file."""
    assert main(["add", str(FIXTURES / "festival_kuliner.txt"), "--outlet", "KabarContoh",
                 "--id", EMOJI_ID]) == 0
    shutil.copy2(FIXTURES / f"{EMOJI_ID}.json", in_repo.annotations_dir / f"{EMOJI_ID}.json")
    return in_repo


def _gold_bytes(layout: Layout) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(layout.annotations_dir.rglob("*.json"))}


def _strip_layers(layout: Layout, doc_id: str) -> None:
    """Empty a gold file's four layers (zones and metadata stay): an import must bring them all back."""
    path = layout.annotation_path(doc_id)
    ann = json.loads(path.read_text(encoding="utf-8"))
    for layer in LAYERS:
        ann[layer] = []
    path.write_text(json.dumps(ann, ensure_ascii=False, indent=1), encoding="utf-8")


# --- offsets -----------------------------------------------------------------------------------

def test_code_points_and_utf16_units_both_ways():
    text = "a😀b🎉c"
    for cp in range(len(text) + 1):
        assert to_utf16(text, cp) == _utf16(text, cp)
        assert to_code_points(text, _utf16(text, cp)) == cp
    assert to_code_points(text, 2) is None  # inside the surrogate pair of 😀


def test_a_region_is_found_by_its_text_whichever_way_its_offsets_count():
    raw = "Halo 😀😀 Budi dan Budi."
    budi = raw.index("Budi")
    assert resolve_span(raw, budi, budi + 4, "Budi") == (budi, budi + 4)  # code points
    assert resolve_span(raw, _utf16(raw, budi), _utf16(raw, budi) + 4, "Budi") == (budi, budi + 4)  # UTF-16
    assert resolve_span(raw, budi + 1, budi + 5, "Budi") == (budi, budi + 4)  # half one way, half the other
    assert "does not match" in resolve_span(raw, budi, budi + 4, "Ani")
    # offset 5 is 'b' as a code point and inside a surrogate pair as a unit; 'a' at 3 and at 4 both fit between
    assert "ambiguous" in resolve_span("😀😀😀aab", 5, 6, "a")
    # 'haha' of 'hahaha' after two emoji: as code points it is the second 'haha', as UTF-16 units the
    # first; both stand there, so the region is refused rather than moved
    assert "ambiguous" in resolve_span("Warganet 😂😂 hahaha, tulis akun itu.", 14, 18, "haha")
    assert "not a span" in resolve_span(raw, 1, -1, "a")
    assert isinstance(resolve_span(raw, 0, 4, None), tuple)  # before any emoji both readings agree
    assert "carry no text" in resolve_span(raw, budi, budi + 4, None)


# --- labeling configuration --------------------------------------------------------------------

def test_labeling_configuration_follows_the_inventory():
    from warta.exchange.labelconfig import label_config

    inventory = copy.deepcopy(load_inventory("labels"))
    inventory["entities"]["labels"].append({"name": "WORK", "definition": "A named work.", "example": "x"})
    inventory["events"]["types"][0]["roles"].append("vehicle")
    root = ET.fromstring(label_config(inventory))
    labels = {lab.get("value") for lab in root.iter("Label")}
    assert {"WORK", "PER", "DATE", "cue", "content", "speaker", "ANNOUNCE"} <= labels
    assert "vehicle" in {r.get("value") for r in root.iter("Relation")}
    assert {c.get("value") for c in root.iter("Choice")} >= {"MORE_THAN", "direct", "mixed"}
    assert root.find("Text").get("value") == "$text"


# --- Label Studio round trips ------------------------------------------------------------------

def test_label_studio_round_trip_of_the_seeds_and_the_emoji_report_is_byte_identical(repo_with_emoji, tmp_path):
    layout = repo_with_emoji
    before = _gold_bytes(layout)
    out = tmp_path / "tasks.json"
    export_annotations(layout, "label-studio", [], unannotated=False, every=True, out=out)
    assert config_path(out).read_text(encoding="utf-8").startswith("<View>")
    for doc_id in (*SEED_IDS, EMOJI_ID):
        _strip_layers(layout, doc_id)
    done = import_annotations(layout, "label-studio", out, forced_pass=None)
    assert sorted(p.name for p in done.changed) == sorted(f"{d}.json" for d in (*SEED_IDS, EMOJI_ID))
    assert _gold_bytes(layout) == before


def test_label_studio_offsets_are_code_points_and_utf16_offsets_come_back_the_same(repo_with_emoji, tmp_path):
    layout = repo_with_emoji
    raw = (FIXTURES / "festival_kuliner.txt").read_text(encoding="utf-8")
    before = _gold_bytes(layout)
    out = tmp_path / "tasks.json"
    export_annotations(layout, "label-studio", [EMOJI_ID], unannotated=False, every=False, out=out)
    tasks = json.loads(out.read_text(encoding="utf-8"))
    results = tasks[0]["annotations"][0]["result"]
    instagram = next(r for r in results if r["id"] == "e7" and r["type"] == "labels")
    assert instagram["value"]["start"] == raw.index("Instagram")  # after five emoji: code points, not units
    for r in results:  # the same annotation as a JavaScript tool writes it: UTF-16 units throughout
        if "start" in r.get("value", {}):
            r["value"]["start"] = _utf16(raw, r["value"]["start"])
            r["value"]["end"] = _utf16(raw, r["value"]["end"])
    assert instagram["value"]["start"] == raw.index("Instagram") + 5  # five emoji before it
    out.write_text(json.dumps(tasks, ensure_ascii=False), encoding="utf-8")
    _strip_layers(layout, EMOJI_ID)
    import_annotations(layout, "label-studio", out, forced_pass=None)
    assert _gold_bytes(layout) == before


def test_machine_layers_go_out_as_one_prediction_with_the_annotators_versions(repo_with_emoji, tmp_path):
    from warta.machine.layers import MACHINE_LAYERS

    out = tmp_path / "tasks.json"
    export_annotations(repo_with_emoji, "label-studio", [EMOJI_ID], unannotated=False, every=False, out=out)
    task = json.loads(out.read_text(encoding="utf-8"))[0]
    (prediction,) = task["predictions"]
    for machine in MACHINE_LAYERS:
        assert machine.annotator.version() in prediction["model_version"]
    assert prediction["result"] and all(r.get("id", "m-").startswith("m-") for r in prediction["result"]
                                        if r["type"] != "relation")
    assert [z["zone"] for z in task["data"]["zones"]][:3] == ["headline", "byline", "dateline"]


# --- brat --------------------------------------------------------------------------------------

def test_brat_round_trip_of_the_seeds_and_the_emoji_report_is_byte_identical(repo_with_emoji, tmp_path):
    layout = repo_with_emoji
    before = _gold_bytes(layout)
    folder = tmp_path / "brat"
    export_annotations(layout, "brat", [], unannotated=False, every=True, out=folder)
    assert (folder / f"{EMOJI_ID}.txt").read_bytes() == (FIXTURES / "festival_kuliner.txt").read_bytes()
    assert "[events]" in (folder / "annotation.conf").read_text(encoding="utf-8")
    for doc_id in (*SEED_IDS, EMOJI_ID):
        _strip_layers(layout, doc_id)
    assert main(["import-annotations", str(folder), "--format", "brat"]) == 0
    assert _gold_bytes(layout) == before


def test_brat_line_that_does_not_match_the_raw_is_refused_by_line(repo_with_emoji, tmp_path, capsys):
    folder = tmp_path / "brat"
    export_annotations(repo_with_emoji, "brat", [EMOJI_ID], unannotated=False, every=False, out=folder)
    ann = folder / f"{EMOJI_ID}.ann"
    ann.write_text(ann.read_text(encoding="utf-8").replace("\tInstagram\n", "\tFacebook\n"), encoding="utf-8")
    before = _gold_bytes(repo_with_emoji)
    assert main(["import-annotations", str(folder), "--format", "brat"]) == 1
    err = capsys.readouterr().err
    assert f"{EMOJI_ID}.ann, line " in err and "'Facebook' does not match the raw text" in err
    assert _gold_bytes(repo_with_emoji) == before


# --- import errors: named by task, annotation and region; nothing written ------------------------

def _exported(layout: Layout, tmp_path: Path) -> tuple[Path, list[dict]]:
    """The emoji report's task as Label Studio exports it (task and annotation ids added)."""
    out = tmp_path / "tasks.json"
    export_annotations(layout, "label-studio", [EMOJI_ID], unannotated=False, every=False, out=out)
    tasks = json.loads(out.read_text(encoding="utf-8"))
    tasks[0]["id"] = 41
    tasks[0]["annotations"][0]["id"] = 7
    return out, tasks


def _break_label(result):
    next(r for r in result if r["id"] == "e5" and r["type"] == "labels")["value"]["labels"] = ["FESTIVAL"]


def _break_text(result):
    next(r for r in result if r["id"] == "e7" and r["type"] == "labels")["value"]["text"] = "Instagrum"


def _break_relation(result):
    result.append({"from_id": "v1", "to_id": "e99", "type": "relation", "direction": "right", "labels": ["speaker"]})


def _break_quote(result):
    result[:] = [r for r in result if r.get("id") != "q2.content" and r.get("to_id") != "q2.content"]


@pytest.mark.parametrize(("breaks", "where", "what"), [
    (_break_label, "task 41, annotation 7, region e5", "unknown label ['FESTIVAL']"),
    (_break_text, "task 41, annotation 7, region e7", "'Instagrum' does not match the raw text"),
    (_break_relation, "task 41, annotation 7, relation v1 -> e99", "links to region 'e99'"),
    (_break_quote, "task 41, annotation 7, region q2.cue", "quote q2 (cue 'mengatakan') without content"),
])
def test_import_names_task_annotation_and_region_and_writes_nothing(repo_with_emoji, tmp_path, capsys,
                                                                    breaks, where, what):
    out, tasks = _exported(repo_with_emoji, tmp_path)
    breaks(tasks[0]["annotations"][0]["result"])
    out.write_text(json.dumps(tasks, ensure_ascii=False), encoding="utf-8")
    _strip_layers(repo_with_emoji, EMOJI_ID)
    before = _gold_bytes(repo_with_emoji)
    assert main(["import-annotations", str(out)]) == 1
    err = capsys.readouterr().err
    assert where in err and what in err, err
    assert _gold_bytes(repo_with_emoji) == before


def test_a_task_whose_raw_is_not_registered_is_refused_and_the_sound_ones_are_not_written(in_repo, tmp_path, capsys):
    out = tmp_path / "tasks.json"
    export_annotations(in_repo, "label-studio", list(SEED_IDS), unannotated=False, every=False, out=out)
    tasks = json.loads(out.read_text(encoding="utf-8"))
    for n, task in enumerate(tasks, start=1):
        task["id"] = n
    tasks[1]["data"]["raw_sha256"] = hashlib.sha256(b"other bytes").hexdigest()
    out.write_text(json.dumps(tasks, ensure_ascii=False), encoding="utf-8")
    _strip_layers(in_repo, SEED_IDS[0])  # the sound task would change this file
    before = _gold_bytes(in_repo)
    assert main(["import-annotations", str(out)]) == 1
    err = capsys.readouterr().err
    assert "task 2: raw sha256" in err and "is not registered" in err
    assert _gold_bytes(in_repo) == before


# --- two annotators, adjudication -------------------------------------------------------------

def test_two_annotators_become_passes_and_adjudicate_lists_their_disagreement(repo_with_emoji, tmp_path, capsys):
    layout = repo_with_emoji
    out, tasks = _exported(layout, tmp_path)
    truth = tasks[0]["annotations"][0]
    first = {"id": 8, "ground_truth": False, "result": copy.deepcopy(truth["result"])}
    second = {"id": 9, "ground_truth": False, "result": copy.deepcopy(truth["result"])}
    next(r for r in second["result"] if r["id"] == "e6" and r["type"] == "labels")["value"]["labels"] = ["LOC"]
    tasks[0]["annotations"] += [second, first]  # in any order: pass a is the earlier annotation
    out.write_text(json.dumps(tasks, ensure_ascii=False), encoding="utf-8")
    gold_before = layout.annotation_path(EMOJI_ID).read_bytes()
    assert main(["adjudicate", "--from", str(out)]) == 0
    listed = capsys.readouterr().out.strip().split("\n")
    at = (FIXTURES / "festival_kuliner.txt").read_text(encoding="utf-8").index("Lapangan Merdeka")
    assert listed == ["doc_id\tlayer\titem\tpass_a\tpass_b\tdecision",
                      f"{EMOJI_ID}\tentities\te6/e6\t'Lapangan Merdeka'@{at} label=FAC "
                      f"entity_id=lapangan_merdeka_kota_contoh\t'Lapangan Merdeka'@{at} label=LOC "
                      "entity_id=lapangan_merdeka_kota_contoh\ta"]
    assert main(["import-annotations", str(out)]) == 0
    passes = layout.annotations_dir / "passes"
    a = json.loads((passes / "a" / f"{EMOJI_ID}.json").read_text(encoding="utf-8"))
    b = json.loads((passes / "b" / f"{EMOJI_ID}.json").read_text(encoding="utf-8"))
    assert [m["label"] for m in a["entities"] if m["id"] == "e6"] == ["FAC"]
    assert [m["label"] for m in b["entities"] if m["id"] == "e6"] == ["LOC"]
    assert layout.annotation_path(EMOJI_ID).read_bytes() == gold_before
    capsys.readouterr()
    assert main(["adjudicate", EMOJI_ID, "--jsonl"]) == 0
    row = json.loads(capsys.readouterr().out)
    assert (row["layer"], row["item"], row["decision"], row["rationale"]) == ("entities", "e6/e6", "a", "")


def test_one_annotation_beside_the_ground_truth_is_refused_until_someone_chooses(repo_with_emoji, tmp_path, capsys):
    out, tasks = _exported(repo_with_emoji, tmp_path)
    tasks[0]["annotations"].append({"id": 8, "ground_truth": False, "result": []})
    out.write_text(json.dumps(tasks, ensure_ascii=False), encoding="utf-8")
    assert main(["import-annotations", str(out)]) == 1
    assert "task 41: has a ground-truth annotation and one other" in capsys.readouterr().err


def test_an_import_that_would_remove_gold_items_is_refused_unless_allowed(repo_with_emoji, tmp_path, capsys):
    out, tasks = _exported(repo_with_emoji, tmp_path)
    result = tasks[0]["annotations"][0]["result"]
    result[:] = [r for r in result if r.get("id") != "e5" and "e5" not in (r.get("from_id"), r.get("to_id"))]
    out.write_text(json.dumps(tasks, ensure_ascii=False), encoding="utf-8")
    before = _gold_bytes(repo_with_emoji)
    assert main(["import-annotations", str(out)]) == 1
    err = capsys.readouterr().err
    assert "would remove 1 of" in err and "entities (e5)" in err and "--allow-removals" in err, err
    assert _gold_bytes(repo_with_emoji) == before
    assert main(["import-annotations", str(out), "--allow-removals"]) == 0
    gold = json.loads(repo_with_emoji.annotation_path(EMOJI_ID).read_text(encoding="utf-8"))
    assert "e5" not in {e["id"] for e in gold["entities"]} and gold["entities"]


def test_a_brat_file_that_is_not_utf8_is_one_line(repo_with_emoji, tmp_path, capsys):
    folder = tmp_path / "brat"
    export_annotations(repo_with_emoji, "brat", [EMOJI_ID], unannotated=False, every=False, out=folder)
    ann = folder / f"{EMOJI_ID}.ann"
    ann.write_bytes(ann.read_bytes() + b"T99\tPER 0 4\t\xff\xfe\n")
    assert main(["import-annotations", str(folder), "--format", "brat"]) == 1
    err = capsys.readouterr().err
    assert "not UTF-8" in err and f"{EMOJI_ID}.ann" in err and "Traceback" not in err, err


def test_a_file_that_is_no_label_studio_export_says_what_was_expected(in_repo, tmp_path, capsys):
    lines = tmp_path / "pages.jsonl"
    lines.write_text('{"text": "a"}\n{"text": "b"}\n', encoding="utf-8")
    empty = tmp_path / "empty.json"
    empty.write_text("[]", encoding="utf-8")
    for source, what in ((lines, "invalid JSON"), (empty, "holds no task"), (tmp_path, "is a folder")):
        assert main(["import-annotations", str(source)]) == 1
        err = capsys.readouterr().err
        assert what in err and ("Label Studio JSON export" in err or "Export → JSON" in err or "--format brat" in err)
        assert err.count("\n") == 1, err
