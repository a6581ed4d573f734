"""Measure charts: what each chart shows, as a pure ``ChartSpec`` (``chart_svg`` draws it).

A chart has one panel per unit (GVA total and per head get two; male and female healthy life
expectancy share one). Luton's values are solid lines with markers, each series with its own
marker shape and line style so nothing depends on colour; the comparator is grey and dashed; the
2027, 2031 and 2035 milestones and the 2040 target are hollow diamonds labelled with their year.
Text and rank targets have no point to plot and are shown as text on the page instead. Every label
goes through ``format.py``; the title states the message and ``alt_text`` says what the chart shows.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from luton2040.compute import cells
from luton2040.compute import format as fmt
from luton2040.compute.measure_facts import SeriesFacts, facts_of
from luton2040.compute.measure_facts import shown_period as tables_period
from luton2040.compute.progress import resolve_target
from luton2040.data import periods
from luton2040.data.load import Dataset, Edition
from luton2040.data.model import MILESTONE_YEARS, TARGET_YEAR, Measure, Observation, Series

TREND_PHRASES = {
    "improving": "improving",
    "worsening": "getting worse",
    "little_change": "little changed",
    "not_enough_data": "only one comparable value so far",
}


@dataclass(frozen=True)
class Line:
    label: str
    points: tuple[tuple[dt.date, float], ...]
    comparator: bool = False
    periods: tuple[str, ...] = ()  # each point's period as the report prints it ('April 2024')
    axis_periods: tuple[str, ...] = ()  # the same, as the x axis writes it ('Apr 2024')


@dataclass(frozen=True)
class Marker:
    label: str          # "2027 milestone", "2040 target"
    when: dt.date
    value: float
    text: str           # the formatted value
    series: str = ""    # the series' id (data/targets.csv)
    note: str = ""      # the target's note for readers


@dataclass(frozen=True)
class Panel:
    series: tuple[Series, ...]
    lines: tuple[Line, ...]
    markers: tuple[Marker, ...]

    @property
    def unit_label(self) -> str:
        return self.series[0].unit.label


@dataclass(frozen=True)
class ChartSpec:
    """Everything drawn in a measure's chart, as data."""

    measure: Measure
    title: str
    alt: str
    panels: tuple[Panel, ...]
    colour: str


def _points(observations: list[Observation]) -> tuple[tuple[dt.date, float], ...]:
    return tuple((o.period_end, float(o.value)) for o in observations if o.comparable)


def _periods(observations: list[Observation]) -> tuple[str, ...]:
    """Each plotted point's period, worded as the alt text and the "Every value" table word it."""
    return tuple(tables_period(o) for o in observations if o.comparable)


def _axis_periods(observations: list[Observation]) -> tuple[str, ...]:
    """Each plotted point's period in the x axis's short words ('Sep 2023', 'Apr–Jun 2023')."""
    return tuple(periods.short_display(o.period, o.period_end) for o in observations if o.comparable)


def _line(label: str, observations: list[Observation], comparator: bool = False) -> Line:
    return Line(label, _points(observations), comparator, _periods(observations), _axis_periods(observations))


def _markers(data: Dataset, f: SeriesFacts) -> tuple[Marker, ...]:
    comparator = f.comparator.value if f.comparator is not None and f.comparator.comparable else None
    area = data.areas.get(f.measure.comparator) if f.measure.comparator else None
    out = []
    for t in data.targets_of(f.measure.id, f.series.id):
        goal = t.value if t.kind == "rank" else resolve_target(t, comparator)
        if goal is None:
            continue
        label = f"{t.year} target" if t.year == TARGET_YEAR else f"{t.year} milestone"
        out.append(Marker(label, dt.date(t.year, 12, 31), float(goal), fmt.target(t, f.series, area, comparator),
                          f.series.id, t.note))
    return tuple(out)


def lower_first(text: str) -> str:
    """'Males' → 'males', but 'GVA per head' stays as it is."""
    return text[:1].lower() + text[1:] if text[1:2].islower() else text


def _series_name(f: SeriesFacts, many: bool) -> str:
    return f"Luton, {lower_first(f.series.label)}" if many and f.series.label else "Luton"


def _next_target_text(data: Dataset, f: SeriesFacts, edition: Edition) -> str:
    area = data.areas.get(f.measure.comparator) if f.measure.comparator else None
    ahead = [t for t in data.targets_of(f.measure.id, f.series.id) if t.year > edition.year]
    if not ahead:
        return ""
    t = ahead[0]
    name = "target" if t.year == TARGET_YEAR else "milestone"
    if t.kind == "text" or t.value is None:
        return f"the {t.year} {name} reads \u201c{fmt.target(t, f.series, area)}\u201d"
    # with the number a target set against the comparator asks for, as the tables give it
    return f"the {t.year} {name} is {fmt.target(t, f.series, area, cells.comparator_value(f))}"


