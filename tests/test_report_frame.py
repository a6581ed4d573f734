"""report.frame: a measure's observations as a pandas DataFrame, for analysts' notebooks."""
from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from luton2040 import report

from minimal_project import make_project

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture
def project(tmp_path, monkeypatch):
    root = make_project(tmp_path)
    monkeypatch.chdir(root)
    monkeypatch.delenv("LUTON2040_EDITION", raising=False)
    monkeypatch.delenv("QUARTO_PROFILE", raising=False)
    return root


def test_a_measure_frame_has_every_series_and_area_up_to_the_cutoff(project):
    with (project / "data/observations.csv").open("a", encoding="utf-8") as f:
        f.write("destitution,all,luton,2025,2025-12-31,8.8,ok,false,after the 2025 cut-off,\n")
    df = report.frame("destitution")
    assert list(df.columns) == ["measure", "series", "area", "period", "period_end", "value", "status",
                                "baseline", "note"]
    assert df[["area", "period", "value", "baseline"]].values.tolist() == [
        ["england", "2023", 4.0, False], ["luton", "2019", 7.4, True], ["luton", "2023", 9.9, False]]
    assert df["period_end"].tolist() == [pd.Timestamp("2023-12-31"), pd.Timestamp("2019-12-31"),
                                         pd.Timestamp("2023-12-31")]


def test_one_series_of_a_measure(project):
    df = report.frame("life-expectancy", series="female")
    assert df[["area", "period", "value"]].values.tolist() == [["luton", "2017-19", 60.2], ["luton", "2018-20", 60.0]]
    assert df["value"].mean() == pytest.approx(60.1)


def test_unknown_names_say_what_exists(project):
    with pytest.raises(KeyError, match=r"unknown measure 'destituton' \(did you mean 'destitution'\?\); "
                                       "see data/measures.csv for the ids"):
        report.frame("destituton")
    with pytest.raises(KeyError, match=r"measure 'life-expectancy' has no series 'males' \(it has: male, female\)"):
        report.frame("life-expectancy", series="males")


def test_an_analyst_can_plot_a_frame(project):
    """The README's notebook example: a measure's Luton values plotted with pandas (matplotlib, the
    `plots` extra that scripts/bootstrap.sh installs)."""
    pytest.importorskip("matplotlib")
    import matplotlib

    matplotlib.use("Agg")
    df = report.frame("destitution")
    axes = df[df.area == "luton"].plot(x="period_end", y="value")
    assert [list(line.get_ydata()) for line in axes.get_lines()] == [[7.4, 9.9]]
    matplotlib.pyplot.close("all")


def test_the_readme_examples_name_measures_and_series_the_report_has(monkeypatch):
    """The analysts' section of README.md is followed literally: each report.frame(...) it shows runs
    on the project's own data (it used to name a 'life-expectancy' measure that only the test fixture has)."""
    monkeypatch.chdir(REPO)
    monkeypatch.delenv("LUTON2040_EDITION", raising=False)
    monkeypatch.delenv("QUARTO_PROFILE", raising=False)
    calls = re.findall(r"report\.frame\([^)]*\)", (REPO / "README.md").read_text(encoding="utf-8"))
    assert len(calls) >= 2
    for call in calls:
        assert len(eval(call, {"report": report})) > 0, call
