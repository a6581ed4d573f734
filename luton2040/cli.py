"""The `luton2040` command: check the data, build the site and PDF.

Thin commands over the package; `main(argv)` is testable without a subprocess. Every expected
problem is a Luton2040Error and is printed as clean `file:line: what — fix` lines with exit code 1;
anything unexpected keeps its traceback (use --debug to see it in full).
"""
from __future__ import annotations

import argparse
import inspect
import sys
import time
from pathlib import Path

from luton2040.errors import WORDS_NOT_CHECKED, InputError, Luton2040Error, os_error_lines

EPILOG = """examples:
  luton2040 check              check data/ and partners/ and list every problem
  luton2040 build              build the website and the PDF into _site/
  luton2040 build --quiet      the same, printing only problems and the summary line
  luton2040 new-edition 2026   start next year's report (edition file, profile, checklist)
  luton2040 notebooks          after an intended change, store the new published numbers as the reference
  luton2040 serve              preview on http://127.0.0.1:4040/, rebuilding on every save
"""


def command_check(args: argparse.Namespace) -> int:
    """Validate data/, partners/ and _quarto.yml with its profiles: print every problem at once;
    exit 1 if any is an error."""
    from luton2040.build import check_project
    from luton2040.data.load import find_root

    root = find_root(args.project)
    problems = check_project(root)
    for problem in problems:
        print(problem, file=sys.stderr)
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        print(f"{len(errors)} problem(s) found; nothing was built.", file=sys.stderr)
        if not problems.words_checked:
            print(WORDS_NOT_CHECKED, file=sys.stderr)
        return 1
    print(f"Data and partner files are valid ({len(problems)} warning(s)).")
    return 0


def command_build(args: argparse.Namespace) -> int:
    """Check everything, then render the site and the PDF of every edition into the output folder
    (the newest at its root, older ones under <year>/), or of one edition with --edition."""
    from luton2040.build import build_project
    from luton2040.data.editions import requested_year
    from luton2040.data.load import find_root
    from luton2040.engine.config import load as load_config
    from luton2040.progress_display import ProgressDisplay, summary

    root = find_root(args.project)
    # The one rule for which edition (editions.requested_year); each build's Quarto profile then
    # names its edition to its scripts and cells, ahead of anything else in the environment.
    edition = args.edition if args.edition is not None else requested_year()
    started = time.perf_counter()
    display = ProgressDisplay(len(load_config(root).files), enabled=False if args.quiet else None)
    try:
        # On a terminal the progress line reports the PDF step, so scripts' own output is hidden.
        result, checked = build_project(root, quiet=args.quiet or display.enabled, progress=display,
                                        edition=edition)
    finally:
        display.clear()
    print(summary(result, result.output_dir, time.perf_counter() - started, checked))
    return 0


def command_new_edition(args: argparse.Namespace) -> int:
    """Start next year's report: data/editions/<year>.yml and _quarto-<year>.yml from the newest
    edition's (year, dates, title and PDF name moved on), the partner template's year, each chapter's
    prose copied to _prose/<year>/ with its own block in the page, and a checklist of measures still
    waiting for new data. Example: luton2040 new-edition 2026
    """
    import datetime as dt

    from luton2040.data.load import find_root, load
    from luton2040.scaffold import plan, write

    root = find_root(args.project)
    data = load(root)
    p = plan(root, data, args.year, dt.date.today())
    written = write(root, p)
    print(f"Started the {p.year} edition:")
    for rel in written:
        print(f"  wrote {rel}")
    print(f"\nTo do before building the {p.year} report:")
    print(f"  [ ] review data/editions/{p.year}.yml: subtitle, dates, welcome author, focus areas")
    if p.late:
        print(f"  [ ] set the day the {p.year} report will be published: a year after the last one would be "
              f"{p.late.day} {p.late:%B %Y}, already past, so {p.published.day} {p.published:%B %Y} is written for now "
              "(a past day would make every build warn that it changes a published report)")
    if p.pages:
        print(f"  [ ] rewrite each chapter's words for {p.year} in its _prose/{p.year}/ file (copied from the "
              "last edition's, whose own files must stay as published)")
    print(f"  [ ] add the {p.year} highlight tiles to data/highlights.csv (edition {p.year})")
    print(f"  [ ] add the {p.year} value of each figure the words quote to data/figures.csv (id <id>-{p.year}, "
          f"edition {p.year}); `luton2040 check` lists them")
    print(f"  [ ] add new rows to data/observations.csv (never overwrite last year's): a figure for an earlier "
          f"period, such as last year's wages, is reported from {p.year} on")
    record = next((rel for rel in written if rel.endswith("-observations.csv")), None)
    if record:
        print(f"  [x] {record} records the figures that report used; commit it and never edit it")
    files = next((rel for rel in written if rel.endswith("-files.sha256")), None)
    if files:
        print(f"  [x] {files} records that report's own prose, partner files, tiles, progress items and figures: "
              "`luton2040 check` refuses an edit to them; commit it and never edit it")
    print(f"  [ ] write each chapter's progress items in data/progress_notes.csv (edition {p.year}); "
          "`luton2040 check` says where the data puts each measure")
    print(f"  [ ] partner contributions: new files with `edition: {p.year}` (template in partners/README.md)")
    if p.stale:
        print(f"  [ ] measures with no value in the year before the new cut-off ({len(p.stale)}):")
        for line in p.stale:
            print(f"        {line}")
    print("  [ ] luton2040 check, then luton2040 build")
    return 0


