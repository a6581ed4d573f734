"""Every table the report prints, computed from the Dataset (pure: Table records, no markup).

The chapter tables, the headline table and the appendix all call the same cell functions
(``latest_cell``, ``target_cell``, ``trend_cell``, ``status_cell``), so they cannot disagree.
"""
from __future__ import annotations

from dataclasses import dataclass

from . import format as fmt
from .load import Dataset, Edition
from .model import MILESTONE_YEARS, TARGET_YEAR, Measure, Observation, Series
from .progress import Status, status, trend


@dataclass(frozen=True)
class Cell:
    text: str
    href: str | None = None


@dataclass(frozen=True)
class Table:
    """A table as data: column headings and rows of cells. Displays as markdown in notebooks."""

    columns: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    name: str = ""

    def _repr_markdown_(self) -> str:
        from .markdown import table_markdown
        return table_markdown(self)

    def texts(self) -> list[list[str]]:
        """The cell texts, row by row (for tests and CSV export)."""
        return [[c.text for c in row] for row in self.rows]


# ---------------------------------------------------------------- series-level facts

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


def series_facts(data: Dataset, edition: Edition, measure: Measure, series: Series) -> SeriesFacts:
    """Baseline, latest, comparator, trend and status of a series as of the edition's cut-off."""
    history = data.observations_of(measure.id, series.id, cutoff=edition.data_cutoff)
    baseline = next((o for o in history if o.baseline), None)
    latest = history[-1] if history else None
    comparator = None
    if measure.comparator:
        found = data.observations_of(measure.id, series.id, area=measure.comparator, cutoff=edition.data_cutoff)
        comparator = found[-1] if found else None
    comparator_value = comparator.value if comparator is not None and comparator.comparable else None
    if series.assessed:
        t = trend(history, measure.direction, measure.tolerance)
        s = status(history, data.targets_of(measure.id, series.id), measure.direction, edition.year, comparator_value)
    else:
        t, s = "not_assessed", Status("cannot_assess", "supporting series, not assessed")
    return SeriesFacts(measure, series, baseline, latest, comparator, tuple(history), t, s)


def facts_of(data: Dataset, edition: Edition, measure: Measure) -> list[SeriesFacts]:
    return [series_facts(data, edition, measure, s) for s in measure.series]


# ---------------------------------------------------------------- cells

def _labelled(series: Series, text: str, many: bool) -> str:
    return f"{series.label}: {text}" if many and series.label else text


def _join(parts: list[str]) -> str:
    return "; ".join(p for p in parts if p)


def latest_cell(facts: list[SeriesFacts], with_period: bool = True) -> str:
    many = len(facts) > 1
    parts = []
    for f in facts:
        text = fmt.observation(f.latest, f.series)
        if with_period and f.latest is not None and f.latest.comparable:
            text += f" ({f.latest.period})"
        parts.append(_labelled(f.series, text, many))
    return _join(parts)


def baseline_cell(facts: list[SeriesFacts]) -> str:
    many = len(facts) > 1
    parts = []
    for f in facts:
        text = fmt.observation(f.baseline, f.series)
        if f.baseline is not None and f.baseline.comparable:
            text += f" ({f.baseline.period})"
        parts.append(_labelled(f.series, text, many))
    return _join(parts)


def period_cell(facts: list[SeriesFacts]) -> str:
    periods = []
    for f in facts:
        if f.latest is not None and f.latest.period not in periods:
            periods.append(f.latest.period)
    return _join(periods) or "–"


def comparator_cell(data: Dataset, facts: list[SeriesFacts]) -> str:
    if not facts or not facts[0].measure.comparator:
        return "None"
    area = data.areas.get(facts[0].measure.comparator)
    many = len(facts) > 1
    values = [_labelled(f.series, fmt.observation(f.comparator, f.series), many) for f in facts
              if f.comparator is not None]
    if not values:
        return "Not available"
    return f"{area.name if area else facts[0].measure.comparator}: {_join(values)}"


def target_cell(data: Dataset, facts: list[SeriesFacts], year: int) -> str:
    """A milestone or target for each series that has any (a measure's supporting series, such as
    GVA per head, often has none and is left out rather than shown as 'Not set')."""
    with_targets = [(f, {t.year: t for t in data.targets_of(f.measure.id, f.series.id)}) for f in facts]
    with_targets = [(f, found) for f, found in with_targets if found]
    many = len(with_targets) > 1
    parts = []
    for f, found in with_targets:
        area = data.areas.get(f.measure.comparator) if f.measure.comparator else None
        parts.append(_labelled(f.series, fmt.target(found.get(year), f.series, area), many))
    return _join(parts) or "Not set"


