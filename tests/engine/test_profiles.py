"""Quarto profiles in the engine: _quarto-<profile>.yml merged over _quarto.yml (mappings merge,
lists are joined), QUARTO_PROFILE exported to scripts and the kernel, the announcement banner."""
from __future__ import annotations

from pathlib import Path

import pytest

from luton2040.engine.build import build
from luton2040.engine import config as config_mod
from luton2040.engine import settings
from luton2040.errors import InputError

BASE = """project:
  type: website
  pre-render: record.py
profile:
  default: one
website:
  title: Base
  page-footer: Someone
  sidebar:
    tools:
      - href: a.pdf
        text: A
    contents:
      - index.qmd
"""


def test_merge_is_quartos():
    """As quarto-cli v1.7.34 merges a profile (src/config/metadata.ts, mergeProjectMetadata;
    src/core/config.ts, mergeArrayCustomizer): lists are joined, base first, each value once."""
    assert settings.merge({"a": {"x": 1, "y": [1, 2]}, "b": 2}, {"a": {"y": [3, 1]}, "c": 4}) == \
        {"a": {"x": 1, "y": [1, 2, 3]}, "b": 2, "c": 4}
    # a single value joins a list as a list of one; an empty side leaves the other
    assert settings.merge({"css": "a.css"}, {"css": ["b.css"]}) == {"css": ["a.css", "b.css"]}
    assert settings.merge({"css": None}, {"css": ["b.css"]}) == {"css": ["b.css"]}
    assert settings.merge({"render": ["/a.qmd", "/b.qmd"]}, {"render": ["!/b.qmd"]}) == \
        {"render": ["/a.qmd", "/b.qmd", "!/b.qmd"]}
    # a sidebar's contents given as one string is replaced
    assert settings.merge({"contents": "auto"}, {"contents": ["index.qmd"]}) == {"contents": ["index.qmd"]}


@pytest.fixture
def book(tmp_path: Path) -> Path:
    (tmp_path / "_quarto.yml").write_text(BASE)
    (tmp_path / "_quarto-one.yml").write_text("website:\n  title: One\n")
    (tmp_path / "_quarto-two.yml").write_text(
        "website:\n  title: Two\n  sidebar:\n    tools:\n      - href: b.pdf\n        text: B\n")
    (tmp_path / "_quarto-banner.yml").write_text(
        "website:\n  announcement:\n    content: 'Old. [Newest](../index.html)'\n    type: warning\n")
    (tmp_path / "record.py").write_text(
        "import os\nopen('profile.txt', 'w').write(os.environ.get('QUARTO_PROFILE', '-'))\n")
    (tmp_path / "index.qmd").write_text(
        "---\ntitle: Home\n---\n\nProfile `{python} __import__('os').environ.get('QUARTO_PROFILE', '-')`.\n")
    return tmp_path


def test_profiles_merge_in_order(book, monkeypatch):
    monkeypatch.delenv("QUARTO_PROFILE", raising=False)
    assert config_mod.load(book).title == "One"  # profile.default
    two = config_mod.load(book, "two")
    # Quarto 1.7.34 (`quarto render --profile two` of this book) shows both tools: lists are joined
    assert (two.title, two.page_footer, [t.href for t in two.tools]) == ("Two", "Someone", ["a.pdf", "b.pdf"])
    # the first profile named wins (src/project/project-profile.ts merges them in reverse order);
    # Quarto 1.7.34 titles this book's pages "Two" with --profile two,one
    assert config_mod.load(book, "two,one").title == "Two"
    assert config_mod.load(book, "one,two").title == "One"
    monkeypatch.setenv("QUARTO_PROFILE", "two")
    assert config_mod.load(book).title == "Two"


def test_a_bad_profile_file_is_named_with_its_line(book):
    (book / "_quarto-two.yml").write_text("website:\n  title: Two\n  x: [1\n  y: 2\n")
    with pytest.raises(InputError) as err:
        config_mod.load(book, "two")
    assert err.value.lines() == [
        "_quarto-two.yml:4: is not valid YAML (expected ',' or ']', but got ':') — fix the indentation or quoting"]


def test_a_profile_key_problem_names_the_profile_line_not_quarto_yml(book):
    (book / "_quarto-two.yml").write_text("website:\n  title: Two\n  sidebar:\n    colour: red\n")
    with pytest.raises(InputError) as err:
        config_mod.load(book, "two")
    assert err.value.lines() == [
        "_quarto-two.yml:4: the option 'website.sidebar.colour' is not supported by the embedded engine — "
        "remove it, or use one of: contents, logo, logo-alt, tools"]


