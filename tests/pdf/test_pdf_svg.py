"""SVG pictures are made lighter for print without changing what they draw."""
from __future__ import annotations

from xml.etree.ElementTree import fromstring

from luton2040.pdf.svg import lighten_svg

MATPLOTLIB_LIKE = b"""<?xml version="1.0" encoding="utf-8" standalone="no"?>
<svg xmlns:xlink="http://www.w3.org/1999/xlink" width="10pt" height="10pt" viewBox="0 0 10 10" xmlns="http://www.w3.org/2000/svg">
 <metadata><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/></metadata>
 <defs><style type="text/css">*{stroke-linejoin: round; stroke-linecap: butt}</style>
  <path id="m1" d="M 0 0 L 1 1"/></defs>
 <g id="figure_1"><g id="axes_1"><path d="M 0 0 L 5 5" style="stroke: #000"/></g>
  <g id="line2d_1"><use xlink:href="#m1" x="1" y="2"><title>Luton, 2024: 5%</title></use></g>
  <g id="legend_1"><title>Legend</title><text x="1" y="9" transform="rotate(-0 1 9)">Luton</text></g>
  <g id="clip-target"><text x="2" y="3" transform="rotate(-90 2 3)">Up</text></g>
  <g id="styled" style="opacity: 0.5"><path d="M 1 1 L 2 2"/></g>
 </g>
 <use xlink:href="#clip-target"/>
</svg>"""


def tags(svg: bytes) -> list[str]:
    return [element.tag.split("}")[-1] + (f"#{element.get('id')}" if element.get("id") else "")
            for element in fromstring(svg).iter()]


def test_plain_wrappers_metadata_and_identity_rotations_go_the_drawing_stays():
    lighter = lighten_svg(MATPLOTLIB_LIKE)
    assert tags(lighter) == ["svg", "defs", "path#m1", "path", "use", "title", "g#legend_1", "title", "text",
                             "g#clip-target", "text", "g#styled", "path", "use"]
    root = fromstring(lighter)
    texts = {t.text: t.get("transform") for t in root.iter("{http://www.w3.org/2000/svg}text")}
    assert texts == {"Luton": None, "Up": "rotate(-90 2 3)"}
    assert b"<svg " in lighter and b"ns0:" not in lighter
    assert root.find("{http://www.w3.org/2000/svg}use").get("{http://www.w3.org/1999/xlink}href") == "#m1"


def test_what_is_not_plain_svg_is_left_as_it_came():
    for data in (b"<svg xmlns='http://www.w3.org/2000/svg'><g id='a'>", b"<html><g id='a'/></html>",
                 b"<svg xmlns='http://www.w3.org/2000/svg'><g id='a'><foreign xmlns='urn:x'/></g></svg>"):
        assert lighten_svg(data) == data


SVG = "{http://www.w3.org/2000/svg}"


def styled(style_sheet: str, *elements: str) -> bytes:
    return (f'<svg xmlns="http://www.w3.org/2000/svg"><style>{style_sheet}</style>{"".join(elements)}</svg>').encode()


def test_styles_become_attributes_with_the_cascade_kept():
    lighter = fromstring(lighten_svg(styled(
        "*{stroke-linejoin: round; stroke-linecap: butt}",
        '<path d="M 0 0" stroke-linecap="square" style="fill: none; stroke: #d5d5de"/>',
        '<path d="M 1 1" style="stroke-linecap: square; stroke-width: 0.5"/>',
        '<path d="M 2 2" style="mix-blend-mode: multiply; stroke-linejoin: bevel"/>')))
    assert lighter.find(SVG + "style") is None
    paths = [dict(p.attrib) for p in lighter.iter(SVG + "path")]
    assert paths == [
        # the * rule beats a presentation attribute; the style attribute beats the rule
        {"d": "M 0 0", "stroke-linecap": "butt", "stroke-linejoin": "round", "fill": "none", "stroke": "#d5d5de"},
        {"d": "M 1 1", "stroke-linejoin": "round", "stroke-linecap": "square", "stroke-width": "0.5"},
        # not all presentation properties: the style attribute stays and still beats the rule
        {"d": "M 2 2", "style": "mix-blend-mode: multiply; stroke-linejoin: bevel", "stroke-linecap": "butt"},
    ]


def test_other_style_sheets_leave_every_style_attribute_alone():
    for sheet in ("path{stroke: red}", "*{stroke: red !important}", "*{mix-blend-mode: multiply}"):
        lighter = fromstring(lighten_svg(styled(sheet, '<path d="M 0 0" style="fill: none"/>')))
        assert lighter.find(SVG + "style").text == sheet
        assert dict(lighter.find(SVG + "path").attrib) == {"d": "M 0 0", "style": "fill: none"}


def test_a_picture_with_nothing_to_lighten_comes_back_byte_for_byte():
    plain = (b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><g stroke="#000">'
             b'<circle cx="1" cy="1" r="1"><title>Luton, 2024: 5%</title></circle></g></svg>')
    assert lighten_svg(plain) is plain
    wrapped = plain.replace(b'<g stroke="#000">', b'<g id="a">')
    assert tags(lighten_svg(wrapped)) == ["svg", "circle", "title"]
