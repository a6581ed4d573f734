"""Printed tables get column widths fitted to their text (pdf/table_widths.py): every word and badge
fits its column, short columns stay narrow, and tables the fitting cannot judge keep WeasyPrint's
automatic layout."""
from __future__ import annotations

from datetime import date
from xml.etree.ElementTree import Element, fromstring, tostring

import pytest

from luton2040.pdf import table_widths
from luton2040.pdf.assemble import head_html
from luton2040.pdf.book import Book, Priority

BADGE = '<span class="badge status-too_slow">Progressing too slowly</span>'


def table(heading: list[str], rows: list[list[str]]) -> Element:
    head = "".join(f"<th>{cell}</th>" for cell in heading)
    body = "".join("<tr>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>" for row in rows)
    return fromstring(f"<table><caption>Table 1</caption><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")


OUTCOME = "Working people earn enough to afford a decent standard of living"
TARGET = ("Completed developments: 449 homes; The Stage; the new Luton Town FC ground at Power Court; "
          "Open Lea phase 2; town centre public realm improvements including Bartlett Square")


def appendix_like(rows: int = 12) -> Element:
    return table(["Outcome", "Measure", "Year", "2040 target", "Status"],
                 [[OUTCOME, f"Average weekly wages (copy {n})", "2023/24", TARGET if n == 3 else "60.0%", BADGE]
                  for n in range(rows)])


def test_widths_fill_the_table_and_no_column_is_narrower_than_its_widest_word_or_badge():
    fitted = appendix_like()
    widths = table_widths.column_widths(fitted, landscape=False)
    room, size, padding = table_widths.PORTRAIT
    assert sum(widths) == pytest.approx(100, abs=0.05)
    widest = {0: table_widths.text_width("standard", size), 2: table_widths.text_width("2023/24", size),
              4: table_widths.text_width("Progressing too slowly", size, 600)}
    for column, word in widest.items():
        assert widths[column] / 100 * room >= word + padding
    badge = table_widths.text_width("Progressing too slowly", size, 600) + table_widths.BADGE_EM * size * table_widths.PT
    assert widths[4] / 100 * room >= badge + padding


def test_a_column_of_short_values_gets_no_more_than_its_longest_value_needs():
    widths = table_widths.column_widths(appendix_like(), landscape=False)
    room, size, padding = table_widths.PORTRAIT
    year = widths[2] / 100 * room
    assert year < table_widths.text_width("2023/24", size) * 1.2 + padding + 1
    assert widths[0] > 2 * widths[2], "the outcome column, long text on every row, gets the room"


def test_fitting_writes_a_colgroup_after_the_caption_replacing_the_sites_own():
    fitted = appendix_like()
    fitted.insert(1, fromstring('<colgroup><col style="width: 90%"/><col style="width: 10%"/></colgroup>'))
    table_widths.fit_tables(fitted, landscape=True)
    assert [child.tag for child in fitted][:2] == ["caption", "colgroup"]
    assert len([child for child in fitted if child.tag == "colgroup"]) == 1
    cols = [col.get("style") for col in fitted.find("colgroup")]
    assert len(cols) == 5 and all(style.startswith("width: ") and style.endswith("%") for style in cols)
    assert fitted.get("class") == "fitted"


@pytest.mark.parametrize("cell", ['<img src="x.png" alt="a chart"/>', "<table><tr><td>inner</td></tr></table>"])
def test_a_table_with_pictures_or_tables_in_its_cells_keeps_the_automatic_layout(cell):
    kept = table(["Name", "Picture"], [["One", cell]])
    table_widths.fit_tables(kept, landscape=False)
    assert kept.get("class") is None and kept.find("colgroup") is None


def test_a_table_with_merged_cells_or_too_many_long_words_keeps_the_automatic_layout():
    merged = fromstring('<table><tr><th colspan="2">Both</th></tr><tr><td>a</td><td>b</td></tr></table>')
    table_widths.fit_tables(merged, landscape=False)
    assert merged.get("class") is None
    crowded = table([f"Heading{n}" for n in range(12)], [["Incomprehensibilities"] * 12])
    assert table_widths.column_widths(crowded, landscape=False) is None


def test_a_very_wide_table_keeps_the_automatic_layout_and_costs_no_fitting_time():
    """Fitting costs grow with the cube of the columns; only a partner's table could be this wide."""
    wide = table([f"C{n}" for n in range(table_widths.MAX_COLUMNS + 1)],
                 [["a b"] * (table_widths.MAX_COLUMNS + 1)] * 40)
    assert table_widths.column_widths(wide, landscape=True) is None
    widest_fitted = table([f"C{n}" for n in range(table_widths.MAX_COLUMNS)], [["a b"] * table_widths.MAX_COLUMNS])
    assert table_widths.column_widths(widest_fitted, landscape=True) is not None


def _line_overflows(html: str) -> list[str]:
    """Every line of a table cell that is wider than its cell's content box, as WeasyPrint lays it out."""
    import weasyprint

    document = weasyprint.HTML(string=html).render()
    overflows = []

    def walk(box):
        if type(box).__name__ == "TableCellBox":
            for line in box.children:
                if type(line).__name__ == "LineBox":
                    used = sum(child.margin_width() for child in line.children)
                    if used > box.width + 0.01:
                        overflows.append(f"{used:.1f} > {box.width:.1f}: {box.element.text or ''}")
        for child in getattr(box, "children", []):
            walk(child)

    for page in document.pages:
        walk(page._page_box)
    return overflows


