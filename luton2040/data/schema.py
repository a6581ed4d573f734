"""Reads data/datapackage.json and the CSV files it describes, typing every cell and reporting every problem.

``read_table`` never raises for bad file content: it returns the rows it could read plus a list of
``Problem`` records (``file:line:column: what is wrong — how to fix it``). Awkward but harmless input
is accepted silently: a UTF-8 byte-order mark, Windows (CRLF) line ends, blank lines at the end.

The reader implements part of Table Schema: the field types in ``TYPES``, the constraints in
``CONSTRAINTS`` and the ``uri`` format. ``load_datapackage`` refuses anything else in a field with
its line in datapackage.json, so no rule written there is ever silently ignored.

A file read once is not parsed again in the same process while its bytes are the same (``serve``
reads every data file on each save, most of them unchanged, and the check and the build each read
them): the rows are kept by the file's bytes and each caller gets its own copies.
"""
from __future__ import annotations

import csv
import difflib
import io
import json
import re
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from luton2040.constants import DATA_DIR, DATAPACKAGE
from luton2040.data.cell_types import CONSTRAINTS, FORMATS, NOT_ISO_DATE, TYPES, CellChecker
from luton2040.errors import InputError, Problem


@dataclass(frozen=True)
class Row:
    """One data row: its physical line in the file (header = line 1) and its typed values.

    ``values`` has every schema field (blank or missing cells are ``None``). ``invalid`` names the
    columns whose cell was reported as a problem or whose column is missing (their value is ``None``),
    so later rules can skip them. ``cells``: the row's text by column, as written, when the reader
    was asked to keep it (``read_csv(…, cells=True)``), else None.
    """

    line: int
    values: dict[str, Any]
    invalid: frozenset[str] = field(default=frozenset())
    cells: dict[str, str] | None = None


#: what this process has parsed: (what, file, schema) → (the text or bytes it was parsed from, the result);
#: one version per file, so a file edited many times in one `serve` session is held once
_PARSED: dict[tuple, tuple[object, object]] = {}
_SLOTS = 512  # more than the data files of a few projects
_LOCK = threading.Lock()  # the check runs on a thread beside the build


def _kept(slot: tuple, source, parse):
    """``parse()``, or what it returned last time for ``slot`` if that was parsed from the same ``source``."""
    with _LOCK:
        kept = _PARSED.get(slot)
    if kept is not None and kept[0] == source:
        return kept[1]
    value = parse()
    with _LOCK:
        if len(_PARSED) >= _SLOTS and slot not in _PARSED:
            _PARSED.clear()  # many projects in one process (the tests): start again
        _PARSED[slot] = (source, value)
    return value


def load_datapackage(project_dir: Path) -> dict:
    """The parsed data/datapackage.json; raises InputError (a clean message) if it is missing or broken."""
    return read_package(Path(project_dir) / DATAPACKAGE, DATAPACKAGE)


def read_package(path: Path, rel: str, data: bytes | None = None) -> dict:
    """The parsed data package at ``path`` (named ``rel`` in messages: data/datapackage.json, or
    the copy a past edition published, data/editions/<year>-datapackage.json); raises InputError
    (a clean message) if it is missing or broken. Given ``data`` (the file's bytes, already read
    by a caller that keeps them), those are parsed and the file is not read again."""
    try:
        # (the line ends as read_text gives them: the messages' line numbers are the file's)
        text = (path.read_bytes() if data is None else data).decode("utf-8-sig")
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    except FileNotFoundError:
        raise InputError([Problem(rel, None, None, "file is missing",
                                  "restore it from git: it describes every data file")]) from None
    except UnicodeDecodeError:
        raise InputError([Problem(rel, None, None, "is not UTF-8 text", "save it as UTF-8")]) from None
    return parse_package(text, rel, str(path))


def parse_package(text: str, rel: str = DATAPACKAGE, slot: str | None = None) -> dict:
    """The data package whose text is ``text`` (``rel`` in messages), a copy of its own for each
    caller; InputError when it is not valid JSON or writes a rule the reader would not check."""
    package, problems = _kept(("datapackage", slot or rel), text, lambda: _parse_datapackage(text, rel))
    if problems:
        raise InputError(problems)
    return json.loads(package)  # a copy of its own for each caller


def _parse_datapackage(text: str, rel: str = DATAPACKAGE) -> tuple[str, list[Problem]]:
    """The package (as compact JSON, copied cheaply for each caller) and the rules it writes that the reader would not check."""
    try:
        package = json.loads(text)
    except json.JSONDecodeError as err:
        raise InputError([Problem(rel, err.lineno, None, f"is not valid JSON ({err.msg}, column {err.colno})",
                                  "fix the JSON syntax there (check commas and quotes)")]) from None
    return json.dumps(package), unchecked_rules(package, text, rel)


