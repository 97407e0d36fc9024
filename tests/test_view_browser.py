"""warta view in a real browser: headless Chromium (Debian's package) driven through selenium.

Counts come from the release's own configs, read here with pyarrow, never from the page
writer: every span of every layer is on the page with the contract's attributes, toggles
hide and show a layer, a <script> in a raw article stays text, the index paginates, and
a seed's page draws something.
"""

from __future__ import annotations

import io
import json
from collections import Counter
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from bench.browser import chromium, missing
from bench.synthetic import articles

from warta.layout import Layout
from warta.view.site import write_view

pytestmark = pytest.mark.skipif(missing() is not None, reason=str(missing()))

HOSTILE = {
    "id": "hostile-page", "outlet": "Kabar <b>Contoh</b>",
    "text": ("Judul <script>window.__pwned = 1</script> Gempa Guncang Kota Contoh\n"
             "Oleh: Rina Kartika\n"
             "Kamis, 12 Juni 2025 | 14:05 WIB\n"
             "PADANG, KabarContoh.com – Gempa <script>window.__pwned = 2</script> mengguncang pesisir selatan "
             "pada Kamis siang, menurut keterangan badan meteorologi <img src=x onerror=\"window.__pwned=3\">.\n"
             "Warga sempat berhamburan keluar rumah, namun tidak ada laporan kerusakan berat.\n"),
}
SYNTHETIC = 7
PAGE_SIZE = 3


@pytest.fixture(scope="module")
def browser():
    with chromium() as driver:
        yield driver


@pytest.fixture(scope="module")
def seeds_site(repo: Layout, tmp_path_factory) -> Path:
    return write_view(repo, tmp_path_factory.mktemp("seeds") / "site").out


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Layout:
    """Seven synthetic articles and a hostile one, imported and built into a new repository."""
    from warta.intake.importer import import_sources
    from warta.intake.init import init
    from warta.run.build import build

    base = tmp_path_factory.mktemp("corpus")
    layout = init(base / "repo")
    source = base / "articles.jsonl"
    source.write_text("".join(json.dumps(a, ensure_ascii=False) + "\n" for a in [*articles(SYNTHETIC), HOSTILE]),
                      encoding="utf-8")
    import_sources(layout, [source])
    build(layout, progress=False)
    return layout


@pytest.fixture(scope="module")
def corpus_site(corpus: Layout) -> Path:
    return write_view(corpus, corpus.root.parent / "site", page_size=PAGE_SIZE).out


def _rows(layout: Layout, config: str) -> list[dict]:
    return [row for path in sorted((layout.data_dir / config).glob("*.parquet"))
            for row in pq.read_table(path).to_pylist()]


SPANS_JS = """
return Array.from(document.querySelectorAll('[data-layer]')).map(function (e) {
  var pane = e.closest('[data-pane]');
  return {pane: pane ? pane.dataset.pane : null, layer: e.dataset.layer, id: e.dataset.id, source: e.dataset.source,
          part: e.dataset.part || null, start: Number(e.dataset.rawStart), end: Number(e.dataset.rawEnd),
          text: Array.from([e].concat(Array.from(pane.querySelectorAll('[data-continues="' +
                  CSS.escape(e.dataset.layer + ':' + e.dataset.id + ':' + (e.dataset.part || '')) + '"]'))))
                .map(function (f) { return f.textContent; }).join('\\n'),
          tab: e.tabIndex};
});
"""


def _expected(layout: Layout) -> Counter:
    """(document, pane, layer, part, id, source, raw start, raw end) of every span the release holds."""
    want: Counter = Counter()
    parts = {"quotes": ("content", "speaker", "cue"), "events": ("trigger",)}
    for doc in _rows(layout, "documents"):
        for seg in doc["segments"]:
            for pane in (("gold", "machine") if doc["annotated"] else ("machine",)):
                key = (doc["id"], pane, "zones", None, seg["id"], doc["curation"], seg["raw_start"], seg["raw_end"])
                want[key] += 1
    for config, pane in (("entities", "gold"), ("timex", "gold"), ("quotes", "gold"), ("events", "gold"),
                         ("machine_entities", "machine"), ("machine_timex", "machine"),
                         ("machine_quotes", "machine")):
        layer = config.removeprefix("machine_")
        for row in _rows(layout, config):
            for part in parts.get(layer, (None,)):
                span = row[part] if part else row
                want[(row["doc_id"], pane, layer, part, row["id"], row["source"], span["raw_start"],
                      span["raw_end"])] += 1
    return want


