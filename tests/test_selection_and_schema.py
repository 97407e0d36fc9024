"""The selection invariant on every segment, and the schema as a contract that bites."""

from __future__ import annotations

import copy

import pytest
from conftest import SEEDS, seed_bytes, seed_entry

from warta.curation.curate import curate
from warta.release.integrity import document_problems
from warta.release.schemas import schema_problems


@pytest.fixture(scope="module", params=sorted(SEEDS))
def record(request) -> dict:
    return curate(seed_bytes(request.param), seed_entry(request.param))


def test_every_segment_points_at_raw_and_text(record: dict) -> None:
    raw, text = record["raw_text"], record["text"]
    for seg in record["segments"]:
        assert raw[seg["raw_start"]:seg["raw_end"]] == seg["text"]
        if seg["zone"] in ("body", "subheading"):
            assert text[seg["start"]:seg["end"]] == raw[seg["raw_start"]:seg["raw_end"]]
        else:
            assert seg["start"] is None and seg["end"] is None


def test_segments_cover_every_visible_character(record: dict) -> None:
    raw = record["raw_text"]
    covered = set()
    for seg in record["segments"]:
        covered.update(range(seg["raw_start"], seg["raw_end"]))
    assert all(i in covered for i, ch in enumerate(raw) if not ch.isspace())


def test_valid_record_passes(record: dict) -> None:
    assert schema_problems("document", record, file="x") == []
    assert document_problems(record, file="x") == []


@pytest.mark.parametrize("mutate, path, words", [
    (lambda r: r.update(published="2025-13-45T99:00:00+07:00"), "published", "is not valid"),
    (lambda r: r.update(published="29 April 2025"), "published", "is not valid"),
    (lambda r: r.update(language="en"), "language", "'id' was expected"),
    (lambda r: r.update(id="../etc"), "id", "does not match"),
    (lambda r: r["segments"][0].update(zone="footer"), "segments[0].zone", "is not one of"),
    (lambda r: r.pop("text"), "(record)", "'text' is a required property"),
    (lambda r: r.update(extra=1), "(record)", "Additional properties"),
    (lambda r: r.update(authors="Shandi March"), "authors", "is not of type 'array'"),
    (lambda r: r.update(url="not a uri"), "url", "is not a 'uri'"),
])
def test_broken_records_fail_with_the_field_named(record: dict, mutate, path: str, words: str) -> None:
    broken = copy.deepcopy(record)
    mutate(broken)
    problems = schema_problems("document", broken, file="f.parquet", where="row 0")
    assert problems, "the schema accepted a broken record"
    lines = [p.one_line() for p in problems]
    assert any(f"row 0: {path}" in line and words in line for line in lines), lines


def _body(record: dict) -> dict:
    return next(s for s in record["segments"] if s["zone"] == "body")


@pytest.mark.parametrize("mutate, words", [
    (lambda r: _body(r).update(raw_start=_body(r)["raw_start"] + 1), "differs from raw_text"),
    (lambda r: _body(r).update(start=_body(r)["start"] + 3), "differs from raw_text"),
    (lambda r: r.update(raw_sha256="0" * 64), "does not match the sha256"),
    (lambda r: r.update(text=r["text"] + " tambahan"), "not the text segments joined"),
    (lambda r: r["segments"][1].update(id=r["segments"][0]["id"]), "duplicate segment id"),
])
def test_integrity_problems_are_caught(record: dict, mutate, words: str) -> None:
    broken = copy.deepcopy(record)
    mutate(broken)
    lines = [p.one_line() for p in document_problems(broken, file="f")]
    assert any(words in line for line in lines), lines
