"""The partner photos the site and the PDF publish: a copy of each jpg or png picture a partner text
shows, at most ``MAX_SIDE`` pixels on its longer side, written by the pre-render step into
``partner-photos/`` (the path under ``figures/`` kept: ``figures/partners/van.jpg`` is published as
``partner-photos/partners/van.jpg``).

A partner may send a phone's photo of up to 2 MB; a resident reading the chapter on a phone gets
the copy, a few hundred KB. The chapters' markdown points at the copy (``partner_section``), so
`quarto render` and the engine publish the same file (each copies the local files a page shows:
quarto-cli src/project/types/website/website-resources.ts, ``resolveResourceRefs``; engine/site.py,
``rewrite_links``), and the PDF, printed from the site's pages, embeds it too. The copy is turned
upright as the phone recorded it and keeps its colour profile, but no other metadata (a phone's
location is one). Its bytes depend only on the photo's and Pillow's, so a rebuild is byte-identical.

A gif or webp picture is copied too, at its own size and frames (a gif may move), with only what
draws it: a webp keeps its picture, alpha, animation and colour profile chunks and loses its EXIF
(a phone's webp carries the location there), XMP and any other chunk (the RIFF container:
https://developers.google.com/speed/webp/docs/riff_container); a gif keeps its colour tables,
frames, frame timings and loop count and loses its comments, plain-text blocks and every other
application block (XMP is one). Nothing after the picture's end is copied (a file added behind it).
"""
from __future__ import annotations

import functools
import hashlib
import io
import os
import posixpath
from pathlib import Path

from luton2040 import picture_blocks
from luton2040.constants import PHOTOS_DIR
from luton2040.errors import InputError, Problem
from luton2040.file_writes import remove_others, write_changed

MAX_SIDE = 1600  # pixels: sharp across a laptop's column of text, and at the PDF's printed width
JPEG_QUALITY = 82
RESIZED_TYPES = (".jpg", ".jpeg", ".png")
#: every picture type a partner may show (partner_allowlist.IMAGE_TYPES) is published as a copy
COPIED_TYPES = (*RESIZED_TYPES, ".gif", ".webp")
#: The copies already made, by photo (``_key``): a partner's edit writes the contributions again
#: without reading every photo whole.
CACHE = Path(".luton2040-cache") / "partner-photos"


def published_path(figure: str) -> str:
    """The project-relative file the site shows for the partner picture ``figure`` (``figures/…``)."""
    figure = posixpath.normpath(figure)
    if not figure.startswith("figures/") or not figure.lower().endswith(COPIED_TYPES):
        return figure
    return f"{PHOTOS_DIR}/{figure[len('figures/'):]}"


def web_copy(data: bytes) -> bytes:
    """The photo ``data`` (jpg or png) upright, at most ``MAX_SIDE`` pixels on its longer side,
    saved again in its own format without metadata; a gif or webp without its metadata
    (``picture_blocks.without_metadata``). Raises what Pillow raises for a bad
    file (ValueError for a bad gif or webp)."""
    from PIL import Image, ImageOps

    if (plain := picture_blocks.without_metadata(data)) is not None:
        return plain

    with Image.open(io.BytesIO(data)) as original:
        kind, profile = original.format, original.info.get("icc_profile")
        picture = ImageOps.exif_transpose(original)  # a phone's photo taken sideways, stood up
        if kind == "JPEG" and picture.mode not in ("RGB", "L"):
            picture, profile = picture.convert("RGB"), None  # (a printer's CMYK: its profile is not for RGB)
        elif kind == "PNG" and picture.mode not in ("RGB", "RGBA", "L", "LA"):
            rgb = picture.mode in ("P", "PA")  # (a palette's colours are RGB: its profile still holds)
            picture = picture.convert("RGBA" if "transparency" in picture.info or picture.mode == "PA" else "RGB")
            profile = profile if rgb else None
        picture.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS)  # (never made larger)
        # Pillow saves again what the picture's info holds (a jpg's comment, a png's colour profile):
        # only a png's transparent colour is kept, the profile is given below when it still holds
        picture.info = {key: value for key, value in picture.info.items() if key == "transparency"}
        out = io.BytesIO()
        extra = {"icc_profile": profile} if profile else {}
        if kind == "JPEG":
            picture.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True, **extra)
        else:
            picture.save(out, "PNG", optimize=True, **extra)
    return out.getvalue()


def _key(data: bytes) -> str:
    """The photo's copy is made from its bytes, by this module (its settings) and Pillow's version."""
    return hashlib.sha256(_maker() + b"\0" + data).hexdigest()


@functools.cache
def _maker() -> bytes:
    """What makes a copy besides the photo: Pillow's version, this module's code and picture_blocks' (a
    gif's or webp's copy), read once."""
    from PIL import __version__ as pillow

    return pillow.encode() + b"\0" + Path(__file__).read_bytes() + b"\0" + Path(picture_blocks.__file__).read_bytes()


def _cached_copy(root: Path, data: bytes) -> bytes:
    path = root / CACHE / _key(data)
    try:
        return path.read_bytes()
    except OSError:
        pass
    made = web_copy(data)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f"{path.name}.tmp{os.getpid()}")
    tmp.write_bytes(made)
    tmp.replace(path)
    return made


def write_photos(root: Path, shown: dict[str, tuple[str, int | None]]) -> list[str]:
    """Write the copy of each photo in ``shown`` (``figures/…`` → the partner file and line that
    shows it) that changed, remove the copies no partner text shows any more, and return the files
    written (project-relative). A photo that cannot be read is an InputError naming that line (the
    check names it first: ``partner_allowlist.picture_fault``)."""
    wanted, problems = {}, []
    for figure, (partner, line) in sorted(shown.items()):
        target = published_path(figure)
        if target == figure:
            continue
        try:
            wanted[target] = _cached_copy(root, (root / figure).read_bytes())
        except Exception as err:  # (Pillow's errors for a bad file are OSError, SyntaxError, ValueError…)
            problems.append(Problem(partner, line, None, f"image '{figure}' cannot be read as a picture ({err})",
                                    "open the original in an image editor and export it again as .jpg or .png"))
    if problems:
        raise InputError(problems)
    written = [rel for rel, data in wanted.items() if write_changed(root / rel, data)]
    remove_others(root, PHOTOS_DIR, wanted, folder_too=True)
    return written

