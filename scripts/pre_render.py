"""Quarto pre-render step: refuse to render when data or partner files have problems, then write the
website's generated files (a page, chart and CSV per measure, styles/priorities.css, the data zip).

Runs under `quarto render` and `luton2040 build` alike (both call it with the project folder as
the working directory); prints `file:line: problem — fix` lines and exits 1 on any error.
"""
import os
import sys
from pathlib import Path

from luton2040 import pre_render_cache

ROOT = Path(__file__).resolve().parent.parent
CHECKED_VARIABLE = "LUTON2040_CHECKED"  # luton2040.build.CHECKED_VARIABLE (not imported: see generate)


def generate() -> int:
    """Write the generated files — or, when nothing they are made from has changed since the last
    run, put that run's files back (luton2040/pre_render_cache.py) without importing the rest."""
    reused = pre_render_cache.restore(ROOT, Path(__file__))
    if reused is not None:
        print(reused)
        return 0
    recorder = pre_render_cache.Recorder(ROOT)
    from luton2040.data.editions import current
    from luton2040.errors import Luton2040Error
    from luton2040.data.load import load
    from luton2040.site.pages import write_site_files

    try:
        data = load(ROOT)
        written = write_site_files(data, current(data))
    except Luton2040Error as error:
        for line in error.lines():
            print(line, file=sys.stderr)
        return 1
    message = (f"pre-render: {len(data.measures)} measure pages ({written.charts} charts), "
               "styles/priorities.css and the data zip")
    pre_render_cache.store(ROOT, Path(__file__), recorder, message)
    print(message)
    return 0


if __name__ == "__main__":
    if os.environ.get(CHECKED_VARIABLE) != "1":  # `luton2040 build` has checked already
        from luton2040.cli import main

        status = main(["--project", str(ROOT), "check"])
        if status:
            sys.exit(status)
    sys.exit(generate())
