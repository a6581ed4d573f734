"""The basic fixture book renders every page with executed cells, cross-references and callouts."""
import json
import re

import pytest

from luton2040.engine.build import build
from luton2040.errors import InputError
from project_copy import warm_copy


def read(folder, page):
    return (folder / "_site" / page).read_text(encoding="utf-8")


def main_of(html):
    return html[html.index('<main id="quarto-document-content" class="content">'):html.index("</main>")]


def test_every_page_is_written_with_the_site_frame(basic_site):
    folder, result = basic_site
    assert result.pages == ["index.html", "chapters/numbers.html", "chapters/words.html", "appendix/notes.html"]
    for page in result.pages:
        html = read(folder, page)
        assert html.startswith("<!DOCTYPE html>\n<html lang=\"en-GB\">")
        assert '<a class="skip-link" href="#quarto-document-content">' in html
        assert '<nav id="quarto-sidebar" class="sidebar" aria-label="Chapters">' in html
        assert html.count('aria-current="page"') == 1
        assert '<header id="title-block-header">\n<h1 class="title">' in html
        # the footer is website.page-footer alone, as in Quarto (nav-after-body-postamble.ejs): the
        # engine's page once named the report above it, so a footer starting with its name said it twice
        assert ('<footer class="site-footer">\n<p class="footer-text"><span class="wordmark-mark" '
                'aria-hidden="true"></span><span>Fixture footer</span></p>\n</footer>') in html
        assert '<button type="button" class="menu-button" id="menu-button" aria-controls="quarto-sidebar"' in html


def test_titles_nav_parts_and_relative_links(basic_site):
    folder, _ = basic_site
    html = read(folder, "chapters/numbers.html")
    assert "<title>Numbers – Fixture Book</title>" in html
    assert '<a href="numbers.html" aria-current="page">Numbers</a>' in html
    assert '<li class="sidebar-part">Evidence</li>' in html
    assert '<li class="sidebar-part">Appendices</li>' in html
    assert '<a href="../appendix/notes.html">Notes</a>' in html
    assert '<link rel="stylesheet" href="../styles/book.css">' in html
    assert 'href="../fixture.pdf">Download (PDF)</a>' in html
    assert 'rel="prev" href="../index.html"' in html and 'rel="next" href="words.html"' in html
    # a page with no front-matter title takes its first heading
    assert '<h1 class="title">Notes</h1>' in read(folder, "appendix/notes.html")
    assert (folder / "_site/styles/book.css").is_file()
    assert not re.search(r'(href|src)="/', html)


def test_inline_expressions_are_evaluated_in_document_order(basic_site):
    folder, _ = basic_site
    assert "<p>The answer is 42 and the word is plain.</p>" in read(folder, "index.html")
    numbers = read(folder, "chapters/numbers.html")
    assert "There are 3 rows;" in numbers
    assert "Total after the table: 6." in numbers
    assert "The words file says: hello from words." in read(folder, "chapters/words.html")


def test_asis_output_is_markdown_and_include_is_inlined(basic_site):
    folder, _ = basic_site
    numbers = main_of(read(folder, "chapters/numbers.html"))
    assert "<li><strong>b</strong>: 3</li>" in numbers
    assert "<p>Shared text included from another file.</p>" in numbers
    assert "import helpers" not in numbers  # echo: false from _quarto.yml


def test_figure_is_a_file_with_alt_text_and_caption(basic_site):
    folder, _ = basic_site
    numbers = read(folder, "chapters/numbers.html")
    image = folder / "_site/chapters/numbers_files/figure-html/fig-bars-output-1.png"
    assert image.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert ('<figure id="fig-bars">\n<img src="numbers_files/figure-html/fig-bars-output-1.png" '
            'alt="A bar chart of three values, highest for b" />\n'
            "<figcaption>Figure 1: Values as bars</figcaption>") in numbers


def test_cross_references_are_numbered_and_linked(basic_site):
    folder, _ = basic_site
    numbers = read(folder, "chapters/numbers.html")
    assert '<a href="#tbl-values">Table 1</a> lists them and <a href="#fig-bars">Figure 1</a>' in numbers
    assert ('<div id="tbl-values" class="table-float" tabindex="0" role="region" '
            'aria-label="Table 1: Values by name">\n<table>\n<caption>Table 1: Values by name</caption>') in numbers
    assert 'Back to <a href="numbers.html#tbl-values">the table of values</a>.' in read(folder, "chapters/words.html")


