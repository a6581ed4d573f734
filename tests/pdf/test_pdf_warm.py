"""`luton2040 build` starts its PDF process while the site is still being made, so that WeasyPrint is
imported and warmed up by the time the pages are written: what that process prints is byte for byte
what a fresh process prints, its problems are reported as before, and one that is not needed ends."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from luton2040.build import PdfAlongside
from luton2040.errors import BuildError
from luton2040.pdf import build_pdf

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "site"
PDF = "testtown-report-2025.pdf"


@pytest.fixture
def project(tmp_path) -> Path:
    return Path(shutil.copytree(FIXTURE, tmp_path / "project"))


def test_a_warmed_pdf_process_prints_what_a_fresh_one_prints(project, tmp_path):
    fresh = Path(shutil.copytree(FIXTURE, tmp_path / "fresh"))
    expected = build_pdf(fresh, fresh / "_site").read_bytes()
    printer = PdfAlongside(project)
    printer.warm()
    printer.start(project / "_site", {})
    printer.wait()
    assert (project / "_site" / PDF).read_bytes() == expected


def test_a_warmed_pdf_process_says_when_it_has_settled_before_it_writes_the_pdf(project):
    """``luton2040 build`` runs the search index beside the PDF's front, folio and merge: the
    process says so on its standard output once the pages are printed, and says nothing else."""
    from luton2040.build import SETTLED

    printer = PdfAlongside(project)
    printer.warm()
    printer.start(project / "_site", {})
    assert printer.job.stdout.readline() == (SETTLED + "\n").encode()
    assert printer.job.stdout.read() == b""  # (nothing else: any other output goes with its errors)
    printer.wait()
    assert (project / "_site" / PDF).is_file()


def test_the_pdf_settles_once_its_pages_are_printed_before_the_book_is_merged(project):
    target = project / "_site" / PDF
    told = []
    build_pdf(project, project / "_site", lambda: told.append(target.exists()))
    assert told == [False] and target.is_file()
    told.clear()
    build_pdf(project, project / "_site", lambda: told.append("again"))  # (the same inputs: the kept PDF)
    assert told == ["again"]


def test_after_one_page_changed_the_pdf_says_so_before_printing_it(project):
    """One part to print keeps one core busy: the search index can be made beside it."""
    build_pdf(project, project / "_site")
    page = project / "_site" / "chapters" / "poverty.html"
    page.write_text(page.read_text(encoding="utf-8").replace("</main>", "<p>One more sentence.</p></main>", 1),
                    encoding="utf-8")
    parts = sorted((project / ".luton2040-cache" / "pdf").glob("*/parts"))
    assert len(parts) == 1
    before = set(parts[0].glob("*.pdf"))
    seen = []
    build_pdf(project, project / "_site", lambda: seen.append(set(parts[0].glob("*.pdf"))))
    assert seen == [before] and set(parts[0].glob("*.pdf")) - before  # (the new part printed after it said so)


def test_a_picture_changed_under_an_unchanged_page_is_not_taken_for_a_light_print(project):
    """A chart redrawn reprints every page that shows it, though no page's HTML changed: the page
    cache, which the early 'settled' counts on, no longer holds such a page."""
    from luton2040.pdf.book import read_book, read_priorities
    from luton2040.pdf.page_cache import PageCache
    from luton2040.pdf.parts import BookPages
    from luton2040.pdf.site_files import SiteFiles
    from luton2040.pdf.workers import package_digest

    def kept() -> list[str]:
        book = read_book(project)
        pages = PageCache(next((project / ".luton2040-cache" / "pdf").glob("*/pages")),
                          SiteFiles(project / "_site", book), package_digest())
        maps = BookPages.of(book, read_priorities(project), project / "_site").priority_maps()
        return [page.html for page in book.pages if pages.kept(page, *maps)]

    build_pdf(project, project / "_site")
    everything = kept()
    assert "chapters/net-zero.html" in everything
    picture = project / "_site" / "chapters" / "figures" / "trend.png"
    picture.write_bytes(picture.read_bytes() + b"\0")
    assert kept() == [html for html in everything if html != "chapters/net-zero.html"]


def test_a_warmed_pdf_process_reports_a_missing_page(project):
    (project / "_site" / "chapters" / "poverty.html").unlink()
    printer = PdfAlongside(project)
    printer.warm()
    printer.start(project / "_site", {})
    with pytest.raises(BuildError, match=r"the PDF could not be printed:\n(.|\n)*_site/chapters/poverty.html: not found "
                                         r"\(from chapters/poverty.qmd in _quarto.yml\)"):
        printer.wait()


def test_a_warmed_pdf_process_that_is_given_no_pages_ends_with_the_build(project):
    printer = PdfAlongside(project)
    printer.warm()
    waiting = printer.waiting
    printer.stop()
    assert waiting.poll() is not None and printer.waiting is None
    assert not (project / "_site" / PDF).exists()


def test_the_build_knows_ahead_whether_the_newest_edition_is_kept_and_needs_no_pdf_process(tmp_path):
    from luton2040.build import _kept
    from luton2040.engine.cache import FrozenOutputs

    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "index.html").write_text("<p>kept</p>")
    assert not _kept(tmp_path, "key-1")
    FrozenOutputs(tmp_path).store("", "key-1", tmp_path / "out", set())
    assert _kept(tmp_path, "key-1")
    assert not _kept(tmp_path, "key-2") and not _kept(tmp_path, None)


def test_the_pdf_process_gets_ready_while_changed_inputs_are_checked_and_not_when_the_check_is_reused(
        tmp_path, monkeypatch):
    import luton2040.build
    from luton2040.build import Check
    from luton2040.errors import Checked
    from luton2040.freeze import Inputs
    from project_copy import copy_project

    project = copy_project(tmp_path / "project")
    monkeypatch.setattr(luton2040.build, "check_project", lambda root, sound=None: Checked())  # (the real one takes a second)
    started = []
    Check(Inputs(project), beside=False, meanwhile=lambda: started.append("checked"))
    Check(Inputs(project), beside=False, meanwhile=lambda: started.append("reused"))
    (project / "partners" / "poverty" / "new-partner.md").write_text(
        "---\norganisation: New\npriority: poverty\nedition: 2025\norder: 5\n---\n\nWords.\n")
    Check(Inputs(project), beside=False, meanwhile=lambda: started.append("changed"))
    assert started == ["checked", "changed"]


def test_the_pdf_process_is_started_once_the_books_pages_are_ready_not_the_measure_pages():
    """The build starts the PDF as soon as the pages it names (``needs``) are written and checked:
    exactly the pages the print reads (``pdf.book.read_book``: the sidebar's, in its order), so
    none of the measure pages, which are written while it prints."""
    from luton2040.engine.config import load
    from luton2040.pdf.book import read_book

    root = Path(__file__).resolve().parents[2]
    needs = PdfAlongside.needs(load(root))
    assert needs == [page.source for page in read_book(root).pages]
    assert "appendix/measures.qmd" in needs and "index.qmd" in needs
    assert not [page for page in needs if page.startswith("measures/")]
