"""Published period labels → first and last day."""
from datetime import date

import pytest

from luton2040.data.periods import parse_period, period_end


@pytest.mark.parametrize("label, start, end", [
    ("2023", date(2023, 1, 1), date(2023, 12, 31)),
    ("22/23", date(2022, 4, 1), date(2023, 3, 31)),
    ("2022/23", date(2022, 4, 1), date(2023, 3, 31)),
    ("2022/2023", date(2022, 4, 1), date(2023, 3, 31)),
    ("23-24", date(2023, 4, 1), date(2024, 3, 31)),
    ("2023-24", date(2023, 4, 1), date(2024, 3, 31)),
    ("2017-19", date(2017, 1, 1), date(2019, 12, 31)),
    ("2018-2020", date(2018, 1, 1), date(2020, 12, 31)),
    ("Sep-24", date(2024, 9, 1), date(2024, 9, 30)),
    ("Sept 2024", date(2024, 9, 1), date(2024, 9, 30)),
    ("February 2024", date(2024, 2, 1), date(2024, 2, 29)),
    ("feb 23", date(2023, 2, 1), date(2023, 2, 28)),
    ("8/1/2024", date(2024, 1, 8), date(2024, 1, 8)),
    ("2024-01-08", date(2024, 1, 8), date(2024, 1, 8)),
    ("Q1 2024", date(2024, 1, 1), date(2024, 3, 31)),
    ("2024 Q4", date(2024, 10, 1), date(2024, 12, 31)),
    ("2025-Q1", date(2025, 1, 1), date(2025, 3, 31)),  # as statistics tables write a quarter
    ("Q1 2024/25", date(2024, 4, 1), date(2024, 6, 30)),
    ("Q4 2024/25", date(2025, 1, 1), date(2025, 3, 31)),
    ("  2023 ", date(2023, 1, 1), date(2023, 12, 31)),
    ("1999-00", date(1999, 4, 1), date(2000, 3, 31)),
    ("1998-01", date(1998, 1, 1), date(2001, 12, 31)),
])
def test_parses_published_labels(label, start, end):
    assert parse_period(label) == (start, end)
    assert period_end(label) == end


@pytest.mark.parametrize("label", [
    "", "soon", "22/24", "17-19", "2023/21", "31/2/2024", "13/13/2024", "Sup-24", "Q5 2024",
    "Q1 2024/26", "2023-13-01", "202", "16/24", "2025-Q5", "2025-Q1/26",
    "2024-04", "2023-12",  # a year and month as ISO writes them, once read as 2024 to 2104
])
def test_unparseable_labels_give_none(label):
    assert parse_period(label) is None
    assert period_end(label) is None


def test_a_date_whose_day_and_month_could_swap_has_both_readings():
    import datetime as dt
    from luton2040.data.periods import readings
    assert [end for _, end in readings("8/1/2024")] == [dt.date(2024, 1, 8), dt.date(2024, 8, 1)]
    assert [end for _, end in readings("13/1/2024")] == [dt.date(2024, 1, 13)]
    assert [end for _, end in readings("2023")] == [dt.date(2023, 12, 31)]
    assert readings("sometime") == []


@pytest.mark.parametrize("label, end, shown", [
    ("2023", None, "2023"),
    ("22/23", None, "2022/23"),
    ("23-24", None, "2023/24"),
    ("2023-24", None, "2023/24"),
    ("2018-20", None, "2018–20"),
    ("2017-2019", None, "2017–19"),
    ("Sep-24", None, "September 2024"),
    ("April 2024", None, "April 2024"),
    ("August 2024", None, "August 2024"),
    ("8/1/2024", None, "8 January 2024"),
    ("8/1/2024", date(2024, 8, 1), "1 August 2024"),
    ("Q1 2024", None, "January to March 2024"),
    ("Q1 2024/25", None, "April to June 2024"),
    ("not a period", None, "not a period"),
])
def test_periods_are_printed_so_a_uk_reader_cannot_misread_them(label, end, shown):
    from luton2040.data.periods import display
    assert display(label, end) == shown


@pytest.mark.parametrize("label, end, axis", [
    ("2023", None, "2023"),
    ("22/23", None, "2022/23"),
    ("2018-20", None, "2018–20"),
    ("Sep-24", None, "Sep 2024"),
    ("September 2023", None, "Sep 2023"),
    ("8/1/2024", None, "8 Jan 2024"),
    ("8/1/2024", date(2024, 8, 1), "1 Aug 2024"),
    ("Q2 2023", None, "Apr–Jun 2023"),
    ("Q4 2024/25", None, "Jan–Mar 2025"),
    ("not a period", None, "not a period"),
])
def test_a_charts_axis_writes_months_short_and_years_as_the_report_does(label, end, axis):
    """On a chart's x axis a month is three letters ('Sep 2023', 'Apr–Jun 2023') so a period's
    words stay clear of the next tick; the alt text and the tables keep the full ``display``."""
    from luton2040.data.periods import display, short_display
    assert short_display(label, end) == axis
    assert len(axis) <= len(display(label, end))


def test_every_period_the_2025_report_prints_is_unambiguous():
    from pathlib import Path
    from luton2040.compute import measure_facts
    from luton2040.data.load import load
    data = load(Path(__file__).resolve().parent.parent)
    shown = {measure_facts.shown_period(o) for o in data.observations}
    assert shown <= {"2019", "2021", "2022", "2023", "2024", "2017–19", "2018–20", "2021/22", "2022/23",
                     "2023/24", "April 2024", "August 2024", "September 2024"}, shown
