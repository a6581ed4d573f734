"""Shared test set-up: nbval checks of the stored notebooks, and copies of the real project.

Every ``tests/notebooks/**/*.ipynb`` is collected as an nbval test (as if ``--nbval`` were given
for that folder only), with volatile output masked by ``tests/notebooks/sanitize.cfg``. Refresh
the notebooks on purpose with ``luton2040 notebooks``.
"""
from __future__ import annotations

import contextlib
import io
import os
from pathlib import Path

import pytest

from editions_helpers import edit_2026, overlay
from pdf_text import pdf_text
from project_copy import copy_project, warm_copy
from shared_builds import once

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


#: The shared results that take a minute or more to make (shared_builds.py), by when they are ready:
#: the two-edition builds (built from nothing, needing no other build), then the browser's visit of
#: every page (tests/site/conftest.py), which needs ``built_project`` built first.
SLOW_SHARED = ("two_editions", "visits")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Under pytest-xdist (``./run-tests``: ``-n auto --dist loadfile --no-loadscope-reorder``, each
    file to one worker, files handed out in this order): first the first file that needs each slow
    shared result, so that the workers make them side by side from the start; then the other files
    that need one that is ready early (only the two-edition builds: long files, better started
    early than left for last, when one process would run them alone); then the files that need
    none; last the files that need the browser's visits, ready last."""
    if "PYTEST_XDIST_WORKER" not in os.environ:
        return
    def file_of(item: pytest.Item) -> str:
        return item.nodeid.split("::", 1)[0]
    first = {}
    needs: dict[str, set[str]] = {}
    for item in items:
        info = getattr(item, "_fixtureinfo", None)  # notebook cells have none
        for name in SLOW_SHARED:
            defs = info.name2fixturedefs.get(name, ()) if info else ()
            if defs and defs[-1].scope == "session":  # not a test module's own fixture of that name
                first.setdefault(name, file_of(item))
                needs.setdefault(file_of(item), set()).add(name)
    starters = list(dict.fromkeys(first.values()))

    def rank(item: pytest.Item) -> int:
        file = file_of(item)
        if file in starters:
            return starters.index(file)
        latest = max((SLOW_SHARED.index(name) for name in needs.get(file, ())), default=None)
        if latest is None:
            return len(starters) + 1
        return len(starters) + (2 if latest == len(SLOW_SHARED) - 1 else 0)
    items.sort(key=rank)


@pytest.fixture
def in_project(monkeypatch: pytest.MonkeyPatch) -> None:
    """Run in the real project's folder with no edition asked for, as a chapter's cells run (a test
    file asks for it with ``pytestmark = pytest.mark.usefixtures("in_project")``)."""
    monkeypatch.chdir(ROOT)
    monkeypatch.delenv("LUTON2040_EDITION", raising=False)


@pytest.fixture(scope="module")
def data():
    """The real project's data, read once per test file."""
    from luton2040.data.load import load
    return load(ROOT)


@pytest.fixture
def project_copy(tmp_path: Path) -> Path:
    """A fresh copy of the real project (sources and reference notebooks) in tmp_path."""
    return copy_project(tmp_path / "project")


@pytest.fixture(scope="session")
def built_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the real project built from nothing with `luton2040 build`, once per test run
    (shared_builds.py). Read-only: copy it (``warm_copy``) to change it."""
    def make(folder: Path) -> Path:
        from luton2040.cli import main

        project = copy_project(folder / "project")
        errors = io.StringIO()
        with pytest.MonkeyPatch.context() as patch, contextlib.redirect_stderr(errors):
            patch.delenv("LUTON2040_EDITION", raising=False)
            code = main(["--project", str(project), "build", "--quiet"])
        assert code == 0, "the real project does not build:\n" + errors.getvalue()
        return project

    return once(tmp_path_factory, "built", make)


@pytest.fixture(scope="session")
def built_pdf_text(built_project: Path) -> str:
    """The text of ``built_project``'s PDF (pdf_text.py)."""
    (pdf,) = (built_project / "_site").glob("*.pdf")
    return pdf_text(pdf)


def _build_all(project: Path):
    """``build_project`` of every edition, quietly, whatever edition the shell running the tests names."""
    from luton2040.build import build_project

    with pytest.MonkeyPatch.context() as patch, contextlib.redirect_stderr(io.StringIO()), \
            contextlib.redirect_stdout(io.StringIO()):
        patch.delenv("LUTON2040_EDITION", raising=False)
        patch.delenv("QUARTO_PROFILE", raising=False)
        result, _ = build_project(project, quiet=True)  # raises Luton2040Error if it does not build
    return result


@pytest.fixture(scope="session")
def two_editions(tmp_path_factory: pytest.TempPathFactory):
    """(project, build result): a copy of the real project with the sample 2026 edition laid over it
    (tests/editions_helpers.py), built once from nothing: 2026 at the root of _site/ and 2025 as a
    past edition under 2025/. Cold on purpose: tests/test_freeze.py compares an incremental build
    with it byte for byte, and tests/test_editions_build.py compares its 2025 edition, made from
    nothing beside the 2026 data, with ``built_project``'s (and it needs no other build first, so
    it can run beside ``built_project``). Read-only: copy it (``warm_copy``) to change it."""
    def make(folder: Path):
        project = overlay(copy_project(folder / "project"))
        return project, _build_all(project)

    return once(tmp_path_factory, "two-editions", make)


@pytest.fixture(scope="session")
def edited_2026(two_editions, tmp_path_factory: pytest.TempPathFactory) -> dict:
    """A warm copy of ``two_editions`` built twice: first as it is (``again``), then after writing
    new 2026 prose and a sentence in a 2026 partner file (``edit_2026`` in editions_helpers.py;
    ``edited``): {"project", "again", "edited"}, the two build
    results. Read-only: copy ``project`` to change it."""
    def make(folder: Path) -> dict:
        project = warm_copy(two_editions[0], folder / "project")
        again = _build_all(project)
        edit_2026(project)
        return {"project": project, "again": again, "edited": _build_all(project)}

    return once(tmp_path_factory, "edited-2026", make)
