"""Quarto pre-render step: refuse to render when data or partner files have problems.

Runs under `quarto render` and `luton2040 build` alike (both call it with the project folder as
the working directory); prints `file:line: problem — fix` lines and exits 1 on any error.
"""
import os
import sys
from pathlib import Path

from luton2040.cli import main

if os.environ.get("LUTON2040_VALIDATED") != "1":  # `luton2040 build` has checked already
    sys.exit(main(["--project", str(Path(__file__).resolve().parent.parent), "check"]))
