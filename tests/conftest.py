"""Shared fixtures: the repository, and disposable copies of it for commands that write."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from warta.layout import Layout

ROOT = Path(__file__).resolve().parents[1]
# A short invented report (invented outlet and people) for commands that need a new article.
NEW_ARTICLE = (
    "Gempa Magnitudo 5,1 Guncang Pesisir Selatan Pulau Contoh\n"
    "Oleh: Rina Kartika\n"
    "Kamis, 12 Juni 2025 | 14:05 WIB\n"
    "PADANG, KabarContoh.com – Gempa bermagnitudo 5,1 mengguncang pesisir selatan pada Kamis "
    "siang, menurut keterangan badan meteorologi setempat.\n"
    "Warga sempat berhamburan keluar rumah, namun tidak ada laporan kerusakan berat.\n"
    "Baca juga: Cuaca Ekstrem Diprediksi Melanda Sepekan ke Depan\n"
)
SEEDS = {
    "eb89c155b02eb356": "000_eb89c155b02eb356.txt",  # VIVA
    "101de1eb255d4fba": "002_101de1eb255d4fba.txt",  # LBJ
}


@pytest.fixture(scope="session")
def repo() -> Layout:
    return Layout(ROOT)


def copy_repo(target: Path) -> Layout:
    """A working copy with what a build reads and writes (raw, registry, annotations, docs)."""
    for part in ("dataset/raw", "dataset/annotations", "dataset/data"):
        if (ROOT / part).exists():
            shutil.copytree(ROOT / part, target / part)
    shutil.copy2(ROOT / "dataset/sources.jsonl", target / "dataset/sources.jsonl")
    for name in ("README.md", "DATASHEET.md"):
        if (ROOT / name).exists():
            shutil.copy2(ROOT / name, target / name)
    return Layout(target)


@pytest.fixture
def workcopy(tmp_path: Path) -> Layout:
    return copy_repo(tmp_path / "repo")


@pytest.fixture
def in_repo(workcopy: Layout, monkeypatch) -> Layout:
    """A working copy that the CLI finds (``$WARTA_ROOT``), for tests that run commands."""
    monkeypatch.setenv("WARTA_ROOT", str(workcopy.root))
    return workcopy


def seed_bytes(doc_id: str) -> bytes:
    return (ROOT / "dataset/raw" / SEEDS[doc_id]).read_bytes()


def seed_entry(doc_id: str) -> dict:
    import json

    for line in (ROOT / "dataset/sources.jsonl").read_text(encoding="utf-8").splitlines():
        entry = json.loads(line)
        if entry["id"] == doc_id:
            return entry
    raise KeyError(doc_id)
