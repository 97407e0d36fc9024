"""Curation work grows linearly with the article, whatever the article repeats.

Time is a poor witness on a shared machine, so these tests count work instead: the number
of Python lines the curation modules execute (``sys.settrace``) for one document. Doubling
a document doubles that count when every step is linear; a step that compares each match
with every earlier one (the gazetteer's overlap check once did, and 'AFP ' * 25,000 took
35 s) quadruples it. Documents are built from long repetitive lines and from many short
lines of every gazetteer alias and a sample of every split and zoning rule.
"""

from __future__ import annotations

import re
import sys
import tomllib
from collections.abc import Callable
from pathlib import Path
from types import FrameType

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import warta.curation.curate as curate_module
from warta.curation.curate import curate
from warta.curation.guards import Needles, folded, guarded, last_class, needles
from warta.curation.metadata import GAZETTEER_FILE
from warta.curation.rules import load_rules
from warta.settings import Limits

CURATION_DIR = str(Path(curate_module.__file__).parent)
ENTRY = {"id": "speed", "outlet": "X", "raw_file": "speed.txt"}
LIMITS = Limits(max_raw_bytes=50_000_000, max_line_chars=5_000_000, max_segments=5_000_000)
BODY = "Warga kota itu berkumpul di balai desa sejak pagi untuk mendengar keterangan petugas."
LINEAR = 2.5  # doubling the input may at most multiply the work by this (quadratic: about 4)

