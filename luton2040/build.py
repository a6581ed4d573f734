"""The build API: check everything, then render the site and PDF of every edition, or of one.

`luton2040 build`, `luton2040 serve`, the render scripts and the tests call this module; the CLI
only parses arguments and prints. (``luton2040.engine`` is the generic renderer underneath.)
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

from luton2040.errors import InputError, Problem

#: What `luton2040 build` tells the project's render scripts, one variable per request, given to
#: the scripts alone (never set in this process): the inputs were just checked, so the pre-render
#: step need not check them again; the generated measure-page sources may be removed afterwards
#: (under `quarto preview` they must stay: scripts/tidy_sources.py).
CHECKED_VARIABLE = "LUTON2040_CHECKED"
TIDY_VARIABLE = "LUTON2040_TIDY_SOURCES"


def check_project(root: Path) -> list[Problem]:
    """Every problem `luton2040 build` stops at before rendering anything, errors and warnings, one
    pass then one abort: the data, partner and edition files and ``_quarto.yml`` with each
    edition's profile merged in, as the build will read it (``data.validate``); figures typed
    into chapter prose (``compute.stale``, warnings); and, when the inputs are sound, the words the
    chapters and progress items use (``compute.prose_check``)."""
    # imported only when the inputs changed since the last check
    from luton2040.compute.prose_check import check_project as check_words
    from luton2040.compute.stale import hand_typed
    from luton2040.data.validate import validate_project

    problems = validate_project(root) + hand_typed(root)
    if not any(p.severity == "error" for p in problems):
        problems += check_words(root)
    return sorted(problems, key=lambda p: (p.file, p.line or 0, p.column or "", p.message))


def build_project(root: Path, *, quiet: bool = False, progress=None, edition: int | None = None,
                  preview: bool = False):
    """Validate, then build; returns (BuildResult, seconds spent checking). Raises Luton2040Error.

    Without ``edition``, every edition that has a data/editions/<year>.yml is built: the newest at
    the root of the output folder, each older one under <year>/ with the past-edition banner. With
    it, that edition alone, at the root. Warnings are printed to stderr; the output folder is
    replaced only when everything succeeded.

    ``preview`` (``serve``) builds only the edition being previewed: the others are reused from the
    cache when unchanged, else kept as they were, and nothing built is stored as frozen (its PDF
    comes later: see serve.py).
    """
    from luton2040.data.editions import profiles_to_build
    from luton2040.data.load import load
    from luton2040.engine.build import build_set, recover_output
    from luton2040.engine.config import load as load_config
    from luton2040.freeze import Inputs, checked

    recover_output(root)  # a build killed mid-swap left no output folder: put it back first
    started = time.perf_counter()
    inputs = Inputs(root, str(load_config(root).output_dir))
    problems = checked(inputs, check_project)  # reused while no input or code has changed
    for warning in (p for p in problems if p.severity != "error"):
        print(warning, file=sys.stderr)
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise InputError(errors)
    seconds = time.perf_counter() - started
    script_env = {CHECKED_VARIABLE: "1", TIDY_VARIABLE: "1"}
    data = load(root)
    if edition is not None:
        plan = [(data.edition(edition), str(edition), "")]  # a clean message when there is no such edition
    else:
        plan = profiles_to_build(data)
    # Each edition's output is reused byte for byte while its inputs are unchanged (see freeze.py).
    keys = inputs.edition_keys([(e, profile) for e, profile, _ in plan])
    builds = [(profile, folder) for _, profile, folder in plan]
    keys = {folder: keys[profile] for _, profile, folder in plan}
    carry = {folder for _, _, folder in plan if folder} if preview else set()
    if preview:
        keys = {folder: key for folder, key in keys.items() if folder in carry}
    return build_set(root, builds, quiet=quiet, progress=progress, keys=keys, carry=carry,
                     script_env=script_env), seconds
