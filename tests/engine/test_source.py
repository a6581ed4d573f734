"""The engine's reader (engine/source.py): what it takes from a .qmd file, where each piece came from,
and the syntax it refuses — every refusal with its file:line, all of a file's problems at once."""
from __future__ import annotations

from pathlib import Path

import pytest

from luton2040.engine import source
from luton2040.engine.source import Loc
from luton2040.errors import InputError


def write(root: Path, name: str, text: str) -> Path:
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def read(root: Path, text: str, name: str = "page.qmd") -> source.Document:
    return source.read(write(root, name, text), root)


def refusals(root: Path, text: str, name: str = "page.qmd") -> list[str]:
    with pytest.raises(InputError) as info:
        read(root, text, name)
    assert "Traceback" not in str(info.value)
    return info.value.lines()


PAGE = """---
title: Numbers
body-classes: priority-poverty
---

Intro with `{python} total` items.

```{python}
#| label: tbl-rows
#| tbl-cap: The rows
rows = 3
rows
```

See @tbl-rows and @fig-bars.

![Bars](bars.png){#fig-bars}
"""


def test_front_matter_cells_prose_and_inline_expressions(tmp_path):
    doc = read(tmp_path, PAGE)
    assert doc.path == "page.qmd"
    assert doc.meta == {"title": "Numbers", "body-classes": "priority-poverty"}
    assert [type(b).__name__ for b in doc.blocks] == ["Prose", "Cell", "Prose"]
    cell = doc.cells[0]
    assert (cell.number, cell.label, cell.loc) == (1, "tbl-rows", Loc("page.qmd", 8))
    assert cell.options == {"label": "tbl-rows", "tbl-cap": "The rows"}
    assert cell.code == "#| label: tbl-rows\n#| tbl-cap: The rows\nrows = 3\nrows"
    assert [l.line for l in cell.line_locs] == [9, 10, 11, 12]  # so a failing line is named exactly
    assert [(i.code, i.loc) for i in doc.inlines] == [("total", Loc("page.qmd", 6))]
    first = doc.blocks[0]
    assert first.loc == Loc("page.qmd", 5)
    assert f"Intro with {source.INLINE_OPEN}0{source.INLINE_CLOSE} items." in first.text


def test_labels_and_cross_references_keep_their_lines(tmp_path):
    doc = read(tmp_path, PAGE)
    assert [(l.name, l.kind, l.loc.line) for l in doc.labels] == [("tbl-rows", "tbl", 8), ("fig-bars", "fig", 17)]
    assert doc.refs == [("tbl-rows", Loc("page.qmd", 15)), ("fig-bars", Loc("page.qmd", 15))]


def test_a_page_without_front_matter_has_empty_meta(tmp_path):
    doc = read(tmp_path, "Just text.\n")
    assert doc.meta == {} and [b.text for b in doc.blocks] == ["Just text."]


def test_a_plain_code_block_is_kept_as_prose_and_not_run(tmp_path):
    doc = read(tmp_path, "Before.\n\n```python\nprint('shown, not run')\n```\n")
    assert doc.cells == []
    assert "print('shown, not run')" in doc.blocks[0].text


def test_an_include_brings_its_lines_with_their_own_file_and_line(tmp_path):
    write(tmp_path, "chapters/_part.md", "Included line one.\n\nIncluded `{python} x` here.\n")
    doc = read(tmp_path, "---\ntitle: T\n---\n\n{{< include _part.md >}}\n", "chapters/page.qmd")
    assert doc.included == ["chapters/_part.md"]
    assert "Included line one." in doc.blocks[0].text
    assert doc.inlines[0].loc == Loc("chapters/_part.md", 3)


