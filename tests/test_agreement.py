"""Agreement measures on small cases worked out by hand, and the study files' integrity."""

from __future__ import annotations

import pytest
from conftest import SEEDS

from warta.annotation.agreement import cluster_link_f1, kappa, layer_scores
from warta.annotation.gold import annotation_problems
from warta.annotation.study import load_study
from warta.curation.rawtext import sha256_hex
from warta.layout import Layout


def ent(s: int, e: int, label: str = "PER", eid: str = "x") -> dict:
    return {"raw_start": s, "raw_end": e, "label": label, "entity_id": eid}


def test_kappa_by_hand() -> None:
    # observed 3/4; expected (2*1 + 2*3)/16 = 1/2; kappa = (0.75 - 0.5) / 0.5
    assert kappa(["a", "a", "b", "b"], ["a", "b", "b", "b"]) == pytest.approx(0.5)
    assert kappa(["a", "b"], ["a", "b"]) == pytest.approx(1.0)
    assert kappa(["a", "b"], ["b", "a"]) == pytest.approx(-1.0)


def test_span_scores_by_hand() -> None:
    a = [ent(0, 5), ent(10, 15, "ORG"), ent(20, 25)]
    b = [ent(0, 5), ent(10, 14, "ORG"), ent(30, 35)]
    s = layer_scores(a, b, "entities")
    assert s["exact_f1"] == pytest.approx(2 * 1 / 6)
    assert s["overlap_f1"] == pytest.approx(2 * 2 / 6)
    assert s["label_agreement"] == 1.0
    s = layer_scores([ent(0, 5, "PER")], [ent(0, 5, "ORG")], "entities")
    assert s["exact_f1"] == 1.0 and s["label_agreement"] == 0.0


def test_cluster_links_ignore_names_but_not_structure() -> None:
    same = [({"event_cluster": "x"}, {"event_cluster": "p"}), ({"event_cluster": "x"}, {"event_cluster": "p"}),
            ({"event_cluster": "y"}, {"event_cluster": "q"})]
    assert cluster_link_f1(same) == 1.0
    split = [({"event_cluster": "x"}, {"event_cluster": "p"}), ({"event_cluster": "x"}, {"event_cluster": "q"})]
    assert cluster_link_f1(split) == 0.0


def test_passes_fit_the_raw_text_and_log_is_one_line_each(repo: Layout) -> None:
    study = load_study(repo)
    assert set(study["pass_a"]) == set(study["pass_b"]) == set(study["gold"]) == set(SEEDS)
    for name in ("pass_a", "pass_b", "gold"):
        for doc_id, ann in study[name].items():
            raw = (repo.raw_dir / SEEDS[doc_id]).read_bytes()
            problems = annotation_problems(ann, raw.decode("utf-8"), sha256_hex(raw), file=f"{name}/{doc_id}")
            assert problems == [], [p.one_line() for p in problems]
    assert study["log"]
    for row in study["log"]:
        assert row["doc_id"] in SEEDS and row["decision"] in ("a", "b", "other")
        assert row["layer"] in ("entities", "timex", "quotes", "events", "zones", "metadata")
        assert row["rationale"].strip() and "\n" not in row["rationale"] and len(row["rationale"]) < 300
