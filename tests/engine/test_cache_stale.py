"""The cache's stale check on its own (no kernel): a stored run is reused only while everything it
depended on — files read, folder listings, globs, environment variables — is as it was."""
from __future__ import annotations

from pathlib import Path

import pytest

from luton2040.engine.cache import Cache
from luton2040.engine.execute import Executed


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "data").mkdir()
    (tmp_path / "data/values.csv").write_text("a,1\n", encoding="utf-8")
    (tmp_path / "helpers.py").write_text("X = 1\n", encoding="utf-8")
    return tmp_path


DEPS = {"reads": ["data/values.csv", "data/later.csv"], "modules": ["helpers.py"], "listings": ["data"],
        "globs": [["data/*.csv", False]], "env": {"FIXTURE_EDITION": None}}


def test_nothing_changed_is_not_stale(project, monkeypatch):
    monkeypatch.delenv("FIXTURE_EDITION", raising=False)
    cache = Cache(project)
    assert cache.stale(cache.snapshot(DEPS)) is None


@pytest.mark.parametrize("change, reason", [
    (lambda root: (root / "data/values.csv").write_text("a,2\n"), "data/values.csv"),
    (lambda root: (root / "data/values.csv").unlink(), "data/values.csv"),
    (lambda root: (root / "helpers.py").write_text("X = 2\n"), "helpers.py"),
    (lambda root: (root / "data/later.csv").write_text("new\n"), "data/later.csv"),  # read while missing
    (lambda root: (root / "data/notes.txt").write_text("n\n"), "data/ (listing)"),
])
def test_a_changed_dependency_is_named(project, monkeypatch, change, reason):
    monkeypatch.delenv("FIXTURE_EDITION", raising=False)
    cache = Cache(project)
    snapshot = cache.snapshot(DEPS)
    change(project)
    assert cache.stale(snapshot) == reason


def test_a_glob_gaining_a_match_is_stale(project):
    cache = Cache(project)
    snapshot = cache.snapshot({"globs": [["data/*.csv", False]]})
    (project / "data/more.csv").write_text("b,2\n", encoding="utf-8")
    assert cache.stale(snapshot) == "glob data/*.csv"


def test_an_environment_variable_that_appears_is_stale(project, monkeypatch):
    monkeypatch.delenv("FIXTURE_EDITION", raising=False)
    cache = Cache(project)
    snapshot = cache.snapshot({"env": {"FIXTURE_EDITION": None}})
    monkeypatch.setenv("FIXTURE_EDITION", "2026")
    assert cache.stale(snapshot) == "$FIXTURE_EDITION"


def test_variables_given_to_the_kernel_count_as_set(project, monkeypatch):
    """QUARTO_PROFILE is set for the kernel only, not in this process: the cache must see it."""
    monkeypatch.delenv("QUARTO_PROFILE", raising=False)
    snapshot = Cache(project).snapshot({"env": {"QUARTO_PROFILE": None}})
    assert Cache(project).stale(snapshot) is None
    assert Cache(project, env={"QUARTO_PROFILE": "2025"}).stale(snapshot) == "$QUARTO_PROFILE"


def test_a_stored_run_is_reused_until_a_dependency_changes(project):
    cache = Cache(project)
    ran = Executed({"1": [{"output_type": "stream", "text": "a,1"}]}, ["1"], {"reads": ["data/values.csv"]})
    cache.store_execution("page.qmd", "key-1", ran)
    assert Cache(project).load_execution("page.qmd", "key-1") == ran
    assert Cache(project).load_execution("page.qmd", "key-2") is None  # source or settings changed
    (project / "data/values.csv").write_text("a,2\n", encoding="utf-8")
    assert Cache(project).load_execution("page.qmd", "key-1") is None


def test_each_profile_keeps_its_own_entries(project):
    ran = Executed({}, ["2025"], {})
    Cache(project, "2025").store_execution("page.qmd", "key", ran)
    assert Cache(project, "2025").load_execution("page.qmd", "key") == ran
    assert Cache(project, "2026").load_execution("page.qmd", "key") is None