def test_a_path_in_an_included_file_is_relative_to_the_page_as_in_quarto(tmp_path):
    """quarto-cli src/core/handlers/base.ts, ``resolvePath``: relative to the rendered page's folder
    (not the included file's), or to the project's folder with a leading /."""
    write(tmp_path, "chapters/_prose/2025/page.md", "{{< include _beside-page.md >}}\n\n{{< include /_top.md >}}\n")
    write(tmp_path, "chapters/_beside-page.md", "Found beside the page.\n")
    write(tmp_path, "chapters/_prose/2025/_beside-page.md", "Found beside the included file.\n")
    write(tmp_path, "_top.md", "Found at the top.\n")
    doc = read(tmp_path, "{{< include _prose/2025/page.md >}}\n", "chapters/page.qmd")
    assert doc.included == ["chapters/_prose/2025/page.md", "chapters/_beside-page.md", "_top.md"]
    assert "Found beside the page." in doc.blocks[0].text and "included file" not in doc.blocks[0].text


def test_an_include_inside_a_code_block_is_included_there_as_quarto_does(tmp_path):
    """Quarto expands an include shortcode on a line of its own wherever it stands, in a ``` or
    ~~~ code block too (quarto-cli src/core/handlers/base.ts, processMarkdownIncludes; rendered
    with Quarto 1.7.34: the block shows the included text)."""
    write(tmp_path, "_part.md", "INCLUDED TEXT\n")
    doc = read(tmp_path, "```\n{{< include _part.md >}}\n```\n\n~~~\n{{< include _part.md >}}\n~~~\n")
    assert doc.included == ["_part.md", "_part.md"]
    assert doc.blocks[0].text == "```\nINCLUDED TEXT\n```\n\n~~~\nINCLUDED TEXT\n~~~"


def test_the_code_digest_follows_the_code_of_included_files_and_not_their_prose(tmp_path):
    """The execution cache's key: a sentence edited (in the page or a file it includes) runs no
    code again; a changed cell, inline expression or front matter does."""
    part = write(tmp_path, "_part.md", "One.\n\n```{python}\nprint(1)\n```\n")
    page = write(tmp_path, "page.qmd", "---\ntitle: T\n---\n\n{{< include _part.md >}}\n\nSo `{python} 1 + 1`.\n")
    before = source.read(page, tmp_path).code_digest
    assert source.read(page, tmp_path).code_digest == before
    part.write_text("Two, rewritten.\n\nAnd a new paragraph.\n\n```{python}\nprint(1)\n```\n", encoding="utf-8")
    assert source.read(page, tmp_path).code_digest == before
    edits = [(part, "Two.\n\n```{python}\nprint(2)\n```\n"),
             (part, "Two.\n\n```{python}\n#| echo: true\nprint(1)\n```\n"),
             (page, "---\ntitle: T\n---\n\n{{< include _part.md >}}\n\nSo `{python} 1 + 2`.\n"),
             (page, "---\ntitle: T\nexecute:\n  echo: true\n---\n\n{{< include _part.md >}}\n\nSo `{python} 1 + 1`.\n")]
    edits.append((page, "---\ntitle: T\n---\n\nSo `{python} 1 + 1`.\n\n{{< include _part.md >}}\n"))  # the value moved before the cell
    digests = set()
    for path, text in edits:
        kept = path.read_text(encoding="utf-8")
        path.write_text(text, encoding="utf-8")
        digests.add(source.read(page, tmp_path).code_digest)
        path.write_text(kept, encoding="utf-8")
    assert before not in digests and len(digests) == len(edits)


