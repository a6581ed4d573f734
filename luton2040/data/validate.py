"""Every rule the project's input must follow; ``validate_project`` returns all problems at once, never raises.

Rules come in three layers: what datapackage.json says about each CSV (types, required, enums,
patterns, ranges, unique — checked by ``schema.read_table``), the keys between tables (primary and
foreign keys), and the report's own rules (periods, baselines, milestones, MIS shares, edition files,
partner texts). Each rule is a small function from the loaded tables to problems.
"""
from __future__ import annotations

import datetime as dt
import difflib
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable

from luton2040.constants import EDITIONS_DIR, LUTON, TARGET_YEARS
from luton2040.engine.config import read_marked
from luton2040.errors import InputError, Problem
from luton2040.data.load import load_editions, read_edition_file
from luton2040.data.partners import read_partners
from luton2040.data.periods import FORMS, parse_period, readings
from luton2040.data.schema import Row, as_list, read_table, resource_file, resources

NEEDS_VALUE = ("value", "rank", "gap_to_comparator", "relative_to_comparator", "ratio_to_comparator")
EDITION_KEYS = ("year", "title", "publication_date", "data_cutoff", "pdf_name", "focus_areas")
SHARE_TOLERANCE = 0.2


@dataclass
class Project:
    """Everything the rules look at: the project folder, resource descriptors and typed rows."""

    root: Path
    resources: dict[str, dict]
    tables: dict[str, list[Row]]
    unread: set[str] = field(default_factory=set)  # tables whose reading found problems (reported already)

    def file(self, name: str) -> str:
        return resource_file(self.resources[name])

    def rows(self, name: str) -> list[Row]:
        return self.tables.get(name, [])


def validate_project(project_dir: Path) -> list[Problem]:
    """Run every rule over the project; return all problems (errors and warnings), sorted by place."""
    root = Path(project_dir)
    try:
        described = resources(root)
    except InputError as err:
        return list(err.problems)
    problems: list[Problem] = []
    tables, unread = {}, set()
    for name in described:
        rows, found = read_table(root, name)
        tables[name] = rows
        problems += found
        if found:
            unread.add(name)
    project = Project(root, described, tables, unread)
    for rule in RULES:
        problems += rule(project)
    return sorted(problems, key=lambda p: (p.file, p.line or 0, p.column or "", p.message))


def usable(row: Row, *columns: str) -> bool:
    """True when every named cell was read without a problem and is not blank."""
    return all(c not in row.invalid and row.values.get(c) is not None for c in columns)


def closest(value: Any, choices: Iterable[Any]) -> str | None:
    found = difflib.get_close_matches(str(value), [str(c) for c in choices], n=1, cutoff=0.6)
    return found[0] if found else None


def _fmt(value: Any) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


# --- keys between tables -------------------------------------------------------------------------

def primary_keys(project: Project) -> Iterable[Problem]:
    """Two rows of one table with the same primary key (single unique ids are checked by schema)."""
    for name, resource in project.resources.items():
        schema = resource["schema"]
        fields = as_list(schema.get("primaryKey", []))
        if not fields:
            continue
        if len(fields) == 1:
            spec = next(f for f in schema["fields"] if f["name"] == fields[0])
            if spec.get("constraints", {}).get("unique"):
                continue
        seen: dict[tuple, int] = {}
        for row in project.rows(name):
            if not usable(row, *fields):
                continue
            key = tuple(row.values[f] for f in fields)
            if key in seen:
                shown = ", ".join(f"{f} {_fmt(v)!r}" for f, v in zip(fields, key))
                yield Problem(project.file(name), row.line, None,
                              f"duplicate row for {shown} (also on line {seen[key]})",
                              "delete one of the two rows or correct its key")
            else:
                seen[key] = row.line


