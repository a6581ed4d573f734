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
    """`luton2040 build` sets these for its scripts; keep them from leaking between tests."""
    monkeypatch.delenv("LUTON2040_EDITION", raising=False)
    monkeypatch.delenv("LUTON2040_VALIDATED", raising=False)