def command_serve(args: argparse.Namespace) -> int:
    """Preview the report at http://127.0.0.1:4040/ and rebuild it whenever a file is saved.

    Watches data/, partners/, chapters/, appendix/, the .qmd files, _quarto.yml, styles/ and
    figures/. A problem is shown at the top of the page in the browser as well as here; the page
    reloads itself after each rebuild. Stop with Ctrl+C. Example: luton2040 serve --port 8000
    """
    from luton2040.data.load import find_root
    from luton2040.serve import Preview

    return Preview(find_root(args.project), port=args.port, interval=args.interval, edition=args.edition).run()


def command_notebooks(args: argparse.Namespace) -> int:
    """Re-run every book page and store it as a reference notebook in tests/notebooks/.

    The tests re-run these notebooks and fail when any published number differs, so do this only
    after a change that is meant to alter the report's figures, and commit the notebooks with it.
    Example: luton2040 notebooks && git diff --stat tests/notebooks
    """
    from luton2040.build import check_project
    from luton2040.data.load import find_root
    from luton2040.notebooks import NOTEBOOK_DIR, refresh

    root = find_root(args.project)
    started = time.perf_counter()
    problems = check_project(root)
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise InputError(errors, words_checked=problems.words_checked)
    written = refresh(root)
    print(f"Stored {len(written)} notebooks in {NOTEBOOK_DIR}/ in {time.perf_counter() - started:.1f} s.")
    return 0


def _ranged(kind, low, high, what: str):
    """An argparse type: a ``kind`` number from ``low`` to ``high``, else a clean usage error."""
    def convert(text: str):
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"'{text}' is not {what}") from None
        if not (low <= value <= high):
            raise argparse.ArgumentTypeError(f"{text} is not {what} (use {low} to {high})")
        return value
    return convert


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="luton2040", description=__doc__.splitlines()[0], epilog=EPILOG,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--project", type=Path, default=None, help="project folder (default: the one you are in)")
    p.add_argument("--debug", action="store_true", help="show full tracebacks")
    sub = p.add_subparsers(dest="command", required=True)
    check = sub.add_parser("check", help=command_check.__doc__, description=command_check.__doc__)
    check.set_defaults(run=command_check)
    build = sub.add_parser("build", help=command_build.__doc__, description=command_build.__doc__)
    build.add_argument("--quiet", action="store_true", help="print only problems and the summary line")
    build.add_argument("--edition", type=int, default=None,
                       help="build only this edition, at the root of the output folder (default: every edition)")
    build.set_defaults(run=command_build)
    new = sub.add_parser("new-edition", help=command_new_edition.__doc__.splitlines()[0],
                         description=inspect.cleandoc(command_new_edition.__doc__),
                         formatter_class=argparse.RawDescriptionHelpFormatter)
    new.add_argument("year", type=_ranged(int, 2000, 2100, "a year"), help="the new edition's year, e.g. 2026")
    new.set_defaults(run=command_new_edition)
    notebooks = sub.add_parser("notebooks", help=command_notebooks.__doc__.splitlines()[0],
                               description=inspect.cleandoc(command_notebooks.__doc__),
                               formatter_class=argparse.RawDescriptionHelpFormatter)
    notebooks.set_defaults(run=command_notebooks)
    serve = sub.add_parser("serve", help=command_serve.__doc__.splitlines()[0], description=command_serve.__doc__,
                           formatter_class=argparse.RawDescriptionHelpFormatter)
    serve.add_argument("--port", type=_ranged(int, 0, 65535, "a port number"), default=4040, help="port on 127.0.0.1 (default: 4040; 0 picks a free one)")
    serve.add_argument("--interval", type=_ranged(float, 0.1, 3600, "a number of seconds"), default=0.1, help="seconds between checks for saved files")
    serve.add_argument("--edition", type=int, default=None,
                       help="preview this edition, at the root (default: the newest; other editions are not rebuilt)")
    serve.set_defaults(run=command_serve)
    return p


def _terminate(signum, frame):
    raise KeyboardInterrupt  # SIGTERM stops a build as Ctrl+C does: staging removed, _site/ untouched


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    import signal
    import threading

    in_main = threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGTERM, _terminate) if in_main else None
    try:
        return args.run(args)
    except Luton2040Error as err:
        if args.debug:
            raise
        for line in err.lines():
            print(line, file=sys.stderr)
        if isinstance(err, InputError):
            done = "; nothing was built." if args.command in ("build", "serve") else "; nothing was changed."
            print(f"{len(err.problems)} problem(s) found{done}", file=sys.stderr)
            if not err.words_checked:
                print(WORDS_NOT_CHECKED, file=sys.stderr)
        return 1
    except OSError as err:
        if args.debug:
            raise
        for line in os_error_lines(err):
            print(line, file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("Interrupted; the previous _site/ is unchanged.", file=sys.stderr)
        return 130
    finally:
        if in_main:
            signal.signal(signal.SIGTERM, previous)


if __name__ == "__main__":
    sys.exit(main())
