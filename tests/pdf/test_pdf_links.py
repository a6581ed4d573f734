"""Links and ids when many site pages become one print document."""
from __future__ import annotations

import shutil
from pathlib import Path

import tinyhtml5

from luton2040.pdf import links, print_html

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "site"
SLUGS = {"index.html": "index", "chapters/a.html": "chapters-a", "chapters/b.html": "chapters-b"}
IDS = {"index.html": {"top"}, "chapters/a.html": {"intro", "tbl-1"}, "chapters/b.html": {"air"}}


def rewrite(href: str, page: str = "chapters/a.html", site_url: str = "https://site.example") -> str | None:
    root = tinyhtml5.parse(f'<a href="{href}">x</a>', namespace_html_elements=False)
    dropped = links.rewrite_links(root, page, SLUGS, IDS, site_url)
    anchor = next(root.iter("a"))
    assert (anchor.get("href") is None) == bool(dropped)
    return anchor.get("href")


def test_links_to_book_pages_become_page_anchors():
    assert rewrite("b.html") == "#page-chapters-b"
    assert rewrite("../index.html") == "#page-index"
    assert rewrite("../") == "#page-index"
    assert rewrite("./b.html#air") == "#chapters-b--air"
    assert rewrite("b.html#gone") == "#page-chapters-b"  # unknown fragment: the page itself


def test_in_page_fragments_get_the_page_prefix():
    assert rewrite("#tbl-1") == "#chapters-a--tbl-1"
    assert rewrite("#top", page="index.html") == "#index--top"


def test_external_links_are_kept_and_pages_outside_the_book_use_the_site_url():
    assert rewrite("https://example.org/x?y=1") == "https://example.org/x?y=1"
    assert rewrite("mailto:hello@site.example") == "mailto:hello@site.example"
    assert rewrite("../measures/destitution.html#latest") == "https://site.example/measures/destitution.html#latest"
    assert rewrite("../report.pdf") == "https://site.example/report.pdf"


def test_without_a_site_url_outside_links_lose_their_href_but_keep_their_text():
    assert rewrite("../measures/destitution.html", site_url="") is None
    assert rewrite("../../elsewhere.html") is None


def test_prefix_ids_renames_ids_and_references_to_them():
    root = tinyhtml5.parse('<table id="t" aria-describedby="t-cap other"><caption id="t-cap">c</caption>'
                           '</table><label for="t">l</label>', namespace_html_elements=False)
    links.prefix_ids(root, "chapters-a")
    table = next(root.iter("table"))
    assert table.get("id") == "chapters-a--t"
    assert table.get("aria-describedby") == "chapters-a--t-cap other"
    assert next(root.iter("label")).get("for") == "chapters-a--t"


def test_print_html_has_unique_ids_and_only_resolvable_internal_links(tmp_path):
    project = Path(shutil.copytree(FIXTURE, tmp_path / "project"))
    html = print_html(project, project / "_site")
    root = tinyhtml5.parse(html, namespace_html_elements=False)
    ids = [e.get("id") for e in root.iter() if e.get("id")]
    assert len(ids) == len(set(ids))
    internal = [e.get("href")[1:] for e in root.iter("a") if (e.get("href") or "").startswith("#")]
    assert internal and set(internal) <= set(ids)
    assert "#chapters-net-zero--air-quality" in html
    assert 'lang="en-GB"' in html
    assert '<li class="contents-group">Our priorities</li>' in html
    assert html.index("Our priorities</li>") < html.index("#page-chapters-poverty") < html.index("Appendices</li>")
    assert "<script" not in html and "quarto-sidebar" not in html
    img = next(root.iter("img"))
    assert img.get("src").startswith("data:image/png;base64,")
    assert img.get("alt").startswith("Line chart")


def test_no_text_runs_past_the_right_margin_even_with_very_long_words_in_table_cells(tmp_path):
    import weasyprint

    project = Path(shutil.copytree(FIXTURE, tmp_path / "project"))
    document = weasyprint.HTML(string=print_html(project, project / "_site")).render()
    checked = 0
    for page in document.pages:
        box = page._page_box  # WeasyPrint's laid-out page; its text boxes carry their positions
        right_edge = box.margin_width() - box.margin_right
        for descendant in box.descendants():
            if type(descendant).__name__ == "TextBox":
                checked += 1
                assert descendant.position_x + descendant.width <= right_edge + 0.5, descendant.text
    assert checked > 100
