"""Pages as real Quarto 1.7.34 writes them, where a reader (or a screen reader) would notice the
difference. Each case was rendered with Quarto 1.7.34 and compared with the engine's page."""
import re

from luton2040.engine.build import build
from project_copy import warm_copy

PICTURES = """

![Our new van](../images/logo.svg)

An inline ![small logo](../images/logo.svg) picture.

![The van at the depot](../images/logo.svg){fig-alt="A white van parked outside a red-brick depot"}

![The van again](../images/logo.svg){#fig-van}

See @fig-van.

::: {.partner-contribution}
### Hilltop Pantry

![Volunteers packing food parcels](../images/logo.svg)
:::
"""


def _main(html: str) -> str:
    return html[html.index("<main"):html.index("</main>")]


def _figures(html: str) -> list[tuple[str, str]]:
    """Each <figure>'s <img> tag and <figcaption> tag with its words, in page order."""
    return [(re.search(r"<img\b[^>]*>", f).group(), re.search(r"<figcaption\b[^>]*>.*?</figcaption>", f, re.S).group())
            for f in re.findall(r"<figure\b.*?</figure>", _main(html), re.S)]


def test_a_captioned_picture_is_named_once_by_its_caption_as_quarto_writes_it(basic_site, tmp_path):
    """Quarto writes a figure's <img> with no alt unless fig-alt gives one: the caption alone names
    the picture (src/resources/filters/layout/html.lua, htmlImageFigure, clears the image's
    description; quarto-pre/parsefiguredivs.lua does so for a labelled figure; quarto-post/html.lua
    turns fig-alt into alt). Pandoc alone repeats the caption as alt and hides the <figcaption>
    with aria-hidden, which the partner sanitiser removes: a screen reader heard a partner photo's
    caption twice."""
    folder = warm_copy(basic_site[0], tmp_path / "basic")
    page = folder / "chapters/words.qmd"
    page.write_text(page.read_text(encoding="utf-8") + PICTURES, encoding="utf-8")
    build(folder, quiet=True)
    html = (folder / "_site/chapters/words.html").read_text(encoding="utf-8")
    figures = _figures(html)
    assert [re.sub(r"\s*/?>$", ">", img) for img, _ in figures] == [
        '<img src="../images/logo.svg">',
        '<img src="../images/logo.svg" alt="A white van parked outside a red-brick depot">',
        '<img src="../images/logo.svg">',
        '<img src="../images/logo.svg">',  # the partner's photo, through the sanitiser
    ]
    assert [caption for _, caption in figures] == [
        "<figcaption>Our new van</figcaption>",
        "<figcaption>The van at the depot</figcaption>",
        "<figcaption>Figure 1: The van again</figcaption>",
        "<figcaption>Volunteers packing food parcels</figcaption>",
    ]
    # a picture inside a sentence has no caption: its words are its alt, as in Quarto
    assert '<img src="../images/logo.svg" alt="small logo" />' in html
    assert "fig-alt" not in html


def test_a_page_without_previous_or_next_has_no_empty_navigation_landmark(basic_site, tmp_path):
    """Quarto writes <nav class="page-navigation"> only when the page has a previous or a next page
    (src/resources/projects/website/templates/nav-after-body-postamble.ejs: ``if (nav.prevPage ||
    nav.nextPage)``). The engine wrote an empty one on every page outside the sidebar (the 40
    measure pages, downloads, editions): a screen reader listed a navigation region with nothing in it."""
    folder = warm_copy(basic_site[0], tmp_path / "basic")
    (folder / "extra.qmd").write_text('---\ntitle: "Extra"\n---\n\nNot in the sidebar.\n', encoding="utf-8")
    build(folder, quiet=True)
    assert "page-navigation" not in (folder / "_site/extra.html").read_text(encoding="utf-8")
    words = (folder / "_site/chapters/words.html").read_text(encoding="utf-8")
    assert re.search(r'<nav class="page-navigation" aria-label="Previous and next chapters">\n'
                     r'<a class="nav-prev" rel="prev" href="numbers.html">', words)


