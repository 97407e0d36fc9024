"""What differs between the release on disk and one built again from its inputs (``verify --rebuild``).

A byte-for-byte comparison is the only complete check: a forged row whose manifest entry
was recomputed passes every hash, and a card edited by hand passes every schema. Each
difference is named as precisely as the file allows: the first differing row and field of
a Parquet file, the first differing line of a text file.
"""

from __future__ import annotations

from pathlib import Path

from warta.curation.rawtext import sha256_hex
from warta.errors import WartaError
from warta.layout import Layout
from warta.release.parquet_io import read_rows

HINT = "the release is not what its inputs build; run 'warta build' (and see git diff) to restore it"


def _short(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


def _row_difference(on_disk: Path, rebuilt: Path) -> str:
    """Where two Parquet files first differ: a row's id and field, or the row counts."""
    try:
        old, new = read_rows(on_disk), read_rows(rebuilt)
    except Exception:  # a file pyarrow cannot read: its bytes differ, and that is all one can say
        return "it is not a readable Parquet file"
    for index, (a, b) in enumerate(zip(old, new, strict=False)):
        if a != b:
            field = next((k for k in b if a.get(k) != b.get(k)), None) or next(k for k in a if k not in b)
            doc = b.get("doc_id", b.get("id"))
            return (f"row {index} (document {doc}): {field} is {_short(a.get(field))} in the release, "
                    f"{_short(b.get(field))} when rebuilt")
    if len(old) != len(new):
        return f"{len(old)} rows in the release, {len(new)} when rebuilt"
    return "same rows, other bytes (encoding or metadata)"


def _line_difference(on_disk: bytes, rebuilt: bytes) -> str:
    old, new = on_disk.split(b"\n"), rebuilt.split(b"\n")
    for number, (a, b) in enumerate(zip(old, new, strict=False), start=1):
        if a != b:
            return f"first at line {number}"
    return f"{len(old)} lines in the release, {len(new)} when rebuilt"


def _detail(path: Path, rebuilt: Path | bytes) -> str:
    if path.suffix == ".parquet" and isinstance(rebuilt, Path):
        return _row_difference(path, rebuilt)
    data = rebuilt.read_bytes() if isinstance(rebuilt, Path) else rebuilt
    if path.suffix in (".md", ".json"):
        return _line_difference(path.read_bytes(), data)
    return f"sha256 {sha256_hex(path.read_bytes())} in the release, {sha256_hex(data)} when rebuilt"


def differences(layout: Layout, data: Path, outputs: dict[Path, bytes]) -> tuple[int, list[WartaError]]:
    """(files compared, problems) between the release and a rebuild staged as ``data`` + ``outputs``."""
    def files(folder: Path) -> dict[str, Path]:
        return {p.relative_to(folder).as_posix(): p for p in folder.rglob("*") if p.is_file()} \
            if folder.is_dir() else {}

    rebuilt, current = files(data), files(layout.data_dir)
    problems: list[WartaError] = []
    for rel in sorted(rebuilt.keys() | current.keys()):
        shown = f"dataset/data/{rel}"
        if rel not in current:
            problems.append(WartaError("release file is missing: a rebuild writes it", file=shown, hint=HINT))
        elif rel not in rebuilt:
            problems.append(WartaError("a rebuild does not write this file", file=shown, hint=HINT))
        elif current[rel].read_bytes() != rebuilt[rel].read_bytes():
            problems.append(WartaError(f"differs from a rebuild: {_detail(current[rel], rebuilt[rel])}",
                                       file=shown, hint=HINT))
    for target, content in outputs.items():
        shown = layout.rel(target)
        if not target.is_file():
            problems.append(WartaError("release file is missing: a rebuild writes it", file=shown, hint=HINT))
        elif target.read_bytes() != content:
            problems.append(WartaError(f"differs from a rebuild: {_detail(target, content)}", file=shown,
                                       hint=HINT))
    return len(rebuilt.keys() | current.keys()) + len(outputs), problems
