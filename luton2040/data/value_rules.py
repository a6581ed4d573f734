"""The report's own rules on the data: values, periods, baselines, series, targets and milestones, MIS shares, tolerances."""
from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict
from statistics import median
from typing import Iterable

from luton2040.constants import LUTON
from luton2040.data.periods import FORMS, parse_period, readings
from luton2040.data.rule_inputs import NEEDS_VALUE, SHARE_TOLERANCE, Project, typed_text, usable, value_text
from luton2040.data.schema import Row
from luton2040.errors import Problem

# --- observations --------------------------------------------------------------------------------

def _series_units(project: Project) -> dict[tuple[str, str], dict]:
    """Each series' unit (a unit whose range is upside down is left out: ``unit_ranges`` names it,
    once, rather than every figure of every series that uses it)."""
    units = {r.values["id"]: r.values for r in project.rows("units") if usable(r, "id") and not _upside_down(r)}
    return {(r.values["measure"], r.values["series"]): units[r.values["unit"]]
            for r in project.rows("series") if usable(r, "measure", "series", "unit") and r.values["unit"] in units}


def _upside_down(row: Row) -> bool:
    low, high = row.values.get("minimum"), row.values.get("maximum")
    return low is not None and high is not None and low > high


def unit_ranges(project: Project) -> Iterable[Problem]:
    """A unit's minimum is not above its maximum (the two typed in each other's cells made every
    figure of every series in that unit 'below the smallest value')."""
    for row in project.rows("units"):
        if _upside_down(row):
            yield Problem(project.file("units"), row.line, "minimum",
                          f"minimum {value_text(row.values['minimum'])} is above maximum "
                          f"{value_text(row.values['maximum'])}", "swap the two, or correct the one that is wrong")


def observation_values(project: Project) -> Iterable[Problem]:
    """A value exactly when status is ok, and inside the unit's range (percent 0–100, counts ≥ 0…);
    none for a measure described in words (unit format text), whose rows have a blank value and
    a status, and their words in the note (docs/data-sources.md, "Text measures")."""
    file = project.file("observations")
    units = _series_units(project)
    for row in project.rows("observations"):
        v = row.values
        if "value" in row.invalid or "status" in row.invalid or v["status"] is None:
            continue
        unit = units.get((v["measure"], v["series"]))
        if unit is not None and unit.get("format") == "text" and v["value"] is not None:
            yield _number_in_words(file, row, unit)
            continue
        if v["status"] == "ok" and v["value"] is None and unit is not None and unit.get("format") == "text":
            # (not "fill in the value", which the check would then refuse as a number given in words)
            yield Problem(file, row.line, "status",
                          f"is ok, but {v['measure']} is {unit['label']} (unit {unit['id']}): a measure in words "
                          "has no value", "set status to tbc or not_available and write the result in the note")
        elif v["status"] == "ok" and v["value"] is None:
            yield Problem(file, row.line, "value", "is blank but status is ok",
                          "fill in the value, or set status to not_available, not_comparable or tbc")
        elif v["status"] != "ok" and v["value"] is not None:
            yield Problem(file, row.line, "status", f"is {v['status']} but a value ({value_text(v['value'])}) is given",
                          "set status to ok, or clear the value")
        if v["value"] is None or unit is None:
            continue
        yield from _outside_unit(file, row, unit)


def _number_in_words(file: str, row: Row, unit: dict) -> Problem:
    """A number on a measure described in words would print bare ("62 (2025)"), with no unit, and
    be charted on an axis labelled in words."""
    value = value_text(row.values["value"])
    return Problem(file, row.line, "value",
                   f"{value} is given, but {row.values['measure']} is {unit['label']} (unit {unit['id']}): its rows "
                   f"have no number, and {value} would print bare, with no unit",
                   "clear the value, set status to not_available or tbc and say the result in words in the note "
                   "(shown on the measure's page); if the measure now has figures, give its series a numeric unit "
                   "in data/series.csv (e.g. percent)")


