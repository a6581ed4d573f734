"""Status badges: an icon, a colour and the status word, so a table can be scanned at a glance.

The word is always printed, the icon is decorative (``aria-hidden``) and each status has its own
icon shape as well as its own colour, so nothing depends on colour alone. Every text colour here
has a contrast of at least 4.5:1 on its badge background (``contrast`` checks it in the tests).
The functions are pure: status words in, HTML text out; pandoc and Quarto both pass the inline
HTML through a pipe-table cell unchanged, so the site and the PDF show the same badge.
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass

from luton2040.compute import format as fmt

MIXED = "mixed"


@dataclass(frozen=True)
class Look:
    colour: str       # text and icon colour
    background: str   # badge background
    icon: str         # SVG path data in a 16×16 box


# Icons: tick (met), arrow up-right (on track), slow arrow right (too slow), dash in a circle
# (limited), arrow down-left (backwards), question mark (cannot assess), split circle (mixed).
LOOKS = {
    "met": Look("#0b5a2a", "#e3f4e8", "M2.5 8.5l3.5 3.5 7.5-8"),
    "on_track": Look("#33761c", "#eef6e8", "M3 13L13 3M6 3h7v7"),
    "too_slow": Look("#8a6100", "#fff1d6", "M2 8h10M9 5l3 3-3 3"),
    "limited": Look("#b03a0c", "#fde8dc", "M4 8h8M8 1.5a6.5 6.5 0 1 0 0.01 0"),
    "backwards": Look("#8a1020", "#fbe3e6", "M13 3L3 13M3 6v7h7"),
    "cannot_assess": Look("#3d3d47", "#ececf1", "M5.5 5.5a2.5 2.5 0 1 1 3.5 2.3c-.7.3-1 .8-1 1.5v1M8 13v.5"),
    MIXED: Look("#2b3a67", "#e6eaf6", "M8 1.5v13M8 1.5a6.5 6.5 0 1 0 0.01 0"),
}

WORDS = {**fmt.STATUS_WORDS, MIXED: "Mixed"}
CODES = {word: code for code, word in WORDS.items()}
_WORD_PATTERN = re.compile("|".join(re.escape(w) for w in sorted(CODES, key=len, reverse=True)))


def icon_svg(code: str, size: int = 16) -> str:
    """The status icon alone: decorative, hidden from assistive technology (the word says it)."""
    look = LOOKS[code]
    return (f'<svg class="badge-icon" aria-hidden="true" focusable="false" width="{size}" height="{size}" '
            f'viewBox="0 0 16 16"><path d="{look.icon}" fill="none" stroke="currentColor" '
            f'stroke-width="2" stroke-linecap="round" stroke-linejoin="round"/></svg>')


def badge(code: str, word: str | None = None) -> str:
    """One badge: ``<span class="badge status-on_track">icon On track</span>``."""
    text = html.escape(word if word is not None else WORDS[code])
    return f'<span class="badge status-{code}">{icon_svg(code)}{text}</span>'


def status_html(text: str, escape=html.escape) -> str:
    """A status cell's text with every status word in it made a badge ("Men: On track; Women:
    Going backwards" keeps its labels). ``escape`` makes the text between the words safe for the
    output (markdown escaping in pipe tables)."""
    def between(piece: str) -> str:  # escaping may trim spaces: keep those around the badges
        if not piece.strip():
            return " " if piece else ""
        return (" " if piece[0].isspace() else "") + escape(piece.strip()) + (" " if piece[-1].isspace() else "")

    pieces, at = [], 0  # (the text before a status word, its badge)
    for word in _WORD_PATTERN.finditer(text):
        pieces.append((text[at:word.start()], badge(CODES[word.group()], word.group())))
        at = word.end()
    tail = text[at:]
    if len(pieces) < 2:
        return "".join(between(lead) + shown for lead, shown in pieces) + between(tail)

    def parted(lead: str) -> tuple[str, str, str]:  # "; Women: " -> (";", " ", "Women: ")
        label = lead.lstrip("; ")
        mark = lead[:len(lead) - len(label)]
        return mark.strip(), " " if mark.endswith(" ") else "", label

    # Two or more: each "Men: <badge>;" is one unit, its separator kept with it, so a label never
    # wraps away from its badge; the site shows each unit as a line of its own, the separator for
    # screen readers only (styles/site.css), and the print keeps them in a run.
    out = []
    for i, (lead, shown) in enumerate(pieces):
        if i:
            _, space, lead = parted(lead)
            out.append(space)
        elif lead[:1].isspace():
            out.append(" ")
        mark = parted(pieces[i + 1][0])[0] if i + 1 < len(pieces) else ""
        sep = f'<span class="status-sep">{escape(mark)}</span>' if mark else ""
        out.append('<span class="status-part">' + between(lead).lstrip() + shown + sep + "</span>")
    return "".join(out) + between(tail)


def _linear(colour: str) -> list[float]:
    channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    return [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]


def _luminance(colour: str) -> float:
    red, green, blue = _linear(colour)
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def _lab(colour: str) -> tuple[float, float, float]:
    """CIE L*a*b* of a ``#rrggbb`` colour (sRGB, D65 white)."""
    red, green, blue = _linear(colour)
    xyz = ((0.4124 * red + 0.3576 * green + 0.1805 * blue) / 0.95047,
           _luminance(colour),
           (0.0193 * red + 0.1192 * green + 0.9505 * blue) / 1.08883)
    x, y, z = (t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116 for t in xyz)
    return 116 * y - 16, 500 * (x - y), 200 * (y - z)


def difference(first: str, second: str) -> float:
    """How different two ``#rrggbb`` colours look: CIE76 ΔE, the distance between them in L*a*b*
    (about 2.3 is the smallest difference people notice; two status colours side by side in a bar,
    with no icon, need to be far more apart than that)."""
    return sum((p - q) ** 2 for p, q in zip(_lab(first), _lab(second))) ** 0.5


def contrast(foreground: str, background: str) -> float:
    """WCAG contrast ratio of two ``#rrggbb`` colours."""
    a, b = sorted((_luminance(foreground), _luminance(background)), reverse=True)
    return (a + 0.05) / (b + 0.05)


def stylesheet() -> str:
    """The badge colours as CSS rules (written into styles/priorities.css by the pre-render step)."""
    return "".join(f".status-{code} {{ color: {look.colour}; background: {look.background}; "
                   f"border-color: {look.colour}; }}\n" for code, look in LOOKS.items())