# One sample per split and rule of data/zoning.toml, as lines a page would print. Contextual
# rules get their neighbour; the table and this list must name the same rules.
SAMPLES: dict[str, str] = {
    "pipe-fields": "Kamis, 12 Juni 2025 | 14:05 WIB",
    "lead-prefix": "JAKARTA, Contoh.com – Banjir merendam ratusan rumah warga di tepi kali sejak pagi tadi.",
    "end-mark": "Petugas masih berjaga di lokasi hingga malam hari.***",
    "editor-initials": "Petugas masih berjaga di lokasi hingga malam hari. (ant/ida)",
    "caption-photo-credit": "Warga menyusuri genangan air di jalan. (Foto: Contoh/Andi)",
    "pagination": "Halaman 2",
    "pagination-next": "Selanjutnya »",
    "pagination-numbers": "1 2 3 Selanjutnya",
    "read-more": "Baca Selengkapnya",
    "related-label": "Baca juga: Harga Cabai Naik Jelang Lebaran",
    "related-prefix": "Tonton: Video Banjir di Cipinang",
    "source-line": "Sumber: Antara",
    "source-republished": "Artikel ini telah tayang di Kompas.com dengan judul lain",
    "byline": "Oleh Rina Kartika",
    "photo-label-empty": "Foto:",
    "photo-credit": "Foto: ANTARA/Budi",
    "editor-credit": "Editor: Dewi",
    "editor-initials-line": "(ant/ida)",
    "channel-call": "Ikuti kami di Google News",
    "click-here": "Info lengkap klik di sini",
    "scroll": "Scroll untuk lanjut membaca",
    "advertisement": "ADVERTISEMENT",
    "update-call": "Dapatkan update berita pilihan setiap hari",
    "legal-notice": "Copyright © 2025 Contoh.com",
    "breadcrumb": "Home > Nasional > Peristiwa",
    "tags": "Tags: gempa, bmkg",
    "reading-time": "Waktu baca 3 menit",
    "share": "Bagikan",
    "section-label": "NASIONAL",
    "dateline": "Kamis, 12 Juni 2025",
    "time-only": "14:05 WIB",
    "image-file": "foto-banjir.jpg",
    "symbols": "***",
    "markup": "[embed]",
    "illustration": "Ilustrasi banjir di kota",
    "labelled-caption": "Lokasi Banjir: warga mengungsi",
    "caption-above-credit": "Warga menyusuri genangan air\nFoto: ANTARA/Budi",
    "credit-continued": "Foto:\n- Reuters/Ahmad",
    "caption-below-image": "foto-banjir.jpg\nWarga mengungsi ke masjid terdekat",
    "role-fields": "Penulis : Rina Kartika Editor : Dewi Lestari",
    "byline-date": "Rina Kartika , Jurnalis-Senin, 28 April 2025 |17:18 WIB",
    "logo-text": "contoh news logo CONTOHSumsel. Pemerintah kota membongkar reklame tak berizin di jalan utama.",
    "lead-prefix-glued": "CONTOHPOS.ID.Tegal,Senin 28 April 2025.Ratusan nelayan memilih tidak melaut dalam sepekan.",
    "lead-prefix-caps": "HARIAN CONTOH – Sebanyak 23 desa mengalami krisis air bersih. Sebagian warga membeli air.",
    "caption-glued-credit": "Petugas membongkar papan reklame di kawasan Jalan Jenderal Sudirman/CONTOHSumsel",
    "read-call": "Baca berita dengan sedikit iklan, klik di sini",
    "opinion-disclaimer": "Tulisan ini merupakan pendapat pribadi penulis dan tidak mencerminkan sikap redaksi.",
    "list-heading": "TERBARU",
    "related-label-bare": "Baca juga:",
    "pagination-label": "Halaman:",
    "read-next-page": "Bagaimana kondisinya? Baca halaman selanjutnya.",
    "byline-outlet-reporter": "Laporan Wartawan Contoh, Rina Kartika",
    "byline-colon": "Penulis: rina kartika",
    "byline-name-outlet": "Rina Kartika - contohNews",
    "byline-name-role": "Rina Kartika , Jurnalis",
    "byline-desk": "Redaksi Contoh",
    "role-label-author": "Oleh :",
    "role-label-editor": "Editor",
    "slash-credit": "Contoh/Andi Saputra",
    "staff-credit": "Infografis: Andi",
    "menu-pipes": "BERANDA | DAERAH | EKONOMI",
    "tag-heading": "Tag",
    "photo-button": "Lihat Foto",
    "browse-more": "Telusuri berita lainnya",
    "comment-form": "Tinggalkan Balasan",
    "video-call": "Kamu Sudah Menonton Video Terbaru Berikut ini?",
    "lead-prefix-line": "Surabaya -",
    "duration": "01:54",
    "zoom-text": "zoom-in Judul Berita Hari Ini",
    "ui-message": "url telah tercopy",
    "font-size": "A",
    "follow-us": "Ikuti kami di",
    "here-call": "Simak kisah para abdi negara di sini",
    "channel-name": "Baca WhatsApp Contoh",
    "name-in-parentheses": "(Ratna Juwita)",
    "promo-continued": "Dapatkan Berita Pilihan\ndi WhatsApp Anda",
    "promo-title": "Anugerah Contoh 2025\nSimak kisah para abdi negara di sini",
    "caption-below-photo-button": "Lihat Foto\nPetugas memeriksa gerbong kereta yang anjlok di stasiun.",
    "name-above-editor-label": "Hendra Kurniawan\nEditor",
    "name-above-author-label": "Dimas Ardiansyah\nPenulis",
    "name-below-author-label": "Oleh :\nFarida Azzahra,",
    "share-item": "Bagikan\nFacebook",
    "tag-item": "Tag\n#banjir rob",
    "page-number": "Halaman:\n2",
    "list-rank": "Populer\n1",
    "list-item": "TERBARU\nHarga Cabai Rawit di Pasar Turun Tajam Hari Ini",
    # page-head rules (head = true) act between the headline and the first paragraph only:
    # their samples are printed there, in this order (see _document)
    "head-name": "Rina Kartika",
    "head-job-title": "Dosen Ilmu Komunikasi Universitas Contoh",
    "caption-title": "Banjir di Kota Contoh\nWarga menyusuri genangan air di jalan. (Foto: Contoh/Andi)",
}
HEAD_RULES = ("head-name", "head-job-title", "caption-title")


def _aliases() -> list[str]:
    data = tomllib.loads(GAZETTEER_FILE.read_text(encoding="utf-8"))
    return [alias for entry in data["source"] for alias in entry["aliases"]]


