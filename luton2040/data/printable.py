"""Which characters the report's PDF can print: those the fonts it ships draw (``luton2040/fonts.py``:
Source Sans 3 for Latin, Greek, Cyrillic and Vietnamese, Noto faces for Arabic-script, Bengali and
Gurmukhi text). The PDF uses no other font, so a character outside them (an emoji, an arrow, ≥) is a
missing-glyph box, which the PDF step refuses with only the page's name; the checks name the file
and line instead."""
from __future__ import annotations

import re
import unicodedata
from pathlib import Path
from typing import Iterable

from luton2040 import comments, fences, fonts
from luton2040.constants import INTERNAL_COLUMNS
from luton2040.data.schema import text_rows
from luton2040.errors import Problem

#: Printed by other means: subscript digits become <sub> digits in print (luton2040/pdf/glyphs.py).
HANDLED = frozenset("₀₁₂₃₄₅₆₇₈₉")


def unprintable(text: str) -> str | None:
    """The first character of ``text`` the PDF's fonts cannot draw, if any (spaces and invisible
    characters, which draw nothing, aside)."""
    for char in text:
        if ord(char) > 127 and char not in HANDLED and not fonts.draws(ord(char)) and not char.isspace() \
                and unicodedata.category(char)[0] != "C":
            return char
    return None


def describe(char: str) -> str:
    """'🎉 (party popper, U+1F389)'."""
    return f"{char} ({unicodedata.name(char, 'unnamed').lower()}, U+{ord(char):04X})"


#: Invisible characters that print the letters after them in the other direction (U+202D, U+202E:
#: left-to-right and right-to-left override), so the words read differently from what was typed
#: ("visit \u202emoc.elpmaxe" reads "visit example.com"). Right-to-left scripts need none of them.
REVERSING = frozenset("\u202d\u202e")


def problems(rel: str, lines: Iterable[str], first: int = 1) -> list[Problem]:
    """One problem per line holding a character the PDF's font cannot draw (an emoji, an arrow), or
    one that prints the words after it backwards (``REVERSING``)."""
    found = []
    for number, line in enumerate(lines, first):
        reversing = next((char for char in line if char in REVERSING), None)
        if reversing:
            found.append(Problem(rel, number, None, f"the invisible character U+{ord(reversing):04X} ({unicodedata.name(reversing).lower()}) prints the "
                                 "words after it backwards, so they read differently from what was typed",
                                 "delete it (retype the words after it in a plain-text editor)"))
            continue
        char = unprintable(line)
        if char:
            found.append(Problem(rel, number, None, f"the character {describe(char)} cannot be printed: the "
                                 "report's font has no such character",
                                 "remove it, or say it in words (→ as 'to', ≥ as 'at least')"))
    return found


#: The words people write that reach the PDF (partner texts are checked as they are read): the
#: pages (each edition's prose included; generated measure pages aside), the data and edition files.
SOURCES = ("*.qmd", "chapters/**/*.qmd", "appendix/**/*.qmd", "data/*.csv", "data/editions/*.yml")



def printed_lines(path: Path, text: str) -> list[str]:
    """``text``'s lines with what never reaches a page blanked (line numbers kept): in a page, its
    executed cells (```` ```{python} ````, not plain code blocks, which are printed) and HTML comments;
    in a CSV, its internal columns (``constants.INTERNAL_COLUMNS``)."""
    if path.suffix == ".csv":
        rows = text_rows(text)
        lines = text.splitlines()
        if not rows or len(rows) != len(lines):  # a cell over several lines: judged as typed
            return lines
        skip = {n for n, name in enumerate(rows[0]) if name.strip() in INTERNAL_COLUMNS}
        return [",".join(cell for n, cell in enumerate(row) if n not in skip) for row in rows]
    if path.suffix != ".qmd":
        return text.splitlines()
    text = comments.removed(text)
    lines = text.splitlines()
    for block in fences.blocks(lines):
        if block.fence[0] == "`" and block.info.startswith("{"):  # an executed cell, not a plain code block
            for index in block.span(len(lines)):
                lines[index] = ""
    return lines


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
            found += problems(path.relative_to(project.root).as_posix(), printed_lines(path, text))
    return found
