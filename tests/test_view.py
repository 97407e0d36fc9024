"""warta view without a browser: nesting of crossing spans, escaping, colours, the output folder, bad ids."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from warta.errors import WartaError
from warta.layout import Layout
from warta.release.schemas import load_inventory
from warta.view.markup import Mark, render
from warta.view.site import MARKER, write_view

CSS = Path(__file__).resolve().parents[1] / "scripts/warta/view/assets/view.css"


class _Spans(HTMLParser):
    """The text under each element that has a data-id or data-continues, and a check that tags nest."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, str | None]] = []
        self.text: dict[str, str] = {}
        self.elements: list[dict] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        key = a.get("data-id") and f"{a['data-id']}" or a.get("data-continues")
        self.stack.append((tag, key))
        if key:
            self.text.setdefault(key, "")
            self.elements.append(a)

    def handle_endtag(self, tag):
        assert self.stack and self.stack[-1][0] == tag, f"</{tag}> closes {self.stack[-1:]}"
        self.stack.pop()

    def handle_data(self, data):
        for _, key in self.stack:
            if key:
                self.text[key] += data


def _mark(start: int, end: int, rank: int, name: str, seq: int) -> Mark:
    return Mark(start, end, rank, (("data-id", name),), (("data-continues", name),), seq=seq)


def test_crossing_spans_nest_and_each_span_covers_its_characters() -> None:
    raw = "abcdefghijklmnop"
    marks = [_mark(0, 10, 1, "A", 0), _mark(5, 15, 1, "B", 1), _mark(2, 8, 2, "C", 2), _mark(8, 8, 2, "empty", 3),
             _mark(3, 12, 0, "outer", 4)]
    parser = _Spans()
    parser.feed(render(raw, 0, marks, set()))
    assert not parser.stack
    firsts = [e["data-id"] for e in parser.elements if "data-id" in e]
    assert sorted(firsts) == ["A", "B", "C", "outer"], "one first element per span, none for an empty one"
    # worked by hand: "outer" (rank 0) opens at 3 inside A and C, so both reopen inside it; B opens at 5
    # over C (rank 2, inner), which reopens inside B; A ends at 10 inside B, outer at 12: B reopens twice
    assert [e["data-continues"] for e in parser.elements if "data-continues" in e] == ["A", "C", "C", "B", "B"]
    for m in marks:
        if m.start < m.end:  # the first element and its continuations spell the span's characters
            assert parser.text[dict(m.attrs)["data-id"]] == raw[m.start:m.end]


def test_a_span_over_several_lines_is_one_span_and_continuations() -> None:
    raw = "one two\nthree four"
    mark = _mark(4, 13, 1, "q", 0)
    opened: set[int] = set()
    first = render(raw[:7], 0, [mark], opened)
    second = render(raw[8:], 8, [mark], opened)
    assert first == 'one <span data-id="q">two</span>'
    assert second == '<span data-continues="q">three</span> four'


def test_text_and_attributes_are_escaped() -> None:
    raw = '<script>alert("x")</script> & <b>'
    out = render(raw, 0, [Mark(0, 8, 1, (("data-label", '"><script>'),), (), seq=0)], set())
    assert "<script>" not in out.replace('<span data-label="&quot;&gt;&lt;script&gt;">', "")
    assert out.startswith('<span data-label="&quot;&gt;&lt;script&gt;">&lt;script&gt;</span>')
    assert "&amp; &lt;b&gt;" in out


# --- colours ---------------------------------------------------------------------------------