def test_callouts_are_labelled_asides(basic_site):
    folder, _ = basic_site
    index = read(folder, "index.html")
    assert ('<aside class="callout callout-note" aria-labelledby="callout-1-title">\n'
            '<div id="callout-1-title" class="callout-title">\n<p>Read this first</p>') in index
    assert '<div id="callout-2-title" class="callout-title">\n<p>Tip</p>' in index
    assert "<h2" not in main_of(index)  # the callout title is not a section heading


def test_body_classes_and_qmd_links_and_resources(basic_site):
    folder, _ = basic_site
    assert '<body class="theme-green extra">' in read(folder, "chapters/numbers.html")
    index = read(folder, "index.html")
    assert '<a href="chapters/numbers.html">the numbers</a>' in index
    assert '<img src="images/logo.svg" alt="Logo" />' in index
    assert (folder / "_site/images/logo.svg").is_file()
    assert '<nav id="TOC" class="toc" aria-label="On this page">' in read(folder, "chapters/numbers.html")


def test_scripts_run_with_quarto_environment(basic_site):
    folder, result = basic_site
    pre = json.loads((folder / "pre-render.json").read_text())
    assert pre["QUARTO_PROJECT_RENDER_ALL"] == "1"
    assert pre["QUARTO_PROJECT_INPUT_FILES"].split("\n") == [
        "index.qmd", "chapters/numbers.qmd", "chapters/words.qmd", "appendix/notes.qmd"]
    assert pre["cwd"] == str(folder)
    post = json.loads((folder / "post-render.json").read_text())
    assert post["all_exist"] is True
    assert [f.rsplit("/", 1)[-1] for f in post["QUARTO_PROJECT_OUTPUT_FILES"].split("\n")] == [
        "index.html", "numbers.html", "words.html", "notes.html"]
    # the post-render script wrote into the staging folder, which became the output folder
    assert (folder / "_site/fixture.pdf").read_text() == "not really a pdf"
    assert not list(folder.glob("_site.*"))


LITERAL = """---
title: Code stays code
---

```{python}
#| label: tbl-x
#| tbl-cap: Numbers
import pandas as pd
pd.DataFrame({"a": [1]})
```

See @tbl-x, and write `@tbl-x` or `::: {.callout-note}` in inline code.

```
See @tbl-x.

::: {.callout-note}
Not a callout.
:::
```

::: {.callout-tip}
A real tip about `@tbl-x`.
:::
"""


def _page(tmp_path, text: str) -> str:
    (tmp_path / "_quarto.yml").write_text(
        "project:\n  type: website\nwebsite:\n  title: T\n  sidebar:\n    contents:\n      - index.qmd\n")
    (tmp_path / "index.qmd").write_text(text)
    build(tmp_path, quiet=True)
    return (tmp_path / "_site" / "index.html").read_text()


def test_references_and_callouts_written_in_code_stay_literal(tmp_path):
    page = _page(tmp_path, LITERAL)
    assert '<p>See <a href="#tbl-x">Table 1</a>, and write <code>@tbl-x</code> or <code>::: {.callout-note}</code> ' \
           'in inline code.</p>' in page
    assert "See @tbl-x.\n\n::: {.callout-note}\nNot a callout.\n:::</code></pre>" in page
    assert page.count("<aside") == 1
    assert ('<aside class="callout callout-tip" aria-labelledby="callout-1-title">\n<div id="callout-1-title" '
            'class="callout-title">\n<p>Tip</p>\n</div>\n<p>A real tip about <code>@tbl-x</code>.</p>\n</aside>') in page


def test_a_callout_inside_a_callout_is_numbered_after_it(tmp_path):
    page = _page(tmp_path, "---\ntitle: T\n---\n\n::::: {.callout-warning}\n## Outer\n\n"
                           "::: {.callout-note}\nInner\n:::\n:::::\n")
    assert page.index('id="callout-1-title" class="callout-title">\n<p>Outer') < \
        page.index('id="callout-2-title" class="callout-title">\n<p>Note')
    assert page.count("</aside>") == 2