def _found(browser, site: Path, layout: Layout) -> tuple[Counter, list[dict]]:
    raw = {d["id"]: d["raw_text"] for d in _rows(layout, "documents")}
    got: Counter = Counter()
    spans = []
    for doc_id in raw:
        browser.get((site / "doc" / f"{doc_id}.html").as_uri())
        for s in browser.execute_script(SPANS_JS):
            got[(doc_id, s["pane"], s["layer"], s["part"], s["id"], s["source"], s["start"], s["end"])] += 1
            spans.append({**s, "doc": doc_id, "raw": raw[doc_id][s["start"]:s["end"]]})
    return got, spans


def _check_spans(browser, site: Path, layout: Layout) -> Counter:
    got, spans = _found(browser, site, layout)
    want = _expected(layout)
    assert got == want, f"missing {list((want - got).items())[:3]}, unexpected {list((got - want).items())[:3]}"
    for s in spans:  # the element's characters (over line breaks, its continuations) are the raw offsets'
        assert s["text"] == s["raw"], s
        assert s["layer"] == "zones" or s["tab"] == 0, f"span {s['id']} cannot be focused"
    return Counter(k[2] for k in got.elements())


def test_every_span_of_every_layer_of_the_seeds_is_on_their_pages(browser, seeds_site: Path, repo: Layout) -> None:
    per_layer = _check_spans(browser, seeds_site, repo)
    gold = sum(len(_rows(repo, c)) for c in ("entities", "timex", "events")) + 3 * len(_rows(repo, "quotes"))
    machine = sum(len(_rows(repo, f"machine_{c}")) for c in ("entities", "timex")) + \
        3 * len(_rows(repo, "machine_quotes"))
    assert sum(n for layer, n in per_layer.items() if layer != "zones") == gold + machine > 300


def test_every_span_of_a_machine_only_corpus_is_on_its_pages(browser, corpus_site: Path, corpus: Layout) -> None:
    per_layer = _check_spans(browser, corpus_site, corpus)
    assert per_layer["entities"] == len(_rows(corpus, "machine_entities")) > 0
    assert "events" not in per_layer  # no gold, and no machine events


def _background(browser, selector: str) -> str:
    return browser.execute_script(f"return getComputedStyle(document.querySelector({selector!r})).backgroundColor")


def test_toggles_hide_and_show_a_layer_from_the_keyboard(browser, seeds_site: Path) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    browser.get((seeds_site / "doc" / "101de1eb255d4fba.html").as_uri())
    entity, timex = '[data-layer="entities"]', '[data-layer="timex"]'
    shown = _background(browser, entity)
    assert shown not in ("rgba(0, 0, 0, 0)", "transparent")
    toggle = browser.find_element(By.CSS_SELECTOR, 'input[data-toggle="entities"]')
    toggle.send_keys(Keys.SPACE)
    assert not toggle.is_selected()
    assert _background(browser, entity) == "rgba(0, 0, 0, 0)"
    assert _background(browser, timex) not in ("rgba(0, 0, 0, 0)", "transparent"), "other layers stay"
    toggle.send_keys(Keys.SPACE)
    assert _background(browser, entity) == shown
    pane = browser.find_element(By.CSS_SELECTOR, 'input[data-pane-toggle="machine"]')
    pane.send_keys(Keys.SPACE)
    assert not browser.find_element(By.ID, "pane-machine").is_displayed()
    pane.send_keys(Keys.SPACE)
    assert browser.find_element(By.ID, "pane-machine").is_displayed()


