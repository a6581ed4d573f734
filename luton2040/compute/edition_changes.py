"""Edition against edition: a measure's change since the last report, what each edition reported,
and sentences on how its trend and status moved."""
from __future__ import annotations

from luton2040.compute import format as fmt
from luton2040.compute.cells import joined, labelled, latest_cell
from luton2040.compute.measure_facts import SeriesFacts, facts_of, series_facts
from luton2040.compute.table_record import Cell, Table
from luton2040.data.editions import editions_up_to, previous_edition
from luton2040.data.load import Dataset, Edition
from luton2040.data.model import Measure, Observation

CHANGE_COLUMN = "Change since last report"
NO_NEW_DATA = "No new data"
NEW = "New"
REVISED = "Revised from"


def same_observation(a: Observation | None, b: Observation | None) -> bool:
    """Whether two editions' latest values are the one observation (same period, value and status)."""
    return a is not None and b is not None and (a.period_end, a.period, a.value, a.status) == \
        (b.period_end, b.period, b.value, b.status)


def revised(a: Observation | None, b: Observation | None) -> bool:
    """Whether ``a`` is ``b``'s period with another value: a figure revised since ``b`` was published
    (data/published.py), not news."""
    return a is not None and b is not None and (a.period_end, a.period) == (b.period_end, b.period) \
        and not same_observation(a, b)


def change_text(now: SeriesFacts, before: SeriesFacts) -> str:
    """One series' change since the previous edition: the formatted difference, 'No new data' when
    the latest value is the one the previous edition reported, 'Revised from 9.9%' when it is that
    figure revised since, 'New' when it reported none."""
    if now.latest is None:
        return "No data"
    if same_observation(now.latest, before.latest):
        return NO_NEW_DATA
    if revised(now.latest, before.latest):
        return f"{REVISED} {fmt.observation(before.latest, before.series)}"
    if before.latest is None or not before.latest.comparable:
        return NEW
    if not now.latest.comparable:
        return fmt.observation(now.latest, now.series)
    return fmt.difference(now.latest.value - before.latest.value, now.series)


def reported_facts(data: Dataset, edition: Edition, measure: Measure, series) -> SeriesFacts:
    """``series_facts`` of the series as ``edition`` reported them: judged in its own view of the
    data (``Dataset.for_edition``), so a past edition's status is against the milestones it
    published, with the measure's direction and tolerance as it published them, whatever was
    changed for a later report."""
    view = data.for_edition(edition)
    try:
        own = view.measure(measure.id)
        return series_facts(view, edition, own, own.get_series(series.id))
    except KeyError:  # (not in that report: the callers ask only about series it reported)
        return series_facts(data, edition, measure, series)


def change_cell(data: Dataset, edition: Edition, before: Edition, measure: Measure) -> str:
    """The appendix's 'Change since last report' for a measure (each series labelled when it has several)."""
    now, then = facts_of(data, edition, measure), [reported_facts(data, before, measure, s) for s in measure.series]
    many = len(now) > 1
    texts = [change_text(n, b) for n, b in zip(now, then)]
    if many and len(set(texts)) == 1:
        return texts[0]
    return joined([labelled(n.series, t, many) for n, t in zip(now, texts)])


EDITION_COLUMNS = ("Report", "Latest result", "Change", "Trend since last figure", "Status towards next milestone")


def reported(edition: Edition, measure: Measure, series) -> bool:
    """Whether ``edition`` reported that series of the measure: every series while it is the newest,
    the ones its record has rows for once it is past (``Dataset.for_edition``)."""
    pairs = edition.published_series
    return pairs is None or (measure.id, series.id) in pairs


def edition_history_table(data: Dataset, edition: Edition, measure: Measure) -> Table:
    """What each edition up to ``edition`` reported for the measure: latest result (with period),
    change since the edition before, trend and status; one row per edition (and series)."""
    many = len(measure.series) > 1
    rows = []
    for s in measure.series:
        before = None
        for e in editions_up_to(data, edition):
            if not reported(e, measure, s):  # (a measure or series added for a later report)
                continue
            f = reported_facts(data, e, measure, s)
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
        if not reported(before, measure, s):  # new in this report: the earlier one had nothing to say
            out.append(f"{f'{s.label}: ' if many and s.label else ''}New in the {edition.year} report: "
                       f"the {before.year} report did not include it.")
            continue
        now, then = series_facts(data, edition, measure, s), reported_facts(data, before, measure, s)
        who = f"{s.label}: " if many and s.label else ""
        parts = []
        for what, a, b in (("trend", fmt.TREND_WORDS[then.trend], fmt.TREND_WORDS[now.trend]),
                           ("status", fmt.STATUS_WORDS[then.status.code], fmt.STATUS_WORDS[now.status.code])):
            # quoted: a table's words are not all predicates ("is still cannot assess")
            parts.append(f"the {what} is still ‘{b.lower()}’" if a == b
                         else f"the {what} changed from ‘{a.lower()}’ to ‘{b.lower()}’")
        news = change_text(now, then)
        if news == NO_NEW_DATA:
            lead = "no new data since then"
        elif news.startswith(REVISED):
            lead = (f"no new data since then, but the {now.latest.period} figure has been revised from "
                    f"{fmt.observation(then.latest, then.series)} to {fmt.observation(now.latest, now.series)}")
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
