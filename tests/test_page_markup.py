"""A page's words carry no script, frame, form, script address or picture from another site
(luton2040/data/page_markup.py); markup shown as code, or in a comment, is words, not markup."""
import pytest

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


def test_a_link_that_goes_somewhere_its_words_do_not_show_is_refused_at_its_line():
    # the same rule as a partner text's (luton2040/link_targets.py), for what a paste brings into the team's words
    text = ("Apply at [the council](https://luton.gov.uk@evil.example/).\n\n"
            "[Email us](mailto:info@example.org?bcc=spy@evil.example) or <a href=\"https://a.org@evil.example\">x</a>.\n\n"
            "See [www.luton.gov.uk](https://evil.example/).\n\n"
            "Fine: [info@example.org](mailto:info@example.org?subject=Hello) and [luton.gov.uk](https://www.luton.gov.uk/x).\n")
    assert [(p.line, p.message) for p in problems("chapters/x.qmd", text)] == [
        (1, "the link 'https://luton.gov.uk@evil.example/' goes to evil.example, not to luton.gov.uk: a browser reads "
            "what stands before the @ as a user name and opens the site after it"),
        (3, "the link 'https://a.org@evil.example' goes to evil.example, not to a.org: a browser reads what stands "
            "before the @ as a user name and opens the site after it"),
        (3, "the email link 'mailto:info@example.org?bcc=spy@evil.example' adds a recipient the page does not show (bcc=)"),
        (5, "the link's words show www.luton.gov.uk but it opens evil.example")]


def test_a_picture_given_by_a_reference_to_another_site_is_refused_at_the_reference():
    # ![x][ref] … [ref]: https://… was refused only by the PDF step, after the site was written
    text = ("![Our van][van], ![Logo] and ![Map][].\n\n[van]: https://tracker.example/p.png\n"
            "[LOGO]: <https://tracker.example/logo.png> \"The logo\"\n[map]:   //tracker.example/map.png\n"
            "[site]: https://example.org/\n\nSee [our site][site] and ![the local map](figures/map.png).\n")
    assert [(p.line, p.message.split("' is on another site")[0]) for p in problems("chapters/x.qmd", text)] == [
        (3, "the picture 'https://tracker.example/p.png"), (4, "the picture 'https://tracker.example/logo.png"),
        (5, "the picture '//tracker.example/map.png")]


def test_a_picture_at_a_path_starting_with_a_slash_is_refused():
    # the PDF step printed /usr/share/…/logo.png, a file of the build machine, which the site showed broken
    text = "![logo](/usr/share/gitweb/static/git-logo.png)\n\n<img src=\" /etc/logo.png\" alt=\"x\">\n\n[a page](/about/)\n"
    assert [(p.line, p.message.split("' is given")[0]) for p in problems("chapters/x.qmd", text)] == [
        (1, "the picture '/usr/share/gitweb/static/git-logo.png"), (3, "the picture '/etc/logo.png")]


@pytest.mark.parametrize("piece", ["<a b", "<!-- ", "[", "![a"])
def test_a_long_text_of_markup_left_open_is_read_in_moments(piece):
    # 100,000 characters of tags, comments or brackets never closed: each was read to the end of the text
    # again (html.parser, <!--.*?-->, the link's words), 80,000 took the check 51 s; now well under a second
    import time

    text = "Words.\n\n" + piece * (100_000 // len(piece)) + "\n"
    started = time.monotonic()
    assert problems("chapters/x.qmd", text) == []
    assert time.monotonic() - started < 5


def test_comments_are_found_in_one_pass_and_one_left_open_stays_as_it_is():
    from luton2040 import comments

    text = "a <!-- one\ntwo --> b <!--> c --> d <!-- open"
    assert list(comments.spans(text)) == [(2, 18), (21, 32)]
    assert comments.removed(text) == "a \n b  d <!-- open"
    assert comments.blanked(text) == "a " + " " * 8 + "\n" + " " * 7 + " b " + " " * 11 + " d <!-- open"
