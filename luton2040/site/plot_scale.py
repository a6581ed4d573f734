"""Axes for the charts, as plain arithmetic: round tick values, and scales from values or dates to
positions on the picture (pure: numbers in, numbers out)."""
from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

#: tick steps, times a power of ten (those matplotlib's MaxNLocator chooses from)
STEPS = (1.0, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0)


def nice_ticks(low: float, high: float, most: int = 5, whole: bool = False) -> list[float]:
    """Round values from ``low`` to ``high`` (inclusive), at most ``most`` intervals apart: the
    smallest step of ``STEPS`` × 10ⁿ that needs no more, or a smaller one if that leaves
    fewer than two ticks in the range. ``whole``: whole-number steps only (ranks).

    >>> nice_ticks(0, 13.2), nice_ticks(5800, 8200)
    ([0.0, 3.0, 6.0, 9.0, 12.0], [6000.0, 6500.0, 7000.0, 7500.0, 8000.0])
    """
    if not high > low:
        return [low]
    raw = (high - low) / most
    power = 10.0 ** math.floor(math.log10(raw))
    candidates = [float(f"{s * power * scale:.12g}") for scale in (0.1, 1.0) for s in STEPS[:-1]] + [10 * power]
    if whole:
        candidates = [c for c in candidates if c >= 1 and float(c).is_integer()] or [1.0]
    chosen = next((i for i, c in enumerate(candidates) if c >= raw * (1 - 1e-9)), len(candidates) - 1)
    for step in reversed(candidates[:chosen + 1]):
        first = math.ceil(low / step - 1e-9)
        last = math.floor(high / step + 1e-9)
        if last - first >= 1:
            return [round(k * step, 10) + 0.0 for k in range(first, last + 1)]
    return [low, high]


def tick_decimals(ticks: list[float]) -> int:
    """The fewest decimal places that write every tick exactly: one count for a whole axis, taken
    from its step (ticks 2.5, 5, 7.5 → 1; 0.15, 0.3, 0.45 → 2; 6000, 6500 → 0).

    >>> tick_decimals([0.0, 2.5, 5.0]), tick_decimals([0.15, 0.3, 0.45]), tick_decimals([6000.0, 6500.0])
    (1, 2, 0)
    """
    for places in range(10):
        if all(abs(t - round(t, places)) < 1e-9 for t in ticks):
            return places
    return 10  # nice_ticks rounds its ticks to ten places


def value_range(values: list[float], headroom: float) -> tuple[float, float]:
    """The axis range for ``values``: 15% of their spread below (not below zero for values that
    are never negative) and ``headroom`` × 15% above; a flat line gets 10% of its value each way."""
    low, high = min(values), max(values)
    pad = (high - low) * 0.15 or abs(high) * 0.1 or 1
    return (max(low - pad, 0) if low >= 0 else low - pad), high + pad * headroom


@dataclass(frozen=True)
class Scale:
    """A linear map from ``domain`` (low, high) to ``span`` (start, end) positions."""

    domain: tuple[float, float]
    span: tuple[float, float]

    def __call__(self, value: float) -> float:
        (d0, d1), (s0, s1) = self.domain, self.span
        return s0 + (value - d0) / (d1 - d0) * (s1 - s0) if d1 != d0 else (s0 + s1) / 2


def day(when: dt.date) -> float:
    """A date as a number of days, for a time scale."""
    return float(when.toordinal())


def year_ticks(first_year: int, years: list[int]) -> list[tuple[dt.date, str]]:
    """Where each year's tick goes and its label: the first year at its start (where the axis
    begins), every other year at its end (where its milestone sits)."""
    return [(dt.date(y, 1, 1) if y == first_year else dt.date(y, 12, 31), str(y)) for y in years]
