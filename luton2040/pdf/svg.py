"""SVG pictures made lighter for WeasyPrint to draw, without changing what they show (print only)."""
from __future__ import annotations

import re
from xml.etree.ElementTree import Element, ParseError, fromstring, tostring

SVG_NAMESPACE = "http://www.w3.org/2000/svg"
XLINK_NAMESPACE = "http://www.w3.org/1999/xlink"
_SVG = "{%s}" % SVG_NAMESPACE
_XLINK = "{%s}" % XLINK_NAMESPACE
IDENTITY_ROTATION = re.compile(r"rotate\(-?0(\.0*)? [-\d.e ]+\)")
#: what lighten_svg removes or rewrites; a picture with none of it (the report's own charts, written
#: with presentation attributes) is returned as it came, without parsing it again
LIGHTENED = re.compile(rb"<metadata|<style|\sstyle=|rotate\(-?0[. ]|<g\s+id=\"[^\"]*\"\s*>")


def lighten_svg(data: bytes) -> bytes:
    """The same picture with fewer nodes for WeasyPrint to cascade and draw (print only).

    matplotlib wraps every artist in a ``<g id=…>`` with nothing else on it, adds RDF metadata,
    writes ``rotate(-0 x y)`` on every text and styles every element with a ``style`` attribute
    (CSS WeasyPrint parses node by node) under a ``*{…}`` style sheet: a wrapper with only an id
    that nothing refers to is replaced by its children, the metadata and identity rotations are
    dropped, and the styles become presentation attributes (``_styles_as_attributes``). Painting the
    small-multiples panels takes about half the time; the pixels are unchanged. Anything that is
    not well-formed SVG is returned as it came, and so is a picture with nothing to lighten.
    """
    if not LIGHTENED.search(data):
        return data
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
    _styles_as_attributes(root)
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


# Properties that SVG also accepts as presentation attributes (the ones matplotlib and our charts write).
PRESENTATION = {"clip-path", "clip-rule", "color", "display", "dominant-baseline", "fill", "fill-opacity",
                "fill-rule", "font-family", "font-size", "font-style", "font-weight", "letter-spacing", "opacity",
                "stroke", "stroke-dasharray", "stroke-dashoffset", "stroke-linecap", "stroke-linejoin",
                "stroke-miterlimit", "stroke-opacity", "stroke-width", "text-anchor", "text-decoration", "visibility"}
UNIVERSAL_RULE = re.compile(r"\s*\*\s*\{([^{}]*)\}\s*")


def _declarations(css: str) -> dict[str, str] | None:
    """``a: b; c: d`` as {a: b, c: d}; None unless every one is a plain presentation property."""
    found = {}
    for declaration in filter(str.strip, css.split(";")):
        name, colon, value = declaration.partition(":")
        name = name.strip()
        if not colon or name not in PRESENTATION or "!" in value or not value.strip():
            return None
        found[name] = value.strip()
    return found


def _styles_as_attributes(root: Element) -> None:
    """Move ``style`` declarations to attributes, keeping the cascade's result for every element.

    Only when the picture's style sheets are nothing but ``*{…}`` rules of presentation properties
    (matplotlib's ``*{stroke-linejoin: round; stroke-linecap: butt}``): such a rule beats a
    presentation attribute and loses to a ``style`` attribute, so each element gets the rule's
    values as attributes unless its own ``style`` sets them. A ``style`` attribute that is not all
    presentation properties stays as it is (and still beats the attributes).
    """
    sheets = [(parent, child) for parent in root.iter() for child in parent if child.tag == _SVG + "style"]
    universal: dict[str, str] = {}
    for _, sheet in sheets:
        match = UNIVERSAL_RULE.fullmatch(sheet.text or "")
        rule = _declarations(match.group(1)) if match else None
        if rule is None:
            return  # another kind of style sheet: leave the cascade to WeasyPrint
        universal.update(rule)
    for parent, sheet in sheets:
        parent.remove(sheet)
    for element in root.iter():
        if element.tag in (_SVG + "title", _SVG + "desc"):
            continue
        style = element.get("style")
        own = _declarations(style) if style is not None else {}
        if own is None:  # kept as a style attribute; the rule's other values become attributes
            own, kept = {}, _declarations_names(style)
        else:
            kept = set()
            element.attrib.pop("style", None)
        for name, value in universal.items():
            if name not in kept:
                element.set(name, own.pop(name, value))
        for name, value in own.items():
            element.set(name, value)


def _declarations_names(css: str) -> set[str]:
    return {d.partition(":")[0].strip() for d in css.split(";") if d.strip()}
