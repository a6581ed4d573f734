"""Table cells in print: break points for words too long for a narrow column."""
from __future__ import annotations

import re
from xml.etree.ElementTree import Element

from luton2040.pdf import text_runs

LONG_WORD = re.compile(r"\S{%d,}" % 22)


def _break_points(word: str) -> list[str]:
    """Split a long word after punctuation (URLs, codes), else into short chunks."""
    pieces = []
    for piece in re.split(r"(?<=[/\-_.,;:=&?])", word):
        pieces += [piece[i:i + 16] for i in range(0, len(piece), 16)] if len(piece) > 20 else [piece]
    return [piece for piece in pieces if piece]


def _split_long_words(text: str) -> list[str]:
    """`text` cut where a <wbr> may go: only inside words too long for a narrow table column."""
    parts, start = [""], 0
    for match in LONG_WORD.finditer(text):
        pieces = _break_points(match.group())
        parts[-1] += text[start:match.start()] + pieces[0]
        parts += pieces[1:]
        start = match.end()
    parts[-1] += text[start:]
    return parts


def _with_breaks(text: str) -> tuple[str, list[Element]]:
    """``text`` up to its first break point, and a <wbr> carrying each later piece."""
    parts = _split_long_words(text)
    breaks = []
    for part in parts[1:]:
        wbr = Element("wbr")
        wbr.tail = part
        breaks.append(wbr)
    return parts[0], breaks


def soften_long_words(root: Element) -> None:
    """Let very long words in table cells break (at <wbr>), so no column forces a table off the page.

    Cells wrap only at word boundaries (overflow-wrap: break-word keeps "£2,500,000" and "household"
    whole when the table sizes its columns); this handles the rare word longer than a column.
    """
    for cell in [e for e in root.iter() if e.tag in ("td", "th")]:
        text_runs.splice(cell.iter(), _with_breaks)
