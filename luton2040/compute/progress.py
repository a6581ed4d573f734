"""Trend and status: how each measure is moving, computed from its observations and targets (pure).

Trend compares the last two comparable Luton values of a series; status compares the actual yearly
rate of change since the baseline with the rate needed to reach the next milestone on time — the
progress measure Open SDG took from Statistics Canada and Eurostat. The methods appendix states
these rules in plain words; keep them in step with the docstrings here.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from luton2040.data.model import HIGHER, LOWER, Observation, Target

DEFAULT_RELATIVE_TOLERANCE = 0.02  # a change under 2% of the earlier value is "little change"
ON_TRACK = 0.95
TOO_SLOW = 0.60


def years_between(start: date, end: date) -> float:
    """Elapsed time in years (365.25 days), as used for yearly rates."""
    return (end - start).days / 365.25


def comparable(observations: list[Observation]) -> list[Observation]:
    """Observations with a usable value, oldest first."""
    return sorted((o for o in observations if o.comparable), key=lambda o: o.period_end)


@dataclass(frozen=True)
class Trend:
    """The outcome of the trend rule, with the two values and the limit it compared."""

    code: str  # improving | worsening | little_change | not_enough_data | not_assessed
    previous: Observation | None = None
    latest: Observation | None = None
    limit: float | None = None  # the largest change that still counts as little change


def trend_of(observations: list[Observation], direction: str, tolerance: float | None = None) -> Trend:
    """Direction of the latest change, with the values behind it (see ``trend``)."""
    if direction not in (HIGHER, LOWER):
        return Trend("not_assessed")
    values = comparable(observations)
    if len(values) < 2:
        return Trend("not_enough_data")
    previous, latest = values[-2], values[-1]
    change = latest.value - previous.value
    limit = tolerance if tolerance is not None else abs(previous.value) * DEFAULT_RELATIVE_TOLERANCE
    if abs(change) <= limit:
        return Trend("little_change", previous, latest, limit)
    better = change > 0 if direction == HIGHER else change < 0
    return Trend("improving" if better else "worsening", previous, latest, limit)


def trend(observations: list[Observation], direction: str, tolerance: float | None = None) -> str:
    """Direction of the latest change: 'improving', 'worsening', 'little_change',
    'not_enough_data' (fewer than two comparable values) or 'not_assessed' (no better direction).

    The change is latest minus previous comparable value. It counts as little change when its size
    is at most ``tolerance`` (in the series' unit) or, when no tolerance is recorded, at most 2% of
    the previous value.
    """
    return trend_of(observations, direction, tolerance).code


NO_FIGURES = "there are no published figures for it yet"


@dataclass(frozen=True)
class Status:
    """The outcome of the status rule, with the numbers behind it for the methods page."""

    code: str  # met | on_track | too_slow | limited | backwards | cannot_assess
    reason: str
    milestone_year: int | None = None
    ratio: float | None = None
    method: str | None = None  # "growth" or "linear"


def resolve_target(target: Target | None, comparator_value: float | None) -> float | None:
    """The number a target asks for: its value, the comparator's latest value plus the offset
    for relative and gap targets, or that value times the share for ratio targets (0.85 → 85% of it). ``None`` for text and rank targets or a missing comparator."""
    if target is None or target.value is None:
        return None
    if target.kind == "value":
        return target.value
    if target.kind in ("relative_to_comparator", "gap_to_comparator"):
        return None if comparator_value is None else comparator_value + target.value
    if target.kind == "ratio_to_comparator":
        return None if comparator_value is None else comparator_value * target.value
    return None


def yearly_rate(start: float, end: float, years: float, growth: bool) -> float:
    """Compound yearly growth rate when ``growth`` is true, else the linear change per year."""
    if growth:
        return (end / start) ** (1 / years) - 1
    return (end - start) / years


def status(
    observations: list[Observation],
    targets: list[Target],
    direction: str,
    as_of_year: int,
    comparator_value: float | None = None,
) -> Status:
    """Status of a series against its next milestone after ``as_of_year`` (else the 2040 target).

    ratio = actual yearly rate (baseline → latest) / needed yearly rate (baseline → milestone).
    ratio ≥ 0.95 on track; 0.60–0.95 progressing too slowly; 0–0.60 limited progress; below 0
    going backwards. A latest value already at or beyond the milestone is 'met'. Rates are
    compound growth rates when the baseline, latest value and milestone are all above zero, and
    linear (change per year) otherwise — growth rates cannot reach a target of zero.
    Cannot assess: no better direction, a text or rank target, fewer than two comparable values,
    or a baseline and latest value for the same period.
    """
    if direction not in (HIGHER, LOWER):
        # A measure with no figures yet (police satisfaction, "To be confirmed") is recorded without
        # a direction; the reader is told the true reason, not that higher or lower is no better.
        return Status("cannot_assess", NO_FIGURES if not comparable(observations) else "the measure has no better direction")
    if not targets:
        return Status("cannot_assess", "no milestones or target are set for it")
    ahead = sorted((t for t in targets if t.year > as_of_year), key=lambda t: t.year)
    if not ahead:
        return Status("cannot_assess", "no milestone or target after this edition")
    target = ahead[0]
    goal = resolve_target(target, comparator_value)
    if goal is None:
        why = "the milestone is described in words" if target.kind in ("text", "rank") or target.value is None \
            else "no comparator value to measure the milestone against"
        return Status("cannot_assess", why, target.year)
    values = comparable(observations)
    if len(values) < 2:
        return Status("cannot_assess", "fewer than two comparable values", target.year)
    base = next((o for o in values if o.baseline), values[0])
    latest = values[-1]
    elapsed = years_between(base.period_end, latest.period_end)
    if elapsed <= 0:
        return Status("cannot_assess", "the baseline and the latest value cover the same period", target.year)
    sign = 1 if direction == HIGHER else -1
    if sign * (latest.value - goal) >= 0:
        return Status("met", "the latest value has reached the milestone", target.year)
    method = "growth" if base.value > 0 and latest.value > 0 and goal > 0 else "linear"
    if sign * (base.value - goal) >= 0:
        # The baseline already met the milestone and the latest value has slipped away from it.
        return Status("backwards", "the value has fallen back from the milestone", target.year, None, method)
    remaining = years_between(base.period_end, date(target.year, 12, 31))
    actual = yearly_rate(base.value, latest.value, elapsed, method == "growth")
    needed = yearly_rate(base.value, goal, remaining, method == "growth")
    ratio = actual / needed
    if ratio >= ON_TRACK:
        code = "on_track"
    elif ratio >= TOO_SLOW:
        code = "too_slow"
    elif ratio >= 0:
        code = "limited"
    else:
        code = "backwards"
    return Status(code, f"actual rate is {ratio:.2f} of the rate needed", target.year, ratio, method)
