"""Quarto pre-render step: refuse to render when data or partner files have problems, then write the
website's generated files (a page, chart and CSV per measure, styles/priorities.css, the data zip).

Runs under `quarto render` and `luton2040 build` alike (both call it with the project folder as
the working directory); prints `file:line: problem — fix` lines and exits 1 on any error.
"""
import os
import sys
from pathlib import Path

from luton2040.build import CHECKED_VARIABLE
from luton2040.cli import main
from luton2040.errors import Luton2040Error

ROOT = Path(__file__).resolve().parent.parent


def generate() -> int:
    from luton2040.data.load import load
    from luton2040.site.pages import write_site_files
    from luton2040.data.editions import current

    try:
        data = load(ROOT)
        written = write_site_files(data, current(data))
    except Luton2040Error as error:
        for line in error.lines():
            print(line, file=sys.stderr)
        return 1
    print(f"pre-render: {len(data.measures)} measure pages ({written.charts_drawn} charts redrawn), "
          "styles/priorities.css and the data zip")
    return 0


if __name__ == "__main__":
    if os.environ.get(CHECKED_VARIABLE) != "1":  # `luton2040 build` has checked already
        status = main(["--project", str(ROOT), "check"])
        if status:
            sys.exit(status)
    sys.exit(generate())
