"""A synthetic corpus of unique, realistic articles, made offline from the invented fixtures.

Each article is one of the invented fixture pages (tests/fixtures/articles/) with one
invented sentence, unique to it, added to the end of its longest paragraph, so the page
keeps its shape (furniture, captions, credits) and every article has its own sha256. The
outlet is the fixture's; ids and sentences follow the article's number, so the same
``count`` gives the same corpus on every machine.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "articles"
OUTLETS = {"01": "KabarNusa.com", "02": "Berita Brantas", "03": "Warta Pagi", "04": "SuaraKita.id",
           "05": "CakrawalaDunia.id", "06": "Warta Kepulauan", "07": "Harian Timur", "08": "SumateraSatu.com"}
_PLACES = ("kelurahan", "kecamatan", "posko", "pasar", "sekolah", "puskesmas", "dermaga", "terminal")
_THINGS = ("laporan warga", "karung bantuan", "relawan", "kendaraan", "keluhan", "paket logistik")


def _bases() -> list[tuple[str, list[str], int]]:
    bases = []
    for path in sorted(FIXTURES.glob("[0-9][0-9]_*.txt")):
        if path.name[:2] not in OUTLETS:  # the corpus is made of the first eight pages only, as
            continue                      # measured in the README (09-34 came later)
        lines = path.read_text(encoding="utf-8").split("\n")
        longest = max(range(len(lines)), key=lambda i: len(lines[i]))
        bases.append((path.name[:2], lines, longest))
    return bases


def sentence(number: int) -> str:
    """An invented sentence that no other article of the corpus has."""
    place = _PLACES[number % len(_PLACES)]
    thing = _THINGS[(number // len(_PLACES)) % len(_THINGS)]
    return (f"Petugas {place} nomor {number % 97 + 1} mencatat {number} {thing} hingga sore, "
            f"menurut catatan harian ke-{number // 97 + 1}.")


def articles(count: int, start: int = 0) -> Iterator[dict]:
    """``count`` articles numbered from ``start``, as JSON Lines records for ``warta import``."""
    bases = _bases()
    for number in range(start, start + count):
        key, lines, longest = bases[number % len(bases)]
        page = list(lines)
        page[longest] = f"{page[longest]} {sentence(number)}"
        yield {"id": f"syn-{number:07d}", "text": "\n".join(page), "outlet": OUTLETS[key]}


def write_jsonl(path: Path, count: int, start: int = 0) -> Path:
    with path.open("w", encoding="utf-8") as out:
        for record in articles(count, start):
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path