def _luminance(hex_colour: str) -> float:
    h = hex_colour.lstrip("#")
    if len(h) == 3:
        h = "".join(c * 2 for c in h)
    channels = [int(h[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast(a: str, b: str) -> float:
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def _rules() -> list[tuple[str, dict[str, str]]]:
    text = re.sub(r"/\*.*?\*/", "", CSS.read_text(encoding="utf-8"), flags=re.DOTALL)
    rules = []
    for selector, body in re.findall(r"([^{}]+)\{([^}]*)\}", text):
        decls = dict((k.strip(), v.strip()) for k, v in (d.split(":", 1) for d in body.split(";") if ":" in d))
        rules.append((selector.strip(), decls))
    return rules


def _variables() -> dict[str, str]:
    return {k: v for selector, decls in _rules() if selector == ":root" for k, v in decls.items()}


def _colour(value: str, variables: dict[str, str]) -> str | None:
    while (m := re.fullmatch(r"var\((--[\w-]+)(?:,\s*[^)]*)?\)", value.strip())):
        value = variables[m.group(1)]
    return value if re.fullmatch(r"#[0-9a-fA-F]{3}|#[0-9a-fA-F]{6}", value) else None


def test_the_sums_of_wcag_contrast_are_right() -> None:
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)  # the classic near miss


TEXTLESS = {".zbar span"}  # the index's zone bars: coloured boxes with the composition in their label


def _zone_colours(variables: dict[str, str]) -> dict[str, str]:
    return {sel.strip()[3:]: _colour(d["--z"], variables) for rule, d in _rules() if "--z" in d
            for sel in rule.split(",") if sel.strip().startswith(".z-")}


def test_every_text_colour_on_every_background_passes_wcag_aa() -> None:
    variables = _variables()
    body = _colour(variables["--fg"], variables)
    checked = 0
    for selector, decls in _rules():
        if selector in TEXTLESS or decls.get("content") == '""':
            continue
        background = decls.get("background") or decls.get("background-color") or ""
        fg = _colour(decls["color"], variables) if "color" in decls else body
        if background.startswith("var(--z"):  # one rule, a colour per zone
            backgrounds = list(_zone_colours(variables).values())
        else:
            backgrounds = [_colour(background, variables)] if background else []
        for bg in [b for b in backgrounds if b] or ([_colour(variables["--bg"], variables)] if "color" in decls
                                                     else []):
            assert contrast(fg, bg) >= 4.5, f"{selector}: {fg} on {bg} has contrast {contrast(fg, bg):.2f}"
            checked += 1
    for name, value in variables.items():  # highlights carry body text; links and muted text sit on the page
        if name.startswith("--hl-") and name != "--hl-speaker":
            assert contrast(value, body) >= 4.5, f"{name} {value} under text {body}"
            checked += 1
    for name in ("--link", "--muted"):
        for ground in ("--bg", "--panel"):
            assert contrast(variables[name], variables[ground]) >= 4.5, f"{name} on {ground}"
    assert checked > 15


def test_every_zone_has_a_colour_that_carries_its_name_and_shows_on_the_page() -> None:
    variables = _variables()
    zone_colours = _zone_colours(variables)
    names = [z["name"] for z in load_inventory("zones")["zones"]]
    assert sorted(zone_colours) == sorted(names), "one colour per zone of schema/zones.json"
    for zone, colour in zone_colours.items():
        assert contrast(colour, variables["--on-zone"]) >= 4.5, f"zone name on {zone}"
        assert contrast(colour, variables["--bg"]) >= 3.0, f"band of {zone} against the page"
    assert len(set(zone_colours.values())) == len(zone_colours), "zones are told apart"


def test_marks_that_are_not_text_stand_out_from_the_page() -> None:
    variables = _variables()
    for name in ("--focus", "--diff", "--linked", "--hl-speaker", "--rule"):
        assert contrast(variables[name], variables["--bg"]) >= 3.0, name  # WCAG 1.4.11 non-text contrast


# --- the output folder and bad input ---------------------------------------------------------

def test_an_unknown_id_is_refused_and_nothing_is_written(repo: Layout, tmp_path: Path) -> None:
    out = tmp_path / "view"
    with pytest.raises(WartaError, match="no document 'feedfacefeedface' in the release"):
        write_view(repo, out, ["101de1eb255d4fba", "feedfacefeedface"])
    with pytest.raises(WartaError, match="invalid document id"):
        write_view(repo, out, ["../etc"])
    assert not out.exists() and list(tmp_path.iterdir()) == []


def test_a_folder_that_is_not_a_view_is_left_alone(repo: Layout, tmp_path: Path) -> None:
    keep = tmp_path / "notes"
    keep.mkdir()
    (keep / "mine.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(WartaError, match="not an earlier warta view"):
        write_view(repo, keep)
    assert [p.name for p in keep.iterdir()] == ["mine.txt"]
    with pytest.raises(WartaError, match="inside dataset/"):
        write_view(repo, repo.dataset / "view")


def test_an_earlier_view_is_replaced_whole(repo: Layout, tmp_path: Path) -> None:
    out = tmp_path / "view"
    first = write_view(repo, out)
    assert first.documents == 2 and (out / MARKER).is_file()
    (out / "doc" / "stale.html").write_text("old", encoding="utf-8")
    second = write_view(repo, out, ["eb89c155b02eb356"])
    assert second.documents == 1
    assert sorted(p.name for p in (out / "doc").iterdir()) == ["eb89c155b02eb356.html"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["view"], "no staging folder is left behind"


def test_the_cli_writes_the_view_under_a_shared_lock(in_repo: Layout, tmp_path: Path, capsys) -> None:
    from warta.cli import LOCKS, main

    assert LOCKS["view"] is False
    assert main(["view", "--out", str(tmp_path / "site"), "--page-size", "1"]) == 0
    said = capsys.readouterr().out
    assert "wrote the view of 2 document(s)" in said
    assert (tmp_path / "site" / "index-2.html").is_file() and not (tmp_path / "site" / "index-3.html").exists()
    assert main(["view", "nosuchdoc", "--out", str(tmp_path / "other")]) == 1
    assert "error: dataset/data/documents: no document 'nosuchdoc' in the release" in capsys.readouterr().err
