"""The pictures of the print document: local images embedded as data: URIs, inline SVG pictures made
<img>s with alternative text, every SVG made lighter to draw (``svg.lighten_svg``)."""
from __future__ import annotations

import base64
import mimetypes
import os
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit
from xml.etree.ElementTree import Element, tostring

from luton2040 import fonts
from luton2040.pdf.svg import SVG_NAMESPACE, lighten_svg

SVG_DATA = "data:image/svg+xml;base64,"


def _lighter_data_uri(src: str) -> str:
    try:
        data = base64.b64decode(src[len(SVG_DATA):], validate=True)
    except ValueError:
        return src  # not base64: WeasyPrint reports it as it would have
    return SVG_DATA + base64.b64encode(lighten_svg(data)).decode("ascii")


def captions_as_alt_text(root: Element) -> None:
    """A picture with a caption and no alt text gets its caption as its alt text.

    Quarto writes ``![Our new van](figures/van.png)`` as a figure whose caption is "Our new van" and
    whose <img> has no alt (the caption says it); a partner's picture has ``alt=""`` on the site for the
    same reason (``partner_section.CAPTIONED``). The tagged PDF needs an alternative text on every
    picture (WeasyPrint refuses an empty one), so under `quarto render` a partner's captioned photo
    stopped the PDF."""
    for figure in root.iter("figure"):
        caption = next((e for e in figure.iter("figcaption")), None)
        words = " ".join("".join(caption.itertext()).split()) if caption is not None else ""
        if words:
            for picture in figure.iter("img"):
                if not (picture.get("alt") or "").strip():
                    picture.set("alt", words)


def inline_images(root: Element, page_file: Path, output_dir: Path, problems: list[str]) -> list[str]:
    """Embed local images as data: URIs, so the PDF does not depend on where the site lives; return
    the files embedded, as paths relative to `output_dir`. A picture that is no file of the site
    (an absolute path such as ``/usr/share/…/logo.png``, which the site cannot show either, or a
    path or link out of `output_dir`) is a problem: the print reads nothing else of the build
    machine (``render.site_only_fetcher`` holds WeasyPrint to the same)."""
    embedded = []
    for element in root.iter():
        if element.tag not in ("img", "image"):
            continue
        attribute = "src" if element.tag == "img" else next(
            (k for k in ("href", "xlink:href") if element.get(k)), "href")
        src = (element.get(attribute) or "").strip()
        element.attrib.pop("srcset", None)
        element.attrib.pop("loading", None)
        if src.startswith(SVG_DATA):
            element.set(attribute, _lighter_data_uri(src))
        if not src or src.startswith("data:"):
            continue
        parts = urlsplit(src)
        if parts.scheme or parts.netloc:
            problems.append(f"{page_file.relative_to(output_dir)}: image {src} is not a local file — "
                            "save it in the project and link it by a relative path")
            continue
        path = (page_file.parent / unquote(parts.path)).resolve()
        if not path.is_relative_to(output_dir.resolve()):
            # (/usr/share/…/logo.png, or a link out of the site: a file of the build machine, printed into the PDF)
            problems.append(f"{page_file.relative_to(output_dir)}: image {src} is not a file of the site — save "
                            "the picture in the project and show it by its path from the page")
            continue
        if path.suffix.lower() in (".html", ".htm"):  # a page, not a picture (and not final while the PDF prints)
            problems.append(f"{page_file.relative_to(output_dir)}: image {src} is a web page, not a picture — "
                            "link the page instead, or show a picture file")
            continue
        if not path.is_file():
            problems.append(f"{page_file.relative_to(output_dir)}: image {src} not found — render the site "
                            "again, or fix the image path")
            continue
        mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        if path.suffix.lower() == ".svg":
            mime = "image/svg+xml"
        data = path.read_bytes()
        embedded.append(Path(os.path.relpath(os.path.normpath(page_file.parent / unquote(parts.path)),
                                             output_dir)).as_posix())
        if mime == "image/svg+xml":
            data = lighten_svg(data)
        element.set(attribute, f"data:{mime};base64," + base64.b64encode(data).decode("ascii"))
    return embedded


_SVG_DATA_URI = re.compile(r"data:image/svg\+xml;base64,([A-Za-z0-9+/=]+)")


def face_rules(head: str, body: str) -> list[str]:
    """The @font-face rules a print document needs beyond the Latin faces: for the scripts its head
    (the footer's title), its body and the pictures in its body use (``fonts.rules_for``)."""
    return fonts.rules_for(head + body + svg_picture_text(body))


def svg_picture_text(html: str) -> str:
    """The text of every SVG picture ``html`` embeds as a ``data:`` URI (its labels and titles), for
    finding which fonts the document needs (``fonts.rules_for``): a chart's Greek label is text the
    print must have a face for, though the page's own text has none."""
    return "\n".join(base64.b64decode(m.group(1)).decode("utf-8", "replace") for m in _SVG_DATA_URI.finditer(html))


def svg_pictures_as_images(root: Element) -> None:
    """An inline SVG picture with a <title> (the home page's charts) becomes an <img> of itself whose
    alt text is that title and its <desc>, so the tagged PDF gives the figure its alternative text.
    Its text is set in the print's fonts: inline, it took the page's; as a picture it inherits
    nothing, and WeasyPrint drew it in the build machine's default sans-serif."""
    for parent in list(root.iter()):
        for index, child in enumerate(list(parent)):
            if child.tag != "svg" or child.get("aria-hidden") == "true":
                continue
            words = [" ".join("".join(e.itertext()).split()) for e in child if e.tag in ("title", "desc")]
            if not any(words):
                continue
            picture = Element("svg", {k: v for k, v in child.attrib.items()
                                      if k not in ("role", "aria-labelledby", "aria-describedby")})
            picture.set("xmlns", SVG_NAMESPACE)
            picture.set("font-family", picture.get("font-family") or fonts.svg_stack())
            picture.extend(list(child))
            data = lighten_svg(tostring(picture, encoding="utf-8", method="xml"))
            image = Element("img", {"class": child.get("class") or "", "alt": ". ".join(w for w in words if w),
                                    "src": "data:image/svg+xml;base64," + base64.b64encode(data).decode()})
            image.tail = child.tail
            parent.remove(child)
            parent.insert(index, image)