def _outside_unit(file: str, row: Row, unit: dict, what: str = "") -> Iterable[Problem]:
    """The row's value below its unit's minimum or above its maximum (percent 0–100, counts ≥ 0…)."""
    value, low, high = row.values["value"], unit.get("minimum"), unit.get("maximum")
    if low is not None and value < low:
        yield Problem(file, row.line, "value",
                      f"{what}{value_text(value)} is below {value_text(low)}, the smallest value in {unit['label']}",
                      f"check the figure and its unit ({unit['id']})")
    elif high is not None and value > high:
        yield Problem(file, row.line, "value",
                      f"{what}{value_text(value)} is above {value_text(high)}, the largest value in {unit['label']}",
                      f"check the figure and its unit ({unit['id']})")


#: how many times larger or smaller than the series' Luton values a milestone must be to look
#: mistyped: a percentage typed as a fraction (0.099 for 9.9%) is 100 times off, a slipped decimal
#: point 10 times (a milestone may be far from today's figures by design: a 2040 target near zero)
OUT_OF_SCALE = 10
#: how many times larger or smaller than the median of the rest of its series and area a figure
#: must be to look mistyped. A slipped decimal point makes a figure 10 times its true value, and the
#: true value is near the median, not at it: 67 typed for 6.7% among 3.2, 7.6 and 6.8 is 9.9 times
#: the median, which 10 let through. The real data's largest such step is 3.4 times (graffiti,
#: 1.7 → 0.5), so 5 still leaves every real figure unnamed. A figure is named only when more of
#: the series is that far from it than in scale with it (itself included; ``_Spread.outnumbered``): beside
#: 9.9 and 67, 7.4 is not the slip, and two slips caught up at once (73 and 81 after 7.3, 12.1 and
#: 9.9) are each named, not hidden by each other.
SLIPPED = 5


def _scale_gap(value: float, others: list[float]) -> float | None:
    """How many times larger or smaller ``value`` is than the median of ``others`` (None when either is 0)."""
    return _gap(value, median(others))


def _gap(value: float, middle: float) -> float | None:
    """How many times larger or smaller ``value`` is than ``middle`` (None when either is 0 or their signs differ)."""
    if not value or not middle or (value > 0) != (middle > 0):
        return None
    return max(value / middle, middle / value)


def _series_range(values: list[float], unit: dict) -> str:
    low, high = min(values), max(values)
    shown = lambda v: f"{unit.get('prefix') or ''}{value_text(v)}{unit.get('suffix') or ''}"  # noqa: E731
    return shown(low) if low == high else f"{shown(low)} to {shown(high)}"


def _in_range(value: float, unit: dict) -> bool:
    """Inside the unit's range (a value outside it is refused already, by ``_outside_unit``)."""
    low, high = unit.get("minimum"), unit.get("maximum")
    return (low is None or value >= low) and (high is None or value <= high)


def _as_fraction(value: float, large: list[float], middle: float | None, count: int, unit: dict) -> list[float]:
    """The figures showing that a percentage figure can only be a fraction typed for it (0.067
    for 6.7%), or none: it is below 1 (and not 0) while most other values of its series and area
    are 2 or more, and a hundred times it is in scale with those (less than ``SLIPPED`` times from
    their median). Those of 2 or more, not all the others: a second fraction typed beside it
    (0.095 and 0.091 caught up at once) must not hide it. Percentages alone (unit percent): a
    fraction of a point (0.13% of pupils excluded, a gap of 0.5 points) is a real figure in a
    series that has no value of 2 or more, or few (the real data's figures below 1 are all in such
    series), and a figure that falls from 2.5 to 0.8 is not in scale with them as 80.
    `large` are the series' values of 2 or more (never this one, below 1) and `middle` their median;
    `count` is how many other values the series has."""
    if unit.get("id") != "percent" or not 0 < value < 1 or len(large) * 2 <= count:
        return []
    gap = _gap(value * 100, middle)
    return large if gap is not None and gap < SLIPPED else []


