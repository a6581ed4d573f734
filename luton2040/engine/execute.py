"""Run one document's cells and inline expressions in the warm kernel, in document order."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from luton2040 import fences
from luton2040.errors import CURLY_QUOTES, CURLY_QUOTES_FIX, BuildError, InputError, Problem

from .kernel import Kernel, KernelStopped, expression_text
from .source import Cell, Document, Prose, INLINE_OPEN

DEFAULTS = {"echo": True, "warning": True, "eval": True, "output": True, "include": True}
_ANSI = re.compile(r"\x1b\[[0-9;]*m")
_CELL_LINE = re.compile(r"^Cell In\s*\[\d*\],\s*line (\d+)")


@dataclass
class Executed:
    """Outputs by cell number, inline values by index, and what the run read (for the cache)."""

    outputs: dict[str, list[dict]] = field(default_factory=dict)
    inline: list[str] = field(default_factory=list)
    deps: dict = field(default_factory=dict)

    def to_json(self) -> dict:
        return {"outputs": self.outputs, "inline": self.inline, "deps": self.deps}

    @classmethod
    def from_json(cls, data: dict) -> "Executed":
        return cls(data["outputs"], data["inline"], data.get("deps", {}))


def options(cell: Cell | None, doc: Document, config_execute: dict) -> dict:
    """Effective options: cell ``#|`` > front-matter ``execute`` > ``_quarto.yml`` ``execute``."""
    merged = dict(DEFAULTS)
    merged.update(config_execute or {})
    merged.update(doc.meta.get("execute") or {})
    if cell is not None:
        merged.update(cell.options)
    return merged


def _error_line(cell: Cell, error: dict) -> int:
    for frame in error.get("traceback", []):
        m = _CELL_LINE.match(_ANSI.sub("", frame).strip())
        if m and 0 < int(m.group(1)) <= len(cell.line_locs):
            return cell.line_locs[int(m.group(1)) - 1].line
    code_lines = [l for l, t in zip(cell.line_locs, cell.code.splitlines()) if not t.startswith("#|")]
    return (code_lines[0] if code_lines else cell.loc).line


def _fix(code: str, fix: str, error: str) -> str:
    """The fix for a failed cell or expression: straight quotes when the code has curly ones and
    Python could not read it (``error``, e.g. "SyntaxError: invalid character '“' (U+201C)"); a
    curly quote inside a string of code that failed for another reason is the writer's."""
    misread = "SyntaxError" in error or "invalid character" in error
    return CURLY_QUOTES_FIX if misread and any(q in code for q in CURLY_QUOTES) else fix


def _cell_error(cell: Cell, error: dict) -> InputError:
    line = _error_line(cell, error)
    fence_locs = [loc for loc, text in zip(cell.line_locs, cell.code.splitlines()) if fences.opening(text)]
    if error.get("ename") == "SyntaxError" and fence_locs:
        # the cell's closing ``` was left out, so it runs on to the next cell's fence (and the next
        # closing ```): Python is given the words and the next cell's opening line (Quarto does so too)
        fence = fence_locs[0]
        where = f"line {fence.line}" if fence.file == cell.loc.file else f"{fence.file}:{fence.line}"
        return InputError([Problem(cell.loc.file, cell.loc.line, None,
                                   f"the cell opened on this line is not closed before {where}, so "
                                   "Python is given the lines after it as code",
                                   "add a line ``` where the cell's code ends")])
    message = f"Python error in cell: {error.get('ename', 'Error')}: {error.get('evalue', '')}"
    return InputError([Problem(cell.loc.file, line, None, message, _fix(cell.code, "fix the code in this cell", message))])


def _expressions(doc: Document, start: int, stop: int) -> dict[str, str]:
    return {str(i): f"({doc.inlines[i].code}\n)" for i in range(start, stop)}


def _collect(doc: Document, values: list[str], expressions: dict[str, str], results: dict) -> None:
    for key in sorted(expressions, key=int):
        text, error = expression_text(results.get(key, {"status": "error", "ename": "Error",
                                                        "evalue": "no result"}))
        if error:
            inline = doc.inlines[int(key)]
            raise InputError([Problem(inline.loc.file, inline.loc.line, None,
                                      f"Python error in inline expression `{inline.code}`: {error}",
                                      _fix(inline.code, "fix the expression", error))])
        values.append(text.strip())


def run(kernel: Kernel, doc: Document, project_dir: Path, config_execute: dict) -> Executed:
    """Execute ``doc``; raise InputError (file:line) if a cell or inline expression fails."""
    executed = Executed()
    # Inline expressions are evaluated right after the cell that precedes them (or after the
    # namespace reset for those before the first cell): that is document order.
    pending, seen = [], 0
    for block in doc.blocks:
        if isinstance(block, Prose):
            seen += block.text.count(INLINE_OPEN)
        else:
            pending.append((block, seen))
    first_stop = pending[0][1] if pending else len(doc.inlines)
    doc_opts = options(None, doc, config_execute)
    folder = (project_dir / doc.path).parent
    try:
        begin = kernel.begin(folder, bool(doc_opts["warning"]), _expressions(doc, 0, first_stop))
    except KernelStopped as stopped:  # (the kernel died, or its first expressions ran too long)
        raise BuildError(f"{doc.path}:1: {stopped.reason} — fix the document's code, then build again") from None
    if begin.error:
        raise InputError([Problem(doc.path, 1, None, f"could not start the document: {begin.error['evalue']}",
                                  "check the document's folder")])
    _collect(doc, executed.inline, _expressions(doc, 0, first_stop), begin.expressions)
    for i, (cell, start) in enumerate(pending):
        stop = pending[i + 1][1] if i + 1 < len(pending) else len(doc.inlines)
        expressions = _expressions(doc, start, stop)
        opts = options(cell, doc, config_execute)
        if opts["eval"]:
            try:
                result = kernel.execute(cell.code, expressions)
            except KernelStopped as stopped:
                raise BuildError(f"{cell.loc.file}:{cell.loc.line}: cell {cell.number}"
                                 f"{' (' + cell.label + ')' if cell.label else ''}: {stopped.reason} — "
                                 "fix the cell so it finishes quickly, then build again") from None
            if result.error:
                raise _cell_error(cell, result.error)
            executed.outputs[str(cell.number)] = result.outputs
            results = result.expressions
        else:
            try:
                results = kernel.execute("", expressions).expressions if expressions else {}
            except KernelStopped as stopped:
                raise BuildError(f"{cell.loc.file}:{cell.loc.line}: the expressions after cell {cell.number}: "
                                 f"{stopped.reason} — fix them, then build again") from None
        _collect(doc, executed.inline, expressions, results)
    try:
        executed.deps = kernel.finish()
    except KernelStopped as stopped:
        raise BuildError(f"{doc.path}:1: {stopped.reason} — build again; if it happens again, "
                         "check the page's code") from None
    return executed
