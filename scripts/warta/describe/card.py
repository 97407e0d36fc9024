"""Regenerating the machine-written parts of README.md and DATASHEET.md.

The card's YAML ``configs`` and ``dataset_info`` are derived from the schemas and the
built rows; figures in the prose sit between ``<!-- warta:NAME -->`` markers and are
replaced from the data. Everything else in those files is written by people.
"""

from __future__ import annotations

import re

import yaml

from warta.errors import WartaError
from warta.layout import SPLIT
from warta.release.configs import CONFIGS, DEFAULT_CONFIG
from warta.release.features import features_for

_FRONT = re.compile(r"\A---\n(.*?\n)---\n", re.DOTALL)
_MARKER = re.compile(r"<!-- (?P<close>/?)warta:(?P<name>[a-z0-9_-]+) -->")
_MARKERISH = re.compile(r"<!--\s*/?\s*warta\s*:", re.IGNORECASE)
_CODE_SPAN = re.compile(r"`[^`\n]+`")


def _blocks(text: str, *, file: str, first_line: int = 1) -> list[tuple[str, int, int]]:
    """(name, start, end) of each block's content; markers must pair up, in order, never nested.

    Marker-like text inside a code span (`` `<!-- warta:NAME -->` `` in prose that explains
    the markers) is no marker; anything else that looks like one and is not exactly one is
    refused, as is a marker without its partner: the parser never guesses, because a
    guessed boundary would change the file on every build.
    """
    masked = _CODE_SPAN.sub(lambda m: " " * len(m.group()), text)
    markers = {m.start(): m for m in _MARKER.finditer(masked)}
    blocks: list[tuple[str, int, int]] = []
    opened: re.Match | None = None
    opened_at = ""
    for found in _MARKERISH.finditer(masked):
        where = f"line {text.count(chr(10), 0, found.start()) + first_line}"
        m = markers.get(found.start())
        if m is None:
            raise WartaError("text that looks like a generated-block marker but is not one", file=file,
                             where=where, hint="markers are exactly '<!-- warta:NAME -->' and "
                                               "'<!-- /warta:NAME -->'; fix or remove this one")
        name = m.group("name")
        if not m.group("close"):
            if opened is not None:
                raise WartaError(f"block {name!r} opens inside block {opened.group('name')!r}", file=file,
                                 where=where, hint="close every generated block before the next one opens")
            if masked[m.end():m.end() + 1] != "\n":
                raise WartaError(f"block {name!r}: its opening marker must end the line", file=file, where=where)
            opened, opened_at = m, where
        else:
            if opened is None or opened.group("name") != name:
                what = f"block {opened.group('name')!r}" if opened else "no block"
                raise WartaError(f"block {name!r} closes but {what} is open", file=file, where=where,
                                 hint="each '<!-- warta:NAME -->' has one '<!-- /warta:NAME -->' after it")
            blocks.append((name, opened.end() + 1, m.start()))
            opened = None
    if opened is not None:
        raise WartaError(f"block {opened.group('name')!r} is never closed", file=file, where=opened_at,
                         hint=f"add '<!-- /warta:{opened.group('name')} -->' after it")
    return blocks


def card_metadata(shards: int = 1) -> dict:
    """``configs`` and ``dataset_info`` for the card, in CONFIGS order.

    One shard is named as it is; several by a pattern that ``datasets`` and the Hub expand
    to the shards in order, and that does not name the shard count, so that a card from
    before a re-sharding still finds the files.
    """
    configs, infos = [], []
    for cfg in CONFIGS:
        path = cfg.relpath if shards == 1 else f"{cfg.name}/{SPLIT}-*.parquet"
        entry = {"config_name": cfg.name, "data_files": [{"split": SPLIT, "path": f"dataset/data/{path}"}]}
        if cfg.name == DEFAULT_CONFIG:
            entry["default"] = True
        configs.append(entry)
        infos.append({"config_name": cfg.name,
                      "features": features_for(cfg.schema)._to_yaml_list()})
    return {"configs": configs, "dataset_info": infos}


def split_front_matter(text: str, *, file: str) -> tuple[dict, str]:
    m = _FRONT.match(text)
    if not m:
        raise WartaError("no YAML front matter (--- ... ---) at the top", file=file)
    meta = yaml.safe_load(m.group(1)) or {}
    return meta, text[m.end():]


def render_front_matter(meta: dict) -> str:
    return "---\n" + yaml.safe_dump(meta, sort_keys=False, allow_unicode=True, width=100) + "---\n"


def fill_blocks(body: str, blocks: dict[str, str], *, file: str, first_line: int = 1) -> str:
    """Replace each generated block's content; a block the data cannot fill is an error.

    ``first_line``: the file's line number of ``body``'s first line (after a front matter).
    """
    parts: list[str] = []
    last = 0
    for name, start, end in _blocks(body, file=file, first_line=first_line):
        if name not in blocks:
            raise WartaError(f"generated block {name!r} has no generator", file=file)
        content = blocks[name].rstrip("\n")
        if _MARKERISH.search(content):  # data is escaped on the way in: this cannot happen
            raise WartaError(f"generated block {name!r} would contain a block marker", file=file)
        parts += [body[last:start], content, "\n"]
        last = end
    parts.append(body[last:])
    return "".join(parts)


def render_readme(text: str, blocks: dict[str, str], *, shards: int = 1) -> str:
    meta, body = split_front_matter(text, file="README.md")
    meta.update(card_metadata(shards))
    first_line = text.count("\n", 0, len(text) - len(body)) + 1
    return render_front_matter(meta) + fill_blocks(body, blocks, file="README.md", first_line=first_line)


def block_names(text: str, *, file: str = "README.md") -> list[str]:
    return [name for name, _, _ in _blocks(text, file=file)]
