"""The pictures of the print document: local images embedded as data: URIs, inline SVG pictures made
<img>s with alternative text, and every SVG made lighter to draw without changing what it shows."""
from __future__ import annotations

import base64
import mimetypes
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit
from xml.etree.ElementTree import Element, ParseError, fromstring, tostring

SVG_NAMESPACE = "http://www.w3.org/2000/svg"
XLINK_NAMESPACE = "http://www.w3.org/1999/xlink"
_SVG = "{%s}" % SVG_NAMESPACE
_XLINK = "{%s}" % XLINK_NAMESPACE
IDENTITY_ROTATION = re.compile(r"rotate\(-?0(\.0*)? [-\d.e ]+\)")


def lighten_svg(data: bytes) -> bytes:
    """The same picture with fewer nodes for WeasyPrint to cascade and draw (print only).

    matplotlib wraps every artist in a ``<g id=…>`` with nothing else on it, adds RDF metadata and
    writes ``rotate(-0 x y)`` on every text: a wrapper with only an id that nothing refers to is
    replaced by its children, the metadata is dropped and identity rotations are removed. Drawing
    the small-multiples panels takes about a third less time; the pixels are unchanged. Anything
    that is not well-formed SVG is returned as it came.
    """
    try:
        root = fromstring(data)
    except ParseError:
        return data
    if root.tag != _SVG + "svg":
        return data
    text = data.decode("utf-8", "replace")
    referenced = set(re.findall(r"#([^\s\"')]+)", text))
    for parent in list(root.iter()):
        for child in list(parent):
            if child.tag == _SVG + "metadata":
                parent.remove(child)
    for element in root.iter(_SVG + "text"):
        if IDENTITY_ROTATION.fullmatch(element.get("transform", "")):
            del element.attrib["transform"]
    _unwrap_groups(root, referenced)
    if not _unprefixed(root):
        return data  # an element of another vocabulary: leave the picture as it is
    return tostring(root, encoding="utf-8", method="xml")


def _unprefixed(root: Element) -> bool:
    """Write the parsed names back as plain SVG names (no ns0: prefixes); False if one is not SVG."""
    for element in root.iter():
        if not element.tag.startswith(_SVG):
            return False
        element.tag = element.tag[len(_SVG):]
        for key in [k for k in element.attrib if k.startswith("{")]:
            if not key.startswith(_XLINK):
                return False
            element.set("xlink:" + key[len(_XLINK):], element.attrib.pop(key))
    root.set("xmlns", SVG_NAMESPACE)
    root.set("xmlns:xlink", XLINK_NAMESPACE)
    return True


def _plain_wrapper(element: Element, referenced: set[str]) -> bool:
    return (element.tag == _SVG + "g" and set(element.attrib) <= {"id"} and element.get("id") not in referenced
            and not any(child.tag in (_SVG + "title", _SVG + "desc") for child in element))


def _unwrap_groups(parent: Element, referenced: set[str]) -> None:
    index = 0
    while index < len(parent):
        child = parent[index]
        _unwrap_groups(child, referenced)
        if _plain_wrapper(child, referenced):
            grandchildren = list(child)
            parent.remove(child)
            for offset, grandchild in enumerate(grandchildren):
                parent.insert(index + offset, grandchild)
            index += len(grandchildren)
        else:
            index += 1


SVG_DATA = "data:image/svg+xml;base64,"


def _lighter_data_uri(src: str) -> str:
    try:
        data = base64.b64decode(src[len(SVG_DATA):], validate=True)
    except ValueError:
        return src  # not base64: WeasyPrint reports it as it would have
    return SVG_DATA + base64.b64encode(lighten_svg(data)).decode("ascii")


def inline_images(root: Element, page_file: Path, output_dir: Path, problems: list[str]) -> None:
    """Embed local images as data: URIs, so the PDF does not depend on where the site lives."""
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
        if not path.is_file():
            problems.append(f"{page_file.relative_to(output_dir)}: image {src} not found — render the site "
                            "again, or fix the image path")
            continue
        mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        if path.suffix.lower() == ".svg":
            mime = "image/svg+xml"
        data = path.read_bytes()
        if mime == "image/svg+xml":
            data = lighten_svg(data)
        element.set(attribute, f"data:{mime};base64," + base64.b64encode(data).decode("ascii"))


def svg_pictures_as_images(root: Element) -> None:
    """An inline SVG picture with a <title> (the home page's charts) becomes an <img> of itself whose
    alt text is that title and its <desc>, so the tagged PDF gives the figure its alternative text."""
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
            picture.extend(list(child))
            data = lighten_svg(tostring(picture, encoding="utf-8", method="xml"))
            image = Element("img", {"class": child.get("class") or "", "alt": ". ".join(w for w in words if w),
                                    "src": "data:image/svg+xml;base64," + base64.b64encode(data).decode()})
            image.tail = child.tail
            parent.remove(child)
            parent.insert(index, image)


