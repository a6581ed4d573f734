"""A partner's phone photo is printed at what a printer can show, not embedded at full size."""
from __future__ import annotations

import shutil
from pathlib import Path

import pikepdf
from PIL import Image, ImageDraw

from luton2040.pdf import build_pdf
from luton2040.pdf.render import PICTURE_PPI

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "site"
MM_PER_INCH = 25.4


def phone_photo(path: Path) -> None:
    """A 4000 × 3000 photo-like JPEG (noise is what makes a photo heavy)."""
    image = Image.effect_noise((4000, 3000), 60).convert("RGB")
    ImageDraw.Draw(image).rectangle((100, 100, 3900, 2900), outline=(200, 40, 40), width=40)
    image.save(path, quality=85)


def test_a_4000_pixel_photo_is_embedded_at_no_more_than_300_pixels_per_inch(tmp_path):
    project = Path(shutil.copytree(FIXTURE, tmp_path / "project"))
    (project / "_site" / "figures").mkdir(exist_ok=True)
    phone_photo(project / "_site" / "figures" / "roof.jpg")
    page = project / "_site" / "index.html"
    page.write_text(page.read_text(encoding="utf-8").replace(
        "</main>", '<p><img src="figures/roof.jpg" alt="Solar panels on a hall roof"></p></main>', 1), encoding="utf-8")
    pdf = build_pdf(project, project / "_site")
    with pikepdf.open(pdf) as document:
        photos = [(page, image) for page in document.pages for image in page.get_images().values()
                  if int(image.Width) > 1000]
        (page, image), = photos
        printed_mm = float(page.mediabox[2]) / 72 * MM_PER_INCH  # at most the page's width
        assert int(image.Width) <= PICTURE_PPI * printed_mm / MM_PER_INCH
        assert int(image.Width) < 4000
    assert pdf.stat().st_size < (project / "_site" / "figures" / "roof.jpg").stat().st_size
