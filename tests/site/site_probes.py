"""What the browser checks measure on each page, in JavaScript: kept apart from the tests so that one
visit per page (tests/site/conftest.py ``visits``) can take every measurement the site tests need."""
from __future__ import annotations

#: The widths the site must fit: phones (320 px, the narrowest WCAG's reflow asks for, 375 and 390 px),
#: a tablet, a small and a larger laptop and a desktop screen.
WIDTHS = (320, 375, 390, 768, 1024, 1280, 1920)
#: The widths test_fit.py promises, and the phone width test_accessibility.py checks.
FIT_WIDTHS = (320, 390, 768, 1024, 1280, 1920)
PHONE = 375
#: The width at which chart text is measured: the narrowest phone, where it is drawn smallest.
NARROWEST = 320



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


# How far the whole document is wide (the phone check of test_accessibility.py compares it with 375).
SCROLL_WIDTH_JS = "document.documentElement.scrollWidth"

# Wait until the web fonts are in use, so widths are measured with the fonts readers see.
FONTS_READY_JS = "() => document.fonts.ready.then(() => true)"

# Let the page settle after a viewport change: resize handlers run, then two frames are drawn.
SETTLE_JS = "() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))"

# At one width, in one call: let the page settle, then measure its overflow and scroll width, and its
# chart text when asked (the argument).
FIT_JS = f"""async chartText => {{
  await ({SETTLE_JS})();
  const found = Object.assign(({OVERFLOW_JS})(), {{scroll_width: {SCROLL_WIDTH_JS}}});
  if (chartText) found.chart_text = await ({CHART_TEXT_JS})();
  return found;
}}"""


def pages_of(site):
    """Every page of the site (not Pagefind's or the site libraries' files)."""
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html")
                  if "site_libs" not in p.parts and "pagefind" not in p.parts)


def wants_chart_text(name: str) -> bool:
    return name.startswith("measures/") or name in ("index.html", "appendix/progress.html")


def wants_status_cells(name: str) -> bool:
    return name.startswith(("chapters/", "measures/")) or name == "index.html"


AXE_OPTIONS = {"resultTypes": ["violations"]}  # as axe-playwright-python's Axe().run asks
#: Where the server of the site tests (``server`` in conftest.py) serves axe-core's script, beside the site:
#: fetched over HTTP, the browser compiles it once and reuses the compiled code on every later page.
AXE_PATH = "__axe__/axe.min.js"
#: axe-core over the page, as axe-playwright-python's ``Axe().run(tab, options=AXE_OPTIONS)`` runs it.
AXE_RUN_JS = "options => axe.run(document, options).then(results => results.violations)"


def visit(browser, server: str, names: list[str], axe: bool) -> dict[str, dict]:
    """Visit each page once, in one tab, and take every measurement the site tests check. Each page
    is loaded at 1280 px (the load event, then its web fonts ready: the site fetches nothing later,
    so waiting for the network to stay idle only cost half a second a page); axe-core (when ``axe``
    is true: served at ``server + AXE_PATH``) checks it there; then the viewport is set to each of
    WIDTHS in turn, the page left to settle and measured (one call per width: FIT_JS).

    Returns page name → {"axe": violations or None, "fit": {width: overflow of the page and its
    tables, and scroll_width}, "chart_text": at NARROWEST (320 px) where wanted, "status": status cells where
    wanted}."""
    tab = browser.new_page()
    found = {}
    for name in names:
        tab.set_viewport_size({"width": 1280, "height": 900})
        tab.goto(server + name)
        tab.wait_for_load_state("load")  # every script, stylesheet and picture the page names
        tab.evaluate(FONTS_READY_JS)
        seen = {"axe": None, "fit": {}}
        if axe:
            tab.add_script_tag(url=server + AXE_PATH)
            seen["axe"] = tab.evaluate(AXE_RUN_JS, AXE_OPTIONS)
        if wants_status_cells(name):
            seen["status"] = tab.evaluate(STATUS_JS)
        for width in sorted(WIDTHS, key=lambda w: w != 1280):  # 1280 first: as loaded
            tab.set_viewport_size({"width": width, "height": 900})
            seen["fit"][width] = tab.evaluate(FIT_JS, width == NARROWEST and wants_chart_text(name))
            if "chart_text" in seen["fit"][width]:
                seen["chart_text"] = seen["fit"][width].pop("chart_text")
        found[name] = seen
    tab.close()
    return found
