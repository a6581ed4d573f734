"""The figures a past edition published: ``data/editions/<year>-observations.csv``.

A statistic is often published long after the period it covers (the 2024 wages come out in late
2025), so "every observation up to the data cut-off" names a different set of figures once next
year's rows are added. ``luton2040 new-edition`` therefore writes, for the edition it moves on
from, the rows of data/observations.csv that edition used; from then on that edition shows exactly
those rows (``Edition.shows``), with the values it published. A figure added later for an earlier
period is reported from the next edition on.

Official statistics are revised (a mid-year population estimate rebased on a census, a corrected
claimant count), so a published row of data/observations.csv may be changed: the newer editions
show the revised value, and the past edition keeps the one it published, from its record
(``revised``: ``Dataset.observations_of`` and the edition's data download use it). The check
says so as a warning (``edition_rules.published_figures_unchanged``); a published row deleted is
refused, since the record and the data would no longer say which figure replaced it.

The other tables a report is made from are recorded the same way (``TABLES``): the milestones and
targets its statuses were judged against, the measures' and series' words, the units, areas,
priorities, facts, income bands and search names it published, each in
``data/editions/<year>-<table>.csv`` (``table_record_file``), with the published columns of the rows
it used. From then on the past edition reads those tables from its records (``Dataset.for_edition``,
its data download, its freeze key): a milestone reworded, a unit or area added for a later report
leaves it as it was published; the newer editions show the change. The check says so as a warning
(``edition_rules.published_tables_unchanged``). With them goes the data package's description as
that edition's download published it, ``data/editions/<year>-datapackage.json`` (``package_record_file``):
its download keeps the description of the files and columns it holds, and its tables' records are
read against it (a column added to a table later is not asked of a past edition's record).
"""
from __future__ import annotations

import copy
import csv
import dataclasses
import datetime as dt
import hashlib
import io
import json
import re
from dataclasses import dataclass
from pathlib import Path

from luton2040.constants import DATA_DIR, EDITIONS_DIR, INTERNAL_COLUMNS
from luton2040.data.edition_prose import PROSE_DIR
from luton2040.data.schema import Row, read_csv, read_package, text_rows
from luton2040.errors import Problem

#: the columns of data/observations.csv a report shows (provenance is for analysts and may change)
COLUMNS = ("measure", "series", "area", "period", "period_end", "value", "status", "baseline", "note")
KEY = ("measure", "series", "area", "period_end")
HEADER_NOTE = "written by `luton2040 new-edition`; never edit"


def record_file(year: int) -> str:
    """Where the figures ``year``'s report used are recorded, relative to the project."""
    return f"{EDITIONS_DIR}/{year}-observations.csv"


def key_of(cells: dict) -> tuple[str, str, str, dt.date] | None:
    """A row's identity: measure, series, area and period end (None when the date is unreadable)."""
    try:
        end = cells["period_end"]
        end = end if isinstance(end, dt.date) else dt.date.fromisoformat(str(end).strip())
        return (str(cells["measure"]).strip(), str(cells["series"]).strip(), str(cells["area"]).strip(), end)
    except (KeyError, ValueError):
        return None


@dataclass(frozen=True)
class Recorded:
    """One row of an edition's record: its line, its cells as written and its values typed as
    data/observations.csv's reader types them (the same Table Schema, ``record_schema``)."""

    line: int
    cells: dict[str, str]
    values: dict[str, object]


def record_schema(observations: dict) -> dict:
    """data/observations.csv's Table Schema for the record's columns (``COLUMNS``); a row of the
    record is typed, and refused, exactly as the row it was copied from."""
    fields = [{**f, "constraints": {k: v for k, v in f.get("constraints", {}).items() if k != "unique"}}
              for f in observations["fields"] if f["name"] in COLUMNS]
    return {"fields": fields, "missingValues": observations.get("missingValues", [""]), "primaryKey": list(KEY)}