def _out_of_scale(file: str, row: Row, what: str, others: list[float], whose: str, unit: dict,
                  times: float = OUT_OF_SCALE) -> Iterable[Problem]:
    value = row.values["value"]
    gap = _scale_gap(value, others)
    if gap is None or gap < times or not _in_range(value, unit) or unit.get("format") != "number":
        return  # (a rank or a text has no scale to slip)
    smaller = value < median(others)
    fix = ("check the figure: a percentage is typed as 9.9, not 0.099" if smaller and unit.get("id") == "percent"
           else f"check the figure for a slipped decimal point, and its unit ({unit.get('label') or 'see data/units.csv'})")
    yield Problem(file, row.line, "value",
                  f"{what}{value_text(value)} is about {gap:,.0f} times {'smaller' if smaller else 'larger'} than "
                  f"{whose}: {_series_range(others, unit)}", fix, severity="warning")


class _Spread:
    """One series' figures for one area, sorted by size on each side of zero, so that how many of
    them are ``SLIPPED`` times or more from a figure is found by halving, not by setting it beside
    each (a series of 8,000 monthly figures took 45 s to check)."""

    def __init__(self, rows: list[Row]) -> None:
        self.count = len(rows)
        self.sides: dict[int, tuple[list[float], list, list]] = {}
        for sign in (1, -1):
            side = sorted((sign * r.values["value"], r.values["period_end"]) for r in rows
                          if sign * r.values["value"] > 0)
            sizes = [size for size, _ in side]
            newest_to, newest_from = list(_running_max(end for _, end in side)), \
                list(_running_max(end for _, end in reversed(side)))[::-1]
            self.sides[sign] = (sizes, newest_to, newest_from)  # the newest period of sizes[:i + 1], of sizes[i:]

    def outnumbered(self, row: Row) -> bool:
        """More figures of the series are ``SLIPPED`` times or more from ``row``'s than in scale with
        it (itself counted): it is the odd one out, whatever the rest do among themselves. On a tie
        (one figure against one, two slips against two figures) the newer side is named: the older
        figures were printed and checked in an earlier edition."""
        value = row.values["value"]
        if not value:
            return False  # zero is not in scale with anything, nor far from it (``_gap``)
        sizes, newest_to, newest_from = self.sides[1 if value > 0 else -1]
        size = abs(value)

        def far(other: float) -> bool:
            return _gap(size, other) >= SLIPPED

        at = bisect_left(sizes, size)
        low = bisect_left(sizes, True, 0, at, key=lambda other: not far(other))  # sizes[:low] are far below it
        high = bisect_left(sizes, True, at, len(sizes), key=far)  # sizes[high:] are far above it
        far_count = low + len(sizes) - high
        near = self.count - far_count
        if far_count != near or not far_count:
            return far_count > near
        newest = max(([newest_to[low - 1]] if low else []) + ([newest_from[high]] if high < len(sizes) else []))
        return row.values["period_end"] > newest


def _running_max(items: Iterable):
    """The largest item so far, at each item."""
    largest = None
    for item in items:
        largest = item if largest is None or item > largest else largest
        yield largest


def _fraction(file: str, row: Row, others: list[float], measure: str, series: str, area: str, unit: dict) -> Problem:
    value = row.values["value"]
    percent = typed_text(round(value * 100, 10))
    whose = f"the other values of {measure} ({series}) for {area} are" if len(others) > 1 else \
        f"the other value of {measure} ({series}) for {area} is"
    return Problem(file, row.line, "value",
                   f"{value_text(value)} is a fraction, not a percentage: {whose} {_series_range(others, unit)}",
                   f"write {percent} for {percent}% (the unit adds the %)")


