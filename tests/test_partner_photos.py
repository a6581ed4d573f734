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


def test_a_photos_comment_is_not_published_either(tmp_path):
    """Pillow writes a jpg's comment (its COM block) into the copy again from what it read: the
    'metadata-free' copy carried what the camera or an editor wrote there."""
    root = make_project(tmp_path)
    out = io.BytesIO()
    Image.effect_noise((300, 200), 40).convert("RGB").save(out, "JPEG", comment=b"12 Acacia Avenue, Luton")
    _show(root, "planting.jpg", out.getvalue())
    pre_render_step(root)
    copy = (root / "partner-photos/partners/planting.jpg").read_bytes()
    assert b"Acacia" not in copy
    with Image.open(io.BytesIO(copy)) as picture:
        assert "comment" not in picture.info


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


GPS_PLACE = (51.0, 52.0, 48.0)


def _phone_webp(frames: int = 1) -> bytes:
    """A phone's webp: the location in its EXIF and its XMP, and a file added after its end."""
    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: GPS_PLACE}
    pictures = [Image.effect_noise((120, 90), 40 + n).convert("RGB") for n in range(frames)]
    out = io.BytesIO()
    pictures[0].save(out, "WEBP", save_all=frames > 1, append_images=pictures[1:], duration=200, loop=0,
                     quality=80, exif=exif, xmp=b"<x:xmpmeta><exif:GPSLatitude>51,52.8N</exif:GPSLatitude></x:xmpmeta>")
    return out.getvalue() + b"PK\x03\x04 a file added behind the picture"


def _moving_gif() -> bytes:
    """A gif of three frames that loops, with a comment, an XMP block and a file added after its end."""
    frames = [Image.effect_noise((40, 40), 40 + n).convert("P") for n in range(3)]
    out = io.BytesIO()
    frames[0].save(out, "GIF", save_all=True, append_images=frames[1:], duration=150, loop=0,
                   comment=b"taken at 51.86N 0.41W, 12 Acacia Avenue")
    data = out.getvalue()
    after_colours = 13 + 3 * 2 ** ((data[10] & 7) + 1)
    xmp = b"<x:xmpmeta>GPSLatitude 51,52.8N</x:xmpmeta>"
    block = b"\x21\xff\x0bXMP DataXMP" + bytes([len(xmp)]) + xmp + b"\x00"
    return data[:after_colours] + block + data[after_colours:] + b"a file added behind the picture"


def _frames(data: bytes) -> list[bytes]:
    with Image.open(io.BytesIO(data)) as picture:
        return [(picture.seek(n), picture.convert("RGBA").tobytes())[1] for n in range(getattr(picture, "n_frames", 1))]


@pytest.mark.parametrize("frames", [1, 3])
def test_a_phone_webp_is_published_without_its_location_and_draws_the_same(tmp_path, frames):
    """Only jpg and png were copied: a webp, a gif and whatever they carried were published as sent."""
    root = make_project(tmp_path)
    original = _phone_webp(frames)
    assert b"EXIF" in original and b"GPSLatitude" in original
    _show(root, "planting.webp", original)
    assert messages(root) == []
    pre_render_step(root)
    assert "](../partner-photos/partners/planting.webp)" in (root / "chapters/_partners/2025/net-zero.md").read_text()
    copy = (root / "partner-photos/partners/planting.webp").read_bytes()
    assert b"EXIF" not in copy and b"XMP " not in copy and b"GPS" not in copy and b"added behind" not in copy
    with Image.open(io.BytesIO(copy)) as picture:
        assert (picture.format, picture.size, not picture.getexif()) == ("WEBP", (120, 90), True)
    assert _frames(copy) == _frames(original), "every frame drawn as it was"


def test_a_gif_is_published_moving_without_its_comment_or_xmp(tmp_path):
    root = make_project(tmp_path)
    original = _moving_gif()
    _show(root, "wave.gif", original)
    assert messages(root) == []
    pre_render_step(root)
    assert "](../partner-photos/partners/wave.gif)" in contribution_files(root)["chapters/_partners/2025/net-zero.md"]
    copy = (root / "partner-photos/partners/wave.gif").read_bytes()
    assert b"Acacia" not in copy and b"xmpmeta" not in copy and b"added behind" not in copy
    with Image.open(io.BytesIO(copy)) as picture:
        assert (picture.n_frames, picture.info["loop"], picture.info["duration"]) == (3, 0, 150)
    assert _frames(copy) == _frames(original)


def test_a_gif_whose_blocks_are_cut_short_is_refused_at_the_line_that_shows_it(tmp_path):
    """Its copy is made block by block, so the check reads the blocks too, not only the pictures."""
    root = make_project(tmp_path)
    data = _moving_gif()
    _show(root, "wave.gif", data[:data.rindex(b"\x3b")] + b"\x99")
    assert messages(root) == [
        f"{STREETS}:9: image 'figures/partners/wave.gif' cannot be read as a picture: the file is damaged or cut "
        "short — open the original in an image editor and export it again as .jpg or .png"]


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
