"""A catalogue of malformed input: each is refused by the CLI with clear one-line errors.

Every case runs one ``warta`` command on a disposable copy of the repository and checks
that it exits non-zero, that each problem is one ``error: `` line naming the file (and the
line or document where there is one) and what is wrong, that no traceback leaks out, and
that nothing under the repository changed (for build and validate cases the release was
built first, so an untouched dataset/data/ proves a failed build kept the last release).

Raw articles (each given to ``warta curate PATH``, to ``warta add PATH --outlet X``, and,
written over a registered raw file with its sha256 fixed in the registry, to ``warta build``):

| input | expected message |
|---|---|
| invalid UTF-8 byte on line 7 | `line 7: not valid UTF-8: byte 0xff at offset N` |
| UTF-8 byte-order mark | `file starts with a UTF-8 byte-order mark` |
| UTF-16 with BOM | `file is UTF-16 (byte-order mark found), not UTF-8` |
| UTF-16 without BOM | `file looks like UTF-16 (little-endian) without a byte-order mark` |
| NUL byte on line 7 | `line 7: file contains NUL bytes` |
| control character (BEL) on line 7 | `line 7: control character U+0007` |
| empty file | `file is empty (0 bytes)` |
| whitespace only | `file holds only whitespace` |
| CRLF line ends | `line 1: CRLF (Windows) line ends: raw articles use LF line ends` |
| lone CR line ends | `line 1: lone CR (old Mac) line ends` |
| 50 MB file | `file is 50,000,000 bytes, over the limit of 2,000,000` (in well under 10 s) |
| one line of 1 MB (line 7) | `line 7: line is 1,000,000 characters, over the limit of 100,000` |
| PNG image bytes | `file is a PNG image, not a text article` |

Registry and raw files (``warta build`` after a good build):

| input | expected message |
|---|---|
| registered raw file edited, no annotations | `dataset/raw/003_….txt: document …: sha256 of the raw bytes is …` |
| registered raw file edited, annotated | the same, and not the gold file's 137 offset errors |
| raw_file "../sources.jsonl" | `line 1: raw_file '../sources.jsonl' points outside dataset/raw/` |
| raw_file a symlink leading outside | `dataset/raw/escape.txt: input is a symbolic link (to '…')` |
| unregistered `raw/x.txt` → `/etc/passwd` | `dataset/raw/x.txt: input is a symbolic link (to '/etc/passwd')` |
| a gold file that is a link | `dataset/annotations/….json: … is a symbolic link` |
| `dataset/raw/` itself a link | `dataset/raw: folder is a symbolic link` |
| a registered symlink loop (`verify`) | `dataset/raw/loop.txt: … is a symbolic link (to 'loop.txt')` |
| invalid JSON line | `dataset/sources.jsonl: line 2: invalid JSON` |
| JSON nested 100,000 deep | `line 2: invalid JSON: nested too deeply` (was a RecursionError) |
| 5,000-digit number | `line 2: invalid JSON: Exceeds the limit` (was a ValueError) |
| a JSON list, not an object | `line 2: a registry line is one JSON object, not list` |
| key twice in one line | `line 1: key 'id' appears twice in one JSON object` (was silently accepted) |
| missing field | `line 1: missing field 'sha256'` |
| duplicate id | `line 2: duplicate id 'eb89c155b02eb356' (first on line 1)` |
| id with `/` | `line 1: invalid document id 'a/b': contains a path separator` |
| id with `..` | `line 1: invalid document id 'x..y': contains '..'` |
| id with upper case | `line 1: invalid document id 'Berita-01': contains upper-case letters` |
| id with a space | `line 1: invalid document id 'berita 01': contains characters outside [a-z0-9_-]: ' '` |
| id with a final newline | `… contains characters outside [a-z0-9_-]: '\\n'` (the schema's `$` let it pass) |
| `warta add --id ../a` | `invalid document id '../a': contains a path separator` |
| `warta add --id Gempa` | `invalid document id 'Gempa': contains upper-case letters` |
| unknown field | `line 1: unknown field 'extra'` |
| registry not UTF-8 | `dataset/sources.jsonl: line 3: registry is not valid UTF-8: byte 0xe9` |

The release (``warta validate`` after a good build):

| input | expected message |
|---|---|
| a byte flipped mid-Parquet | `…/documents/test-….parquet: file changed after the build: sha256 is …` |
| Parquet footer magic damaged | `not a readable Parquet file` and `file changed after the build` |
| a Parquet file deleted | `dataset/data/entities/test-00000-of-00001.parquet: release file is missing` |
| an extra file dataset/data/notes.txt | `dataset/data/notes.txt: unexpected file in the release` |
| MANIFEST.json deleted | `dataset/data/MANIFEST.json: manifest is missing` |
| MANIFEST.json cut short | `dataset/data/MANIFEST.json: manifest does not parse` |

Faults of the machine and values no schema sees (``WARTA_FAULT`` makes a step fail as the disk would):

| input | expected message |
|---|---|
| disk full staging README.md or the data | `README.md: no space left on device (hint: … nothing was half-written …)` |
| read-only file system (build) | `dataset/data: read-only file system` |
| disk full while staging the registry (add) | `dataset/sources.jsonl: no space left on device` |
| `WARTA_MAX_RAW_BYTES=99999999999999999999` | `WARTA_MAX_RAW_BYTES is …, more than the largest setting` |
| a lone surrogate `\ud800` in the registry or gold | `line 1: a string holds a lone surrogate` |
| a gold offset written `7.0` | `number 7.0 is written with a fraction or an exponent; … whole numbers only (write 7)` |
| no registry | `dataset/sources.jsonl: registry not found (hint: … $WARTA_ROOT … 'warta init DIR' …)` |
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import NEW_ARTICLE

from warta.cli import main
from warta.curation.rawtext import read_raw
from warta.errors import ProblemList, WartaError
from warta.layout import Layout
from warta.settings import Limits

ARTICLE = NEW_ARTICLE.encode()
BAD_LINE = ARTICLE.count(b"\n") + 1  # the line a damaged line is appended as
ANNOTATED = "101de1eb255d4fba"  # a seed with a gold annotation file
PARQUET = "dataset/data/documents/test-00000-of-00001.parquet"


@dataclass(frozen=True)
class Run:
    """What a case runs: CLI arguments, and the file name the errors must show."""

    argv: list[str]
    file: str


@dataclass(frozen=True)
class Case:
    name: str
    make: Callable[[Layout, Path], Run]  # damages the working copy or writes an input file
    expected: tuple[str, ...]  # substrings that must all occur in one error line
    built: bool = False  # run a good `warta build` first
    setup: Callable[[Layout, Path], None] | None = None  # before the good build
    seconds: float | None = None  # the command must finish within this
    max_errors: int | None = None  # at most this many error lines (the cause, not its echoes)
    env: dict[str, str] | None = None  # set for the command under test only (after the good build)


# --- raw articles --------------------------------------------------------------------

def _fifty_mb(path: Path) -> None:
    """A 50 MB file of plain text: its only fault is its size."""
    chunk = b"Isi berita yang panjang sekali. " * 32_768  # 1 MiB
    with path.open("wb") as handle:
        for _ in range(47):
            handle.write(chunk)
        handle.write(b"x" * (50_000_000 - 47 * len(chunk)))


RAW_INPUTS: dict[str, tuple[Callable[[Path], None], tuple[str, ...]]] = {
    "invalid-utf8": (
        lambda p: p.write_bytes(ARTICLE + b"Harga naik 5\xff persen.\n"),
        (f"line {BAD_LINE}: not valid UTF-8: byte 0xff at offset {len(ARTICLE) + 12}",),
    ),
    "utf8-bom": (lambda p: p.write_bytes(b"\xef\xbb\xbf" + ARTICLE),
                 ("file starts with a UTF-8 byte-order mark", "without BOM")),
    "utf16-bom": (lambda p: p.write_bytes(ARTICLE.decode().encode("utf-16")),
                  ("file is UTF-16 (byte-order mark found), not UTF-8", "iconv")),
    "utf16-no-bom": (lambda p: p.write_bytes(ARTICLE.decode().encode("utf-16-le")),
                     ("file looks like UTF-16 (little-endian) without a byte-order mark",)),
    "nul-byte": (lambda p: p.write_bytes(ARTICLE + b"Isi\x00berita\n"),
                 (f"line {BAD_LINE}: file contains NUL bytes",)),
    "control-char": (lambda p: p.write_bytes(ARTICLE + b"Isi\x07berita\n"),
                     (f"line {BAD_LINE}: control character U+0007",)),
    "empty": (lambda p: p.write_bytes(b""), ("file is empty (0 bytes)",)),
    "whitespace-only": (lambda p: p.write_bytes(b"  \n\t\n \n"), ("file holds only whitespace",)),
    "crlf": (lambda p: p.write_bytes(ARTICLE.replace(b"\n", b"\r\n")),
             ("line 1: CRLF (Windows) line ends: raw articles use LF line ends", "dos2unix")),
    "lone-cr": (lambda p: p.write_bytes(ARTICLE.replace(b"\n", b"\r")),
                ("line 1: lone CR (old Mac) line ends: raw articles use LF line ends",)),
    "50mb": (_fifty_mb, ("file is 50,000,000 bytes, over the limit of 2,000,000", "WARTA_MAX_RAW_BYTES")),
    "1mb-line": (lambda p: p.write_bytes(ARTICLE + b"a" * 1_000_000 + b"\n"),
                 (f"line {BAD_LINE}: line is 1,000,000 characters, over the limit of 100,000",
                  "WARTA_MAX_LINE_CHARS")),
    "png": (lambda p: p.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))),
            ("file is a PNG image, not a text article",)),
}


def _input_file(writer: Callable[[Path], None]) -> Callable[[Path], Path]:
    def make(tmp_path: Path) -> Path:
        path = tmp_path / "artikel.txt"
        writer(path)
        return path

    return make


def _curate(writer: Callable[[Path], None]) -> Callable[[Layout, Path], Run]:
    def make(layout: Layout, tmp_path: Path) -> Run:
        path = _input_file(writer)(tmp_path)
        return Run(["curate", str(path)], str(path))

    return make


def _add(writer: Callable[[Path], None]) -> Callable[[Layout, Path], Run]:
    def make(layout: Layout, tmp_path: Path) -> Run:
        path = _input_file(writer)(tmp_path)
        return Run(["add", str(path), "--outlet", "X"], str(path))

    return make


def _registry(layout: Layout) -> list[dict]:
    return [json.loads(line) for line in layout.registry.read_text(encoding="utf-8").splitlines()]


def _write_registry(layout: Layout, entries: list[dict]) -> None:
    layout.registry.write_text("".join(json.dumps(e) + "\n" for e in entries), encoding="utf-8")


def _replace_raw(doc_id: str, writer: Callable[[Path], None], *, fix_sha: bool = True
                 ) -> Callable[[Layout, Path], Run]:
    """Write over a registered raw file; with ``fix_sha`` the registry agrees with the new bytes."""
    def make(layout: Layout, tmp_path: Path) -> Run:
        entries = _registry(layout)
        entry = next(e for e in entries if e["id"] == doc_id)
        path = layout.raw_dir / entry["raw_file"]
        writer(path)
        if fix_sha:
            entry["sha256"] = hashlib.sha256(path.read_bytes()).hexdigest()
            _write_registry(layout, entries)
        return Run(["build", "--quiet"], f"dataset/raw/{entry['raw_file']}")

    return make


def _build(writer: Callable[[Path], None]) -> Callable[[Layout, Path], Run]:
    return _replace_raw(ANNOTATED, writer)


RAW_CASES = [
    Case(f"{command}-{name}", wrap(writer), expected, built=command == "build",
         seconds=10.0 if name == "50mb" else None)
    for name, (writer, expected) in RAW_INPUTS.items()
    for command, wrap in (("curate", _curate), ("add", _add), ("build", _build))
]


# --- the registry ---------------------------------------------------------------------

def _registry_line(line: int, text: str) -> Callable[[Layout, Path], Run]:
    def make(layout: Layout, tmp_path: Path) -> Run:
        lines = layout.registry.read_text(encoding="utf-8").splitlines()
        lines[line - 1] = text
        layout.registry.write_text("\n".join(lines) + "\n", encoding="utf-8")
        return Run(["build", "--quiet"], "dataset/sources.jsonl")

    return make


def _edit_entry(change: Callable[[dict], None], line: int = 1) -> Callable[[Layout, Path], Run]:
    def make(layout: Layout, tmp_path: Path) -> Run:
        entries = _registry(layout)
        change(entries[line - 1])
        _write_registry(layout, entries)
        return Run(["build", "--quiet"], "dataset/sources.jsonl")

    return make


def _duplicate_key(layout: Layout, tmp_path: Path) -> Run:
    lines = layout.registry.read_text(encoding="utf-8").splitlines()
    lines[0] = lines[0][:-1] + ', "id": "lain"}'
    layout.registry.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return Run(["build", "--quiet"], "dataset/sources.jsonl")


def _not_utf8(layout: Layout, tmp_path: Path) -> Run:
    layout.registry.write_bytes(layout.registry.read_bytes() + b'{"id": "caf\xe9"}\n')
    return Run(["build", "--quiet"], "dataset/sources.jsonl")


def _symlink_out(layout: Layout, tmp_path: Path) -> Run:
    outside = tmp_path / "outside.txt"
    outside.write_bytes(ARTICLE)
    (layout.raw_dir / "escape.txt").symlink_to(outside)
    entries = _registry(layout)
    entries[0].update(raw_file="escape.txt", sha256=hashlib.sha256(ARTICLE).hexdigest())
    _write_registry(layout, entries)
    return Run(["build", "--quiet"], "dataset/raw/escape.txt")


def _link_in_raw(layout: Layout, tmp_path: Path) -> Run:
    """Not registered, yet an input the manifest would hash: a link out must not be followed."""
    (layout.raw_dir / "x.txt").symlink_to("/etc/passwd")
    return Run(["build", "--quiet"], "dataset/raw/x.txt")


def _gold_link(layout: Layout, tmp_path: Path) -> Run:
    gold = sorted(layout.annotations_dir.glob("*.json"))[0]
    copy = tmp_path / gold.name
    copy.write_bytes(gold.read_bytes())
    gold.unlink()
    gold.symlink_to(copy)
    return Run(["build", "--quiet"], f"dataset/annotations/{gold.name}")


def _raw_dir_link(layout: Layout, tmp_path: Path) -> Run:
    moved = tmp_path / "raw-elsewhere"
    layout.raw_dir.rename(moved)
    layout.raw_dir.symlink_to(moved)
    return Run(["build", "--quiet"], "dataset/raw")


def _link_loop(layout: Layout, tmp_path: Path) -> Run:
    (layout.raw_dir / "loop.txt").symlink_to("loop.txt")
    entries = _registry(layout)
    entries[0].update(raw_file="loop.txt")
    _write_registry(layout, entries)
    return Run(["verify"], "dataset/raw/loop.txt")


def _add_unannotated(layout: Layout, tmp_path: Path) -> None:
    path = tmp_path / "gempa.txt"
    path.write_bytes(ARTICLE)
    assert main(["add", str(path), "--outlet", "KabarContoh", "--id", "gempa-contoh"]) == 0


def _edited_raw(doc_id: str) -> Callable[[Layout, Path], Run]:
    return _replace_raw(doc_id, lambda p: p.write_bytes(p.read_bytes() + b"Tambahan.\n"), fix_sha=False)


def _add_with_id(doc_id: str) -> Callable[[Layout, Path], Run]:
    def make(layout: Layout, tmp_path: Path) -> Run:
        path = tmp_path / "gempa.txt"
        path.write_bytes(ARTICLE)
        return Run(["add", str(path), "--outlet", "X", "--id", doc_id], str(path))

    return make


SHA_DIFFERS = ("sha256 of the raw bytes is", "registry says", "raw files are never edited")

REGISTRY_CASES = [
    Case("raw-sha256-differs", _edited_raw("gempa-contoh"),
         ("dataset/raw/003_gempa-contoh.txt: document gempa-contoh:", *SHA_DIFFERS),
         built=True, setup=_add_unannotated),
    Case("raw-sha256-differs-annotated", _edited_raw(ANNOTATED), (f"document {ANNOTATED}:", *SHA_DIFFERS),
         built=True, max_errors=1),
    Case("raw-file-outside", _edit_entry(lambda e: e.update(raw_file="../sources.jsonl")),
         ("line 1: raw_file '../sources.jsonl' points outside dataset/raw/",), built=True),
    Case("raw-file-symlink-outside", _symlink_out, ("input is a symbolic link",), built=True),
    Case("raw-dir-unregistered-link", _link_in_raw, ("input is a symbolic link (to '/etc/passwd')",), built=True),
    Case("gold-file-link", _gold_link, ("is a symbolic link", "the repository keeps its own files"), built=True),
    Case("raw-dir-is-a-link", _raw_dir_link, ("folder is a symbolic link",), built=True),
    Case("raw-file-link-loop", _link_loop, ("is a symbolic link (to 'loop.txt')",), built=True),
    Case("registry-invalid-json", _registry_line(2, '{"id": "x", '), ("line 2: invalid JSON",), built=True),
    Case("registry-deep-json", _registry_line(2, "[" * 100_000),
         ("line 2: invalid JSON: nested too deeply",), built=True),
    Case("registry-huge-number", _registry_line(2, '{"id": ' + "1" * 5000 + "}"),
         ("line 2: invalid JSON: Exceeds the limit",), built=True),
    Case("registry-not-object", _registry_line(2, "[1, 2]"),
         ("line 2: a registry line is one JSON object, not list",), built=True),
    Case("registry-duplicate-key", _duplicate_key,
         ("line 1: key 'id' appears twice in one JSON object",), built=True),
    Case("registry-missing-field", _edit_entry(lambda e: e.pop("sha256")),
         ("line 1: missing field 'sha256'",), built=True),
    Case("registry-duplicate-id", _edit_entry(lambda e: e.update(id="eb89c155b02eb356"), line=2),
         ("line 2: duplicate id 'eb89c155b02eb356' (first on line 1)",), built=True),
    Case("registry-id-slash", _edit_entry(lambda e: e.update(id="a/b")),
         ("line 1: invalid document id 'a/b': contains a path separator",), built=True),
    Case("registry-id-dotdot", _edit_entry(lambda e: e.update(id="x..y")),
         ("line 1: invalid document id 'x..y': contains '..'",), built=True),
    Case("registry-id-upper", _edit_entry(lambda e: e.update(id="Berita-01")),
         ("line 1: invalid document id 'Berita-01': contains upper-case letters",), built=True),
    Case("registry-id-space", _edit_entry(lambda e: e.update(id="berita 01")),
         ("line 1: invalid document id 'berita 01': contains characters outside [a-z0-9_-]: ' '",), built=True),
    Case("registry-id-newline", _edit_entry(lambda e: e.update(id="berita\n")),
         ("line 1: invalid document id", "contains characters outside [a-z0-9_-]: '\\n'"), built=True),
    Case("add-id-slash", _add_with_id("../a"), ("invalid document id '../a': contains a path separator",)),
    Case("add-id-upper", _add_with_id("Gempa"), ("invalid document id 'Gempa': contains upper-case letters",)),
    Case("registry-unknown-field", _edit_entry(lambda e: e.update(extra=1)),
         ("line 1: unknown field 'extra'",), built=True),
    Case("registry-not-utf8", _not_utf8,
         ("line 3: registry is not valid UTF-8: byte 0xe9",), built=True),
]


# --- the release ----------------------------------------------------------------------

def _flip_byte(where: Callable[[int], int]) -> Callable[[Layout, Path], Run]:
    def make(layout: Layout, tmp_path: Path) -> Run:
        path = layout.root / PARQUET
        data = bytearray(path.read_bytes())
        data[where(len(data))] ^= 0x20
        path.write_bytes(bytes(data))
        return Run(["validate"], PARQUET)

    return make


def _delete_parquet(layout: Layout, tmp_path: Path) -> Run:
    (layout.data_dir / "entities" / "test-00000-of-00001.parquet").unlink()
    return Run(["validate"], "dataset/data/entities/test-00000-of-00001.parquet")


def _extra_file(layout: Layout, tmp_path: Path) -> Run:
    (layout.data_dir / "notes.txt").write_text("catatan\n", encoding="utf-8")
    return Run(["validate"], "dataset/data/notes.txt")


def _manifest(change: Callable[[Path], None]) -> Callable[[Layout, Path], Run]:
    def make(layout: Layout, tmp_path: Path) -> Run:
        change(layout.data_dir / "MANIFEST.json")
        return Run(["validate"], "dataset/data/MANIFEST.json")

    return make


RELEASE_CASES = [
    Case("release-byte-flipped", _flip_byte(lambda n: n // 2),
         ("file changed after the build: sha256 is", "the manifest records"), built=True),
    Case("release-footer-damaged", _flip_byte(lambda n: n - 2),
         ("not a readable Parquet file",), built=True),
    Case("release-footer-damaged-hash", _flip_byte(lambda n: n - 2),
         ("file changed after the build",), built=True),
    Case("release-file-missing", _delete_parquet, ("release file is missing", "warta build"), built=True),
    Case("release-extra-file", _extra_file, ("unexpected file in the release",), built=True),
    Case("release-manifest-missing", _manifest(Path.unlink), ("manifest is missing",), built=True),
    Case("release-manifest-garbled", _manifest(lambda p: p.write_text('{"files": [{"path": []}]')),
         ("manifest does not parse",), built=True),
]

# --- faults of the machine, and values no schema can see -----------------------------

def _edit_gold(change: Callable[[dict], None]) -> Callable[[Layout, Path], Run]:
    def make(layout: Layout, tmp_path: Path) -> Run:
        path = layout.annotation_path(ANNOTATED)
        gold = json.loads(path.read_text(encoding="utf-8"))
        change(gold)
        path.write_text(json.dumps(gold), encoding="utf-8")  # ensure_ascii: a surrogate stays an escape
        return Run(["build", "--quiet"], f"dataset/annotations/{ANNOTATED}.json")

    return make


def _command(argv: list[str], file: str) -> Callable[[Layout, Path], Run]:
    def make(layout: Layout, tmp_path: Path) -> Run:
        article = tmp_path / "baru.txt"
        article.write_bytes(ARTICLE)
        return Run([a.replace("ARTICLE", str(article)) for a in argv], file)

    return make


def _no_registry(layout: Layout, tmp_path: Path) -> Run:
    layout.registry.unlink()
    return Run(["build", "--quiet"], "dataset/sources.jsonl")


FULL = ("no space left on device", "free some space", "nothing was half-written")

FAULT_CASES = [
    Case("build-disk-full", _command(["build", "--quiet"], "README.md"), FULL, built=True,
         env={"WARTA_FAULT": "stage README.md:ENOSPC"}),
    Case("build-disk-full-data", _command(["build", "--quiet"], "dataset/data"), FULL, built=True,
         env={"WARTA_FAULT": "stage dataset/data:ENOSPC"}),
    Case("build-read-only", _command(["build", "--quiet"], "dataset/data"), ("read-only file system",),
         built=True, env={"WARTA_FAULT": "stage dataset/data:EROFS"}),
    Case("add-disk-full", _command(["add", "ARTICLE", "--outlet", "X"], "dataset/sources.jsonl"), FULL,
         built=True, env={"WARTA_FAULT": "stage dataset/sources.jsonl:ENOSPC"}),
    Case("limit-overflow", _command(["build", "--quiet"], "WARTA_MAX_RAW_BYTES"),
         ("more than the largest setting",), built=True, env={"WARTA_MAX_RAW_BYTES": "99999999999999999999"}),
    Case("registry-lone-surrogate", _edit_entry(lambda e: e.update(outlet="VIVA\ud800")),
         ("line 1:", "lone surrogate"), built=True),
    Case("gold-lone-surrogate", _edit_gold(lambda g: g["entities"][0].update(quote="Korea\ud800")),
         ("lone surrogate",), built=True),
    Case("gold-offset-with-fraction", _edit_gold(lambda g: g["entities"][0].update(
        raw_start=float(g["entities"][0]["raw_start"]))), ("is written with a fraction", "whole numbers only"),
         built=True),
    Case("registry-missing", _no_registry, ("registry not found", "WARTA_ROOT", "warta init")),
]

CASES = [*RAW_CASES, *REGISTRY_CASES, *RELEASE_CASES, *FAULT_CASES]


def _snapshot(root: Path) -> dict[str, str]:
    """sha256 of every file under ``root`` but the build cache (symbolic links by their target's name)."""
    out = {}
    for path in sorted(root.rglob("*")):
        if path.relative_to(root).parts[0] == ".warta-cache":
            continue  # the build cache and the lock: never data
        if path.is_symlink():
            out[str(path.relative_to(root))] = f"-> {os.readlink(path)}"
        elif path.is_file():
            out[str(path.relative_to(root))] = hashlib.sha256(path.read_bytes()).hexdigest()
    return out


@pytest.mark.parametrize("case", [pytest.param(c, id=c.name) for c in CASES])
def test_malformed_input_is_refused_clearly(case: Case, workcopy: Layout, tmp_path: Path,
                                            monkeypatch, capsys) -> None:
    monkeypatch.setenv("WARTA_ROOT", str(workcopy.root))
    if case.setup:
        case.setup(workcopy, tmp_path)
    if case.built:
        assert main(["build", "--quiet"]) == 0, capsys.readouterr().err
    capsys.readouterr()
    run = case.make(workcopy, tmp_path)
    for name, value in (case.env or {}).items():
        monkeypatch.setenv(name, value)
    data_before = _snapshot(workcopy.data_dir)
    all_before = _snapshot(workcopy.root)

    began = time.perf_counter()
    code = main(run.argv)
    seconds = time.perf_counter() - began
    err = capsys.readouterr().err

    assert code != 0, f"{case.name}: exit code 0; stderr: {err}"
    assert "Traceback" not in err
    lines = err.splitlines()
    assert lines, "no error message at all"
    for line in lines:  # one problem per line; a count closes a list of several
        assert line.startswith("error: ") or line.endswith(" problems"), line
    problems = [line for line in lines if line.startswith("error: ")]
    wanted = [line for line in problems if all(part in line for part in case.expected)]
    assert wanted, f"no error line holds all of {case.expected}:\n{err}"
    assert any(line.startswith(f"error: {run.file}") for line in wanted), \
        f"the error does not start with the file {run.file!r}:\n{err}"
    assert _snapshot(workcopy.data_dir) == data_before, "the release under dataset/data/ changed"
    assert _snapshot(workcopy.root) == all_before, "the command changed files"
    if case.seconds is not None:
        assert seconds < case.seconds, f"took {seconds:.1f} s"
    if case.max_errors is not None:
        assert len(problems) <= case.max_errors, err


def test_catalogue_covers_every_command() -> None:
    """The table is the contract: each raw input goes through curate, add and build."""
    names = {c.name for c in CASES}
    assert len(names) == len(CASES), "case names must be unique"
    for raw in RAW_INPUTS:
        assert {f"curate-{raw}", f"add-{raw}", f"build-{raw}"} <= names
    doc = __doc__ or ""
    for needle in ("50 MB", "1 MB", "PNG", "CRLF", "lone CR", "UTF-16", "BOM", "NUL",
                   "../sources.jsonl", "duplicate id", "unknown field", "extra file"):
        assert needle in doc, f"the docstring table misses {needle!r}"


def test_debug_lets_the_error_propagate(tmp_path: Path) -> None:
    path = tmp_path / "kosong.txt"
    path.write_bytes(b"")
    with pytest.raises(WartaError, match="file is empty"):
        main(["--debug", "curate", str(path)])


def test_debug_lets_a_problem_list_propagate(workcopy: Layout, monkeypatch) -> None:
    monkeypatch.setenv("WARTA_ROOT", str(workcopy.root))
    workcopy.registry.write_text("{oops\n[1]\n", encoding="utf-8")
    with pytest.raises(ProblemList) as info:
        main(["--debug", "build", "--quiet"])
    assert [p.where for p in info.value.problems] == ["line 1", "line 2"]


def test_a_huge_file_is_refused_by_its_size_without_reading_it(tmp_path: Path) -> None:
    """read_raw looks at the size first: a 5 GB sparse file costs nothing to refuse."""
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        handle.truncate(5_000_000_000)
    began = time.perf_counter()
    with pytest.raises(WartaError, match="5,000,000,000 bytes, over the limit"):
        read_raw(path, file="huge.txt")
    assert time.perf_counter() - began < 1.0


def test_read_raw_returns_the_bytes_of_a_good_file(tmp_path: Path) -> None:
    path = tmp_path / "ok.txt"
    path.write_bytes(ARTICLE)
    assert read_raw(path) == ARTICLE


def test_limits_come_from_the_environment(tmp_path: Path, monkeypatch, capsys) -> None:
    path = tmp_path / "artikel.txt"
    path.write_bytes(ARTICLE)
    monkeypatch.setenv("WARTA_MAX_RAW_BYTES", "100")
    assert main(["curate", str(path)]) == 1
    assert f"file is {len(ARTICLE):,} bytes, over the limit of 100" in capsys.readouterr().err
    monkeypatch.setenv("WARTA_MAX_RAW_BYTES", "2MB")
    with pytest.raises(WartaError, match="WARTA_MAX_RAW_BYTES must be a positive whole number, got '2MB'"):
        Limits.from_env()
    monkeypatch.setenv("WARTA_MAX_RAW_BYTES", "²")  # isdigit() is True, int() refuses it
    with pytest.raises(WartaError, match="positive whole number"):
        Limits.from_env()


def test_a_problem_is_one_line_even_with_line_breaks_inside(tmp_path: Path, capsys) -> None:
    path = tmp_path / "dua\nbaris.txt"
    path.write_bytes(b"")
    assert main(["curate", str(path)]) == 1
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and "dua\\nbaris.txt" in lines[0]