def values_in_scale(project: Project) -> Iterable[Problem]:
    """A percentage typed as a fraction (0.067 for 6.7% in a series of 3.2 to 7.6, ``_as_fraction``)
    is refused: the range check lets it through (it is between 0 and 100), and the page would print
    "0.1%", with a judgement made from it. A figure ``SLIPPED`` times larger or smaller than the
    rest of its series and area (67 for 6.7, 1,360 for 13,600), and a value milestone or target
    ``OUT_OF_SCALE`` times from the series' Luton values (0.07 for 7%), is said as a warning."""
    units = _series_units(project)
    by_series: dict[tuple, list[Row]] = defaultdict(list)
    for row in project.rows("observations"):
        if usable(row, "measure", "series", "area", "value", "period_end") and isinstance(row.values["value"], (int, float)):
            by_series[(row.values["measure"], row.values["series"], row.values["area"])].append(row)
    for (measure, series, area), rows in by_series.items():
        unit = units.get((measure, series), {})
        # a fraction is refused, and left out of the scale of the rest (it is not their slip)
        large = [row.values["value"] for row in rows if row.values["value"] >= 2]
        middle = median(large) if large else None
        fractions = {id(row): shown for row in rows
                     if (shown := _as_fraction(row.values["value"], large, middle, len(rows) - 1, unit))}
        for row in rows:
            if id(row) in fractions:
                yield _fraction(project.file("observations"), row, fractions[id(row)], measure, series, area, unit)
        rows = [row for row in rows if id(row) not in fractions]
        # with two values, either may be the slip: said once, at the newer, naming the other's line
        spread = _Spread(rows)
        for row in rows:
            if not spread.outnumbered(row):
                continue  # in scale with as much of the series as is not (beside 9.9 and 67, 7.4 is no slip)
            others = [r for r in rows if r is not row]
            whose = (f"the other values of {measure} ({series}) for {area}" if len(others) > 1 else
                     f"the other value of {measure} ({series}) for {area}, on line {others[0].line} (check both)")
            yield from _out_of_scale(project.file("observations"), row, "", [r.values["value"] for r in others],
                                     whose, unit, SLIPPED)
    luton = {key[:2]: [r.values["value"] for r in rows] for key, rows in by_series.items() if key[2] == LUTON}
    milestones: dict[tuple, list[Row]] = defaultdict(list)
    for row in project.rows("targets"):
        if usable(row, "measure", "series", "kind", "value") and row.values["kind"] == "value":
            milestones[(row.values["measure"], row.values["series"])].append(row)
    for key, rows in milestones.items():
        for row in rows:
            # a milestone in step with the series' other milestones is a path (towards zero, say), not a slip
            path = [r.values["value"] for r in rows if r is not row and r.values["value"]]
            in_step = _scale_gap(row.values["value"], path) if path else None
            if key in luton and (in_step is None or in_step >= OUT_OF_SCALE):
                year = row.values.get("year") if "year" not in row.invalid else None
                yield from _out_of_scale(project.file("targets"), row, f"the {year} value " if year else "the value ",
                                         luton[key], f"the values of {key[0]} ({key[1]}) for {LUTON}",
                                         units.get(key, {}))


def observation_periods(project: Project) -> Iterable[Problem]:
    """The published period label is understood, and period_end is its last day."""
    file = project.file("observations")
    for row in project.rows("observations"):
        if not usable(row, "period"):
            continue
        label = row.values["period"]
        found = parse_period(label)
        if found is None:
            yield Problem(file, row.line, "period", f"period '{label}' is not understood",
                          f"write it as published in one of these forms: {FORMS}")
            continue
        if not usable(row, "period_end"):
            continue
        ends = [end for _, end in readings(label)]
        if row.values["period_end"] not in ends:
            yield Problem(file, row.line, "period_end",
                          f"{row.values['period_end'].isoformat()} is not the last day of period '{label}'",
                          f"it should be {found[1].isoformat()}"
                          + (f" (or {ends[1].isoformat()} if the date is month/day/year)" if len(ends) > 1 else ""))
        elif len(ends) > 1 and not row.values.get("note"):
            yield Problem(file, row.line, "note",
                          f"period '{label}' could be {ends[0].isoformat()} or {ends[1].isoformat()}",
                          "say in the note which reading the period_end follows and why", severity="warning")