@pytest.mark.parametrize("text, expected", [
    ("---\ntitle: T\nbibliography: refs.bib\n---\n\nText.\n",
     "page.qmd:3: the front-matter option 'bibliography' is not supported by the embedded engine — remove it, "
     "or use one of: body-classes, description, execute, jupyter, subtitle, title, toc"),
    ("---\ntitle: T\n\nText.\n",
     "page.qmd:1: front matter is not closed — end it with a line '---'"),
    ("---\ntitle: T\n  bad: indent\n---\n",
     "page.qmd:3: invalid YAML in front matter: mapping values are not allowed here — fix the indentation or quoting"),
    ("---\n- a list\n---\n",
     "page.qmd:1: front matter must be a mapping of keys to values — write 'title: …'"),
    ("---\nexecute:\n  freeze: true\n---\n",
     "page.qmd:1: front-matter 'execute' supports only: echo, eval, warning — remove the other options"),
    ("Text.\n\n```{python}\nx = 1\n",
     "page.qmd:3: code block is not closed — add a closing ``` line"),
    ("```{r}\nsummary(x)\n```\n",
     "page.qmd:1: {r} code chunks are not supported (only {python} runs) — "
     "rewrite the chunk in Python, or make it a plain code block"),
    ("```{python echo=false}\nx = 1\n```\n",
     "page.qmd:1: options inside the chunk header are not supported — "
     "write them as '#| option: value' lines at the top of the cell"),
    ("```{python}\n#| fig-width: 6\nx = 1\n```\n",
     "page.qmd:2: the cell option 'fig-width' is not supported by the embedded engine — remove it, or use one of: "
     "echo, eval, fig-alt, fig-cap, include, label, output, tbl-cap, warning"),
    ("```{python}\n#| output: html\nx = 1\n```\n",
     "page.qmd:2: 'output: html' is not supported — use true, false or asis"),
    ("```{python}\n#| not yaml: [\nx = 1\n```\n",
     "page.qmd:2: cannot read the cell option '#| not yaml: [' — write '#| option: value'"),
    ("~~~{python}\nx = 1\n~~~\n",
     "page.qmd:1: Quarto does not run a cell opened with ~~~ — open it with ```{python} and close it with ```"),
    ("Text.\n\n~~~\n```{python}\nx = 1\n```\n~~~\n",
     "page.qmd:4: Quarto runs this cell, though it is inside the code block opened at page.qmd:3 (it runs every "
     "```{python} line, in a code block or not) — take the cell out of that code block, or write ```python to "
     "show code that is not run"),
    ("````\n```{python}\nx = 1\n```\n````\n",
     "page.qmd:2: Quarto runs this cell, though it is inside the code block opened at page.qmd:1 (it runs every "
     "```{python} line, in a code block or not) — take the cell out of that code block, or write ```python to "
     "show code that is not run"),
    ("```{python3}\nx = 1\n```\n",
     "page.qmd:1: Quarto does not run a cell opened with ```{python3} — open it with ```{python}"),
    ("```{python}\nx = 1\n  ```\n\nText.\n",
     "page.qmd:3: the cell's closing ``` is indented: Quarto ends a cell only at a line of ``` at the start of "
     "the line — start the line with the backticks"),
    ("```{python}\nx = 1\n````\n\nText.\n",
     "page.qmd:3: the cell is closed by ````, which Quarto does not take as the end of a cell opened with ``` "
     "— close it with a line of ```"),
    ("Text.\n\n  ```{python}\n  x = 1\n  ```\n",
     "page.qmd:3: this cell's opening ``` is indented: Quarto would print its output indented too — "
     "start the line with the backticks"),
    ("Text.\n\n    ```{python}\n    x = 1\n    ```\n",
     "page.qmd:3: this cell's opening ``` is indented: Quarto would print its output indented too — "
     "start the line with the backticks"),
    ("Watch {{< video film.mp4 >}} now.\n",
     "page.qmd:1: the shortcode {{< video >}} is not supported — use {{< include file >}} or plain markdown"),
    ("Text {{< include part.md >}} inline.\n",
     "page.qmd:1: {{< include >}} must be on a line of its own — move it to its own line"),
    ("{{< include _missing.md >}}\n",
     "page.qmd:1: cannot include '_missing.md': file not found — fix the path (it is relative to the page, "
     "even in an included file; start it with / to give it from the project's folder)"),
    ("::: {.panel-tabset}\n\n## A\n\n:::\n",
     "page.qmd:1: the '.panel-tabset' layout is not supported by the embedded engine — "
     "use plain markdown sections instead"),
    ("::: {.callout-danger}\nCareful.\n:::\n",
     "page.qmd:1: '.callout-danger' is not a callout type the engine knows — use one of: callout-caution, "
     "callout-important, callout-note, callout-tip, callout-warning"),
    ("::: {.content-visible}\nWeb only.\n:::\n",
     "page.qmd:1: a conditional div needs a condition: when-profile=\"…\" or unless-profile=\"…\" — "
     "write ::: {.content-visible when-profile=\"2025\"} (or .content-hidden, or unless-profile=\"…\")"),
    ("::: {.content-visible when-format=\"html\"}\nWeb only.\n:::\n",
     "page.qmd:1: the condition 'when-format' is not supported by the embedded engine (only when-profile and "
     "unless-profile) — write ::: {.content-visible when-profile=\"2025\"} (or .content-hidden, or "
     "unless-profile=\"…\")"),
    ("::: {.content-hidden .callout-note when-profile=\"2025\"}\nA note.\n:::\n",
     "page.qmd:1: a conditional div may carry only its one class (.content-visible or .content-hidden) — "
     "write ::: {.content-visible when-profile=\"2025\"} (or .content-hidden, or unless-profile=\"…\")"),
    ("::: {.note when-format=\"html\"}\nWeb only.\n:::\n",
     "page.qmd:1: the div attributes '{.note when-format=\"html\"}' are not supported — remove the layout/condition"),
    ("Read [the 2025 words]{.content-visible when-profile=\"2025\"} here.\n",
     "page.qmd:1: conditional text inside a paragraph is not supported by the embedded engine — "
     "put the text in its own ::: {.content-visible when-profile=\"…\"} div"),
    ("```{.python .content-hidden when-profile=\"2025\"}\nx = 1\n```\n",
     "page.qmd:1: a conditional code block is not supported by the embedded engine — "
     "put the code block inside a ::: {.content-visible when-profile=\"…\"} div"),
    ("::: {#fig-group}\n![A](a.png)\n:::\n",
     "page.qmd:1: figure labels on divs are not supported — "
     "label the cell ('#| label: fig-…') or the image ('![cap](x.png){#fig-…}')"),
    ("::: {#tbl-x .wide}\n\n| a |\n|---|\n| 1 |\n\nCaption\n\n:::\n",
     "page.qmd:1: a table's div may carry its label alone — write ::: {#tbl-…} on the line, with the table's "
     "cell and then its caption inside"),
    ("::: {#tbl-x}\n\n```{python}\n1\n```\n\n:::\n",
     "page.qmd:1: the table div {#tbl-x} does not end with its caption (it ends with the table's cell): Quarto "
     "would print the table with no caption — write the div as the table's cell (or a pipe table) and then its "
     "caption, a paragraph"),
    ("::: {#tbl-x}\n\n```{python}\n1\n```\n\nThe caption\n",
     "page.qmd:1: this table's div is never closed — end it with a line ':::' after its caption"),
    ("| a |\n|---|\n| 1 |\n\n: Caption {#tbl-x}\n",
     "page.qmd:5: table labels in markdown are not supported — give the table a '#| label: tbl-…' in the cell "
     "that makes it"),
    ("Inline `{r} 1 + 1` here.\n",
     "page.qmd:1: inline `{r}` expressions are not supported — use `{python} …`"),
    ("See @sec-intro.\n",
     "page.qmd:1: '@sec-intro' cross-references are not supported — link to the heading with [text](#id)"),
    ("As shown [@smith2020].\n",
     "page.qmd:1: citations are not supported by the embedded engine — write the reference out in full"),
    ("Email us @luton.\n",
     "page.qmd:1: '@luton' would be read as a citation, which is not supported — write \\@ for a literal @"),
], ids=lambda v: v.split(":", 2)[-1][:40] if v.startswith("page") else None)
def test_syntax_the_engine_does_not_implement_is_refused_with_its_line(tmp_path, text, expected):
    assert refusals(tmp_path, text) == [expected]