@pytest.mark.parametrize("landscape", [False, True])
def test_the_fitted_widths_hold_every_word_and_badge_as_weasyprint_sets_them(landscape):
    book = Book(title="Report 2025", subtitle="", author="", date=date(2025, 1, 1), output_file="report",
                site_url="", lang="en-GB", pages=())
    heading = ["Outcome", "Measure", "Latest result", "Year", "Comparator", "2040 target", "2027 milestone",
               "2031 milestone", "Status"]
    row = [OUTCOME, "Unemployment rate (claimant count)", "£6,600m; GVA per head: £29,293", "2023/24",
           "England: £681.70", TARGET, "Awaiting a new dataset", "Not set", BADGE]
    columns = slice(None) if landscape else slice(2, None)  # (8 columns or more are printed landscape)
    fitted = table(heading[columns], [row[columns]] * 3)
    table_widths.fit_tables(fitted, landscape)
    assert fitted.get("class") == "fitted"
    section = "chapter landscape" if landscape else "chapter"
    html = (head_html(book, [Priority("poverty", "Poverty", "#8a1020")]) + "</head><body>"
            f'<section class="{section}"><div class="chapter-body">{tostring(fitted, encoding="unicode", method="html")}'
            "</div></section></body></html>")
    assert _line_overflows(html) == []


def test_the_fixture_books_tables_are_printed_with_fitted_widths_and_the_long_one_keeps_its_heading(tmp_path):
    import re
    import shutil
    from pathlib import Path

    from pypdf import PdfReader

    from luton2040.pdf import build_pdf, print_html

    fixture = Path(__file__).resolve().parents[1] / "fixtures" / "site"
    project = Path(shutil.copytree(fixture, tmp_path / "project"))
    html = print_html(project, project / "_site")
    tables = re.findall(r"<table[^>]*>", html)
    assert tables and all("fitted" in table for table in tables)
    reader = PdfReader(build_pdf(project, project / "_site"))
    texts = [page.extract_text() for page in reader.pages]
    first = next(n for n, text in enumerate(texts) if "Measure 1 of" in text)
    last = next(n for n, text in enumerate(texts) if "Measure 40 of" in text)
    long_table = texts[first:last + 1]
    assert len(long_table) >= 2, "the 40-row table runs over more than one page"
    assert all("Baseline" in text and "Status" in text for text in long_table)


def test_the_chosen_widths_make_the_table_no_taller_than_the_automatic_layouts_share():
    kinds = [
        [OUTCOME, "Average weekly wages", "£618.10 (2023)", "£723.09", "England's average, projected at £1,157.69",
         "Improving", BADGE],
        ["Luton has a retail, leisure and shopping offer that meets the needs of residents",
         "Satisfaction with shops and leisure", "44.0% (2024)", "46.0%", "60.5%", "Little change", BADGE],
        ["High level of productivity", "Gross value added (GVA)", "Total GVA: £6,600m (2022); GVA per head: £29,293 (2022)",
         "£6,774m", "£7,814m", "Improving", f"Total GVA: {BADGE}; GVA per head: {BADGE}"],
        ["Luton has developments that improve the town", "Major town developments", "Not available",
         "Completion of The Stage and the first phase of the new Luton Town FC ground", TARGET, "Not assessed", BADGE],
    ]
    rows = [[*kinds[n % 4][:1], f"{kinds[n % 4][1]} (copy {n})", *kinds[n % 4][2:]] for n in range(80)]
    fitted = table(["Outcome", "Measure", "Latest result", "2027 milestone", "2040 target", "Trend since last figure",
                    "Status towards the 2027 milestone"], rows)
    room, size, padding = table_widths.PORTRAIT
    measured = [[table_widths.measure_cell(cell, size) for cell in row] for row in table_widths._rows(fitted)]
    extra = padding + table_widths.SPARE_MM
    least = [max(row[c].widest_piece for row in measured) * table_widths.SAFETY + extra for c in range(7)]
    most = [max(row[c].widest_line for row in measured) * table_widths.SAFETY + extra for c in range(7)]
    automatic = [lo + (room - sum(least)) * (hi - lo) / sum(h - l for h, l in zip(most, least))
                 for lo, hi in zip(least, most)]
    chosen = [width / 100 * room for width in table_widths.column_widths(fitted, landscape=False)]

    def height(widths):  # every row, not only those the fitting looked at
        lines = [[row[c].count_lines((widths[c] - extra) / table_widths.SAFETY) for row in measured] for c in range(7)]
        return sum(map(max, zip(*lines)))

    assert height(chosen) <= height(automatic)


def test_a_wide_table_of_short_figures_fits_a_portrait_page_and_one_of_sentences_does_not():
    """The count of statuses by priority (nine columns of numbers) was printed on landscape pages of
    its own, as the ten-column appendix of targets is; only the second needs them."""
    counts = table(["Priority", "Milestone met", "On track", "Progressing too slowly", "Limited progress",
                    "Going backwards", "Cannot assess", "Mixed", "Total"],
                   [[name, "0", "1", "2", "0", "3", "4", "1", "11"]
                    for name in ("Poverty", "Inclusive economy", "Strong, fair community", "All priorities")])
    assert table_widths.fits_portrait(counts)
    sentences = table(["Outcome", "Measure", "Baseline", "Latest", "Year", "Comparator", "2040 target", "2027",
                       "2031", "2035"], [[OUTCOME, "Average weekly wages", "£560.50 (2019)", "£618.10", "2023",
                                           "England: £681.70", TARGET, "£723.09", "£845.91", "£989.60"]])
    assert not table_widths.fits_portrait(sentences)
