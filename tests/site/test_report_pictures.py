"""The printed report has pictures, each with alternative text in the tagged PDF (the progress
chart, the outcomes wheel, a small chart per measure in each priority chapter's panel), and
numbers its tables by chapter."""
from __future__ import annotations

import re

import pytest
from pypdf import PdfReader

from luton2040.data.load import load
from luton2040.site import charts
from pdf_figures import figures

# The priority chapters in the book's order: each prints a panel of its measures' small charts.
PANEL_CHAPTERS = ("inclusive-economy", "population-wellbeing", "child-friendly", "net-zero", "strong-fair-community")


@pytest.fixture(scope="module")
def reader(site):
    (pdf,) = site.glob("*.pdf")
    return PdfReader(pdf)


def alt_texts(reader) -> list[str]:
    return [alt for _, alt, _ in figures(reader)]


def test_every_picture_in_the_pdf_has_alt_text(reader, built):
    alts = alt_texts(reader)
    assert [a for a in alts if not a.strip()] == []
    assert sum(a.startswith("Outcomes wheel: the 40 outcomes") for a in alts) == 1
    assert sum(a.startswith("Progress at a glance: measures by status") for a in alts) == 2
    # each panel's small charts are figures of their own, each with its measure's chart description
    data = load(built[0])
    edition = data.edition()
    small = [spec.alt for priority in PANEL_CHAPTERS for spec in
             (charts.chart_spec(data, edition, m) for m in data.measures_of(priority)) if spec]
    assert len(small) > 30 and [a for a in alts if a in set(small)] == small


def test_tables_are_numbered_by_chapter_in_the_pdf(built_pdf_text):
    text = built_pdf_text
    numbers = re.findall(r"\bTable (\d+|[A-Z])\.(\d+):", text)
    assert len(numbers) >= 15
    assert re.search(r"\bTable \d+:", text) is None  # none left numbered per page
    per_chapter = {}
    for chapter, n in numbers:
        per_chapter.setdefault(chapter, []).append(int(n))
    assert all(ns == sorted(set(ns)) and ns[0] == 1 for ns in per_chapter.values()), per_chapter


def test_the_pdf_does_not_ask_readers_to_select_the_wheel(built_pdf_text):
    """On paper the wheel is a picture: the site's "select a segment" words stay on screen (screen-only)."""
    text = " ".join(built_pdf_text.split())
    assert "Each outer segment is one outcome" in text
    assert "open its measure" not in text


def test_only_the_appendix_of_every_measure_is_printed_landscape(reader):
    """Its ten-column tables of targets need the width; the progress appendix's count of statuses
    (nine short columns) and every other part read on portrait pages."""
    opener = {item.title: reader.get_destination_page_number(item) for item in reader.outline
              if not isinstance(item, list)}
    starts = sorted(opener.values())
    landscape = [n for n, p in enumerate(reader.pages) if float(p.mediabox.width) > float(p.mediabox.height)]
    every_measure = next(at for title, at in opener.items() if title.startswith("Every measure"))
    after = min(at for at in starts if at > every_measure)
    assert landscape == list(range(every_measure, after))
