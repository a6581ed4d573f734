"""`luton2040 serve` keeps its process, and what it parsed, between saves: each save must still show
every file as it now is — a data file, a partner file, a page's included prose, ``_quarto.yml`` —
and a save that breaks an input shows the problem while the last good pages stay."""
from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest

from luton2040.serve import Preview

ROOT = Path(__file__).resolve().parents[2]

OBSERVATION = "destitution,all,luton,2023,2023-12-31,{},ok,false,,"


@pytest.fixture
def preview(book):
    shown = Preview(book, out=io.StringIO())
    shown.start_pdf = lambda: None  # the pages are what these tests read
    yield shown
    shown.close_kernel()


def _edit(path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def _page(book, rel: str) -> str:
    return (book / "_site" / rel).read_text(encoding="utf-8")


def test_every_save_shows_the_files_as_they_now_are(preview, book):
    assert preview.rebuild()
    assert "Destitution now stands at 9.9" in _page(book, "index.html")

    _edit(book / "data/observations.csv", OBSERVATION.format("9.9"), OBSERVATION.format("8.8"))
    assert preview.rebuild()
    assert "Destitution now stands at 8.8" in _page(book, "index.html")

    partner = next((book / "partners/net-zero").glob("*.md"))
    _edit(partner, "\n---\n", "\n---\n\nA sentence saved a moment ago.\n")
    assert preview.rebuild()
    assert "A sentence saved a moment ago." in _page(book, "chapters/net-zero.html")

    (book / "chapters/_prose.qmd").write_text("Words from an included file.\n", encoding="utf-8")
    _edit(book / "chapters/poverty.qmd", "\n---\n", "\n---\n\n{{< include _prose.qmd >}}\n")
    assert preview.rebuild()
    assert "Words from an included file." in _page(book, "chapters/poverty.html")
    (book / "chapters/_prose.qmd").write_text("Newer words from the included file.\n", encoding="utf-8")
    assert preview.rebuild()
    page = _page(book, "chapters/poverty.html")
    assert "Newer words from the included file." in page and "Words from an included file." not in page

    _edit(book / "_quarto.yml", 'title: "Luton 2040 Progress Report 2025"', 'title: "A retitled report"')
    assert preview.rebuild()
    assert "A retitled report" in _page(book, "chapters/net-zero.html")


def test_a_broken_save_shows_its_problem_and_keeps_the_last_good_pages(preview, book):
    assert preview.rebuild()
    observations = book / "data/observations.csv"
    line = observations.read_text(encoding="utf-8").splitlines().index(OBSERVATION.format("9.9")) + 1
    _edit(observations, OBSERVATION.format("9.9"), OBSERVATION.format("8.8"))
    assert preview.rebuild()

    _edit(observations, OBSERVATION.format("8.8"), OBSERVATION.format("lots"))
    assert not preview.rebuild()
    assert preview.state()[1] == [f'data/observations.csv:{line}:value: "lots" is not a number — '
                                  "write digits with a dot for decimals, e.g. 12.3, or leave the cell blank"]
    assert "Destitution now stands at 8.8" in _page(book, "index.html")

    _edit(observations, OBSERVATION.format("lots"), OBSERVATION.format("7.7"))
    assert preview.rebuild()
    assert preview.state()[1] == []
    assert "Destitution now stands at 7.7" in _page(book, "index.html")


def test_the_search_index_follows_the_pages_and_the_last_one_serves_meanwhile(book):
    """A preview's pages are shown before they are indexed for search: the previous index goes into
    the new site at once, and the project's own search script indexes the new pages afterwards."""
    (book / "scripts").mkdir(exist_ok=True)
    shutil.copy(ROOT / "scripts" / "search_index.py", book / "scripts" / "search_index.py")
    _edit(book / "_quarto.yml", "  output-dir: _site\n", "  output-dir: _site\n  post-render:\n    - scripts/search_index.py\n")
    preview = Preview(book, out=io.StringIO())
    preview.start_pdf = lambda: None
    carried = []
    keep = preview.keep_search_index
    preview.keep_search_index = lambda staging: (keep(staging), carried.append((staging / "pagefind").is_dir()))
    try:
        assert preview.rebuild()
        assert preview.search.wait(timeout=120) == 0
        entry = book / "_site/pagefind/pagefind-entry.json"
        first = entry.read_text(encoding="utf-8")

        partner = next((book / "partners/net-zero").glob("*.md"))
        _edit(partner, "\n---\n", "\n---\n\nWindmills everywhere.\n")
        assert preview.rebuild()
        assert carried == [False, True]  # the first build had no index to keep; the second kept it
        assert preview.search.wait(timeout=120) == 0
        assert entry.read_text(encoding="utf-8") != first, "the new pages were indexed"
    finally:
        preview.stop_search()
        preview.close_kernel()