def read_record(root: Path, year: int, observations: dict) -> tuple[dict[tuple, Recorded] | None, list[Problem]]:
    """The rows ``year``'s report used, by identity (``key_of``), read against ``record_schema``
    (``observations``: data/observations.csv's Table Schema), and the problems of its cells; None
    when the edition has no record."""
    path = root / record_file(year)
    if not path.is_file():
        return None, []
    rows, problems = read_csv(path, record_file(year), record_schema(observations), cells=True)
    record = {}
    for row in rows:
        key = key_of(row.values) if not row.invalid & set(KEY) else None
        if key is not None:
            record.setdefault(key, Recorded(row.line, row.cells or {}, row.values))
    return record, problems


def published_cells(observation) -> dict[str, object]:
    """An Observation's published columns as the reader types them (a blank note None)."""
    return {name: (getattr(observation, name) if name != "note" else (observation.note or None)) for name in COLUMNS}


def revised(observation, recorded: Recorded):
    """The observation as the edition published it: ``observation`` itself when its published
    columns are as recorded, else an Observation with the recorded values (a later revision)."""
    if published_cells(observation) == {name: recorded.values.get(name) for name in COLUMNS}:
        return observation
    return dataclasses.replace(observation, **{name: (recorded.values.get(name) if name != "note"
                                                      else recorded.values.get(name) or "") for name in COLUMNS})


def recorded_line(header: list[str], cells: list[str], recorded: Recorded, ending: str) -> str:
    """A row of observations.csv written back as the edition published it: the recorded text in
    the published columns, the row's own cells in the others (which the download leaves out)."""
    out = io.StringIO()
    row = [recorded.cells.get(name, "") if name in COLUMNS else (cells[i] if i < len(cells) else "")
           for i, name in enumerate(header)]
    csv.writer(out, lineterminator=ending).writerow(row)
    return out.getvalue()


def record_text(observations: str, cutoff: dt.date, pairs: frozenset | None = None) -> str:
    """The record of an edition with this cut-off: the rows of data/observations.csv (its text)
    ending on or before the cut-off, in their order, with the published columns only; given the
    (measure, series) ``pairs`` the edition reports (data/series.csv's), only theirs: a series
    retired before it, whose figures an earlier edition published, is none of its own."""
    rows = text_rows(observations)
    header = rows[0] if rows else []
    out = io.StringIO()
    write = csv.writer(out, lineterminator="\n")
    write.writerow(COLUMNS)
    for cells in rows[1:]:
        row = dict(zip(header, cells))
        end = row.get("period_end", "").strip()
        if end and end <= cutoff.isoformat() and (pairs is None or (row.get("measure"), row.get("series")) in pairs):
            write.writerow([row.get(name, "") for name in COLUMNS])
    return out.getvalue()


# ---------------------------------------------------------------- the other tables it was made from

#: The tables a past edition reads from its own records once the next edition starts: every table of
#: data/ but observations.csv (recorded above) and those whose rows belong to one edition (an
#: ``edition`` column: highlights, progress notes, figures), in the order load.py builds them.
TABLES = ("priorities", "units", "areas", "measures", "series", "targets", "facts", "mis_bands", "measure_names")
#: the tables naming a measure (``id`` in measures.csv): a past edition keeps the rows of the
#: measures and series it reported (``reports_row``)
MEASURE_COLUMN = {"measures": "id", "series": "measure", "targets": "measure", "measure_names": "measure"}


def table_record_file(year: int, table: str) -> str:
    """Where the rows of data/<table>.csv ``year``'s report used are recorded, relative to the project."""
    return f"{EDITIONS_DIR}/{year}-{table}.csv"


@dataclass(frozen=True)
class TableRecord:
    """One table as a past edition published it: its record file, its text (the edition's copy of
    the table in its data download) and its rows, typed as data/<table>.csv's are."""

    file: str
    text: str
    rows: tuple[Row, ...]


def public_text(text: str) -> str:
    """A CSV's text without its internal columns (the analysts' provenance notes); a file without
    any keeps its exact text."""
    rows = text_rows(text)
    if not rows or not any(name in rows[0] for name in INTERNAL_COLUMNS):
        return text
    keep = [i for i, name in enumerate(rows[0]) if name not in INTERNAL_COLUMNS]
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows([[r[i] for i in keep if i < len(r)] for r in rows])
    return out.getvalue()


