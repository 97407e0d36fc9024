"""Readers of the corpora ``warta import`` takes: a folder of .txt files, JSON Lines, Parquet, datasets.

Each reader yields one ``Record`` per article with its raw bytes, the metadata fields it
carries (under the registry's names), and where it came from (file and line, row or file
name), so that every problem can be reported where the user can find it. Large sources are
read as a stream (line by line, or in batches of rows), never whole.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from warta.curation.rawtext import read_raw
from warta.errors import WartaError
from warta.jsonio import parse_json
from warta.settings import Limits

# registry fields a record may carry, besides its text
META_FIELDS = ("id", "outlet", "url", "retrieved", "published")
BATCH_ROWS = 1_000
KINDS_HINT = ("a source is a folder of .txt files, a JSON Lines file (.jsonl), a Parquet file (.parquet) "
              "or a folder written by datasets' save_to_disk")


@dataclass(frozen=True)
class FieldMap:
    """Which column or key holds each field (``--text-field`` and friends)."""

    text: str = "text"
    id: str = "id"
    outlet: str = "outlet"
    url: str = "url"
    retrieved: str = "retrieved"
    published: str = "published"

    def meta(self) -> dict[str, str]:
        return {name: getattr(self, name) for name in META_FIELDS}


@dataclass
class Record:
    """One article of a source: its bytes and fields, or what is wrong with it."""

    file: str
    where: str | None
    raw: bytes | None = None
    fields: dict = field(default_factory=dict)
    problem: WartaError | None = None


@dataclass
class Source:
    """An opened source: its kind, how many records it holds if known, and the records."""

    path: Path
    kind: str
    total: int | None
    records: Iterator[Record]


def source_kind(path: Path) -> str:
    if not path.exists():
        raise WartaError("no such file or folder", file=str(path), hint=KINDS_HINT)
    if path.is_dir():
        if any((path / name).is_file() for name in ("dataset_info.json", "state.json", "dataset_dict.json")):
            return "datasets"
        return "folder"
    suffix = path.suffix.lower()
    if suffix in (".jsonl", ".ndjson"):
        return "jsonl"
    if suffix == ".parquet":
        return "parquet"
    if suffix == ".json":
        raise WartaError("a .json file is not read as JSON Lines", file=str(path),
                         hint="one JSON object per line, in a file named .jsonl")
    raise WartaError(f"unknown kind of source ({suffix or 'no suffix'})", file=str(path), hint=KINDS_HINT)


def open_source(path: Path, fields: FieldMap, *, limits: Limits) -> Source:
    """Open ``path`` by its kind; whole-source problems (no text column, unreadable file) raise."""
    kind = source_kind(path)
    if kind == "folder":
        files = sorted(p for p in path.iterdir() if p.suffix == ".txt" and p.is_file())
        if not files:
            raise WartaError("folder holds no .txt files", file=str(path), hint=KINDS_HINT)
        return Source(path, kind, len(files), _folder(files, limits))
    if kind == "jsonl":
        return Source(path, kind, None, _jsonl(path, fields, limits))
    if kind == "parquet":
        return _parquet(path, fields)
    return _datasets(path, fields)


def _folder(files: list[Path], limits: Limits) -> Iterator[Record]:
    for path in files:
        try:
            yield Record(str(path), None, read_raw(path, limits=limits))
        except WartaError as exc:
            yield Record(str(path), None, problem=exc)


def _text_bytes(value: object, *, name: str, file: str, where: str) -> tuple[bytes | None, WartaError | None]:
    """The raw bytes of a text value: a string's UTF-8, binary as it is."""
    if isinstance(value, str):
        try:
            return value.encode("utf-8"), None
        except UnicodeEncodeError as exc:  # a lone surrogate from a JSON \\ud800 escape
            return None, WartaError(f"field {name!r} holds a lone surrogate (U+{ord(value[exc.start]):04X}) "
                                    f"at offset {exc.start}: not text", file=file, where=where)
    if isinstance(value, bytes | bytearray | memoryview):
        return bytes(value), None
    if value is None:
        return None, WartaError(f"field {name!r} is null", file=file, where=where,
                                hint="every record needs the article's page text")
    return None, WartaError(f"field {name!r} is {type(value).__name__}, not a string", file=file, where=where)


