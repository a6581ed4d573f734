"""Figures read the same everywhere: the formatting promises of the report."""
import pytest

from luton2040.compute import format as fmt
from luton2040.data.model import Area, Series, Target, Unit

PERCENT = Unit("percent", "per cent", suffix="%")
GBP = Unit("gbp", "pounds", prefix="£")
JOURNEYS = Unit("journeys", "journeys", suffix=" journeys")
PER_1000 = Unit("per_1000_households", "per 1,000 households", suffix=" per 1,000 households")
RANK = Unit("rank_of_11", "rank", suffix=" of 11", format="ordinal")
ENGLAND = Area("england", "England", "national")


def series(unit, decimals):
    return Series("m", "all", "", unit, decimals, 1, True)


@pytest.mark.parametrize("value, unit, decimals, expected", [
    (618.1, GBP, 2, "£618.10"),
    (9.9, PERCENT, 1, "9.9%"),
    (13.9, PER_1000, 1, "13.9 per 1,000 households"),
    (13600000, JOURNEYS, 0, "13,600,000 journeys"),
    (6, RANK, 0, "6th of 11"),
    (0.125, PERCENT, 2, "0.13%"),   # half rounds up, not to even
    (2.675, GBP, 2, "£2.68"),       # despite binary floating point
    (-0.04, PERCENT, 1, "0.0%"),    # no negative zero
    (-12.5, GBP, 2, "−£12.50"),
])
def test_values_are_written_as_the_report_writes_them(value, unit, decimals, expected):
    assert fmt.value(value, unit, decimals) == expected


@pytest.mark.parametrize("n, expected", [(1, "1st"), (2, "2nd"), (3, "3rd"), (4, "4th"), (11, "11th"),
                                         (12, "12th"), (13, "13th"), (21, "21st"), (102, "102nd")])
def test_ordinals(n, expected):
    assert fmt.ordinal(n) == expected


@pytest.mark.parametrize("target, unit, expected", [
    (Target("m", "all", 2027, "value", 7.7), PERCENT, "7.7%"),
    (Target("m", "all", 2027, "rank", 6, "Top 6 among statistical neighbours"), RANK, "Top 6 of 11"),
    (Target("m", "all", 2040, "relative_to_comparator", 0), PERCENT, "Equal to England or better"),
    (Target("m", "all", 2040, "gap_to_comparator", -3.7), PERCENT, "3.7 points below England"),
    (Target("m", "all", 2040, "gap_to_comparator", 1), PERCENT, "1 point above England"),
    (Target("m", "all", 2040, "gap_to_comparator", -24), PERCENT, "24 points below England"),
    (Target("m", "all", 2040, "value", 0), PERCENT, "0%"),
    (Target("m", "all", 2040, "relative_to_comparator", 1), PERCENT, "At least 1 point above England"),
    (Target("m", "all", 2027, "ratio_to_comparator", 0.85), PERCENT, "85% of England"),
    (Target("m", "all", 2040, "value", 7.1, "7.1%, or better than England"), PERCENT, "7.1%, or better than England"),
    (Target("m", "all", 2040, "value", 0, "No one lives in destitution"), PERCENT, "0%"),
    (Target("m", "all", 2040, "text", None, "Net zero"), PERCENT, "Net zero"),
    (None, PERCENT, "Not set"),
])
def test_targets_are_written_faithful_to_their_kind(target, unit, expected):
    assert fmt.target(target, series(unit, 1), ENGLAND) == expected


def test_a_targets_qualifier_is_kept_when_its_wording_writes_the_number_with_fewer_places():
    # Keep Britain Tidy's litter target, 7.1% "or better than the Greater London average", in a
    # series shown to two places: the table printed "7.10%" and dropped the qualifier, while
    # detritus ("8.35%, or better than …") kept it.
    litter = Target("m", "litter", 2040, "value", 7.1, "7.1%, or better than the Greater London average")
    assert fmt.target(litter, series(PERCENT, 2)) == "7.10%, or better than the Greater London average"
    detritus = Target("m", "detritus", 2040, "value", 8.35, "8.35%, or better than the Greater London average")
    assert fmt.target(detritus, series(PERCENT, 2)) == "8.35%, or better than the Greater London average"
    # a wording quoting a different number is not taken for this target's
    assert fmt.target(Target("m", "all", 2040, "value", 7.15, "7.1%, or better"), series(PERCENT, 2)) == "7.15%"
    # ... nor the end of another number in it: the 1% of '11%', the 5% of '25%' (a reviewer's cases)
    assert fmt.target(Target("m", "all", 2040, "value", 1.0, "11% or lower, then 1%"), series(PERCENT, 2)) == (
        "11% or lower, then 1.00%")
    assert fmt.target(Target("m", "all", 2040, "value", 5.0, "25% fewer, 5% of households"), series(PERCENT, 1)) == (
        "25% fewer, 5.0% of households")


def test_a_target_set_against_the_comparator_shows_the_number_it_asks_for():
    # the report's chapter table gives the senior staff milestone as 30%: 24 points below 54%
    assert fmt.target(Target("m", "all", 2027, "gap_to_comparator", -24), series(PERCENT, 0), ENGLAND, 54) == (
        "30% (24 points below England's 54%)")
    assert fmt.target(Target("m", "all", 2027, "gap_to_comparator", -3.7), series(PERCENT, 1), ENGLAND, 23.3) == (
        "19.6% (3.7 points below England's 23.3%)")
    assert fmt.target(Target("m", "all", 2027, "ratio_to_comparator", 0.85), series(PERCENT, 0), ENGLAND, 34) == (
        "29% (85% of England's 34%)")


def test_missing_values_say_why():
    from datetime import date
    from luton2040.data.model import Observation
    obs = Observation("m", "all", "luton", "2019", date(2019, 12, 31), None, "tbc", True)
    assert fmt.observation(obs, series(PERCENT, 1)) == "To be confirmed"
    assert fmt.observation(None, series(PERCENT, 1)) == "No data"


def test_a_target_keeps_the_places_it_is_written_with_in_a_series_of_whole_numbers():
    # Satisfaction with shops and leisure: the report writes its results as whole percentages (47%,
    # 44%) and its 2040 target as 60.5%; the milestones (46, 50, 55) read as the results do.
    whole = series(PERCENT, 0)
    assert fmt.target(Target("m", "all", 2040, "value", 60.5), whole) == "60.5%"
    assert fmt.target(Target("m", "all", 2027, "value", 46), whole) == "46%"
    assert fmt.target(Target("m", "all", 2040, "value", 60.5, "60.5%, or better"), whole) == "60.5%, or better"
    # never fewer places than the series' own: a milestone of 45 beside 39.4% reads 45.0%
    assert fmt.target(Target("m", "all", 2027, "value", 45), series(PERCENT, 1)) == "45.0%"
    assert fmt.target(Target("m", "all", 2040, "value", 989.6), series(GBP, 2)) == "£989.60"
