"""The links a page's words type land where they point, checked before rendering (site/page_links.py),
so that `quarto render` refuses a broken one as the engine does (the bad-input corpus, test_bad_inputs.py,
has each refusal). Here, their valid neighbours: every place either renderer makes may be linked to, and
what cannot be told from the sources is left to the engine, never refused."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

from luton2040.cli import main
from luton2040.site.page_links import read_site
from luton2040.data.rule_inputs import Project
from luton2040.data.schema import read_table, resources

NET_ZERO, POVERTY = "chapters/net-zero.qmd", "chapters/poverty.qmd"
VALID = "Data and partner files are valid (0 warning(s)).\n"


def changed(built_book: Path, tmp_path: Path, edits: dict[str, tuple[str, str]]) -> Path:
    """A copy of the built safety book with ``old`` replaced by ``new`` in each file (its _site/ and cache kept)."""
    root = tmp_path / "book"
    shutil.copytree(built_book, root)
    for rel, (old, new) in edits.items():
        text = (root / rel).read_text(encoding="utf-8")
        assert old in text
        (root / rel).write_text(text.replace(old, new, 1), encoding="utf-8")
    return root


def run(capsys, root: Path, command: str) -> tuple[int, str, str]:
    code = main(["--project", str(root), command] + (["--quiet"] if command == "build" else []))
    out, err = capsys.readouterr()
    return code, out, err


def ids_of(root: Path, page: str) -> list[str]:
    return re.findall(r'\sid="([^"]+)"', (root / "_site" / page).read_text(encoding="utf-8"))


EVERY_PLACE = """
## Notes

## Notes

::: {#box}
Words with [a span]{#here} and a note.[^1]
:::

<span id="raw"></span>

> ## A quoted heading

An underlined heading
---------------------

[^1]: The note.

Links to [the second notes](#notes-1), [the box](#box), [the span](#here), [raw HTML](#raw), [the
table](#tbl-net-zero-measures), [the note](#fn1), [the top](#title-block-header), [poverty](poverty.qmd),
[its progress](poverty.html#progress-made), [a partner's heading](poverty.qmd#example-food-project-what-we-did-this-year),
[home](../index.qmd), [the PDF](../luton-2040-progress-report-2025.pdf), [the data](../downloads/data.zip),
[last year's report](../2024/index.html), [another site](https://example.org/#nope), [us](mailto:a@example.org),
[the quote](#a-quoted-heading) and [the underlined heading](#an-underlined-heading).

Typed as code, `[no link](nope.qmd)`, and in a code block:

```
[no link](nope.qmd#nope)
```

<!-- [not a link either](nope.qmd) -->

::: {.content-visible when-profile="2024"}
Last year's words, not this edition's page: [an old page](old.qmd) and [an old place](#gone).
:::
"""


def test_a_link_to_any_place_the_renderers_make_is_published(capsys, tmp_path, built_book):
    root = changed(built_book, tmp_path, {NET_ZERO: ("## Partner contributions\n", EVERY_PLACE + "\n## Partner contributions\n")})
    assert run(capsys, root, "check") == (0, VALID, "")
    code, out, err = run(capsys, root, "build")  # the engine, which judges the rendered page, agrees
    assert (code, err) == (0, "")
    assert {"notes-1", "box", "here", "raw", "fn1", "a-quoted-heading", "an-underlined-heading"} <= set(
        ids_of(root, "chapters/net-zero.html"))


def test_a_place_only_a_cell_can_make_is_left_to_the_engine(capsys, tmp_path, built_book):
    """A cell printing markdown of its own may print a heading: its id is known once the page runs."""
    root = changed(built_book, tmp_path, {
        POVERTY: ("## Partner contributions\n", '```{python}\n#| output: asis\nprint("## Made by " + "code")\n```\n\n'
                                               "## Partner contributions\n"),
        NET_ZERO: ("## Partner contributions\n", "See [what the code made](poverty.qmd#made-by-code).\n\n"
                                                 "## Partner contributions\n")})
    assert run(capsys, root, "check") == (0, VALID, "")
    assert run(capsys, root, "build")[0] == 0
    assert "made-by-code" in ids_of(root, "chapters/poverty.html")


def test_a_partners_heading_named_as_a_heading_of_the_chapter_gets_its_own_id(capsys, tmp_path, built_book):
    """The example food project's '### What we did this year' is example-food-project-what-we-did-this-year;
    a chapter heading named so before it keeps that id, and the partner's is the next one pandoc would give."""
    root = changed(built_book, tmp_path, {POVERTY: ("## Partner contributions\n", "## Example food project: what we did this year\n\n"
                                                                                  "## Partner contributions\n")})
    assert run(capsys, root, "check") == (0, VALID, "")
    assert run(capsys, root, "build")[0] == 0
    ids = ids_of(root, "chapters/poverty.html")
    assert len(ids) == len(set(ids))
    assert {"example-food-project-what-we-did-this-year", "example-food-project-what-we-did-this-year-1"} <= set(ids)


def test_every_id_a_page_of_the_report_has_is_one_the_check_knows(built_project):
    """No false refusal on the real report: each id of each page the engine wrote (its body and frame) is one
    the check finds from the sources, and no page is left to the engine for want of knowing its ids."""
    described = resources(built_project)
    site = read_site(Project(built_project, described, {name: read_table(built_project, name)[0] for name in described}))
    assert site is not None and not site.uncertain
    assert len(site.outlines) >= 15 and sum(page.startswith("measures/") for page in site.book) == 40
    for page in site.outlines:
        output = Path(page).with_suffix(".html").as_posix()
        unknown = [ident for ident in ids_of(built_project, output)
                   if site.lacks(page, ident) and not ident.startswith("toc-")]  # (the contents' entries, no link's)
        assert unknown == [], page


def test_a_link_to_a_page_written_in_md_opens_that_page_as_quarto_makes_it(capsys, tmp_path, built_book):
    """Quarto makes a link to any page's source its page, ``.md`` as well as ``.qmd`` (quarto-cli
    src/project/types/website/website-utils.ts, resolveProjectInputLinks), as the measure pages
    (measures/<id>.md) are. The engine published such a link to the .md file itself."""
    root = changed(built_book, tmp_path, {
        "_quarto.yml": ("    - /chapters/*.qmd\n", "    - /chapters/*.qmd\n    - /chapters/*.md\n"),
        NET_ZERO: ("## Partner contributions\n", "See [the notes](notes.md#sources).\n\n## Partner contributions\n")})
    (root / "chapters" / "notes.md").write_text("---\ntitle: Notes\n---\n\n## Sources\n\nWhere the figures come from.\n",
                                              encoding="utf-8")
    assert run(capsys, root, "check") == (0, VALID, "")
    assert run(capsys, root, "build")[0] == 0
    page = (root / "_site" / "chapters" / "net-zero.html").read_text(encoding="utf-8")
    assert 'href="notes.html#sources"' in page
    assert not (root / "_site" / "chapters" / "notes.md").exists()

    broken = changed(built_book, tmp_path / "broken", {
        "_quarto.yml": ("    - /chapters/*.qmd\n", "    - /chapters/*.qmd\n    - /chapters/*.md\n"),
        NET_ZERO: ("## Partner contributions\n", "See [the notes](notes.md#nope).\n\n## Partner contributions\n")})
    (broken / "chapters" / "notes.md").write_text((root / "chapters" / "notes.md").read_text(), encoding="utf-8")
    code, out, err = run(capsys, broken, "check")
    assert code != 0 and "chapters/net-zero.qmd:" in err and "nope" in err
