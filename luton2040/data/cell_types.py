"""Types and checks one CSV cell against its Table Schema field: the types in ``TYPES``, the
constraints in ``CONSTRAINTS``, the ``uri`` format, each misfit a message with its fix."""
from __future__ import annotations

import datetime as dt
import difflib
import math
import numbers
import re
import unicodedata
from decimal import Decimal
from typing import Any

from luton2040.constants import INVISIBLE
from luton2040.errors import Problem
from luton2040.escape import safe_url

# Plain-words descriptions of the id patterns used in datapackage.json, for error messages.
PATTERN_HINTS = {
    "^[a-z0-9]+(-[a-z0-9]+)*$": ("id", "lower-case letters and digits joined by single hyphens", "-"),
    "^[a-z0-9]+(_[a-z0-9]+)*$": ("id", "lower-case letters and digits joined by single underscores", "_"),
    "^#[0-9a-fA-F]{6}$": ("colour", "# and six hex digits, e.g. #0f6e66", None),
}

#: What the reader checks; a datapackage.json field asking for anything else is refused.
TYPES = ("string", "number", "integer", "boolean", "date")
CONSTRAINTS = ("required", "unique", "enum", "pattern", "minimum", "maximum")
FORMATS = ("default", "uri")

# ASCII digits only: Python's \d also matches full-width and other scripts' digits (７.３).
_NUMBER = re.compile(r"^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?$")
_INTEGER = re.compile(r"^[+-]?[0-9]+$")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_INVISIBLE = re.compile(f"[{INVISIBLE}]")
MAX_NUMBER = 1e15  # larger than any published figure; 1e26 and 1e999 would break formatting
_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")
_DECIMAL_COMMA = re.compile(r"^[+-]?\d*,\d+$")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
#: The message for a real date written DD/MM/YYYY, as Excel saves the dates of a CSV it opened.
NOT_ISO_DATE = "is not a YYYY-MM-DD date"
_UK_DATE = re.compile(r"^(\d{1,2})[/.](\d{1,2})[/.](\d{4})$")


class CellChecker:
    """Types and constraint-checks cells row by row, remembering values for `unique`."""

    def __init__(self, rel: str, schema: dict):
        self.rel = rel
        self.fields = schema["fields"]
        self.missing = set(schema.get("missingValues", [""]))
        self.seen: dict[str, dict[Any, int]] = {f["name"]: {} for f in self.fields
                                                 if f.get("constraints", {}).get("unique")}

    def check(self, line: int, cells: dict[str, str], columns: dict[str, int]):
        values, invalid, problems = {}, set(), []
        for spec in self.fields:
            name = spec["name"]
            if name not in columns:
                values[name] = None
                invalid.add(name)  # the column is missing (reported once, on the header line)
                continue
            raw = cells.get(name, "")
            value, message, fix = self.cell(spec, raw)
            if message:
                problems.append(Problem(self.rel, line, name, message, fix))
                invalid.add(name)
                value = None
            values[name] = value
            if value is not None and name in self.seen:
                first = self.seen[name].setdefault(value, line)
                if first != line:
                    problems.append(Problem(self.rel, line, name, f"{quoted(raw)} is already used on line {first}",
                                            f"each {name} must be unique; change or remove one of the two rows"))
                    invalid.add(name)
        return values, invalid, problems

    def cell(self, spec: dict, raw: str) -> tuple[Any, str, str]:
        """(typed value, problem message or '', fix)."""
        cons = spec.get("constraints", {})
        if raw in self.missing or not raw.strip():
            if cons.get("required"):
                return None, "is blank", f"fill in the {spec['name']}; this column is required"
            return None, "", ""
        kind = spec.get("type", "string")
        text = raw if kind == "string" else raw.strip()
        value, message, fix = _typed(kind, text, spec)
        if message:
            return None, message, fix
        return (value, *_constraints(spec, value, text))


def _typed(kind: str, text: str, spec: dict) -> tuple[Any, str, str]:
    """Convert text to the field's type: (value, message, fix); message is '' when it fits."""
    if _CONTROL.search(text):
        return None, "contains an invisible control character (such as NUL)", \
            "delete it: retype the cell, or save the file again as plain CSV (UTF-8)"
    invisible = _INVISIBLE.search(text)
    if invisible:
        char, at = invisible.group(), invisible.start()
        where = f"after {quoted(text[max(0, at - 30):at])}" if at else "at the start"
        return None, f"contains an invisible {unicodedata.name(char).lower()} (U+{ord(char):04X}) {where}, " \
            "usually pasted from a web page or a document", "delete it: retype the cell"
    if kind == "string":
        return text, "", ""
    if kind == "number":
        if _NUMBER.match(text):
            if not abs(float(text)) < MAX_NUMBER:
                return None, f"{quoted(text)} is too large", "check the number: figures must be below 1,000,000,000,000,000"
            return float(text), "", ""
        return None, f"{quoted(text)} is not a number", _number_fix(text)
    if kind == "integer":
        if _INTEGER.match(text):
            if not abs(int(text)) < MAX_NUMBER:
                return None, f"{quoted(text)} is too large", "check the number: figures must be below 1,000,000,000,000,000"
            return int(text), "", ""
        if _NUMBER.match(text):
            return None, f"{quoted(text)} is not a whole number", "write it without decimals"
        return None, f"{quoted(text)} is not a whole number", _number_fix(text)
    if kind == "boolean":
        trues, falses = spec.get("trueValues", ["true"]), spec.get("falseValues", ["false"])
        if text in trues:
            return True, "", ""
        if text in falses:
            return False, "", ""
        return None, f"{quoted(text)} is not allowed here", f"write {trues[0]} or {falses[0]}"
    if kind == "date":
        return _date(text)
    return text, "", ""