WRITE_THE_DIV = "write the div as the table's cell (or a pipe table) and then its caption, a paragraph"
TABLE = "| a |\n|---|\n| 1 |\n\n"


@pytest.mark.parametrize("last, named", [
    ("- a list item as the last block", "a list"),
    ("1. a numbered item", "a numbered list"),
    ("> a quote", "a quote"),
    ("<p>raw HTML</p>", "raw HTML"),
    ("| b |\n|---|\n| 2 |", "a table"),
    ("Term\n: a definition", "a definition list"),
])
def test_a_table_div_not_ending_with_a_paragraph_is_refused_as_quarto_would_leave_it_uncaptioned(tmp_path, last, named):
    """Quarto takes a table div's last block as its caption only when pandoc reads it as a paragraph;
    after a list, a quote or raw HTML it prints an uncaptioned "Table N" (checked with Quarto 1.10.18),
    so such a div is refused with its line, whatever the last block is, not numbered with no caption."""
    assert refusals(tmp_path, f"See @tbl-x.\n\n::: {{#tbl-x}}\n\n{TABLE}{last}\n\n:::\n") == [
        f"page.qmd:3: the table div {{#tbl-x}} does not end with its caption (it ends with {named}): Quarto would "
        f"print the table with no caption — {WRITE_THE_DIV}"]


