"""Many pages go through one pandoc process (`pandoc lua`), and each comes out exactly as a
separate `pandoc` run of that page would make it."""
import subprocess

import pytest

from luton2040.engine import pandoc
from luton2040.engine.render import balanced
from luton2040.errors import BuildError

PAGES = [
    pandoc.Page("## At a glance\n\nSome *words* and a [link](https://example.org).\n\n## At a glance\n\nAgain.\n",
                "A measure", "Outcome: fewer", "measures/a.md"),
    pandoc.Page("Intro.\n\n| Priority | A much longer heading than the others | Latest |\n|---|---|---|\n"
                "| Poverty | " + "a very long cell " * 8 + "| 9.9% |\n\n: A table {#tbl-x}\n",
                "Wide table", "", "measures/b.md"),
    pandoc.Page("::: {.glance}\nLatest\n:   9.9%\n:::\n\n### Deep\n\nText with a footnote.[^1]\n\n[^1]: The note.\n",
                "", "", "chapters/c.qmd"),
    # what the template and a run without it could lay out differently: white space at line ends in
    # code and raw HTML, notes (in the text, a heading and the title), math, markup in the title and
    # subtitle, a heading-less page, metadata beyond the title in the text, a title with no text
    pandoc.Page("```python\nx = 1   \n\ty = 2\t\n```\n\n<div class=\"raw\">  \n<p>kept  </p>  \n</div>\n\n"
                "## A heading with a note[^n] and $x^2$\n\nMath: $x_1$ and\n$$a = b$$\n\n[^n]: Its note.\n",
                "A *title* with “quotes”, `code`, a [link](a.html) and a note^[In the title.]", "The <b>subtitle</b> -- dashed",
                "chapters/d.qmd"),
    pandoc.Page("Only words, no heading.\n", "Title", "", "chapters/e.qmd"),
    pandoc.Page("## One\n\nText.\n\n---\ndescription: Set in the text\nkeywords: [a, b]\n---\n\n## Two\n", "Metadata", "",
                "chapters/f.qmd"),
    pandoc.Page("## One\n\nText.\n", "![](x.png)", "Sub", "chapters/g.qmd"),
]


#: pages each filter changes, beside pages neither can change (the batch runs a filter only where
#: its text occurs; `pandoc --lua-filter=…` runs both everywhere)
FILTERED = [
    pandoc.Page("::: {.callout-note}\n## Mind the gap\n\nA note.\n:::\n\nAfter it.\n", "Callout", "", "a/callout.qmd"),
    pandoc.Page("Ask @someone, or see [@tbl-x].\n\n::: {#tbl-x}\n| a |\n|---|\n| 1 |\n\n: Numbers\n:::\n\n"
                "---\nluton2040-crossref: {\"tbl-x\": {\"name\": \"Table 1\", \"number\": \"1\", "
                "\"href\": \"#tbl-x\"}}\n---\n", "Crossref", "", "a/crossref.qmd"),
    pandoc.Page("Write to @someone about it.\n", "A citation that is no cross-reference", "", "a/cite.qmd"),
    pandoc.Page("Plain words, a [link](b.html) and `code`.\n", "Plain", "", "a/plain.qmd"),
    pandoc.Page("![A van](van.png)\n\nAn ![inline](i.png){fig-alt=\"A logo\"} picture.\n", "Pictures", "", "a/pictures.qmd"),
]


def one_by_one(page: pandoc.Page, args: list[str]) -> pandoc.Fragment:
    proc = subprocess.run([pandoc.executable(), *args], input=page.text().encode(), capture_output=True, check=True)
    assert proc.stderr == b""
    return pandoc._fragment(proc.stdout.decode(), "page.md")


@pytest.mark.parametrize("toc", [True, False])
def test_one_batch_gives_what_one_pandoc_run_per_page_gives(toc):
    args = pandoc.arguments(toc, 2)
    assert pandoc.convert_many(PAGES, args) == [one_by_one(page, args) for page in PAGES]


def test_a_warning_in_a_batch_names_the_page_it_is_in():
    bad = pandoc.Page("## One {#same}\n\n## Two {#same}\n", "", "", "appendix/notes.qmd")
    with pytest.raises(BuildError) as info:
        pandoc.convert_many([PAGES[0], bad], pandoc.arguments(True, 3))
    assert str(info.value) == ("appendix/notes.qmd: pandoc reported: [WARNING] Duplicate identifier 'same' "
                               "at line 6 column 1 — fix the markdown it points at")


@pytest.mark.parametrize("title", ["Plain words", 'Quotes " and \\ backslash', "a: colon # hash", "!important - dash",
                                   "*Emphasis* and [a link](a.html)", "Yes", "1e3", "null", "~", "2040",
                                   "Tab\tand delete \x7f", "Ünïcödé – dash", "'single' quotes"])
def test_the_title_is_read_as_the_markdown_it_is(title):
    # the engine's front matter hands pandoc the title string itself, whatever YAML would make of it
    as_title = pandoc.convert_many([pandoc.Page("Text.\n", title, "", "a.qmd")], pandoc.arguments(False, 3))[0]
    as_text = pandoc.convert_many([pandoc.Page(title.replace("\t", "    ") + "\n", "T", "", "b.qmd")],
                                  pandoc.arguments(False, 3))[0]
    assert as_text.body.startswith("<p>") and as_text.body.endswith("</p>")
    assert as_title.title == as_text.body[3:-4]


def test_a_warning_of_the_writer_names_the_page_it_is_in():
    math = pandoc.Page("Half: $\\frac{1}{2}$.\n", "A title", "", "chapters/math.qmd")
    with pytest.raises(BuildError) as info:
        pandoc.convert_many([PAGES[0], math], pandoc.arguments(True, 3))
    assert str(info.value) == ("chapters/math.qmd: pandoc reported: [WARNING] Could not convert TeX math "
                               "\\frac{1}{2}, rendering as TeX — fix the markdown it points at")


def test_a_filter_left_out_of_a_page_changes_nothing_on_it():
    args = pandoc.arguments(True, 3)
    assert pandoc.convert_many(FILTERED, args) == [one_by_one(page, args) for page in FILTERED]


def test_each_filter_runs_only_on_pages_with_its_text():
    filters = [str(pandoc.FILTERS / name) for name in pandoc.LUA_FILTERS] + ["/elsewhere/other.lua"]
    assert [pandoc.filters_for(page.text(), filters) for page in FILTERED] == [[1, 3], [0, 3], [0, 3], [3], [2, 3]]
    assert pandoc.filters_for("No filter has anything to do here.", filters) == [3]


def test_pandoc_runs_with_the_smaller_heap():
    # the shipped pandoc accepts runtime options; a pandoc that refused them would run without
    assert pandoc.rts_options() == pandoc.RTS_OPTIONS


def test_batches_share_the_work_evenly_and_keep_each_page_once_in_order():
    sizes = {i: size for i, size in enumerate([900, 100, 100, 100, 500, 400, 100, 100, 300, 300] * 4)}
    batches = balanced(list(sizes), sizes, 4)
    assert sorted(i for b in batches for i in b) == list(sizes)
    assert all(b == sorted(b) and len(b) >= 8 for b in batches)
    loads = [sum(sizes[i] for i in b) for b in batches]
    assert len(batches) == 4 and max(loads) - min(loads) <= 100
    # too few pages for four batches of eight: one batch
    assert balanced(list(range(12)), dict.fromkeys(range(12), 1), 4) == [list(range(12))]
    assert balanced([], {}, 4) == []
