"""Which characters the report's PDF can print: those of the fonts it ships (``luton2040/pdf/fonts/``,
Source Sans 3 in its Latin and Latin Extended subsets). The PDF uses no other font, so a character
outside them (an emoji, an arrow, ≥) is a missing-glyph box, which the PDF step refuses with only
the page's name; the checks name the file and line instead."""
from __future__ import annotations

import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import Iterable

from luton2040.errors import Problem

FONTS = Path(__file__).resolve().parents[1] / "pdf" / "fonts"
#: Printed by other means: subscript digits become <sub> digits in print (luton2040/pdf/glyphs.py).
HANDLED = frozenset("₀₁₂₃₄₅₆₇₈₉")


@lru_cache(maxsize=None)
def _codes() -> frozenset[int]:
    """Every character some shipped font draws, read once."""
    from fontTools.ttLib import TTFont

    codes: set[int] = set()
    for path in sorted(FONTS.glob("*.ttf")):
        font = TTFont(path, lazy=True)
        codes |= set(font.getBestCmap())
        font.close()
    return frozenset(codes)


def unprintable(text: str) -> str | None:
    """The first character of ``text`` the PDF's fonts cannot draw, if any (spaces and invisible
    characters, which draw nothing, aside)."""
    for char in text:
        if ord(char) > 127 and char not in HANDLED and ord(char) not in _codes() and not char.isspace() \
                and unicodedata.category(char)[0] != "C":
            return char
    return None


def describe(char: str) -> str:
    """'🎉 (party popper, U+1F389)'."""
    return f"{char} ({unicodedata.name(char, 'unnamed').lower()}, U+{ord(char):04X})"


def problems(rel: str, lines: Iterable[str], first: int = 1) -> list[Problem]:
    """One problem per line holding a character the PDF's font cannot draw (an emoji, an arrow)."""
    found = []
    for number, line in enumerate(lines, first):
        char = unprintable(line)
        if char:
            found.append(Problem(rel, number, None, f"the character {describe(char)} cannot be printed: the "
                                 "report's font has no such character",
                                 "remove it, or say it in words (→ as 'to', ≥ as 'at least')"))
    return found


#: The words people write that reach the PDF (partner texts are checked as they are read): the
#: pages (each edition's prose included; generated measure pages aside), the data and edition files.
SOURCES = ("*.qmd", "chapters/**/*.qmd", "appendix/**/*.qmd", "data/*.csv", "data/editions/*.yml")


def printable_characters(project) -> list[Problem]:
    """Every page's and data file's words are printable in the PDF (a data file whose reading found
    problems is left until they are fixed: its cells are reported once, by the reader)."""
    found = []
    unread = {project.file(name) for name in project.unread if name in project.resources}
    for pattern in SOURCES:
        for path in sorted(project.root.glob(pattern)):
            if path.relative_to(project.root).as_posix() in unread:
                continue
            try:
                text = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                continue  # reported when the page is read
            found += problems(path.relative_to(project.root).as_posix(), text.splitlines())
    return found
