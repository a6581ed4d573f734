"""A measure compared with another area from next year's report on (England's figure, then the
statistical neighbours') is a change of data alone: the check does not ask for the figures the
past report showed beside Luton's to be removed (a published row cannot be), only for a new one
that no page would show."""
from __future__ import annotations

from pathlib import Path

import pytest

from cli_run import run as _run


@pytest.fixture
def started(project_copy: Path) -> Path:
    code, _, err = _run("--project", str(project_copy), "new-edition", "2026")
    assert code == 0, err
    return project_copy


def test_a_comparator_changed_for_next_year_leaves_last_years_comparator_figures_alone(started):
    measures = started / "data/measures.csv"
    text = measures.read_text(encoding="utf-8")
    line = next(line for line in text.splitlines() if line.startswith("unemployment,"))
    measures.write_text(text.replace(line, line.replace(",false,england,", ",false,statistical-neighbours,")),
                        encoding="utf-8")
    observations = started / "data/observations.csv"
    observations.write_text(observations.read_text(encoding="utf-8")
                            + "unemployment,all,statistical-neighbours,August 2025,2025-08-31,5.6,ok,false,,\n"
                            + "unemployment,all,england,August 2025,2025-08-31,4.2,ok,false,,\n", encoding="utf-8")
    rows = len(observations.read_text(encoding="utf-8").splitlines())
    _, _, err = _run("--project", str(started), "check")
    said = [line for line in err.splitlines() if "shown on no page" in line]
    assert len(said) == 1 and said[0].startswith(f"warning: data/observations.csv:{rows}:area: the comparator of "
                                                 "unemployment is statistical-neighbours"), said