def foreign_keys(project: Project) -> Iterable[Problem]:
    """Every reference to another table (measure, series, area, unit, priority…) points at a real row."""
    for name, resource in project.resources.items():
        for fk in resource["schema"].get("foreignKeys", []):
            fields = as_list(fk["fields"])
            target = fk["reference"]["resource"]
            target_fields = as_list(fk["reference"]["fields"])
            target_rows = project.rows(target)
            if target not in project.resources or not target_rows:
                continue  # the referenced file is missing or unreadable; already reported
            valid = [tuple(r.values[f] for f in target_fields) for r in target_rows if usable(r, *target_fields)]
            valid_set = set(valid)
            for row in project.rows(name):
                if not usable(row, *fields):
                    continue
                key = tuple(row.values[f] for f in fields)
                if key not in valid_set:
                    yield _unknown_reference(project, name, row, fields, key, target, target_fields, valid)


def _unknown_reference(project, name, row, fields, key, target, target_fields, valid) -> Problem:
    """Locate the first part of a (possibly composite) key that matches nothing, and suggest the closest id.

    For a composite key such as (measure, series) → series.csv, an unknown measure is reported against
    the table that defines measures (measures.csv), found through series.csv's own foreign keys.
    """
    for depth in range(len(fields)):
        prefix = key[:depth + 1]
        if any(v[:depth + 1] == prefix for v in valid):
            continue
        column, value = fields[depth], key[depth]
        owner = ", ".join(f"{f} '{_fmt(v)}'" for f, v in zip(fields[:depth], key[:depth]))
        source, source_field, choices = target, target_fields[depth], {v[depth] for v in valid if v[:depth] == key[:depth]}
        if depth == 0 and len(fields) > 1:
            defined = _defining_table(project, target, target_fields[0])
            if defined:
                source, source_field = defined
                all_ids = {r.values[source_field] for r in project.rows(source) if usable(r, source_field)}
                if value in all_ids:
                    return Problem(project.file(name), row.line, column,
                                   f"{column} '{_fmt(value)}' has no rows in {project.file(target)}",
                                   "add them there first")
                choices = all_ids
        source_file = project.file(source)
        what = f"an {source_field}" if source_field[0] in "aeiou" else f"a {source_field}"
        where = f"{what} of {owner} from {source_file}" if owner else f"{what} from {source_file}"
        message = f"unknown {column} '{_fmt(value)}'" + (f" for {owner}" if owner else "")
        choices = sorted(choices, key=str)
        suggestion = closest(value, choices)
        if suggestion:
            fix = f"use {where}, e.g. {suggestion}"
        elif choices and len(choices) <= 8:
            fix = f"use {where}: {', '.join(map(str, choices))}"
        else:
            fix = f"use {where}, or add a row for it there first"
        return Problem(project.file(name), row.line, column, message, fix)
    raise AssertionError("key was not in the reference table but every prefix matched")


def _defining_table(project: Project, resource: str, field_name: str) -> tuple[str, str] | None:
    """The (resource, field) a single-field foreign key of ``resource`` points ``field_name`` at, if any."""
    for fk in project.resources[resource]["schema"].get("foreignKeys", []):
        if as_list(fk["fields"]) == [field_name]:
            ref = fk["reference"]
            if ref["resource"] in project.resources and project.rows(ref["resource"]):
                return ref["resource"], as_list(ref["fields"])[0]
    return None


# --- observations --------------------------------------------------------------------------------

def _series_units(project: Project) -> dict[tuple[str, str], dict]:
    units = {r.values["id"]: r.values for r in project.rows("units") if usable(r, "id")}
    return {(r.values["measure"], r.values["series"]): units[r.values["unit"]]
            for r in project.rows("series") if usable(r, "measure", "series", "unit") and r.values["unit"] in units}


