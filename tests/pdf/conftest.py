"""Fixtures shared by the PDF tests: the fixture site's project, printed once per test file."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from luton2040.pdf import build_pdf

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "site"


@pytest.fixture(scope="module")
def warm(tmp_path_factory) -> Path:
    """The fixture project with its PDF built once (its caches filled)."""
    project = Path(shutil.copytree(FIXTURE, tmp_path_factory.mktemp("warm") / "project"))
    build_pdf(project, project / "_site")
    return project


@pytest.fixture
def project(warm, tmp_path) -> Path:
    """A copy of the built project, caches included, to change."""
    return Path(shutil.copytree(warm, tmp_path / "project"))
