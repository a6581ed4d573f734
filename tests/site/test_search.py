"""Search works on a static host: Pagefind's index is in the site, and the search box finds pages."""
from __future__ import annotations

import csv


def test_index_is_written(site):
    assert (site / "pagefind" / "pagefind.js").is_file()
    assert list((site / "pagefind").glob("pagefind-entry.json"))
    assert (site / "site_libs" / "luton2040-search.js").is_file()


def test_search_box_finds_bus_journeys(page, server):
    page.goto(server + "chapters/poverty.html")
    box = page.locator(".site-search")
    box.wait_for(state="visible", timeout=15000)
    page.fill("#site-search-input", "bus journeys")
    first = page.locator("#site-search-results li a").first
    first.wait_for(timeout=15000)
    hrefs = page.eval_on_selector_all("#site-search-results li a", "links => links.map(a => a.href)")
    assert server + "measures/bus-journeys.html" in hrefs
    assert "result" in page.inner_text("#site-search-status")


def test_search_box_stays_hidden_without_an_index(page, site):
    page.goto((site / "index.html").as_uri())  # file:// cannot load the index
    page.wait_for_timeout(500)
    assert page.locator(".site-search").is_hidden()


def test_a_page_view_loads_no_search_index_until_the_box_is_used(page, server):
    fetched = []
    page.on("request", lambda request: fetched.append(request.url))
    page.goto(server + "chapters/poverty.html")
    page.locator(".site-search").wait_for(state="visible", timeout=15000)
    page.wait_for_timeout(500)
    assert [url for url in fetched if "pagefind-entry" in url or "/wasm." in url] == []
    with page.expect_request(lambda request: "pagefind-entry" in request.url, timeout=15000):
        page.focus("#site-search-input")


def test_the_box_says_so_when_the_index_cannot_load(page, server):
    page.route("**/pagefind/pagefind-entry.json", lambda route: route.abort())
    page.route("**/pagefind/wasm.*", lambda route: route.abort())
    page.goto(server + "chapters/poverty.html")
    page.locator(".site-search").wait_for(state="visible", timeout=15000)
    page.fill("#site-search-input", "bus journeys")
    page.locator("#site-search-status", has_text="Search is not available").wait_for(timeout=15000)


def test_results_open_over_the_page_without_moving_it_or_stretching_the_header(page, server):
    """At a phone's and a laptop's width: the header keeps its height and the text its place."""
    for width in (390, 1280):
        page.set_viewport_size({"width": width, "height": 800})
        page.goto(server + "chapters/poverty.html")
        page.locator(".site-search").wait_for(state="visible", timeout=15000)
        before = page.evaluate("() => [document.querySelector('.site-header').getBoundingClientRect().height,"
                               " document.querySelector('main h1').getBoundingClientRect().top]")
        page.fill("#site-search-input", "bus journeys")
        page.locator("#site-search-results li a").first.wait_for(timeout=15000)
        header, title = page.evaluate("() => [document.querySelector('.site-header').getBoundingClientRect().height,"
                                      " document.querySelector('main h1').getBoundingClientRect().top]")
        status = page.locator("#site-search-status").bounding_box()["height"] + 4  # "9 results for …" joins the header
        assert header <= before[0] + status and title <= before[1] + status, width
        panel = page.locator("#site-search-results").bounding_box()
        assert 0 <= panel["x"] and panel["x"] + panel["width"] <= width and panel["y"] + panel["height"] <= 800, width


# Every search of Pagefind's own API for each (measure, name): where the measure's page comes in the
# first five results (-1: not among them).
EVERYDAY_NAMES_JS = """async rows => {
  const pagefind = await import("./pagefind/pagefind.js");
  const out = [];
  for (const [measure, name] of rows) {
    const found = await pagefind.search(name);
    const urls = await Promise.all(found.results.slice(0, 5).map(r => r.data().then(d => d.url)));
    out.push([name, urls.findIndex(url => url.endsWith("measures/" + measure + ".html"))]);
  }
  return out;
}"""


def test_every_everyday_name_of_a_measure_finds_its_page_first(page, server, built):
    """A reader searches for "smokers" or "school readiness", the names data/measure_names.csv gives a
    measure, and its page comes first, even where the page's own words use another name."""
    rows = [[row["measure"], row["name"]] for row in csv.DictReader(
        (built[0] / "data" / "measure_names.csv").open(encoding="utf-8"))]
    assert len(rows) >= 40
    page.goto(server + "index.html")
    places = page.evaluate(EVERYDAY_NAMES_JS, rows)
    assert [name for name, place in places if place != 0] == []


def test_a_result_found_by_an_everyday_name_says_it_is_another_name(page, server):
    """The fourteenth session's trial: searching "smokers" showed the page's excerpt as "smoking; smokers.",
    a fragment the page never shows; the excerpt now says what it is."""
    page.goto(server + "chapters/poverty.html")
    page.locator(".site-search").wait_for(state="visible", timeout=15000)
    page.focus("#site-search-input")
    page.keyboard.type("smokers")
    first = page.locator("#site-search-results li").first
    first.locator("a").wait_for(timeout=15000)
    assert "Also known as:" in first.locator("p").inner_text()