def work(raw: bytes) -> int:
    """Python lines executed in the curation modules while curating ``raw``."""
    count = 0

    def local(frame: FrameType, event: str, arg: object) -> Callable | None:
        nonlocal count
        if event == "line":
            count += 1
        return local

    def calls(frame: FrameType, event: str, arg: object) -> Callable | None:
        return local if frame.f_code.co_filename.startswith(CURATION_DIR) else None

    curate(raw, ENTRY, limits=LIMITS)  # tables loaded and cached before counting
    previous = sys.gettrace()
    sys.settrace(calls)
    try:
        curate(raw, ENTRY, limits=LIMITS)
    finally:
        sys.settrace(previous)
    return count


def _document(lines: list[str], head: tuple[str, ...] = ()) -> bytes:
    return "\n".join(["Judul Berita Hari Ini di Kota Contoh", *head, BODY, *lines, BODY]).encode()


def alias_lines(n: int) -> bytes:
    """Each alias ``n`` times on a body line of its own, then all aliases mixed ``n`` times."""
    aliases = _aliases()
    return _document([" ".join([alias] * n) + "." for alias in aliases]
                     + [" ".join(aliases * n) + "."])


def hyphen_and_comma_lines(n: int) -> bytes:
    """Aliases glued by hyphens (never a mention) and place names with commas, ``n`` times."""
    return _document(["-".join(_aliases() * n) + ".", "Jakarta, " * n + "kata dia.",
                      "AFP " * n + "AFP."])


def long_sample_lines(n: int) -> bytes:
    """Each rule's sample repeated ``n`` times on one line."""
    return _document([" ".join([sample.replace("\n", " ")] * n) for sample in SAMPLES.values()])


def short_sample_lines(n: int) -> bytes:
    """Every rule's sample, as many short lines, ``n`` times over (page-head samples once, in the head)."""
    return _document([BODY, *(s for name, s in SAMPLES.items() if name not in HEAD_RULES)] * n,
                     head=tuple(SAMPLES[name] for name in HEAD_RULES))


DOCUMENTS = [alias_lines, hyphen_and_comma_lines, long_sample_lines, short_sample_lines]


def test_every_rule_has_a_sample() -> None:
    rules = load_rules()
    assert sorted(SAMPLES) == sorted([s.name for s in rules.splits] + [r.name for r in rules.rules])
    record = curate(short_sample_lines(1), ENTRY, limits=LIMITS)
    shown = {s["rule"] for s in record["segments"]}
    texts = {s["text"] for s in record["segments"]}
    for split in rules.splits:  # a separator names no segment: its sample must be cut instead
        if split.kind == "separator" and SAMPLES[split.name] not in texts:
            shown.add(split.name)
        if split.group and split.name not in shown:  # one split of a group cuts per page: a page each
            alone = curate(_document([SAMPLES[split.name]]), ENTRY, limits=LIMITS)
            shown |= {s["rule"] for s in alone["segments"]} & {split.name}
    assert set(SAMPLES) <= shown, "a sample no longer shows its rule"


@pytest.mark.parametrize("build", DOCUMENTS, ids=[d.__name__ for d in DOCUMENTS])
def test_work_grows_linearly(build: Callable[[int], bytes]) -> None:
    small, large = work(build(150)), work(build(300))
    assert large < LINEAR * small, f"doubling the input multiplied the work by {large / small:.2f}"



# Guards (guards.py) put the possible first characters of a searched pattern in front of
# it. They must never hide a match: guarded and unguarded patterns are compared on real
# segments and on generated strings made of the characters the patterns name.
TRAPS = "ſKıİ \t\n\u00a0\u3000.!?()/*#@:|-"  # case-folding look-alikes, spaces, punctuation


def _searched_pairs() -> list[tuple[str, re.Pattern, re.Pattern]]:
    """(name, as written, as the table compiles it) for every searched pattern that got a guard."""
    pairs = []
    rules = load_rules()
    for split in rules.splits:
        for attr in ("pattern", "require", "rest_require"):
            compiled = getattr(split, attr)
            if compiled is not None:
                pairs.append((f"{split.name}.{attr}", compiled))
    pairs += [(rule.name, rule.pattern) for rule in rules.rules if rule.search]
    out = []
    for name, compiled in pairs:
        head = _LEADING.match(compiled.pattern)
        unguarded = _LEADING_GUARD.sub(lambda m: m.group(1) or "", compiled.pattern, count=1)
        if unguarded != compiled.pattern:
            out.append((name, re.compile(unguarded), compiled))
        assert head is not None or compiled.pattern == unguarded
    return out