def test_a_key_written_twice_in_a_profile_is_refused_with_both_lines(book):
    (book / "_quarto-two.yml").write_text("website:\n  title: Two\n  title: Three\n")
    with pytest.raises(InputError) as err:
        config_mod.load(book, "two")
    assert err.value.lines() == [
        "_quarto-two.yml:3: the key 'title' is written twice (first on line 2) — keep one of the two lines"]


def test_profile_reaches_scripts_kernel_and_pages(book, monkeypatch):
    monkeypatch.delenv("QUARTO_PROFILE", raising=False)
    out = book / "_site"
    build(book, quiet=True, profile="two,banner")
    assert (book / "profile.txt").read_text() == "two,banner"
    page = (out / "index.html").read_text()
    assert "Profile two,banner." in page and "<title>Home – Two</title>" in page
    assert 'id="quarto-announcement"' in page and 'href="../index.html">Newest</a>' in page
    build(book, quiet=True, profile="one")  # the cache must not hand back the other profile's output
    page = (out / "index.html").read_text()
    assert "Profile one." in page and "quarto-announcement" not in page
    again = build(book, quiet=True, profile="two,banner")  # each profile keeps its own cache entries
    assert again.executed == [] and again.cached == ["index.qmd"]


def _edition(folder: Path, year: int, pdf_name: str) -> None:
    (folder / "data" / "editions").mkdir(parents=True, exist_ok=True)
    (folder / "data" / "editions" / f"{year}.yml").write_text(
        f"year: {year}\ntitle: R {year}\nsubtitle: S\npublication_date: {year}-01-31\n"
        f"data_cutoff: {year - 1}-12-31\npdf_name: {pdf_name}\n")


def test_pdf_step_names_its_file_after_the_profiles_edition(book, monkeypatch):
    from luton2040.pdf.book import read_book

    monkeypatch.delenv("QUARTO_PROFILE", raising=False)
    (book / "_quarto-2030.yml").write_text("website:\n  title: R 2030\n")
    _edition(book, 2030, "report-2030")
    _edition(book, 2031, "report-2031")
    found = read_book(book)  # profile.default is 'one': no year, so the newest edition
    assert (found.title, found.output_file, found.date.isoformat()) == ("One", "report-2031", "2031-01-31")
    monkeypatch.setenv("QUARTO_PROFILE", "2030,past")
    found = read_book(book)
    assert (found.title, found.output_file, found.date.isoformat()) == ("R 2030", "report-2030", "2030-01-31")


def test_pdf_step_refuses_a_profile_year_without_an_edition_file(book, monkeypatch):
    from luton2040.pdf.book import read_book

    monkeypatch.setenv("QUARTO_PROFILE", "2029")
    _edition(book, 2030, "report-2030")
    with pytest.raises(InputError) as err:
        read_book(book)
    assert [str(p) for p in err.value.problems] == [
        "data/editions/2029.yml: the PDF needs this edition's file (its subtitle, date and PDF name) — "
        "create it with `luton2040 new-edition`, or copy last year's"]


def test_banner_links_are_written_as_quarto_writes_them_on_every_page():
    from luton2040.engine.site import announcement_html

    banner = "Old. [Home](../index.html), [data](downloads.qmd#zip), [live](https://example.org/)."
    assert announcement_html(banner, "chapters/x.html") == (
        'Old. <a href="../index.html">Home</a>, <a href="downloads.html#zip">data</a>, '
        '<a href="https://example.org/">live</a>.')


def test_banner_footer_and_description_get_pandocs_typography_as_under_quarto():
    """Quarto reads them as pandoc markdown with "smart" on: curly quotes, dashes and ellipses, in
    the text only (a link's address is left alone); (c) stays as written."""
    from luton2040.engine.site import announcement_html

    text = "Each year's 'good' and \"very\" -- 2025---26... (c) [a--b](x--y.qmd)"
    assert announcement_html(text, "chapters/x.html") == (
        "Each year’s ‘good’ and “very” – 2025—26… (c) <a href=\"x--y.html\">a–b</a>")


def test_one_pages_description_leaves_nothing_behind_for_the_next():
    """The markdown parser is built once for the whole site, yet each description is read on its
    own: a link defined in one page's description does not resolve in another's."""
    from luton2040.engine.site import announcement_html

    assert announcement_html("[data]: downloads.qmd\n\nSee [data].", "a.html") == 'See <a href="downloads.html">data</a>.'
    assert announcement_html("See [data].", "b.html") == "See [data]."