def test_a_tables_div_gives_it_its_number_and_a_caption_computed_like_any_sentence(tmp_path):
    """Quarto takes a cross-reference div's last paragraph as its caption (quarto-cli
    src/resources/filters/quarto-pre/parsefiguredivs.lua), so a caption can count what the data
    has: the table comes out as a cell's `tbl-cap` makes it, numbered in the page's order."""
    page = _page(tmp_path, LITERAL + """
::: {#tbl-y}

```{python}
#| echo: false
from IPython.display import Markdown
Markdown("| b |\\n|---|\\n| 2 |\\n| 3 |\\n")
```

The `{python} 1 + 1` *counted* rows

:::

As @tbl-y and @tbl-x show.
""")
    assert ('<div id="tbl-y" class="table-float" tabindex="0" role="region" '
            'aria-label="Table 2: The 2 counted rows">\n<table>\n'
            '<caption>Table 2: The 2 <em>counted</em> rows</caption>') in page
    assert '<p>As <a href="#tbl-y">Table 2</a> and <a href="#tbl-x">Table 1</a> show.</p>' in page
    assert page.count("counted") == 2  # the caption is the table's, not a paragraph after it too


def test_a_reference_to_another_pages_table_is_refused(tmp_path):
    (tmp_path / "_quarto.yml").write_text("project:\n  type: website\nwebsite:\n  title: T\n  sidebar:\n"
                                          "    contents:\n      - index.qmd\n      - other.qmd\n")
    (tmp_path / "index.qmd").write_text(LITERAL)
    (tmp_path / "other.qmd").write_text("---\ntitle: Other\n---\n\nAs @tbl-x shows.\n")
    with pytest.raises(InputError) as caught:
        build(tmp_path, quiet=True)
    assert caught.value.lines() == [
        "other.qmd:5: '@tbl-x' refers to a table on index.qmd; Quarto resolves cross-references within one "
        "page of a website — link to it instead: [table](index.qmd#tbl-x)"]


def test_include_after_body_ends_every_page_with_project_paths_made_relative(tmp_path):
    """format.html.include-after-body as Quarto writes it: the file's HTML after each page's main text,
    a "/…" path made relative to that page (website-resources.ts, resolveResourceRefs) and the file
    it names copied into the site; other links are left as they are."""
    import shutil
    from pathlib import Path

    folder = tmp_path / "basic"
    shutil.copytree(Path(__file__).parent.parent / "fixtures/books/basic", folder)
    (folder / "styles/cards.js").write_text("// cards\n")
    (folder / "styles/after.html").write_text(
        '<script src="/styles/cards.js"></script>\n<a href="https://example.org/">elsewhere</a>\n')
    config = folder / "_quarto.yml"
    config.write_text(config.read_text().replace(
        "    css: styles/book.css", "    css: styles/book.css\n    include-after-body: styles/after.html"))
    build(folder, quiet=True)
    assert ('</main>\n<script src="styles/cards.js"></script>\n<a href="https://example.org/">elsewhere</a>\n\n'
            '</div>\n<footer class="site-footer">') in read(folder, "index.html")  # after the main text, as Quarto
    assert '<script src="../styles/cards.js"></script>' in read(folder, "chapters/numbers.html")
    assert '<script src="../styles/cards.js"></script>' in read(folder, "appendix/notes.html")
    assert (folder / "_site/styles/cards.js").read_text() == "// cards\n"
    assert not (folder / "_site/styles/after.html").exists()


@pytest.mark.parametrize("value, message", [
    ("\n      - text: '<b>x</b>'",
     "_quarto.yml:37: format.html.include-after-body must name files (the 'text:'/'file:' form is not rendered "
     "by the embedded engine) — write the HTML into a file and list its path"),
    (" styles/missing.html",
     "_quarto.yml:37: format.html.include-after-body lists 'styles/missing.html', which does not exist — create "
     "it or fix the path (it is relative to the project folder)"),
])
def test_include_after_body_must_name_files_that_exist(tmp_path, value, message):
    import shutil
    from pathlib import Path

    from luton2040.engine.config import load

    folder = tmp_path / "basic"
    shutil.copytree(Path(__file__).parent.parent / "fixtures/books/basic", folder)
    config = folder / "_quarto.yml"
    config.write_text(config.read_text().replace(
        "    css: styles/book.css", "    css: styles/book.css\n    include-after-body:" + value))
    with pytest.raises(InputError) as info:
        load(folder)
    assert info.value.lines() == [message]


