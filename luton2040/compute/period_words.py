"""Periods typed in the words are written the way the tables write them (pure: no files read here).

The tables print a financial or school year as 2023/24 and a run of years as 2018–20 (an en dash:
``data/periods.py``). A hyphen between two years ("2010-2022", "2023-24") leaves a reader unsure
which is meant, and sets the words apart from the tables beside them.
"""
from __future__ import annotations

import re

from luton2040.errors import Problem

_HYPHENED = re.compile(r"(?<![\w/–-])((?:19|20)\d\d)-((?:19|20)?\d\d)(?![\w/–-])")


def hyphened_periods(line: str) -> list[str]:
    """Each 'year-year' typed in a line of prose (inline code is not prose)."""
    plain = re.sub(r"`[^`]*`", lambda m: " " * len(m.group(0)), line)
    return [m.group(0) for m in _HYPHENED.finditer(plain) if _later(m.group(1), m.group(2))]


def _later(first: str, second: str) -> bool:
    """Whether ``second`` (two digits or four) is a year after ``first``: "2024-03" is a month."""
    return int(first[:2] + second if len(second) == 2 else second) > int(first)


def check_lines(file: str, lines: list[tuple[int, str]]) -> list[Problem]:
    """A problem for each period written with a hyphen in ``lines`` ((line number, text) pairs)."""
    problems = []
    for number, line in lines:
        for said in hyphened_periods(line):
            first, second = said.split("-")
            short, full = second[-2:], (first[:2] + second if len(second) == 2 else second)
            run = f"a run of years as {first}–{short} or 'from {first} to {full}'"
            fix = (f"write a financial or school year as {first}/{short}, and {run}" if int(full) == int(first) + 1
                   else f"write {run}")
            problems.append(Problem(file, number, None, f"writes the period '{said}' with a hyphen",
                                    f"{fix}, as the tables do"))
    return problems
