"""Reads data/ into a Dataset of model records. Parsing only: the rules live in validate.py and its *_rules modules."""
from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import functools
from dataclasses import dataclass, field
from pathlib import Path

from luton2040 import yamlmarks
from luton2040.constants import EDITIONS_DIR, LUTON, PROJECT_FILE
from luton2040.data import published
from luton2040.data.model import Area, Measure, Observation, Priority, Series, Target, Unit
from luton2040.data.schema import read_table, resources
from luton2040.errors import InputError, Problem


@dataclass(frozen=True)
class FocusArea:
    id: str
    title: str
    summary: str


@dataclass(frozen=True)
class Edition:
    """One year's report: its metadata file data/editions/<year>.yml."""

    year: int
    title: str
    subtitle: str
    publication_date: dt.date
    data_cutoff: dt.date
    pdf_name: str
    welcome_author: str = ""
    focus_areas: tuple[FocusArea, ...] = ()
    lines: dict[str, int] = field(default_factory=dict, compare=False, repr=False)  # top-level key → line
    #: the rows it published, once the next edition has started, by their identity (measure, series,
    #: area, period end) with their cells as recorded (data/editions/<year>-observations.csv,
    #: data/published.py): the figures and values it published; None while it is the newest
    record: dict | None = field(default=None, repr=False, compare=False)
    #: the other tables as it published them, once the next edition has started: table name
    #: (``published.TABLES``) → its record, data/editions/<year>-<table>.csv; empty while it is the
    #: newest (or for an edition recorded before its tables were: it follows the current tables)
    tables: dict = field(default_factory=dict, repr=False, compare=False)
    #: the data package's description as its download published it, once the next edition has
    #: started (data/editions/<year>-datapackage.json, ``published.PackageRecord``); None till then
    package: object = field(default=None, repr=False, compare=False)

    @functools.cached_property
    def published_series(self) -> frozenset[tuple[str, str]] | None:
        """The (measure, series) pairs this edition reported, once it is a past edition (each has
        rows in its record, a 'To be confirmed' placeholder included); None while it is the newest."""
        return None if self.record is None else frozenset((key[0], key[1]) for key in self.record)

    @functools.cached_property
    def published_measures(self) -> frozenset[str] | None:
        """The measures of ``published_series``; None while it is the newest."""
        pairs = self.published_series
        return None if pairs is None else frozenset(measure for measure, _ in pairs)

    def shows(self, measure: str, series: str, area: str, period_end: dt.date) -> bool:
        """Whether this edition's report uses that observation: one it published, or, while it has
        no record, any ending on or before its data cut-off."""
        if period_end > self.data_cutoff:
            return False
        return self.record is None or (measure, series, area, period_end) in self.record