def one_figure_per_period(project: Project) -> Iterable[Problem]:
    """A series has one figure per period and area: two rows whose periods end on the same day would
    both be the newest figure, and which one the report shows would depend on their order. The
    period label is the key (``primary_keys``), so a label typed again with a space after it or a
    no-break space in it ('2023' and '2023 '), or in another form ('2023' and 'Dec-23'), made a second
    figure for the same year that nothing named."""
    file = project.file("observations")
    seen: dict[tuple, tuple[int, str]] = {}
    for row in project.rows("observations"):
        if not usable(row, "measure", "series", "area", "period", "period_end"):
            continue
        v = row.values
        key = (v["measure"], v["series"], v["area"], v["period_end"])
        if key not in seen:
            seen[key] = (row.line, v["period"])
            continue
        line, period = seen[key]
        if period == v["period"]:
            continue  # the same key: a duplicate row (``key_rules.primary_keys``)
        spaces = " (the two differ only in their spaces)" if period.split() == v["period"].split() else ""
        yield Problem(file, row.line, "period",
                      f"a second figure for {v['measure']} {v['series']} {v['area']} ending {v['period_end'].isoformat()}: "
                      f"period {v['period']!r} ends on the same day as period {period!r} on line {line}{spaces}",
                      "keep one figure per period: delete one of the two rows, or correct its period and period_end")


def _comparators(project: Project) -> dict[str, str | None]:
    """Each measure's comparator area as data/measures.csv gives it (None: it has none), for the
    measures whose id and comparator cells read."""
    return {r.values["id"]: r.values.get("comparator") for r in project.rows("measures")
            if usable(r, "id") and "comparator" not in r.invalid}


def figures_shown(project: Project) -> Iterable[Problem]:
    """A figure for an area other than Luton is shown only when that area is its measure's
    comparator (data/measures.csv): England's figure added for a measure without one, or Great
    Britain's beside England's, was published in the data download and on no page, without a word.
    A figure a past report published is left alone: that report shows it beside Luton's, and a
    comparator changed since (England's to the statistical neighbours') does not undo it."""
    areas = {r.values["id"] for r in project.rows("areas") if usable(r, "id")}
    editions, _ = project.editions()
    published_then = set().union(*(e.record for e in editions.values() if e.record is not None))
    comparators = {measure: area for measure, area in _comparators(project).items() if area in areas | {None}}
    for row in project.rows("observations"):
        if not usable(row, "measure", "area") or row.values["measure"] not in comparators or row.values["area"] not in areas:
            continue  # (an unknown measure, area or comparator is named by ``key_rules.foreign_keys``)
        measure, area = row.values["measure"], row.values["area"]
        comparator = comparators[measure]
        if area != LUTON and area != comparator and not (
                usable(row, "series", "period_end")
                and (measure, row.values["series"], area, row.values["period_end"]) in published_then):
            said = f"is {comparator}" if comparator else "is not set"
            yield Problem(project.file("observations"), row.line, "area",
                          f"the comparator of {measure} {said} in data/measures.csv, so this figure for {area} is "
                          "shown on no page (only in the data download)",
                          f"set the comparator of {measure} to {area} in data/measures.csv to show it, or remove the row",
                          severity="warning")


def baselines(project: Project) -> Iterable[Problem]:
    """Each assessed series has exactly one Luton baseline row."""
    file = project.file("observations")
    found: dict[tuple[str, str], list[int]] = defaultdict(list)
    unreadable = set()
    for row in project.rows("observations"):
        if not usable(row, "baseline") or not usable(row, "area"):
            unreadable.add((row.values["measure"], row.values["series"]))
        if usable(row, "measure", "series", "area", "baseline") and row.values["baseline"]:
            key = (row.values["measure"], row.values["series"])
            if row.values["area"] == LUTON:
                found[key].append(row.line)
            else:
                yield Problem(file, row.line, "baseline", f"baseline is true on a row for area '{row.values['area']}'",
                              "only Luton rows are baselines; set it to false", severity="warning")
    for key, lines in found.items():
        for line in lines[1:]:
            yield Problem(file, line, "baseline", f"second Luton baseline for {key[0]} / {key[1]} "
                          f"(the first is on line {lines[0]})", "set baseline to true on one row only")
    if not project.rows("observations") or "observations" in project.partial:
        return  # (a line of the file the reader made no row of may be the baseline)
    for row in project.rows("series"):
        if usable(row, "measure", "series", "assessed") and row.values["assessed"]:
            key = (row.values["measure"], row.values["series"])
            if key not in found and key not in unreadable:
                yield Problem(project.file("series"), row.line, None,
                              f"series '{key[1]}' of measure '{key[0]}' has no Luton baseline in {file}",
                              "set baseline to true on its baseline row (status not_available if the report "
                              "gives no figure)")


