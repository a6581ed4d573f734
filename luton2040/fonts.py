"""The fonts the PDF ships, and which characters each draws: ``luton2040/pdf/fonts/faces.csv``,
read here only.

Latin text is set in Source Sans 3. A name or a greeting in another script is set in the face the
table gives for it: Source Sans 3's Latin Extended subset (Polish, Romanian, Welsh, Czech),
its Greek, Cyrillic and Vietnamese subsets, Noto Naskh Arabic (Urdu, Arabic), Noto Sans Bengali
and Noto Sans Gurmukhi (Punjabi). Each subset is its own family in the print's font list
(``stack``), named for this report ("Luton 2040 Source Sans 3 Latin Extended") so that no font
installed on the build machine can stand in for it (WeasyPrint does not hide installed fonts of a
declared family's name). WeasyPrint (checked with 70) embeds one font file per family, weight and style
(``weasyprint/pdf/fonts.py``, ``Font.hash`` is a digest of the Pango font description, and
``build_fonts_dictionary`` keeps the first file of each), so two subsets of one family in one PDF
drew each other's glyphs ("Łukasz" printed as "ffukasz" while its text layer read right).

The faces of the Latin subsets are declared in every part of the print; the others only in the
parts whose text uses them (``rules_for``): WeasyPrint loads every declared face for every part it
prints, and a book in Latin script needs none of them. A ``when-used`` face is declared for its
own characters only: what it shares with the Latin subsets (the Arabic subset's hyphens,
Vietnamese's accented letters) stays with them, and what two such faces share with the one listed
first.

The check of which characters can be printed (``data/printable.py``) asks ``draws(code)``: the
characters some face both declares and has a glyph for. WeasyPrint would take any other from
whatever font the build machine happens to have.
"""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

FOLDER = Path(__file__).resolve().parent / "pdf" / "fonts"
TABLE = FOLDER / "faces.csv"
PRINTED = {"always", "when-used"}
STYLES = {"normal", "italic"}
WEIGHTS = {"400", "600", "700"}
_RANGE = re.compile(r"U\+([0-9A-Fa-f]{1,6})(?:-([0-9A-Fa-f]{1,6}))?")


@dataclass(frozen=True)
class Face:
    """One row of faces.csv: a font file, the weight and style it is declared for, the characters
    it is declared to draw (inclusive code-point ranges) and whether every part declares it."""

    family: str
    file: str
    weight: int
    style: str
    ranges: tuple[tuple[int, int], ...]
    unicode_range: str  # as the table writes it (the CSS of the faces every part declares)
    always: bool


def parse_ranges(text: str) -> tuple[tuple[int, int], ...]:
    """'U+0000-00FF, U+0131' → ((0, 255), (305, 305))."""
    return tuple((int(lo, 16), int(hi or lo, 16)) for lo, hi in _RANGE.findall(text))


def css_ranges(ranges: tuple[tuple[int, int], ...]) -> str:
    """((0, 255), (305, 305)) → 'U+0000-00FF, U+0131'."""
    return ", ".join(f"U+{lo:04X}" if lo == hi else f"U+{lo:04X}-{hi:04X}" for lo, hi in ranges)


@lru_cache(maxsize=None)
def faces() -> tuple[Face, ...]:
    """Every face of the table, in its order."""
    with TABLE.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    for line, row in enumerate(rows, 2):
        if (row["printed"] not in PRINTED or row["style"] not in STYLES or row["weight"] not in WEIGHTS
                or not (FOLDER / row["file"]).is_file() or not parse_ranges(row["unicode_range"])):
            raise ValueError(f"{TABLE}:{line}: printed must be one of {sorted(PRINTED)}, style one of "
                             f"{sorted(STYLES)}, weight one of {sorted(WEIGHTS)}, the file must be in "
                             f"{FOLDER.name}/ and the range U+… ranges — got {row}")
    return tuple(Face(row["family"], row["file"], int(row["weight"]), row["style"], parse_ranges(row["unicode_range"]),
                      row["unicode_range"], row["printed"] == "always") for row in rows)


