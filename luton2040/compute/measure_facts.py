"""What the report says about one series for one edition (``SeriesFacts``): baseline, latest,
matching comparator, history, trend and status as of the edition's cut-off."""
from __future__ import annotations

from dataclasses import dataclass

from luton2040.compute import format as fmt
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


def figures_of_year(f: SeriesFacts, year: int) -> list[Observation]:
    """The series' comparable figures whose period lies within the calendar year ``year`` (2019;
    April 2019; Q2 2019): what "lower than in 2019" sets the latest figure beside. A period across
    two years (2019/20, 2017-19) belongs to neither year alone."""
    found = []
    for o in f.history:
        span = periods.parse_period(o.period) if o.comparable else None
        if span is not None and span[0].year == span[1].year == year:
            found.append(o)
    return found


def figure_of_year(f: SeriesFacts, year: int) -> Observation | None:
    """The one figure of ``year`` (``figures_of_year``) that the latest figure can be set beside:
    None when the year has none or several (a monthly series), or when it is the latest figure
    itself ("lower than in 2024" of an August 2024 figure speaks of a newer figure than the data has)."""
    found = figures_of_year(f, year)
    if len(found) != 1 or found[0] is next((o for o in reversed(f.history) if o.comparable), None):
        return None
    return found[0]


def comparator_in_sentence(data: Dataset, measure: Measure) -> str:
    """The name of the measure's comparator as it reads mid-sentence ("England", "the national
    average": ``format.area_in_sentence``), or "" when it has none."""
    area = data.areas.get(measure.comparator) if measure.comparator else None
    if area is None:
        return ""
    return fmt.area_in_sentence(area.name)


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