def test_the_footer_is_markdown_as_quarto_renders_it(basic_site, tmp_path):
    """website.page-footer is markdown to Quarto (website-navigation-md.ts): a link is a link, a
    '*' is emphasis, and raw HTML is not passed through."""
    folder = warm_copy(basic_site[0], tmp_path / "basic")  # a second build in the same folder
    config = folder / "_quarto.yml"
    config.write_text(config.read_text().replace(
        'page-footer: "Fixture footer"',
        'page-footer: "Fixture *Partnership* · [example.org](https://example.org/) · <b>no</b>"'))
    build(folder, quiet=True)
    page = (folder / "_site/chapters/numbers.html").read_text(encoding="utf-8")
    assert ('<span>Fixture <em>Partnership</em> · <a href="https://example.org/">example.org</a> · '
            '&lt;b&gt;no&lt;/b&gt;</span></p>\n</footer>') in page


def test_the_sidebar_logo_heads_every_sidebar_and_links_home(basic_site, tmp_path):
    """website.sidebar.logo and logo-alt as Quarto's sidebar.ejs draws them: the picture at the top
    of the sidebar, linking to the home page, with its alt text; the file is copied into the site."""
    folder = warm_copy(basic_site[0], tmp_path / "basic")  # a second build in the same folder
    config = folder / "_quarto.yml"
    config.write_text(config.read_text().replace(
        "  sidebar:\n", '  sidebar:\n    logo: images/logo.svg\n    logo-alt: "Fixture logo"\n'))
    build(folder, quiet=True)
    assert ('<nav id="quarto-sidebar" class="sidebar" aria-label="Chapters">\n  <a class="sidebar-logo-link" '
            'href="../index.html"><img class="sidebar-logo" src="../images/logo.svg" alt="Fixture logo"></a>'
            ) in read(folder, "chapters/numbers.html")
    assert '<img class="sidebar-logo" src="images/logo.svg" alt="Fixture logo">' in read(folder, "index.html")
    assert (folder / "_site/images/logo.svg").is_file()


@pytest.mark.parametrize("settings, message", [
    ('    logo: images/logo.svg\n',
     "_quarto.yml:15: website.sidebar.logo has no logo-alt: the picture would have no text for screen readers "
     "— add 'logo-alt:' with the words the picture shows"),
    ('    logo: images/none.svg\n    logo-alt: "x"\n',
     "_quarto.yml:15: website.sidebar.logo is 'images/none.svg', which does not exist — create it or fix the "
     "path (it is relative to the project folder)"),
])
def test_a_sidebar_logo_needs_its_file_and_its_alt_text(book, settings, message):
    from luton2040.engine.config import load

    folder = book("basic")
    config = folder / "_quarto.yml"
    config.write_text(config.read_text().replace("  sidebar:\n", "  sidebar:\n" + settings))
    with pytest.raises(InputError) as info:
        load(folder)
    assert info.value.lines() == [message]


def test_a_favicon_is_linked_from_every_page_and_copied_as_quarto_links_it(basic_site, tmp_path):
    """website.favicon as Quarto's website ``formatExtras`` adds it (quarto-cli
    src/project/types/website/website.ts): a <link rel="icon"> in every page's head, relative to
    the page, its type from the file's ending (src/core/mime.ts); the file is copied into the site,
    so a browser asks for it instead of /favicon.ico."""
    folder = warm_copy(basic_site[0], tmp_path / "basic")
    config = folder / "_quarto.yml"
    config.write_text(config.read_text().replace("  page-navigation: true\n",
                                                 "  page-navigation: true\n  favicon: images/logo.svg\n"))
    build(folder, quiet=True)
    for name, href in (("index.html", "images/logo.svg"), ("chapters/numbers.html", "../images/logo.svg")):
        head = read(folder, name).split("</head>")[0]
        assert f'<link href="{href}" rel="icon" type="image/svg+xml">' in head, name
    assert (folder / "_site/images/logo.svg").read_bytes() == (folder / "images/logo.svg").read_bytes()


