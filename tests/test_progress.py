"""Trend and status follow the rules the methods appendix states."""
from datetime import date

import pytest

from luton2040.data.model import HIGHER, LOWER, Observation, Target
from luton2040.compute.progress import status, trend


def obs(year, value, baseline=False, status="ok"):
    return Observation("m", "all", "luton", str(year), date(year, 12, 31), value, status, baseline)


def milestones(*pairs, kind="value"):
    return [Target("m", "all", year, kind, value) for year, value in pairs]


class TestTrend:
    def test_lower_is_better_falling_value_is_improving(self):
        assert trend([obs(2022, 12.1), obs(2023, 9.9)], LOWER) == "improving"

    def test_lower_is_better_rising_value_is_worsening(self):
        assert trend([obs(2019, 39.6), obs(2023, 42.5)], LOWER) == "worsening"

    def test_higher_is_better_rising_value_is_improving(self):
        assert trend([obs(2019, 560.5), obs(2023, 618.1)], HIGHER) == "improving"

    def test_change_within_default_tolerance_is_little_change(self):
        # 2% of 24.3 is 0.486; a 0.4 point fall is within it
        assert trend([obs(2019, 24.3), obs(2023, 23.9)], LOWER) == "little_change"

    def test_recorded_tolerance_is_used(self):
        assert trend([obs(2019, 24.3), obs(2023, 23.4)], LOWER, tolerance=1.0) == "little_change"
        assert trend([obs(2019, 24.3), obs(2023, 23.4)], LOWER, tolerance=0.5) == "improving"

    def test_only_the_last_two_comparable_values_count(self):
        values = [obs(2019, 7.3), obs(2022, 12.1), obs(2023, None, status="tbc"), obs(2024, 9.9)]
        assert trend(values, LOWER) == "improving"

    def test_one_value_is_not_enough(self):
        assert trend([obs(2019, None, True, "not_comparable"), obs(2023, 61)], HIGHER) == "not_enough_data"

    def test_no_direction_is_not_assessed(self):
        assert trend([obs(2019, 1), obs(2023, 2)], "none") == "not_assessed"


class TestStatus:
    def test_wages_rising_three_quarters_as_fast_as_needed_is_too_slow(self):
        # wages: 560.50 (2019) → 618.10 (2023); 2027 milestone 723.09
        s = status([obs(2019, 560.5, True), obs(2023, 618.1)], milestones((2027, 723.09), (2040, 1157.69)), HIGHER, 2025)
        assert s.milestone_year == 2027
        assert s.method == "growth"
        assert s.ratio == pytest.approx(((618.1 / 560.5) ** (1 / 4) - 1) / ((723.09 / 560.5) ** (1 / 8) - 1), rel=1e-3)
        assert s.ratio == pytest.approx(0.765, abs=0.001)
        assert s.code == "too_slow"

    @pytest.mark.parametrize("latest, expected", [(77.0, "on_track"), (82.0, "too_slow"), (93.0, "limited"), (101.0, "backwards")])
    def test_ratio_thresholds(self, latest, expected):
        # lower is better, 100 → 60 by 2027 needs −6.2% a year; 77 by 2023 is −6.4% (ratio 1.03), 82 is 0.78, 93 is 0.29
        s = status([obs(2019, 100.0, True), obs(2023, latest)], milestones((2027, 60.0)), LOWER, 2025)
        assert s.code == expected

    def test_zero_target_uses_linear_rates(self):
        s = status([obs(2019, 7.3, True), obs(2023, 9.9)], milestones((2027, 7.7), (2040, 0)), LOWER, 2025)
        assert s.code == "backwards"   # rose from 7.3 while the milestone asks for 7.7
        s = status([obs(2019, 4.0, True), obs(2023, 2.0)], milestones((2040, 0.0)), LOWER, 2035)
        assert s.method == "linear"
        assert s.ratio == pytest.approx((-2 / 4.0) / (-4 / years(2019, 2040)), rel=1e-3)

    def test_already_past_the_milestone_is_met(self):
        s = status([obs(2019, 4.7, True), obs(2023, 2.2)], milestones((2027, 2.3)), LOWER, 2025)
        assert s.code == "met"

    def test_slipping_back_from_a_milestone_the_baseline_met_is_going_backwards(self):
        s = status([obs(2019, 86, True), obs(2024, 77)], milestones((2027, 80)), HIGHER, 2025)
        assert s.code == "backwards"

    def test_text_and_rank_targets_cannot_be_assessed(self):
        text = [Target("m", "all", 2027, "text", None, "Selective licensing agreed in two wards")]
        assert status([obs(2019, 1, True), obs(2023, 2)], text, HIGHER, 2025).code == "cannot_assess"
        rank = milestones((2027, 6), kind="rank")
        assert status([obs(2019, 1, True), obs(2023, 2)], rank, HIGHER, 2025).code == "cannot_assess"

    def test_no_baseline_value_uses_the_earliest_comparable_value(self):
        values = [obs(2019, None, True, "not_comparable"), obs(2021, 50.0), obs(2023, 55.0)]
        s = status(values, milestones((2027, 60.0)), HIGHER, 2025)
        assert s.code in ("on_track", "met", "too_slow", "limited")
        assert s.ratio == pytest.approx(((55 / 50) ** (1 / 2) - 1) / ((60 / 50) ** (1 / years(2021, 2027)) - 1), rel=1e-3)

    def test_one_value_cannot_be_assessed(self):
        assert status([obs(2023, 61)], milestones((2027, 62)), HIGHER, 2025).code == "cannot_assess"

    def test_gap_to_comparator_target_is_measured_against_the_comparator(self):
        # anxiety: Luton should be 3.7 points below England's 23.3 by 2027 → 19.6
        gap = [Target("m", "all", 2027, "gap_to_comparator", -3.7)]
        assert status([obs(2019, 16.6, True), obs(2023, 19.9)], gap, LOWER, 2025, comparator_value=23.3).code == "backwards"
        assert status([obs(2019, 22.0, True), obs(2023, 19.0)], gap, LOWER, 2025, comparator_value=23.3).code == "met"
        assert status([obs(2019, 22.0, True), obs(2023, 19.0)], gap, LOWER, 2025).code == "cannot_assess"

    def test_no_direction_cannot_be_assessed(self):
        assert status([obs(2019, 1, True), obs(2023, 2)], milestones((2027, 3)), "none", 2025).code == "cannot_assess"


def years(a, b):
    return (date(b, 12, 31) - date(a, 12, 31)).days / 365.25


def test_a_series_without_any_targets_says_so():
    s = status([obs(2019, 1, True), obs(2023, 2)], [], HIGHER, 2025)
    assert (s.code, s.reason) == ("cannot_assess", "no milestones or target are set for it")
    s = status([obs(2019, 1, True), obs(2023, 2)], milestones((2027, 3)), HIGHER, 2030)
    assert s.reason == "no milestone or target after this edition"


def test_the_trend_keeps_the_two_values_and_the_limit_it_compared():
    from luton2040.compute.progress import trend_of
    values = [obs(2019, 7.3, True), obs(2022, 12.1), obs(2024, 9.9)]
    rule = trend_of(values, LOWER)
    assert (rule.code, rule.previous.value, rule.latest.value) == ("improving", 12.1, 9.9)
    assert rule.limit == pytest.approx(12.1 * 0.02)
    assert trend_of(values, LOWER, tolerance=3).limit == 3
