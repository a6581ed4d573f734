"""Characters the shipped fonts do not draw, written in print with ones they do.

The PDF embeds only the fonts in ``fonts/`` (``luton2040/fonts.py``). Units in the data use
subscript digits ("kt CO₂e"), which none of them has; WeasyPrint would then take
the glyph from whatever font the build machine happens to have (or draw a missing-glyph box), so
the same data could print differently on two machines. In print, a run of subscript digits
becomes ``<sub>`` around the plain digits, which the fonts have and which reads the same.
"""
from __future__ import annotations

import re
from xml.etree.ElementTree import Element

from luton2040.pdf import text_runs

SUBSCRIPT_DIGITS = "₀₁₂₃₄₅₆₇₈₉"
_RUN = re.compile(f"[{SUBSCRIPT_DIGITS}]+")
_PLAIN = str.maketrans(SUBSCRIPT_DIGITS, "0123456789")


def _pieces(text: str) -> list[str]:
    """``text`` split into [plain, subscript, plain, subscript, …, plain], subscripts as plain digits."""
    pieces, start = [], 0
    for match in _RUN.finditer(text):
        pieces += [text[start:match.start()], match.group().translate(_PLAIN)]
        start = match.end()
    return pieces + [text[start:]]


def _with_subscripts(text: str) -> tuple[str, list[Element]]:
    """``text`` up to its first subscript digit, and a <sub> of plain digits for each run of them,
    each carrying the plain text after it."""
    pieces = _pieces(text)
    made = []
    for digits, after in zip(pieces[1::2], pieces[2::2]):
        sub = Element("sub")
        sub.text, sub.tail = digits, after
        made.append(sub)
    return pieces[0], made


def plain_subscripts(root: Element) -> None:
    """Write every subscript digit under ``root`` as a <sub> digit (text and tails alike)."""
    text_runs.splice(root.iter(), _with_subscripts)
