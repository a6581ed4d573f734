"""Shared test set-up: nbval checks of the stored notebooks, and copies of the real project.

Every ``tests/notebooks/**/*.ipynb`` is collected as an nbval test (as if ``--nbval`` were given
for that folder only), with volatile output masked by ``tests/notebooks/sanitize.cfg``. Refresh
the notebooks on purpose with ``luton2040 notebooks``.
"""
from __future__ import annotations

import contextlib
import io
from pathlib import Path

import pytest

from editions_helpers import overlay
from project_copy import copy_project, warm_copy

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "tests" / "notebooks"
SANITIZE = NOTEBOOKS / "sanitize.cfg"


def pytest_configure(config: pytest.Config) -> None:
    # nbval reads this option for every notebook it checks, including those collected below.
    if not getattr(config.option, "nbval_sanitize_with", None):
        config.option.nbval_sanitize_with = str(SANITIZE)


def pytest_collect_file(file_path: Path, parent: pytest.Collector):
    """Collect the stored notebooks with nbval, without needing --nbval on the command line."""
    option = parent.config.option
    if getattr(option, "nbval", False) or getattr(option, "nbval_lax", False):
        return None  # nbval collects them itself
    if file_path.suffix == ".ipynb" and NOTEBOOKS in file_path.parents:
        from nbval.plugin import IPyNbFile
        return IPyNbFile.from_parent(parent, path=file_path)
    return None


@pytest.fixture
def project_copy(tmp_path: Path) -> Path:
    """A fresh copy of the real project (sources and reference notebooks) in tmp_path."""
    return copy_project(tmp_path / "project")


@pytest.fixture(scope="session")
def built_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the real project built once with `luton2040 build` (read-only: copy it to change it)."""
    from luton2040.cli import main

    project = copy_project(tmp_path_factory.mktemp("built") / "project")
    errors = io.StringIO()
    with pytest.MonkeyPatch.context() as patch, contextlib.redirect_stderr(errors):
        patch.delenv("LUTON2040_EDITION", raising=False)
        code = main(["--project", str(project), "build", "--quiet"])
    assert code == 0, "the real project does not build:\n" + errors.getvalue()
    return project


@pytest.fixture(scope="session")
def two_editions(built_project: Path, tmp_path_factory: pytest.TempPathFactory):
    """(project, build result): a warm copy of ``built_project`` with the sample 2026 edition laid over
    it (tests/editions_helpers.py), built once: 2026 at the root of _site/ and 2025 as a past edition
    under 2025/. Read-only: copy it (``warm_copy``) to change it."""
    from luton2040.build import build_project

    project = overlay(warm_copy(built_project, tmp_path_factory.mktemp("two-editions") / "project"))
    with pytest.MonkeyPatch.context() as patch, contextlib.redirect_stderr(io.StringIO()), \
            contextlib.redirect_stdout(io.StringIO()):
        patch.delenv("LUTON2040_EDITION", raising=False)
        patch.delenv("QUARTO_PROFILE", raising=False)
        result, _ = build_project(project, quiet=True)  # raises Luton2040Error if it does not build
    return project, result