def unchecked_rules(package: dict, text: str, rel: str = DATAPACKAGE) -> list[Problem]:
    """A problem for each field type, constraint or format the reader would not check, at its line."""
    problems = []
    for resource in package.get("resources", []):
        for spec in resource.get("schema", {}).get("fields", []):
            where = (resource.get("name", ""), spec.get("name", ""))
            kind = spec.get("type", "string")
            if kind not in TYPES:
                problems.append(Problem(rel, _line(text, *where, "type"), None,
                                        f"field '{where[1]}' of '{where[0]}' has type '{kind}', which the data "
                                        "reader does not check",
                                        f"use one of: {', '.join(TYPES)}"))
            for name in spec.get("constraints", {}):
                if name not in CONSTRAINTS:
                    problems.append(Problem(rel, _line(text, *where, name), None,
                                            f"field '{where[1]}' of '{where[0]}' has the constraint '{name}', "
                                            "which the data reader does not check",
                                            f"remove it, or use one of: {', '.join(CONSTRAINTS)}"))
            if spec.get("format", "default") not in FORMATS:
                problems.append(Problem(rel, _line(text, *where, "format"), None,
                                        f"field '{where[1]}' of '{where[0]}' has the format '{spec['format']}', "
                                        "which the data reader does not check",
                                        f"remove it, or use one of: {', '.join(FORMATS)}"))
    return problems


def _line(text: str, resource: str, field_name: str, key: str) -> int | None:
    """The line of ``"key"`` in the field ``field_name`` of ``resource``: found by reading on from the
    resource's name to the field's name to the key (json keeps no positions)."""
    at = 0
    for needle in (f'"name": "{resource}"', f'"name": "{field_name}"', f'"{key}"'):
        found = re.compile(re.escape(needle).replace(r'":\ "', r'"\s*:\s*"')).search(text, at)
        if not found:
            return None
        at = found.end()
    return text.count("\n", 0, at) + 1


def resources(project_dir: Path) -> dict[str, dict]:
    """Resource name → resource descriptor, in datapackage.json order."""
    return {r["name"]: r for r in load_datapackage(project_dir)["resources"]}


def resource_file(resource: dict) -> str:
    """The resource's path relative to the project folder, e.g. ``data/observations.csv``."""
    return f"{DATA_DIR}/{resource['path']}"


def as_list(value: str | list[str]) -> list[str]:
    """Table Schema allows a single field name or a list of them (primaryKey, foreignKeys)."""
    return [value] if isinstance(value, str) else list(value)


def read_table(project_dir: Path, name: str) -> tuple[list[Row], list[Problem]]:
    """Read and type one resource of datapackage.json; return its rows and every problem found (a
    data package without the resource, as an older project's may be, is one of them)."""
    resource = resources(project_dir).get(name)
    if resource is None:
        return [], [Problem(f"{DATA_DIR}/datapackage.json", None, None,
                            f"describes no table '{name}' ({DATA_DIR}/{name}.csv), which this version of "
                            "luton2040 reads",
                            f"add its entry under \"resources\" (the README's table of data files says what it "
                            f"holds) and create {DATA_DIR}/{name}.csv with its header line")]
    return read_csv(Path(project_dir) / resource_file(resource), resource_file(resource), resource["schema"])


def read_csv(path: Path, rel: str, schema: dict, cells: bool = False,
             data: bytes | None = None) -> tuple[list[Row], list[Problem]]:
    """Read one CSV file at ``path`` (reported as ``rel``) against a Table Schema ``schema``; with
    ``cells``, each row keeps its text as written too. Given ``data`` (the file's bytes, already
    read by a caller that keeps them), those are parsed and the file is not read again."""
    try:
        data = path.read_bytes() if data is None else data
    except (FileNotFoundError, NotADirectoryError):  # as path.exists() is False
        names = ",".join(f["name"] for f in schema["fields"])
        return [], [Problem(rel, None, None, "file is missing", f"create it with the header line: {names}")]
    rows, problems = _kept(("csv", str(path), rel, json.dumps(schema, sort_keys=True), cells), data,
                           lambda: _parse_csv(data, rel, schema, cells))
    # Rows are frozen and their values plain scalars: a new dict and list each, no caller sees another's changes.
    return [Row(r.line, dict(r.values), r.invalid, None if r.cells is None else dict(r.cells)) for r in rows], \
        list(problems)


#: Files Excel writes when "Save As" picks another type: (first bytes, what the file is).
_NOT_CSV = ((b"PK\x03\x04", "an Excel workbook (.xlsx), not a CSV file"),
            (b"\xd0\xcf\x11\xe0", "an old Excel workbook (.xls), not a CSV file"),
            (b"\xff\xfe", "saved as UTF-16 (Excel's \"Unicode Text\"), not as UTF-8"),
            (b"\xfe\xff", "saved as UTF-16 (Excel's \"Unicode Text\"), not as UTF-8"))


