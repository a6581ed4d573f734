"""The figures a past edition published: ``data/editions/<year>-observations.csv``.

A statistic is often published long after the period it covers (the 2024 wages come out in late
2025), so "every observation up to the data cut-off" names a different set of figures once next
year's rows are added. ``luton2040 new-edition`` therefore writes, for the edition it moves on
from, the rows of data/observations.csv that edition used; from then on that edition shows exactly
those rows (``Edition.shows``), and the check refuses a change to any of them. A figure added later
for an earlier period is reported from the next edition on.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

from luton2040.constants import EDITIONS_DIR
from luton2040.data.schema import text_rows

#: the columns of data/observations.csv a report shows (provenance is for analysts and may change)
COLUMNS = ("measure", "series", "area", "period", "period_end", "value", "status", "baseline", "note")
KEY = ("measure", "series", "area", "period_end")
HEADER_NOTE = "written by `luton2040 new-edition`; never edit"


def record_file(year: int) -> str:
    """Where the figures ``year``'s report used are recorded, relative to the project."""
    return f"{EDITIONS_DIR}/{year}-observations.csv"


def record_rows(root: Path, year: int) -> list[tuple[int, dict[str, str]]] | None:
    """The recorded rows as (line, cell text by column), or None when the edition has no record."""
    path = root / record_file(year)
    if not path.is_file():
        return None
    rows = text_rows(path.read_text(encoding="utf-8-sig"))
    if not rows:
        return []
    header = rows[0]
    return [(number, dict(zip(header, cells))) for number, cells in enumerate(rows[1:], start=2) if any(cells)]


def key_of(cells: dict) -> tuple[str, str, str, dt.date] | None:
    """A row's identity: measure, series, area and period end (None when the date is unreadable)."""
    try:
        end = cells["period_end"]
        end = end if isinstance(end, dt.date) else dt.date.fromisoformat(str(end).strip())
        return (str(cells["measure"]).strip(), str(cells["series"]).strip(), str(cells["area"]).strip(), end)
    except (KeyError, ValueError):
        return None


def read_keys(root: Path, year: int) -> frozenset | None:
    """The identities of the rows ``year``'s report used, or None when it has no record."""
    rows = record_rows(root, year)
    if rows is None:
        return None
    return frozenset(k for k in (key_of(cells) for _, cells in rows) if k is not None)


def record_text(observations: str, cutoff: dt.date) -> str:
    """The record of an edition with this cut-off: the rows of data/observations.csv (its text)
    ending on or before the cut-off, in their order, with the published columns only."""
    rows = text_rows(observations)
    header = rows[0] if rows else []
    at = {name: header.index(name) for name in COLUMNS if name in header}
    out = io.StringIO()
    write = csv.writer(out, lineterminator="\n")
    write.writerow(COLUMNS)
    for cells in rows[1:]:
        end = cells[at["period_end"]] if len(cells) > at.get("period_end", len(cells)) else ""
        if end and end <= cutoff.isoformat():
            write.writerow([cells[at[name]] if name in at and at[name] < len(cells) else "" for name in COLUMNS])
    return out.getvalue()


def as_published(cells: dict[str, str]) -> dict[str, object]:
    """A recorded row's cells typed as data/observations.csv's reader types them, to compare."""
    def number(text: str):
        try:
            return float(text) if text.strip() else None
        except ValueError:
            return text
    typed: dict[str, object] = {name: (cells.get(name, "").strip() or None) for name in COLUMNS}
    typed["value"] = number(cells.get("value", ""))
    typed["baseline"] = cells.get("baseline", "").strip().lower() == "true"
    typed["period_end"] = key_of(cells)[3] if key_of(cells) else cells.get("period_end")
    return typed
