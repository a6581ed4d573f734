"""The pages keep their look under `quarto render`, whose Bootstrap theme styles some class names as
components of its own: a figure named `progress` became Bootstrap's progress bar there (1rem high,
overflow hidden), and the home page's "Progress at a glance" chart showed as a grey strip 16 px high.
(Bootstrap 5's components: quarto-cli src/resources/formats/html/bootstrap/dist/scss/, e.g.
_progress.scss; Quarto adds `figure` to every <figure>: src/format/html/format-html-bootstrap.ts.)"""
from __future__ import annotations

import re

import pytest

# Bootstrap classes that hide an element, clip it or take it out of the page's flow
HIDING = {"progress", "progress-stacked", "collapse", "collapsing", "fade", "modal", "offcanvas", "toast",
          "tooltip", "popover", "carousel-item", "tab-pane", "dropdown-menu", "visually-hidden", "placeholder",
          "d-none", "invisible", "fixed-top", "fixed-bottom", "sticky-top"}


def main_classes(site) -> dict[str, set[str]]:
    """Every class used in a page's main text, with the pages that use it (the engine's page frame is
    its own, so only what both renderers write is read)."""
    found: dict[str, set[str]] = {}
    for page in site.rglob("*.html"):
        if "pagefind" in page.parts:
            continue
        main = re.search(r"<main\b.*?</main>", page.read_text(encoding="utf-8"), re.S)
        for attr in re.findall(r'\bclass="([^"]*)"', main.group(0) if main else ""):
            for name in attr.split():
                found.setdefault(name, set()).add(page.relative_to(site).as_posix())
    return found


def test_no_page_uses_a_class_quartos_theme_would_hide_or_clip(site):
    used = main_classes(site)
    assert len(used) > 20  # the reading means something: the pages' own classes were found
    assert {name: sorted(pages) for name, pages in used.items() if name in HIDING} == {}


def test_the_progress_chart_keeps_its_height_under_bootstraps_progress_rule(server, page):
    # Bootstrap's rule for its progress bar, as Quarto's theme carries it
    page.goto(server + "index.html")
    page.add_style_tag(content=".progress { display: flex; height: 1rem; overflow: hidden; }")
    chart = page.locator("svg.progress-chart")
    assert chart.bounding_box()["height"] > 150
    figure_height = page.evaluate("() => document.querySelector('svg.progress-chart').parentElement"
                                  ".getBoundingClientRect().height")
    assert figure_height > 150


def test_a_status_badge_keeps_the_size_of_the_text_around_it_under_bootstraps_badge_rule(server, page):
    # Bootstrap's badge is 0.75em: under quarto render the statuses in every table were 10.5 px
    page.goto(server + "chapters/net-zero.html")
    page.evaluate("""() => { const s = document.createElement('style');
        s.textContent = '.badge { font-size: 0.75em; white-space: nowrap; color: #fff; }';
        document.head.prepend(s); }""")
    sizes = page.evaluate("""() => [...document.querySelectorAll('main td .badge')].map(b =>
        [getComputedStyle(b).fontSize, getComputedStyle(b.closest('td')).fontSize])""")
    assert len(sizes) > 5 and [s for s in sizes if s[0] != s[1]] == []


# quarto render's sidebar tools (quarto-cli src/resources/projects/website/templates/navtools.ejs) and
# the rules its theme gives them (navigation/quarto-nav.scss; Bootstrap's px-1 utility)
QUARTO_TOOLS = """<nav class="sidebar-navigation"><div class="sidebar-tools-main tools-wide">
  <a href="report.pdf" title="Download the report (PDF)" class="quarto-navigation-tool px-1"
     aria-label="Download the report (PDF)"><i class="bi bi-file-pdf"></i></a></div></nav>"""
QUARTO_TOOL_RULES = (".px-1 { padding-left: .25rem !important; padding-right: .25rem !important; }"
                     " .sidebar-navigation .quarto-navigation-tool { opacity: .7; font-size: .875rem; }")


