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

import ast
import difflib
import re

from luton2040.errors import CURLY_QUOTES, CURLY_QUOTES_FIX, Problem

#: The report functions whose first argument is a measure id (luton2040/report.py).
MEASURE_FUNCTIONS = frozenset({"latest", "baseline", "comparator", "target", "period", "trend", "status",
                               "says", "compared", "previous", "reason", "moved", "frame"})
_CALL = re.compile(r"""`\{python\}[^`]*?\breport\.([a-z_]+)\(\s*(["'])([^"'`]*)\2""")
_FENCE = re.compile(r"^\s*(```|~~~)")
#: An inline expression as the engine reads it (engine/source.py): `{python} code` on one line.
_INLINE = re.compile(r"`\{python\}\s+([^`]+?)\s*`")


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


def check_code(rel: str, text: str, functions: frozenset[str]) -> list[Problem]:
    """Inline expressions Python cannot read (curly quotes, a bracket or the closing backtick left
    out) and ``report.<name>`` functions that do not exist, on one page (outside fenced blocks).

    Both stop a render only when the page runs: under `quarto render`, after Quarto has emptied
    `_site/` and written the pages before it. Found here, by the check the pre-render step runs,
    they stop both renderers first, with the line and the fix."""
    problems = []
    fenced = False
    for number, line in enumerate(text.splitlines(), start=1):
        if _FENCE.match(line):
            fenced = not fenced
            continue
        if fenced:
            continue
        for match in _INLINE.finditer(line):
            code = match.group(1)
            found = _unreadable(code) or _unknown_function(code, functions)
            if found:
                problems.append(Problem(rel, number, None, *found))
    return problems


def _unreadable(code: str) -> tuple[str, str] | None:
    """(message, fix) when Python cannot read ``code`` as one expression (read as the engine runs it)."""
    try:
        ast.parse(f"({code}\n)", mode="eval")
        return None
    except SyntaxError as error:
        reason = error.msg
    if any(q in code for q in CURLY_QUOTES):
        return f"`{{python}} {code}` has curly quotes, which Python cannot read", CURLY_QUOTES_FIX
    for end in (n for n, char in enumerate(code) if char == ")"):
        head = code[:end + 1]
        try:
            ast.parse(f"({head}\n)", mode="eval")
        except SyntaxError:
            continue
        return (f"the backtick (`) that ends `{{python}} {head}` is missing, so the words after it are read "
                "as code", f"type ` straight after {head}")
    return (f"`{{python}} {code}` is not a Python expression ({reason})",
            "check the brackets and quotes against an expression that works, such as "
            '`{python} report.latest("destitution")`')


def _unknown_function(code: str, functions: frozenset[str]) -> tuple[str, str] | None:
    """(message, fix) for the first ``report.<name>`` in ``code`` that the report module does not have."""
    for node in ast.walk(ast.parse(f"({code}\n)", mode="eval")):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "report" \
                and node.attr not in functions:
            near = difflib.get_close_matches(node.attr, sorted(functions), n=1)
            return (f"report.{node.attr}: there is no such report function",
                    f"use report.{near[0]}" if near else "use a function of luton2040/report.py, such as report.latest")
    return None
