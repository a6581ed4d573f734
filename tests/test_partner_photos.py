"""A partner's photo is published at a size a phone can load: the pre-render step writes a copy at
most 1600 pixels on its longer side into partner-photos/, the chapter shows that copy (so the engine
and `quarto render` publish it, and the PDF prints it), and a rebuild writes the same bytes. A photo
that cannot be read is refused at the partner file's line."""
from __future__ import annotations

import io
import pytest
from PIL import Image

from luton2040.errors import InputError
from luton2040.site.contributions import contribution_files, pre_render_step
from luton2040.site.partner_photos import write_photos
from minimal_project import make_project, messages

STREETS = "partners/net-zero/green-streets.md"
ORIENTATION, UPRIGHT_AFTER_TURNING_RIGHT = 0x0112, 6


def _phone_photo(width: int = 4000, height: int = 3000) -> bytes:
    """A phone's photo: a busy picture (so it compresses as a photo does), taken with the phone turned
    (its EXIF says "turn it right to show it"), with the phone's location in its EXIF."""
    picture = Image.effect_noise((width // 10, height // 10), 40).resize((width, height)).convert("RGB")
    exif = Image.Exif()
    exif[ORIENTATION] = UPRIGHT_AFTER_TURNING_RIGHT
    exif[0x8825] = {1: "N", 2: (51.0, 52.0, 48.0)}  # GPS: the partner's front door
    out = io.BytesIO()
    picture.save(out, "JPEG", quality=85, exif=exif)
    return out.getvalue()


def _show(root, name: str, data: bytes) -> str:
    """Green Streets shows the picture figures/partners/<name> (with these bytes) instead of its tree."""
    (root / "figures/partners" / name).write_bytes(data)
    text = (root / STREETS).read_text(encoding="utf-8")
    (root / STREETS).write_text(text.replace("figures/partners/tree.png", f"figures/partners/{name}"), encoding="utf-8")
    return f"figures/partners/{name}"


def test_a_phone_photo_is_published_upright_smaller_and_without_its_location(tmp_path):
    root = make_project(tmp_path)
    original = _phone_photo()
    assert 1.5e6 < len(original) < 2 * 1024 * 1024, "as big a photo as a partner may send"
    _show(root, "planting.jpg", original)
    assert messages(root) == []
    pre_render_step(root)
    copy = root / "partner-photos/partners/planting.jpg"
    assert "](../partner-photos/partners/planting.jpg)" in (root / "chapters/_partners/2025/net-zero.md").read_text()
    with Image.open(copy) as picture:
        assert picture.format == "JPEG"
        assert picture.size == (1200, 1600), "turned upright as the phone said, the longer side 1600 pixels"
        assert not picture.getexif(), "no metadata: not the location, and no turn left to do again"
    assert copy.stat().st_size < len(original) / 4


def test_a_photo_with_brackets_in_its_name_is_published_as_its_copy_without_its_location(tmp_path):
    """A second download of a photo is called planting(1).jpg: the chapter showed the phone's own
    file, location and all, at its full size, because the picture's address was read up to the
    first closing bracket."""
    root = make_project(tmp_path)
    _show(root, "planting(1).jpg", _phone_photo(800, 600))
    assert messages(root) == []
    pre_render_step(root)
    contributions = (root / "chapters/_partners/2025/net-zero.md").read_text()
    assert '](../partner-photos/partners/planting(1).jpg){fig-alt=""}' in contributions
    with Image.open(root / "partner-photos/partners/planting(1).jpg") as picture:
        assert not picture.getexif()


def test_the_copy_is_byte_identical_on_every_build(tmp_path):
    """Made again from scratch (no copy kept from the first build), in another folder."""
    photo, copies = _phone_photo(2400, 1800), []
    for name in ("one", "two"):
        root = make_project(tmp_path / name)
        _show(root, "planting.jpg", photo)
        pre_render_step(root)
        copies.append((root / "partner-photos/partners/planting.jpg").read_bytes())
    assert copies[0] == copies[1]


def test_a_small_png_keeps_its_size_and_its_transparency(tmp_path):
    root = make_project(tmp_path)
    out = io.BytesIO()
    Image.new("RGBA", (300, 120), (20, 120, 60, 128)).save(out, "PNG")
    _show(root, "logo.png", out.getvalue())
    pre_render_step(root)
    with Image.open(root / "partner-photos/partners/logo.png") as picture:
        assert (picture.format, picture.size, picture.mode) == ("PNG", (300, 120), "RGBA")
        assert picture.getpixel((0, 0)) == (20, 120, 60, 128)


def test_a_gif_is_published_as_it_is(tmp_path):
    """A gif may move: the page shows the partner's own file, and no copy is made."""
    root = make_project(tmp_path)
    out = io.BytesIO()
    Image.new("P", (40, 40)).save(out, "GIF")
    _show(root, "wave.gif", out.getvalue())
    pre_render_step(root)
    assert "](../figures/partners/wave.gif)" in contribution_files(root)["chapters/_partners/2025/net-zero.md"]
    assert not (root / "partner-photos").exists()


def test_a_photo_no_text_shows_any_more_is_no_longer_published(tmp_path):
    root = make_project(tmp_path)
    pre_render_step(root)
    assert (root / "partner-photos/partners/tree.png").is_file()
    (root / STREETS).write_text((root / STREETS).read_text().split("![")[0], encoding="utf-8")
    pre_render_step(root)
    assert not (root / "partner-photos").exists()


def test_a_photo_cut_short_is_refused_at_the_line_that_shows_it(tmp_path):
    """Cut short while it was copied or sent: its first bytes say it is a jpg, the rest is missing.
    (WeasyPrint, imported, has Pillow fill such a picture with grey: the check still refuses it.)"""
    import weasyprint  # noqa: F401

    root = make_project(tmp_path)
    photo = _phone_photo(800, 600)
    _show(root, "planting.jpg", photo[:len(photo) // 2])
    assert messages(root) == [
        f"{STREETS}:9: image 'figures/partners/planting.jpg' cannot be read as a picture: the file is damaged or cut "
        "short — open the original in an image editor and export it again as .jpg or .png"]


def test_the_pre_render_step_names_the_line_of_a_photo_it_cannot_read(tmp_path):
    """Under `quarto render` the check runs first; the step itself still names the line, not a traceback:
    when it reads the partner texts, and again if Pillow fails on the photo as the copy is made."""
    root = make_project(tmp_path)
    figure = _show(root, "planting.jpg", b"\xff\xd8\xff\xe0 not the rest of a photo")
    with pytest.raises(InputError) as refused:
        pre_render_step(root)
    assert [str(p) for p in refused.value.problems] == messages(root)
    with pytest.raises(InputError) as refused:
        write_photos(root, {figure: (STREETS, 9)})
    assert [(p.file, p.line, p.fix) for p in refused.value.problems] == [
        (STREETS, 9, "open the original in an image editor and export it again as .jpg or .png")]
    assert refused.value.problems[0].message.startswith(f"image '{figure}' cannot be read as a picture (")
