"""The `luton2040` command: check the data, build the site and PDF.

Thin commands over the package; `main(argv)` is testable without a subprocess. Every expected
problem is a Luton2040Error and is printed as clean `file:line: what — fix` lines with exit code 1;
anything unexpected keeps its traceback (use --debug to see it in full).
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from .errors import InputError, Luton2040Error

EPILOG = """examples:
  luton2040 check              check data/ and partners/ and list every problem
  luton2040 build              build the website and the PDF into _site/
  luton2040 build --quiet      the same, printing only problems and the summary line
"""


def command_check(args: argparse.Namespace) -> int:
    """Validate data/ and partners/: print every problem at once; exit 1 if any is an error."""
    from .load import find_root
    from .validate import validate_project

    root = find_root(args.project)
    problems = validate_project(root)
    for problem in problems:
        print(problem, file=sys.stderr)
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        print(f"{len(errors)} problem(s) found; nothing was built.", file=sys.stderr)
        return 1
    print(f"Data and partner files are valid ({len(problems)} warning(s)).")
    return 0


def command_build(args: argparse.Namespace) -> int:
    """Check everything, then render the site and the PDF into the project's output folder."""
    from .engine import build
    from .load import find_root
    from .validate import validate_project

    root = find_root(args.project)
    if args.edition:
        os.environ["LUTON2040_EDITION"] = str(args.edition)
    started = time.perf_counter()
    problems = validate_project(root)
    for warning in (p for p in problems if p.severity != "error"):
        print(warning, file=sys.stderr)
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise InputError(errors)
    # The pre-render step validates for `quarto render`; we have just done it, so skip it there.
    os.environ["LUTON2040_VALIDATED"] = "1"
    result = build(root, quiet=args.quiet)
    seconds = time.perf_counter() - started
    print(f"Built {len(result.pages)} pages into {result.output_dir.name}/ ({len(result.executed)} executed, "
          f"{len(result.cached)} from cache) in {seconds:.1f} s.")
    return 0


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
    build.add_argument("--edition", type=int, default=None, help="edition year (default: the newest)")
    build.set_defaults(run=command_build)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.run(args)
    except Luton2040Error as err:
        if args.debug:
            raise
        for line in err.lines():
            print(line, file=sys.stderr)
        if isinstance(err, InputError):
            print(f"{len(err.problems)} problem(s) found; nothing was built.", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("Interrupted; the previous _site/ is unchanged.", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
