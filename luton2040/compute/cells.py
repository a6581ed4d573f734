"""The words in each table cell (latest, baseline, period, comparator, target, trend, status) and
the one-line reasons behind a trend or status; every table calls these, so none can disagree."""
from __future__ import annotations

from luton2040.compute import format as fmt
from luton2040.compute.measure_facts import SeriesFacts, shown_period
from luton2040.data.load import Dataset
from luton2040.data.model import TARGET_YEAR, Series


def labelled(series: Series, text: str, many: bool) -> str:
    return f"{series.label}: {text}" if many and series.label else text


def joined(parts: list[str]) -> str:
    return "; ".join(p for p in parts if p)


def latest_cell(facts: list[SeriesFacts], with_period: bool = True) -> str:
    return _observation_cell(facts, lambda f: f.latest, with_period)


def baseline_cell(facts: list[SeriesFacts]) -> str:
    return _observation_cell(facts, lambda f: f.baseline, True)


def _observation_cell(facts: list[SeriesFacts], pick, with_period: bool) -> str:
    """Each series' ``pick``ed observation as the report writes it, with its period when it has
    a comparable value and ``with_period``; labelled by series when there are several."""
    many = len(facts) > 1
    parts = []
    for f in facts:
        shown = pick(f)
        text = fmt.observation(shown, f.series)
        if with_period and shown is not None and shown.comparable:
            text += f" ({shown_period(shown)})"
        parts.append(labelled(f.series, text, many))
    return joined(parts)


def period_cell(facts: list[SeriesFacts]) -> str:
    """The period of the latest result, as ``latest_cell`` gives it: none for a result that is
    only words ("To be confirmed", "Not available"), whose row holds a placeholder year."""
    shown: list[str] = []
    for f in facts:
        if f.latest is not None and f.latest.comparable and shown_period(f.latest) not in shown:
            shown.append(shown_period(f.latest))
    return joined(shown) or "–"


def comparator_cell(data: Dataset, facts: list[SeriesFacts]) -> str:
    if not facts or not facts[0].measure.comparator:
        return "No comparison"
    area = data.areas.get(facts[0].measure.comparator)
    many = len(facts) > 1
    values = [labelled(f.series, fmt.observation(f.comparator, f.series) + _other_period(f), many) for f in facts
              if f.comparator is not None]
    if not values:
        return "Not available"
    return f"{area.name if area else facts[0].measure.comparator}: {joined(values)}"


def _other_period(f: SeriesFacts) -> str:
    """The comparator's period when it is not the period of Luton's latest figure beside it
    ("England: 63% (2021/22)" beside Luton's 70% in 2024), so the two are not read as the same year."""
    if f.comparator is None or f.latest is None or shown_period(f.comparator) == shown_period(f.latest):
        return ""
    return f" ({shown_period(f.comparator)})"


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
        parts.append(labelled(f.series, fmt.target(found.get(year), f.series, area, comparator_value(f)), many))
    return joined(parts) or "Not set"


def trend_cell(facts: list[SeriesFacts]) -> str:
    assessed = [f for f in facts if f.series.assessed]
    many = len(assessed) > 1
    words = [fmt.TREND_WORDS[f.trend] for f in assessed]
    if many and len(set(words)) == 1:
        return words[0]
    return joined([labelled(f.series, fmt.TREND_WORDS[f.trend], many) for f in assessed]) or "Not assessed"


def goal_words(year: int) -> str:
    """'the 2027 milestone', or 'the 2040 target' for the target year."""
    return f"the {year} {'target' if year == TARGET_YEAR else 'milestone'}"


def status_cell(facts: list[SeriesFacts], year: int | None = None) -> str:
    """Each assessed series' status word. ``year`` is the milestone the column heading names
    ("Status towards the 2027 milestone"): a series without that milestone is measured against
    its next one (total carbon emissions, against the 2040 target), and its cell says so rather
    than let the heading claim a milestone the series does not have."""
    assessed = [f for f in facts if f.series.assessed]
    many = len(assessed) > 1
    said = []  # (status words, " (towards the 2040 target)" or "") for each series
    for f in assessed:
        other = f.status.milestone_year
        away = year is not None and other is not None and other != year and f.status.code != "cannot_assess"
        said.append((fmt.STATUS_WORDS[f.status.code], f" (towards {goal_words(other)})" if away else ""))
    if not many or len(set(said)) == 1:
        return "".join(said[0]) if said else "Cannot assess"
    # the qualifier goes before a label's colon, so each "label: status" stays one unit
    return joined([f"{f.series.label}{towards}: {words}" if f.series.label else f"{words}{towards}"
                   for f, (words, towards) in zip(assessed, said)])


def tolerance_words(f: SeriesFacts, amount: float | None = None) -> str:
    """A tolerance in the series' unit, with percentages as points: '3 points', '£5.00'."""
    amount = f.measure.tolerance if amount is None else amount
    if f.series.unit.id == "percent":
        text = fmt.number(amount, 0 if float(amount).is_integer() else f.series.decimals)
        return f"{text} point" if text == "1" else f"{text} points"
    return fmt.value(amount, f.series.unit, f.series.decimals)


def relative_limit_in_points(f: SeriesFacts) -> str:
    """For a percentage, the default limit ("2% of the earlier value") in points as well, so a
    share of a share is not read as 2 percentage points: ' (1.27 points here)'. Empty otherwise."""
    limit = f.trend_rule.limit
    if f.series.unit.id != "percent" or limit is None or f.measure.tolerance is not None:
        return ""
    text = fmt.number(limit, f.series.decimals + 1)
    text = text.rstrip("0").rstrip(".") if "." in text else text  # 0.900 → 0.9, 0.000 → 0
    return f" ({text} {'point' if text == '1' else 'points'} here)"


def trend_reason(f: SeriesFacts) -> str:
    """One line on why a series has its trend, with the numbers behind it."""
    rule = f.trend_rule
    if f.trend == "not_assessed" and not any(o.comparable for o in f.history):
        return "Not assessed: there are no published figures for it yet."
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
    goal = goal_words(year) if year else "the next milestone"
    if f.status.code == "met":
        return f"{words}: the latest figure has already reached {goal}."
    if f.status.ratio is not None:
        return (f"{words}: since the baseline the figure has moved at {fmt.number(f.status.ratio * 100, 0)}% "
                f"of the yearly rate needed to reach {goal} on time.")
    if f.status.code == "backwards":
        return f"{words}: the baseline had already reached {goal}, and the latest figure has slipped back from it."
    return f"{words}: {f.status.reason}."