_LEADING = re.compile(r"^(\(\?[aiLmsux]+\))?")
_LEADING_GUARD = re.compile(r"^(\(\?[aiLmsux]+\))?\(\?=(?:\(\?i:)?\[(?:\\.|[^\]\\])*\]\)?\)")


def _same(a: re.Pattern, b: re.Pattern, text: str) -> bool:
    ma, mb = a.search(text), b.search(text)
    return (ma and (ma.span(), ma.groupdict())) == (mb and (mb.span(), mb.groupdict()))


def test_the_guarded_patterns_are_the_costly_ones() -> None:
    names = {name for name, _, _ in _searched_pairs()}
    assert {"legal-notice", "channel-call", "end-mark.pattern", "caption-photo-credit.pattern"} <= names


def test_guards_hide_no_match_in_real_segments() -> None:
    texts = [line for path in sorted(Path(__file__).parent.glob("fixtures/articles/*.txt"))
             for line in path.read_text(encoding="utf-8").splitlines()]
    texts += [line for sample in SAMPLES.values() for line in sample.splitlines()]
    for name, unguarded, compiled in _searched_pairs():
        for text in texts:
            assert _same(unguarded, compiled, text), (name, text)


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_guards_hide_no_match_in_generated_strings(data: st.DataObject) -> None:
    for name, unguarded, compiled in _searched_pairs():
        alphabet = st.sampled_from(sorted(set(unguarded.pattern) | set(TRAPS)))
        text = data.draw(st.text(alphabet, max_size=30), label=name)
        assert _same(unguarded, compiled, text), (name, text)


@pytest.mark.parametrize("pattern, guard", [
    (r"\s*(?:\*{3,}|#{3,})", r"(?=[\s\*\#])"),
    (r"(?i)\b(?:join|ikuti)\b", r"(?=[ji])"),
    (r"(?x) \s* (?: / \s* (?i:foto) | (?<=[.!?]) \s* (?i:photo) )", r"(?=(?i:[\s/p]))"),
])
def test_guard_lists_the_first_characters(pattern: str, guard: str) -> None:
    compiled = guarded(re.compile(pattern))
    head = _LEADING.match(pattern).group(0)
    assert compiled.pattern == head + guard + pattern[len(head):]


@pytest.mark.parametrize("pattern", [
    r"\s*\(",  # a failing position costs no more than a guard would
    r"Copyright|Hak",  # the engine already skips to 'C' or 'H'
    r"(?:a|b)?",  # can match the empty string anywhere
    r"(?:a|[^b])c",  # a negated class: almost any character
    r"(?:a|(?a:\w))",  # \w under ASCII is not the \w of the rest
    r"()\1|x",  # a backreference first: unknown
])
def test_guard_left_out(pattern: str) -> None:
    compiled = re.compile(pattern)
    assert guarded(compiled) is compiled


# Needles (guards.needles) and last characters (guards.last_class) rule patterns out before
# they run: a needle is in every match, a match of a pinned suffix or a fullmatch ends with
# a character of the last class. Neither may ever rule out a text the pattern matches.
def _patterns_with_needles() -> list[tuple[str, re.Pattern, Needles]]:
    rules = load_rules()
    compiled = [(f"{s.name}.{attr}", getattr(s, attr)) for s in rules.splits
                for attr in ("pattern", "require", "rest_require") if getattr(s, attr) is not None]
    compiled += [(r.name, r.pattern) for r in rules.rules]
    return [(name, p, n) for name, p in compiled if (n := needles(p)) is not None]


def _ends_pinned() -> list[tuple[str, Callable[[str], re.Match | None], re.Pattern]]:
    """(name, the way the table matches it, its last class) for suffixes and fullmatch rules."""
    rules = load_rules()
    out = [(s.name, s.pattern.search, last_class(s.pattern)) for s in rules.splits if s.kind == "suffix"]
    out += [(r.name, r.pattern.fullmatch, last_class(r.pattern)) for r in rules.rules if not r.search]
    return [(name, find, last) for name, find, last in out if last is not None]


