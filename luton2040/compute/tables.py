"""Every table the report prints, computed from the Dataset (pure: Table records, no markup).

The chapter tables, the headline table and the appendix all call the same cell functions
(``latest_cell``, ``target_cell``, ``trend_cell``, ``status_cell``), so they cannot disagree.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from luton2040.compute import format as fmt
from luton2040.data import periods
from luton2040.constants import LUTON
from luton2040.data.editions import editions_up_to, previous_edition
from luton2040.data.load import Dataset, Edition
from luton2040.compute.table_record import Cell, Table
from luton2040.data.model import MILESTONE_YEARS, TARGET_YEAR, Measure, Observation, Series
from luton2040.compute.progress import Status, Trend, status, trend_of


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
    history = data.observations_of(measure.id, series.id, cutoff=edition.data_cutoff)
    baseline = next((o for o in history if o.baseline), None)
    latest = history[-1] if history else None
    comparator = None
    if measure.comparator:
        found = data.observations_of(measure.id, series.id, area=measure.comparator, cutoff=edition.data_cutoff)
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
            text += f" ({shown_period(f.latest)})"
        parts.append(_labelled(f.series, text, many))
    return _join(parts)


def baseline_cell(facts: list[SeriesFacts]) -> str:
    many = len(facts) > 1
    parts = []
    for f in facts:
        text = fmt.observation(f.baseline, f.series)
        if f.baseline is not None and f.baseline.comparable:
            text += f" ({shown_period(f.baseline)})"
        parts.append(_labelled(f.series, text, many))
    return _join(parts)


def period_cell(facts: list[SeriesFacts]) -> str:
    shown: list[str] = []
    for f in facts:
        if f.latest is not None and shown_period(f.latest) not in shown:
            shown.append(shown_period(f.latest))
    return _join(shown) or "–"


def comparator_cell(data: Dataset, facts: list[SeriesFacts]) -> str:
    if not facts or not facts[0].measure.comparator:
        return "No comparison"
    area = data.areas.get(facts[0].measure.comparator)
    many = len(facts) > 1
    values = [_labelled(f.series, fmt.observation(f.comparator, f.series), many) for f in facts
              if f.comparator is not None]
    if not values:
        return "Not available"
    return f"{area.name if area else facts[0].measure.comparator}: {_join(values)}"


def comparator_value(f: SeriesFacts) -> float | None:
    """The comparator's number the series' targets are measured against, if it has one."""
    return f.comparator.value if f.comparator is not None and f.comparator.comparable else None


def target_cell(data: Dataset, facts: list[SeriesFacts], year: int) -> str:
    """A milestone or target for each series that has any (a measure's supporting series, such as
    GVA per head, often has none and is left out rather than shown as 'Not set')."""
    with_targets = [(f, {t.year: t for t in data.targets_of(f.measure.id, f.series.id)}) for f in facts]
    with_targets = [(f, found) for f, found in with_targets if found]
    many = len(with_targets) > 1
    parts = []
    for f, found in with_targets:
        area = data.areas.get(f.measure.comparator) if f.measure.comparator else None
        parts.append(_labelled(f.series, fmt.target(found.get(year), f.series, area, comparator_value(f)), many))
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


def tolerance_words(f: SeriesFacts, amount: float | None = None) -> str:
    """A tolerance in the series' unit, with percentages as points: '3 points', '£5.00'."""
    amount = f.measure.tolerance if amount is None else amount
    if f.series.unit.id == "percent":
        text = fmt.number(amount, 0 if float(amount).is_integer() else f.series.decimals)
        return f"{text} point" if text == "1" else f"{text} points"
    return fmt.value(amount, f.series.unit, f.series.decimals)


def trend_reason(f: SeriesFacts) -> str:
    """One line on why a series has its trend, with the numbers behind it."""
    rule = f.trend_rule
    if f.trend == "not_assessed":
        return "Not assessed: the measure has no better direction, or this series is supporting information."
    if f.trend == "not_enough_data":
        return "Not enough data: a trend needs two comparable figures."
    change = fmt.difference(rule.latest.value - rule.previous.value, f.series)
    limit = tolerance_words(f, rule.limit)
    better = "higher" if f.measure.direction == "higher_is_better" else "lower"
    return (f"{fmt.TREND_WORDS[f.trend]}: {fmt.observation(rule.previous, f.series)} ({shown_period(rule.previous)}) to "
            f"{fmt.observation(rule.latest, f.series)} ({shown_period(rule.latest)}), a change of {change}; "
            f"{better} is better, and changes up to {limit} count as little change.")


def status_reason(f: SeriesFacts) -> str:
    """One line on why a series has its status, with the numbers behind it."""
    words = fmt.STATUS_WORDS[f.status.code]
    year = f.status.milestone_year
    goal = f"the {year} {'target' if year == TARGET_YEAR else 'milestone'}" if year else "the next milestone"
    if f.status.code == "met":
        return f"{words}: the latest figure has already reached {goal}."
    if f.status.ratio is not None:
        return (f"{words}: since the baseline the figure has moved at {fmt.number(f.status.ratio * 100, 0)}% "
                f"of the yearly rate needed to reach {goal} on time.")
    if f.status.code == "backwards":
        return f"{words}: the baseline had already reached {goal}, and the latest figure has slipped back from it."
    return f"{words}: {f.status.reason}."


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
        Cell(status_cell(facts), status=True),
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


APPENDIX_COLUMNS = ("Priority", "Outcome", "Measure", "Baseline", "Latest result", "Year", "Comparator",
                    "2040 target", "2027 milestone", "2031 milestone", "2035 milestone")