def measures_have_series(project: Project) -> Iterable[Problem]:
    """Every measure has at least one series, and every priority at least one measure."""
    # (a row whose measure did not read, or a line the reader made no row of, may be the one missing)
    with_series = {r.values["measure"] for r in project.rows("series") if usable(r, "measure")}
    if project.rows("series") and "series" not in project.partial \
            and not any(not usable(r, "measure") for r in project.rows("series")):
        for row in project.rows("measures"):
            if usable(row, "id") and row.values["id"] not in with_series:
                yield Problem(project.file("measures"), row.line, None,
                              f"measure '{row.values['id']}' has no series",
                              f"add a row for it to {project.file('series')} (series all, when it has one)")
    with_measures = {r.values["priority"] for r in project.rows("measures") if usable(r, "priority")}
    if project.rows("measures") and "measures" not in project.partial \
            and not any(not usable(r, "priority") for r in project.rows("measures")):
        for row in project.rows("priorities"):
            if usable(row, "id") and row.values["id"] not in with_measures:
                yield Problem(project.file("priorities"), row.line, None,
                              f"priority '{row.values['id']}' has no measures",
                              f"add its measures to {project.file('measures')}, or remove the priority")


# --- targets -------------------------------------------------------------------------------------

def target_values(project: Project) -> Iterable[Problem]:
    """Numeric kinds need a value; text needs wording; a value target is inside its unit's range, as
    every observation is (a 2027 milestone of 150 per cent is a typo)."""
    file = project.file("targets")
    units = _series_units(project)
    comparators = _comparators(project)
    for row in project.rows("targets"):
        if not usable(row, "kind") or "value" in row.invalid:
            continue
        kind = row.values["kind"]
        measure = row.values.get("measure")
        if kind.endswith("_comparator") and measure in comparators and comparators[measure] is None:
            # no area to set it beside: the page printed '85% of the comparator', and no figure
            yield Problem(file, row.line, "kind", f"is {kind}, but {measure} has no comparator in data/measures.csv",
                          "set the measure's comparator there (an id from data/areas.csv), or give the milestone "
                          "as kind value")
        elif kind == "rank" and row.values["value"] is not None and (row.values["value"] < 1
                                                                     or row.values["value"] != int(row.values["value"])):
            yield Problem(file, row.line, "value", f"rank {value_text(row.values['value'])} is not a place "
                          "(1 for first, 2 for second…): it would be printed rounded, as 'Top "
                          f"{int(round(row.values['value']))}'", "write the place as a whole number of 1 or more")
        if kind in NEEDS_VALUE and row.values["value"] is None:
            yield Problem(file, row.line, "value", f"is blank but kind is {kind}",
                          "fill in the number, or use kind text with wording")
        unit = units.get((row.values.get("measure"), row.values.get("series")))
        if kind != "text" and row.values["value"] is not None and unit is not None and unit.get("format") == "text":
            yield Problem(file, row.line, "value",
                          f"is {value_text(row.values['value'])}, but {row.values.get('measure')} is {unit['label']} "
                          f"(unit {unit['id']}), so its milestones and target are words too",
                          "use kind text, clear the value and write the milestone in words in wording")
        elif kind == "value" and row.values["value"] is not None and unit is not None:
            yield from _outside_unit(file, row, unit, f"{row.values.get('year')} value ")
        if kind == "text" and not row.values.get("wording"):
            yield Problem(file, row.line, "wording", "is blank but kind is text",
                          "write the target in words as the report gives it")


