"""`luton2040 check` for the ids a page's code names: an inline expression such as
`{python} report.latest("neet")`, or a code cell's ``print(report.progress_made("net-zero"))``,
naming a measure data/measures.csv does not have, a priority data/priorities.csv does not have, a
figure data/figures.csv does not have, or a series (``report.latest("healthy-life-expectancy",
"male")``, or the default ``"all"`` left out) its measure does not have (pure: the text and the
known ids in, problems out).

The build would stop there when it runs the page, naming the file and line. `quarto render` stops
there too, but with Python's message alone, after it has emptied `_site/` and written the pages
before that one (quarto-cli `src/command/render/project.ts` removes the output folder before the
pre-render step). Found by the check, which the pre-render step runs, the misspelt id stops both
renderers before anything is rendered, and under Quarto the published site is put back.

The code is read as Python (``ast``), not searched as text: only an id written as a plain string
is checked (one computed by the code, ``"child-poverty-" + str(year)``, is left to the run), a
cell with ``#| eval: false`` is not run and not checked, and a call split over lines is read whole.
Which functions take which kind of id, and where their ``series`` parameter is and its default,
are read from luton2040/report.py itself (the name of a function's first parameter:
``measure_id``, ``priority_id``, ``figure_id``), so a function added there is checked without a
list here to keep in step.
"""
from __future__ import annotations

import ast
import difflib
import functools
import re
from dataclasses import dataclass
from pathlib import Path

from luton2040 import fences
from luton2040.errors import CURLY_QUOTES, CURLY_QUOTES_FIX, Problem

#: What a report function's first parameter names (its name in luton2040/report.py): the kind of
#: id, and the file that lists them.
ID_PARAMETERS = {"measure_id": ("measure", "data/measures.csv"),
                 "priority_id": ("priority", "data/priorities.csv"),
                 "figure_id": ("figure", "data/figures.csv")}
REPORT_SOURCE = Path(__file__).resolve().parents[1] / "report.py"

#: An inline expression as the engine reads it (engine/source.py): `{python} code` on one line.
_INLINE = re.compile(r"`\{python\}\s+([^`]+?)\s*`")
_OPENING = re.compile(r"`\{python\}\s")
_NOT_RUN = re.compile(r"^\s*#\|\s*eval\s*:\s*false\s*$", re.I)


@dataclass(frozen=True)
class Signature:
    """What the check needs of a report function: the name of its id parameter, and the position
    and default of its ``series`` parameter (None when it has none)."""

    parameter: str
    series_at: int | None = None
    series_default: str | None = None


@functools.cache
def _report_functions() -> tuple[ast.FunctionDef, ...]:
    """luton2040/report.py's public functions, read from its source (importing it would set up the
    display of tables in whatever IPython is loading)."""
    return tuple(node for node in ast.parse(REPORT_SOURCE.read_text(encoding="utf-8")).body
                 if isinstance(node, ast.FunctionDef) and not node.name.startswith("_"))


def report_functions() -> frozenset[str]:
    """The functions a page's `{python} report.…` may call."""
    return frozenset(node.name for node in _report_functions())


@functools.cache
def id_functions() -> dict[str, Signature]:
    """Each public function of luton2040/report.py whose first parameter is an id → its Signature."""
    found = {}
    for node in _report_functions():
        if not node.args.args:
            continue
        names = [a.arg for a in node.args.args]
        if names[0] not in ID_PARAMETERS:
            continue
        at = names.index("series") if "series" in names else None
        default = None
        if at is not None:
            given = node.args.defaults[at - (len(names) - len(node.args.defaults))] \
                if at >= len(names) - len(node.args.defaults) else None
            default = given.value if isinstance(given, ast.Constant) and isinstance(given.value, str) else None
        found[node.name] = Signature(names[0], at, default)
    return found


def _code(text: str):
    """(first line number, Python source, kind) of each inline expression outside fenced blocks
    (kind "inline"), each ``{python}`` code cell that runs (not ``#| eval: false``; kind "cell"),
    and each `` `{python} `` with no closing backtick on its line (kind "unclosed": the rest of
    the line, which the page would print as it is)."""
    lines = text.splitlines()
    found = []  # (the index of the line where it is complete, what is yielded), in the page's order
    for block in fences.blocks(lines):
        body = lines[block.start + 1:block.end]
        if block.end is not None and block.info.replace(" ", "").startswith("{python") \
                and not any(_NOT_RUN.match(cell_line) for cell_line in body):
            found.append((block.end, (block.start + 2, "\n".join(body), "cell")))
    for index, (line, code) in enumerate(zip(lines, fences.fenced(lines))):
        if code:
            continue
        closed = list(_INLINE.finditer(line))
        found += [(index, (index + 1, inline.group(1), "inline")) for inline in closed]
        found += [(index, (index + 1, line[opened.end():].strip(), "unclosed")) for opened in _OPENING.finditer(line)
                  if not any(m.start() <= opened.start() < m.end() for m in closed)]
    for _, item in sorted(found, key=lambda pair: pair[0]):
        yield item