def appendix_table(data: Dataset, edition: Edition, priority_id: str | None = None,
                   link: Link | None = None) -> Table:
    """All 40 measures (or one priority's, without the Priority column): baseline, latest, year,
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
        at = columns.index("Year") + 1
        columns = columns[:at] + (CHANGE_COLUMN,) + columns[at:]
        rows = [row[:at] + (Cell(change_cell(data, edition, before, m)),) + row[at:]
                for row, m in zip(rows, measures)]
    if priority_id is None:
        return Table(columns, tuple(rows), name="appendix-measures")
    return Table(columns[1:], tuple(row[1:] for row in rows), name=f"appendix-{priority_id}")


# ---------------------------------------------------------------- edition against edition

CHANGE_COLUMN = "Change since last report"
NO_NEW_DATA = "No new data"
NEW = "New"


def same_observation(a: Observation | None, b: Observation | None) -> bool:
    """Whether two editions' latest values are the one observation (same period, value and status)."""
    return a is not None and b is not None and (a.period_end, a.period, a.value, a.status) == \
        (b.period_end, b.period, b.value, b.status)


def change_text(now: SeriesFacts, before: SeriesFacts) -> str:
    """One series' change since the previous edition: the formatted difference, 'No new data' when
    the latest value is the one the previous edition reported, 'New' when it reported none."""
    if now.latest is None:
        return "No data"
    if same_observation(now.latest, before.latest):
        return NO_NEW_DATA
    if before.latest is None or not before.latest.comparable:
        return NEW
    if not now.latest.comparable:
        return fmt.observation(now.latest, now.series)
    return fmt.difference(now.latest.value - before.latest.value, now.series)


def change_cell(data: Dataset, edition: Edition, before: Edition, measure: Measure) -> str:
    """The appendix's 'Change since last report' for a measure (each series labelled when it has several)."""
    now, then = facts_of(data, edition, measure), facts_of(data, before, measure)
    many = len(now) > 1
    texts = [change_text(n, b) for n, b in zip(now, then)]
    if many and len(set(texts)) == 1:
        return texts[0]
    return _join([_labelled(n.series, t, many) for n, t in zip(now, texts)])


EDITION_COLUMNS = ("Report", "Latest result", "Change", "Trend since last figure", "Status towards next milestone")


def edition_history_table(data: Dataset, edition: Edition, measure: Measure) -> Table:
    """What each edition up to ``edition`` reported for the measure: latest result (with period),
    change since the edition before, trend and status; one row per edition (and series)."""
    many = len(measure.series) > 1
    rows = []
    for s in measure.series:
        before = None
        for e in editions_up_to(data, edition):
            f = series_facts(data, e, measure, s)
            change = "First report" if before is None else change_text(f, before)
            trend_words = fmt.TREND_WORDS[f.trend] if s.assessed else "Not assessed"
            status_words = fmt.STATUS_WORDS[f.status.code] if s.assessed else "Cannot assess"
            rows.append(tuple(([Cell(s.label)] if many else [])
                              + [Cell(str(e.year)), Cell(latest_cell([f])), Cell(change),
                                 Cell(trend_words), Cell(status_words, status=True)]))
            before = f
    columns = (("Series",) if many else ()) + EDITION_COLUMNS
    return Table(columns, tuple(rows), name=f"editions-{measure.id}")


def edition_changes(data: Dataset, edition: Edition, measure: Measure) -> list[str]:
    """Sentences on how trend and status moved since the previous edition (empty for the first)."""
    before = previous_edition(data, edition)
    if before is None:
        return []
    out = []
    many = len([s for s in measure.series if s.assessed]) > 1
    for s in measure.series:
        if not s.assessed:
            continue
        now, then = series_facts(data, edition, measure, s), series_facts(data, before, measure, s)
        who = f"{s.label}: " if many and s.label else ""
        parts = []
        for what, a, b in (("trend", fmt.TREND_WORDS[then.trend], fmt.TREND_WORDS[now.trend]),
                           ("status", fmt.STATUS_WORDS[then.status.code], fmt.STATUS_WORDS[now.status.code])):
            parts.append(f"the {what} is still {b.lower()}" if a == b
                         else f"the {what} changed from {a.lower()} to {b.lower()}")
        news = change_text(now, then)
        if news == NO_NEW_DATA:
            lead = "no new data since then"
        elif news == NEW:
            lead = "a first result since then"
        elif now.latest is None:
            lead = "still no result"
        elif not now.latest.comparable:
            lead = f"the newest figure is {news.lower()}"
        else:
            lead = f"the latest result has changed by {news}"
        out.append(f"{who}Since the {before.year} report: {lead}; {parts[0]}; {parts[1]}.")
    return out


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
                         Cell(latest_cell(facts)), Cell(trend_cell(facts)), Cell(status_cell(facts), status=True)))
    return Table(headline_status_columns(edition), tuple(rows), name="headline-status")


def measure_values_table(data: Dataset, edition: Edition, measure: Measure) -> Table:
    """Every published value of one measure up to the edition's cut-off: Luton's and the
    comparator's, each with its period (the baseline marked), or the reason it has no value."""
    many = len(measure.series) > 1
    rows = []
    for s in measure.series:
        areas = [LUTON] + ([measure.comparator] if measure.comparator else [])
        for area_id in areas:
            area = data.areas.get(area_id)
            for o in data.observations_of(measure.id, s.id, area=area_id, cutoff=edition.data_cutoff):
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
    """A measure's one status code: its series' common status, ``mixed`` when its parts (men and
    women, litter and detritus …) differ, ``cannot_assess`` when none is assessed."""
    codes = {f.status.code for f in facts_of(data, edition, measure) if f.series.assessed}
    if not codes:
        return "cannot_assess"
    return codes.pop() if len(codes) == 1 else MIXED


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
    different statuses counts as 'Mixed'."""
    codes = tuple(fmt.STATUS_WORDS) + (MIXED,)
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
