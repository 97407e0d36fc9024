"""warta import and the raw store: every source kind, duplicates, refusals, packs verbatim and verifiable."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from conftest import ROOT, SEEDS, seed_bytes, seed_entry

from warta.cli import main
from warta.errors import WartaError
from warta.intake import importer, rawstore, sources
from warta.intake.rawstore import (
    PACK_ROW_GROUP,
    iter_shard_raw,
    pack_name,
    read_raw_bytes,
    verify_pack,
    write_pack,
)
from warta.intake.registry import load_registry
from warta.layout import Layout, bucket, shard_of

FIXTURES = sorted((ROOT / "tests/fixtures/articles").glob("*.txt"))


def article(i: int) -> str:
    """An invented article, unique by its added sentence."""
    return FIXTURES[i % len(FIXTURES)].read_text(encoding="utf-8") + f"Warga nomor {i} memberi keterangan.\n"


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def registry(layout: Layout) -> list[dict]:
    return [json.loads(line) for line in layout.registry.read_text(encoding="utf-8").splitlines()]


def new_entries(layout: Layout) -> list[dict]:
    return [e for e in registry(layout) if e["id"] not in SEEDS]


def write_jsonl(path: Path, records: list[dict | str]) -> Path:
    path.write_text("".join((r if isinstance(r, str) else json.dumps(r, ensure_ascii=False)) + "\n"
                            for r in records), encoding="utf-8")
    return path


def snapshot(root: Path) -> dict[str, str]:
    """Every file of the repository but the build cache (lock, cache entries: never data)."""
    return {str(p.relative_to(root)): sha(p.read_bytes()) for p in sorted(root.rglob("*"))
            if p.is_file() and p.relative_to(root).parts[0] != ".warta-cache"}


# --- the source kinds ----------------------------------------------------------------------

def test_a_folder_of_txt_files_is_imported_verbatim_in_name_order(in_repo: Layout, tmp_path, capsys) -> None:
    folder = tmp_path / "pages"
    folder.mkdir()
    texts = {f"{n:02d}.txt": article(n).encode() for n in (3, 1, 2)}
    for name, data in texts.items():
        (folder / name).write_bytes(data)
    (folder / "notes.md").write_text("not an article\n")
    assert main(["import", str(folder), "--outlet", "KabarContoh", "--quiet"]) == 0
    out = capsys.readouterr().out
    assert "imported 3, duplicates 0, refused 0; raw pack: dataset/raw/pack-" in out
    entries = new_entries(in_repo)
    assert [e["sha256"] for e in entries] == [sha(texts[n]) for n in sorted(texts)]
    for entry in entries:
        assert entry["id"] == entry["sha256"][:16] and entry["outlet"] == "KabarContoh"
        assert rawstore.is_pack(entry["raw_file"])
        assert entry["license"].startswith("Copyright of the publisher (KabarContoh).")
        assert sha(read_raw_bytes(in_repo, entry)) == entry["sha256"]
    assert len({e["raw_file"] for e in entries}) == 1
    assert load_registry(in_repo)  # the registry, packs included, still loads


def test_a_folder_needs_an_outlet(in_repo: Layout, tmp_path, capsys) -> None:
    (tmp_path / "pages").mkdir()
    (tmp_path / "pages" / "a.txt").write_text(article(0))
    before = snapshot(in_repo.root)
    assert main(["import", str(tmp_path / "pages")]) == 1
    assert "a folder of .txt files needs --outlet" in capsys.readouterr().err
    assert snapshot(in_repo.root) == before


def test_jsonl_with_mapped_fields(in_repo: Layout, tmp_path, capsys) -> None:
    records = [{"isi": article(i), "media": "Contoh Pos", "tautan": f"https://contoh.example/{i}",
                "terbit": "2025-06-12T14:05:00+07:00", "diambil": "2025-06-13", "kode": f"contoh-{i}",
                "judul": "ignored"} for i in range(3)]
    records[2]["terbit"] = "2025-06-12"
    path = write_jsonl(tmp_path / "crawl.jsonl", records)
    assert main(["import", str(path), "--quiet", "--text-field", "isi", "--outlet-field", "media",
                 "--url-field", "tautan", "--published-field", "terbit", "--retrieved-field", "diambil",
                 "--id-field", "kode", "--license", "Hak cipta penerbit."]) == 0
    entries = new_entries(in_repo)
    assert [e["id"] for e in entries] == ["contoh-0", "contoh-1", "contoh-2"]
    first = entries[0]
    assert first["outlet"] == "Contoh Pos" and first["url"] == "https://contoh.example/0"
    assert first["published"] == "2025-06-12T14:05:00+07:00" and first["retrieved"] == "2025-06-13"
    assert first["license"] == "Hak cipta penerbit." and entries[2]["published"] == "2025-06-12"
    assert "judul" not in first
    for entry, record in zip(entries, records, strict=True):
        assert read_raw_bytes(in_repo, entry) == record["isi"].encode("utf-8")


def test_jsonl_outlet_option_is_the_default(in_repo: Layout, tmp_path) -> None:
    path = write_jsonl(tmp_path / "a.jsonl", [{"text": article(0)}, {"text": article(1), "outlet": "Lain"}])
    assert main(["import", str(path), "--outlet", "Bawaan", "--quiet"]) == 0
    assert [e["outlet"] for e in new_entries(in_repo)] == ["Bawaan", "Lain"]
    assert all("published" not in e for e in new_entries(in_repo))


def test_parquet_read_in_batches(in_repo: Layout, tmp_path, monkeypatch, capsys) -> None:
    monkeypatch.setattr(sources, "BATCH_ROWS", 2)
    texts = [article(i) for i in range(5)]
    texts[3] = "Judul\r\nIsi.\r\n"
    path = tmp_path / "crawl.parquet"
    pq.write_table(pa.table({"text": texts, "outlet": ["Contoh"] * 5, "url": [None] * 5,
                             "published": pa.array([None] * 5, pa.string())}), path, row_group_size=2)
    assert main(["import", str(path), "--quiet"]) == 1
    err = capsys.readouterr().err
    assert f"error: {path}: row 3: text line 1: CRLF (Windows) line ends" in err
    assert main(["import", str(path), "--quiet", "--skip-bad"]) == 0
    entries = new_entries(in_repo)
    assert [read_raw_bytes(in_repo, e).decode() for e in entries] == [t for i, t in enumerate(texts) if i != 3]


def test_parquet_binary_text_and_typed_dates(in_repo: Layout, tmp_path) -> None:
    import datetime as dt

    path = tmp_path / "typed.parquet"
    when = dt.datetime(2025, 6, 12, 14, 5, tzinfo=dt.timezone(dt.timedelta(hours=7)))
    pq.write_table(pa.table({"text": pa.array([article(0).encode()], pa.binary()), "outlet": ["Contoh"],
                             "published": pa.array([when], pa.timestamp("s", tz="+07:00")),
                             "retrieved": pa.array([dt.date(2025, 6, 13)], pa.date32())}), path)
    assert main(["import", str(path), "--quiet"]) == 0
    (entry,) = new_entries(in_repo)
    assert entry["published"] == "2025-06-12T14:05:00+07:00" and entry["retrieved"] == "2025-06-13"
    assert read_raw_bytes(in_repo, entry) == article(0).encode()


def test_parquet_without_the_text_column(in_repo: Layout, tmp_path, capsys) -> None:
    path = tmp_path / "x.parquet"
    pq.write_table(pa.table({"body": ["x"]}), path)
    assert main(["import", str(path)]) == 1
    err = capsys.readouterr().err
    assert "no column 'text' holding the articles' text (columns: body)" in err and "--text-field" in err


def test_a_dataset_saved_to_disk(in_repo: Layout, tmp_path) -> None:
    import datasets

    texts = [article(i) for i in range(4)]
    folder = tmp_path / "ds"
    datasets.Dataset.from_dict({"content": texts, "outlet": ["Contoh"] * 4}).save_to_disk(str(folder))
    assert main(["import", str(folder), "--text-field", "content", "--quiet"]) == 0
    assert [read_raw_bytes(in_repo, e).decode() for e in new_entries(in_repo)] == texts


def test_a_dataset_dict_saved_to_disk_names_split_and_row(in_repo: Layout, tmp_path, capsys) -> None:
    import datasets

    folder = tmp_path / "dd"
    datasets.DatasetDict({
        "train": datasets.Dataset.from_dict({"text": [article(0), article(1)], "outlet": ["A", "A"]}),
        "test": datasets.Dataset.from_dict({"text": [article(2), "Isi\x00rusak\n"], "outlet": ["B", "B"]}),
    }).save_to_disk(str(folder))
    assert main(["import", str(folder), "--quiet"]) == 1
    assert f"error: {folder}: split test row 1: text line 1: file contains NUL bytes" in capsys.readouterr().err
    assert main(["import", str(folder), "--quiet", "--skip-bad"]) == 0
    assert [e["outlet"] for e in new_entries(in_repo)] == ["A", "A", "B"]


def test_an_unknown_kind_of_source(in_repo: Layout, tmp_path, capsys) -> None:
    path = tmp_path / "x.csv"
    path.write_text("text\nx\n")
    assert main(["import", str(path), "--outlet", "X"]) == 1
    assert "unknown kind of source (.csv)" in capsys.readouterr().err
    assert main(["import", str(tmp_path / "nope.jsonl")]) == 1
    assert "no such file or folder" in capsys.readouterr().err


# --- duplicates, refusals, all or nothing ----------------------------------------------------

def test_duplicates_are_skipped_and_counted(in_repo: Layout, tmp_path, capsys) -> None:
    seed = seed_bytes("101de1eb255d4fba").decode()
    path = write_jsonl(tmp_path / "a.jsonl", [{"text": article(0)}, {"text": seed}, {"text": article(0)},
                                              {"text": article(1)}])
    assert main(["import", str(path), "--outlet", "X", "--quiet"]) == 0
    assert "imported 2, duplicates 2, refused 0" in capsys.readouterr().out
    assert len(new_entries(in_repo)) == 2
    assert main(["import", str(path), "--outlet", "X", "--quiet"]) == 0  # again: all already registered
    assert capsys.readouterr().out.startswith("imported 0, duplicates 4, refused 0")
    assert len(new_entries(in_repo)) == 2


def test_a_taken_id_with_other_bytes_is_refused(in_repo: Layout, tmp_path, capsys) -> None:
    path = write_jsonl(tmp_path / "a.jsonl", [{"text": article(0), "id": "101de1eb255d4fba"},
                                              {"text": article(1), "id": "baru"}, {"text": article(2), "id": "baru"}])
    before = snapshot(in_repo.root)
    assert main(["import", str(path), "--outlet", "X", "--quiet"]) == 1
    err = capsys.readouterr().err
    assert f"{path}: line 1: document id '101de1eb255d4fba' is already registered with other bytes" in err
    assert f"{path}: line 3: document id 'baru' is already used in this import by other bytes ({path}: line 2)" in err
    assert snapshot(in_repo.root) == before


BAD_LINES = [
    ({"text": article(0), "outlet": "X"}, None),
    ('{"text": "Judul", ', "line 2: invalid JSON"),
    ({"text": "Judul\r\nIsi.\r\n", "outlet": "X"}, "line 3: text line 1: CRLF (Windows) line ends"),
    ({"text": article(1), "outlet": "X", "published": "kemarin"}, "line 4: published:"),
    ({"text": article(2), "outlet": "X", "id": "Berita 1"}, "line 5: invalid document id 'Berita 1'"),
    ({"judul": "x"}, "line 6: no field 'text'"),
    ({"text": article(3)}, "line 7: no outlet"),
    ({"text": 5, "outlet": "X"}, "line 8: field 'text' is int, not a string"),
    ("[1, 2]", "line 9: a line is one JSON object, not list"),
    ({"text": article(4), "outlet": "X", "url": "bukan alamat"}, "line 10: url:"),
    ({"text": "\ufeffJudul\nIsi.\n", "outlet": "X"}, "line 11: file starts with a UTF-8 byte-order mark"),
    ({"text": "Judul\nIsi\u0007.\n", "outlet": "X"}, "line 12: text line 2: control character U+0007"),
    ({"text": article(5), "outlet": "X", "retrieved": "2025-06-13T10:00:00Z"}, "line 13: retrieved:"),
]


def test_a_bad_line_refuses_the_whole_import(in_repo: Layout, tmp_path, capsys) -> None:
    path = write_jsonl(tmp_path / "crawl.jsonl", [r for r, _ in BAD_LINES])
    before = snapshot(in_repo.root)
    assert main(["import", str(path), "--quiet"]) == 1
    captured = capsys.readouterr()
    errors = captured.err.splitlines()
    for _, expected in BAD_LINES[1:]:
        assert any(line.startswith(f"error: {path}: {expected}") for line in errors), (expected, captured.err)
    assert all(line.startswith("error: ") for line in errors) and "Traceback" not in captured.err
    assert captured.out.startswith("imported 0, duplicates 0, refused 12 (all-or-nothing: nothing written; "
                                   "1 good record(s) held back")
    assert snapshot(in_repo.root) == before
    assert "published:" in captured.err and "ISO 8601" in captured.err


def test_skip_bad_registers_the_good_records(in_repo: Layout, tmp_path, capsys) -> None:
    path = write_jsonl(tmp_path / "crawl.jsonl", [r for r, _ in BAD_LINES])
    assert main(["import", str(path), "--quiet", "--skip-bad"]) == 0
    captured = capsys.readouterr()
    assert "imported 1, duplicates 0, refused 12 (--skip-bad: refused left out); raw pack: " in captured.out
    assert f"warning: {path}: line 2: invalid JSON" in captured.err
    assert "warning: 12 record(s) refused and left out (--skip-bad)" in captured.err
    (entry,) = new_entries(in_repo)
    assert read_raw_bytes(in_repo, entry) == article(0).encode()


def test_many_problems_are_cut_short_and_listed_in_full(in_repo: Layout, tmp_path, capsys) -> None:
    path = write_jsonl(tmp_path / "crawl.jsonl", ["{oops"] * 25)
    listing = tmp_path / "problems.txt"
    assert main(["import", str(path), "--quiet", "--problems-file", str(listing)]) == 1
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 21 and err[-1] == f"error: and 5 more problems; all 25 are listed in {listing}"
    lines = listing.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 25 and lines[24].startswith(f"{path}: line 25: invalid JSON")


def test_a_refused_txt_file_is_named_with_its_line(in_repo: Layout, tmp_path, capsys) -> None:
    folder = tmp_path / "pages"
    folder.mkdir()
    (folder / "a.txt").write_text(article(0))
    (folder / "b.txt").write_bytes(article(1).encode() + b"Harga naik 5\xff persen.\n")
    assert main(["import", str(folder), "--outlet", "X", "--quiet"]) == 1
    lines = article(1).count("\n") + 1
    assert f"error: {folder / 'b.txt'}: line {lines}: not valid UTF-8: byte 0xff" in capsys.readouterr().err


# --- writes: order, crash safety, the stray pack ---------------------------------------------

def test_an_interrupt_before_the_registry_leaves_no_pack(in_repo: Layout, tmp_path, monkeypatch, capsys) -> None:
    """Packs and registry move into place in one transaction: interrupted before it, nothing is there."""
    registry_before = in_repo.registry.read_bytes()
    path = write_jsonl(tmp_path / "a.jsonl", [{"text": article(i), "outlet": "X"} for i in range(3)])

    def crash(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(importer, "_write_registry", crash)
    assert main(["import", str(path), "--quiet"]) == 130
    assert in_repo.registry.read_bytes() == registry_before
    assert rawstore.pack_files(in_repo) == []
    assert not [p for p in in_repo.root.rglob(".*tmp-*")] and not list(in_repo.tmp_dir.iterdir())
    monkeypatch.undo()
    monkeypatch.setenv("WARTA_ROOT", str(in_repo.root))
    assert main(["import", str(path), "--quiet"]) == 0
    (pack,) = rawstore.pack_files(in_repo)
    assert {e["raw_file"] for e in new_entries(in_repo)} == {pack.name}


def test_the_registry_is_appended_in_canonical_lines(in_repo: Layout, tmp_path) -> None:
    before = in_repo.registry.read_text(encoding="utf-8")
    path = write_jsonl(tmp_path / "a.jsonl", [{"text": article(i), "outlet": "X"} for i in range(2)])
    assert main(["import", str(path), "--quiet"]) == 0
    after = in_repo.registry.read_text(encoding="utf-8")
    assert after.startswith(before) and after.endswith("\n")
    from warta.intake.registry import registry_line

    for line in after[len(before):].splitlines():
        assert registry_line(json.loads(line)) == line
    assert not [p for p in in_repo.root.rglob(".*tmp-*")]


# --- packs ----------------------------------------------------------------------------------

def _import(layout: Layout, tmp_path: Path, count: int, name: str = "a.jsonl") -> list[dict]:
    path = write_jsonl(tmp_path / name, [{"text": article(i), "outlet": "X"} for i in range(count)])
    assert main(["import", str(path), "--quiet"]) == 0
    return new_entries(layout)


def test_a_pack_holds_the_bytes_verbatim_sorted_and_content_addressed(in_repo: Layout, tmp_path,
                                                                      monkeypatch) -> None:
    monkeypatch.setattr(rawstore, "PACK_ROW_GROUP", 4)
    entries = _import(in_repo, tmp_path, 10)
    (pack,) = rawstore.pack_files(in_repo)
    pf = pq.ParquetFile(pack)
    assert pf.schema_arrow.names == ["bucket", "id", "sha256", "raw"]
    assert str(pf.schema_arrow.field("bucket").type) == "uint32"
    assert [pf.metadata.row_group(g).num_rows for g in range(pf.num_row_groups)] == [4, 4, 2]
    column = pf.metadata.row_group(0).column(0)
    assert column.compression == "ZSTD" and column.statistics.has_min_max
    rows = pf.read().to_pylist()
    assert [(r["bucket"], r["id"]) for r in rows] == sorted((bucket(e["id"]), e["id"]) for e in entries)
    by_id = {e["id"]: e for e in entries}
    for row in rows:
        assert row["bucket"] == bucket(row["id"]) and row["sha256"] == by_id[row["id"]]["sha256"]
        assert row["raw"] == article(int(row["raw"].decode().rsplit("nomor ", 1)[1].split()[0])).encode()
    assert pack.name == pack_name(e["sha256"] for e in entries)
    assert verify_pack(pack) == []


def test_the_same_articles_give_the_same_pack_bytes(tmp_path, monkeypatch) -> None:
    from conftest import copy_repo

    made = []
    for name in ("one", "two"):
        layout = copy_repo(tmp_path / name)
        monkeypatch.setenv("WARTA_ROOT", str(layout.root))
        records = [{"text": article(i), "outlet": "X"} for i in range(6)]
        if name == "two":
            records.reverse()  # another order in, the same pack out
        path = write_jsonl(tmp_path / f"{name}.jsonl", records)
        assert main(["import", str(path), "--quiet"]) == 0
        (pack,) = rawstore.pack_files(layout)
        made.append((pack.name, pack.read_bytes()))
    assert made[0] == made[1]


def test_packs_are_capped(in_repo: Layout, tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(rawstore, "PACK_MAX_ROWS", 4)
    entries = _import(in_repo, tmp_path, 10)
    packs = rawstore.pack_files(in_repo)
    assert len(packs) == 3 and {e["raw_file"] for e in entries} == {p.name for p in packs}
    assert all(verify_pack(p) == [] for p in packs)
    for entry in entries:
        assert sha(read_raw_bytes(in_repo, entry)) == entry["sha256"]


def test_verify_pack_catches_a_flipped_byte(in_repo: Layout, tmp_path) -> None:
    _import(in_repo, tmp_path, 5)
    (pack,) = rawstore.pack_files(in_repo)
    data = bytearray(pack.read_bytes())
    data[len(data) // 2] ^= 0x20
    pack.write_bytes(bytes(data))
    problems = verify_pack(pack, shown="dataset/raw/" + pack.name)
    assert problems and all(p.file == "dataset/raw/" + pack.name for p in problems)


def test_verify_pack_names_each_kind_of_damage(tmp_path) -> None:
    data = {"a": b"satu\n", "b": b"dua\n"}
    rows = [(bucket(k), k, sha(v)) for k, v in data.items()]
    good = write_pack(tmp_path, rows, data.__getitem__)
    assert verify_pack(good) == []
    lied = write_pack(tmp_path / "lied", rows, lambda k: data[k] + b"!")  # bytes that do not match their sha256
    assert any("its bytes hash to" in p.message for p in verify_pack(lied))
    renamed = good.with_name("pack-0123456789abcdef.parquet")
    good.rename(renamed)
    assert any("name does not match its content" in p.message for p in verify_pack(renamed))
    name = pack_name(s for _, _, s in rows)

    def damaged(folder: str, order: list[tuple[int, str, str]], shift: int = 0) -> Path:
        table = pa.table([pa.array([b + shift for b, _, _ in order], pa.uint32()), [k for _, k, _ in order],
                          [s for _, _, s in order], pa.array([data[k] for _, k, _ in order], pa.binary())],
                         schema=rawstore.pack_schema())
        (tmp_path / folder).mkdir()
        pq.write_table(table, tmp_path / folder / name)
        return tmp_path / folder / name

    assert verify_pack(damaged("sorted", sorted(rows))) == []
    assert ["rows are not sorted by (bucket, id) without repeats"] == [
        p.message for p in verify_pack(damaged("unsorted", sorted(rows)[::-1]))]
    assert all("is not bucket(id)" in p.message for p in verify_pack(damaged("shifted", sorted(rows), 1)))
    other = tmp_path / "other.parquet"
    pq.write_table(pa.table({"id": ["a"]}), other)
    assert any("raw pack has the columns id: string" in p.message for p in verify_pack(other))


def test_iter_shard_raw_gives_exactly_each_shards_entries(in_repo: Layout, tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(rawstore, "PACK_MAX_ROWS", 15)
    _import(in_repo, tmp_path, 40)
    entries = [s.entry for s in load_registry(in_repo)]  # the seeds (.txt files) and 40 packed articles
    seen = []
    for shard in range(4):
        got = list(iter_shard_raw(in_repo, entries, shard, 4))
        assert [e["id"] for e, _ in got] == [e["id"] for e in entries if shard_of(e["id"], 4) == shard]
        for entry, data in got:
            assert isinstance(data, bytes) and sha(data) == entry["sha256"]
        seen += [e["id"] for e, _ in got]
    assert sorted(seen) == sorted(e["id"] for e in entries)
    assert list(iter_shard_raw(in_repo, entries, 0, 1)) == [(e, read_raw_bytes(in_repo, e)) for e in entries]


def test_iter_shard_raw_yields_problems_in_place(in_repo: Layout, tmp_path) -> None:
    entries = _import(in_repo, tmp_path, 3)
    ghost = {**entries[0], "id": "hantu", "sha256": "0" * 64}
    missing = {**entries[1], "raw_file": "pack-ffffffffffffffff.parquet"}
    gone = {**seed_entry("eb89c155b02eb356"), "raw_file": "999_gone.txt"}
    got = dict((e["id"], d) for e, d in iter_shard_raw(in_repo, [ghost, missing, gone, entries[2]], 0, 1))
    assert isinstance(got["hantu"], WartaError) and "is not in raw pack" in got["hantu"].message
    assert isinstance(got[missing["id"]], WartaError) and got[missing["id"]].message == "raw pack is missing"
    assert isinstance(got[gone["id"]], WartaError) and got[gone["id"]].message == "raw file is missing"
    assert got[entries[2]["id"]] == read_raw_bytes(in_repo, entries[2])
    with pytest.raises(WartaError, match="is not in raw pack"):
        read_raw_bytes(in_repo, ghost, where="line 9")


def test_the_seeds_are_still_read_as_text_files(repo: Layout) -> None:
    for doc_id, name in SEEDS.items():
        entry = seed_entry(doc_id)
        assert entry["raw_file"] == name and not rawstore.is_pack(name)
        assert read_raw_bytes(repo, entry) == seed_bytes(doc_id)


def test_a_corrupt_pack_is_reported_by_validate_and_verify(in_repo: Layout, tmp_path, capsys) -> None:
    entries = _import(in_repo, tmp_path, 2)
    (pack,) = rawstore.pack_files(in_repo)
    pack.write_bytes(b"PAR1 not really")
    with pytest.raises(WartaError, match="raw pack is not a readable Parquet file"):
        read_raw_bytes(in_repo, entries[0])
    capsys.readouterr()
    assert main(["verify"]) == 1
    assert f"error: dataset/raw/{pack.name}: raw pack is not a readable Parquet file" in capsys.readouterr().err


def test_row_group_default() -> None:
    assert PACK_ROW_GROUP == 1_000
