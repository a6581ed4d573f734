"""The end of the PDF step, after the book's pages are printed, is short: the page numbers are
stamped from a small folio of sample numbers printed once (not a printed page per book page), and
the pages' parts are merged while the front and folio print. The book comes out numbered, ordered
and laid out as when WeasyPrint numbered every page."""
from __future__ import annotations

import multiprocessing
import re
import shutil
import subprocess
from pathlib import Path

import pikepdf
import pytest

import luton2040.pdf.merge
from luton2040.pdf import build_pdf
from luton2040.pdf.book import read_book, read_priorities
from luton2040.pdf.merge import stamp_numbers
from luton2040.pdf.parts import FOLIO_CSS, document, folio_numbers, split_book
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


def part_files(project: Path) -> set[str]:
    return {path.name for path in (project / ".luton2040-cache" / "pdf").glob("*/parts/*.pdf")}


def page_sizes(pdf: Path) -> list[tuple[str, ...]]:
    html = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return re.findall(r'<page width="([\d.]+)" height="([\d.]+)">', html)


def test_numbers_stamped_from_the_folio_read_and_sit_as_when_weasyprint_numbers_every_page(tmp_path):
    """The reference: WeasyPrint's own footer on an empty page for each page of a 112-page book whose
    pages 9-12 and 99-103 are landscape (numbers of one, two and three figures on both shapes)."""
    book = read_book(FIXTURE)
    printed, _, _ = split_book(book, read_priorities(FIXTURE), FIXTURE / "_site")
    wide = [9 <= number <= 12 or 99 <= number <= 103 for number in range(1, 113)]
    body = "\n".join(f'<div class="folio{" wide" if w else ""}"></div>' for w in wide)
    reference = document(printed.head, body, FOLIO_CSS + "\n@page :first { @bottom-right { content: none; } }")
    folio = printed.folio(3)
    for name, html in (("reference", reference), ("folio", folio.html)):
        assert render_pdf(html, tmp_path / f"{name}.pdf", "file:///luton2040-print/", when=book.date) == []
    with pikepdf.open(tmp_path / "reference.pdf") as numbered, pikepdf.new() as blank, \
            pikepdf.open(tmp_path / "folio.pdf") as sample:
        for page in numbered.pages:
            blank.add_blank_page(page_size=(float(page.mediabox[2]), float(page.mediabox[3])))
        stamp_numbers(blank, sample)
        blank.save(tmp_path / "stamped.pdf")
    expected = words_by_page(tmp_path / "reference.pdf")
    assert [[word[0] for word in page] for page in expected] == [[]] + [[str(n)] for n in range(2, 113)]
    assert words_by_page(tmp_path / "stamped.pdf") == expected
    assert page_sizes(tmp_path / "stamped.pdf") == page_sizes(tmp_path / "reference.pdf")
    assert len(pikepdf.open(tmp_path / "folio.pdf").pages) == 2 * len(folio_numbers(3)) == 2 * 4


def test_the_folio_is_printed_once_for_every_book_whose_numbers_are_as_long(project):
    """A chapter a page longer prints that chapter and the contents again, not the folio."""
    before = part_files(project)
    page = project / "_site" / "chapters" / "poverty.html"
    page.write_text(page.read_text().replace("</main>", "<p>" + "More about what was done. " * 400 + "</p></main>"))
    build_pdf(project, project / "_site")
    assert len(part_files(project) - before) == 2
    assert len(before - part_files(project)) == 2


def test_the_pages_are_merged_while_the_front_and_folio_print_not_while_the_pages_do(project, monkeypatch):
    events = []
    print_pages, add = PartPrinter.print_pages, luton2040.pdf.merge.Merge.add

    def printing_pages(self, *args):
        events.append("printing the pages")
        result = print_pages(self, *args)
        events.append("pages printed")
        return result

    def adding(self, paths):
        events.append(f"merging {len(paths)} parts while {len(multiprocessing.active_children())} process prints")
        return add(self, paths)

    monkeypatch.setattr(PartPrinter, "print_pages", printing_pages)
    monkeypatch.setattr(luton2040.pdf.merge.Merge, "add", adding)
    page = project / "_site" / "chapters" / "poverty.html"  # a page longer: the contents prints again
    page.write_text(page.read_text().replace("</main>", "<p>" + "More about what was done. " * 400 + "</p></main>"))
    build_pdf(project, project / "_site")
    pages = len(read_book(project).pages)
    assert events == ["printing the pages", "pages printed", f"merging {pages} parts while 1 process prints"]
