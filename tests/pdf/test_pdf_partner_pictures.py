"""A partner's upright phone photo prints at a third of a page, so the contribution stays with the
section's heading instead of leaving "Partner contributions" alone on a page (the sixteenth session's
trial)."""
from __future__ import annotations

import base64
import io

from PIL import Image

from luton2040.pdf import render

MM_PER_PX = 25.4 / 96


def _upright_photo() -> str:
    out = io.BytesIO()
    Image.new("RGB", (1500, 2000), (46, 107, 48)).save(out, "PNG")
    return "data:image/png;base64," + base64.b64encode(out.getvalue()).decode()


def test_an_upright_photo_keeps_the_contribution_with_its_section_heading():
    import weasyprint

    words = "<p>" + "The chapter's words run on down the page before the partners' section. " * 30 + "</p>"
    body = (f'{words}<section class="level2"><h2>Partner contributions</h2>'
            f'<section class="level3 partner-contribution"><h3>Example Trust</h3><p>What we did this year.</p>'
            f'<figure><img src="{_upright_photo()}" alt=""><figcaption>Volunteers at work</figcaption></figure>'
            f'</section></section>')
    html = (f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Words</title>'
            f'<style>{render.print_css()}</style></head><body><main>{body}</main></body></html>')
    document = weasyprint.HTML(string=html, base_url="file:///luton2040-print/").render()
    where, heights = {}, []
    for number, page in enumerate(document.pages):
        for box in page._page_box.descendants():
            if type(box).__name__ == "TextBox" and box.text in ("Partner contributions", "Example Trust"):
                where[box.text] = number
            if type(box).__name__ == "InlineReplacedBox":
                heights.append(box.height * MM_PER_PX)
    assert where["Partner contributions"] == where["Example Trust"]
    assert heights and max(heights) <= 85.5
