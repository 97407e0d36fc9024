"""The release manifest: what was built, from what, by which versions — and checking it.

dataset/data/MANIFEST.json lists every release file (size, sha256, rows) and the sha256
of every input it was built from (registry, raw articles, annotation files, schemas and
rule tables), so a reader can verify a download and a maintainer can see what changed.
"""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow.parquet as pq

from warta import __version__
from warta.curation.rawtext import sha256_hex
from warta.curation.rules import RULES_FILE
from warta.errors import WartaError
from warta.jsonio import parse_json
from warta.layout import SPLIT, Layout
from warta.machine.layers import MACHINE_LAYERS
from warta.release.schemas import schema_dir

MANIFEST = "MANIFEST.json"
MACHINE_TABLES = Path(__file__).resolve().parents[1] / "machine" / "data"  # the machine annotators' tables


def described(shown: str, data: bytes) -> dict:
    """A manifest entry for ``data`` shown at repository path ``shown``."""
    return {"path": shown, "size": len(data), "sha256": sha256_hex(data)}


def _entry(path: Path, shown: str) -> dict:
    return described(shown, path.read_bytes())


def input_files(layout: Layout) -> dict[str, list[tuple[Path, str]]]:
    """Every file a build reads, by kind, in a stable order, with the path the manifest shows.

    Data inputs are shown relative to the repository; schemas and rule tables relative to
    the checkout the toolkit runs from, so a work copy of the data shows the same paths.
    """
    from warta.intake.registry import require_registry

    ann = layout.annotations_dir
    toolkit = schema_dir().parent

    def data(paths) -> list[tuple[Path, str]]:
        return [(layout.own(p, what="input"), layout.rel(p)) for p in sorted(paths)]

    def files(folder: Path, *patterns: str) -> list[Path]:
        """Regular files and links (refused by ``data``) alike; not dotfiles, which are temporary."""
        layout.own(folder, what="folder")
        return [p for pattern in patterns for p in folder.glob(pattern)
                if (p.is_symlink() or p.is_file()) and not p.name.startswith(".")] if folder.is_dir() else []

    def code(paths) -> list[tuple[Path, str]]:
        return [(p, p.resolve().relative_to(toolkit.resolve()).as_posix()) for p in sorted(paths)]

    return {
        "registry": data([require_registry(layout)]),
        "raw": data(files(layout.raw_dir, "*")),
        "annotations": data(files(ann, "*.json", "*.jsonl", "passes/*/*.json")),
        "schema": code(p for p in schema_dir().glob("*") if p.is_file()),
        "rules": code([*RULES_FILE.parent.glob("*.toml"), *MACHINE_TABLES.glob("*.toml")]),
        **({"description": data([layout.dataset / "description.toml"])}
           if (layout.dataset / "description.toml").is_file() else {}),
    }


def hash_inputs(layout: Layout) -> dict[str, list[dict]]:
    """The manifest's ``inputs``: every input file's path, size and sha256, by kind."""
    return {kind: [_entry(path, shown) for path, shown in paths] for kind, paths in input_files(layout).items()}


def changed_inputs(before: dict[str, list[dict]], after: dict[str, list[dict]]) -> list[str]:
    """Inputs whose bytes differ between two hashings (or that came or went), by path."""
    old = {e["path"]: e["sha256"] for entries in before.values() for e in entries}
    new = {e["path"]: e["sha256"] for entries in after.values() for e in entries}
    return sorted(path for path in old.keys() | new.keys() if old.get(path) != new.get(path))


def build_manifest(layout: Layout, staging: Path, configs, inputs: dict[str, list[dict]]) -> dict:
    """The manifest of a release written under ``staging`` (the future dataset/data/).

    ``inputs`` are hashed by the caller before it read them (``hash_inputs``), so that the
    manifest records the bytes the build used, never bytes that arrived while it ran.
    """
    files = []
    for cfg in configs:
        for path in sorted((staging / cfg.name).glob(f"{SPLIT}-*.parquet")):
            relpath = path.relative_to(staging).as_posix()
            entry = _entry(path, f"dataset/data/{relpath}")
            entry["config"] = cfg.name
            entry["rows"] = pq.ParquetFile(path).metadata.num_rows
            files.append(entry)
    schema_version = json.loads((schema_dir() / "version.json").read_text(encoding="utf-8"))["schema_version"]
    from warta.describe.description import describe_dataset

    about = describe_dataset(layout)
    return {
        "dataset": about.slug,
        "version": about.version,
        "schema_version": schema_version,
        "toolkit_version": __version__,
        "annotators": {**{m.config: m.source for m in MACHINE_LAYERS},
                       "machine_ner": next(m.source for m in MACHINE_LAYERS if m.layer == "entities")},
        "files": files,
        "total_size": sum(f["size"] for f in files),
        "inputs": inputs,
    }