def alt_text(data: Dataset, edition: Edition, facts: list[SeriesFacts]) -> str:
    """What the chart shows in words, with the first and latest values and the next milestone:
    'Households in destitution: 7.3% in 2019, 9.9% in April 2024; the 2027 milestone is 7.7%'."""
    drawn = [f for f in facts if _points(list(f.history))]
    many = len(drawn) > 1
    parts = []
    for f in drawn:
        values = [o for o in f.history if o.comparable]
        first, last = values[0], values[-1]
        said = f"{fmt.observation(first, f.series)} in {tables_period(first)}"
        if last is not first:
            said += f", {fmt.observation(last, f.series)} in {tables_period(last)}"
        extra = []
        if f.comparator is not None and f.comparator.comparable:
            area = data.areas.get(f.measure.comparator)
            extra.append(f"{area.name if area else f.measure.comparator} "
                         f"{fmt.observation(f.comparator, f.series)} in {tables_period(f.comparator)}")
        target = _next_target_text(data, f, edition)
        if target:
            extra.append(target)
        label = f"{f.series.label}: " if many and f.series.label else ""
        parts.append(label + said + ("; " + "; ".join(extra) if extra else ""))
    head = facts[0].measure.short_measure
    if not many:
        return f"{head}: {parts[0]}"
    return f"{head}. " + ". ".join(parts) + "."


def _phrase(f: SeriesFacts) -> str:
    trend = TREND_PHRASES.get(f.trend, "")
    code, year = f.status.code, f.status.milestone_year
    name = "target" if year == TARGET_YEAR else "milestone"
    but = ", but" if f.trend == "improving" else ","
    status = {
        "met": f"{', and' if f.trend == 'improving' else ', though'} the {year} {name} is already met",
        "on_track": f"{', and' if f.trend == 'improving' else ', but'} on track for the {year} {name}",
        "too_slow": f"{but} too slowly to reach the {year} {name}" if f.trend == "improving"
        else f"{but} progressing too slowly for the {year} {name}",
        "limited": f"{but} making limited progress towards the {year} {name}",
        "backwards": f"{but} further from the {year} {name} than at the baseline",
    }.get(code, "")
    return trend + status


def title(facts: list[SeriesFacts]) -> str:
    """A title that states the chart's message, from the trend and status of each series."""
    assessed = [f for f in facts if f.series.assessed and f.trend in TREND_PHRASES]
    head = facts[0].measure.short_measure
    if not assessed:
        return f"{head}: values so far"
    phrases = [_phrase(f) for f in assessed]
    if len(set(phrases)) == 1:
        return f"{head}: {phrases[0]}"
    return f"{head}: " + "; ".join(f"{lower_first(f.series.label) or 'all'} {p}" for f, p in zip(assessed, phrases))


def chart_spec(data: Dataset, edition: Edition, measure: Measure) -> ChartSpec | None:
    """The chart of a measure, or None when it has no comparable Luton values to plot."""
    facts = [f for f in facts_of(data, edition, measure) if _points(list(f.history))]
    if not facts:
        return None
    area = data.areas.get(measure.comparator) if measure.comparator else None
    by_unit: dict[str, list[SeriesFacts]] = {}
    for f in facts:
        by_unit.setdefault(f.series.unit.id, []).append(f)
    panels = []
    # More than two series of one unit (the four street-cleanliness parts) are drawn as small
    # multiples, one panel each, rather than eight crossing lines.
    groups = [g for group in by_unit.values() for g in (([f] for f in group) if len(group) > 2 else [group])]
    for group in groups:
        many = len(facts) > 1
        lines, markers = [], []
        for f in group:
            lines.append(_line(_series_name(f, many), list(f.history)))
            if measure.comparator:
                found = data.observations_of(measure.id, f.series.id, area=measure.comparator,
                                             edition=edition)
                if _points(found):
                    name = area.name if area else measure.comparator
                    label = f"{name}, {lower_first(f.series.label)}" if many and f.series.label else name
                    lines.append(_line(label, found, comparator=True))
            markers.extend(_markers(data, f))
        panels.append(Panel(tuple(f.series for f in group), tuple(lines), tuple(markers)))
    colour = data.priority(measure.priority).colour
    return ChartSpec(measure, title(facts), alt_text(data, edition, facts), tuple(panels), colour)


__all__ = ["ChartSpec", "chart_spec", "alt_text", "title", "MILESTONE_YEARS"]
