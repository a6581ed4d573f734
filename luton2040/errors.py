"""The project's errors: one base class the CLI catches, and a Problem record for data and input errors."""
from __future__ import annotations

from dataclasses import dataclass

#: Quotes a word processor or an editor's "smart quotes" puts in place of the ' and " Python needs,
#: and what to do about them (code that failed to read with them: engine/execute.py, and the check
#: of inline expressions, compute/expression_ids.py).
CURLY_QUOTES = "\u201c\u201d\u2018\u2019"
CURLY_QUOTES_FIX = ("type straight quotes (\" or ') instead of curly ones (\u201c \u201d \u2018 \u2019): the editor "
                    "changed them, so turn off its smart quotes")


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with an input file, located as precisely as we can.

    ``line`` is 1-based (the header row of a CSV is line 1); ``column`` is a column *name* for CSV
    files, or ``None``. ``fix`` says what the editor should do about it.
    """

    file: str
    line: int | None
    column: str | None
    message: str
    fix: str = ""
    severity: str = "error"  # "error" stops the build; "warning" is reported only

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
        if self.column:
            where += f":{self.column}"
        text = f"{where}: {self.message}"
        if self.fix:
            text += f" — {self.fix}"
        if self.severity == "warning":
            text = "warning: " + text
        return text


def in_order(problem: Problem) -> tuple:
    """Where a problem is listed: by file, then by line, with a file's problems that name no line
    (a published row missing, shares that do not add up) after those that do. A row's own problem
    (a bad date on line 11) is often the cause of a file-wide one, and the README says to fix the
    problems from the top."""
    return (problem.file, problem.line is None, problem.line or 0, problem.column or "", problem.message)


#: What the summary of a refused check adds when it stopped before the words: the chapters' words,
#: progress items and tiles are checked against the data only once every file reads without error.
WORDS_NOT_CHECKED = ("The words of the chapters, progress items and tiles were not checked yet: they will be "
                     "once the problems above are fixed.")


class Checked(list):
    """The problems a check found (``Problem`` records), and whether it got as far as the words
    (``words_checked``): ``build.check_project`` checks them only when no file has an error."""

    def __init__(self, problems=(), words_checked: bool = True) -> None:
        super().__init__(problems)
        self.words_checked = words_checked


class Luton2040Error(Exception):
    """Base class for every error the CLI reports as clean lines (no traceback)."""

    def lines(self) -> list[str]:
        return [str(self)]


class InputError(Luton2040Error):
    """One or more problems in the files people edit (data, partner texts, chapters)."""

    def __init__(self, problems: list[Problem], words_checked: bool = True):
        self.problems = sorted(problems, key=lambda p: in_order(p)[:-1])  # (one line's keep their order)
        self.words_checked = words_checked  # False: a check stopped before the words (``Checked``)
        super().__init__("\n".join(str(p) for p in self.problems))

    def lines(self) -> list[str]:
        return [str(p) for p in self.problems]


class BuildError(Luton2040Error):
    """The build could not finish (a chapter failed to execute, pandoc or WeasyPrint failed…)."""


def os_error_lines(err: OSError) -> list[str]:
    """A file-system failure (disk full, read-only or undeletable folder…) as one clean line."""
    import errno

    where = err.filename or "the project folder"
    fixes = {errno.ENOSPC: "free some disk space, then build again",
             errno.EDQUOT: "free some disk space, then build again",
             errno.EROFS: "the disk is read-only: build in a writable folder",
             errno.EACCES: "make the folder writable (check its permissions), then build again",
             errno.EPERM: "make the folder writable and not immutable (chattr -i), then build again"}
    fix = fixes.get(err.errno, "check the folder and try again")
    return [f"{where}: {err.strerror or err} — {fix}"]
