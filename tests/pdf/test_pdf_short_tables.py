"""A short table is printed whole: one that starts low on a page moves on to the next page rather
than leave a few rows behind (the progress appendix's table was split three rows and four); a long
table still breaks between its rows."""
from __future__ import annotations

from pathlib import Path
from xml.etree.ElementTree import fromstring, tostring

from pypdf import PdfReader

from luton2040.pdf import render
from luton2040.pdf.assemble import SHORT_TABLE_CHARACTERS, SHORT_TABLE_ROWS, keep_short_tables_whole


def table(rows: int) -> str:
    body = "".join(f"<tr><td>Row {i}</td><td>{i}</td></tr>" for i in range(1, rows + 1))
    return f"<table><caption>Counts</caption><thead><tr><th>Name</th><th>Count</th></tr></thead><tbody>{body}</tbody></table>"


def assembled(rows: int) -> str:
    """The table as the print's assembly leaves it."""
    main = fromstring(f"<main>{table(rows)}</main>")
    keep_short_tables_whole(main)
    return tostring(main, encoding="unicode")


def rows_by_page(main: str, target: Path) -> list[list[str]]:
    """`main` printed after 26 one-line paragraphs (room for the caption and four rows): the table's
    rows found on each page."""
    html = (f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Table</title>'
            f'<style>{render.print_css()}</style></head><body>'
            + main.replace("<main>", "<main>" + "<p>Words before the table.</p>" * 26) + "</body></html>")
    assert render.harmful(render.render_pdf(html, target, base_url="file:///luton2040-print/")) == []
    return [[line for line in page.extract_text().splitlines() if line.startswith("Row ")]
            for page in PdfReader(target).pages]


def test_a_table_of_up_to_eight_short_rows_is_marked_to_keep_whole_and_a_longer_one_is_not():
    assert SHORT_TABLE_ROWS == 8
    assert 'class="keep-whole"' in assembled(8)
    assert "keep-whole" not in assembled(9)


def test_a_table_of_few_rows_but_much_text_is_not_kept_whole():
    """Tall rows kept whole would leave the table's heading and caption alone at a page's foot."""
    long = "<tr><td>Row</td><td>" + "word " * (SHORT_TABLE_CHARACTERS // 5) + "</td></tr>"
    main = fromstring(f"<main><table><tbody>{long}{long}</tbody></table></main>")
    keep_short_tables_whole(main)
    assert "keep-whole" not in tostring(main, encoding="unicode")


def test_a_short_table_starting_low_on_a_page_moves_on_whole(tmp_path):
    pages = rows_by_page(assembled(7), tmp_path / "short.pdf")
    assert pages == [[], [f"Row {i} {i}" for i in range(1, 8)]]


def test_a_long_table_still_breaks_between_its_rows(tmp_path):
    pages = rows_by_page(assembled(60), tmp_path / "long.pdf")
    assert len(pages) >= 2 and pages[0] and sum(pages, []) == [f"Row {i} {i}" for i in range(1, 61)]
