"""Periods in the words are written as the tables write them: a financial or school year as
2023/24, a run of years as 2018–20 or "from 2010 to 2022", never with a hyphen a reader must guess."""
from pathlib import Path

import pytest

from luton2040.cli import main
from luton2040.compute import period_words

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("line, found", [
    ("For net new jobs from 2010-2022, ahead of London.", ["2010-2022"]),
    ("Affordable homes approved in 2023-24.", ["2023-24"]),
    ("Healthy life expectancy for 2018–20 and the 2023/24 figures.", []),
    ("From 2010 to 2022, and the `{python} report.period(\"x\")` figure.", []),
    ("Call 01582-546000 or read the 2025-02-28 minutes.", []),  # not a pair of years
    ("Figures for 2024-03 and 2024-11 are monthly.", []),  # a year and a month (the second is no later year)
])
def test_a_year_hyphen_year_is_found(line, found):
    assert period_words.hyphened_periods(line) == found


def test_the_message_offers_both_readings():
    [p] = period_words.check_lines("p.qmd", [(3, "Between 2023-24 and now.")])
    assert (p.file, p.line, p.message) == ("p.qmd", 3, "writes the period '2023-24' with a hyphen")
    assert p.fix == ("write a financial or school year as 2023/24, and a run of years as 2023–24 or "
                     "'from 2023 to 2024', as the tables do")


def test_a_highlight_tile_with_a_hyphened_period_fails_the_check(project_copy, capsys, monkeypatch):
    monkeypatch.delenv("LUTON2040_EDITION", raising=False)
    tiles = project_copy / "data" / "highlights.csv"
    text = tiles.read_text(encoding="utf-8")
    assert "from 2010 to 2022" in text
    tiles.write_text(text.replace("from 2010 to 2022", "in 2010-2022"), encoding="utf-8")
    line = next(i for i, row in enumerate(text.splitlines(), start=1) if "from 2010 to 2022" in row)
    assert main(["--project", str(project_copy), "check"]) == 1
    assert (f"data/highlights.csv:{line}:text: writes the period '2010-2022' with a hyphen — write a run of years "
            "as 2010–22 or 'from 2010 to 2022', as the tables do") in capsys.readouterr().err
