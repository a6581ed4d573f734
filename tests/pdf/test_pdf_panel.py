"""A printed chapter's panel of small charts is printed whole however many measures a priority has:
a panel that fits on a page is kept on one page, as every figure is; a longer one breaks between
its rows onto as many pages as it needs, every small chart whole on one page inside the page's
margins and tagged as a figure with its own alternative text."""
from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from pypdf import PdfReader

from luton2040.data.load import load
from luton2040.pdf import render
from luton2040.site import charts, dashboard
from pdf_figures import figures

ROOT = Path(__file__).resolve().parents[2]
A4_HEIGHT_PX = 297 / 25.4 * 96  # WeasyPrint's structure boxes are in CSS pixels, from the page's top
BOTTOM_MARGIN_PX = 22 / 25.4 * 96  # print.css: @page margin 20mm 18mm 22mm 20mm


@pytest.fixture(scope="module")
def net_zero():
    data = load(ROOT)
    edition = data.edition()
    specs = [s for s in (charts.chart_spec(data, edition, m) for m in data.measures_of("net-zero")) if s]
    return data.priority("net-zero"), specs


def printed(panel: str, before: int, target: Path) -> PdfReader:
    """`panel` printed after `before` short paragraphs (20 leave room for a row and a half)."""
    html = (f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Panel</title>'
            f'<style>{render.print_css()}</style></head><body><main>'
            + "<p>Words before the panel.</p>" * before + panel + "<p>After.</p></main></body></html>")
    assert render.harmful(render.render_pdf(html, target, base_url="file:///luton2040-print/")) == []
    return PdfReader(target)


@pytest.fixture(scope="module")
def many(net_zero, tmp_path_factory):
    """The net-zero chapter's panel at six times its measures (30 small charts, 10 rows), starting
    low on a page."""
    priority, specs = net_zero
    copies = [dataclasses.replace(s, measure=dataclasses.replace(s.measure, short_measure=f"{s.measure.short_measure} ({n})"),
                                  alt=f"{s.alt} (copy {n})") for n in range(6) for s in specs]
    reader = printed(dashboard.panel_figure(priority, copies), 30, tmp_path_factory.mktemp("panel") / "panel.pdf")
    return reader, [s.alt for s in copies]


def test_a_long_panel_breaks_between_rows_and_every_chart_is_whole_on_a_page(many):
    reader, alts = many
    found = figures(reader)
    assert [alt for _, alt, _ in found] == alts and len(alts) == 30
    assert len({page for page, _, _ in found}) >= 2
    for page, alt, (_, top, _, bottom) in found:
        assert 0 < top < bottom <= A4_HEIGHT_PX - BOTTOM_MARGIN_PX, (page, alt, top, bottom)
    rows = [found[i:i + 3] for i in range(0, len(found), 3)]
    for row in rows:  # three a row: side by side, on one page, at one height
        assert len({page for page, _, _ in row}) == 1 and len({round(box[1], 1) for _, _, box in row}) == 1
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "each measure\u2019s values so far" in text and text.index("each measure") > text.index("(5)")


def test_a_panel_that_fits_on_a_page_is_not_split(net_zero, tmp_path):
    priority, specs = net_zero
    assert len(specs) == 5  # two rows
    reader = printed(dashboard.panel_figure(priority, specs), 20, tmp_path / "short.pdf")
    found = figures(reader)
    assert [alt for _, alt, _ in found] == [s.alt for s in specs]
    assert {page for page, _, _ in found} == {2}  # all moved on: a row and a half was left on page 1
    assert "each measure\u2019s values so far" in reader.pages[1].extract_text()