def _number_fix(text: str) -> str:
    if _THOUSANDS.match(text):
        digits = text.replace(",", "")
        return f"remove the thousands separators, e.g. {digits} (if the comma is a decimal point, use a dot)"
    if _DECIMAL_COMMA.match(text):
        return f"use a dot for decimals, e.g. {text.replace(',', '.')}"
    stripped = text.strip("£$€%").replace(",", "")
    if stripped != text and _NUMBER.match(stripped):
        return f"write the number only, e.g. {stripped} (the unit adds signs such as £ and %)"
    return "write digits with a dot for decimals, e.g. 12.3, or leave the cell blank"


def _date(text: str) -> tuple[Any, str, str]:
    if _ISO_DATE.match(text):
        try:
            return dt.date.fromisoformat(text), "", ""
        except ValueError:
            return None, f"{quoted(text)} is not a real date", "check the day and month (YYYY-MM-DD)"
    uk = _UK_DATE.match(text)
    if uk:
        day, month, year = (int(g) for g in uk.groups())
        try:
            example = dt.date(year, month, day).isoformat()
            return None, f"{quoted(text)} {NOT_ISO_DATE}", f"write it as {example}"
        except ValueError:
            pass
    return None, f"{quoted(text)} is not a date", "write dates as YYYY-MM-DD, e.g. 2024-03-31"


def _constraints(spec: dict, value: Any, text: str) -> tuple[str, str]:
    """(message, fix) for the first constraint the typed value breaks, else ('', '')."""
    cons = spec.get("constraints", {})
    if "enum" in cons and value not in cons["enum"]:
        allowed = [str(v) for v in cons["enum"]]
        lower = {a.lower(): a for a in allowed}
        close = [lower[m] for m in difflib.get_close_matches(str(value).lower(), list(lower), n=1)]
        hint = f" (did you mean {close[0]}?)" if close else ""
        return f"{quoted(text)} is not allowed", f"use one of: {', '.join(allowed)}{hint}"
    if "pattern" in cons and not re.fullmatch(cons["pattern"], str(value)):
        return _pattern_problem(cons["pattern"], text)
    if "minimum" in cons and value < cons["minimum"]:
        return f"{quoted(text)} is below the minimum {_num(cons['minimum'])}", \
            f"use a value of at least {_num(cons['minimum'])}"
    if "maximum" in cons and value > cons["maximum"]:
        return f"{quoted(text)} is above the maximum {_num(cons['maximum'])}", \
            f"use a value of at most {_num(cons['maximum'])}"
    if spec.get("format") == "uri" and not safe_url(str(value)):
        return f"{quoted(text)} is not a plain https:// web address", \
            "write the full address starting with https://, without spaces, quotes, brackets or braces"
    return "", ""


def _pattern_problem(pattern: str, text: str) -> tuple[str, str]:
    noun, hint, joiner = PATTERN_HINTS.get(pattern, ("value", f"the pattern {pattern}", None))
    fix = f"use {hint}"
    if joiner:
        slug = re.sub(r"[^a-z0-9]+", joiner, text.strip().lower()).strip(joiner)
        if slug and re.fullmatch(pattern, slug):
            fix += f", e.g. {slug}"
    return f"{quoted(text)} is not a valid {noun}", fix


def quoted(text: str) -> str:
    return '"' + text + '"'


def _num(value: float) -> str:
    return number_text(value)


def number_text(value: Any, grouped: bool = False) -> str:
    """A number as people write it, never in exponent form (``f"{v:g}"`` wrote 13600000 as
    1.36e+07): as typed in a data file (13600000, 6.7, 0.067, 2027), or ``grouped`` for a sentence
    (13,600,000). Anything else (a word, true or false) as ``str`` gives it."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not math.isfinite(value):
        return str(value)
    # repr is the shortest text that reads back as the same float (0.1 + 0.2 → 0.30000000000000004
    # stays so: a sum is rounded by the caller), of a plain float: numpy 2 writes its own as
    # 'np.float64(6.7)'; normalize drops the ".0" of 13600000.0
    written = Decimal(int(value) if isinstance(value, numbers.Integral) else repr(float(value))).normalize()
    return format(written if written else Decimal(0), ",f" if grouped else "f")
