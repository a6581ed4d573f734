"""Every table the report prints, computed from the Dataset (pure: Table records, no markup).

The chapter tables, the headline table and the appendix all call the same cell functions
(``latest_cell``, ``target_cell``, ``trend_cell``, ``status_cell``), so they cannot disagree.
"""
from __future__ import annotations

from typing import Callable

from luton2040.compute import format as fmt
from luton2040.compute.cells import (baseline_cell, comparator_cell, comparator_value, latest_cell, period_cell,
                                     status_cell, target_cell, trend_cell)
from luton2040.compute.edition_changes import CHANGE_COLUMN, change_cell
from luton2040.compute.measure_facts import facts_of, series_facts, shown_period
from luton2040.compute.table_record import Cell, Table
from luton2040.constants import LUTON
from luton2040.data.editions import previous_edition
from luton2040.data.load import Dataset, Edition
from luton2040.data.model import MILESTONE_YEARS, TARGET_YEAR, Measure

TREND_HEADING = "Trend since last figure"


def next_milestone(edition_year: int) -> int:
    """The milestone (or 2040 target) year a status is measured against: the first after the edition."""
    return next((y for y in (*MILESTONE_YEARS, TARGET_YEAR) if y > edition_year), TARGET_YEAR)


def status_heading(edition: Edition) -> str:
    """'Status towards the 2027 milestone': the heading says what the status compares."""
    year = next_milestone(edition.year)
    return f"Status towards the {year} {'target' if year == TARGET_YEAR else 'milestone'}"


def measure_columns(edition: Edition) -> tuple[str, ...]:
    return ("Outcome", "Measure", "Latest result", f"{MILESTONE_YEARS[0]} milestone", f"{TARGET_YEAR} target",
            TREND_HEADING, status_heading(edition))


MEASURE_COLUMNS = ("Outcome", "Measure", "Latest result", "2027 milestone", "2040 target", TREND_HEADING,
                   "Status towards the 2027 milestone")  # as measure_columns() gives for editions before 2027


Link = Callable[[Measure], str]  # a measure → the href of its page, relative to the table's page


def measure_row(data: Dataset, edition: Edition, measure: Measure, link: Link | None = None) -> tuple[Cell, ...]:
    facts = facts_of(data, edition, measure)
    return (
        Cell(measure.outcome),
        Cell(measure.short_measure, link(measure) if link else None),
        Cell(latest_cell(facts)),
        Cell(target_cell(data, facts, MILESTONE_YEARS[0])),
        Cell(target_cell(data, facts, TARGET_YEAR)),
        Cell(trend_cell(facts)),
        Cell(status_cell(facts, next_milestone(edition.year)), status=True),
    )


def measures_table(data: Dataset, edition: Edition, priority_id: str, link: Link | None = None) -> Table:
    """One priority's measures: latest result, 2027 milestone, 2040 target, trend and status.
    With ``link``, each measure's name links to its page."""
    rows = tuple(measure_row(data, edition, m, link) for m in data.measures_of(priority_id))
    return Table(measure_columns(edition), rows, name=f"measures-{priority_id}")


def headline_table(data: Dataset, edition: Edition, link: Link | None = None) -> Table:
    """The six headline measures (poverty plus one per priority), in priority order."""
    rows = tuple(measure_row(data, edition, m, link) for m in data.measures if m.headline)
    return Table(measure_columns(edition), rows, name="headline-measures")


APPENDIX_COLUMNS = ("Priority", "Outcome", "Measure", "Baseline", "Latest result", "Period", "Comparator",
                    "2040 target", "2027 milestone", "2031 milestone", "2035 milestone")


