"""Quarto pre-render step: refuse to render when data or partner files have problems, then write the
website's generated files (each edition's partner contributions for the chapters to include, a page,
chart and CSV per measure, styles/priorities.css, the data zip).

Runs under `quarto render` and `luton2040 build` alike (both call it with the project folder as
the working directory); prints `file:line: problem — fix` lines and exits 1 on any error. A full
`quarto render` has emptied the output folder before this step runs: on an error the step puts back
the site the last build or render published (luton2040/engine/kept_output.py), so bad input leaves it intact.
"""
import os
import sys
from pathlib import Path

from luton2040 import pre_render_cache

ROOT = Path(__file__).resolve().parent.parent
CHECKED_VARIABLE = "LUTON2040_CHECKED"  # luton2040.build.CHECKED_VARIABLE (not imported: see generate)


def generate() -> int:
    """Write the generated files, step by step (``pre_render_cache.STEPS``) — or, for a step
    nothing its files are made from has changed since its last run, put that run's files back
    (luton2040/pre_render_cache.py) without importing the rest."""
    messages = []
    for step in pre_render_cache.STEPS:
        try:
            messages.append(pre_render_cache.run(ROOT, Path(__file__), step, WRITERS[step]))
        except Exception as error:
            from luton2040.errors import Luton2040Error

            if not isinstance(error, Luton2040Error):  # a bug, shown as such
                raise
            for line in error.lines():
                print(line, file=sys.stderr)
            return 1
    print("\n".join(messages))
    return 0


def contributions() -> str:
    """Each edition's partner contributions, for the chapters to include (site/contributions.py)."""
    from luton2040.site.contributions import pre_render_step

    return pre_render_step(ROOT)


def site() -> str:
    """A page, chart and CSV per measure, the priorities stylesheet and the data zip (site/pages.py)."""
    from luton2040.data.editions import current
    from luton2040.data.load import load
    from luton2040.site.pages import write_site_files

    everything = load(ROOT)
    edition = current(everything)
    data = everything.for_edition(edition)  # a past edition: the measures it reported, no later ones
    written = write_site_files(data, edition)
    return (f"pre-render: {len(data.measures)} measure pages ({written.charts} charts), "
            "styles/priorities.css and the data zip")


WRITERS = {"contributions": contributions, "site": site}


def put_back_the_published_site() -> None:
    """After a refusal under a full `quarto render`: Quarto removed the output folder before running
    this step (quarto-cli src/command/render/project.ts), so put back the copy the last successful
    build or render kept. (`luton2040 build` never touches the published folder until it succeeds.)"""
    from luton2040.engine.kept_output import restore

    out = Path(os.environ["QUARTO_PROJECT_OUTPUT_DIR"])
    shown = out.relative_to(ROOT) if out.is_absolute() and out.is_relative_to(ROOT) else out
    if restore(ROOT, out):
        print(f"pre-render: {shown}/ is put back as the last successful build or render left it", file=sys.stderr)
    elif not (ROOT / out).is_dir():
        print(f"pre-render: {shown}/ is not there (a full quarto render empties it before this step) and no "
              "earlier build or render of it was kept to put back — fix the problems above and render again",
              file=sys.stderr)


if __name__ == "__main__":
    # Under `quarto render` (not `luton2040 build`, which has checked already and publishes nothing
    # until it succeeds) a full render has emptied the output folder before this step.
    under_quarto = os.environ.get(CHECKED_VARIABLE) != "1"
    emptied = under_quarto and os.environ.get("QUARTO_PROJECT_RENDER_ALL") == "1" \
        and "QUARTO_PROJECT_OUTPUT_DIR" in os.environ
    status = 1  # until the step has finished (an exception is a failure too)
    try:
        if under_quarto and "QUARTO_PROJECT_OUTPUT_DIR" in os.environ:
            # Quarto writes some files of the output folder in place: first give each file shared
            # with the kept copy or a frozen edition (hard links) bytes of its own
            from luton2040.engine.kept_output import unshare

            unshare(ROOT / os.environ["QUARTO_PROJECT_OUTPUT_DIR"])
        if under_quarto:
            from luton2040.cli import main

            status = main(["--project", str(ROOT), "check"])
            if status:
                sys.exit(status)
        status = generate()
    finally:
        if status and emptied:
            put_back_the_published_site()
    sys.exit(status)