def dumps(manifest: dict) -> str:
    return json.dumps(manifest, indent=2, ensure_ascii=False, sort_keys=False) + "\n"


def load_manifest(layout: Layout) -> dict:
    path = layout.data_dir / MANIFEST
    rel = layout.rel(path)
    if not path.is_file():
        raise WartaError("manifest is missing", file=rel, hint="run 'warta build'")
    value, wrong = parse_json(path.read_bytes().decode("utf-8", errors="replace"))
    try:
        if wrong:
            raise ValueError(wrong)
        _check_shape(value)
    except ValueError as exc:
        raise WartaError(f"manifest does not parse: {exc}", file=rel, hint="rebuild with 'warta build'") from None
    manifest = value
    return manifest


def _check_shape(manifest: object) -> None:
    """What verify relies on: every entry has a path and a sha256; release files lie under dataset/data/."""
    if not isinstance(manifest, dict) or not isinstance(manifest.get("files"), list) \
            or not isinstance(manifest.get("inputs"), dict):
        raise ValueError("'files' (a list) or 'inputs' (an object) missing")
    if not isinstance(manifest.get("metadata", []), list):
        raise ValueError("'metadata' must be a list")
    entries = [("files", e) for e in manifest["files"]] + [("metadata", e) for e in manifest.get("metadata", [])]
    entries += [(f"inputs.{kind}", e) for kind, es in manifest["inputs"].items()
                for e in (es if isinstance(es, list) else [None])]
    for where, entry in entries:
        if not isinstance(entry, dict) or not all(isinstance(entry.get(k), str) for k in ("path", "sha256")):
            raise ValueError(f"an entry of {where} lacks a 'path' or 'sha256' string")
        if ".." in Path(entry["path"]).parts or Path(entry["path"]).is_absolute():
            raise ValueError(f"{where} path {entry['path']!r} leaves the repository")
    for entry in manifest["files"]:
        if not entry["path"].startswith("dataset/data/"):
            raise ValueError(f"release file {entry['path']!r} is not under dataset/data/")


def verify(layout: Layout) -> list[WartaError]:
    """Re-hash every release file and input against the manifest, and cross-check what the card and
    croissant.json repeat of it; one problem per mismatch."""
    manifest = load_manifest(layout)
    problems: list[WartaError] = []
    listed = {MANIFEST}
    for entry in manifest["files"]:
        path = layout.root / entry["path"]
        listed.add(str(Path(entry["path"]).relative_to("dataset/data")))
        problems += check_entry(path, entry, layout.rel(path))
    for path in sorted(layout.data_dir.rglob("*")):
        if path.is_file() and str(path.relative_to(layout.data_dir)) not in listed:
            problems.append(WartaError("file is not in the manifest", file=layout.rel(path),
                                       hint="a release holds exactly the files its manifest lists"))
    for entry in manifest.get("metadata", []):  # dataset/croissant.json, written with the release
        problems += check_entry(layout.root / entry["path"], entry, entry["path"], kind="release metadata")
    from warta.release.crosscheck import crosscheck

    problems += crosscheck(layout, manifest)
    current = {shown: path for paths in input_files(layout).values() for path, shown in paths}
    recorded = {e["path"] for entries in manifest["inputs"].values() for e in entries}
    for kind, entries in manifest["inputs"].items():
        for entry in entries:
            path = current.get(entry["path"], layout.root / entry["path"])
            problems += check_entry(path, entry, entry["path"], kind=kind)
    for extra in sorted(set(current) - recorded):
        problems.append(WartaError("input is newer than the release (not in the manifest)", file=extra,
                                   hint="run 'warta build' to include it"))
    problems += _raw_store_problems(layout)
    return problems


def _raw_store_problems(layout: Layout) -> list[WartaError]:
    """Raw packs are inputs too: every row re-hashed, and a pack the registry never names reported."""
    from warta.intake.rawstore import store_problems
    from warta.intake.registry import load_registry

    try:
        entries = [src.entry for src in load_registry(layout)]
    except WartaError:  # a broken registry is reported by its hash above and by the build
        return []
    return store_problems(layout, entries)


def check_entry(path: Path, entry: dict, shown: str, kind: str = "release file") -> list[WartaError]:
    """One file against its manifest entry (used by verify, and by validate for release files)."""
    if not path.is_file():
        return [WartaError(f"{kind} is missing", file=shown, where=f"expected sha256 {entry['sha256']}")]
    found = sha256_hex(path.read_bytes())
    if found != entry["sha256"]:
        return [WartaError(f"{kind} changed after the build: sha256 is {found}, the manifest records "
                           f"{entry['sha256']}", file=shown,
                           hint="restore the file, or run 'warta build' if the change is intended")]
    return []
