"""`luton2040 check` for the ids a page's code names: an inline expression such as
`{python} report.latest("neet")`, or a code cell's ``print(report.progress_made("net-zero"))``,
naming a measure data/measures.csv does not have, a priority data/priorities.csv does not have, a
figure data/figures.csv does not have, or a series (``series="males"``) its measure does not have
(pure: the text and the known ids in, problems out).

The build would stop there when it runs the page, naming the file and line. `quarto render` stops
there too, but with Python's message alone, after it has emptied `_site/` and written the pages
before that one (quarto-cli `src/command/render/project.ts` removes the output folder before the
pre-render step). Found by the check, which the pre-render step runs, the misspelt id stops both
renderers before anything is rendered, and under Quarto the published site is put back.

Which functions take which kind of id is read from luton2040/report.py itself: the name of a
function's first parameter (``measure_id``, ``priority_id``, ``figure_id``), so a function added
there is checked without a list here to keep in step.
"""
from __future__ import annotations

import ast
import difflib
import functools
import re
from pathlib import Path

from luton2040.errors import Problem

#: What a report function's first parameter names (its name in luton2040/report.py): the kind of
#: id, and the file that lists them.
ID_PARAMETERS = {"measure_id": ("measure", "data/measures.csv"),
                 "priority_id": ("priority", "data/priorities.csv"),
                 "figure_id": ("figure", "data/figures.csv")}
REPORT_SOURCE = Path(__file__).resolve().parents[1] / "report.py"

_CALL = re.compile(r"""\breport\.([a-z_]+)\(\s*(["'])([^"'`]*)\2([^)`]*)""")
_SERIES = re.compile(r"""\bseries\s*=\s*(["'])([^"'`]*)\1""")
_INLINE = re.compile(r"`\{python\}[^`]*`")
_FENCE = re.compile(r"^\s*(```+|~~~+)\s*(\{?[A-Za-z]*)")


@functools.cache
def id_functions() -> dict[str, str]:
    """Each public function of luton2040/report.py whose first parameter is an id → that
    parameter's name (a key of ``ID_PARAMETERS``)."""
    tree = ast.parse(REPORT_SOURCE.read_text(encoding="utf-8"))
    return {node.name: node.args.args[0].arg for node in tree.body
            if isinstance(node, ast.FunctionDef) and not node.name.startswith("_") and node.args.args
            and node.args.args[0].arg in ID_PARAMETERS}


def _code_parts(text: str):
    """(line number, code) for each inline expression outside fenced blocks, and each line of a
    ``{python}`` code cell (its ``#|`` options and comments left out)."""
    fence = None  # (marker, is a python cell) while inside a fenced block
    for number, line in enumerate(text.splitlines(), start=1):
        match = _FENCE.match(line)
        if match and (fence is None or match.group(1).startswith(fence[0])):
            fence = (match.group(1), match.group(2).startswith("{python")) if fence is None else None
            continue
        if fence is None:
            for inline in _INLINE.finditer(line):
                yield number, inline.group(0)
        elif fence[1] and not line.lstrip().startswith("#"):
            yield number, line


def check_text(rel: str, text: str, known: dict[str, set[str]],
               series: dict[str, set[str]] | None = None) -> list[Problem]:
    """Problems with the ids one page's code names. ``known``: kind ("measure", "priority",
    "figure") → its ids; ``series``: measure id → the ids of its series."""
    problems = []
    functions = id_functions()
    for number, code in _code_parts(text):
        for match in _CALL.finditer(code):
            function, _, name, rest = match.groups()
            if function not in functions:
                continue
            kind, source = ID_PARAMETERS[functions[function]]
            ids = known.get(kind, set())
            if name not in ids:
                problems.append(_unknown(rel, number, f"report.{function}(\"{name}\")", kind, name, ids,
                                         f"use an id from {source}"))
                continue
            asked = _SERIES.search(rest)
            if kind == "measure" and series is not None and asked and asked.group(2) not in series.get(name, set()):
                problems.append(_unknown(rel, number, f"report.{function}(\"{name}\", series=\"{asked.group(2)}\")",
                                         "series", asked.group(2), series.get(name, set()),
                                         f"use one of the measure's series in data/series.csv: "
                                         f"{', '.join(sorted(series.get(name, set())))}"))
    return problems


def _unknown(rel: str, number: int, call: str, kind: str, name: str, ids: set[str], fix: str) -> Problem:
    near = difflib.get_close_matches(name, sorted(ids), n=1)
    return Problem(rel, number, None, f"{call}: there is no {kind} '{name}'",
                   fix + (f" (closest: {near[0]})" if near and kind != "series" else ""))
