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
