"""Values from the data can never open or close a generated block of the card or the datasheet.

A headline or an outlet is text nobody vetted. Once, a headline holding
``<!-- /warta:example-documents -->`` cut that README block short and the README grew on
every build. Values are now escaped on the way into a block, and the block parser refuses
markers that do not pair up instead of guessing.
"""

from __future__ import annotations

import pytest
from conftest import NEW_ARTICLE
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from warta.cli import main
from warta.describe.card import block_names, fill_blocks
from warta.describe.stats import blocks
from warta.errors import WartaError
from warta.layout import Layout
from warta.release.configs import CONFIGS
from warta.run.build import curate_all

HOSTILE = ["<!-- /warta:example-documents -->", "<!-- warta:overview -->", "<!--warta:zones-->", "| x |",
           "```", "`", "<script>", "&lt;", "-->", "\u2028", "<!-- /WARTA:version -->"]


def test_a_hostile_headline_and_outlet_give_the_same_card_on_every_build(workcopy: Layout, tmp_path,
                                                                         monkeypatch, capsys) -> None:
    monkeypatch.setenv("WARTA_ROOT", str(workcopy.root))
    lines = NEW_ARTICLE.splitlines()
    lines[0] = "Gempa <!-- /warta:example-documents --> X <!-- warta:zones --> ```"
    article = tmp_path / "a.txt"
    article.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert main(["add", str(article), "--outlet", "K <!-- /warta:overview --> | `x` $x^$", "--id", "0000-hostile"]) == 0
    sizes, names = [], []
    for _ in range(3):
        assert main(["build", "--quiet"]) == 0, capsys.readouterr().err
        readme = workcopy.readme.read_text(encoding="utf-8")
        sizes.append(readme)
        names.append(block_names(readme))
    assert sizes[0] == sizes[1] == sizes[2]
    assert names[0] == names[1] == names[2] and len(names[0]) == len(set(names[0]))
    assert "0000-hostile" in readme and "Gempa \\u003c!-- /warta:example-documents --\\u003e X" in readme
    assert "K &lt;!-- /warta:overview --&gt; \\| &#96;x&#96; $x^$" in readme
    assert main(["verify"]) == 0


@pytest.fixture(scope="module")
def records(repo: Layout) -> list[dict]:
    return curate_all(repo)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(outlet=st.lists(st.sampled_from(HOSTILE) | st.text(max_size=8), min_size=1, max_size=4).map("".join),
       title=st.lists(st.sampled_from(HOSTILE) | st.text(max_size=8), min_size=1, max_size=4).map("".join),
       author=st.lists(st.sampled_from(HOSTILE) | st.text(max_size=8), min_size=1, max_size=3).map("".join))
def test_blocks_from_hostile_values_fill_the_card_the_same_way_twice(repo: Layout, records, outlet, title,
                                                                     author) -> None:
    hostile = [{**r, "outlet": outlet, "title": title, "authors": [author]} for r in records]
    generated = blocks({cfg.name: cfg.rows(hostile) for cfg in CONFIGS})
    card = repo.readme.read_text(encoding="utf-8")
    once = fill_blocks(card, generated, file="README.md")
    twice = fill_blocks(once, generated, file="README.md")
    assert once == twice
    assert block_names(once) == block_names(card)


@pytest.mark.parametrize("text, words", [
    ("a <!-- warta:x -->\n1\n<!-- /warta:y -->\n", "block 'y' closes but block 'x' is open"),
    ("<!-- warta:x -->\n<!-- warta:y -->\n1\n<!-- /warta:y -->\n<!-- /warta:x -->\n", "opens inside block 'x'"),
    ("<!-- warta:x -->\n1\n", "block 'x' is never closed"),
    ("1\n<!-- /warta:x -->\n", "block 'x' closes but no block is open"),
    ("a <!--warta:x-->\n", "looks like a generated-block marker but is not one"),
    ("a <!-- warta:x --> b\n<!-- /warta:x -->\n", "its opening marker must end the line"),
])
def test_markers_that_do_not_pair_up_are_refused(text: str, words: str) -> None:
    with pytest.raises(WartaError) as err:
        fill_blocks(text, {"x": "1", "y": "2"}, file="README.md")
    assert words in err.value.one_line() and "README.md: line" in err.value.one_line()


def test_a_marker_quoted_in_a_code_span_is_prose() -> None:
    text = "Blocks look like `<!-- warta:NAME -->` and `<!-- /warta:x -->`.\n<!-- warta:x -->\nold\n<!-- /warta:x -->\n"
    assert fill_blocks(text, {"x": "new"}, file="README.md") == text.replace("old", "new")
