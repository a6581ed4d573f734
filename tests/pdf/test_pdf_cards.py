"""Printed cards (the welcome's highlights, This is Luton's facts) sit three to a row; a last card
alone on its row spans the row as a closing strip, instead of standing alone (13 facts left one at
the top of the next page, cut off from the other twelve)."""
from __future__ import annotations

import pytest

from luton2040.pdf import render


def card_widths(kind: str, count: int) -> list[float]:
    """The printed width of each of `count` cards of `kind` ("fact" or "highlight"), in order."""
    import weasyprint

    cards = "".join(f'<div class="{kind}"><p><strong>{n}</strong></p><p>Card {n} says a line.</p></div>'
                    for n in range(1, count + 1))
    html = (f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Cards</title>'
            f'<style>{render.print_css()}</style></head><body><main><div class="{kind}s">{cards}</div></main></body></html>')
    document = weasyprint.HTML(string=html, base_url="file:///luton2040-print/").render()
    widths = []

    def walk(box) -> None:
        element = getattr(box, "element", None)
        if element is not None and element.get("class") == kind and box.element_tag == "div":
            widths.append(box.border_width())
            return
        for child in getattr(box, "children", []):
            walk(child)

    for page in document.pages:
        walk(page._page_box)
    return widths


@pytest.mark.parametrize("kind", ["fact", "highlight"])
def test_a_last_card_alone_on_its_row_spans_the_row(kind):
    widths = card_widths(kind, 4)
    assert len(widths) == 4 and len({round(w, 3) for w in widths[:3]}) == 1
    assert widths[3] > 3 * widths[0]


@pytest.mark.parametrize("count", [5, 6])
def test_full_rows_and_a_last_row_of_two_keep_every_card_a_third_wide(count):
    widths = card_widths("fact", count)
    assert len(widths) == count and len({round(w, 3) for w in widths}) == 1
