"""Fixtures for the safety tests; the helpers themselves are in safety_helpers.py."""
from __future__ import annotations

from pathlib import Path

import pytest

from safety_helpers import make_book
from shared_builds import once


@pytest.fixture
def book(tmp_path):
    """A fresh copy of the safety book (tests/safety/book + the data of tests/fixtures/minimal)."""
    return make_book(tmp_path / "book")


@pytest.fixture(scope="session")
def built_book(tmp_path_factory) -> Path:
    """The safety book built from nothing once per test run (shared_builds.py), read-only: copy it,
    with its _site/ and cache, before changing it."""
    def make(folder: Path) -> Path:
        from luton2040.cli import main

        book = make_book(folder / "book")
        with pytest.MonkeyPatch.context() as patch:
            patch.delenv("LUTON2040_EDITION", raising=False)
            assert main(["--project", str(book), "build", "--quiet"]) == 0
        return book

    return once(tmp_path_factory, "safety-book", make)


@pytest.fixture(autouse=True)
def _clean_environment(monkeypatch):
    """A LUTON2040_EDITION in the shell running the tests would choose the edition they build."""
    monkeypatch.delenv("LUTON2040_EDITION", raising=False)