def _real_texts() -> list[str]:
    texts = [line.strip() for path in sorted(Path(__file__).parent.glob("fixtures/articles/*.txt"))
             for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    texts += [line for sample in SAMPLES.values() for line in sample.splitlines()]
    return [variant for text in texts for variant in (text, text.upper(), text.lower())]


def _needles_hold(pattern: re.Pattern, need: Needles, text: str) -> bool:
    matched = pattern.search(text) or pattern.match(text) or pattern.fullmatch(text)
    return not matched or (need.may_match(text) and need.may_match(text, folded(text)))


def test_the_costly_patterns_have_needles_and_last_classes() -> None:
    names = {name for name, _, _ in _patterns_with_needles()}
    assert {"legal-notice", "channel-call", "caption-photo-credit.pattern", "pipe-fields.pattern",
            "breadcrumb", "menu-pipes"} <= names
    assert {"end-mark", "editor-initials", "caption-glued-credit"} <= {name for name, _, _ in _ends_pinned()}


def test_needles_and_last_classes_hide_no_match_in_real_segments() -> None:
    texts = _real_texts()
    for name, pattern, need in _patterns_with_needles():
        for text in texts:
            assert _needles_hold(pattern, need, text), (name, text)
    for name, find, last in _ends_pinned():
        for text in texts:
            assert not find(text) or last.match(text[-1:]), (name, text)


_NEEDLED = _patterns_with_needles()
_PINNED = _ends_pinned()


@settings(max_examples=1000, deadline=None)
@given(st.data())
def test_needles_and_last_classes_hide_no_match_in_generated_strings(data: st.DataObject) -> None:
    name, pattern, need = data.draw(st.sampled_from(_NEEDLED), label="pattern")
    alphabet = st.sampled_from(sorted(set(pattern.pattern) | set(TRAPS)))
    text = data.draw(st.text(alphabet, max_size=30), label="text")
    assert _needles_hold(pattern, need, text), (name, text)
    # real near-misses: a sample with generated noise around it, in any case
    sample = data.draw(st.sampled_from(list(SAMPLES.values())), label="sample")
    case = data.draw(st.sampled_from([str, str.upper, str.lower, str.title]), label="case")
    noisy = data.draw(st.text(alphabet, max_size=3)) + case(sample) + data.draw(st.text(alphabet, max_size=3))
    assert _needles_hold(pattern, need, noisy), (name, noisy)
    name, find, last = data.draw(st.sampled_from(_PINNED), label="pinned")
    for line in noisy.splitlines():
        assert not find(line) or last.match(line[-1:]), (name, line)


def test_lowering_keeps_every_case_insensitive_match() -> None:
    """Wherever a non-ASCII character matches an ASCII letter case-insensitively (Kelvin sign,
    long s, dotted and dotless i), the lowered text is not used; elsewhere lowering keeps
    every letter the pattern can match."""
    others = "".join(chr(c) for c in range(0x80, 0x110000) if not 0xD800 <= c < 0xE000)
    twins = re.findall(r"(?i)[a-z]", others)
    assert twins and all(folded(f"ab{c}cd") is None for c in twins)
    assert folded("Foto: ANTARA") == "foto: antara" and folded("“Kata” – KOMPAS") == "“kata” – kompas"


@pytest.mark.parametrize("pattern, plain, lowered", [
    (r"\s+\|\s*", ("|",), ()),
    (r"(?i)(?:copyright|hak\s+cipta|©)", ("©",), ("cipta", "copyright")),
    (r"(?x) \( \s* (?i:foto) \b [^()]* \)", (), ("foto",)),  # the rarer needle: a word over '('
    (r"[\w'&-]+(?:\s*[>»›]\s*[\w'&-]+){1,6}", (">", "»", "›"), ()),
])
def test_needles_of_a_pattern(pattern: str, plain: tuple[str, ...], lowered: tuple[str, ...]) -> None:
    assert needles(re.compile(pattern)) == Needles(plain, lowered)


@pytest.mark.parametrize("pattern", [r"\w+", r"(?:ab)?c?", r"(?i)\u0130|x", r"a|\d"])
def test_no_needles(pattern: str) -> None:
    assert needles(re.compile(pattern)) is None
