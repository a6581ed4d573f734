"""Tables read well at every width: no word in a cell is split between lines (only a hyphenated
word may break at its hyphen), and on a phone each row is a card whose caption spans the cards and
whose every value sits beside its heading; a cell of several statuses shows each ("Males: <badge>")
on a line of its own."""
from __future__ import annotations

import pytest

from site_probes import FONTS_READY_JS

# Words of table cells drawn on more than one line, unless they break at a hyphen, dash or slash.
SPLIT_WORDS_JS = r"""() => {
  const split = [];
  for (const cell of document.querySelectorAll("main td, main th")) {
    if (!cell.getClientRects().length) continue;
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const m of node.textContent.matchAll(/[^\s\-\u2013\u2014\/]+/g)) {
        const range = document.createRange();
        range.setStart(node, m.index); range.setEnd(node, m.index + m[0].length);
        const tops = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top)));
        if (tops.size > 1) split.push(m[0]);
      }
    }
  }
  return split;
}"""

# On a phone: each card cell's text and badges that start left of its value column (the heading's
# column), and each caption narrower than its table.
CARDS_JS = r"""() => {
  const stray = [], narrow = [];
  for (const table of document.querySelectorAll("main table.cards")) {
    const caption = table.querySelector("caption");
    if (caption && caption.getBoundingClientRect().width < 0.9 * table.getBoundingClientRect().width)
      narrow.push(caption.textContent.trim());
    for (const cell of table.querySelectorAll("tbody td")) {
      const box = cell.getBoundingClientRect();
      const valueStarts = box.left + parseFloat(getComputedStyle(cell).gridTemplateColumns);
      const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        if (!node.textContent.trim()) continue;
        const range = document.createRange();
        range.selectNodeContents(node);
        for (const r of range.getClientRects())
          if (r.width > 0 && r.left < valueStarts) stray.push(cell.dataset.label + ": " + node.textContent.trim());
      }
    }
  }
  return {stray, narrow};
}"""


def shown(page, server, name, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(server + name)
    page.evaluate(FONTS_READY_JS)
    return page


@pytest.mark.parametrize("width", [390, 768, 1024, 1280, 1440])
def test_no_cell_of_the_widest_tables_splits_a_word_between_lines(page, server, width):
    """The appendix's ten-column tables: cards up to 1279 px, a wider page from 1280 px."""
    assert shown(page, server, "appendix/measures.html", width).evaluate(SPLIT_WORDS_JS) == []


@pytest.mark.parametrize("width", [1440, 1920])
def test_the_widest_tables_are_cards_in_a_text_column_however_wide_the_screen(page, server, width):
    """quarto render's page keeps its text column (about 46rem) on a wide screen, where the engine's
    widens: in such a column the ten-column tables are cards, not columns squeezed to split words.
    Here the engine's page is held to Quarto's column."""
    shown(page, server, "appendix/measures.html", width)
    page.add_style_tag(content=".page-layout { --measure: 46rem !important; }")
    shapes = page.evaluate("[...document.querySelectorAll('main table')].map(t => getComputedStyle(t).display)")
    assert shapes and set(shapes) == {"block"}
    assert page.evaluate(SPLIT_WORDS_JS) == []


@pytest.mark.parametrize("name", ["index.html", "chapters/population-wellbeing.html"])
def test_a_phone_card_keeps_every_value_beside_its_heading_and_its_caption_full_width(page, server, name):
    found = shown(page, server, name, 390).evaluate(CARDS_JS)
    assert found == {"stray": [], "narrow": []}


# Each cell of several statuses ("Males: On track; Females: …"): does each status start a line of its
# own, its label with its badge, and is no "; " left showing?
STATUS_LINES_JS = r"""() => {
  const wrong = [];
  for (const cell of document.querySelectorAll("main td")) {
    const parts = [...cell.querySelectorAll(".status-part")];
    if (parts.length < 2) continue;
    const boxes = parts.map(part => part.getBoundingClientRect());
    const lined = boxes.every((box, i) => box.left === boxes[0].left && (!i || box.top >= boxes[i - 1].bottom - 1));
    const shown = [...cell.querySelectorAll(".status-sep")].some(sep => sep.getBoundingClientRect().width > 1);
    if (!lined || shown) wrong.push(cell.textContent.trim());
  }
  return wrong;
}"""


@pytest.mark.parametrize("width", [390, 768, 1280])
def test_a_cell_of_several_statuses_shows_each_on_a_line_of_its_own(page, server, width):
    assert shown(page, server, "index.html", width).evaluate(STATUS_LINES_JS) == []


def test_a_measures_first_milestone_is_not_singled_out_on_a_phone(page, server):
    """As a card, a table's first cell is its title, in bold: on a measure page that made the 2027
    milestone bold and the later ones not (the sixteenth session's trial)."""
    page.set_viewport_size({"width": 390, "height": 800})
    page.goto(server + "measures/volunteering.html")
    weights = page.evaluate("""() => [...document.querySelectorAll('main table')].find(t =>
        t.querySelector('thead th').textContent.trim() === '2027 milestone')
        .querySelectorAll('tbody td').values().map(td => getComputedStyle(td).fontWeight).toArray()""")
    assert len(weights) == 4 and len(set(weights)) == 1
