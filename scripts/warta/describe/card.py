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
_BLOCK = re.compile(r"(<!-- warta:(?P<name>[a-z0-9_-]+) -->\n)(.*?)(<!-- /warta:(?P=name) -->)",
                    re.DOTALL)


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


def fill_blocks(body: str, blocks: dict[str, str], *, file: str) -> str:
    """Replace each generated block's content; a block the data cannot fill is an error."""

    def replace(m: re.Match) -> str:
        name = m.group("name")
        if name not in blocks:
            raise WartaError(f"generated block {name!r} has no generator", file=file)
        return m.group(1) + blocks[name].rstrip("\n") + "\n" + m.group(4)

    return _BLOCK.sub(replace, body)


def render_readme(text: str, blocks: dict[str, str], *, shards: int = 1) -> str:
    meta, body = split_front_matter(text, file="README.md")
    meta.update(card_metadata(shards))
    return render_front_matter(meta) + fill_blocks(body, blocks, file="README.md")


def block_names(text: str) -> list[str]:
    return [m.group("name") for m in _BLOCK.finditer(text)]