def trend_cell(facts: list[SeriesFacts]) -> str:
    assessed = [f for f in facts if f.series.assessed]
    many = len(assessed) > 1
    words = [fmt.TREND_WORDS[f.trend] for f in assessed]
    if many and len(set(words)) == 1:
        return words[0]
    return _join([_labelled(f.series, fmt.TREND_WORDS[f.trend], many) for f in assessed]) or "Not assessed"


def status_cell(facts: list[SeriesFacts]) -> str:
    assessed = [f for f in facts if f.series.assessed]
    many = len(assessed) > 1
    words = [fmt.STATUS_WORDS[f.status.code] for f in assessed]
    if many and len(set(words)) == 1:
        return words[0]
    return _join([_labelled(f.series, fmt.STATUS_WORDS[f.status.code], many) for f in assessed]) or "Cannot assess"


# ---------------------------------------------------------------- tables

MEASURE_COLUMNS = ("Outcome", "Measure", "Latest result", "2027 milestone", "2040 target", "Trend", "Status")


def measure_row(data: Dataset, edition: Edition, measure: Measure) -> tuple[Cell, ...]:
    facts = facts_of(data, edition, measure)
    return (
        Cell(measure.outcome),
        Cell(measure.short_measure),
        Cell(latest_cell(facts)),
        Cell(target_cell(data, facts, MILESTONE_YEARS[0])),
        Cell(target_cell(data, facts, TARGET_YEAR)),
        Cell(trend_cell(facts)),
        Cell(status_cell(facts)),
    )


def measures_table(data: Dataset, edition: Edition, priority_id: str) -> Table:
    """One priority's measures: latest result, 2027 milestone, 2040 target, trend and status."""
    rows = tuple(measure_row(data, edition, m) for m in data.measures_of(priority_id))
    return Table(MEASURE_COLUMNS, rows, name=f"measures-{priority_id}")


def headline_table(data: Dataset, edition: Edition) -> Table:
    """The six headline measures (poverty plus one per priority), in priority order."""
    rows = tuple(measure_row(data, edition, m) for m in data.measures if m.headline)
    return Table(MEASURE_COLUMNS, rows, name="headline-measures")


APPENDIX_COLUMNS = ("Priority", "Outcome", "Measure", "Baseline", "Latest result", "Year", "Comparator",
                    "2040 target", "2027 milestone", "2031 milestone", "2035 milestone")


def appendix_table(data: Dataset, edition: Edition, priority_id: str | None = None) -> Table:
    """All 40 measures (or one priority's, without the Priority column): baseline, latest, year,
    comparator, 2040 target and the three milestones."""
    measures = data.measures if priority_id is None else data.measures_of(priority_id)
    rows = []
    for m in measures:
        facts = facts_of(data, edition, m)
        rows.append((
            Cell(data.priority(m.priority).short_title),
            Cell(m.outcome),
            Cell(m.measure),
            Cell(baseline_cell(facts)),
            Cell(latest_cell(facts, with_period=False)),
            Cell(period_cell(facts)),
            Cell(comparator_cell(data, facts)),
            Cell(target_cell(data, facts, TARGET_YEAR)),
            *(Cell(target_cell(data, facts, y)) for y in MILESTONE_YEARS),
        ))
    if priority_id is None:
        return Table(APPENDIX_COLUMNS, tuple(rows), name="appendix-measures")
    return Table(APPENDIX_COLUMNS[1:], tuple(row[1:] for row in rows), name=f"appendix-{priority_id}")


def outcomes_table(data: Dataset) -> Table:
    """The 40 outcomes and their single measures, by priority."""
    rows = tuple((Cell(data.priority(m.priority).short_title), Cell(m.outcome), Cell(m.short_measure))
                 for m in data.measures)
    return Table(("Priority", "Outcome", "Measure"), rows, name="outcomes")


def milestones_table(data: Dataset, edition: Edition, year: int) -> Table:
    """Every measure's milestone for one year, beside its latest result."""
    rows = []
    for m in data.measures:
        facts = facts_of(data, edition, m)
        rows.append((Cell(data.priority(m.priority).short_title), Cell(m.outcome),
                     Cell(latest_cell(facts)), Cell(target_cell(data, facts, year))))
    return Table(("Priority", "Outcome", "Latest result", f"{year} milestone"), tuple(rows), name=f"milestones-{year}")


def mis_bands_table(data: Dataset) -> Table:
    """Luton households by Minimum Income Standard band."""
    rows = []
    for band in data.mis_bands:
        households = fmt.number(band["households"], 0)
        share = fmt.number(band["share"], 1) + "%"
        rows.append((Cell(band["band"]), Cell(band["name"]), Cell(households), Cell(share), Cell(band["description"])))
    return Table(("Band", "Standard of living", "Households", "Share of households", "What it means"),
                 tuple(rows), name="mis-bands")
