"""The PDF draws every character of the report with the fonts it ships, on any build machine."""
from __future__ import annotations

from pathlib import Path
from xml.etree.ElementTree import fromstring, tostring

from fontTools.ttLib import TTFont

from luton2040.pdf import glyphs

ROOT = Path(__file__).resolve().parents[2]
FONTS = ROOT / "luton2040" / "pdf" / "fonts"


def shipped_characters() -> set[int]:
    """Code points the regular face draws (its Latin and Latin Extended subsets together)."""
    drawn: set[int] = set()
    for font in FONTS.glob("*-400-normal.ttf"):
        drawn |= set(TTFont(font).getBestCmap())
    return drawn


def printed(text: str) -> str:
    """``text`` as the print writes it: subscript digits become <sub> plain digits."""
    root = fromstring(f"<p>{text}</p>")
    glyphs.plain_subscripts(root)
    return "".join(root.itertext())


def test_subscript_digits_print_as_sub_elements_with_plain_digits():
    root = fromstring("<td>595.5 kt CO₂e (2022); 2.6 t CO₂e per person <b>H₂O₁₀</b> end</td>")
    glyphs.plain_subscripts(root)
    assert tostring(root, encoding="unicode") == (
        "<td>595.5 kt CO<sub>2</sub>e (2022); 2.6 t CO<sub>2</sub>e per person "
        "<b>H<sub>2</sub>O<sub>10</sub></b> end</td>")


def test_text_without_subscripts_is_left_alone():
    root = fromstring("<p>Emissions fell by <em>3%</em> a year.</p>")
    before = tostring(root, encoding="unicode")
    glyphs.plain_subscripts(root)
    assert tostring(root, encoding="unicode") == before


def test_every_character_of_the_reports_words_is_in_the_shipped_fonts():
    drawn = shipped_characters()
    sources = [*(ROOT / "data").rglob("*.csv"), *(ROOT / "data").rglob("*.yml"),
               *(ROOT / "chapters").rglob("*.qmd"), *(ROOT / "appendix").glob("*.qmd"),
               *(ROOT / "partners").rglob("*.md"), ROOT / "index.qmd"]
    missing = {}
    for source in sources:
        for character in printed(source.read_text(encoding="utf-8").replace("<", " ").replace("&", " ")):
            if ord(character) >= 32 and ord(character) not in drawn:
                missing.setdefault(character, source.relative_to(ROOT).as_posix())
    assert missing == {}, ("characters the PDF's fonts cannot draw (the build machine's fonts would be used): "
                           + ", ".join(f"U+{ord(c):04X} {c!r} in {where}" for c, where in missing.items()))
