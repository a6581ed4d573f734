"""Run the `luton2040` command in this process, as a user would type it, and keep what it says."""
from __future__ import annotations

import contextlib
import io

from luton2040.cli import main


def run(*argv) -> tuple[int, str, str]:
    """`luton2040 *argv`: its exit code, standard output and standard error."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(argv))
    return code, out.getvalue(), err.getvalue()
