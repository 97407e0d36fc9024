"""The named tokenizer and sentence splitter behind token counts and the ner config."""

from __future__ import annotations

import pytest

from warta.curation.tokenize import sentences, tokens
from warta.release.ner import ner_rows, tag_names


def words(text: str) -> list[str]:
    return [text[s:e] for s, e in tokens(text)]


@pytest.mark.parametrize("text, expected", [
    ("Kim Jong-un bertemu Putin.", ["Kim", "Jong", "-", "un", "bertemu", "Putin", "."]),
    ("perang Rusia-Ukraina", ["perang", "Rusia", "-", "Ukraina"]),
    ("sebanyak 5.000 liter, atau 3,5 ton", ["sebanyak", "5.000", "liter", ",", "atau", "3,5", "ton"]),
    ("Jum'at (28/4)", ["Jum'at", "(", "28", "/", "4", ")"]),
    ('"Kami siap," ujarnya.', ['"', "Kami", "siap", ",", '"', "ujarnya", "."]),
])
def test_tokens(text: str, expected: list[str]) -> None:
    assert words(text) == expected


def test_sentences_split_after_stops_but_not_after_abbreviations() -> None:
    text = "Dr. Andi hadir. PT. Contoh Jaya membantah. \"Tidak benar,\" katanya. Ia pergi!"
    got = [text[s:e] for s, e in sentences(text)]
    assert got == ["Dr. Andi hadir.", "PT. Contoh Jaya membantah.", "\"Tidak benar,\" katanya.", "Ia pergi!"]


def test_no_sentence_ends_inside_a_kept_span() -> None:
    text = "Ia bekerja di Contoh Corp. Ltd. sejak lama. Lalu pindah."
    start = text.index("Contoh")
    whole = [(start, start + len("Contoh Corp. Ltd."))]
    got = [text[s:e] for s, e in sentences(text, keep_whole=whole)]
    assert got == ["Ia bekerja di Contoh Corp. Ltd. sejak lama.", "Lalu pindah."]


def test_ner_keeps_a_mention_that_spans_a_full_stop() -> None:
    text = "Saham Contoh Corp. Ltd. naik tajam. Pasar menguat."
    start = text.index("Contoh")
    end = start + len("Contoh Corp. Ltd.")
    record = {
        "id": "t", "text": text,
        "segments": [{"zone": "body", "start": 0, "end": len(text), "raw_start": 0, "raw_end": len(text)}],
        "entities": [{"id": "e1", "label": "ORG", "text": text[start:end], "start": start, "end": end}],
    }
    rows = ner_rows(record)
    names = tag_names()
    tags = [(tok, names[i]) for row in rows for tok, i in zip(row["tokens"], row["labels"], strict=True)]
    assert [t for t in tags if t[1] != "O"] == [("Contoh", "B-ORG"), ("Corp", "I-ORG"), (".", "I-ORG"),
                                                ("Ltd", "I-ORG"), (".", "I-ORG")]
    assert len(rows) == 2