def test_a_favicon_that_is_not_there_is_refused_at_its_line(book):
    from luton2040.engine.config import load

    folder = book("basic")
    config = folder / "_quarto.yml"
    config.write_text(config.read_text().replace("  page-navigation: true\n",
                                                 "  page-navigation: true\n  favicon: images/none.ico\n"))
    with pytest.raises(InputError) as info:
        load(folder)
    assert info.value.lines() == ["_quarto.yml:14: website.favicon is 'images/none.ico', which does not exist — "
                                  "create it or fix the path (it is relative to the project folder)"]


def test_the_description_shows_under_the_title_as_quartos_title_block_shows_it(basic_site, tmp_path):
    """A page's description is its meta description (its plain text) and, as in Quarto's title block
    (formats/html/templates/title-block.html), a line under the title, read as markdown; left out of the
    engine's search index, as Quarto's search leaves out the title block."""
    folder = warm_copy(basic_site[0], tmp_path / "basic")  # a second build in the same folder
    page = folder / "chapters/words.qmd"
    page.write_text(page.read_text().replace(
        "---\n", '---\ndescription: "Every *word* we \'count\' -- here & [there](numbers.qmd)."\n', 1))
    build(folder, quiet=True)
    html = read(folder, "chapters/words.html")
    # Quarto 1.7.34 writes this description's meta as its plain text with pandoc's typography.
    assert '<meta name="description" content="Every word we ‘count’ – here &amp; there.">' in html
    assert re.search(r'<header id="title-block-header">\n<h1 class="title">[^\n]*</h1>\n'
                     r'<div class="description" data-pagefind-ignore="all">Every <em>word</em> we ‘count’ – here &amp; '
                     r'<a href="numbers.html">there</a>\.</div>\n</header>', html)
    assert 'class="description"' not in read(folder, "chapters/numbers.html")


def test_sitemap_and_robots_are_written_as_quarto_writes_them_for_a_site_url(basic_site, tmp_path):
    """With website.site-url, Quarto writes sitemap.xml (every page) and a robots.txt naming it
    (website-sitemap.ts); a project's own robots.txt is copied instead. The engine leaves out
    Quarto's <lastmod> (a file time), so a build does not depend on when files were checked out."""
    import os

    folder = warm_copy(basic_site[0], tmp_path / "basic")  # a second build in the same folder
    config = folder / "_quarto.yml"
    config.write_text(config.read_text().replace('  title: "Fixture Book"\n',
                                                 '  title: "Fixture Book"\n  site-url: https://example.org/report\n'))
    build(folder, quiet=True)
    # No canonical link: Quarto writes one only with format.html.canonical-url (format-html-meta.ts),
    # and for a past edition under <year>/ it would name the current edition's page.
    assert 'rel="canonical"' not in read(folder, "chapters/words.html")
    sitemap = read(folder, "sitemap.xml")
    assert re.findall(r"<loc>([^<]*)</loc>", sitemap) == [
        "https://example.org/report/index.html", "https://example.org/report/chapters/numbers.html",
        "https://example.org/report/chapters/words.html", "https://example.org/report/appendix/notes.html"]
    assert sitemap.startswith('<?xml version="1.0" encoding="UTF-8"?>\n'
                              '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n  <url>\n'
                              '    <loc>https://example.org/report/index.html</loc>\n  </url>\n')
    os.utime(folder / "chapters/words.qmd", (0, 1_700_000_000))
    build(folder, quiet=True)
    assert read(folder, "sitemap.xml") == sitemap
    assert read(folder, "robots.txt") == "Sitemap: https://example.org/report/sitemap.xml\n"
    (folder / "robots.txt").write_text("User-agent: *\nDisallow:\n")
    build(folder, quiet=True)
    assert read(folder, "robots.txt") == "User-agent: *\nDisallow:\n"


def test_no_sitemap_without_a_site_url(basic_site):
    folder, _ = basic_site
    assert not (folder / "_site/sitemap.xml").exists() and not (folder / "_site/robots.txt").exists()