def _without(ranges: tuple[tuple[int, int], ...], taken: set[int]) -> tuple[tuple[int, int], ...]:
    """``ranges`` less the code points in ``taken``, as ranges again."""
    kept = sorted(code for lo, hi in ranges for code in range(lo, hi + 1) if code not in taken)
    out: list[list[int]] = []
    for code in kept:
        if out and out[-1][1] == code - 1:
            out[-1][1] = code
        else:
            out.append([code, code])
    return tuple((lo, hi) for lo, hi in out)


@lru_cache(maxsize=None)
def _own_ranges() -> tuple[tuple[Face, tuple[tuple[int, int], ...]], ...]:
    """Each ``when-used`` face with the part of its ranges that no ``always`` face declares, nor an
    earlier face of the table for the same weight and style (the Bengali and Gurmukhi subsets both
    carry the danda: Bengali's, listed first, draws it)."""
    always = {code for face in faces() if face.always for lo, hi in face.ranges for code in range(lo, hi + 1)}
    taken: dict[tuple[int, str], set[int]] = {}
    out = []
    for face in faces():
        if face.always:
            continue
        before = taken.setdefault((face.weight, face.style), set())
        own = _without(face.ranges, always | before)
        before.update(code for lo, hi in own for code in range(lo, hi + 1))
        out.append((face, own))
    return tuple(out)


def _rule(face: Face, unicode_range: str) -> str:
    return (f"@font-face {{ font-family: '{face.family}'; font-style: {face.style}; font-weight: {face.weight}; "
            f"src: url({(FOLDER / face.file).as_uri()}) format('truetype'); unicode-range: {unicode_range}; }}")


def families() -> list[str]:
    """Every family of the table, in its order."""
    return list(dict.fromkeys(face.family for face in faces()))


def stack() -> str:
    """The print's CSS ``font-family``: every family of the table, in its order, then the build
    machine's sans-serif (which draws only what none of them has: the check refuses such text)."""
    return ", ".join([*(f'"{family}"' for family in families()), "sans-serif"])


def svg_stack() -> str:
    """The same list as an SVG ``font-family`` attribute's value: WeasyPrint splits it at each comma
    and strips only quotes (``weasyprint/svg/text.py``), so no space may follow a comma."""
    return ",".join([*(f"'{family}'" for family in families()), "sans-serif"])


def always_rules() -> list[str]:
    """The @font-face rules every part of the print declares (the Latin faces)."""
    return [_rule(face, face.unicode_range) for face in faces() if face.always]


@lru_cache(maxsize=None)
def _script_pattern() -> re.Pattern[str]:
    """Any character only a ``when-used`` face draws."""
    parts = "".join(f"{re.escape(chr(lo))}-{re.escape(chr(hi))}" for _, ranges in _own_ranges() for lo, hi in ranges)
    return re.compile(f"[{parts}]")


def rules_for(text: str) -> list[str]:
    """The @font-face rules of the ``when-used`` faces that draw some character of ``text``
    (none for text in Latin script alone)."""
    used = set(_script_pattern().findall(text))
    if not used:
        return []
    codes = {ord(char) for char in used}
    return [_rule(face, css_ranges(ranges)) for face, ranges in _own_ranges()
            if any(lo <= code <= hi for code in codes for lo, hi in ranges)]


@lru_cache(maxsize=None)
def _cmap(file: str) -> frozenset[int]:
    from fontTools.ttLib import TTFont

    font = TTFont(FOLDER / file, lazy=True)
    codes = frozenset(font.getBestCmap())
    font.close()
    return codes


@lru_cache(maxsize=None)
def _drawn(always: bool) -> frozenset[int]:
    """The characters the ``always`` faces (or the others) declare and have a glyph for."""
    declared = [(face, face.ranges) for face in faces() if face.always] if always else list(_own_ranges())
    return frozenset(code for face, ranges in declared for code in _cmap(face.file)
                     if any(lo <= code <= hi for lo, hi in ranges))


def draws(code: int) -> bool:
    """Whether some face declares the character ``code`` and has a glyph for it (the Latin faces
    are read first; the others only for a character they lack)."""
    return code in _drawn(True) or code in _drawn(False)
