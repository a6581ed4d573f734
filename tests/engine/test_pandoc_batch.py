"""Many pages go through one pandoc process (`pandoc lua`), and each comes out exactly as a
separate `pandoc` run of that page would make it."""
import subprocess

import pytest

from luton2040.engine import pandoc
from luton2040.errors import BuildError

PAGES = [
    pandoc.Page("## At a glance\n\nSome *words* and a [link](https://example.org).\n\n## At a glance\n\nAgain.\n",
                "A measure", "Outcome: fewer", "measures/a.md"),
    pandoc.Page("Intro.\n\n| Priority | A much longer heading than the others | Latest |\n|---|---|---|\n"
                "| Poverty | " + "a very long cell " * 8 + "| 9.9% |\n\n: A table {#tbl-x}\n",
                "Wide table", "", "measures/b.md"),
    pandoc.Page("::: {.glance}\nLatest\n:   9.9%\n:::\n\n### Deep\n\nText with a footnote.[^1]\n\n[^1]: The note.\n",
                "", "", "chapters/c.qmd"),
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