def test_focusing_a_span_shows_its_details_and_links_a_quote(browser, seeds_site: Path, repo: Layout) -> None:
    from selenium.webdriver.common.by import By

    quote = next(q for q in _rows(repo, "quotes") if q["doc_id"] == "eb89c155b02eb356")
    browser.get((seeds_site / "doc" / "eb89c155b02eb356.html").as_uri())
    cue = browser.find_element(By.CSS_SELECTOR,
                               f'#pane-gold [data-layer="quotes"][data-id="{quote["id"]}"][data-part="cue"]')
    browser.execute_script("arguments[0].focus()", cue)
    details = browser.find_element(By.ID, "details").text
    assert f"quotes cue {quote['id']}" in details and quote["kind"] in details
    assert f"raw {quote['cue']['raw_start']}–{quote['cue']['raw_end']}" in details
    linked = browser.execute_script("return Array.from(document.querySelectorAll('.linked[data-part]'))"
                                    ".map(function (e) { return e.dataset.part; }).sort()")
    assert linked == ["content", "speaker"]


def test_a_script_in_a_raw_article_stays_text(browser, corpus_site: Path) -> None:
    from selenium.webdriver.common.by import By

    for page in ("doc/hostile-page.html", "index.html", "browse.html"):
        browser.get((corpus_site / page).as_uri())
        assert browser.execute_script("return window.__pwned === undefined")
        assert not browser.find_elements(By.CSS_SELECTOR, "main script, main img[src=x], main b")
    browser.get((corpus_site / "doc" / "hostile-page.html").as_uri())
    text = browser.find_element(By.ID, "pane-machine").text
    assert "<script>window.__pwned = 2</script>" in text
    assert '<img src=x onerror="window.__pwned=3">' in text
    assert "<script>window.__pwned = 1</script>" in browser.find_element(By.TAG_NAME, "h1").text


def test_the_index_paginates_sorts_and_filters(browser, corpus_site: Path, corpus: Layout) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    everyone = sorted(d["id"] for d in _rows(corpus, "documents"))
    seen, page = [], (corpus_site / "index.html").as_uri()
    for _ in range(10):
        browser.get(page)
        ids = [a.text for a in browser.find_elements(By.CSS_SELECTOR, "table.index tbody td:first-child a")]
        assert 0 < len(ids) <= PAGE_SIZE
        seen += ids
        following = browser.find_elements(By.CSS_SELECTOR, "nav.pages a[rel=next]")
        if not following:
            break
        page = following[0].get_attribute("href")
    assert seen == everyone, "the pages hold every document once, in release order"
    assert len(list(corpus_site.glob("index*.html"))) == -(-len(everyone) // PAGE_SIZE)

    browser.get((corpus_site / "index.html").as_uri())
    first_ids = lambda: [a.text for a in browser.find_elements(By.CSS_SELECTOR, "tbody td:first-child a")]  # noqa: E731
    browser.find_element(By.CSS_SELECTOR, 'button[data-sort="0"]').click()
    browser.find_element(By.CSS_SELECTOR, 'button[data-sort="0"]').click()
    assert first_ids() == sorted(everyone[:PAGE_SIZE], reverse=True)
    rows = browser.find_elements(By.CSS_SELECTOR, "tbody tr")
    outlet = rows[0].get_attribute("data-outlet")
    Select(browser.find_element(By.CSS_SELECTOR, 'select[data-filter="outlet"]')).select_by_visible_text(outlet)
    visible = [r for r in browser.find_elements(By.CSS_SELECTOR, "tbody tr") if r.is_displayed()]
    assert visible and all(r.get_attribute("data-outlet") == outlet for r in visible)

    outlets = Counter(d["outlet"] for d in _rows(corpus, "documents"))  # the facets cover the corpus
    browser.get((corpus_site / "browse.html").as_uri())
    listed = {li.find_element(By.TAG_NAME, "a").text: li.text for li in
              browser.find_elements(By.CSS_SELECTOR, "section:first-of-type li")}
    assert {name: f"{name} ({n})" for name, n in outlets.items()} == listed


def test_a_seed_page_screenshot_is_not_blank(browser, seeds_site: Path, tmp_path: Path) -> None:
    from PIL import Image

    browser.get((seeds_site / "doc" / "101de1eb255d4fba.html").as_uri())
    image = Image.open(io.BytesIO(browser.get_screenshot_as_png())).convert("RGB")
    colours = image.getcolors(maxcolors=1 << 20) or []
    assert image.size[0] > 800 and len(colours) > 100, "a page of text and highlights has many colours"
    white = max(colours)[0] / (image.size[0] * image.size[1])
    assert white < 0.9, f"{white:.0%} of the page is one colour"
