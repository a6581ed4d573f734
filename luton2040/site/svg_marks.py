"""The marks a chart is made of, written as SVG elements (pure: positions in, text out): lines in
four dash patterns, five marker shapes, text (a line, or many labels in one), and the picture
around them. Positions are in points (1/72 inch), written with at most two decimals, so the
same chart is always the same bytes."""
from __future__ import annotations

import math
from html import escape

from luton2040.site.text_width import FAMILY, width as text_width

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
    return element("path", title, d=_outline(shape, x, y, size), **attrs)


def _outline(shape: str, x: float, y: float, size: float) -> str:
    """The path data of a marker other than a circle."""
    h = size / 2
    corners = {
        "square": ((-h, -h), (h, -h), (h, h), (-h, h)),
        "triangle": ((0, -h), (h, h), (-h, h)),
        "down-triangle": ((0, h), (h, -h), (-h, -h)),
        "diamond": ((0, -h * math.sqrt(2)), (h * math.sqrt(2), 0), (0, h * math.sqrt(2)), (-h * math.sqrt(2), 0)),
    }[shape]
    return "M" + " L".join(f"{num(x + dx)} {num(y + dy)}" for dx, dy in corners) + " Z"


def markers(shape: str, points: list[tuple[float, float]], size: float, stroke_width: float = 1,
            **attrs: object) -> str:
    """Markers with no titles (print) as ONE path: the same shapes as ``marker``'s, outlined
    ``stroke_width`` wide, a circle as a dot (a round cap on a point, as wide as the circle and its
    outline). One element instead of one each: WeasyPrint sets up each element's paint anew."""
    if shape == "circle":
        attrs.pop("fill", None)  # a dot is all outline
        d = "".join(f"M{num(x)} {num(y)}h0" for x, y in points)
        return element("path", d=d, fill="none", stroke_width=num(size + stroke_width), stroke_linecap="round",
                       **attrs)
    return element("path", d="".join(_outline(shape, x, y, size) for x, y in points),
                   stroke_width=num(stroke_width), **attrs)


def lines(polylines: list[list[tuple[float, float]]], **attrs: object) -> str:
    """Lines through points (a list of points each) as ONE path (see ``markers``)."""
    d = "".join("M" + "L".join(f"{num(x)} {num(y)}" for x, y in points) for points in polylines)
    return element("path", d=d, fill="none", **attrs)


def text(x: float, y: float, words: str, size: float, anchor: str = "start", bold: bool = False,
         fill: str = INK, **attrs: object) -> str:
    """A line of text whose baseline starts (or is centred, or ends: ``anchor``) at (x, y)."""
    look = dict(text_anchor=None if anchor == "start" else anchor, font_weight="700" if bold else None, fill=fill)
    return f"<text{_attributes(dict(x=num(x), y=num(y), font_size=num(size), **look, **attrs))}>{escape(words)}</text>"


def placed_text(labels: list[tuple[float, float, str, str]], size: float, bold: bool = False,
                fill: str = INK) -> str:
    """Many short labels — (x, y, words, anchor) each, as ``text`` takes them — as ONE ``<text>``
    whose every character has its own position (SVG's per-character ``x`` and ``y`` lists), placed
    from Source Sans 3's advance widths. For print: WeasyPrint lays out and draws an SVG text letter
    by letter anyway (so the letters sit exactly where the advances say), and each ``<text>`` costs
    it about as much as two letters more, ``text-anchor`` another; in a browser the labels look the
    same, unkerned. A space is written as a no-break space, which no reader of SVG collapses."""
    xs, ys, letters = [], [], []
    for x, y, words, anchor in labels:
        words = words.replace(" ", "\u00a0")
        advances = [text_width(c, size, bold=bold, wider=1.0) for c in words]
        at = x - {"middle": sum(advances) / 2, "end": sum(advances)}.get(anchor, 0)
        for advance in advances:
            xs.append(num(at))
            at += advance
        ys += [num(y)] * len(words)
        letters.append(words)
    look = dict(font_weight="700" if bold else None, fill=fill)
    return (f"<text{_attributes(dict(x=' '.join(xs), y=' '.join(ys), font_size=num(size), **look))}>"
            f"{escape(''.join(letters))}</text>") if letters else ""


def document(width: float, height: float, body: list[str]) -> str:
    """The picture: ``width`` × ``height`` points, white, with the report's font."""
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{num(width)}pt" height="{num(height)}pt" '
            f'viewBox="0 0 {num(width)} {num(height)}" font-family="{escape(FAMILY, quote=False)}">'
            f'<rect width="100%" height="100%" fill="#ffffff"/>' + "".join(body) + "</svg>\n")
