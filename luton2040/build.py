"""The build API: check everything, then render the site and PDF of every edition, or of one.

`luton2040 build`, `luton2040 serve`, the render scripts and the tests call this module; the CLI
only parses arguments and prints. (``luton2040.engine`` is the generic renderer underneath.)
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

from .errors import InputError

#: What `luton2040 build` tells the project's render scripts, given to the scripts alone (never set
#: in this process): the inputs were just checked, so the pre-render step need not check them again.
CHECKED_VARIABLE = "LUTON2040_CHECKED"


def build_project(root: Path, *, quiet: bool = False, progress=None, edition: int | None = None):
    """Validate, then build; returns (BuildResult, seconds spent checking). Raises Luton2040Error.

    Without ``edition``, every edition that has a data/editions/<year>.yml is built: the newest at
    the root of the output folder, each older one under <year>/ with the past-edition banner. With
    it, that edition alone, at the root. Warnings are printed to stderr; the output folder is
    replaced only when everything succeeded.
    """
    from .editions import profiles_to_build
    from .engine.build import build, build_set, recover_output
    from .load import load
    from .validate import validate_project

    recover_output(root)  # a build killed mid-swap left no output folder: put it back first
    started = time.perf_counter()
    problems = validate_project(root)
    for warning in (p for p in problems if p.severity != "error"):
        print(warning, file=sys.stderr)
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise InputError(errors)
    checked = time.perf_counter() - started
    script_env = {CHECKED_VARIABLE: "1"}
    data = load(root)
    if edition is not None:
        data.edition(edition)  # a clean message when there is no such edition
        return build(root, quiet=quiet, progress=progress, profile=str(edition), script_env=script_env), checked
    builds = [(profile, folder) for _, profile, folder in profiles_to_build(data)]
    return build_set(root, builds, quiet=quiet, progress=progress, script_env=script_env), checked
