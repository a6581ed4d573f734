"""Each book page is read by the process that prints it, never by the build's own process; what the
book says about its pages (problems, links between pages) is what it said when one process read them all."""
from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pikepdf
import pytest

from luton2040.errors import BuildError
from luton2040.pdf import build_pdf, page_cache, print_html
from luton2040.pdf.links import id_anchor, page_anchor
from luton2040.pdf.parts import CROSS_PART, cross_part_destination

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "site"
PDF = "testtown-report-2025.pdf"
WELCOME_LINKS = ('<p>See <a href="chapters/net-zero.html#partners">the partners</a> and '
                 '<a href="chapters/net-zero.html#no-such-section">a section that is gone</a>.</p></main>')


@pytest.fixture
def project(tmp_path) -> Path:
    return Path(shutil.copytree(FIXTURE, tmp_path / "project"))


def test_the_builds_own_process_reads_no_page(project, tmp_path, monkeypatch):
    readers = tmp_path / "readers.txt"
    read = page_cache.read_chapter

    def read_and_say_who(output_dir, page, *args):
        with readers.open("a") as out:
            out.write(f"{os.getpid()} {page.html}\n")
        return read(output_dir, page, *args)

    monkeypatch.setattr(page_cache, "read_chapter", read_and_say_who)
    build_pdf(project, project / "_site")
    lines = [line.split() for line in readers.read_text().splitlines()]
    assert sorted(html for _, html in lines) == ["appendix/measures.html", "chapters/net-zero.html",
                                                 "chapters/poverty.html", "index.html"]
    assert [html for pid, html in lines if int(pid) == os.getpid()] == []


def test_page_problems_found_by_the_printing_processes_are_reported_together_in_book_order(project):
    (project / "_site" / "index.html").unlink()
    page = project / "_site" / "chapters" / "net-zero.html"
    page.write_text(page.read_text().replace("priority-net-zero", "priority-netzero"))
    (project / "_site" / "appendix" / "measures.html").unlink()
    with pytest.raises(BuildError) as caught:
        build_pdf(project, project / "_site")
    assert str(caught.value) == (
        "the PDF could not be made:\n"
        "_site/index.html: not found (from index.qmd in _quarto.yml) — render the book first "
        "(luton2040 build, or quarto render)\n"
        "chapters/net-zero.qmd: body-classes names priority-netzero, but data/priorities.csv has no "
        "priority 'netzero' — use one of: poverty, net-zero\n"
        "_site/appendix/measures.html: not found (from appendix/measures.qmd in _quarto.yml) — render the "
        "book first (luton2040 build, or quarto render)")
    assert not (project / "_site" / PDF).exists()


def link_destinations(pdf: Path, page: int) -> list[str]:
    """Where each internal link on page `page` (0 is the cover) goes, in order."""
    with pikepdf.open(pdf) as document:
        return [str(annotation.Dest) for annotation in document.pages[page].obj.get("/Annots", [])
                if "/Dest" in annotation]


def test_a_link_to_another_pages_id_goes_where_the_one_document_sends_it(project):
    welcome = project / "_site" / "index.html"
    welcome.write_text(welcome.read_text().replace("</main>", WELCOME_LINKS, 1))
    one_document = print_html(project, project / "_site")
    assert f'href="#{id_anchor("chapters-net-zero", "partners")}"' in one_document
    assert "no-such-section" not in one_document  # the one document sends that link to the page
    (welcome_section,) = [section for section in re.split(r'<section class="chapter\b', one_document)
                          if 'id="page-index"' in section.split(">")[0]]
    assert link_destinations(build_pdf(project, project / "_site"), page=2) == re.findall(
        r'href="#([^"]+)"', welcome_section)


def test_a_cross_part_link_names_the_id_only_when_its_page_has_it():
    ids = {"chapters-net-zero": frozenset({"partners", "air quality"})}
    assert cross_part_destination("#page-index", ids) == "page-index"
    assert cross_part_destination("chapters-net-zero/" + "partners".encode().hex() + "#partners", ids) == \
        "chapters-net-zero--partners"
    assert cross_part_destination("chapters-net-zero/" + "air quality".encode().hex() + "#air%20quality", ids) == \
        "chapters-net-zero--air%20quality"  # (named as WeasyPrint printed it, as in one document)
    assert cross_part_destination("chapters-net-zero/" + "gone".encode().hex() + "#gone", ids) == \
        "page-chapters-net-zero"
    assert CROSS_PART.endswith("/")