def appendix_table(data: Dataset, edition: Edition, priority_id: str | None = None,
                   link: Link | None = None) -> Table:
    """All 40 measures (or one priority's, without the Priority column): baseline, latest, its period,
    comparator, 2040 target and the three milestones. With ``link``, measures link to their pages."""
    measures = data.measures if priority_id is None else data.measures_of(priority_id)
    rows = []
    for m in measures:
        facts = facts_of(data, edition, m)
        rows.append((
            Cell(data.priority(m.priority).short_title),
            Cell(m.outcome),
            Cell(m.measure, link(m) if link else None),
            Cell(baseline_cell(facts)),
            Cell(latest_cell(facts, with_period=False)),
            Cell(period_cell(facts)),
            Cell(comparator_cell(data, facts)),
            Cell(target_cell(data, facts, TARGET_YEAR)),
            *(Cell(target_cell(data, facts, y)) for y in MILESTONE_YEARS),
        ))
    columns = APPENDIX_COLUMNS
    before = previous_edition(data, edition)
    if before is not None:  # the first edition has nothing to compare with: no column
        at = columns.index("Period") + 1
        columns = columns[:at] + (CHANGE_COLUMN,) + columns[at:]
        rows = [row[:at] + (Cell(change_cell(data, edition, before, m)),) + row[at:]
                for row, m in zip(rows, measures)]
    if priority_id is None:
        return Table(columns, tuple(rows), name="appendix-measures")
    return Table(columns[1:], tuple(row[1:] for row in rows), name=f"appendix-{priority_id}")


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


# ---------------------------------------------------------------- the website's extra tables

HEADLINE_STATUS_COLUMNS = ("Priority", "Measure", "Latest result", TREND_HEADING, "Status towards the 2027 milestone")


def headline_status_columns(edition: Edition) -> tuple[str, ...]:
    return ("Priority", "Measure", "Latest result", TREND_HEADING, status_heading(edition))


def headline_status_table(data: Dataset, edition: Edition, link: Link | None = None) -> Table:
    """The headline measures with their latest result, trend and status (the home page)."""
    rows = []
    for m in data.measures:
        if m.headline:
            facts = facts_of(data, edition, m)
            rows.append((Cell(data.priority(m.priority).short_title), Cell(m.short_measure, link(m) if link else None),
                         Cell(latest_cell(facts)), Cell(trend_cell(facts)),
                         Cell(status_cell(facts, next_milestone(edition.year)), status=True)))
    return Table(headline_status_columns(edition), tuple(rows), name="headline-status")


def measure_values_table(data: Dataset, edition: Edition, measure: Measure) -> Table:
    """Every published value of one measure up to the edition's cut-off: Luton's and the
    comparator's, each with its period (the baseline marked), or the reason it has no value.
    A measure with no value at all (police satisfaction: 'To be confirmed') has no rows: its rows
    hold placeholder years, and '2019 (baseline): To be confirmed' would date a figure that does
    not exist (the page says no values have been published yet)."""
    many = len(measure.series) > 1
    rows = []
    if all(o.value is None for s in measure.series
           for o in data.observations_of(measure.id, s.id, area=LUTON, edition=edition)):
        return Table((("Series",) if many else ()) + ("Area", "Period", "Value"), (), name=f"values-{measure.id}")
    for s in measure.series:
        areas = [LUTON] + ([measure.comparator] if measure.comparator else [])
        for area_id in areas:
            area = data.areas.get(area_id)
            for o in data.observations_of(measure.id, s.id, area=area_id, edition=edition):
                period = f"{shown_period(o)} (baseline)" if o.baseline else shown_period(o)
                rows.append(tuple(([Cell(s.label)] if many else [])
                                  + [Cell(area.name if area else area_id), Cell(period), Cell(fmt.observation(o, s))]))
    columns = (("Series",) if many else ()) + ("Area", "Period", "Value")
    return Table(columns, tuple(rows), name=f"values-{measure.id}")


def measure_targets_table(data: Dataset, measure: Measure, edition: Edition | None = None) -> Table:
    """A measure's 2027, 2031 and 2035 milestones and 2040 target, per series that has any;
    text targets in their own words. With ``edition``, a target set as a share of the comparator
    also shows the number it comes to ('29% (85% of England's 34%)')."""
    years = (*MILESTONE_YEARS, TARGET_YEAR)
    area = data.areas.get(measure.comparator) if measure.comparator else None
    with_targets = [s for s in measure.series if data.targets_of(measure.id, s.id)]
    many = len(with_targets) > 1
    rows = []
    for s in with_targets:
        found = {t.year: t for t in data.targets_of(measure.id, s.id)}
        against = comparator_value(series_facts(data, edition, measure, s)) if edition is not None else None
        rows.append(tuple(([Cell(s.label)] if many else [])
                          + [Cell(fmt.target(found.get(y), s, area, against)) for y in years]))
    columns = (("Series",) if many else ()) + tuple(f"{y} milestone" for y in MILESTONE_YEARS) + (f"{TARGET_YEAR} target",)
    return Table(columns, tuple(rows), name=f"targets-{measure.id}")


