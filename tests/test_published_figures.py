"""The real 2025 data reproduces the published report's appendix, and every table agrees with it."""
import os
from pathlib import Path

import pytest

from luton2040 import report
from luton2040.compute import tables
from luton2040.data.load import load

ROOT = Path(__file__).resolve().parent.parent


pytestmark = pytest.mark.usefixtures("in_project")


# (what, measure, series, published text in Appendix 1 of the 2025 report)
APPENDIX = [
    ("latest", "destitution", "all", "9.9%"),
    ("baseline", "destitution", "all", "7.3%"),
    ("latest", "weekly-wages", "all", "£618.10"),
    ("baseline", "weekly-wages", "all", "£560.50"),
    ("latest", "unemployment", "all", "7.6%"),
    ("baseline", "unemployment", "all", "3.2%"),
    ("latest", "children-deepest-poverty", "all", "23.4%"),
    ("latest", "neet", "all", "3.7%"),
    ("comparator", "neet", "all", "4.9%"),
    ("latest", "children-in-care", "all", "420"),
    ("baseline", "children-in-care", "all", "406"),
    ("latest", "bus-journeys", "all", "13,600,000 journeys"),
    ("baseline", "bus-journeys", "all", "12,200,000 journeys"),
    ("latest", "keep-britain-tidy", "litter", "10.67%"),
    ("latest", "keep-britain-tidy", "detritus", "32.18%"),
    ("latest", "cohesion", "all", "77%"),
    ("latest", "pride-in-town", "all", "53%"),
    ("latest", "volunteering", "all", "21%"),
    ("latest", "anxiety", "all", "19.9%"),
    ("comparator", "anxiety", "all", "23.3%"),
    ("latest", "permanent-exclusions", "all", "0.06%"),
    ("latest", "year-6-obesity", "all", "42.5%"),
]

MILESTONES = [
    ("destitution", "all", 2027, "7.7%"), ("destitution", "all", 2031, "5.1%"), ("destitution", "all", 2035, "2.6%"),
    ("weekly-wages", "all", 2027, "£723.09"), ("weekly-wages", "all", 2031, "£845.91"),
    ("weekly-wages", "all", 2035, "£989.60"),
    ("children-in-care", "all", 2027, "380"), ("children-in-care", "all", 2040, "250"),
    ("bus-journeys", "all", 2040, "18,000,000 journeys"),
    ("healthy-life-expectancy", "male", 2027, "60.8 years"), ("healthy-life-expectancy", "female", 2035, "62.2 years"),
    ("attainment-8", "rank", 2027, "Top 6 of 11"),
]


@pytest.mark.parametrize("what, measure, series, printed", APPENDIX)
def test_appendix_values_are_as_published(what, measure, series, printed):
    assert getattr(report, what)(measure, series) == printed


@pytest.mark.parametrize("measure, series, year, printed", MILESTONES)
def test_milestones_are_as_published(measure, series, year, printed):
    assert report.target(measure, year, series) == printed


def test_known_errors_of_the_published_report_are_not_repeated():
    # the appendix's GLD milestones were copied from the exclusions row: never 0.04%; the 2027
    # milestone is the chapter table's 62%, and 2031 and 2035 are not set
    assert "0.04%" not in report.target("good-level-of-development", 2027)
    assert report.target("good-level-of-development", 2027) == "62%"
    assert report.target("good-level-of-development", 2031) == "Not yet set"
    # volunteering's milestones are shares of England's figure (85% of 34% is 29%), not gaps in points
    assert report.target("volunteering", 2027) == "29% (85% of England's 34%)"
    assert report.status("volunteering") == "limited progress"
    # smoking is compared with England's figure for the same year (2023), which the report gives
    assert report.comparator("smoking") == "11.6%"
    # a target's qualifier stays with its number
    assert report.target("weekly-wages", 2040) == "England's average, projected at £1,157.69"
    assert report.target("unemployment", 2040) == "Equal to England or better"
    # the appendix's benefit-calculator figure is used, not the chapter's £500,000
    assert report.latest("benefit-calculator-income") == "£2,500,000"
    # the appendix's healthy life expectancy targets are used, not the chapter's
    assert report.target("healthy-life-expectancy", 2040, "male") == "63.0 years"
    # the smoking row has a latest value even though the appendix left it blank
    assert report.latest("smoking") == "14.7%"


def test_every_chapter_table_agrees_with_the_appendix():
    data = load(ROOT)
    edition = data.edition(2025)
    appendix = {row[1].text: row for row in tables.appendix_table(data, edition).rows}
    columns = tables.APPENDIX_COLUMNS
    for priority in data.priorities:
        for row in tables.measures_table(data, edition, priority.id).rows:
            outcome, latest, milestone, target = row[0].text, row[2].text, row[3].text, row[4].text
            a = appendix[outcome]
            assert a[columns.index("2027 milestone")].text == milestone
            assert a[columns.index("2040 target")].text == target
            # the chapter adds the period in brackets; the appendix has a Year column
            for part in a[columns.index("Latest result")].text.split("; "):
                assert part in latest


def test_the_appendix_has_all_40_measures_in_priority_order():
    data = load(ROOT)
    table = tables.appendix_table(data, data.edition(2025))
    assert len(table.rows) == 40
    assert report.measure_count() == "40"  # the appendix's sentence counts them; no prose says 40
    order = [p.short_title for p in data.priorities]
    seen = [row[0].text for row in table.rows]
    assert seen == sorted(seen, key=order.index)


def test_the_headline_table_has_the_six_temperature_checks():
    data = load(ROOT)
    rows = tables.headline_table(data, data.edition(2025)).rows
    assert [r[1].text for r in rows][0] == data.measure("destitution").short_measure
    assert len(rows) == 6
    assert {data.measure(m.id).priority for m in data.measures if m.headline} == {p.id for p in data.priorities}


def test_a_year_without_milestones_is_an_error_not_a_sentence_saying_not_set():
    with pytest.raises(ValueError, match="2029 is not a milestone year"):
        report.target("destitution", 2029)


def test_a_result_given_only_in_words_has_no_year():
    # 'To be confirmed' and 'Not available' rows hold the reporting year as a placeholder; the
    # appendix's Year column must not present it as the year of a result
    data = load(ROOT)
    columns = tables.APPENDIX_COLUMNS
    rows = {row[2].text: row for row in tables.appendix_table(data, data.edition(2025)).rows}
    police = rows["Police satisfaction survey"]
    assert police[columns.index("Latest result")].text == "To be confirmed"
    assert police[columns.index("Period")].text == "–"
    assert rows["Average weekly wages in Luton"][columns.index("Period")].text == "2023"


def test_the_appendix_heads_its_column_of_months_and_financial_years_period_not_year():
    # "Year: April 2024" and "Year: 2018–20" misname what the column holds; the measure pages say "Period"
    data = load(ROOT)
    table = tables.appendix_table(data, data.edition(2025))
    shown = {row[table.columns.index("Period")].text for row in table.rows}
    assert {"April 2024", "August 2024", "2023/24", "2018–20"} <= shown
    assert "Year" not in table.columns