def measures_have_targets(project: Project) -> Iterable[Problem]:
    """A measure without a milestone or target row is published as 'cannot assess': said once, as a
    warning, so a new measure's forgotten targets are not found on the published page."""
    if "targets" in project.unread or not project.rows("targets"):
        return
    with_targets = {r.values["measure"] for r in project.rows("targets") if usable(r, "measure")}
    for row in project.rows("measures"):
        if usable(row, "id") and row.values["id"] not in with_targets:
            yield Problem(project.file("measures"), row.line, None,
                          f"measure '{row.values['id']}' has no milestones or 2040 target in "
                          f"{project.file('targets')}, so its status cannot be assessed",
                          "add its 2027, 2031, 2035 and 2040 rows there (kind text, with the wording, for a "
                          "target in words)", severity="warning")


def milestones_move_toward_target(project: Project) -> Iterable[Problem]:
    """Value milestones 2027 → 2031 → 2035 → 2040 never move away from the 2040 target."""
    file = project.file("targets")
    direction = {r.values["id"]: r.values["direction"] for r in project.rows("measures") if usable(r, "id", "direction")}
    by_series: dict[tuple[str, str], list[Row]] = defaultdict(list)
    for row in project.rows("targets"):
        if usable(row, "measure", "series", "year", "kind", "value") and row.values["kind"] == "value":
            by_series[(row.values["measure"], row.values["series"])].append(row)
    for (measure, series), rows in by_series.items():
        way = direction.get(measure)
        if way not in ("higher_is_better", "lower_is_better"):
            continue
        rows.sort(key=lambda r: r.values["year"])
        for before, after in zip(rows, rows[1:]):
            a, b = before.values["value"], after.values["value"]
            wrong = b < a if way == "higher_is_better" else b > a
            if wrong:
                word = "lower" if b < a else "higher"
                better = "higher" if way == "higher_is_better" else "lower"
                yield Problem(file, after.line, "value",
                              f"{after.values['year']} value {value_text(b)} for {measure} / {series} is {word} than "
                              f"the {before.values['year']} value {value_text(a)} (line {before.line}), but {better} "
                              "is better",
                              "milestones must move step by step toward the 2040 target; check both figures")


# --- other tables --------------------------------------------------------------------------------

def mis_shares(project: Project) -> Iterable[Problem]:
    """The Minimum Income Standard band shares add up to 100%."""
    rows = [r for r in project.rows("mis_bands") if usable(r, "share")]
    if not rows or any("share" in r.invalid for r in project.rows("mis_bands")):
        return
    total = sum(r.values["share"] for r in rows)
    if abs(total - 100) > SHARE_TOLERANCE:
        yield Problem(project.file("mis_bands"), None, "share", f"shares add up to {total:.1f}, not 100",
                      "check each band's share against the source")


#: Tables the report cannot be made without: each needs at least one data row.
REQUIRED_TABLES = ("priorities", "units", "areas", "measures", "series", "observations", "targets")


def tables_have_rows(project: Project) -> Iterable[Problem]:
    """A data file that holds only its header row would publish a report with no figures. (A file
    read without rows and without problems is exactly that: a missing or empty file, a bad header
    and bad rows are each reported by the reader.)"""
    for name in REQUIRED_TABLES:
        if name in project.resources and name not in project.unread and not project.rows(name):
            yield Problem(project.file(name), 1, None, "has a header row but no data rows",
                          "restore the rows from the previous version of the file (git) or add them")


def tolerances_have_reasons(project: Project) -> Iterable[Problem]:
    """A recorded trend tolerance says why (for example, the survey's precision)."""
    for row in project.tables.get("measures", []):
        if row.values.get("tolerance") is not None and not row.values.get("tolerance_reason"):
            yield Problem("data/measures.csv", row.line, "tolerance_reason",
                          f"is blank but {row.values.get('id')} has a tolerance of {value_text(row.values['tolerance'])}",
                          "say why changes this small count as little change (e.g. the survey's precision)")
