"""The book's style sheet is parsed once per printing process and given to WeasyPrint beside each
part (render._shared_style) instead of being parsed again from every part's head: the PDFs are the
same, byte for byte, as when each part carries its own copy."""
from __future__ import annotations

from pathlib import Path

import pytest

from luton2040.pdf import render
from luton2040.pdf.book import read_book, read_priorities
from luton2040.pdf.parts import split_book

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "site"


@pytest.fixture(scope="module")
def parts():
    book = read_book(FIXTURE)
    printed, pages, _ = split_book(book, read_priorities(FIXTURE), FIXTURE / "_site")
    counts = [2] * len(pages)
    return book, [*pages, printed.front(2, counts), printed.folio(2)]


def _print(html: str, target: Path, when) -> bytes:
    assert render.harmful(render.render_pdf(html, target, base_url="file:///luton2040-print/", when=when,
                                            allowed=[FIXTURE / "_site"])) == []
    return target.read_bytes()


def test_every_part_carries_the_book_style_sheet_that_is_parsed_once(parts):
    _, printed = parts
    for part in printed:
        html, sheets = render._shared_style(part.html)
        assert len(sheets) == 1 and render.print_css() not in html, part.name
    assert render._shared_style(printed[0].html)[1][0] is render._shared_style(printed[-1].html)[1][0]


def test_parts_printed_with_the_shared_sheet_are_byte_for_byte_those_printed_with_their_own(parts, tmp_path, monkeypatch):
    book, printed = parts
    shared = [_print(part.html, tmp_path / f"shared-{n}.pdf", book.date) for n, part in enumerate(printed)]
    monkeypatch.setattr(render, "_shared_style", lambda html: (html, []))
    own = [_print(part.html, tmp_path / f"own-{n}.pdf", book.date) for n, part in enumerate(printed)]
    assert [part.name for part, a, b in zip(printed, shared, own) if a != b] == []


def test_a_document_without_the_book_style_sheet_is_printed_as_it_is():
    html = "<!DOCTYPE html><html><head><style>p { color: red }</style></head><body><p>x</p></body></html>"
    assert render._shared_style(html) == (html, [])