MIXED = "mixed"


def measure_status(data: Dataset, edition: Edition, measure: Measure) -> str:
    """A measure's one status code: the common status of its series that can be assessed, ``mixed``
    when those parts (men and women, total and per person …) differ, ``cannot_assess`` when none can
    be. A part that cannot be assessed yet (graffiti, whose milestone is a form of words; GVA per head,
    which has none) does not make the others' status mixed: a reader takes "Mixed" as some parts
    doing well and some badly."""
    codes = {f.status.code for f in facts_of(data, edition, measure) if f.series.assessed}
    assessed = codes - {"cannot_assess"}
    if not assessed:
        return "cannot_assess"
    return assessed.pop() if len(assessed) == 1 else MIXED


def status_counts(data: Dataset, edition: Edition) -> dict[str, dict[str, int]]:
    """priority id → status code (or ``mixed``) → number of measures."""
    counts: dict[str, dict[str, int]] = {}
    for m in data.measures:
        code = measure_status(data, edition, m)
        bucket = counts.setdefault(m.priority, {})
        bucket[code] = bucket.get(code, 0) + 1
    return counts


def progress_summary_table(data: Dataset, edition: Edition) -> Table:
    """Counts of measures by status within each priority, with totals; a measure whose parts have
    different statuses counts as 'Mixed'. The columns follow the chart's key above the table
    (… going backwards, mixed, cannot assess), so the two read in the same order."""
    codes = tuple(c for c in fmt.STATUS_WORDS if c != "cannot_assess") + (MIXED, "cannot_assess")
    words = {**fmt.STATUS_WORDS, MIXED: "Mixed"}
    counts = status_counts(data, edition)
    rows, totals = [], dict.fromkeys(codes, 0)
    for p in data.priorities:
        found = counts.get(p.id, {})
        rows.append((Cell(p.short_title), *(Cell(fmt.number(found.get(c, 0), 0)) for c in codes),
                     Cell(fmt.number(sum(found.values()), 0))))
        for c in codes:
            totals[c] += found.get(c, 0)
    rows.append((Cell("All priorities"), *(Cell(fmt.number(totals[c], 0)) for c in codes),
                 Cell(fmt.number(sum(totals.values()), 0))))
    return Table(("Priority", *(words[c] for c in codes), "Total"), tuple(rows), name="progress-summary")


COVERAGE_COLUMNS = ("Priority", "Measure", "Baseline", "Recent value", "Comparator", "Numeric targets")


def coverage_of(data: Dataset, edition: Edition, measure: Measure) -> dict[str, bool]:
    """Whether a measure has a baseline, a value since its baseline, a comparator value and a
    numeric milestone or target (for at least one of its series)."""
    facts = facts_of(data, edition, measure)
    return {
        "baseline": any(f.baseline is not None and f.baseline.comparable for f in facts),
        "recent": any(f.latest is not None and f.latest.comparable and not f.latest.baseline for f in facts),
        "comparator": any(f.comparator is not None and f.comparator.comparable for f in facts),
        "targets": any(t.kind != "text" and t.value is not None
                       for s in measure.series for t in data.targets_of(measure.id, s.id)),
    }


def coverage_table(data: Dataset, edition: Edition, link: Link | None = None) -> Table:
    """Which measures have a baseline, a recent value, a comparator and numeric targets."""
    rows = []
    for m in data.measures:
        found = coverage_of(data, edition, m)
        rows.append((Cell(data.priority(m.priority).short_title), Cell(m.short_measure, link(m) if link else None),
                     *(Cell("Yes" if found[k] else "No") for k in ("baseline", "recent", "comparator", "targets"))))
    return Table(COVERAGE_COLUMNS, tuple(rows), name="coverage")