def observation_values(project: Project) -> Iterable[Problem]:
    """A value exactly when status is ok, and inside the unit's range (percent 0–100, counts ≥ 0…)."""
    file = project.file("observations")
    units = _series_units(project)
    for row in project.rows("observations"):
        v = row.values
        if "value" in row.invalid or "status" in row.invalid or v["status"] is None:
            continue
        if v["status"] == "ok" and v["value"] is None:
            yield Problem(file, row.line, "value", "is blank but status is ok",
                          "fill in the value, or set status to not_available, not_comparable or tbc")
        elif v["status"] != "ok" and v["value"] is not None:
            yield Problem(file, row.line, "status", f"is {v['status']} but a value ({_fmt(v['value'])}) is given",
                          "set status to ok, or clear the value")
        unit = units.get((v["measure"], v["series"]))
        if v["value"] is None or unit is None:
            continue
        low, high = unit.get("minimum"), unit.get("maximum")
        if low is not None and v["value"] < low:
            yield Problem(file, row.line, "value",
                          f"{_fmt(v['value'])} is below {_fmt(low)}, the smallest value in {unit['label']}",
                          f"check the figure and its unit ({unit['id']})")
        elif high is not None and v["value"] > high:
            yield Problem(file, row.line, "value",
                          f"{_fmt(v['value'])} is above {_fmt(high)}, the largest value in {unit['label']}",
                          f"check the figure and its unit ({unit['id']})")


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
    if not project.rows("observations"):
        return
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
    with_series = {r.values["measure"] for r in project.rows("series") if usable(r, "measure")}
    if project.rows("series"):
        for row in project.rows("measures"):
            if usable(row, "id") and row.values["id"] not in with_series:
                yield Problem(project.file("measures"), row.line, None,
                              f"measure '{row.values['id']}' has no series",
                              f"add a row for it to {project.file('series')} (series all, when it has one)")
    with_measures = {r.values["priority"] for r in project.rows("measures") if usable(r, "priority")}
    if project.rows("measures"):
        for row in project.rows("priorities"):
            if usable(row, "id") and row.values["id"] not in with_measures:
                yield Problem(project.file("priorities"), row.line, None,
                              f"priority '{row.values['id']}' has no measures",
                              f"add its measures to {project.file('measures')}, or remove the priority")


# --- targets -------------------------------------------------------------------------------------

def target_values(project: Project) -> Iterable[Problem]:
    """Numeric kinds need a value; text needs wording."""
    file = project.file("targets")
    for row in project.rows("targets"):
        if not usable(row, "kind") or "value" in row.invalid:
            continue
        kind = row.values["kind"]
        if kind in NEEDS_VALUE and row.values["value"] is None:
            yield Problem(file, row.line, "value", f"is blank but kind is {kind}",
                          "fill in the number, or use kind text with wording")
        if kind == "text" and not row.values.get("wording"):
            yield Problem(file, row.line, "wording", "is blank but kind is text",
                          "write the target in words as the report gives it")


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
                              f"{after.values['year']} value {_fmt(b)} for {measure} / {series} is {word} than "
                              f"the {before.values['year']} value {_fmt(a)} (line {before.line}), but {better} "
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


def _loaded_editions(project: Project) -> list[tuple[Path, Any]]:
    """(file, Edition) for each edition file that loads and is named after its year; the others are
    reported by edition_files."""
    editions, _ = load_editions(project.root)
    found = [(project.root / EDITIONS_DIR / f"{year}.yml", edition) for year, edition in sorted(editions.items())]
    return [(path, edition) for path, edition in found if path.is_file()]


def edition_cutoffs(project: Project) -> Iterable[Problem]:
    """An edition's data cut-off is on or before its publication date, and some figures fall before it."""
    ends = [row.values["period_end"] for row in project.rows("observations")
            if usable(row, "period_end", "area") and row.values["area"] == LUTON]
    for path, edition in _loaded_editions(project):
        rel, line, cutoff = f"{EDITIONS_DIR}/{path.name}", edition.lines.get("data_cutoff"), edition.data_cutoff
        if cutoff > edition.publication_date:
            yield Problem(rel, line, "data_cutoff",
                          f"the data cut-off {cutoff} is after the publication date {edition.publication_date}",
                          "set data_cutoff to the last day of data the report uses, before it is published")
        if ends and min(ends) > cutoff:
            yield Problem(rel, line, "data_cutoff",
                          f"no Luton figure falls on or before the data cut-off {cutoff}, so the report would have none",
                          f"check the date: the earliest figure in {project.file('observations')} is for {min(ends)}")


#: What an edition's Quarto profile (_quarto-<year>.yml, website:) must share with data/editions/<year>.yml
#: (the date and PDF name live only in the edition file: a Quarto website has no keys for them).
PROFILE_AGREES = (("title", "title"),)