def reports_row(header: list[str], table: str, pairs: frozenset | None, measures: frozenset | None):
    """For a table naming measures (``MEASURE_COLUMN``): whether a row (its cells) is of a measure,
    and series where it gives one, in ``pairs`` (an edition's ``published_series``; ``measures``
    their measures); None when nothing is left out (no such column, or no pairs: the newest edition)."""
    column = MEASURE_COLUMN.get(table, "measure")
    if pairs is None or column not in header:
        return None
    at = header.index(column)
    series_at = header.index("series") if "series" in header else None

    def reported(r: list[str]) -> bool:
        if len(r) <= at or not r[at]:  # (a row of no measure: a highlight, a note on the town)
            return True
        if series_at is not None and len(r) > series_at and r[series_at]:
            return (r[at], r[series_at]) in pairs
        return r[at] in measures
    return reported


def table_record_text(text: str, table: str, pairs: frozenset | None = None,
                      measures: frozenset | None = None) -> str:
    """The record of data/<table>.csv (its ``text``) for an edition: the table without its internal
    columns, exactly as the edition's data download held it. Given the (measure, series) ``pairs``
    an edition reported (an edition recorded before its tables were), only their rows."""
    text = public_text(text.removeprefix("\ufeff"))
    rows = text_rows(text)
    keep = reports_row(rows[0], table, pairs, measures) if rows else None
    if keep is None:
        return text
    lines = list(io.StringIO(text, newline=""))
    return "".join([lines[0]] + [line for line, r in zip(lines[1:], rows[1:]) if keep(r)])


def table_record_schema(schema: dict, header: list[str]) -> dict:
    """data/<table>.csv's Table Schema (``schema``) for its record: the published columns the
    record's ``header`` names (a column added to the table after the edition was published is not
    asked of it), without the keys to other tables (those rows are as the edition published them)."""
    fields = [f for f in schema["fields"] if f["name"] not in INTERNAL_COLUMNS and f["name"] in header]
    kept = {f["name"] for f in fields}
    key = [name for name in ([schema["primaryKey"]] if isinstance(schema.get("primaryKey"), str)
                             else schema.get("primaryKey") or []) if name in kept]
    return {"fields": fields or [f for f in schema["fields"] if f["name"] not in INTERNAL_COLUMNS],
            "missingValues": schema.get("missingValues", [""]), "primaryKey": key}


def package_record_file(year: int) -> str:
    """Where the data package's description ``year``'s data download published is recorded."""
    return f"{EDITIONS_DIR}/{year}-datapackage.json"


