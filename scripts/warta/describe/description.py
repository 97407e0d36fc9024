"""What the release says of the dataset itself: its name, version, licence, citation and datasheet facts.

Warta's own release describes Warta (the constants of ``warta.describe.croissant``, with the
toolkit's version, since Warta's dataset and toolkit share one version). A repository made by
``warta init`` holds a corpus of its own, so it describes itself in ``dataset/description.toml``
(written by ``warta init`` with prompts to fill): croissant.json, the manifest and the card's
version block then speak of that corpus, never of Warta. The file is a build input.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field

from warta import __version__
from warta.errors import WartaError
from warta.layout import Layout

FILE = "description.toml"
_VERSION = r"^\d+\.\d+\.\d+$"


@dataclass(frozen=True)
class Description:
    name: str
    version: str
    description: str
    license: str
    url: str
    creator: str
    date_published: str
    keywords: tuple[str, ...]
    rai: dict[str, str | list[str]] = field(default_factory=dict)

    @property
    def slug(self) -> str:
        from warta.machine.entities import machine_id

        return machine_id(self.name)


def path_of(layout: Layout):
    return layout.dataset / FILE


def describe_dataset(layout: Layout) -> Description:
    """The repository's description of its dataset: ``dataset/description.toml``, else Warta's own."""
    path = path_of(layout)
    if not path.is_file():
        from warta.describe import croissant as warta

        return Description("Warta", __version__, warta.DESCRIPTION, warta.ANNOTATIONS_LICENSE, warta.URL,
                           warta.CREATOR, warta.DATE_PUBLISHED, warta.KEYWORDS, warta.RAI)
    shown = layout.rel(path)
    try:
        data = tomllib.loads(layout.own(path, what="input").read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise WartaError(f"not a valid TOML file: {exc}", file=shown) from None
    import re

    missing = [key for key in ("name", "version", "description", "license", "creator") if not data.get(key)]
    if missing:
        raise WartaError(f"says nothing of {', '.join(missing)}", file=shown,
                         hint="fill in what the release should say of your dataset")
    if not re.match(_VERSION, str(data["version"])):
        raise WartaError(f"version {data['version']!r} is not MAJOR.MINOR.PATCH", file=shown)
    rai = {f"rai:{key}": value for key, value in data.get("rai", {}).items() if value}
    return Description(str(data["name"]), str(data["version"]), str(data["description"]), str(data["license"]),
                       str(data.get("url", "")), str(data["creator"]), str(data.get("date_published", "")),
                       tuple(data.get("keywords", [])), rai)