def test_a_table_div_holding_its_caption_alone_is_refused(tmp_path):
    """With nothing before it, Quarto does not take the paragraph as a caption (quarto-cli
    common/refs.lua, refCaptionFromDiv: more than one block) and prints the sentence as the table."""
    assert refusals(tmp_path, "::: {#tbl-only}\n\nOnly a caption, no table\n\n:::\n") == [
        "page.qmd:1: the table div {#tbl-only} holds its caption alone: Quarto takes the last paragraph as the "
        f"caption only after the table, and would print the sentence as the table — {WRITE_THE_DIV}"]


def test_a_table_div_holds_one_table_and_a_cell_in_it_no_label_of_its_own(tmp_path):
    """Two tables would share one number and caption; a labelled cell inside is a sub-table under
    Quarto; a paragraph before the table is not the table. Each is refused at its line."""
    assert refusals(tmp_path, f"::: {{#tbl-two}}\n\n{TABLE}{TABLE}Two tables, one caption\n\n:::\n") == [
        "page.qmd:1: the table div {#tbl-two} holds 2 tables: its one caption and number cannot name each — "
        "give each table a div of its own, with its own label and caption"]
    assert refusals(tmp_path, "::: {#tbl-x}\n\n```{python}\n#| label: tbl-y\n1\n```\n\nThe caption\n\n:::\n") == [
        "page.qmd:4: the cell in the table div {#tbl-x} has a label of its own (tbl-y): Quarto would make its table "
        "a sub-table of tbl-x — remove the cell's '#| label:' line: the div gives the table its label and caption"]
    assert refusals(tmp_path, f"::: {{#tbl-x}}\n\nSome words first.\n\n{TABLE}The caption\n\n:::\n") == [
        "page.qmd:1: the table div {#tbl-x} holds a paragraph beside its table before its caption — "
        f"{WRITE_THE_DIV}; put other text before or after the div"]
    assert refusals(tmp_path, "::: {#tbl-x}\n\n- a list\n\nThe caption\n\n:::\n") == [
        "page.qmd:1: the table div {#tbl-x} holds a list and no table before its caption — "
        f"{WRITE_THE_DIV}; put other text before or after the div"]


def test_a_table_div_of_a_cell_or_a_pipe_table_and_a_caption_is_read(tmp_path):
    """The two forms Quarto and the engine number alike: the caption may run over lines and hold an
    inline expression."""
    doc = read(tmp_path, "::: {#tbl-x}\n\n```{python}\n1\n```\n\nThe `{python} 2` rows,\nby year\n\n:::\n\n"
                         f"::: {{#tbl-y}}\n\n{TABLE}The other *table*\n\n:::\n")
    assert [(label.name, label.loc.line) for label in doc.labels] == [("tbl-x", 1), ("tbl-y", 12)]


def test_an_email_address_and_code_are_not_references(tmp_path):
    doc = read(tmp_path, "Write to team@example.org or run `x @ y`.\n")
    assert doc.refs == []


