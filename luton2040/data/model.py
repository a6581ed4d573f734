"""The data model: plain frozen records for priorities, measures, series, observations and targets."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

HIGHER = "higher_is_better"
LOWER = "lower_is_better"
NO_DIRECTION = "none"

from luton2040.constants import MILESTONE_YEARS, TARGET_YEAR  # noqa: F401 — re-exported for the modules using them


@dataclass(frozen=True)
class Priority:
    id: str
    order: int
    title: str
    short_title: str
    colour: str
    description: str


@dataclass(frozen=True)
class Unit:
    id: str
    label: str
    prefix: str = ""
    suffix: str = ""
    format: str = "number"  # number | ordinal | text
    minimum: float | None = None
    maximum: float | None = None


@dataclass(frozen=True)
class Area:
    id: str
    name: str
    kind: str


@dataclass(frozen=True)
class Series:
    measure: str
    id: str
    label: str
    unit: Unit
    decimals: int
    order: int
    assessed: bool


@dataclass(frozen=True)
class Observation:
    measure: str
    series: str
    area: str
    period: str
    period_end: date
    value: float | None
    status: str  # ok | not_available | not_comparable | tbc
    baseline: bool
    note: str = ""  # for readers
    provenance: str = ""  # for analysts; never rendered

    @property
    def comparable(self) -> bool:
        return self.status == "ok" and self.value is not None


@dataclass(frozen=True)
class Target:
    measure: str
    series: str
    year: int
    kind: str  # value | relative_to_comparator | gap_to_comparator | ratio_to_comparator | rank | text
    value: float | None
    wording: str = ""
    note: str = ""  # for readers
    provenance: str = ""  # for analysts; never rendered


@dataclass(frozen=True)
class Measure:
    id: str
    priority: str
    order: int
    outcome: str
    measure: str
    short_measure: str
    direction: str
    headline: bool
    comparator: str | None
    tolerance: float | None
    source: str
    source_url: str = ""
    note: str = ""  # for readers
    provenance: str = ""  # for analysts; never rendered
    tolerance_reason: str = ""
    series: tuple[Series, ...] = field(default=())

    def get_series(self, series_id: str) -> Series:
        for s in self.series:
            if s.id == series_id:
                return s
        known = ", ".join(s.id for s in self.series)
        raise KeyError(f"measure '{self.id}' has no series '{series_id}' (it has: {known})")
