"""How much room a line of chart text takes, from the advance widths of the font the project ships
(Source Sans 3, ``luton2040/pdf/fonts/``), so charts are laid out without a drawing library.

A chart on the website is an ``<img>``, and an SVG shown as an image cannot load the page's web
fonts: the reader's browser draws its text in its own sans-serif. The widest common one (DejaVu
Sans, the Linux default) is about 30% wider than Source Sans 3 (Arial, Helvetica and Roboto about
10%), so room is measured for text ``FALLBACK_WIDER`` times wider than Source Sans 3's: nothing is
clipped or overlaps whichever font draws it. DejaVu Sans Bold is wider still against Source Sans 3
Bold (up to 1.32 times on the report's labels, "Year 6 obesity"), so bold text has
``FALLBACK_WIDER_BOLD``.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from luton2040 import fonts

FONTS = Path(__file__).resolve().parents[1] / "pdf" / "fonts"
#: The charts' font list: the print's own families first (luton2040/fonts.py; in print the charts are
#: pictures, which see only the faces the print declares), then the fonts a reader's browser may
#: have. No space after a comma: WeasyPrint splits the list at commas and strips only quotes.
FAMILY = fonts.svg_stack().removesuffix(",sans-serif") + (
    ",'Source Sans 3','Source Sans Pro',Arial,'Liberation Sans',Helvetica,'DejaVu Sans',sans-serif")
FALLBACK_WIDER = 1.3
FALLBACK_WIDER_BOLD = 1.33
#: how much wider most readers' fonts are (Arial, Helvetica, Roboto): what a label's backing covers
USUAL_WIDER = 1.12
#: the advance of a character neither font file has (about an average lower-case letter), in ems
UNKNOWN = 0.55
#: from the baseline, how far up capitals and digits reach, in ems (Source Sans 3's cap height)
CAP_HEIGHT = 0.66


@lru_cache(maxsize=None)
def _advances(weight: int) -> dict[int, float]:
    """Character → advance width in ems, for one weight (400 or 700), read once."""
    from fontTools.ttLib import TTFont

    widths: dict[int, float] = {}
    for subset in ("latin-ext", "latin"):  # latin second: where both have a glyph, its width wins
        font = TTFont(FONTS / f"source-sans-3-{subset}-{weight}-normal.ttf", lazy=True)
        per_em = font["head"].unitsPerEm
        metrics = font["hmtx"].metrics
        widths.update((code, metrics[glyph][0] / per_em) for code, glyph in font.getBestCmap().items())
        font.close()
    return widths


def width(text: str, size: float, bold: bool = False, wider: float | None = None) -> float:
    """The room ``text`` needs at ``size`` (in the chart's units), allowing for a fallback font
    ``wider`` times as wide as Source Sans 3 (by default the widest fallback's, for its weight)."""
    if wider is None:
        wider = FALLBACK_WIDER_BOLD if bold else FALLBACK_WIDER
    advances = _advances(700 if bold else 400)
    return sum(advances.get(ord(c), UNKNOWN) for c in text) * size * wider
