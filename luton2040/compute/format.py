"""The one place numbers become text: values, targets, trend and status words.

Every table, chart label, PDF page and inline figure goes through these functions, so the same value
is always written the same way (£618.10, 9.9%, 13.9 per 1,000 households, 13,600,000 journeys,
6th of 11, Top 6 of 11).
"""
from __future__ import annotations

import math
import re
from decimal import ROUND_HALF_UP, Context, Decimal

from luton2040.data.model import Area, Observation, Series, Target, Unit

MINUS = "\u2212"
MISSING = {
    "not_available": "Not available",
    "not_comparable": "Not comparable",
    "tbc": "To be confirmed",
}


def number(value: float, decimals: int) -> str:
    """Format ``value`` with thousands separators and exactly ``decimals`` places, rounding half up.

    >>> number(13600000, 0), number(618.1, 2), number(-3.75, 1)
    ('13,600,000', '618.10', '−3.8')
    """
    if not math.isfinite(float(value)):
        return "not a number"  # validation refuses such values; never raise while formatting
    quantum = Decimal(1).scaleb(-decimals)
    # Enough precision for any float's integer digits plus the decimals (the default 28 fails at 1e26).
    context = Context(prec=400)
    rounded = Decimal(repr(float(value))).quantize(quantum, rounding=ROUND_HALF_UP, context=context)
    if rounded == 0:
        rounded = abs(rounded)  # never print "-0.0"
    text = f"{abs(rounded):,.{decimals}f}"
    return (MINUS + text) if rounded < 0 else text


