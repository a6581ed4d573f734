"""`luton2040 check` is the check `luton2040 build` runs first: data, partner and edition files, and
_quarto.yml with the profile of every edition the build would render — every problem in one run."""
from __future__ import annotations

import contextlib
import io

from editions_helpers import overlay
from luton2040.cli import main


def check(project) -> tuple[int, list[str]]:
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        code = main(["--project", str(project), "check"])
    return code, err.getvalue().splitlines()


def test_a_broken_past_edition_profile_and_a_data_problem_are_listed_together(project_copy, monkeypatch):
    monkeypatch.delenv("QUARTO_PROFILE", raising=False)
    monkeypatch.delenv("LUTON2040_EDITION", raising=False)
    project = overlay(project_copy)  # two editions: 2025 is built with the past profile
    (project / "_quarto-past.yml").write_text("website:\n  announcment: Old report\n", encoding="utf-8")
    measures = project / "data/measures.csv"
    measures.write_text(measures.read_text(encoding="utf-8").replace("https://", "www.", 1), encoding="utf-8")
    code, lines = check(project)
    assert code == 1
    assert [line.split(":")[0] for line in lines[:-1]] == ["_quarto-past.yml", "data/measures.csv"]
    assert lines[0].startswith("_quarto-past.yml:2: the option 'website.announcment' is not supported")
    assert "is not a plain https:// web address" in lines[1]
    assert lines[-1] == "2 problem(s) found; nothing was built."
