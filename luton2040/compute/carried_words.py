"""Words carried forward from last year's prose that name a time (pure: texts in, problems out).

`luton2040 new-edition` copies each chapter's prose to the new edition's folder to be rewritten. A
sentence about figures is checked against the data (``claims``); a sentence about when something
happens is not: "this year the partnership has agreed a road map", "This edition is the first",
"starting at the 2025 conference". Each line of the new edition's prose that is still last year's
line word for word and says such a time is reported as a warning, so the comms team reads it again
as this year's reader would; any rewrite of the line ends the warning.
"""
from __future__ import annotations

import re

from luton2040.compute.claims import prose_lines
from luton2040.errors import Problem

_TIMES = (r"this year|the past year|last year|next year|this edition|the first edition|coming months|so far"
          # a span counted from when the words were written: "two years from now", "in two years' time"
          r"|(?:a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|eighteen|\d+)\s+"
          r"(?:years?|months?|weeks?)['’]?\s+(?:from now|ago|away|time)|last (?:winter|spring|summer|autumn)")


def _times(previous_year: int) -> re.Pattern:
    return re.compile(rf"\b(?:{_TIMES}|{previous_year})\b", re.IGNORECASE)


def check(rel: str, text: str, previous_text: str, year: int, previous_year: int) -> list[Problem]:
    """Warnings for the lines of ``text`` (``year``'s prose) that are lines of ``previous_text``
    unchanged and name a time that was true of the ``previous_year`` report."""
    before = {line.strip() for _, line in prose_lines(previous_text)}
    times = _times(previous_year)
    found = []
    for number, line in prose_lines(text):
        if line.strip() not in before:
            continue
        plain = re.sub(r"`[^`]*`|\{\{<[^>]*>\}\}", " ", line)  # code and shortcodes name no time
        said = times.search(plain)
        if said:
            found.append(Problem(
                rel, number, None,
                f"is the {previous_year} report's words unchanged, and says '{said.group(0)}', which may not be "
                f"true of the {year} report",
                f"read it as a {year} reader would and rewrite it (the warning ends when the line changes)",
                severity="warning"))
    return found
