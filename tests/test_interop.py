"""The kb and ner configs have exactly the published BigBIO/SEACrowd field layouts."""

from __future__ import annotations

import datasets
from datasets import ClassLabel, Features, Sequence, Value

from warta.release.features import features_for
from warta.release.ner import tag_names

# The BigBIO `kb` schema (bigbio/utils/schemas/kb.py), which SEACrowd reuses for its kb tasks,
# written out here with the classes it is published with.
_NORMALIZED = [{"db_name": Value("string"), "db_id": Value("string")}]
_SPAN = {"text": Sequence(Value("string")), "offsets": Sequence([Value("int32")])}
BIGBIO_KB = Features({
    "id": Value("string"),
    "document_id": Value("string"),
    "passages": [{"id": Value("string"), "type": Value("string"), **_SPAN}],
    "entities": [{"id": Value("string"), "type": Value("string"), **_SPAN, "normalized": _NORMALIZED}],
    "events": [{"id": Value("string"), "type": Value("string"), "trigger": _SPAN,
                "arguments": [{"role": Value("string"), "ref_id": Value("string")}]}],
    "coreferences": [{"id": Value("string"), "entity_ids": Sequence(Value("string"))}],
    "relations": [{"id": Value("string"), "type": Value("string"), "arg1_id": Value("string"),
                   "arg2_id": Value("string"), "normalized": _NORMALIZED}],
})


def seacrowd_seq_label(label_names: list[str]) -> Features:
    """SEACrowd's seq_label schema (seacrowd/utils/schemas/seq_label.py)."""
    return Features({"id": Value("string"), "tokens": Sequence(Value("string")),
                     "labels": Sequence(ClassLabel(names=label_names))})


def test_kb_is_the_bigbio_layout() -> None:
    assert features_for("kb") == BIGBIO_KB
    assert features_for("kb").arrow_schema.equals(BIGBIO_KB.arrow_schema)


def test_ner_starts_with_the_seacrowd_seq_label_layout() -> None:
    ner = features_for("ner")
    published = seacrowd_seq_label(tag_names())
    assert list(ner)[:3] == list(published)
    for name in published:
        assert ner[name] == published[name], name


def test_released_kb_rows_read_back_in_that_layout(repo) -> None:
    path = repo.data_dir / "kb" / "test-00000-of-00001.parquet"
    ds = datasets.Dataset.from_parquet(str(path))
    assert ds.features == BIGBIO_KB
    docs = {d["id"]: d["raw_text"] for d in datasets.Dataset.from_parquet(
        str(repo.data_dir / "documents" / "test-00000-of-00001.parquet")).to_list()}
    for row in ds.to_list():
        raw = docs[row["document_id"]]
        ids = {e["id"] for e in row["entities"]}
        for event in row["events"]:
            assert all(arg["ref_id"] in ids for arg in event["arguments"])
        for item in [*row["passages"], *row["entities"], *(e["trigger"] for e in row["events"])]:
            assert [raw[s:e] for s, e in item["offsets"]] == item["text"]
        for chain in row["coreferences"]:
            assert set(chain["entity_ids"]) <= ids
