"""A long web address pasted into a partner's words (a link, since the check makes it one) breaks at
the edge of the page instead of running off it, as on the site."""
from __future__ import annotations

from luton2040.pdf import render

ADDRESS = "https://eur03.safelinks.protection.example.com/?url=" + "a1b2c3d4e5" * 30


def test_a_long_address_in_a_partners_words_stays_inside_the_page():
    import weasyprint

    body = (f'<section class="partner-contribution"><h3>Example Trust</h3><p>Book a place at '
            f'<a href="{ADDRESS}" class="uri">{ADDRESS}</a>.</p><ul><li>Or see {ADDRESS}</li></ul></section>')
    html = (f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Words</title>'
            f'<style>{render.print_css()}</style></head><body><main>{body}</main></body></html>')
    document = weasyprint.HTML(string=html, base_url="file:///luton2040-print/").render()
    checked = 0
    for page in document.pages:
        box = page._page_box
        right_edge = box.margin_width() - box.margin_right
        for descendant in box.descendants():
            if type(descendant).__name__ == "TextBox":
                checked += 1
                assert descendant.position_x + descendant.width <= right_edge + 0.5, descendant.text
    assert checked > 4  # (the address is broken over several lines)