def test_an_at_sign_inside_an_html_tag_or_an_attribute_list_is_not_a_citation(tmp_path):
    # pandoc reads neither a raw HTML tag's attributes nor an attribute list as text: a chart's alt
    # text or a table's label may name something "@home" without being refused
    text = ('<img src="a.svg" alt="Visits @home: 3">\n\n'
            '::: {.table-wrap aria-label="Visits @home"}\nA [link](x.html){title="@home"}.\n:::\n')
    assert read(tmp_path, text).refs == []  # (read refuses what it cannot take)
    assert read(tmp_path, '## Visits {#visits data-x="@home"}\n').refs == []
    cited = "page.qmd:1: '@smith' would be read as a citation, which is not supported — write \\@ for a literal @"
    for text in ("Text<br>@smith says.\n", "Cost (2019){@smith} here.\n"):
        assert refusals(tmp_path, text) == [cited], text
    assert refusals(tmp_path, "a<b, see [@smith] and c>d\n") == [
        "page.qmd:1: citations are not supported by the embedded engine — write the reference out in full"]
    assert refusals(tmp_path, '<span title="x">Visits @home</span>\n') == [
        "page.qmd:1: '@home' would be read as a citation, which is not supported — write \\@ for a literal @"]


def test_circular_and_front_matter_includes_are_refused_in_the_including_file(tmp_path):
    write(tmp_path, "_loop.md", "{{< include page.qmd >}}\n")
    write(tmp_path, "_meta.md", "---\ntitle: X\n---\n")
    assert refusals(tmp_path, "{{< include _loop.md >}}\n\n{{< include _meta.md >}}\n") == [
        "_loop.md:1: 'page.qmd' includes itself (directly or through another include) — remove the circular include",
        "page.qmd:3: '_meta.md' starts with YAML front matter, which included files may not have — "
        "remove the front matter from the included file",
    ]


def test_every_problem_in_a_file_is_reported_at_once(tmp_path):
    lines = refusals(tmp_path, "---\ntitle: T\ntoc-depth: 2\n---\n\nSee @sec-a.\n\n```{r}\nx\n```\n"
                               "\n{{< video v.mp4 >}}\n")
    assert [line.split(":")[1] for line in lines] == ["3", "6", "8", "12"]


def test_front_matter_keys_are_found_by_the_yaml_reader_not_by_their_spelling(tmp_path):
    """A key written in quotes is still found on its own line."""
    assert refusals(tmp_path, '---\ntitle: T\n"format": html\n---\n') == [
        "page.qmd:3: the front-matter option 'format' is not supported by the embedded engine — remove it, "
        "or use one of: body-classes, description, execute, jupyter, subtitle, title, toc"]


def test_front_matter_aliases_and_repeated_keys_are_refused(tmp_path):
    assert refusals(tmp_path, "---\ntitle: &t Numbers\nsubtitle: *t\ntitle: Again\n---\n") == [
        "page.qmd:3: uses the YAML alias *t — write the value out in full; anchors (&) and aliases (*) are not allowed"]
    assert refusals(tmp_path, "---\ntitle: Numbers\ntoc: true\ntitle: Again\n---\n") == [
        "page.qmd:4: the key 'title' is written twice (first on line 2) — keep one of the two lines"]


@pytest.mark.parametrize("text", [
    "Text.\n\n<!--\n::: {.callout-note}\nAn old note, commented out.\n-->\n\nMore.\n",  # pandoc keeps a comment as it is
    "Text.\n\n<!-- ::: {.callout-note} -->\n\nMore.\n",
    "Text.\n\n    ::: {.x}\n\nEnd.\n",  # indented four spaces after a blank line: a line of code
    "- An item\n\n    ::: {.callout-note}\n    Inside the item.\n    :::\n",
])
def test_a_div_fence_in_a_comment_or_an_indented_line_is_not_a_div_left_open(tmp_path, text):
    assert read(tmp_path, "---\ntitle: T\n---\n\n" + text).meta["title"] == "T"


def test_a_div_left_open_after_a_closed_comment_is_still_refused(tmp_path):
    lines = refusals(tmp_path, "---\ntitle: T\n---\n\n<!-- a note -->\n\n::: {.callout-note}\nLeft open.\n")
    assert any("page.qmd:7: the div opened here (::: {.callout-note}) is never closed" in line for line in lines)
