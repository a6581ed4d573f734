"""The PDF is the same whichever renderer wrote the pages: `quarto render` runs the same post-render
step on Quarto's HTML as `luton2040 build` runs on the engine's (docs/quarto-compatibility.md)."""
from __future__ import annotations

import re

import pikepdf
import pytest
import shutil
from pathlib import Path
from xml.etree.ElementTree import tostring

from luton2040.pdf.assemble import read_chapter
from luton2040.pdf.book import read_book, read_priorities

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "site"

# The fixture's chapters/poverty.html holds a table float in Quarto 1.7's markup; this is the same
# table as the engine writes it (luton2040/engine: `div.table-float > table > caption`).
QUARTO_FLOAT = re.compile(r'<div id="tbl-poverty" class="quarto-float.*?</figure>\n</div>', re.S)


def _engine_markup(quarto_page: str) -> str:
    float_html = QUARTO_FLOAT.search(quarto_page).group(0)
    table = re.search(r"<table[^>]*>(.*?)</table>", float_html, re.S).group(1)
    engine_float = ('<div id="tbl-poverty" class="table-float" tabindex="0" role="region" '
                    'aria-label="Table 1: Poverty measures">\n<table>\n<caption>Table 1: Poverty measures</caption>'
                    f"{table}</table>\n</div>")
    return quarto_page.replace(float_html, engine_float)


def _printed_tables(project: Path) -> list[str]:
    book, priorities = read_book(project), read_priorities(project)
    page = next(p for p in book.pages if p.html == "chapters/poverty.html")
    problems: list[str] = []
    _chapter, main = read_chapter(project / "_site", page, {p.id: p for p in priorities},
                                  {p.id: n for n, p in enumerate(priorities, 1)}, problems)
    assert problems == []
    # (classes and the white space between a table's parts are not printed)
    return [re.sub(r">\s+<", "><", re.sub(r' class="[^"]*"', "", tostring(table, encoding="unicode", method="html")))
            for table in main.iter("table")]


def test_a_table_float_prints_the_same_from_quartos_markup_as_from_the_engines(tmp_path):
    quarto = Path(shutil.copytree(FIXTURE, tmp_path / "quarto"))
    engine = Path(shutil.copytree(FIXTURE, tmp_path / "engine"))
    page = engine / "_site" / "chapters" / "poverty.html"
    page.write_text(_engine_markup(page.read_text(encoding="utf-8")), encoding="utf-8")

    from_quarto, from_engine = _printed_tables(quarto), _printed_tables(engine)

    assert len(from_engine) == 1
    assert from_engine[0].startswith("<table><caption>Table 1: Poverty measures</caption><colgroup>")
    assert from_quarto == from_engine


#: Quarto 1.10.18's two ways of writing a table float around a cell's output (seen in a `quarto render`
#: of the report): a cell labelled tbl-x (`#| label`) is the float, inside a <div class="cell">; a
#: table div (`::: {#tbl-x}`, caption last) is the float around the <div class="cell">.
CELL_OUTPUT = ('<div class="cell-output cell-output-display cell-output-markdown" data-execution_count="2">\n'
               '{table}\n</div>')
QUARTO_FORMS = {
    "cell": ('<div class="cell" data-execution_count="2">\n{float}\n</div>', CELL_OUTPUT),
    "div": ("{float}", '<div id="9c4264fb" class="cell" data-execution_count="2">\n' + CELL_OUTPUT + "\n</div>"),
}


