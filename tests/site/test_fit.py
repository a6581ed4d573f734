"""The site fits every screen: no page scrolls sideways at 390, 768, 1280 or 1920 px, no table needs
a sideways scroll at 1024 px and wider, chart text is at least 12 px on a phone, and every status
cell shows its badge (an icon hidden from screen readers beside the status word)."""
from __future__ import annotations

import pytest

WIDTHS = (390, 768, 1280, 1920)

# What overflows on the page: the page itself, and each table wider than its column.
OVERFLOW_JS = """() => {
  const doc = document.documentElement;
  const out = {page: doc.scrollWidth - doc.clientWidth, tables: []};
  const main = document.querySelector("main");
  document.querySelectorAll("main table").forEach((table, i) => {
    let box = table.parentElement;
    while (box && box !== main && getComputedStyle(box).overflowX === "visible") box = box.parentElement;
    const room = box ? box.clientWidth : main.clientWidth;
    const over = Math.round(table.getBoundingClientRect().width - room);
    if (over > 1) out.tables.push(((table.querySelector("caption") || {}).textContent || "table " + (i + 1)).trim() + ": " + over + " px too wide");
  });
  return out;
}"""

# The smallest chart text as rendered: each SVG chart's font sizes scaled by its shown width.
CHART_TEXT_JS = """async () => {
  const found = [];
  // Inline SVG pictures (the home page's charts): each text's size as drawn on screen.
  for (const svg of document.querySelectorAll("main svg")) {
    if (svg.closest("[aria-hidden='true']") || svg.getAttribute("aria-hidden") === "true") continue;
    for (const text of svg.querySelectorAll("text")) {
      const box = text.getBoundingClientRect();
      if (!box.width) continue;
      const scale = text.getScreenCTM().a;
      found.push({src: "inline " + (svg.getAttribute("class") || "svg"), px: parseFloat(getComputedStyle(text).fontSize) * scale});
    }
  }
  for (const img of document.querySelectorAll("main img[src$='.svg']")) {
    if (!img.clientWidth) continue;
    const text = await (await fetch(img.src)).text();
    const svg = new DOMParser().parseFromString(text, "image/svg+xml").documentElement;
    const box = (svg.getAttribute("viewBox") || "").split(/\\s+/).map(Number);
    if (box.length !== 4 || !box[2]) continue;
    const sizes = [...text.matchAll(/font[^;"]*?([0-9.]+)px/g)].map(m => Number(m[1]));
    if (!sizes.length) continue;
    found.push({src: img.getAttribute("src"), px: Math.min(...sizes) * img.clientWidth / box[2]});
  }
  return found;
}"""

# Status cells: the cells of every "Status" column, and what each shows.
STATUS_JS = """() => {
  const out = [];
  document.querySelectorAll("main table").forEach(table => {
    const headings = [...table.querySelectorAll("thead th")].map(th => th.textContent.trim());
    const at = headings.findIndex(h => h.startsWith("Status"));  // "Status towards the 2027 milestone"
    if (at < 0) return;
    table.querySelectorAll("tbody tr").forEach(row => {
      const cell = row.children[at];
      const badges = [...cell.querySelectorAll(".badge")];
      out.push({text: cell.textContent.trim(), badges: badges.length,
                iconsHidden: badges.every(b => b.querySelector("svg[aria-hidden='true']")),
                worded: badges.every(b => b.textContent.trim().length > 0)});
    });
  });
  return out;
}"""


def pages_of(site):
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html")
                  if "site_libs" not in p.parts and "pagefind" not in p.parts)


@pytest.fixture(scope="module")
def fits(site, server, browser):
    """For each width, each page: how far the page and its tables overflow."""
    found = {}
    tab = browser.new_page()
    for width in WIDTHS:
        tab.set_viewport_size({"width": width, "height": 900})
        for name in pages_of(site):
            tab.goto(server + name)
            found[(width, name)] = tab.evaluate(OVERFLOW_JS)
    tab.close()
    return found


def test_the_site_has_pages_to_check(site):
    assert len(pages_of(site)) >= 50


@pytest.mark.parametrize("width", WIDTHS)
def test_no_page_scrolls_sideways(fits, width):
    wide = {name: r["page"] for (w, name), r in fits.items() if w == width and r["page"] > 0}
    assert wide == {}


@pytest.mark.parametrize("width", [w for w in WIDTHS if w >= 1024])
def test_no_table_needs_a_sideways_scroll_on_a_laptop(fits, width):
    wide = {name: r["tables"] for (w, name), r in fits.items() if w == width and r["tables"]}
    assert wide == {}


def test_chart_text_is_at_least_12_px_on_a_phone(site, server, page):
    page.set_viewport_size({"width": 390, "height": 900})
    measured = []
    for name in pages_of(site):
        if name.startswith("measures/") or name in ("index.html", "appendix/progress.html"):
            page.goto(server + name)
            measured += page.evaluate(CHART_TEXT_JS)
    assert len(measured) >= 30
    small = [(m["src"], round(m["px"], 1)) for m in measured if m["px"] < 12]
    assert small == []


def test_every_status_cell_has_an_icon_and_its_word(site, server, page):
    cells = []
    for name in pages_of(site):
        if name.startswith(("chapters/", "measures/")) or name == "index.html":
            page.goto(server + name)
            cells += [dict(c, page=name) for c in page.evaluate(STATUS_JS)]
    assert len(cells) >= 40
    bare = [(c["page"], c["text"]) for c in cells if not (c["badges"] and c["iconsHidden"] and c["worded"])]
    assert bare == []


def test_phone_pages_open_with_the_menu_folded_and_search_in_the_header(server, page):
    page.set_viewport_size({"width": 390, "height": 800})
    page.goto(server + "chapters/net-zero.html")
    button = page.locator("#menu-button")
    assert button.is_visible() and button.get_attribute("aria-expanded") == "false"
    assert not page.locator("#quarto-sidebar").is_visible()
    assert page.locator("header.site-header #site-search-input").count() == 1
    button.click()
    assert page.locator("#quarto-sidebar").is_visible() and button.get_attribute("aria-expanded") == "true"
