"""A partner's phone photo is printed at what a printer can show, not embedded at full size."""
from __future__ import annotations

import shutil
from pathlib import Path

import pikepdf
from PIL import Image, ImageDraw

from luton2040.pdf import build_pdf
from luton2040.pdf.render import PICTURE_PPI

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "site"


def phone_photo(path: Path) -> None:
    """A 4000 × 3000 photo-like JPEG (noise is what makes a photo heavy)."""
    image = Image.effect_noise((4000, 3000), 60).convert("RGB")
    ImageDraw.Draw(image).rectangle((100, 100, 3900, 2900), outline=(200, 40, 40), width=40)
    image.save(path, quality=85)


def printed_widths(page) -> dict[str, float]:
    """Each image XObject the page draws: its printed width in inches (the current transformation
    matrix at its ``Do``, q/Q and cm followed; WeasyPrint draws in CSS pixels under a scaling ``cm``)."""
    stack, ctm, widths = [], [1.0, 0.0, 0.0, 1.0, 0.0, 0.0], {}
    for operands, operator in pikepdf.parse_content_stream(page):
        op = str(operator)
        if op == "q":
            stack.append(ctm)
        elif op == "Q":
            ctm = stack.pop()
        elif op == "cm":
            a, b, c, d, e, f = (float(x) for x in operands)
            A, B, C, D, E, F = ctm
            ctm = [a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F]
        elif op == "Do":
            widths[str(operands[0])] = abs(ctm[0]) / 72
    return widths


def test_a_4000_pixel_photo_is_embedded_at_no_more_than_300_pixels_per_inch(tmp_path):
    project = Path(shutil.copytree(FIXTURE, tmp_path / "project"))
    (project / "_site" / "figures").mkdir(exist_ok=True)
    phone_photo(project / "_site" / "figures" / "roof.jpg")
    page = project / "_site" / "index.html"
    page.write_text(page.read_text(encoding="utf-8").replace(
        "</main>", '<p><img src="figures/roof.jpg" alt="Solar panels on a hall roof"></p></main>', 1), encoding="utf-8")
    pdf = build_pdf(project, project / "_site")
    with pikepdf.open(pdf) as document:
        drawn = [(int(image.Width), printed_widths(page)[name]) for page in document.pages
                 for name, image in page.Resources.get("/XObject", {}).items()
                 if image.get("/Subtype") == "/Image" and int(image.Width) > 1000 and name in printed_widths(page)]
    (pixels, inches), = set(drawn)
    assert 2 < inches < 7  # a column's width
    assert PICTURE_PPI * 0.95 <= pixels / inches <= PICTURE_PPI * 1.01
    assert pdf.stat().st_size < (project / "_site" / "figures" / "roof.jpg").stat().st_size
