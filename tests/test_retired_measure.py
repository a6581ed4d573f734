"""A measure retired for next year's report, or split into new series, is a change of data alone: its
rows leave measures.csv, series.csv and targets.csv, the figures the past report published stay in
observations.csv (a published row is never deleted), and the past report keeps showing it while the
new report and its data download leave it out."""
from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from cli_run import run as _run
from luton2040.data.load import load
from luton2040.site import downloads


@pytest.fixture
def started(project_copy: Path) -> Path:
    code, _, err = _run("--project", str(project_copy), "new-edition", "2026")
    assert code == 0, err
    return project_copy


def _drop_rows(project: Path, name: str, first_cells: str) -> None:
    path = project / "data" / name
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(line for line in lines if not line.startswith(first_cells)), encoding="utf-8")


def _append(project: Path, name: str, rows: str) -> None:
    path = project / "data" / name
    path.write_text(path.read_text(encoding="utf-8") + rows, encoding="utf-8")


def retire_five_a_day(project: Path) -> Path:
    """five-a-day retired from 2026: gone from every current table but observations.csv."""
    for name in ("measures.csv", "series.csv", "targets.csv", "measure_names.csv"):
        _drop_rows(project, name, "five-a-day,")
    return project


def split_anxiety(project: Path) -> Path:
    """anxiety reported for men and women from 2026 (INVENTED TEST DATA): its `all` series replaced."""
    _drop_rows(project, "series.csv", "anxiety,all,")
    _drop_rows(project, "targets.csv", "anxiety,all,")
    _append(project, "series.csv", "anxiety,male,Men,percent,1,1,true\nanxiety,female,Women,percent,1,2,true\n")
    _append(project, "observations.csv",
            "".join(f"anxiety,{s},luton,{p},{end},{v},ok,{b},,\n" for s, p, end, v, b in (
                ("male", "23/24", "2024-03-31", 17.2, "true"), ("female", "23/24", "2024-03-31", 21.5, "true"),
                ("male", "24/25", "2025-03-31", 16.8, "false"), ("female", "24/25", "2025-03-31", 22.4, "false"))))
    _append(project, "targets.csv", "anxiety,male,2027,value,16,,,\nanxiety,male,2040,value,14,,,\n"
                                    "anxiety,female,2027,value,20,,,\nanxiety,female,2040,value,18,,,\n")
    return project


def _errors_naming(project: Path, measure: str) -> list[str]:
    _, _, err = _run("--project", str(project), "check")
    return [line for line in err.splitlines() if measure in line and not line.startswith("warning:")]


def test_a_measure_retired_for_next_year_is_not_refused_for_the_figures_last_year_published(started):
    # before this, its published observations were 'unknown measure', and deleting them was refused:
    # each message sent the analyst to undo what the other asked
    assert _errors_naming(retire_five_a_day(started), "five-a-day") == []


def test_a_measure_split_into_series_for_next_year_keeps_last_years_figures_without_an_error(started):
    assert _errors_naming(split_anxiety(started), "anxiety") == []


def test_a_retired_measure_still_has_to_be_one_some_report_published(started):
    _append(retire_five_a_day(started), "observations.csv", "five-a-dya,all,luton,2024,2024-12-31,26,ok,false,,\n")
    assert any("unknown measure 'five-a-dya'" in line for line in _errors_naming(started, "five-a-dya"))


def test_a_figure_added_for_a_retired_measure_is_no_reports_and_is_refused(started):
    _append(retire_five_a_day(started), "observations.csv", "five-a-day,all,luton,2024,2024-12-31,26,ok,false,,\n")
    rows = len((started / "data/observations.csv").read_text(encoding="utf-8").splitlines())
    # said to be retired, not "unknown" with "add a row for it" (the review of year15)
    assert _errors_naming(started, "five-a-day") == [
        f"data/observations.csv:{rows}:measure: the measure 'five-a-day' was retired after the 2025 report (it is "
        "not in data/measures.csv any more), so this row is for no report: only the rows a past report published "
        "stay — remove the row, or put the measure back in data/measures.csv and data/series.csv to report it again"]


def _download_rows(project: Path, year: int, table: str) -> list[dict[str, str]]:
    data = load(project)
    text = downloads.edition_files(project, data.editions[year])[f"{table}.csv"].decode("utf-8")
    return list(csv.DictReader(io.StringIO(text)))


def test_the_new_reports_data_download_leaves_a_retired_measure_out_and_the_past_one_keeps_it(started):
    retire_five_a_day(started)
    for table in ("observations", "progress_notes"):
        assert not [r for r in _download_rows(started, 2026, table) if r["measure"] == "five-a-day"], table
        assert [r for r in _download_rows(started, 2025, table) if r["measure"] == "five-a-day"], table


def test_the_new_reports_download_has_the_new_series_of_a_split_measure_and_not_the_old_one(started):
    split_anxiety(started)
    now = {r["series"] for r in _download_rows(started, 2026, "observations") if r["measure"] == "anxiety"}
    then = {r["series"] for r in _download_rows(started, 2025, "observations") if r["measure"] == "anxiety"}
    assert (now, then) == ({"male", "female"}, {"all"})


def test_the_next_edition_records_none_of_a_retired_measures_figures_as_its_own(started):
    """When 2027 starts, 2026's record of the figures it used leaves out the retired measure's
    (2025 published them, 2026 did not): else the 2026 report's download would gain them once
    it is a past edition."""
    retire_five_a_day(started)
    code, _, err = _run("--project", str(started), "new-edition", "2027")
    assert code == 0, err
    recorded = {year: (started / f"data/editions/{year}-observations.csv").read_text(encoding="utf-8")
                for year in (2025, 2026)}
    assert "five-a-day," in recorded[2025] and "five-a-day," not in recorded[2026]
    assert "smoking," in recorded[2026]


def test_a_retired_measures_published_figure_changed_is_said_to_show_nowhere(started):
    """A revision of a retired measure's figure: no later report shows it and the past one keeps its own,
    so the warning says the change shows nowhere (it said "later reports show 26", the final review)."""
    retire_five_a_day(started)
    observations = started / "data" / "observations.csv"
    text = observations.read_text(encoding="utf-8")
    observations.write_text(text.replace("five-a-day,all,luton,22/23,2023-03-31,25,", "five-a-day,all,luton,22/23,2023-03-31,26,"),
                            encoding="utf-8")
    line = next(i for i, row in enumerate(text.splitlines(), 1) if row.startswith("five-a-day,all,luton,22/23"))
    _, _, err = _run("--project", str(started), "check")
    said = [row for row in err.splitlines() if row.startswith(f"warning: data/observations.csv:{line}:")]
    assert len(said) == 1
    assert said[0].startswith(f"warning: data/observations.csv:{line}:value: 26 revises the 25 the 2025 report published "
                              "for five-a-day (all, luton, 22/23), a measure retired since: no later report shows it, "
                              "and the 2025 report keeps 25, so the change shows nowhere — put back 25 "
                              "(data/editions/2025-observations.csv:")
