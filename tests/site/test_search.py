"""Search works on a static host: Pagefind's index is in the site, and the search box finds pages."""
from __future__ import annotations


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