def edition_profiles(project: Project) -> Iterable[Problem]:
    """Each edition has a Quarto profile whose website title matches its edition file, so
    the site, the PDF and the downloads page name the same report."""
    uses_profiles = any(p.stem[len("_quarto-"):].isdigit() for p in project.root.glob("_quarto-*.yml"))
    for path, edition in _loaded_editions(project):
        profile = project.root / f"_quarto-{edition.year}.yml"
        rel = f"{EDITIONS_DIR}/{path.name}"
        if not profile.is_file():
            if uses_profiles:
                yield Problem(rel, None, None, f"there is no {profile.name} for this edition",
                              f"copy last year's profile to {profile.name} and change the year, title, date "
                              "and PDF name in it")
            continue
        try:
            marked = read_marked(profile)
            book = marked.value.get("website") or {}
        except (InputError, AttributeError):
            continue  # reported when the engine reads the profile (quarto_config)
        if not isinstance(book, dict):
            continue
        for book_key, edition_key in PROFILE_AGREES:
            ours, theirs = book.get(book_key), getattr(edition, edition_key)
            if ours is not None and str(ours) != str(theirs):
                yield Problem(profile.name, marked.line("website", book_key), f"website.{book_key}",
                              f"'{ours}' differs from {edition_key} '{theirs}' in {rel}",
                              "make the two the same")
        sidebar = book.get("sidebar") if isinstance(book.get("sidebar"), dict) else {}
        tools = sidebar.get("tools") if isinstance(sidebar.get("tools"), list) else []
        for index, tool in enumerate(tools):
            href = str(tool.get("href", "")) if isinstance(tool, dict) else ""
            if href.endswith(".pdf") and href != f"{edition.pdf_name}.pdf":
                yield Problem(profile.name, marked.line("website", "sidebar", "tools", index, "href"),
                              "website.sidebar.tools",
                              f"the PDF link '{href}' differs from pdf_name '{edition.pdf_name}' in {rel}",
                              f"link to {edition.pdf_name}.pdf, the file the PDF step writes")


def edition_years(project: Project) -> list[int]:
    folder = project.root / EDITIONS_DIR
    return sorted(int(p.stem) for p in folder.glob("*.yml") if p.stem.isdigit()) if folder.is_dir() else []


def highlight_editions(project: Project) -> Iterable[Problem]:
    """Every highlight belongs to an edition that has a data/editions/<year>.yml file (one message per
    missing edition, on its first row)."""
    years = edition_years(project)
    rows: dict[int, list[int]] = defaultdict(list)
    for row in project.rows("highlights"):
        if usable(row, "edition") and row.values["edition"] not in years:
            rows[row.values["edition"]].append(row.line)
    listed = ", ".join(map(str, years)) or "none yet"
    for edition, lines in rows.items():
        extra = len(lines) - 1
        more = f" (and {extra} more row{'s' if extra > 1 else ''})" if extra else ""
        yield Problem(project.file("highlights"), lines[0], "edition",
                      f"edition {edition} has no file {EDITIONS_DIR}/{edition}.yml{more}",
                      f"use an edition that has one ({listed}), or create that file")


def edition_files(project: Project) -> Iterable[Problem]:
    """data/editions/<year>.yml: named after its year, with every required key and real dates."""
    folder = project.root / EDITIONS_DIR
    files = sorted(folder.glob("*.yml")) + sorted(folder.glob("*.yaml")) if folder.is_dir() else []
    if not files:
        yield Problem(EDITIONS_DIR, None, None, "no edition files",
                      f"add {EDITIONS_DIR}/<year>.yml with: {', '.join(EDITION_KEYS)}")
    for path in files:
        yield from _edition_file(path, f"{EDITIONS_DIR}/{path.name}")