def _parse_csv(data: bytes, rel: str, schema: dict, keep_cells: bool = False) -> tuple[list[Row], list[Problem]]:
    for start, what in _NOT_CSV:
        if data.startswith(start):
            return [], [Problem(rel, None, None, f"is {what}",
                                "open it in Excel and save it again with Save As > \"CSV UTF-8 (Comma delimited)\"")]
    text, problems = _decode(data, rel)
    lines = list(io.StringIO(text, newline=""))
    # Blank lines at the very end are harmless (many editors add them); drop them before parsing.
    while lines and not lines[-1].strip():
        lines.pop()
    if not lines:
        names = ",".join(f["name"] for f in schema["fields"])
        return [], problems + [Problem(rel, 1, None, "file is empty", f"start it with the header line: {names}")]
    records, parse_problems = _records(lines, rel)
    problems += parse_problems
    if not records or records[0][0] != 1:
        return [], problems  # the header line itself could not be read; reported above
    header = records[0][1]
    expected = [f["name"] for f in schema["fields"]]
    if len(header) > 1 and not {h.strip().lower() for h in header} & {e.lower() for e in expected}:
        moved = next((number for number, cells in records[1:] if [c.strip() for c in cells] == expected), None)
        if moved:
            return [], problems + [Problem(rel, 1, None, f"the header line is line {moved}, not line 1",
                                           "move it back to the top (in Excel, sort with \"My data has headers\" "
                                           "ticked, so the header stays first)")]
        return [], problems + [Problem(rel, 1, None, "the first line is not the header: none of its values is a "
                                       "column name", f"put the header line first: {','.join(expected)}")]
    columns, header_problems = _check_header(header, rel, schema)
    problems += header_problems
    key = schema.get("primaryKey") or []
    if columns is None or any(name not in columns for name in ([key] if isinstance(key, str) else key)):
        # Without its key columns no row can be matched to anything: the rules that would follow
        # (every series "has no baseline"…) only repeat the header's problem, row by row.
        return [], problems
    rows = []
    checker = CellChecker(rel, schema)
    for line, cells in records[1:]:
        if not any(c.strip() for c in cells):
            if len(cells) > 1:  # ,,,,, : a row Excel keeps because it was once used or formatted
                problems.append(Problem(rel, line, None, "row has no values, only commas (Excel saves a row that was "
                                        "once used or formatted so)", "delete the row: in Excel, select the empty rows "
                                        "below the table and delete them (Delete Sheet Rows), then save again"))
            else:
                problems.append(Problem(rel, line, None, "blank line inside the data", "delete the empty line"))
            continue
        if len(cells) != len(header):
            problems.append(_width_problem(rel, line, cells, header))
            continue
        written = dict(zip(header, cells))
        values, invalid, cell_problems = checker.check(line, written, columns)
        problems += cell_problems
        rows.append(Row(line, values, frozenset(invalid), written if keep_cells else None))
    problems = _excel_dates(problems)
    problems.sort(key=lambda p: p.line or 0)  # stable: problems on one line keep their column order
    return rows, problems


EXCEL_DATES = 3  # more DD/MM/YYYY dates than this in one column: one message for the column


def _excel_dates(problems: list[Problem]) -> list[Problem]:
    """Excel rewrites every YYYY-MM-DD date of a CSV it opens and saves as DD/MM/YYYY: a column of
    them is one problem with Excel's own fix, not a message per row."""
    found: dict[str | None, list[Problem]] = {}
    for problem in problems:
        if problem.message.endswith(NOT_ISO_DATE):
            found.setdefault(problem.column, []).append(problem)
    for column, dates in found.items():
        if len(dates) > EXCEL_DATES:
            first = dates[0]
            summary = Problem(first.file, first.line, column,
                              f"{first.message.removesuffix(NOT_ISO_DATE)}and {len(dates) - 1} more dates in this "
                              "column are written DD/MM/YYYY, as Excel saves them",
                              f"in Excel, select the {column} column, choose Format Cells > Custom, type yyyy-mm-dd, "
                              "then save again as CSV UTF-8")
            listed = {id(p) for p in dates}  # (by identity: comparing problems field by field was quadratic)
            problems = [summary if p is first else p for p in problems if p is first or id(p) not in listed]
    return problems