def test_quartos_search_can_find_a_measure_by_its_everyday_name_which_no_reader_sees(page, server, site):
    """Under `quarto render` the search box is Quarto's, over its search.json, whose entry for a page
    holds the text of the first paragraph of ``main``, hidden elements included (quarto-cli
    website-search.ts). The smoking page's first paragraph carries "Also known as: smoking; smokers."
    that way; it is hidden from sight and from screen readers, and Pagefind does not count it twice."""
    import re
    from xml.etree import ElementTree

    html = (site / "measures" / "smoking.html").read_text(encoding="utf-8")
    first = re.search(r"<p>Part of .*?</p>", html, re.S).group(0)  # the first paragraph of the page's text
    paragraph = ElementTree.fromstring(first.replace("&nbsp;", " "))
    text = " ".join("".join(paragraph.itertext()).split())
    assert text.endswith("Measured as: Smoking prevalence. Also known as: smoking; smokers.")
    hidden = [e for e in paragraph.iter("span") if "hidden" in e.attrib]
    assert [e.get("data-pagefind-ignore") for e in hidden] == ["all"]
    page.goto(server + "measures/smoking.html")
    assert "Also known as" not in page.inner_text("main")
    assert page.get_by_text("Also known as", exact=False).count() == 1
    assert not page.get_by_text("Also known as", exact=False).is_visible()


def test_a_measure_result_quotes_the_measure_not_the_stock_sentence_every_measure_page_opens_with(page, server):
    """Every measure page's description says "Latest result, chart, every value, milestones and the 2040
    target for this Luton 2040 measure.": the sixteenth session's trial found each measure's result
    quoting it, so the results all looked alike. Descriptions are left out of the index (Quarto's
    search leaves out the whole title block)."""
    page.goto(server + "chapters/poverty.html")
    page.locator(".site-search").wait_for(state="visible", timeout=15000)
    page.fill("#site-search-input", "bus journeys")
    page.locator("#site-search-results li a").first.wait_for(timeout=15000)
    results = page.locator("#site-search-results li").all_inner_texts()
    bus = [text for text in results if text.startswith("Bus passenger journeys")]
    assert bus and "for this Luton 2040 measure" not in bus[0]
    assert "Part of Net zero" in bus[0]


def test_the_results_close_when_the_focus_moves_on_or_escape_is_pressed(page, server):
    """Tabbing on past the results reached the page's own links under the open panel, hidden from
    the reader (WCAG 2.4.11, focus not obscured): the panel closes then, and on Escape, and opens
    again when the box is focused."""
    page.set_viewport_size({"width": 320, "height": 700})
    page.goto(server + "chapters/poverty.html")
    page.locator(".site-search").wait_for(state="visible", timeout=15000)
    page.focus("#site-search-input")
    page.keyboard.type("smokers")
    results = page.locator("#site-search-results")
    results.locator("li a").first.wait_for(timeout=15000)
    for _ in range(10):
        page.keyboard.press("Tab")
        if not page.evaluate("() => !!document.activeElement.closest('.site-search')"):
            break
    assert not results.is_visible()
    covered = page.evaluate("""() => { const el = document.activeElement; el.scrollIntoView({block: 'center'});
        const box = el.getBoundingClientRect();
        const top = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
        return !(top === el || el.contains(top)); }""")
    assert not covered
    page.focus("#site-search-input")
    assert results.is_visible()
    page.keyboard.press("Escape")
    assert not results.is_visible()
    assert page.input_value("#site-search-input") == "smokers"  # the first Escape closes, keeps the words


def test_the_count_is_of_every_page_found_not_of_the_ten_listed(page, server):
    """The trial of the sixteenth session: "poverty" listed ten pages and said "10 results", though
    far more pages mention it; a search that finds nothing says so in words."""
    page.goto(server + "index.html")
    page.locator(".site-search").wait_for(state="visible", timeout=15000)
    total = page.evaluate("async () => (await (await import('./pagefind/pagefind.js')).search('poverty')).results.length")
    assert total > 10
    page.fill("#site-search-input", "poverty")
    status = page.locator("#site-search-status", has_text="shown")
    status.wait_for(timeout=15000)
    assert status.inner_text() == f"{total} results for \u201cpoverty\u201d, first 10 shown"
    assert page.locator("#site-search-results li").count() == 10
    page.fill("#site-search-input", "xyzzyq")
    page.locator("#site-search-status", has_text="No results").wait_for(timeout=15000)
    assert page.inner_text("#site-search-status") == "No results for \u201cxyzzyq\u201d: try another word"


def test_a_measure_pages_links_to_its_neighbours_are_not_searched(page, server):
    """A result's excerpt read "Previous measure: Bus passenger journeys. Back to Net zero." for the
    air quality page, and "bus" found every page next to the bus journeys page."""
    page.goto(server + "index.html")
    found = page.evaluate("""async () => { const pagefind = await import('./pagefind/pagefind.js');
        const found = await pagefind.search('measure');
        const pages = await Promise.all(found.results.map(r => r.data()));
        return pages.filter(p => p.url.includes('/measures/')).map(p => [p.url, p.content]); }""")
    assert len(found) >= 30
    assert [url for url, content in found if "Previous measure" in content or "Next measure" in content] == []
