"""Quarto profiles in the engine: _quarto-<profile>.yml merged over _quarto.yml (mappings merge,
lists replace), QUARTO_PROFILE exported to scripts and the kernel, the announcement banner."""
from __future__ import annotations

from pathlib import Path

import pytest

from luton2040.engine import build
from luton2040.engine import config as config_mod
from luton2040.errors import InputError

BASE = """project:
  type: book
  pre-render: record.py
profile:
  default: one
book:
  title: Base
  author: Someone
  sidebar:
    tools:
      - href: a.pdf
        text: A
  chapters:
    - index.qmd
"""


def test_merge_is_quartos():
    assert config_mod.merge({"a": {"x": 1, "y": [1, 2]}, "b": 2}, {"a": {"y": [3]}, "c": 4}) == \
        {"a": {"x": 1, "y": [3]}, "b": 2, "c": 4}


@pytest.fixture
def book(tmp_path: Path) -> Path:
    (tmp_path / "_quarto.yml").write_text(BASE)
    (tmp_path / "_quarto-one.yml").write_text("book:\n  title: One\n")
    (tmp_path / "_quarto-two.yml").write_text(
        "book:\n  title: Two\n  sidebar:\n    tools:\n      - href: b.pdf\n        text: B\n")
    (tmp_path / "_quarto-banner.yml").write_text(
        "book:\n  announcement:\n    content: 'Old. [Newest](../index.html)'\n    type: warning\n")
    (tmp_path / "record.py").write_text(
        "import os\nopen('profile.txt', 'w').write(os.environ.get('QUARTO_PROFILE', '-'))\n")
    (tmp_path / "index.qmd").write_text(
        "---\ntitle: Home\n---\n\nProfile `{python} __import__('os').environ.get('QUARTO_PROFILE', '-')`.\n")
    return tmp_path


def test_profiles_merge_in_order(book, monkeypatch):
    monkeypatch.delenv("QUARTO_PROFILE", raising=False)
    assert config_mod.load(book).title == "One"  # profile.default
    two = config_mod.load(book, "two")
    assert (two.title, two.author, [t.href for t in two.tools]) == ("Two", "Someone", ["b.pdf"])
    assert config_mod.load(book, "two,one").title == "One"  # the last one wins
    monkeypatch.setenv("QUARTO_PROFILE", "two")
    assert config_mod.load(book).title == "Two"


def test_a_bad_profile_file_is_named(book):
    (book / "_quarto-two.yml").write_text("book: [\n")
    with pytest.raises(InputError) as err:
        config_mod.load(book, "two")
    assert err.value.problems[0].file == "_quarto-two.yml"


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


def test_pdf_step_reads_the_profile_and_names_its_file(book, monkeypatch):
    from luton2040.pdf.book import read_book

    monkeypatch.delenv("QUARTO_PROFILE", raising=False)
    (book / "_quarto-one.yml").write_text('book:\n  title: One\n  date: "2030-01-31"\n  output-file: one-2030\n')
    assert read_book(book).output_file == "one-2030"
    (book / "_quarto-one.yml").write_text('book:\n  title: One\n  date: "31 January 2030"\n')
    with pytest.raises(InputError) as err:
        read_book(book)
    assert err.value.problems[0].file == "_quarto-one.yml" and err.value.problems[0].line == 3