def ordinal(n: int) -> str:
    """1 → '1st', 2 → '2nd', 11 → '11th', 23 → '23rd'."""
    if 10 <= n % 100 <= 20:
        suffix = "th"
    else:
        suffix = {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def value(value: float, unit: Unit, decimals: int) -> str:
    """A number in its unit: prefix + number + suffix (``£618.10``, ``9.9%``, ``6th of 11``)."""
    if unit.format == "ordinal":
        core = ordinal(int(round(value)))
    else:
        core = number(value, decimals)
    if core.startswith(MINUS) and unit.prefix:
        return f"{MINUS}{unit.prefix}{core[1:]}{unit.suffix}"
    return f"{unit.prefix}{core}{unit.suffix}"


def observation(obs: Observation | None, series: Series) -> str:
    """An observation's value, or the reason it has none ("Not available", "To be confirmed"…)."""
    if obs is None:
        return "No data"
    if not obs.comparable:
        return MISSING.get(obs.status, "No data")
    return value(obs.value, series.unit, series.decimals)


def difference(delta: float, series: Series) -> str:
    """A signed change in the series' unit: '+2.6 points', '−£12.00', '+1,400,000 journeys'."""
    unit = series.unit
    sign = "+" if delta > 0 else ""
    if unit.id == "percent":
        shown = number(delta, series.decimals)
        return f"{sign}{shown} {'point' if shown.lstrip('−-') in ('1', '1.0', '1.00') else 'points'}"
    return sign + value(delta, unit, series.decimals)


#: Words that open a description of an area rather than a place's name ("National average",
#: "Regional average"): such a name is written mid-sentence with "the" and in lower case.
_DESCRIBING = ("national", "regional", "local", "average", "similar", "comparable", "statistical", "nearest")


def area_in_sentence(name: str) -> str:
    """An area's name as it reads mid-sentence: a description ("National average", its first word one
    of ``_DESCRIBING`` and the rest in lower case) becomes "the national average"; a place's name
    ("England", "Greater London", "Luton's statistical neighbours") stays as typed."""
    first, _, rest = name.partition(" ")
    if rest and rest == rest.lower() and first.lower() in _DESCRIBING:
        return f"the {first.lower()} {rest}"
    return name


def possessive(name: str) -> str:
    """"England's", "the national average's", "Luton's statistical neighbours'"."""
    return f"{name}'" if name.endswith("s") else f"{name}'s"


#: The most places a target may add to its series' (a value with more is shown at the series' places).
MOST_TARGET_PLACES = 6


def target_places(amount: float, decimals: int) -> int:
    """The places a target of `amount` is written with in a series of `decimals` places: the series'
    (45.0% in a series of 39.4%), or more when the target needs them (a 2040 target of 60.5% in a
    series of whole percentages), and none for zero (0%, as the report writes it).

    >>> target_places(45.0, 1), target_places(60.5, 0), target_places(0.0, 2), target_places(1 / 3, 1)
    (1, 1, 0, 1)
    """
    if amount == 0:
        return 0
    for places in range(decimals, MOST_TARGET_PLACES + 1):
        if round(amount, places) == amount:
            return places
    return decimals


def target(t: Target | None, series: Series, comparator: Area | None = None,
           comparator_value: float | None = None) -> str:
    """How a milestone or target reads in a table, faithful to its kind.

    value → '7.7%', or its wording when the wording shows that number with its qualifier
    ("England's average, projected at £1,157.69", '7.1%, or better than …'); rank → 'Top 6 of 11';
    relative_to_comparator → 'England's average or better' (plus or minus an offset: a floor to
    reach); gap_to_comparator → '3.7 points below England', or with the comparator's value
    '19.6% (3.7 points below England's 23.3%)'; ratio_to_comparator → '85% of England', or with the
    comparator's value '29% (85% of England's 34%)';
    text → its wording.
    """
    if t is None:
        return "Not set"
    where = comparator.name if comparator else "the comparator"
    if t.kind == "text" or t.value is None:
        return t.wording or "Not set"
    if t.kind == "value":
        places = target_places(t.value, series.decimals)
        shown = value(t.value, series.unit, places)
        if t.wording:
            # The wording may write the number with fewer places ('7.1%, or better than …' for a
            # two-place series): keep its qualifier, with the number written as the table writes it.
            for fewer in range(places, -1, -1):
                written = value(t.value, series.unit, fewer)
                # the number itself, not the end of another ('1%' is not the 1% of '11%')
                found = re.search(rf"(?<![\d.,]){re.escape(written)}(?![\d])", t.wording)
                if round(t.value, fewer) == t.value and found:
                    return t.wording[:found.start()] + shown + t.wording[found.end():]
        return shown
    if t.kind == "rank":
        return f"Top {int(round(t.value))}{series.unit.suffix}"
    if t.kind == "relative_to_comparator":
        if t.value == 0:
            return f"Equal to {where} or better"
        return f"At least {_distance(abs(t.value), series)} {'above' if t.value > 0 else 'below'} {where}"
    if t.kind == "ratio_to_comparator":
        share = f"{number(t.value * 100, 0)}% of {where}"
        if comparator_value is None:
            return share
        # The number the milestone asks for, then how it is set: '29% (85% of England's 34%)'.
        return (f"{value(t.value * comparator_value, series.unit, 0)} "
                f"({share}'s {value(comparator_value, series.unit, series.decimals)})")
    if t.kind == "gap_to_comparator":
        if t.value == 0:
            return f"Level with {where}"
        gap = f"{_distance(abs(t.value), series)} {'above' if t.value > 0 else 'below'} {where}"
        if comparator_value is None:
            return gap
        # As for a ratio: the number asked for, then how it is set: '30% (24 points below …'s 54%)'.
        return (f"{value(comparator_value + t.value, series.unit, series.decimals)} "
                f"({gap}'s {value(comparator_value, series.unit, series.decimals)})")
    raise ValueError(f"unknown target kind {t.kind!r}")


def _distance(amount: float, series: Series) -> str:
    if series.unit.id == "percent":
        decimals = 0 if float(amount).is_integer() else series.decimals
        text = number(amount, decimals)
        return f"{text} point" if text == "1" else f"{text} points"
    return value(amount, series.unit, series.decimals)


TREND_WORDS = {
    "improving": "Improving",
    "worsening": "Getting worse",
    "little_change": "Little change",
    "not_enough_data": "Not enough data",
    "not_assessed": "Not assessed",
}

STATUS_WORDS = {
    "met": "Milestone met",
    "on_track": "On track",
    "too_slow": "Progressing too slowly",
    "limited": "Limited progress",
    "backwards": "Going backwards",
    "cannot_assess": "Cannot assess",
}
