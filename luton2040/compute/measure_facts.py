"""What the report says about one series for one edition (``SeriesFacts``): baseline, latest,
matching comparator, history, trend and status as of the edition's cut-off."""
from __future__ import annotations

from dataclasses import dataclass

from luton2040.compute.progress import Status, Trend, status, trend_of
from luton2040.data import periods
from luton2040.data.load import Dataset, Edition
from luton2040.data.model import Measure, Observation, Series


@dataclass(frozen=True)
class SeriesFacts:
    """What the report says about one series of one measure, for one edition."""

    measure: Measure
    series: Series
    baseline: Observation | None
    latest: Observation | None
    comparator: Observation | None
    history: tuple[Observation, ...]
    trend: str
    status: Status
    trend_rule: Trend = Trend("not_assessed")  # the values and limit behind ``trend``


def matching_comparator(found: list[Observation], latest: Observation | None) -> Observation | None:
    """The comparator value to set beside Luton's latest: the one for the same period when there is
    one (England's 2023 figure beside Luton's 2023 figure, even if a later one exists), else the
    latest comparator value."""
    if not found:
        return None
    if latest is not None:
        same = [o for o in found if o.period_end == latest.period_end and o.comparable]
        if same:
            return same[-1]
    return found[-1]


def shown_period(obs: Observation) -> str:
    """An observation's period as the report prints it: unambiguous for a UK reader
    ('2023/24', 'August 2024', '2018–20'), worked out from the published label and period_end."""
    return periods.display(obs.period, obs.period_end)


def series_facts(data: Dataset, edition: Edition, measure: Measure, series: Series) -> SeriesFacts:
    """Baseline, latest, comparator, trend and status of a series as of the edition's cut-off."""
    history = data.observations_of(measure.id, series.id, edition=edition)
    baseline = next((o for o in history if o.baseline), None)
    latest = history[-1] if history else None
    comparator = None
    if measure.comparator:
        found = data.observations_of(measure.id, series.id, area=measure.comparator, edition=edition)
        comparator = matching_comparator(found, latest)
    comparator_value = comparator.value if comparator is not None and comparator.comparable else None
    if series.assessed:
        rule = trend_of(history, measure.direction, measure.tolerance)
        s = status(history, data.targets_of(measure.id, series.id), measure.direction, edition.year, comparator_value)
    else:
        rule, s = Trend("not_assessed"), Status("cannot_assess", "supporting series, not assessed")
    return SeriesFacts(measure, series, baseline, latest, comparator, tuple(history), rule.code, s, rule)


def facts_of(data: Dataset, edition: Edition, measure: Measure) -> list[SeriesFacts]:
    return [series_facts(data, edition, measure, s) for s in measure.series]