@pytest.mark.parametrize("form", sorted(QUARTO_FORMS))
def test_a_table_float_from_a_cell_or_a_table_div_prints_as_the_engines(tmp_path, form):
    """Whether the table's label is the cell's or a table div's, Quarto's float and its wrappers
    print as the engine's captioned table (no figure margins moving the rows of a long table)."""
    outer, inner = QUARTO_FORMS[form]
    quarto = Path(shutil.copytree(FIXTURE, tmp_path / "quarto"))
    engine = Path(shutil.copytree(FIXTURE, tmp_path / "engine"))
    page = quarto / "_site" / "chapters" / "poverty.html"
    text = page.read_text(encoding="utf-8")
    float_html = QUARTO_FLOAT.search(text).group(0)
    table = re.search(r"<table[^>]*>.*?</table>", float_html, re.S).group(0)
    wrapped = outer.format(float=float_html.replace(table, inner.format(table=table)))
    assert (wrapped.index('class="cell"') < wrapped.index('id="tbl-poverty"')) == (form == "cell")
    page.write_text(text.replace(float_html, wrapped), encoding="utf-8")
    engine_page = engine / "_site" / "chapters" / "poverty.html"
    engine_page.write_text(_engine_markup(engine_page.read_text(encoding="utf-8")), encoding="utf-8")

    from_quarto = _printed_tables(quarto)
    assert len(from_quarto) == 1 and from_quarto[0].startswith("<table><caption>Table 1: Poverty measures</caption>")
    assert from_quarto == _printed_tables(engine)


def test_a_table_float_holding_more_than_its_table_is_printed_as_quarto_wrote_it():
    """Rewriting it would drop the note beside the table from the PDF."""
    import importlib
    from xml.etree.ElementTree import fromstring, tostring

    assemble = importlib.import_module("luton2040.pdf.assemble")
    html = ('<main><div id="tbl-x" class="quarto-float"><figure class="quarto-float quarto-float-tbl">'
            '<figcaption>Table 1: Counts</figcaption><div><table><tr><td>1</td></tr></table>'
            '<p>Source: a note.</p></div></figure></div></main>')
    root = fromstring(html)
    assemble._table_floats_as_engine_writes_them(root)
    assert "Source: a note." in tostring(root, encoding="unicode") and root.find(".//figure") is not None
    plain = fromstring(html.replace("<p>Source: a note.</p>", ""))
    assemble._table_floats_as_engine_writes_them(plain)
    assert plain.find(".//figure") is None and plain.find(".//table/caption").text == "Table 1: Counts"


@pytest.mark.parametrize("alt", ["", ' alt=""'])
def test_a_captioned_picture_in_quartos_markup_prints_with_its_caption_as_alt_text(tmp_path, alt):
    """Quarto writes a partner's ![Our new van](figures/partners/van.png) with no alt on the <img> (the
    caption says it): the tagged PDF refused it ("has no required alt description"), so `quarto render`
    of a report with a captioned partner photo made no PDF. Now a partner's picture has alt="" on the
    site (partner_section.CAPTIONED), which the PDF refused as well."""
    from PIL import Image

    from luton2040.pdf import build_pdf

    project = Path(shutil.copytree(FIXTURE, tmp_path / "project"))
    (project / "_site" / "figures").mkdir(exist_ok=True)
    Image.new("RGB", (80, 40), (200, 30, 60)).save(project / "_site" / "figures" / "van.png")
    page = project / "_site" / "chapters" / "poverty.html"
    quarto = ('<div class="quarto-figure quarto-figure-center">\n<figure class="figure">\n'
              f'<p><img src="../figures/van.png" class="img-fluid figure-img"{alt}></p>\n'
              '<figcaption>Our new van</figcaption>\n</figure>\n</div>\n')
    page.write_text(page.read_text(encoding="utf-8").replace("</main>", quarto + "</main>", 1), encoding="utf-8")
    pdf = build_pdf(project, project / "_site")
    with pikepdf.open(pdf) as document:
        assert "Our new van" in _alt_texts(document)


def _alt_texts(document) -> list[str]:
    """Every /Alt of the PDF's structure tree (the tagged PDF's alternative texts)."""
    found, todo, seen = [], [document.Root.StructTreeRoot], set()
    while todo:
        node = todo.pop()
        if isinstance(node, pikepdf.Array):
            todo.extend(node)
        elif isinstance(node, pikepdf.Dictionary) and node.objgen not in seen:
            if node.objgen != (0, 0):
                seen.add(node.objgen)
            if "/Alt" in node:
                found.append(str(node.Alt))
            if "/K" in node:
                todo.append(node.K)
    return found
