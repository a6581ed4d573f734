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
_UP = re.compile(r"risen|rose|grown|grew|increased|gone up|up", re.IGNORECASE)
_BY = re.compile(
    rf"\b(?P<verb>{_VERB})\s+by\s+(?:(?P<q>{'|'.join(_QUALIFIERS)})\s+)?"
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
    fraction: bool = False        # typed as a word: "a fifth", "a third" (of the earlier figure, never points)
    up: bool | None = None        # which way the words say it went: "risen by", "doubled" up; "fell by", "halved" down


def sizes_in(sentence: str) -> list[Size]:
    """The sizes of change typed in a sentence."""
    found = []
    for m in _BY.finditer(sentence):
        n = float(m.group("n")) if m.group("n") else _FRACTIONS[m.group("frac").lower()]
        found.append(Size(m.group(0), m.start(), n, (m.group("q") or "").lower(), fraction=bool(m.group("frac")),
                          up=_UP.fullmatch(m.group("verb")) is not None))
    for m in _RATIOS.finditer(sentence):
        word = (m.group("word") or m.group("less") or m.group("less_than")).lower()
        qualifier = (m.group("q") or "").lower()
        found.append(Size(m.group(0), m.start(), qualifier=_SAME_QUALIFIER.get(qualifier, qualifier), ratio=word,
                          up=word == "doubled"))
    return found


#: How far outside what a ratio word allows a change still reads as that word loosely said ("halved" of a
#: fall to 0.65 of the figure): warned about, not refused.
_RATIO_SLACK = 0.05


def _fits(size: Size, earlier: float, later: float, in_points: bool, loosely: bool = False) -> bool:
    if size.up is not None and later != earlier and (later > earlier) != size.up:
        return False  # "has fallen by a third since 2019" of a rise by a third: not this size, the other way
    if size.ratio:
        if earlier == 0:
            return False
        low, high = _RATIO_RANGES[size.ratio, size.qualifier]
        slack = _RATIO_SLACK if loosely else 0.0
        return low - slack <= later / earlier <= high + slack
    candidates = [abs(later - earlier) / abs(earlier) * 100] if earlier else []
    if in_points and not size.fraction:  # ("a tenth" is of the figure: no one writes points so)
        candidates.append(abs(later - earlier))
    return any((_near_percent if loosely else _fits_percent)(size, c) for c in candidates)


def _near_percent(size: Size, c: float) -> bool:
    """Whether a change of ``c`` per cent (or points) is near enough the size typed to be loosely said
    ("fell by a fifth" of a 24% fall, "by 30%" of 36%): within a fifth of the size and a point ("a
    fifth" of a 13% fall is plainly more than it was)."""
    return _fits_percent(size, c) or abs(c - size.percent) <= 1 + 0.2 * size.percent


def _fits_percent(size: Size, c: float) -> bool:
    """Whether a change of ``c`` per cent (or points) is the size typed. A fraction is a round word,
    within a tenth of it and a point ("by a fifth" of 17–23%, "by a third" of about 29–38%); a whole
    number is as typed, rounded or cut ("by 70%" of 69.5% up to 70.99%, so of 70.6%); a number with
    places is as typed, rounded."""
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
    if size.fraction:
        return abs(c - n) <= 1 + 0.1 * n + 1e-9
    if n == int(n):
        return n - 0.5 - 1e-9 <= c < n + 1
    return abs(c - n) <= 0.05 + 1e-9


def _comparable(f: SeriesFacts) -> tuple[list, object] | None:
    """A series' comparable figures and the first one a change is counted from (its baseline, else
    its earliest); None when it has fewer than two."""
    values = [o for o in f.history if o.comparable]
    if len(values) < 2:
        return None
    return values, next((o for o in values if o.baseline), values[0])


def agrees(size: Size, facts: list[SeriesFacts], loosely: bool = False) -> bool | None:
    """Whether any series' change since the figure before the latest, or since the baseline, fits
    the size (``loosely``: is near it, ``near``); None when no series has two comparable figures."""
    verdicts = []
    for f in facts:
        if (found := _comparable(f)) is None:
            continue
        values, first = found
        in_points = f.series.unit.id == "percent"
        verdicts.append(any(_fits(size, o.value, values[-1].value, in_points, loosely) for o in (values[-2], first)))
    return any(verdicts) if verdicts else None


def near(size: Size, facts: list[SeriesFacts]) -> bool:
    """Whether a size the figures do not show is near what they show: loosely said, for a warning,
    not a refusal ("fell by a fifth" of a 25% fall; "halved" of a fall to 0.65)."""
    return agrees(size, facts, loosely=True) is True


def _change(earlier: float, later: float) -> str:
    return f"{(later - earlier) / earlier * 100:+.1f}%" if earlier else "from zero"


def what_data_says(facts: list[SeriesFacts]) -> str:
    """The change the figures show, for the message: 'the figures went from £560.50 (2019) to £618.10 (2023), +10.3%'."""
    parts = []
    for f in facts:
        if (found := _comparable(f)) is None:
            continue
        values, first = found
        last = values[-1]
        who = f"{f.series.label}: " if len(facts) > 1 and f.series.label else ""
        said = f"{who}{fmt.observation(first, f.series)} ({first.period}) to " \
               f"{fmt.observation(last, f.series)} ({last.period}), {_change(first.value, last.value)}"
        before = values[-2]
        if before is not first:  # the last change is checked too: "has fallen by a fifth" since 2023's peak
            said += f", and from {fmt.observation(before, f.series)} ({before.period}), " \
                    f"{_change(before.value, last.value)}"
        parts.append(said)
    return "the figures went from " + "; ".join(parts)
