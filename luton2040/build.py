"""The build API: check everything, then render the site and PDF of every edition, or of one.

`luton2040 build`, `luton2040 serve`, the render scripts and the tests call this module; the CLI
only parses arguments and prints. (``luton2040.engine`` is the generic renderer underneath.)
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

from .errors import InputError, Problem

#: What `luton2040 build` tells the project's render scripts, one variable per request, given to
#: the scripts alone (never set in this process): the inputs were just checked, so the pre-render
#: step need not check them again; the generated measure-page sources may be removed afterwards
#: (under `quarto preview` they must stay).
CHECKED_VARIABLE = "LUTON2040_CHECKED"
TIDY_VARIABLE = "LUTON2040_TIDY_SOURCES"


def check_project(root: Path) -> list[Problem]:
    """Every problem `luton2040 build` stops at before rendering anything, errors and warnings: the
    data, partner and edition files (``validate``) and ``_quarto.yml`` with each edition's profile
    merged in, as the build will read it — so a broken profile is found before the first edition
    is rendered, and `luton2040 check` finds it too."""
    from .validate import validate_project

    problems = validate_project(root)
    problems += [p for p in _config_problems(root) if p not in problems]
    return sorted(problems, key=lambda p: (p.file, p.line or 0, p.column or "", p.message))


def _config_problems(root: Path) -> list[Problem]:
    from .editions import profiles_for
    from .engine import config
    from .load import load_editions

    # From the edition files alone, so a data problem elsewhere does not hide a profile's problems.
    profiles = [profile for _, profile, _ in profiles_for(load_editions(root)[0])] or [None]
    found: list[Problem] = []
    for profile in profiles:
        try:
            config.load(root, profile)
        except InputError as err:
            found += [p for p in err.problems if p not in found]
    return found


def build_project(root: Path, *, quiet: bool = False, progress=None, edition: int | None = None):
    """Validate, then build; returns (BuildResult, seconds spent checking). Raises Luton2040Error.

    Without ``edition``, every edition that has a data/editions/<year>.yml is built: the newest at
    the root of the output folder, each older one under <year>/ with the past-edition banner. With
    it, that edition alone, at the root. Warnings are printed to stderr; the output folder is
    replaced only when everything succeeded.
    """
    from .editions import profiles_to_build
    from .engine.build import build, build_set
    from .load import load

    started = time.perf_counter()
    problems = check_project(root)
    for warning in (p for p in problems if p.severity != "error"):
        print(warning, file=sys.stderr)
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise InputError(errors)
    checked = time.perf_counter() - started
    script_env = {CHECKED_VARIABLE: "1", TIDY_VARIABLE: "1"}
    data = load(root)
    if edition is not None:
        data.edition(edition)  # a clean message when there is no such edition
        return build(root, quiet=quiet, progress=progress, profile=str(edition), script_env=script_env), checked
    builds = [(profile, folder) for _, profile, folder in profiles_to_build(data)]
    return build_set(root, builds, quiet=quiet, progress=progress, script_env=script_env), checked