def _edition_file(path: Path, rel: str) -> Iterable[Problem]:
    if path.suffix != ".yml" or not path.stem.isdigit() or len(path.stem) != 4:
        yield Problem(rel, None, None, "edition files are named <year>.yml", "rename it, e.g. 2025.yml")
        return
    marked, problems = read_edition_file(path, rel)
    if marked is None:
        yield from problems
        return
    data = marked.value
    if not isinstance(data, dict):
        yield Problem(rel, 1, None, "should be a list of key: value lines", f"give these keys: {', '.join(EDITION_KEYS)}")
        return
    lines = {key: marked.line(key) for key in data}
    for key in EDITION_KEYS:
        if data.get(key) in (None, "", []):
            near = closest(key, [k for k in data if k not in EDITION_KEYS])
            fix = f"rename {near} to {key}" if near else f"add a line '{key}: …'"
            yield Problem(rel, lines.get(key, lines.get(near)), None, f"{key} is missing or blank", fix)
    year = data.get("year")
    if year is not None and type(year) is not int:
        yield Problem(rel, lines.get("year"), "year", f"year {year!r} is not a number",
                      f"write it without quotes: year: {path.stem}")
    elif year is not None and year != int(path.stem):
        yield Problem(rel, lines.get("year"), "year", f"year {year} does not match the file name {path.name}",
                      f"set year: {path.stem}, or rename the file to {year}.yml")
    for key in ("publication_date", "data_cutoff"):
        value = data.get(key)
        if value is None or isinstance(value, dt.date):
            continue
        try:
            dt.date.fromisoformat(str(value))
        except ValueError:
            yield Problem(rel, lines.get(key), key, f"'{value}' is not a date", "write it as YYYY-MM-DD, e.g. 2025-03-31")
    if data.get("focus_areas") is not None and not isinstance(data["focus_areas"], list):
        yield Problem(rel, lines.get("focus_areas"), "focus_areas", "should be a list",
                      "write one '- item' line per focus area under focus_areas:")
    areas = data.get("focus_areas")
    for n, area in enumerate(areas if isinstance(areas, list) else [], 1):
        if not (isinstance(area, dict) and all(isinstance(area.get(k), str) and area[k].strip()
                                               for k in ("id", "title"))):
            yield Problem(rel, lines.get("focus_areas"), "focus_areas",
                          f"focus area {n} needs an id and a title",
                          "write each as '- id: green-corridors' with 'title: Green corridors' "
                          "(and 'summary: …') on the lines below it")


def partner_files(project: Project) -> Iterable[Problem]:
    """Partner contributions: front matter, safe markdown, and an edition that exists."""
    partners, problems = read_partners(project.root)
    yield from problems
    years = edition_years(project)
    for partner in partners:
        if years and partner.edition not in years:
            yield Problem(partner.path, partner.lines.get("edition"), "edition",
                          f"edition {partner.edition} has no file {EDITIONS_DIR}/{partner.edition}.yml",
                          f"use one of: {', '.join(map(str, years))}")


def quarto_config(project: Project) -> Iterable[Problem]:
    """_quarto.yml, with each edition's profile merged in as it is built, uses only keys that mean
    the same to Quarto and to the engine (luton2040/engine/config.py refuses the others with the
    file and line; docs/quarto-compatibility.md explains each)."""
    from luton2040.engine.config import load as load_config

    if not (project.root / "_quarto.yml").is_file():
        return
    years = edition_years(project)
    profiles: list[str | None] = [None] + [str(y) for y in years] + [f"{y},past" for y in years[:-1]]
    seen: set[str] = set()
    for profile in profiles:
        try:
            load_config(project.root, profile)
        except InputError as error:
            for problem in error.problems:
                if str(problem) not in seen:
                    seen.add(str(problem))
                    yield problem


def tolerances_have_reasons(project: Project) -> Iterable[Problem]:
    """A recorded trend tolerance says why (for example, the survey's precision)."""
    for row in project.tables.get("measures", []):
        if row.values.get("tolerance") is not None and not row.values.get("tolerance_reason"):
            yield Problem("data/measures.csv", row.line, "tolerance_reason",
                          f"is blank but {row.values.get('id')} has a tolerance of {_fmt(row.values['tolerance'])}",
                          "say why changes this small count as little change (e.g. the survey's precision)")


RULES: list[Callable[[Project], Iterable[Problem]]] = [
    quarto_config,
    primary_keys,
    foreign_keys,
    observation_values,
    observation_periods,
    baselines,
    measures_have_series,
    target_values,
    milestones_move_toward_target,
    mis_shares,
    tables_have_rows,
    highlight_editions,
    edition_files,
    edition_cutoffs,
    edition_profiles,
    partner_files,
    tolerances_have_reasons,
]