def _decode(data: bytes, rel: str) -> tuple[str, list[Problem]]:
    """UTF-8 text without a BOM; undecodable bytes are reported by line and replaced."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError:
        pass
    problems = []
    for number, raw in enumerate(data.split(b"\n"), start=1):
        try:
            raw.decode("utf-8")
        except UnicodeDecodeError as err:
            bad = raw[err.start:err.start + 1].hex()
            problems.append(Problem(
                rel, number, None,
                f"is not UTF-8 text (byte 0x{bad} at character {err.start + 1}; often a £ or curly quote "
                "saved by Excel in another encoding)",
                "save the file as \"CSV UTF-8 (Comma delimited)\""))
    return data.decode("utf-8", errors="replace"), problems


def _cells(line: str, strict: bool = True) -> list[str]:
    """The cells of one physical line of CSV (every row sits on one line); [] for a blank line."""
    return next(csv.reader([line.rstrip("\r\n")], strict=strict), [])


def text_rows(text: str) -> list[list[str]]:
    """The cells of each line of a CSV text, as cell text (nothing typed or checked): for copies
    of files ``read_table`` has accepted, such as the published downloads, so every CSV in the
    project is split by this module's one tokeniser."""
    return [_cells(line, strict=False) for line in io.StringIO(text, newline="")]


def _records(lines: list[str], rel: str) -> tuple[list[tuple[int, list[str]]], list[Problem]]:
    """Parse each physical line into (line number, cells), reporting bad quoting.

    Every row must sit on one line, so lines are parsed one at a time: a quote left open cannot
    swallow the rows after it, and every later row is still checked.
    """
    records, problems = [], []
    for number, line in enumerate(lines, start=1):
        try:
            cells = _cells(line)
        except csv.Error as err:
            if "unexpected end of data" in str(err) or "newline inside string" in str(err):
                problems.append(Problem(rel, number, None, "a double quote opened on this line is never closed",
                                        "add the closing \" at the end of the value; keep each row on one line"))
            else:
                problems.append(Problem(
                    rel, number, None, f"bad quoting ({err})",
                    "wrap a value containing commas or quotes in double quotes, and write a quote inside it "
                    "twice (\"\")"))
            continue
        records.append((number, cells))
    return records, problems


def _check_header(header: list[str], rel: str, schema: dict) -> tuple[dict[str, int] | None, list[Problem]]:
    """Map column name → index; report wrong delimiters, missing, unknown and duplicated columns."""
    expected = [f["name"] for f in schema["fields"]]
    joined = ",".join(header)
    if len(header) == 1 and len(expected) > 1:
        for sep, name in ((";", "semicolons"), ("\t", "tabs"), ("|", "vertical bars")):
            if sep in joined:
                return None, [Problem(rel, 1, None, f"values are separated by {name}, not commas",
                                      "use commas: save the file as \"CSV UTF-8 (Comma delimited)\"")]
    problems, columns, offered = [], {}, set()
    last = max((i for i, h in enumerate(header) if h.strip()), default=-1)
    empty_end = len(header) - last - 1  # empty columns after the last name: Excel's "ghost" columns
    if empty_end:
        problems.append(Problem(rel, 1, None, f"the header ends with {empty_end} empty column"
                                f"{'s' if empty_end > 1 else ''} (commas after '{header[-empty_end - 1].strip()}')"
                                if empty_end < len(header) else "the header line is empty",
                                "delete the empty columns to the right of the table (in Excel: select them, "
                                "Delete), then save again; or delete the commas at the end of each line"))
    for index, name in enumerate(header[:len(header) - empty_end]):
        clean = name.strip()
        if clean != name and clean in expected:
            problems.append(Problem(rel, 1, None, f"column name {name!r} has spaces around it",
                                    f"rename it to {clean}"))
        if clean in columns:
            problems.append(Problem(rel, 1, None, f"column {clean!r} appears twice", "delete one of them"))
            continue
        if clean not in expected:
            close = difflib.get_close_matches(clean, [e for e in expected if e not in header], n=1)
            offered.update(close)
            fix = f"rename it to {close[0]}" if close else "remove it"
            problems.append(Problem(rel, 1, None, f"unknown column {clean!r}",
                                    f"{fix} (columns: {', '.join(expected)})"))
        columns[clean] = index
    missing = [name for name in expected if name not in columns and name not in offered]  # (a rename says it)
    if missing:
        what = "column" if len(missing) == 1 else "columns"
        problems.append(Problem(rel, 1, None, f"missing {what}: {', '.join(missing)}",
                                f"add {'it' if len(missing) == 1 else 'them'} to the header line "
                                f"({', '.join(expected)})"))
    # Header cells are renamed to their stripped names so rows line up with schema fields.
    header[:] = [h.strip() for h in header]
    return columns, problems


def _width_problem(rel: str, line: int, cells: list[str], header: list[str]) -> Problem:
    if len(cells) > len(header):
        return Problem(rel, line, None, f"row has {len(cells)} values but the header has {len(header)} columns",
                       "a value containing a comma must be wrapped in double quotes; remove any extra commas")
    return Problem(rel, line, None, f"row has {len(cells)} values but the header has {len(header)} columns",
                   "add the missing values (leave a cell empty with nothing between two commas)")
