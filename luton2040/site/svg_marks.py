"""The marks a chart is made of, written as SVG elements (pure: positions in, text out): lines in
four dash patterns, five marker shapes, text, and the picture around them. Positions are in points
(1/72 inch), written with at most two decimals, so the same chart is always the same bytes."""
from __future__ import annotations

import math
from html import escape

from luton2040.site.text_width import FAMILY

INK = "#1b1b1f"
#: dash patterns in line widths (as matplotlib draws '-', '--', '-.' and ':')
DASHES = {"solid": (), "dashed": (3.7, 1.6), "dashdot": (6.4, 1.6, 1.0, 1.6), "dotted": (1.0, 1.65)}
SHAPES = ("circle", "square", "triangle", "diamond", "down-triangle")


def num(value: float) -> str:
    """A position as short text: 12.5, 3, -0.25 (never "-0")."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _attributes(attrs: dict[str, object]) -> str:
    return "".join(f' {name.replace("_", "-")}="{escape(str(v))}"' for name, v in attrs.items() if v is not None)


def element(tag: str, title: str | None = None, **attrs: object) -> str:
    """``<tag …/>``, or ``<tag …><title>…</title></tag>`` so hovering or a screen reader can read it."""
    if title is None:
        return f"<{tag}{_attributes(attrs)}/>"
    return f"<{tag}{_attributes(attrs)}><title>{escape(title)}</title></{tag}>"


def group(children: list[str], **attrs: object) -> str:
    return f"<g{_attributes(attrs)}>" + "".join(children) + "</g>"


def dash_array(style: str, line_width: float) -> str | None:
    """The ``stroke-dasharray`` of a line style at a line width (None for a solid line)."""
    pattern = DASHES[style]
    return " ".join(num(d * line_width) for d in pattern) if pattern else None


def polyline(points: list[tuple[float, float]], **attrs: object) -> str:
    return element("polyline", points=" ".join(f"{num(x)},{num(y)}" for x, y in points), fill="none", **attrs)


def line(x1: float, y1: float, x2: float, y2: float, **attrs: object) -> str:
    return element("line", x1=num(x1), y1=num(y1), x2=num(x2), y2=num(y2), **attrs)


def marker(shape: str, x: float, y: float, size: float, title: str | None = None, **attrs: object) -> str:
    """A marker ``size`` points across centred on (x, y): a circle, a square, a triangle pointing up
    or down, or a diamond (a square turned on its corner, as tall as the square's diagonal)."""
    h = size / 2
    if shape == "circle":
        return element("circle", title, cx=num(x), cy=num(y), r=num(h), **attrs)
    if shape == "square":
        return element("rect", title, x=num(x - h), y=num(y - h), width=num(size), height=num(size), **attrs)
    corners = {
        "triangle": ((0, -h), (h, h), (-h, h)),
        "down-triangle": ((0, h), (h, -h), (-h, -h)),
        "diamond": ((0, -h * math.sqrt(2)), (h * math.sqrt(2), 0), (0, h * math.sqrt(2)), (-h * math.sqrt(2), 0)),
    }[shape]
    path = "M" + " L".join(f"{num(x + dx)} {num(y + dy)}" for dx, dy in corners) + " Z"
    return element("path", title, d=path, **attrs)


def text(x: float, y: float, words: str, size: float, anchor: str = "start", bold: bool = False,
         fill: str = INK, **attrs: object) -> str:
    """A line of text whose baseline starts (or is centred, or ends: ``anchor``) at (x, y)."""
    look = dict(text_anchor=None if anchor == "start" else anchor, font_weight="700" if bold else None, fill=fill)
    return f"<text{_attributes(dict(x=num(x), y=num(y), font_size=num(size), **look, **attrs))}>{escape(words)}</text>"


def document(width: float, height: float, body: list[str]) -> str:
    """The picture: ``width`` × ``height`` points, white, with the report's font."""
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{num(width)}pt" height="{num(height)}pt" '
            f'viewBox="0 0 {num(width)} {num(height)}" font-family="{escape(FAMILY, quote=False)}">'
            f'<rect width="100%" height="100%" fill="#ffffff"/>' + "".join(body) + "</svg>\n")