@dataclass(frozen=True)
class Dataset:
    """Everything in data/, as records, with the lookups the tables need."""

    root: Path
    priorities: tuple[Priority, ...]
    units: dict[str, Unit]
    areas: dict[str, Area]
    measures: tuple[Measure, ...]
    observations: tuple[Observation, ...]
    targets: tuple[Target, ...]
    facts: tuple[dict, ...]
    mis_bands: tuple[dict, ...]
    highlights: tuple[dict, ...]
    editions: dict[int, Edition] = field(default_factory=dict)
    progress_notes: tuple[dict, ...] = ()  # rows of progress_notes.csv, each with its "line"
    figures: dict[str, dict] = field(default_factory=dict)  # figures.csv by id
    measure_names: tuple[dict, ...] = ()  # rows of measure_names.csv: the names sentences use for a measure
    #: in a past edition's view (``for_edition``): the measures added for later editions, left out
    later_measures: frozenset[str] = frozenset()
    #: the rows of each table of ``published.TABLES`` as read (the row dicts the records above are
    #: made from), so that a past edition's view is made from its recorded rows the same way
    rows: dict = field(default_factory=dict, repr=False, compare=False)

    def priority(self, priority_id: str) -> Priority:
        for p in self.priorities:
            if p.id == priority_id:
                return p
        known = ", ".join(p.id for p in self.priorities)
        raise KeyError(f"unknown priority '{priority_id}'; use one of: {known}")

    def measure(self, measure_id: str) -> Measure:
        for m in self.measures:
            if m.id == measure_id:
                return m
        if measure_id in self.later_measures:
            raise KeyError(f"measure '{measure_id}' is not in this edition's report: it was added for a later one — "
                           "name it only in that edition's words (chapters/_prose/<year>/, or a "
                           "::: {.content-visible when-profile=\"<year>\"} block of a shared page)")
        near = difflib.get_close_matches(str(measure_id), [m.id for m in self.measures], n=1, cutoff=0.6)
        hint = f" (did you mean '{near[0]}'?)" if near else ""
        raise KeyError(f"unknown measure '{measure_id}'{hint}; see data/measures.csv for the ids")

    def measures_of(self, priority_id: str) -> list[Measure]:
        self.priority(priority_id)
        return [m for m in self.measures if m.priority == priority_id]

    @functools.cached_property
    def _observations_by_series(self) -> dict[tuple[str, str, str], list[Observation]]:
        """(measure, series, area) → observations, oldest first (built once: lookups stay fast
        when there are hundreds of measures)."""
        index: dict[tuple[str, str, str], list[Observation]] = {}
        for o in self.observations:
            index.setdefault((o.measure, o.series, o.area), []).append(o)
        return {k: sorted(v, key=lambda o: o.period_end) for k, v in index.items()}

    @functools.cached_property
    def _targets_by_series(self) -> dict[tuple[str, str], list[Target]]:
        index: dict[tuple[str, str], list[Target]] = {}
        for t in self.targets:
            index.setdefault((t.measure, t.series), []).append(t)
        return {k: sorted(v, key=lambda t: t.year) for k, v in index.items()}

    def observations_of(self, measure_id: str, series_id: str, area: str = LUTON,
                        cutoff: dt.date | None = None, edition: Edition | None = None) -> list[Observation]:
        """A series' observations for one area, oldest first: those ``edition`` reports if given
        (``Edition.shows``), else those up to the cut-off date if given."""
        found = self._observations_by_series.get((measure_id, series_id, area), [])
        if edition is not None:
            shown = [o for o in found if edition.shows(o.measure, o.series, o.area, o.period_end)]
            if edition.record is None:
                return shown
            # a past edition: each figure as it published it, though the row was revised since
            return [self.as_shown(edition, o) for o in shown]
        return [o for o in found if cutoff is None or o.period_end <= cutoff]

    @functools.cached_property
    def _published_rows(self) -> dict[tuple, Observation]:
        """(edition year, row key) → the row as that edition published it (filled as asked for)."""
        return {}

    def as_shown(self, edition: Edition, o: Observation) -> Observation:
        """An observation ``edition`` shows, as it shows it: a past edition's as it published it."""
        if edition.record is None:
            return o
        key = (o.measure, o.series, o.area, o.period_end)
        known = self._published_rows.get((edition.year, key))
        if known is None:
            known = self._published_rows[(edition.year, key)] = published.revised(o, edition.record[key])
        return known

    def for_edition(self, edition: Edition) -> "Dataset":
        """The data as ``edition`` reports it. A past edition reads the tables it recorded
        (``Edition.tables``: its milestones and targets, the measures' and series' words, units,
        areas, priorities, facts, income bands and search names as it published them) and keeps
        the measures and series it reported (``Edition.published_series``), so neither a row
        changed since nor a measure added for a later edition appears in an earlier, published
        one; the newest edition sees everything as it is now."""
        if edition.record is None and not edition.tables:
            return self
        views = self.__dict__.setdefault("_edition_views", {})
        if edition.year not in views:
            tables = {"priorities": self.priorities, "units": self.units, "areas": self.areas,
                      "measures": self.measures, "targets": self.targets, "facts": self.facts,
                      "mis_bands": self.mis_bands, "measure_names": self.measure_names}
            if edition.tables:  # (an edition recorded before its tables were follows the current ones)
                tables = _tables({name: ([{**r.values, "line": r.line} for r in edition.tables[name].rows]
                                         if name in edition.tables else self.rows.get(name, ()))
                                  for name in published.TABLES})
            pairs, reported = edition.published_series, edition.published_measures
            every = tables["measures"]
            if pairs is not None:
                every = tuple(dataclasses.replace(m, series=tuple(s for s in m.series if (m.id, s.id) in pairs))
                              for m in every if m.id in reported)
            kept = {m.id for m in every}
            views[edition.year] = dataclasses.replace(
                self, **{**tables, "measures": every,
                         "measure_names": tuple(r for r in tables["measure_names"] if r["measure"] in kept)},
                later_measures=frozenset(m.id for m in self.measures) - kept)
        return views[edition.year]

    def figure(self, figure_id: str, year: int) -> dict | None:
        """The row of data/figures.csv the ``year`` edition quotes as ``figure_id``: the row
        ``<id>-<year>`` when there is one (that edition's own value), else the row ``<id>``."""
        return self.figures.get(f"{figure_id}-{year}") or self.figures.get(figure_id)

    def targets_of(self, measure_id: str, series_id: str) -> list[Target]:
        return list(self._targets_by_series.get((measure_id, series_id), []))

    def edition(self, year: int | None = None) -> Edition:
        """The edition of that year, or the newest one."""
        if not self.editions:
            raise InputError([Problem(EDITIONS_DIR, None, None, "no edition files",
                                      "add data/editions/<year>.yml (copy last year's)")])
        if year is None:
            return self.editions[max(self.editions)]
        if year not in self.editions:
            known = ", ".join(str(y) for y in sorted(self.editions))
            start = f", or create it with `luton2040 new-edition {year}`" if year > max(self.editions) else ""
            raise InputError([Problem(f"{EDITIONS_DIR}/{year}.yml", None, None, f"there is no {year} edition",
                                      f"use one of: {known}{start}")])
        return self.editions[year]


