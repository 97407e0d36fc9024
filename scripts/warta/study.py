"""The annotation study's files: gold, the two independent passes, the adjudication log.

The passes are kept exactly as delivered (they are the record the agreement figures are
computed from); only the adjudicated gold files in dataset/annotations/ enter the release.
"""

from __future__ import annotations

import json

from .errors import WartaError
from .layout import Layout

PASSES = ("a", "b")


def _read_json(layout: Layout, path) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise WartaError(f"not valid JSON: {exc}", file=layout.rel(path)) from None


def load_study(layout: Layout) -> dict:
    folder = layout.annotations_dir
    study: dict = {"gold": {}, "pass_a": {}, "pass_b": {}, "log": []}
    if not folder.is_dir():
        return study
    for path in sorted(folder.glob("*.json")):
        study["gold"][path.stem] = _read_json(layout, path)
    for name in PASSES:
        for path in sorted((folder / "passes" / name).glob("*.json")):
            study[f"pass_{name}"][path.stem] = _read_json(layout, path)
    log = folder / "adjudication.jsonl"
    if log.is_file():
        for number, line in enumerate(log.read_text(encoding="utf-8").splitlines(), start=1):
            if line.strip():
                try:
                    study["log"].append(json.loads(line))
                except json.JSONDecodeError as exc:
                    raise WartaError(f"invalid JSON: {exc.msg}", file=layout.rel(log),
                                     where=f"line {number}") from None
    return study
