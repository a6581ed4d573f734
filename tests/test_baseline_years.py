"""A progress item that quotes a measure's baseline says when the baseline was, and says it right."""
from pathlib import Path

import pytest

from luton2040.cli import main
from luton2040.compute import baseline_years
from luton2040.data.load import load

ROOT = Path(__file__).resolve().parent.parent


def test_every_baseline_quoted_in_this_years_progress_items_has_its_period():
    data = load(ROOT)
    rows = list(data.progress_notes)
    assert sum(row["text"].count("{baseline") for row in rows) >= 10
    assert baseline_years.check(data, data.edition(2025), rows) == []


@pytest.mark.parametrize("written", [
    "down from {baseline}, and {compared}",          # no year at all
    "down from {baseline} in 2021, and {compared}",  # the wrong year (the survey's baseline is 2019)
])
def test_a_baseline_without_its_period_is_a_warning_at_its_line(project_copy, capsys, written):
    notes = project_copy / "data" / "progress_notes.csv"
    lines = notes.read_text(encoding="utf-8").splitlines(keepends=True)
    at = next(n for n, line in enumerate(lines) if line.startswith("2025,strong-fair-community,8,pride-in-town,"))
    assert "down from {baseline} in 2019, and {compared}" in lines[at]
    lines[at] = lines[at].replace("down from {baseline} in 2019, and {compared}", written)
    notes.write_text("".join(lines), encoding="utf-8")
    assert main(["--project", str(project_copy), "check"]) == 0
    assert capsys.readouterr().err.splitlines() == [
        f"warning: data/progress_notes.csv:{at + 1}:text: {{baseline}} is quoted without its period: the baseline "
        "is from 2019 — say when, e.g. '{baseline} in 2019'"]