def find_root(start: Path | None = None) -> Path:
    """The project folder: the nearest folder at or above ``start`` holding _quarto.yml."""
    here = Path(start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / PROJECT_FILE).is_file():
            return folder
    raise InputError([Problem(str(here), None, None, "is not inside a Luton 2040 project (no _quarto.yml found)",
                              "run the command from the project folder")])


def load(root: Path) -> Dataset:
    """Read every data file; raise InputError listing every parsing problem if any file is unreadable."""
    problems: list[Problem] = []

    def rows(name: str, with_line: bool = False) -> list[dict]:
        read, found = read_table(root, name)
        problems.extend(found)
        return [{**r.values, "line": r.line} if with_line else r.values for r in read]

    read = {name: rows(name, with_line=True) for name in published.TABLES}
    observations = tuple(Observation(**_text(r, "note", "provenance")) for r in rows("observations"))
    highlights = tuple(sorted(rows("highlights", with_line=True), key=lambda r: (r["edition"] or 0, r["order"] or 0)))
    progress_notes = tuple(rows("progress_notes", with_line=True))
    figures = {r["id"]: r for r in rows("figures", with_line=True)}
    editions, edition_problems = load_editions(root)
    problems.extend(edition_problems)
    if problems:
        raise InputError(problems)
    tables = _tables(read)
    return Dataset(root, tables["priorities"], tables["units"], tables["areas"], tables["measures"], observations,
                   tables["targets"], tables["facts"], tables["mis_bands"], highlights, editions, progress_notes,
                   figures, tables["measure_names"], rows={name: tuple(r) for name, r in read.items()})


def _tables(rows: dict[str, list[dict]]) -> dict[str, object]:
    """The records of the tables of ``published.TABLES`` made from their rows (each a dict of its
    values and its "line"): the tables as they are now (``load``), or as a past edition published
    them (``Dataset.for_edition``), made the same way."""
    def plain(name: str) -> list[dict]:
        return [{k: v for k, v in r.items() if k != "line"} for r in rows[name]]

    priorities = tuple(sorted((Priority(**r) for r in plain("priorities")), key=lambda p: p.order))
    units = {r["id"]: Unit(**{k: ("" if v is None and k in ("prefix", "suffix") else v) for k, v in r.items()})
             for r in plain("units")}
    areas = {r["id"]: Area(**r) for r in plain("areas")}
    by_measure: dict[str, list[Series]] = {}
    for r in plain("series"):
        unit = units.get(r["unit"]) or Unit(r["unit"], r["unit"])
        by_measure.setdefault(r["measure"], []).append(Series(
            measure=r["measure"], id=r["series"], label=r["label"] or "", unit=unit,
            decimals=r["decimals"], order=r["order"], assessed=r["assessed"]))
    order = {p.id: p.order for p in priorities}
    measures = tuple(sorted(
        (Measure(**_text(r, "source_url", "note", "provenance", "tolerance_reason"),
                 series=tuple(sorted(by_measure.get(r["id"], []), key=lambda s: s.order)))
         for r in plain("measures")),
        key=lambda m: (order.get(m.priority, 99), m.order)))
    return {
        "priorities": priorities, "units": units, "areas": areas, "measures": measures,
        "targets": tuple(Target(**_text(r, "wording", "note", "provenance")) for r in plain("targets")),
        "facts": tuple(sorted((dict(r) for r in rows["facts"]), key=lambda r: r["order"] or 0)),
        "mis_bands": tuple(sorted(plain("mis_bands"), key=lambda r: r["order"] or 0)),
        "measure_names": tuple(dict(r) for r in rows["measure_names"]),
    }


def edition_rows(root: Path, edition: Edition | None, name: str) -> list[dict]:
    """The rows (values, in file order) of the table ``name`` of ``published.TABLES`` as ``edition``
    reports it, as ``Dataset.for_edition`` takes them without reading every table: a past
    edition's from its record (data/editions/<year>-<name>.csv), the newest edition's (or, with
    no edition, the current ones) from data/<name>.csv; InputError lists every problem of the
    table read."""
    if edition is not None and edition.tables and name in edition.tables:
        return [dict(r.values) for r in edition.tables[name].rows]
    read, problems = read_table(root, name)
    if problems:
        raise InputError(problems)
    return [r.values for r in read]


