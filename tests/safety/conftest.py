"""Fixtures for the safety tests; the helpers themselves are in safety_helpers.py."""
from __future__ import annotations

import pytest

from safety_helpers import make_book


@pytest.fixture
def book(tmp_path):
    """A fresh copy of the safety book (tests/safety/book + the data of tests/fixtures/minimal)."""
    return make_book(tmp_path / "book")


@pytest.fixture(autouse=True)
def _clean_environment(monkeypatch):
    """A LUTON2040_EDITION in the shell running the tests would choose the edition they build."""
    monkeypatch.delenv("LUTON2040_EDITION", raising=False)
