"""Figures an editor types into a progress item's sentence must say where they come from.

A sentence in data/progress_notes.csv takes the measure's figures from the data ({latest},
{target:2027}…), which carry their own source. A figure written in the sentence itself ("450
households a month", "8.5% better", "£1 million") has no source unless the row's ``source`` column
gives one, and a reader checking the report has nowhere to look it up. Years are not such figures.
"""
from __future__ import annotations

import re

from luton2040.compute.sections import FILE, PLACEHOLDER
from luton2040.errors import Problem

#: a year, a span of years or a financial year: "2019", "2010–2022", "2023/24" (not a figure)
_YEARS = re.compile(r"(?<![\d,.])(?:19|20)\d\d(?:\s*[–/-]\s*(?:(?:19|20)\d\d|\d\d))?(?![\d,.%])")
#: a figure: a share, an amount of money, a decimal, or a number of 100 or more ("300", "2,500")
_FIGURE = re.compile(r"£\s?\d[\d,.]*(?:\s?(?:million|billion|m|bn)\b)?|\d[\d,.]*\s?(?:%|per cent)"
                     r"|(?<![\d,.])\d+\.\d+|(?<![\d,.])\d{1,3}(?:,\d{3})+(?![\d.])|(?<![\d,.])\d{3,}(?![\d,.])")


def typed_figures(text: str) -> list[str]:
    """The figures a sentence writes itself: not its placeholders, not its years."""
    return [m.group(0).strip() for m in _FIGURE.finditer(_YEARS.sub(" ", PLACEHOLDER.sub(" ", text)))]


def check(rows: list[dict], year: int) -> list[Problem]:
    """A warning for each of the edition's progress items that types a figure and names no source."""
    found = []
    for row in rows:
        if row.get("edition") != year or (row.get("source") or "").strip():
            continue
        figures = typed_figures(f"{row.get('heading') or ''}. {row.get('text') or ''}")
        if figures:
            shown = ", ".join(f"'{f}'" for f in figures)
            found.append(Problem(FILE, row.get("line"), "source",
                                 f"the sentence types {shown} but the row gives no source",
                                 "write in the source column who published the figure, and where "
                                 "(e.g. 'Centre for Cities, Cities Outlook 2024'), or take it from the "
                                 "data with a placeholder such as {latest}", severity="warning"))
    return found
