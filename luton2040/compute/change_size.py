"""How big a change the words say, checked against the figures (pure: no files read here).

``claims`` checks the direction a sentence types ("has fallen"); this checks its size: "halved",
"doubled", "less than half", and "grown by more than a tenth", "fell by around 8%", "rose by 12
per cent". A size is read as a change relative to the earlier figure, or, for a measure in per
cent, in percentage points too; it agrees when the latest figure's change from the one before it or
from the baseline fits. "by about 3% a year" is a yearly rate over years the data may not hold,
and is left alone.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from luton2040.compute import format as fmt
from luton2040.compute.measure_facts import SeriesFacts

_VERB = r"(?:risen|rose|grown|grew|increased|gone up|fallen|fell|dropped|decreased|gone down|come down|cut|up|down)"
_QUALIFIERS = ("about", "around", "roughly", "some", "approximately", "almost", "nearly", "just under",
               "just over", "more than", "over", "at least", "less than", "under")
_FRACTIONS = {"a tenth": 10.0, "a fifth": 20.0, "a quarter": 25.0, "a third": 100 / 3, "a half": 50.0}
_BY = re.compile(
    rf"\b{_VERB}\s+by\s+(?:(?P<q>{'|'.join(_QUALIFIERS)})\s+)?"
    rf"(?:(?P<n>\d+(?:\.\d+)?)\s*(?:%|per\s?cent)|(?P<frac>{'|'.join(_FRACTIONS)})\b)"
    r"(?!\s+(?:a|per|each|every)\s+year)",
    re.IGNORECASE)
# "halved" and "doubled", with what may qualify them ("more than doubled", "almost halved"); "less
# than half" only as where a change went ("fell to less than half"): "less than half of residents
# feel anxious" is a share, not a change.
_RATIOS = re.compile(
    rf"\b(?:(?P<q>more than|over|almost|nearly|about|around|roughly|approximately)\s+)?(?P<word>halved|doubled)\b"
    rf"|\b{_VERB}\s+to\s+(?P<less>less than half)\b"
    # "less than half the 2019 rate": the latest figure set against an earlier one
    r"|\b(?P<less_than>less than half)\s+(?:the|its)\s+(?:\d{4}\s+)?(?:rate|figure|level|number|share)\b",
    re.IGNORECASE)
# The latest figure over the earlier one that each ratio word, as qualified, allows.
_RATIO_RANGES = {
    ("halved", ""): (0.4, 0.6), ("halved", "more than"): (0.0, 0.5), ("halved", "almost"): (0.5, 0.7),
    ("halved", "about"): (0.35, 0.65),
    ("doubled", ""): (1.8, 2.2), ("doubled", "more than"): (2.0, float("inf")), ("doubled", "almost"): (1.6, 2.0),
    ("doubled", "about"): (1.7, 2.3),
    ("less than half", ""): (0.0, 0.5),
}
_SAME_QUALIFIER = {"over": "more than", "nearly": "almost", "around": "about", "roughly": "about",
                   "approximately": "about"}


@dataclass(frozen=True)
class Size:
    said: str
    at: int
    percent: float | None = None   # "by 8%" → 8.0 (a size in per cent of the earlier figure)
    qualifier: str = ""           # about, more than …
    ratio: str = ""               # halved | doubled | less than half


def sizes_in(sentence: str) -> list[Size]:
    """The sizes of change typed in a sentence."""
    found = []
    for m in _BY.finditer(sentence):
        n = float(m.group("n")) if m.group("n") else _FRACTIONS[m.group("frac").lower()]
        found.append(Size(m.group(0), m.start(), n, (m.group("q") or "").lower()))
    for m in _RATIOS.finditer(sentence):
        word = (m.group("word") or m.group("less") or m.group("less_than")).lower()
        qualifier = (m.group("q") or "").lower()
        found.append(Size(m.group(0), m.start(), qualifier=_SAME_QUALIFIER.get(qualifier, qualifier), ratio=word))
    return found


def _fits(size: Size, earlier: float, later: float, in_points: bool) -> bool:
    if size.ratio:
        if earlier == 0:
            return False
        low, high = _RATIO_RANGES[size.ratio, size.qualifier]
        return low <= later / earlier <= high
    candidates = [abs(later - earlier) / abs(earlier) * 100] if earlier else []
    if in_points:
        candidates.append(abs(later - earlier))
    return any(_fits_percent(size, c) for c in candidates)


def _fits_percent(size: Size, c: float) -> bool:
    n, q = size.percent, size.qualifier
    if q in ("more than", "over", "just over"):
        return c > n
    if q == "at least":
        return c >= n
    if q in ("less than", "under", "just under"):
        return c < n
    if q in ("almost", "nearly"):
        return 0.8 * n <= c < n
    if q:  # about, around, roughly, some, approximately
        return abs(c - n) <= max(1.0, 0.15 * n)
    return abs(c - n) <= (0.5 if n == int(n) else 0.05) + 1e-9  # as typed, rounded to its own precision


def _comparable(f: SeriesFacts) -> tuple[list, object] | None:
    """A series' comparable figures and the first one a change is counted from (its baseline, else
    its earliest); None when it has fewer than two."""
    values = [o for o in f.history if o.comparable]
    if len(values) < 2:
        return None
    return values, next((o for o in values if o.baseline), values[0])


def agrees(size: Size, facts: list[SeriesFacts]) -> bool | None:
    """Whether any series' change since the figure before the latest, or since the baseline, fits
    the size; None when no series has two comparable figures."""
    verdicts = []
    for f in facts:
        if (found := _comparable(f)) is None:
            continue
        values, first = found
        in_points = f.series.unit.id == "percent"
        verdicts.append(any(_fits(size, o.value, values[-1].value, in_points) for o in (values[-2], first)))
    return any(verdicts) if verdicts else None


def what_data_says(facts: list[SeriesFacts]) -> str:
    """The change the figures show, for the message: 'the figures went from £560.50 (2019) to £618.10 (2023), +10.3%'."""
    parts = []
    for f in facts:
        if (found := _comparable(f)) is None:
            continue
        values, first = found
        last = values[-1]
        change = f"{(last.value - first.value) / first.value * 100:+.1f}%" if first.value else "from zero"
        who = f"{f.series.label}: " if len(facts) > 1 and f.series.label else ""
        parts.append(f"{who}{fmt.observation(first, f.series)} ({first.period}) to "
                     f"{fmt.observation(last, f.series)} ({last.period}), {change}")
    return "the figures went from " + "; ".join(parts)