def _calls(source: str):
    """Every ``report.<function>(…)`` call in ``source``: (line offset, function, call node)."""
    try:
        tree = ast.parse(source)
    except SyntaxError:  # (the run names it, with its line)
        return
    for node in ast.walk(tree):
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                and isinstance(node.func.value, ast.Name) and node.func.value.id == "report"):
            yield node.lineno - 1, node.func.attr, node


def _argument(call: ast.Call, at: int | None, name: str) -> ast.expr | None:
    if at is not None and at < len(call.args):
        return call.args[at]
    return next((k.value for k in call.keywords if k.arg == name), None)


def argument(call: ast.Call, at: int | None, name: str) -> ast.expr | None:
    """The argument of ``call`` at position ``at`` or named ``name``, or None when not given."""
    return _argument(call, at, name)


def calls_of(text: str, function: str):
    """(line, call node, the call as written) of each ``report.<function>(…)`` in a page's inline
    expressions and code cells."""
    for first, source, kind in _code(text):
        if kind == "unclosed":
            continue
        for offset, name, call in _calls(source):
            if name == function:
                yield first + offset, call, ast.get_source_segment(source, call) or ast.unparse(call)


def _text(node: ast.expr | None) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def check_text(rel: str, text: str, known: dict[str, set[str]],
               series: dict[str, set[str]] | None = None,
               milestones: dict[tuple[str, str], set[int]] | None = None) -> list[Problem]:
    """Problems with the ids one page's code names. ``known``: kind ("measure", "priority",
    "figure") → its ids; ``series``: measure id → the ids of its series; ``milestones``: (measure,
    series) → the years of its rows in data/targets.csv, so that ``report.target("destitution",
    2027)`` for a milestone nobody has set is named here rather than printed as "Not set" in a
    sentence."""
    problems = []
    functions = id_functions()
    for first, source, kind in _code(text):
        if kind == "unclosed":
            continue
        for offset, function, call in _calls(source):
            signature = functions.get(function)
            if signature is None:
                continue
            line = first + offset
            name = _text(_argument(call, 0, signature.parameter))
            if name is None:
                continue
            kind, listed = ID_PARAMETERS[signature.parameter]
            ids = known.get(kind, set())
            if name not in ids:
                near = difflib.get_close_matches(name, sorted(ids), n=1)
                problems.append(Problem(rel, line, None, f"report.{function}(\"{name}\"): there is no {kind} '{name}'",
                                        f"use an id from {listed}" + (f" (closest: {near[0]})" if near else "")))
                continue
            if kind != "measure" or series is None or signature.series_at is None:
                continue
            given = _argument(call, signature.series_at, "series")
            asked = _text(given) if given is not None else signature.series_default
            has = series.get(name, set())
            if asked is not None and asked in has and function == "target" and milestones is not None:
                problems += _missing_milestone(rel, line, call, name, asked, milestones)
            if asked is None or asked in has:
                continue
            which = ", ".join(sorted(has))
            if given is None:
                problems.append(Problem(rel, line, None,
                                        f"report.{function}(\"{name}\"): the measure has no series '{asked}', "
                                        f"which is used when none is named",
                                        f"name one of its series (data/series.csv): {which}"))
            else:
                problems.append(Problem(rel, line, None,
                                        f"report.{function}(\"{name}\", \"{asked}\"): there is no series '{asked}'",
                                        f"use one of the measure's series in data/series.csv: {which}"))
    return problems