def public_package(package: dict) -> bytes:
    """datapackage.json as published (the parsed ``package``): the internal columns are not
    described, as they are not there."""
    package = copy.deepcopy(package)
    for resource in package.get("resources", []):
        schema = resource.get("schema") or {}
        if isinstance(schema.get("fields"), list):
            schema["fields"] = [f for f in schema["fields"] if f.get("name") not in INTERNAL_COLUMNS]
    return (json.dumps(package, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


@dataclass(frozen=True)
class PackageRecord:
    """The data package as a past edition's download published it: its record file, its bytes (the
    download's datapackage.json) and its contents."""

    file: str
    raw: bytes
    package: dict


def read_package_record(root: Path, year: int) -> PackageRecord | None:
    """``year``'s record of the data package, None when it has none; InputError naming the file
    when it is not a readable data package."""
    rel = package_record_file(year)
    path = root / rel
    if not path.is_file():
        return None
    raw = path.read_bytes()  # (read once: the download's copy and the description read are the same bytes)
    return PackageRecord(rel, raw, read_package(path, rel, data=raw))


def read_table_record(root: Path, year: int, table: str, schema: dict) -> tuple[TableRecord | None, list[Problem]]:
    """``year``'s record of data/<table>.csv read against that table's Table Schema (``schema``), and
    the problems of its cells; None when the edition has no record of the table."""
    rel = table_record_file(year, table)
    path = root / rel
    if not path.is_file():
        return None, []
    raw = path.read_bytes()  # (read once: the download's copy and the rows read are the same bytes)
    text = raw.decode("utf-8-sig", errors="replace")
    header = text_rows(text)[0] if text.strip() else []
    rows, problems = read_csv(path, rel, table_record_schema(schema, header), cells=True, data=raw)
    return TableRecord(rel, text, tuple(rows)), problems


# ---------------------------------------------------------------- the edition's own files and rows

#: a partner file's edition, read from its text (the front matter is checked by data/partners.py)
PARTNER_EDITION = re.compile(r"^edition:\s*['\"]?(\d{4})['\"]?\s*$", re.M)
#: the data files whose rows belong to one edition (an ``edition`` column)
EDITION_ROWS = ("highlights.csv", "progress_notes.csv", "figures.csv")


def files_record(year: int) -> str:
    """Where the digests of the files and rows ``year``'s report was made from are recorded."""
    return f"{EDITIONS_DIR}/{year}-files.sha256"


def _digest(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()


def _edition_rows(root: Path, name: str, year: int) -> list[tuple[int, str]]:
    """(line, row text without the analysts' columns) of each row of data/<name> for ``year``."""
    path = root / DATA_DIR / name
    if not path.is_file():
        return []
    rows = text_rows(path.read_text(encoding="utf-8-sig"))
    if not rows or "edition" not in rows[0]:
        return []
    header, at = rows[0], rows[0].index("edition")
    keep = [i for i, column in enumerate(header) if column not in INTERNAL_COLUMNS]
    return [(number, "\x1f".join(cells[i] if i < len(cells) else "" for i in keep))
            for number, cells in enumerate(rows[1:], start=2)
            if len(cells) > at and cells[at].strip() == str(year)]


def own_files(root: Path, year: int) -> dict[str, tuple[str, int | None]]:
    """What ``year``'s report alone is made from, key → (digest, line): its edition and profile
    files, its own prose, the partner files of that edition, and its rows of highlights.csv,
    progress_notes.csv and figures.csv (key ``data/highlights.csv#3``: its third row)."""
    found: dict[str, tuple[str, int | None]] = {}
    paths = [root / EDITIONS_DIR / f"{year}.yml", root / f"_quarto-{year}.yml"]
    prose = root / "chapters" / PROSE_DIR / str(year)
    paths += sorted(p for p in prose.rglob("*") if p.is_file()) if prose.is_dir() else []
    for path in sorted((root / "partners").rglob("*.md")) if (root / "partners").is_dir() else []:
        if path.name.lower() == "readme.md":  # the template, not a contribution
            continue
        said = PARTNER_EDITION.search(path.read_bytes().decode("utf-8", errors="replace"))
        if said and int(said.group(1)) == year:
            paths.append(path)
    for path in paths:
        if path.is_file():
            found[path.relative_to(root).as_posix()] = (_digest(as_text(path.read_bytes())), None)
    for name in EDITION_ROWS:
        for n, (line, text) in enumerate(_edition_rows(root, name, year), start=1):
            found[f"{DATA_DIR}/{name}#{n}"] = (_digest(text.encode("utf-8")), line)
    return found


def as_text(data: bytes) -> bytes:
    """A file's bytes as its text: without a byte-order mark and with Unix line ends, so a Windows
    checkout (Git turns line ends into CRLF there) or an editor that adds a BOM changes nothing."""
    return data.removeprefix(b"\xef\xbb\xbf").replace(b"\r\n", b"\n")


def files_record_text(root: Path, year: int, records: dict[str, str] | None = None) -> str:
    """The record new-edition writes: one ``<sha256>  <key>`` line per own file and row, and per
    record of what the edition published that it writes with it (``records``: file → text, such
    as data/editions/<year>-targets.csv), so a record edited or deleted later is refused — with,
    for each record, a ``lines:<digest>,…  <key>`` line, so the refusal names the line edited."""
    head = f"# What the {year} report was made from ({HEADER_NOTE}); `luton2040 check` compares it.\n"
    found = {key: digest for key, (digest, _) in own_files(root, year).items()}
    found.update(record_digests(records or {}))
    return head + "".join(f"{digest}  {key}\n" for key, digest in sorted(found.items())) \
        + _line_digests_text(records or {})


def record_digests(records: dict[str, str]) -> dict[str, str]:
    """file → digest of each record's text (``records``: file → text, as new-edition writes it)."""
    return {rel: _digest(as_text(text.encode("utf-8"))) for rel, text in records.items()}


#: what starts the digest field of a record's line digests in ``files_record`` (a short digest of
#: each line: enough to find the first line edited, a few KB for a record of a thousand rows)
LINES = "lines:"


def _line_digest(line: str) -> str:
    return _digest(line.encode("utf-8"))[:12]


def _line_digests_text(records: dict[str, str]) -> str:
    """A ``lines:<digest>,…  <key>`` line per record (``records``: file → text)."""
    found = []
    for rel, text in sorted(records.items()):
        lines = as_text(text.encode("utf-8")).decode("utf-8").split("\n")
        found.append(f"{LINES}{','.join(map(_line_digest, lines))}  {rel}\n")
    return "".join(found)


def files_record_added(root: Path, year: int, records: dict[str, str]) -> str:
    """``year``'s record of its files (``files_record``, written before these records were) with
    the digests of the records new-edition writes now for that edition (``records``: file → text)."""
    kept = (root / files_record(year)).read_text(encoding="utf-8")
    added = "".join(f"{digest}  {key}\n" for key, digest in sorted(record_digests(records).items()))
    return kept + ("\n" if kept and not kept.endswith("\n") else "") + added + _line_digests_text(records)


def is_record_of(year: int, key: str) -> bool:
    """Whether ``key`` (a file named in ``files_record(year)``) is one of that edition's records of
    what it published: its figures, tables or data package (data/editions/<year>-*.csv, .json)."""
    return key.startswith(f"{EDITIONS_DIR}/{year}-") and key.endswith((".csv", ".json"))


def changed_records(root: Path, year: int) -> dict[str, str]:
    """The records of what ``year``'s report published whose digest ``files_record(year)`` holds
    and that are no longer as written: file → "missing" or "changed". (An edition recorded
    before its records' digests were has none, and nothing here.)"""
    found = {}
    for key, digest in (read_files_record(root, year) or {}).items():
        if not is_record_of(year, key):
            continue
        path = root / key
        if not path.is_file():
            found[key] = "missing"
        elif _digest(as_text(path.read_bytes())) != digest:
            found[key] = "changed"
    return found


def read_files_record(root: Path, year: int) -> dict[str, str] | None:
    """key → digest from ``files_record(year)``, or None when the edition has none."""
    path = root / files_record(year)
    if not path.is_file():
        return None
    found = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        digest, _, key = line.partition("  ")
        if key and not line.startswith(("#", LINES)):
            found[key] = digest
    return found


def first_changed_line(root: Path, year: int, key: str) -> int | None:
    """The first line of the record ``key`` that is not as new-edition wrote it (the line after its
    last when lines were removed from its end), from its line digests in ``files_record(year)``;
    None when they were not kept (a record written before they were) or the file is as written."""
    path = root / files_record(year)
    try:
        kept = path.read_text(encoding="utf-8").splitlines()
        now = as_text((root / key).read_bytes()).decode("utf-8", errors="replace").split("\n")
    except OSError:
        return None
    written = next((line[len(LINES):].partition("  ")[0].split(",") for line in reversed(kept)  # (the last, as
                    if line.startswith(LINES) and line.partition("  ")[2] == key), None)  # read_files_record)
    if written is None:
        return None
    return next((n for n, (was, line) in enumerate(zip(written, now), start=1) if was != _line_digest(line)),
                min(len(written), len(now)) + 1 if len(written) != len(now) else None)
