"""Fixtures for the engine tests: fresh copies of the tiny books in tests/fixtures/books/."""
import shutil
from pathlib import Path

import pytest

from shared_builds import once

BOOKS = Path(__file__).resolve().parent.parent / "fixtures" / "books"


@pytest.fixture
def book(tmp_path):
    """Copy a fixture book into tmp_path and return its folder: ``book("basic")``."""

    def copy(name: str) -> Path:
        target = tmp_path / name.replace("/", "-")
        shutil.copytree(BOOKS / name, target)
        return target

    return copy


@pytest.fixture(scope="session")
def basic_site(tmp_path_factory):
    """The basic book built once: (folder, build result), read-only (``warm_copy`` it to change it)."""
    def make(into: Path):
        from luton2040.engine.build import build

        folder = into / "basic"
        shutil.copytree(BOOKS / "basic", folder)
        return folder, build(folder, quiet=True)

    return once(tmp_path_factory, "basic-book", make)