def _text(row: dict, *names: str) -> dict:
    """The row with optional text columns turned from None into ''."""
    return {k: ("" if v is None and k in names else v) for k, v in row.items()}


def _words(value) -> str:
    """An optional line of words from an edition file: a key left blank (``subtitle:``) is YAML's
    null, which means no words, not the word 'None'."""
    return "" if value is None else str(value)


def load_editions(root: Path) -> tuple[dict[int, Edition], list[Problem]]:
    """Every data/editions/<year>.yml that parses; problems for those that do not (details in validate)."""
    editions: dict[int, Edition] = {}
    problems: list[Problem] = []
    for path in sorted((root / EDITIONS_DIR).glob("*.yml")):
        rel = f"{EDITIONS_DIR}/{path.name}"
        marked, refused, _ = read_edition_file(path, rel)
        if marked is None:
            problems += refused
            continue
        try:
            doc = marked.value or {}
            editions[int(doc["year"])] = Edition(
                year=int(doc["year"]),
                title=str(doc["title"]),
                subtitle=_words(doc.get("subtitle")),
                publication_date=_as_date(doc["publication_date"]),
                data_cutoff=_as_date(doc["data_cutoff"]),
                pdf_name=str(doc["pdf_name"]),
                welcome_author=_words(doc.get("welcome_author")),
                focus_areas=tuple(FocusArea(str(f["id"]), str(f["title"]), _words(f.get("summary")))
                                  for f in doc.get("focus_areas") or ()),
                lines={str(key): marked.line(key) for key in doc},
                **_record(root, int(doc["year"]), problems),
            )
        except (KeyError, TypeError, ValueError, AttributeError) as err:
            problems.append(Problem(rel, None, None,
                                    f"cannot read this edition file ({type(err).__name__}: {err})",
                                    "compare it with the previous year's file; `luton2040 check` explains more"))
    return editions, problems


def _record(root: Path, year: int, problems: list[Problem]) -> dict:
    """An edition's ``record`` (None while it has none), ``tables`` (its recorded tables) and
    ``package`` (its recorded data package); the records' problems added to ``problems`` (each
    table read as it was published: against the recorded package, else datapackage.json)."""
    files = [published.record_file(year), published.package_record_file(year)]
    files += [published.table_record_file(year, name) for name in published.TABLES]
    if not any((root / rel).is_file() for rel in files):
        return {"record": None}
    try:
        schemas = {name: r["schema"] for name, r in resources(root).items()}
    except InputError:  # (no readable data package: reported by the data checks)
        return {"record": None}
    fix = (f"put back what the {year} report published: this file is written by `luton2040 new-edition` "
           "and records it, and is never edited")
    try:
        package = published.read_package_record(root, year)
    except InputError as refused:
        problems += [dataclasses.replace(p, fix=fix) for p in refused.problems]
        package = None
    record = None
    if "observations" in schemas:  # (read_table reports the missing table)
        record, found = published.read_record(root, year, schemas["observations"])
        problems += found
    as_published = {r.get("name"): r.get("schema") for r in package.package.get("resources", [])} if package else {}
    tables = {}
    for name in published.TABLES:
        schema = as_published.get(name) or schemas.get(name)
        if not isinstance(schema, dict) or not isinstance(schema.get("fields"), list):
            continue
        recorded, found = published.read_table_record(root, year, name, schema)
        problems += [dataclasses.replace(p, fix=fix) for p in found]
        if recorded is not None:
            tables[name] = recorded
    return {"record": record, "tables": tables, "package": package}


def read_edition_file(path: Path, rel: str) -> tuple[yamlmarks.Marked | None, list[Problem], list[str]]:
    """The one reading of an edition file: its values with the line of each key, or the problem
    (not UTF-8, not YAML, or what yamlmarks refuses) naming ``rel`` and the line; and its lines as
    typed (none when it is not UTF-8), for the checks that look at how a value was written."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        return None, [Problem(rel, None, None, "is not UTF-8 text", "save it as UTF-8")], []
    typed = text.splitlines()
    pasted = yamlmarks.pasted_characters(rel, typed)
    if pasted:
        return None, pasted, typed
    try:
        return yamlmarks.load(text), [], typed
    except yamlmarks.YamlRefused as err:
        return None, [err.problem(rel)], typed


def _as_date(value) -> dt.date:
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))
