"""A page's words carry no script, frame, form, script address or picture from another site
(luton2040/data/page_markup.py); markup shown as code, or in a comment, is words, not markup."""
from luton2040.data.page_markup import problems


def test_markup_shown_as_code_or_kept_in_a_comment_and_plain_links_are_not_refused():
    text = ("We wrote `<script>alert(1)</script>` as code.\n\n```\n<iframe src=x></iframe>\n```\n\n"
            "```{python}\nprint('<form>')\n```\n\n<!-- <script>alert(1)</script> -->\n\n"
            "See <https://example.org/online> and <info@example.org>, [our site](https://example.org) and "
            "![our van](../figures/van.png). Fewer than <5% left; a <b>bold</b> word.\n")
    assert problems("chapters/x.qmd", text) == []


def test_each_refusal_names_its_own_line():
    text = "Fine.\n\n<SCRIPT src=x.js></SCRIPT>\n\n[a](java&#9;script:x)\n\n![b](//tracker.example/p.gif)\n"
    assert [(p.line, p.message.split(" ")[1]) for p in problems("chapters/x.qmd", text)] == [
        (3, "<script>"), (5, "link"), (7, "picture")]


def test_a_file_or_page_whose_name_begins_like_a_script_address_is_linked():
    # the scheme needs its colon: the review found "files/full-report.pdf", "filelist.html" and
    # "javascript-free.html" refused as "file:" and "javascript:" addresses, here and in the page audit
    text = ("Download [the full report](files/full-report.pdf), the [file list](filelist.html), the "
            "[JavaScript-free version](javascript-free.html) or <a href=\"files/a.pdf\">the data</a>; "
            "<img src=\"file_photo.jpg\" alt=\"A van\">.\n")
    assert problems("chapters/x.qmd", text) == []
    assert [p.line for p in problems("chapters/x.qmd", "[a](JavaScript:x)\n\n[b](FILE:///etc/passwd)\n")] == [1, 3]


def test_raw_html_written_as_code_is_read_as_the_markup_pandoc_passes_on():
    # ```{=html} and `…`{=html} go into the page as they are (the final review: they passed the check)
    text = ("Before.\n\n```{=html}\n<iframe src=\"https://video.example/embed\"></iframe>\n```\n\n"
            "An inline `<script>alert(1)</script>`{=html} here.\n\n```html\n<script>shown as code</script>\n```\n")
    assert [(p.line, p.message.split(" ")[1]) for p in problems("chapters/x.qmd", text)] == [
        (4, "<iframe>"), (7, "<script>")]
