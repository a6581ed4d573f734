"""The engine renders the pages `project.render` selects (including pages a pre-render script
generates); a sidebar section with a glob lists them by file name, as Quarto does; pages outside the
sidebar have no previous/next links; the search box is drawn when `website.search` is on."""
from __future__ import annotations

import textwrap

import pytest

from luton2040.engine.build import build
from luton2040.errors import InputError

CONFIG = """\
project:
  type: website
  pre-render: make_pages.py
  render:
    - /index.qmd
    - chapters/*.qmd
    - generated/*.md
    - "!generated/draft-*.md"
website:
  title: Tiny
  search: {search}
  page-navigation: true
  sidebar:
    tools:
      - href: generated/one.md
        text: First generated page
    contents:
      - index.qmd
      - chapters/a.qmd{section}
"""

SCRIPT = """\
from pathlib import Path
out = Path("generated")
out.mkdir(exist_ok=True)
for name in ("one", "two", "draft-three"):
    (out / f"{name}.md").write_text(f"---\\ntitle: Page {name}\\n---\\n\\nGenerated [back](../index.qmd).\\n")
"""


SECTION = """
      - section: Generated
        contents: generated/*.md"""


def make_book(folder, search="true", render=None, section=""):
    folder.mkdir()
    config = CONFIG.format(search=search, section=section)
    if render is not None:
        config = config.replace("    - /index.qmd\n", render)
    (folder / "_quarto.yml").write_text(config)
    (folder / "make_pages.py").write_text(SCRIPT)
    (folder / "index.qmd").write_text("---\ntitle: Home\n---\n\nHello.\n")
    (folder / "chapters").mkdir()
    (folder / "chapters" / "a.qmd").write_text("---\ntitle: A\n---\n\nChapter A.\n")
    (folder / "nested").mkdir()  # matched by no pattern: '/index.qmd' is anchored at the project folder
    (folder / "nested" / "index.qmd").write_text("---\ntitle: Nested\n---\n\n```{r}\n1\n```\n")
    return folder


def test_generated_pages_render_outside_the_reading_order(tmp_path):
    folder = make_book(tmp_path / "book")
    result = build(folder, quiet=True)
    assert sorted(result.pages) == ["chapters/a.html", "generated/one.html", "generated/two.html", "index.html"]
    one = (folder / "_site" / "generated" / "one.html").read_text()
    assert "<title>Page one – Tiny</title>" in one
    assert 'href="../index.html"' in one
    assert 'rel="prev"' not in one and 'rel="next"' not in one  # not in the sidebar: no previous/next
    home = (folder / "_site" / "index.html").read_text()
    assert "Page one" not in home.split('class="sidebar-list"')[1].split("</ol>")[0]  # not in the chapter list
    assert 'href="generated/one.html">First generated page' in home  # a .md tool link points at its page
    assert 'class="site-search"' in home and 'src="site_libs/luton2040-search.js"' in home
    assert "data-pagefind-body" in home
    assert (folder / "_site" / "site_libs" / "luton2040-search.js").is_file()


def test_files_quarto_never_renders_stay_out_even_when_a_glob_selects_them(tmp_path):
    """`generated/*.md` matches them, but Quarto (1.9 and newer, as `pip install quarto-cli` gives)
    never renders a README, CLAUDE.md, AGENTS.md (or their .local.md) or an llms.txt companion
    (projectHiddenIgnoreGlob in src/project/project-context.ts)."""
    folder = make_book(tmp_path / "book")
    (folder / "generated").mkdir()
    for name in ("README.md", "CLAUDE.md", "CLAUDE.local.md", "AGENTS.md", "AGENTS.local.md", "one.llms.md"):
        (folder / "generated" / name).write_text("# Not a page\n")
    result = build(folder, quiet=True)
    assert sorted(result.pages) == ["chapters/a.html", "generated/one.html", "generated/two.html", "index.html"]


def test_a_glob_section_lists_the_generated_pages_by_name_in_the_prev_next_chain(tmp_path):
    folder = make_book(tmp_path / "book", section=SECTION)
    (folder / "make_pages.py").write_text(SCRIPT.replace('("one", "two", "draft-three")', '("two", "One", "draft-three")'))
    build(folder, quiet=True)
    home = (folder / "_site" / "index.html").read_text()
    sidebar = home.split('class="sidebar-list"')[1].split("</ol>")[0]
    # Quarto sorts a glob section by file name, ignoring case: One before two (website-sidebar-auto.ts)
    assert sidebar.index('sidebar-part">Generated') < sidebar.index("Page One") < sidebar.index("Page two")
    assert "draft-three" not in sidebar  # excluded by project.render
    a = (folder / "_site" / "chapters" / "a.html").read_text()
    assert 'rel="next" href="../generated/One.html"' in a
    two = (folder / "_site" / "generated" / "two.html").read_text()
    assert 'rel="prev" href="One.html"' in two and 'rel="next"' not in two


def test_no_search_box_unless_asked(tmp_path):
    folder = make_book(tmp_path / "book", search="false")
    build(folder, quiet=True)
    home = (folder / "_site" / "index.html").read_text()
    assert "site-search" not in home and "data-pagefind-body" not in home


def test_search_must_be_true_or_false(tmp_path):
    folder = make_book(tmp_path / "book", search="{type: overlay}")
    with pytest.raises(InputError) as caught:
        build(folder, quiet=True)
    assert caught.value.lines() == ["_quarto.yml:11: website.search must be true or false (the embedded engine has no search options)"]


def test_a_chapter_left_out_of_render_is_an_error(tmp_path):
    folder = make_book(tmp_path / "book", render="")
    with pytest.raises(InputError) as caught:
        build(folder, quiet=True)
    assert ("_quarto.yml: website.sidebar.contents lists 'index.qmd', but project.render does not select it"
            in "\n".join(caught.value.lines()))


@pytest.mark.parametrize("pattern, expected", [
    ("*.qmd", {"index.qmd", "chapters/a.qmd", "nested/index.qmd", "tests/chapters/a.qmd"}),  # any depth
    ("/*.qmd", {"index.qmd"}),
    ("chapters/", {"chapters/a.qmd"}),  # a plain path: relative to the project folder
    # A wildcard without a leading '/' matches at any depth, even with a folder in it (quarto-cli
    # src/core/path.ts resolveGlobs prefixes '**/'); '/' anchors it.
    ("chapters/*.qmd", {"chapters/a.qmd", "tests/chapters/a.qmd"}),
    ("/chapters/*.qmd", {"chapters/a.qmd"}),
])
def test_glob_semantics(tmp_path, pattern, expected):
    from luton2040.engine.render_list import _glob_regex

    files = ["index.qmd", "chapters/a.qmd", "nested/index.qmd", "README.md", "tests/chapters/a.qmd"]
    assert {f for f in files if _glob_regex(pattern).match(f)} == expected