def test_the_sidebars_download_links_show_their_words_under_quartos_theme(server, page):
    """Under quarto render the PDF, data and editions links were three bare icons at 70% opacity,
    their words only in a tooltip (the sixteenth session's trial)."""
    page.goto(server + "index.html")
    page.add_style_tag(content=QUARTO_TOOL_RULES)
    page.evaluate("html => document.querySelector('main').insertAdjacentHTML('afterbegin', html)", QUARTO_TOOLS)
    shown = page.evaluate("""() => { const a = document.querySelector('a.quarto-navigation-tool');
        return [getComputedStyle(a, '::after').content, getComputedStyle(a).opacity, a.getBoundingClientRect().width]; }""")
    assert shown[:2] == ['"Download the report (PDF)"', "1"]
    assert shown[2] > 150


def test_a_table_card_on_a_phone_has_no_grey_box_under_bootstraps_striped_rows(server, page):
    """Quarto's tables are Bootstrap's `.table .table-striped`: every other card showed a grey box
    inside its border (the cells' inset box-shadow, bootstrap/dist/scss/_tables.scss)."""
    page.set_viewport_size({"width": 390, "height": 800})
    page.goto(server + "chapters/net-zero.html")
    page.add_style_tag(content=".table > :not(caption) > * > * { box-shadow: inset 0 0 0 9999px rgba(0, 0, 0, .05); }")
    shadows = page.evaluate("""() => { document.querySelectorAll('main table').forEach(t => t.classList.add('table', 'table-striped'));
        return [...document.querySelectorAll('main table.cards tbody td')].map(td => getComputedStyle(td).boxShadow); }""")
    assert len(shadows) > 20 and set(shadows) == {"none"}


# Each word of a link in a table cell that the browser broke across two lines
BROKEN_LINK_WORDS_JS = """() => {
  const broken = [];
  for (const a of document.querySelectorAll('main td a')) {
    const text = a.firstChild;
    if (!text || text.nodeType !== Node.TEXT_NODE) continue;
    for (const word of text.data.matchAll(/\\S+/g)) {
      const range = document.createRange();
      range.setStart(text, word.index);
      range.setEnd(text, word.index + word[0].length);
      if (range.getClientRects().length > 1) broken.push(word[0]);
    }
  }
  return broken;
}"""


def test_a_measures_name_in_a_table_breaks_between_words_under_quartos_theme(server, page):
    """Quarto's `.table a { word-break: break-word; }` let the browser squeeze the measure column on a
    laptop: "Townwid|e carbon emission|s", "Bus passeng|er journeys" (the sixteenth session's trial)."""
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(server + "chapters/net-zero.html")
    page.add_style_tag(content=".table a { word-break: break-word; }")
    page.evaluate("() => document.querySelectorAll('main table').forEach(t => t.classList.add('table'))")
    assert page.locator("main td a").count() >= 5
    assert page.evaluate(BROKEN_LINK_WORDS_JS) == []


@pytest.mark.parametrize("chapter", ["net-zero", "inclusive-economy", "strong-fair-community"])
def test_a_chapters_measures_fit_quartos_narrower_text_column(server, page, chapter):
    """quarto render's text column is 33–36rem on a screen 800–1100 px wide (its sidebar on one side,
    "On this page" on the other): a chapter's measures table needed 40rem and scrolled sideways
    there; in a column that narrow each row is a card."""
    page.set_viewport_size({"width": 1024, "height": 900})
    page.goto(server + f"chapters/{chapter}.html")
    page.add_style_tag(content="main.content { max-width: 33rem; }")
    widths = page.evaluate("""() => [...document.querySelectorAll('main table')].map(t =>
        [t.parentElement.scrollWidth, t.parentElement.clientWidth])""")
    assert widths and [w for w in widths if w[0] > w[1]] == []
