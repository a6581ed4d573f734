"""A partner's phone photo is published at its web size, by the engine's build (the Quarto render
of the same sources is checked by hand: the pages point at the copy, which Quarto copies as it
copies any local file a page shows), and the PDF made from the site prints that copy."""
from __future__ import annotations

import pikepdf
from PIL import Image

from luton2040.cli import main
from test_partner_photos import STREETS, _phone_photo, _show


def test_the_site_and_the_pdf_publish_the_photo_at_its_web_size(book, capsys, monkeypatch):
    from luton2040.pdf import build_pdf

    monkeypatch.delenv("LUTON2040_EDITION", raising=False)
    _show(book, "planting.jpg", _phone_photo())
    assert main(["--project", str(book), "build", "--quiet"]) == 0, capsys.readouterr().err
    site = book / "_site"
    page = (site / "chapters/net-zero.html").read_text(encoding="utf-8")
    assert 'src="../partner-photos/partners/planting.jpg"' in page
    assert not (site / "figures/partners/planting.jpg").exists(), "the partner's full-size file is not published"
    with Image.open(site / "partner-photos/partners/planting.jpg") as picture:
        assert max(picture.size) == 1600

    with pikepdf.open(build_pdf(book, site)) as pdf:
        sizes = {(int(o.Width), int(o.Height)) for o in pdf.objects
                 if isinstance(o, pikepdf.Stream) and o.get("/Subtype") == "/Image" and int(o.Width) > 100}
    # The site's copy, upright, resampled to the printer's 300 ppi at its printed size (an upright
    # photo prints at most 85 mm high: luton2040/pdf/styles/print.css), never more pixels than it has.
    (width, height), = sizes
    assert height <= 1600 and round(width / height, 2) == 0.75, "the photo the PDF prints is the site's copy"


def test_a_phone_webp_is_published_by_the_build_without_its_location(book, capsys):
    """The bytes the site publishes: the copy, without the EXIF and XMP blocks that held the location
    (a `quarto render` of the same sources publishes the same copy: the chapter points at it)."""
    from test_partner_photos import _phone_webp

    _show(book, "planting.webp", _phone_webp())
    assert main(["--project", str(book), "build", "--quiet"]) == 0, capsys.readouterr().err
    site = book / "_site"
    assert 'src="../partner-photos/partners/planting.webp"' in (site / "chapters/net-zero.html").read_text(encoding="utf-8")
    published = [p for p in site.rglob("planting.webp")]
    assert [p.relative_to(site).as_posix() for p in published] == ["partner-photos/partners/planting.webp"]
    data = published[0].read_bytes()
    assert b"EXIF" not in data and b"GPS" not in data and b"added behind" not in data