def _plain(value: object) -> object:
    """Dates from typed columns as the registry writes them (ISO 8601); other values unchanged."""
    if isinstance(value, dt.datetime):
        return value.isoformat() if value.tzinfo is not None else value
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _record(obj: dict, fields: FieldMap, *, file: str, where: str) -> Record:
    if fields.text not in obj:
        return Record(file, where, problem=WartaError(
            f"no field {fields.text!r} holding the article's text", file=file, where=where,
            hint="name the text field with --text-field"))
    raw, problem = _text_bytes(obj[fields.text], name=fields.text, file=file, where=where)
    if problem:
        return Record(file, where, problem=problem)
    meta = {name: _plain(obj[key]) for name, key in fields.meta().items() if key in obj}
    return Record(file, where, raw, meta)


def _jsonl(path: Path, fields: FieldMap, limits: Limits) -> Iterator[Record]:
    file = str(path)
    longest = 6 * limits.max_raw_bytes + 65_536  # \\uXXXX escapes take six bytes a character
    try:
        handle = path.open("rb")
    except OSError as exc:
        raise WartaError(f"cannot read the file: {exc.strerror or exc}", file=file) from None
    with handle:
        for number, line in enumerate(handle, start=1):
            where = f"line {number}"
            if len(line) > longest:
                yield Record(file, where, problem=WartaError(
                    f"line is {len(line):,} bytes, too long for one article of at most "
                    f"{limits.max_raw_bytes:,} bytes", file=file, where=where,
                    hint="raise WARTA_MAX_RAW_BYTES if this is real"))
                continue
            if not line.strip():
                continue
            try:
                text = line.decode("utf-8")
            except UnicodeDecodeError as exc:
                yield Record(file, where, problem=WartaError(
                    f"not valid UTF-8: byte 0x{line[exc.start]:02x} at offset {exc.start} of the line",
                    file=file, where=where, hint="JSON Lines files are UTF-8"))
                continue
            obj, wrong = parse_json(text)
            if wrong:
                yield Record(file, where, problem=WartaError(wrong, file=file, where=where,
                                                             hint="each line is one JSON object"))
            elif not isinstance(obj, dict):
                yield Record(file, where, problem=WartaError(
                    f"a line is one JSON object, not {type(obj).__name__}", file=file, where=where))
            else:
                yield _record(obj, fields, file=file, where=where)


def _columns(names: list[str], fields: FieldMap, file: str) -> list[str]:
    if fields.text not in names:
        raise WartaError(f"no column {fields.text!r} holding the articles' text (columns: {', '.join(names)})",
                         file=file, hint="name the text column with --text-field")
    wanted = [fields.text, *fields.meta().values()]
    return [n for n in dict.fromkeys(wanted) if n in names]


def _rows(batches, fields: FieldMap, *, file: str, prefix: str = "") -> Iterator[Record]:
    row = 0
    for batch in batches:
        columns = batch if isinstance(batch, dict) else batch.to_pydict()
        names = list(columns)
        for values in zip(*columns.values(), strict=True):
            yield _record(dict(zip(names, values, strict=True)), fields, file=file, where=f"{prefix}row {row}")
            row += 1


def _parquet(path: Path, fields: FieldMap) -> Source:
    import pyarrow as pa
    import pyarrow.parquet as pq

    file = str(path)
    try:
        pf = pq.ParquetFile(path)
    except (OSError, pa.ArrowException) as exc:
        raise WartaError(f"not a readable Parquet file: {exc}", file=file) from None
    columns = _columns(pf.schema_arrow.names, fields, file)

    def records() -> Iterator[Record]:
        try:
            yield from _rows(pf.iter_batches(batch_size=BATCH_ROWS, columns=columns), fields, file=file)
        except (OSError, pa.ArrowException) as exc:
            raise WartaError(f"Parquet file cannot be read to the end: {exc}", file=file) from None

    return Source(path, "parquet", pf.metadata.num_rows, records())


def _datasets(path: Path, fields: FieldMap) -> Source:
    import datasets

    file = str(path)
    try:
        loaded = datasets.load_from_disk(str(path))
    except Exception as exc:  # any failure of a foreign loader is a refusal of the source
        raise WartaError(f"cannot load the dataset saved to disk: {exc}", file=file,
                         hint="a folder written by Dataset.save_to_disk or DatasetDict.save_to_disk") from None
    splits = list(loaded.items()) if isinstance(loaded, datasets.DatasetDict) else [(None, loaded)]
    selected = [(name, ds.select_columns(_columns(ds.column_names, fields, file))) for name, ds in splits]

    def records() -> Iterator[Record]:
        for name, ds in selected:
            yield from _rows(ds.iter(batch_size=BATCH_ROWS), fields, file=file,
                             prefix=f"split {name} " if name is not None else "")

    return Source(path, "datasets", sum(ds.num_rows for _, ds in selected), records())