def _missing_milestone(rel: str, line: int, call: ast.Call, measure: str, series: str,
                       milestones: dict[tuple[str, str], set[int]]) -> list[Problem]:
    """``report.target(measure, year, series)`` for a year that is not a milestone year, or a
    milestone data/targets.csv does not set for the series (the page would print "Not set")."""
    from luton2040.data.model import MILESTONE_YEARS, TARGET_YEAR

    given = _argument(call, 1, "year")
    year = given.value if isinstance(given, ast.Constant) else TARGET_YEAR if given is None else None
    if not isinstance(year, int):
        return []  # a year the code works out is left to the run
    shown = f"report.target(\"{measure}\", {year}" + ("" if series == "all" else f", \"{series}\"") + ")"
    if year not in (*MILESTONE_YEARS, TARGET_YEAR):
        return [Problem(rel, line, None, f"{shown}: {year} is not a milestone year",
                        f"use one of {', '.join(map(str, MILESTONE_YEARS))} or {TARGET_YEAR}")]
    if year in milestones.get((measure, series), set()):
        return []
    kind = "target" if year == TARGET_YEAR else "milestone"
    have = sorted(milestones.get((measure, series), set()))
    return [Problem(rel, line, None,
                    f"{shown}: {measure}{'' if series == 'all' else f' ({series})'} has no {year} {kind} in "
                    f"data/targets.csv, so the sentence would print \"Not set\""
                    + (f" (it has {', '.join(map(str, have))})" if have else ""),
                    f"add the {kind} as a row of data/targets.csv ({measure},{series},{year},…), or reword the "
                    "sentence without it")]


def check_code(rel: str, text: str, functions: frozenset[str]) -> list[Problem]:
    """Inline expressions Python cannot read (curly quotes, a bracket or the closing backtick left
    out) and ``report.<name>`` functions that do not exist, on one page (outside fenced blocks).

    Both stop a render only when the page runs: under `quarto render`, after Quarto has emptied
    `_site/` and written the pages before it. Found here, by the check the pre-render step runs,
    they stop both renderers first, with the line and the fix."""
    problems = []
    for number, code, kind in _code(text):
        if kind == "cell":
            continue
        found = _unclosed(code) if kind == "unclosed" else _unreadable(code) or _unknown_function(code, functions)
        if found:
            problems.append(Problem(rel, number, None, *found))
    return problems


def _readable(code: str) -> bool:
    """Whether Python reads ``code`` as one expression (as the engine runs it)."""
    try:
        ast.parse(f"({code}\n)", mode="eval")
        return True
    except SyntaxError:
        return False


def _first_expression(code: str, whole: bool = False) -> str | None:
    """The shortest start of ``code`` ending in ")" (or, with ``whole``, all of it) that Python reads
    as one expression: where a closing backtick left out belonged."""
    ends = [n + 1 for n, char in enumerate(code) if char == ")"] + ([len(code)] if whole else [])
    return next((code[:end].rstrip() for end in ends if _readable(code[:end].rstrip())), None)


def _unreadable(code: str) -> tuple[str, str] | None:
    """(message, fix) when Python cannot read ``code`` as one expression (read as the engine runs it)."""
    try:
        ast.parse(f"({code}\n)", mode="eval")
        return None
    except SyntaxError as error:
        reason = error.msg
    if any(q in code for q in CURLY_QUOTES):
        return f"`{{python}} {code}` has curly quotes, which Python cannot read", CURLY_QUOTES_FIX
    head = _first_expression(code)
    if head is not None:
        return (f"the backtick (`) that ends `{{python}} {head}` is missing, so the words after it are read "
                "as code", f"type ` straight after {head}")
    return (f"`{{python}} {code}` is not a Python expression ({reason})",
            "check the brackets and quotes against an expression that works, such as "
            '`{python} report.latest("destitution")`')


def _unclosed(code: str) -> tuple[str, str]:
    """(message, fix) for a `` `{python} `` whose closing backtick is not on its line (``code``: the
    rest of the line): the renderers would print it, code and all, as words."""
    head = _first_expression(code, whole=True)
    if head is not None:
        return (f"the backtick (`) that ends `{{python}} {head}` is missing, so the page would print the code as "
                "words", f"type ` straight after {head}")
    return ("`{python} has no closing backtick (`) on this line, so the page would print the code as words",
            "end the expression with ` on the same line")


def _unknown_function(code: str, functions: frozenset[str]) -> tuple[str, str] | None:
    """(message, fix) for the first ``report.<name>`` in ``code`` that the report module does not have."""
    for node in ast.walk(ast.parse(f"({code}\n)", mode="eval")):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "report" \
                and node.attr not in functions:
            near = difflib.get_close_matches(node.attr, sorted(functions), n=1)
            return (f"report.{node.attr}: there is no such report function",
                    f"use report.{near[0]}" if near else "use a function of luton2040/report.py, such as report.latest")
    return None
