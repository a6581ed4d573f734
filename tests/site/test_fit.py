"""The site fits every screen: no page scrolls sideways at 320, 390, 768, 1024, 1280 or 1920 px, no
table needs a sideways scroll at 1024 px and wider, chart text is at least 12 px on the narrowest phone, and every status
cell shows its badge (an icon hidden from screen readers beside the status word)."""
from __future__ import annotations

import pytest

from pdf_text import pdf_text
from site_probes import FIT_WIDTHS as WIDTHS, pages_of

@pytest.fixture(scope="module")
def fits(site, visits):
    """For each width, each page: how far the page and its tables overflow (one visit per page, see
    ``visits`` in conftest.py: the viewport is set to each width in turn and the page measured)."""
    return {(width, name): visits[name]["fit"][width] for name in pages_of(site) for width in WIDTHS}


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


def test_chart_text_is_at_least_12_px_on_a_phone(site, visits):
    """Measured at 320 px (NARROWEST, WCAG's reflow width) on every measure page, the home page and the
    progress appendix."""
    measured = []
    for name in pages_of(site):
        if name.startswith("measures/") or name in ("index.html", "appendix/progress.html"):
            measured += visits[name]["chart_text"]
    assert len(measured) >= 30
    small = [(m["src"], round(m["px"], 1)) for m in measured if m["px"] < 12]
    assert small == []


def test_every_status_cell_has_an_icon_and_its_word(site, visits):
    cells = []
    for name in pages_of(site):
        if name.startswith(("chapters/", "measures/")) or name == "index.html":
            cells += [dict(c, page=name) for c in visits[name]["status"]]
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


@pytest.mark.parametrize("width, height", [(1280, 800), (1366, 650)])
def test_the_whole_menu_shows_on_a_laptop_screen(server, page, width, height):
    """The sticky menu, down to its report and data downloads, needs no scrolling of its own: on an
    800 px high screen, and in the 650 px a browser leaves on a 1366 × 768 laptop, where the last two
    downloads were below the fold of the menu; every link stays at least 24 px high."""
    page.set_viewport_size({"width": width, "height": height})
    page.goto(server + "chapters/net-zero.html")
    sizes = page.evaluate("() => { const s = document.querySelector('#quarto-sidebar');"
                          " return [s.scrollHeight, s.clientHeight]; }")
    assert sizes[0] <= sizes[1]
    heights = page.eval_on_selector_all("#quarto-sidebar a", "links => links.map(a => a.getBoundingClientRect().height)")
    assert len(heights) > 15 and min(heights) >= 24


def test_a_page_printed_from_the_browser_shows_no_menu(server, page):
    """A4 paper is as narrow as a tablet: the menu button and an opened menu stay off the paper."""
    page.set_viewport_size({"width": 700, "height": 900})
    page.goto(server + "chapters/net-zero.html")
    page.click("#menu-button")
    page.emulate_media(media="print")
    assert not page.locator("#menu-button").is_visible() and not page.locator("#quarto-sidebar").is_visible()


@pytest.mark.parametrize("name", ["measures/unemployment.html", "chapters/net-zero.html"])
def test_a_page_printed_from_the_browser_leaves_no_heading_at_the_foot_of_a_sheet(server, page, tmp_path, name):
    """Printed on A4, "Chart" or "Areas needing more work" went to the foot of one sheet and what it
    introduces to the next: a heading stays with what follows it."""
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(server + name)
    headings = set(page.eval_on_selector_all("main h2, main h3", "hs => hs.map(h => h.textContent.trim())"))
    page.emulate_media(media="print")
    page.pdf(path=str(tmp_path / "printed.pdf"), format="A4")
    sheets = [[line.strip() for line in sheet.splitlines() if line.strip()]
              for sheet in pdf_text(tmp_path / "printed.pdf").split("\f")]
    assert len([s for s in sheets if s]) >= 2  # the check means something only across a page break
    stranded = [(number, sheet[-1]) for number, sheet in enumerate(sheets[:-1], 1) if sheet and sheet[-1] in headings]
    assert stranded == []


def test_the_pdfs_small_charts_stay_off_the_screen_under_quartos_theme_too(server, page, site):
    """Quarto gives each <figure> the class "figure" and its theme shows `figure.figure` as a block:
    with a class alone hiding it, every priority chapter built by `quarto render` showed its PDF panel
    of small charts on screen, stacked one per row. The panel stays hidden there, and prints."""
    page.goto(server + "chapters/net-zero.html")
    panel = page.locator("figure.measures-panel")
    assert panel.count() == 1 and not panel.is_visible()
    # the page as Quarto writes it: its theme's rule first, then the site's stylesheet
    page.evaluate("""() => {
        document.querySelector('figure.measures-panel').classList.add('figure');
        const theme = document.createElement('style');
        theme.textContent = 'figure.figure { display: block; }';
        document.head.prepend(theme);
    }""")
    assert not panel.is_visible()
    page.emulate_media(media="print")
    assert panel.is_visible()


def test_a_partners_upright_photo_is_not_taller_than_half_a_laptops_screen(page, server):
    """A phone's upright photo at the column's full width was taller than the screen (the sixteenth
    session's trial); it keeps its shape at most 28rem high, as the PDF keeps it to a third of a page."""
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(server + "chapters/net-zero.html")
    box = page.evaluate("""() => {
        const photo = 'data:image/svg+xml,' + encodeURIComponent(
            '<svg xmlns="http://www.w3.org/2000/svg" width="1500" height="2000"><rect width="1500" height="2000" fill="green"/></svg>');
        document.querySelector('.partner-contribution').insertAdjacentHTML('beforeend',
            '<figure><img id="upright" src="' + photo + '" alt=""></figure>');
        return new Promise(done => { const img = document.getElementById('upright');
            img.onload = () => { const r = img.getBoundingClientRect(); done([r.width, r.height]); }; }); }""")
    width, height = box
    assert height <= 28 * 16 + 0.5 and abs(width / height - 0.75) < 0.01
