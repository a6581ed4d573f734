"""`luton2040 check` for the ids a page's inline expressions name: `{python} report.latest("neet")`
with an id data/measures.csv does not have, or `report.figure("…")` with one data/figures.csv does
not have (pure: the text and the known ids in, problems out).

The build would stop there when it runs the page, naming the file and line. `quarto render` stops
there too, but with Python's message alone, after it has emptied `_site/` and written the pages
before that one (quarto-cli `src/command/render/project.ts` removes the output folder before the
pre-render step). Found by the check, which the pre-render step runs, the misspelt id stops both
renderers before anything is rendered, and under Quarto the published site is put back.
"""
from __future__ import annotations

import difflib
import re

from luton2040.errors import Problem

#: The report functions whose first argument is a measure id (luton2040/report.py).
MEASURE_FUNCTIONS = frozenset({"latest", "baseline", "comparator", "target", "period", "trend", "status",
                               "says", "compared", "previous", "reason", "moved", "frame"})
_CALL = re.compile(r"""`\{python\}[^`]*?\breport\.([a-z_]+)\(\s*(["'])([^"'`]*)\2""")
_FENCE = re.compile(r"^\s*(```|~~~)")


def check_text(rel: str, text: str, measures: set[str], figures: set[str]) -> list[Problem]:
    """Problems with the ids named by the inline expressions of one page (outside fenced blocks)."""
    problems = []
    fenced = False
    for number, line in enumerate(text.splitlines(), start=1):
        if _FENCE.match(line):
            fenced = not fenced
            continue
        if fenced:
            continue
        for match in _CALL.finditer(line):
            function, _, name = match.groups()
            if function in MEASURE_FUNCTIONS:
                known, kind, source = measures, "measure", "data/measures.csv"
            elif function == "figure":
                known, kind, source = figures, "figure", "data/figures.csv"
            else:
                continue
            if name in known:
                continue
            near = difflib.get_close_matches(name, sorted(known), n=1)
            problems.append(Problem(
                rel, number, None, f"report.{function}(\"{name}\"): there is no {kind} '{name}'",
                f"use an id from {source}" + (f" (closest: {near[0]})" if near else "")))
    return problems
