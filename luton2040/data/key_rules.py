"""The keys between tables: every primary key is unique and every foreign key names a row that exists."""
from __future__ import annotations

from typing import Iterable

from luton2040.data import published
from luton2040.data.rule_inputs import Project, closest, could_be, unread_keys, usable, typed_text
from luton2040.data.schema import as_list
from luton2040.errors import Problem


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
                shown = ", ".join(f"{f} {typed_text(v)!r}" for f, v in zip(fields, key))
                yield Problem(project.file(name), row.line, None,
                              f"duplicate row for {shown} (also on line {seen[key]})",
                              "delete one of the two rows or correct its key")
            else:
                seen[key] = row.line


def foreign_keys(project: Project) -> Iterable[Problem]:
    """Every reference to another table (measure, series, area, unit, priority…) points at a real row,
    or, for a measure or series retired since (its rows deleted from measures.csv and series.csv for
    later reports), at one a past edition published (``_retired_keys``): its published figures stay
    in observations.csv, and that edition's own progress items and tiles keep naming it."""
    retired = _retired_keys(project)
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
            # a row of the referenced file whose key did not read, or a line of it the reader made no
            # row of, is refused there, on its line; what may refer to it is not also called unknown
            unread = unread_keys(target_rows, target_fields)
            for row in project.rows(name):
                if not usable(row, *fields):
                    continue
                key = tuple(row.values[f] for f in fields)
                if key not in valid_set and (target in project.partial
                                             or could_be(unread, dict(zip(target_fields, key)))
                                             or _published_then(retired, name, row, fields, key)):
                    continue
                if key not in valid_set:
                    yield (_retired_reference(project, name, row, fields, key, retired)
                           or _unknown_reference(project, name, row, fields, key, target, target_fields, valid))


def _retired_keys(project: Project) -> dict[int, tuple[frozenset, frozenset]]:
    """Each past edition's year → the rows of observations.csv it published (their identities,
    ``published.key_of``) and the measures it published (``Edition.published_measures``)."""
    editions, _ = project.editions()
    return {year: (frozenset(e.record), e.published_measures)
            for year, e in editions.items() if e.record is not None}


def _published_then(retired: dict[int, tuple[frozenset, frozenset]], name: str, row, fields: list[str],
                    key: tuple) -> bool:
    """True when a row of observations.csv is one a past edition published, or a row of a past
    edition's own (a progress item, a tile: its ``edition`` column) names a measure that edition
    published: of a measure or series retired since, which later reports leave out. A row added
    since for a retired series is no report's, and stays unknown."""
    if fields == ["measure", "series"] and name == "observations":
        identity = published.key_of(row.values) if usable(row, *published.KEY) else None
        return identity is not None and any(identity in rows for rows, _ in retired.values())
    if fields == ["measure"] and usable(row, "edition"):
        return key[0] in retired.get(row.values["edition"], (frozenset(), frozenset()))[1]
    return False


def _retired_reference(project, name, row, fields, key, retired) -> Problem | None:
    """A row for a report after a measure was retired (a past edition published it; it is no longer in
    data/measures.csv): said so, rather than as an unknown measure to add."""
    if fields[0] != "measure" or not isinstance(key[0], str):
        return None
    current = {r.values["id"] for r in project.rows("measures") if usable(r, "id")}
    years = sorted(year for year, (_, measures) in retired.items() if key[0] in measures)
    if key[0] in current or not years:
        return None
    return Problem(project.file(name), row.line, "measure",
                   f"the measure '{key[0]}' was retired after the {years[-1]} report (it is not in "
                   f"{project.file('measures')} any more), so this row is for no report: only the rows a past "
                   "report published stay",
                   f"remove the row, or put the measure back in {project.file('measures')} and "
                   f"{project.file('series')} to report it again")


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
        owner = ", ".join(f"{f} '{typed_text(v)}'" for f, v in zip(fields[:depth], key[:depth]))
        source, source_field, choices = target, target_fields[depth], {v[depth] for v in valid if v[:depth] == key[:depth]}
        if depth == 0 and len(fields) > 1:
            defined = _defining_table(project, target, target_fields[0])
            if defined:
                source, source_field = defined
                all_ids = {r.values[source_field] for r in project.rows(source) if usable(r, source_field)}
                if value in all_ids:
                    return Problem(project.file(name), row.line, column,
                                   f"{column} '{typed_text(value)}' has no rows in {project.file(target)}",
                                   "add them there first")
                choices = all_ids
        source_file = project.file(source)
        what = f"an {source_field}" if source_field[0] in "aeiou" else f"a {source_field}"
        where = f"{what} of {owner} from {source_file}" if owner else f"{what} from {source_file}"
        message = f"unknown {column} '{typed_text(value)}'" + (f" for {owner}" if owner else "")
        choices = sorted(choices, key=str)
        suggestion = closest(value, choices)
        if isinstance(value, str) and value.strip() != value and value.strip() in choices:
            message += " (it has a space before or after it)"
            fix = f"delete the space: {value.strip()}"
        elif suggestion:
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
