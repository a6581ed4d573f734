"""The end of the PDF step, after the book's pages are printed, keeps both processes busy: the folio
of a long book is printed in pieces beside the front, and the pages' parts are merged while the
front and folio print. The book comes out numbered, ordered and laid out as before."""
from __future__ import annotations

import multiprocessing
import re
import shutil
import subprocess
from pathlib import Path

import pytest

import luton2040.pdf.merge
from luton2040.pdf import build_pdf, parts
from luton2040.pdf.book import read_book, read_priorities
from luton2040.pdf.parts import FRONT_AS_FOLIO_PAGES, folio_pieces, split_book
from luton2040.pdf.render import render_pdf
from luton2040.pdf.workers import PartPrinter

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "site"
PDF = "testtown-report-2025.pdf"
WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>')


def words_by_page(pdf: Path) -> list[list[tuple[str, ...]]]:
    """Each page's words with their boxes, as poppler's pdftotext places them."""
    if shutil.which("pdftotext") is None:
        pytest.fail("pdftotext is not installed — run scripts/bootstrap.sh test (or apt-get install poppler-utils)",
                    pytrace=False)
    html = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return [[(text, *box) for *box, text in WORD.findall(page)] for page in html.split("<page ")[1:]]


def page_sizes(pdf: Path) -> list[tuple[str, ...]]:
    html = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return re.findall(r'<page width="([\d.]+)" height="([\d.]+)">', html)


def test_a_folio_printed_in_pieces_numbers_and_places_every_page_as_the_one_folio(tmp_path):
    book = read_book(FIXTURE)
    printed, _, _ = split_book(book, read_priorities(FIXTURE), FIXTURE / "_site")
    shape = [False] * 4 + [True] * 3 + [False] * 5  # the second piece starts on a landscape page
    whole = printed.folio(shape)
    pieces = [printed.folio(shape[:4]), printed.folio(shape[4:9], 5), printed.folio(shape[9:], 10)]
    pdfs = []
    for n, part in enumerate([whole, *pieces]):
        pdfs.append(tmp_path / f"{n}.pdf")
        assert render_pdf(part.html, pdfs[-1], "file:///luton2040-print/", when=book.date) == []
    one = words_by_page(pdfs[0])
    assert [[word[0] for word in page] for page in one] == [[]] + [[str(n)] for n in range(2, len(shape) + 1)]
    assert [page for pdf in pdfs[1:] for page in words_by_page(pdf)] == one
    assert [size for pdf in pdfs[1:] for size in page_sizes(pdf)] == page_sizes(pdfs[0])
    assert [part.name for part in pieces] == ["folio", "folio from page 5", "folio from page 10"]


def test_a_long_books_folio_is_split_so_that_both_processes_end_together():
    for pages in (140, 213, 2000):
        first, second = folio_pieces(pages)
        assert first + second == pages
        assert second - first in (FRONT_AS_FOLIO_PAGES - 1, FRONT_AS_FOLIO_PAGES)  # the front goes beside the first
    assert folio_pieces(61) == [61]  # the report's own book (at 1x): one piece
    assert folio_pieces(12) == [12]


def test_a_book_numbered_from_folio_pieces_reads_and_is_laid_out_as_from_one_folio(warm, tmp_path, monkeypatch):
    project = Path(shutil.copytree(FIXTURE, tmp_path / "project"))
    monkeypatch.setattr(parts, "FOLIO_PIECE_MIN", 2)
    monkeypatch.setattr(parts, "FRONT_AS_FOLIO_PAGES", 2)
    printed, print_parts = [], PartPrinter.print
    monkeypatch.setattr(PartPrinter, "print", lambda self, todo, **options: (
        printed.extend(part.name for part in todo), print_parts(self, todo, **options))[1])
    first = build_pdf(project, project / "_site").read_bytes()
    pieces = folio_pieces(len(words_by_page(warm / "_site" / PDF)))
    assert len(pieces) == 2
    assert printed == [f"folio from page {pieces[0] + 1}", "front", "folio"]  # the longer piece first, the front beside it
    assert words_by_page(project / "_site" / PDF) == words_by_page(warm / "_site" / PDF)
    shutil.rmtree(project / ".luton2040-cache")
    assert build_pdf(project, project / "_site").read_bytes() == first  # the same bytes again


def test_the_pages_are_merged_while_the_front_and_folio_print_not_while_the_pages_do(project, monkeypatch):
    events = []
    print_pages, add = PartPrinter.print_pages, luton2040.pdf.merge.Merge.add

    def printing_pages(self, *args):
        events.append("printing the pages")
        result = print_pages(self, *args)
        events.append("pages printed")
        return result

    def adding(self, paths):
        events.append(f"merging {len(paths)} parts beside {len(multiprocessing.active_children())} printing processes")
        return add(self, paths)

    monkeypatch.setattr(PartPrinter, "print_pages", printing_pages)
    monkeypatch.setattr(luton2040.pdf.merge.Merge, "add", adding)
    page = project / "_site" / "chapters" / "poverty.html"  # a page longer: the front and folio print again
    page.write_text(page.read_text().replace("</main>", "<p>" + "More about what was done. " * 400 + "</p></main>"))
    build_pdf(project, project / "_site")
    pages = len(read_book(project).pages)
    assert events == ["printing the pages", "pages printed", f"merging {pages} parts beside 2 printing processes"]
