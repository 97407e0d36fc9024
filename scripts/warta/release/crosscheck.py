"""Facts the release states twice must agree: manifest <-> croissant.json <-> the card.

The manifest records each release file's sha256 and size; croissant.json repeats them
(one FileObject per file, or a FileSet whose pattern must cover exactly a config's
files); the card's YAML names the files of each config and their features, and its
blocks state the number of documents. A file edited together with its manifest entry
passes the hash check; it does not pass this one unless every other copy was forged too.
"""

from __future__ import annotations

import json
from fnmatch import fnmatchcase

from warta.describe.card import card_metadata, split_front_matter
from warta.errors import WartaError
from warta.layout import Layout
from warta.release.configs import DEFAULT_CONFIG

HINT = "the release's descriptions disagree with its manifest; run 'warta build' to write them again"


def _shards(manifest: dict) -> int:
    names = [e["path"].rsplit("/", 1)[-1] for e in manifest["files"] if e.get("config") == DEFAULT_CONFIG]
    counts = {int(n.removesuffix(".parquet").rsplit("-of-", 1)[-1]) for n in names if "-of-" in n}
    return counts.pop() if len(counts) == 1 else 1


def croissant_problems(layout: Layout, manifest: dict) -> list[WartaError]:
    """croissant.json's file entries against the manifest's (it is itself hashed as release metadata)."""
    shown = layout.rel(layout.croissant)
    try:
        distribution = json.loads(layout.croissant.read_text(encoding="utf-8"))["distribution"]
        assert isinstance(distribution, list)
    except (OSError, ValueError, KeyError, TypeError, AssertionError) as exc:
        return [WartaError(f"croissant.json has no readable distribution ({type(exc).__name__})", file=shown,
                           hint=HINT)]
    files = {e["path"].removeprefix("dataset/"): e for e in manifest["files"]}
    covered: set[str] = set()
    problems = []
    for item in distribution:
        kind, name = item.get("@type"), item.get("@id")
        if kind == "cr:FileObject" and str(item.get("contentUrl", "")).startswith("data/"):
            entry = files.get(item["contentUrl"])
            if entry is None:
                problems.append(WartaError(f"{name}: names {item['contentUrl']}, which the manifest does not list",
                                           file=shown, hint=HINT))
                continue
            covered.add(item["contentUrl"])
            if item.get("sha256") != entry["sha256"]:
                problems.append(WartaError(f"{name}: sha256 {item.get('sha256')} differs from the manifest's "
                                           f"{entry['sha256']}", file=shown, hint=HINT))
            if item.get("contentSize") != f"{entry['size']} B":
                problems.append(WartaError(f"{name}: contentSize {item.get('contentSize')!r} differs from the "
                                           f"manifest's {entry['size']} B", file=shown, hint=HINT))
        elif kind == "cr:FileSet":
            matched = {path for path in files if fnmatchcase(path, str(item.get("includes", "")))}
            config = {e.get("config") for path, e in files.items() if path in matched}
            if not matched or len(config) != 1:
                problems.append(WartaError(f"{name}: includes {item.get('includes')!r} matches "
                                           f"{len(matched)} file(s) of {len(config)} config(s)", file=shown, hint=HINT))
            covered |= matched
    for path in sorted(set(files) - covered):
        problems.append(WartaError(f"release file {path} is not described in croissant.json", file=shown, hint=HINT))
    return problems


def card_problems(layout: Layout, manifest: dict) -> list[WartaError]:
    """The card's configs and features, and its document count, against the manifest."""
    shown = layout.rel(layout.readme)
    try:
        meta, body = split_front_matter(layout.readme.read_text(encoding="utf-8"), file=shown)
    except (OSError, UnicodeDecodeError) as exc:
        return [WartaError(f"the card cannot be read ({type(exc).__name__})", file=shown, hint=HINT)]
    except WartaError as exc:
        return [exc]
    problems = []
    expected = card_metadata(_shards(manifest))
    for key in ("configs", "dataset_info"):
        if meta.get(key) != expected[key]:
            problems.append(WartaError(f"the card's {key} are not those of this release", file=shown, hint=HINT))
    files = {e["path"] for e in manifest["files"]}
    for entry in meta.get("configs") or []:
        for data_file in entry.get("data_files", []) if isinstance(entry, dict) else []:
            pattern = data_file.get("path", "") if isinstance(data_file, dict) else ""
            matched = {p for p in files if fnmatchcase(p, pattern)}
            wanted = {e["path"] for e in manifest["files"] if e.get("config") == entry.get("config_name")}
            if matched != wanted:
                problems.append(WartaError(f"config {entry.get('config_name')!r}: data_files {pattern!r} match "
                                           f"{len(matched)} file(s), the manifest lists {len(wanted)}",
                                           file=shown, hint=HINT))
    documents = sum(e.get("rows", 0) for e in manifest["files"] if e.get("config") == DEFAULT_CONFIG)
    marker = "<!-- warta:documents-count -->\n"
    if marker in body:
        stated = body.split(marker, 1)[1].split("\n", 1)[0].strip()
        if stated != str(documents):
            problems.append(WartaError(f"the card says {stated!r} documents, the manifest {documents}",
                                       file=shown, hint=HINT))
    return problems


def crosscheck(layout: Layout, manifest: dict) -> list[WartaError]:
    """Every fact that manifest, Croissant and card state twice, compared."""
    return croissant_problems(layout, manifest) + card_problems(layout, manifest)