NOT_FOUND = """---
title: "Page not found"
toc: false
---

There is no page at this address. Start again from the [home page](index.qmd), or read
[the numbers](chapters/numbers.qmd#tbl-values).

![Logo](images/logo.svg){fig-alt="The fixture's logo"}

Write to [us](mailto:x@example.org) or see [elsewhere](https://example.com/a).
"""


def test_the_page_not_found_links_from_the_sites_path_as_quarto_writes_it(basic_site, tmp_path):
    """A server shows 404.html at any depth (/chapters/no-such-page), so Quarto starts every local
    reference of the root 404 page at the path of website.site-url, "/" without one
    (src/project/types/website/website-resources.ts, forceRoot and resolveTag;
    website-config.ts, websitePath), and leaves the page out of sitemap.xml (website.ts,
    websitePostRender). Rendered with Quarto 1.7.34 and compared: the same link targets."""
    folder = warm_copy(basic_site[0], tmp_path / "basic")
    config = folder / "_quarto.yml"
    config.write_text(config.read_text().replace('  title: "Fixture Book"\n',
                                                 '  title: "Fixture Book"\n  site-url: https://example.org/report\n'))
    (folder / "404.qmd").write_text(NOT_FOUND, encoding="utf-8")
    build(folder, quiet=True)
    page = (folder / "_site/404.html").read_text(encoding="utf-8")
    references = re.findall(r'<(?:a|img|link|script)\b[^>]*\s(?:href|src)="([^"]*)"', page)
    assert sorted(set(references)) == [
        "#quarto-document-content", "/report/appendix/notes.html", "/report/chapters/numbers.html",
        "/report/chapters/numbers.html#tbl-values", "/report/chapters/words.html", "/report/fixture.pdf",
        "/report/images/logo.svg", "/report/index.html", "/report/site_libs/luton2040-engine.css",
        "/report/site_libs/luton2040-menu.js", "/report/styles/book.css",
        "https://example.com/a", "mailto:x@example.org"]
    assert '<img src="/report/images/logo.svg" alt="The fixture&#39;s logo" />' in page
    assert "404" not in (folder / "_site/sitemap.xml").read_text(encoding="utf-8")
    # every other page keeps its relative links
    assert not re.search(r'(href|src)="/', (folder / "_site/chapters/words.html").read_text(encoding="utf-8"))


def test_without_a_site_url_the_page_not_found_links_from_the_servers_root(basic_site, tmp_path):
    folder = warm_copy(basic_site[0], tmp_path / "basic")
    (folder / "404.qmd").write_text(NOT_FOUND, encoding="utf-8")
    (folder / "chapters/404.qmd").write_text('---\ntitle: "Four oh four"\n---\n\nSee [home](../index.qmd).\n',
                                            encoding="utf-8")
    build(folder, quiet=True)
    page = (folder / "_site/404.html").read_text(encoding="utf-8")
    assert '<a href="/index.html">home page</a>' in page
    assert '<script src="/site_libs/luton2040-menu.js"></script>' in page
    # only the site's root 404 page is Quarto's page not found
    assert '<a href="../index.html">home</a>' in (folder / "_site/chapters/404.html").read_text(encoding="utf-8")


def test_the_footer_is_the_page_footer_alone_as_in_quarto(basic_site, tmp_path):
    """Quarto's footer is website.page-footer and nothing else, and there is none without one
    (src/resources/projects/website/templates/nav-after-body-postamble.ejs: ``if (nav.footer &&
    …)``). The engine wrote the site's title above it: the report's footer, which starts with the
    report's name, said "Luton 2040 Progress Report 2025" twice in a row."""
    words = (basic_site[0] / "_site/chapters/words.html").read_text(encoding="utf-8")
    footer = words[words.index("<footer"):words.index("</footer>")]
    assert re.sub(r"<[^>]+>", "", footer).split() == ["Fixture", "footer"]
    folder = warm_copy(basic_site[0], tmp_path / "basic")
    config = folder / "_quarto.yml"
    config.write_text(config.read_text().replace('  page-footer: "Fixture footer"\n', ""))
    build(folder, quiet=True)
    assert "<footer" not in (folder / "_site/chapters/words.html").read_text(encoding="utf-8")
