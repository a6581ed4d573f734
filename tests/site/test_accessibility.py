"""WCAG 2.2 AA checks in a real browser: axe-core finds no violations on any page, pages do not
scroll sideways at 375 px, and a measure page is photographed at phone and desktop widths."""
from __future__ import annotations

import json

import pytest

from site_probes import PHONE

WIDTHS = {"phone": 375, "desktop": 1280}


def _pages(site) -> list[str]:
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html") if "pagefind" not in p.parts)


def test_axe_finds_no_violations_on_any_page(visits, site):
    """axe-core over every page, at 1280 px once the page has loaded with its fonts (``visits`` in conftest.py)."""
    pytest.importorskip("axe_playwright_python.sync_playwright", reason="axe-playwright-python is not installed")
    assert sorted(visits) == _pages(site)
    found = {}
    for rel in _pages(site):
        violations = visits[rel]["axe"]
        if violations:
            found[rel] = [{"rule": v["id"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]][:3]}
                          for v in violations]
    assert not found, json.dumps(found, indent=1)


def test_no_page_scrolls_sideways_on_a_phone(visits, site):
    wide = {}
    for rel in _pages(site):
        width = visits[rel]["fit"][PHONE]["scroll_width"]
        if width > PHONE:
            wide[rel] = width
    assert not wide


def test_measure_page_screenshots(page, server, tmp_path):
    for name, width in WIDTHS.items():
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(server + "measures/bus-journeys.html")
        page.wait_for_load_state("networkidle")
        shot = tmp_path / f"site-measure-{name}.png"
        page.screenshot(path=str(shot), full_page=True)
        assert shot.stat().st_size > 10_000
        assert page.evaluate("document.querySelectorAll('h1').length") == 1
        # The chart image fits the column at both widths.
        box = page.locator(".measure-chart img").bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= width


def test_skip_link_is_first_and_visible_when_focused(page, server):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(server + "measures/destitution.html")
    page.keyboard.press("Tab")
    focused = page.evaluate("[document.activeElement.className, document.activeElement.getAttribute('href')]")
    assert focused == ["skip-link", "#quarto-document-content"]
    assert page.locator(".skip-link").bounding_box()["y"] >= 0


def test_a_wheel_segment_in_keyboard_focus_turns_the_focus_colour(page, server):
    """Its own outline would be drawn under the segments after it: the segment's fill shows the focus."""
    page.set_viewport_size({"width": 390, "height": 800})
    page.goto(server + "index.html")
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("() => !!document.activeElement.closest('.outcomes-wheel')"):
            break
    fill = page.evaluate("() => getComputedStyle(document.activeElement.querySelector('path')).fill")
    assert fill == "rgb(255, 191, 71)"  # --focus, #ffbf47


# How far a focused element's ring (outline past its offset, and a box-shadow's spread) reaches beyond
# its box, and whether that all lies inside the sidebar, which clips what is drawn outside it.
RING_INSIDE_SIDEBAR_JS = """() => {
  const el = document.activeElement, style = getComputedStyle(el);
  const outline = style.outlineStyle === 'none' ? 0 : parseFloat(style.outlineOffset) + parseFloat(style.outlineWidth);
  const shadow = style.boxShadow === 'none' || style.boxShadow.includes('inset') ? 0
    : Math.max(...(style.boxShadow.match(/-?[0-9.]+px/g) || ['0px']).slice(3, 4).map(parseFloat), 0);
  const reach = Math.max(outline, shadow, 0);
  const box = el.getBoundingClientRect(), clip = el.closest('.sidebar').getBoundingClientRect();
  return [el.textContent.trim(), box.left - reach >= clip.left && box.right + reach <= clip.right];
}"""


def test_a_menu_link_in_keyboard_focus_shows_its_whole_ring_on_a_laptop(page, server):
    """The sidebar scrolls on a laptop, so it clips what is drawn outside it: the focus ring round a
    menu link showed only as two bars above and below it (the sixteenth session's trial)."""
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(server + "index.html")
    seen = []
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("() => !!document.activeElement.closest('.sidebar')"):
            seen.append(page.evaluate(RING_INSIDE_SIDEBAR_JS))
        elif seen:
            break
    assert len(seen) >= 15  # every chapter, appendix and download link
    assert [name for name, inside in seen if not inside] == []


def test_a_long_address_or_word_pasted_by_a_partner_wraps_on_a_phone_instead_of_widening_the_page(page, server):
    page.set_viewport_size({"width": PHONE, "height": 800})
    page.goto(server + "chapters/net-zero.html")
    page.wait_for_load_state("networkidle")
    assert page.evaluate("document.documentElement.scrollWidth") == PHONE
    page.evaluate("""() => {
        const box = document.querySelector('.partner-contribution');
        const p = document.createElement('p');
        p.textContent = 'Read it at https://www.luton.gov.uk/Page/Show/Community_and_living/Luton_2040/Annual_Report_2025_Final_Version_Approved.pdf or ask for Pneumonoultramicroscopicsilicovolcanoconiosisandmoreandmoreandmore.';
        box.appendChild(p);
    }""")
    assert page.evaluate("document.documentElement.scrollWidth") == PHONE


# The contrast of each text of a picture against the ground it is seen on: its own background
# colour, or where it has none the page's (under forced colours, the contrast theme's)
PICTURE_TEXT_CONTRAST_JS = """selectors => {
  const rgb = c => (c.match(/[0-9.]+/g) || []).map(Number);
  const lum = c => { const [r, g, b] = rgb(c).map(v => v / 255).map(v => v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
    return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
  const ground = el => { const c = getComputedStyle(el).backgroundColor;
    return rgb(c).length === 4 && rgb(c)[3] === 0 ? getComputedStyle(document.body).backgroundColor : c; };
  const ratio = (a, b) => { const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
  return selectors.map(([picture, text]) => { const el = document.querySelector(picture);
    return [picture, ratio(text ? getComputedStyle(el.querySelector(text)).fill : '#1b1b1f', ground(el))]; });
}"""


def test_the_wordmark_and_progress_chart_stay_readable_in_a_contrast_theme(page, server):
    """Windows' contrast themes repaint the page black but not its pictures: the wordmark's dark letters
    and the progress chart's priority names were dark on black (the sixteenth session's trial)."""
    page.emulate_media(forced_colors="active", color_scheme="dark")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(server + "index.html")
    contrasts = page.evaluate(PICTURE_TEXT_CONTRAST_JS, [["img.sidebar-logo", None], ["svg.progress-chart", "text"]])
    assert [(picture, round(ratio, 1)) for picture, ratio in contrasts if ratio < 4.5] == []
