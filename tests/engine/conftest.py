"""Fixtures for the engine tests: fresh copies of the tiny books in tests/fixtures/books/."""
import shutil
from pathlib import Path

import pytest

BOOKS = Path(__file__).resolve().parent.parent / "fixtures" / "books"


@pytest.fixture
def book(tmp_path):
    """Copy a fixture book into tmp_path and return its folder: ``book("basic")``."""

    def copy(name: str) -> Path:
        target = tmp_path / name.replace("/", "-")
        shutil.copytree(BOOKS / name, target)
        return target

    return copy


@pytest.fixture(scope="module")
def basic_site(tmp_path_factory):
    """The basic book built once (read-only for the tests that use it)."""
    from luton2040.engine import build

    folder = tmp_path_factory.mktemp("basic") / "basic"
    shutil.copytree(BOOKS / "basic", folder)
    result = build(folder, quiet=True)
    return folder, result
