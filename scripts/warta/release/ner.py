"""The `ner` config: body sentences as token sequences with IOB2 tags from gold entities.

Rows follow the SEACrowd ``seq_label`` shape (id, tokens, labels) so tools written for that
hub read them unchanged; offsets let every token be traced back to the text and the raw.
"""

from __future__ import annotations

from warta.curation.tokenize import SENTENCE_SPLITTER, TOKENIZER, sentences, tokens
from warta.errors import WartaError
from warta.release.schemas import load_schema


def tag_names() -> list[str]:
    return load_schema("ner")["properties"]["labels"]["items"]["x-names"]


def _tags(spans: list[tuple[int, int]], entities: list[dict], doc_id: str, strict: bool = True) -> list[str]:
    tags = ["O"] * len(spans)
    for ent in entities:
        inside = [i for i, (s, e) in enumerate(spans) if ent["start"] <= s and e <= ent["end"]]
        if not inside or spans[inside[0]][0] != ent["start"] or spans[inside[-1]][1] != ent["end"]:
            if not strict:
                continue  # silver: a machine mention inside a token is left out, not forced onto tokens
            raise WartaError(f"entity {ent['id']} ({ent['text']!r}) does not fall on token boundaries",
                             file=f"dataset/annotations/{doc_id}.json", where=f"entities {ent['id']}",
                             hint=f"mentions cover whole tokens of {TOKENIZER}")
        for n, i in enumerate(inside):
            tags[i] = ("B-" if n == 0 else "I-") + ent["label"]
    return tags


def ner_rows(record: dict, *, strict: bool = True) -> list[dict]:
    """One row per sentence of the body segments, in reading order.

    ``strict``: a gold mention off token boundaries is an error; a machine one (silver) is dropped.
    """
    listed = tag_names()
    names = {name: i for i, name in enumerate(listed)}
    text = record["text"]
    in_text = [e for e in record["entities"] if e["start"] is not None]
    body_segments = [s for s in record["segments"] if s["zone"] == "body" and s["start"] is not None]
    body = [e for e in in_text if any(s["start"] <= e["start"] and e["end"] <= s["end"] for s in body_segments)]
    whole = [(x["start"], x["end"]) for x in in_text]
    rows = []
    for seg in record["segments"]:
        if seg["zone"] != "body":
            continue
        shift = seg["raw_start"] - seg["start"]
        for s, e in sentences(text, seg["start"], seg["end"], keep_whole=whole):
            spans = [(s + a, s + b) for a, b in tokens(text[s:e])]
            ents = [x for x in in_text if s <= x["start"] and x["end"] <= e]
            tags = [names[t] for t in _tags(spans, ents, record["id"], strict)]
            rows.append({
                "id": f"{record['id']}-{len(rows):03d}",
                "tokens": [text[a:b] for a, b in spans],
                "labels": tags,
                "doc_id": record["id"],
                "ner_tags": tags,
                "token_starts": [a for a, _ in spans],
                "token_ends": [b for _, b in spans],
                "raw_token_starts": [a + shift for a, _ in spans],
                "raw_token_ends": [b + shift for _, b in spans],
                "tokenizer": f"{TOKENIZER}; {SENTENCE_SPLITTER}",
            })
    begins = {i for i, name in enumerate(listed) if name.startswith("B-")}
    tagged = sum(i in begins for row in rows for i in row["labels"])
    if tagged != len(body):  # every gold mention in a body paragraph is in exactly one sentence
        raise WartaError(f"{len(body)} gold entity mentions in body text but {tagged} tagged in ner rows",
                         file=f"dataset/annotations/{record['id']}.json", where=f"document {record['id']}")
    return rows
