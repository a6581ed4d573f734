"""A progress item that quotes a measure's baseline says when it was, and says it right.

"Only 53% are satisfied, down from 66%" leaves the reader to guess the year of 66%; "up from 18% in
2019" would be wrong for a baseline of 2021. The sentence holding a ``{baseline}`` placeholder must
name the baseline's period as the measure's page writes it ("2019", "2017–19", "2023/24").
"""
from __future__ import annotations

import re

from luton2040.compute import measure_facts
from luton2040.compute.claims import SENTENCE
from luton2040.compute.sections import FILE, PLACEHOLDER
from luton2040.data.load import Dataset, Edition
from luton2040.errors import Problem



def check(data: Dataset, edition: Edition, rows: list[dict]) -> list[Problem]:
    """A warning for each sentence of the edition's progress items that quotes a baseline without its period."""
    found = []
    for row in rows:
        if row.get("edition") != edition.year:
            continue
        for sentence in SENTENCE.findall(row.get("text") or ""):
            for match in PLACEHOLDER.finditer(sentence):
                if match.group(1) != "baseline":
                    continue
                period = _baseline_period(data, edition, match, row)
                if period and not re.search(rf"(?<![\d/–-]){re.escape(period)}(?![\d/–-])", sentence):
                    found.append(Problem(
                        FILE, row.get("line"), "text",
                        f"{match.group(0)} is quoted without its period: the baseline is from {period}",
                        f"say when, e.g. '{match.group(0)} in {period}'", severity="warning"))
    return found


def _baseline_period(data: Dataset, edition: Edition, match: re.Match, row: dict) -> str | None:
    """The baseline's period as the report writes it, or None when the placeholder names nothing known
    (the placeholder check reports that)."""
    args = [a for a in match.group(2).split(":") if a]
    try:
        measure = data.measure(match.group(3) or row.get("measure") or "")
        series = measure.get_series(args[0] if args else (row.get("series") or measure.series[0].id))
        baseline = measure_facts.series_facts(data, edition, measure, series).baseline
    except (KeyError, ValueError):
        return None
    return measure_facts.shown_period(baseline) if baseline is not None else None
