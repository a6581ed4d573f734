"""`luton2040 new-edition <year>`: the files that start next year's report, and the checklist of
measures still waiting for new data.

``plan`` is pure (texts in, texts out); ``write`` puts the plan on disk and refuses to overwrite.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from luton2040.constants import DATA_DIR
from luton2040.data import edition_prose, published
from luton2040.data.load import EDITIONS_DIR, Dataset, Edition
from luton2040.data.schema import load_datapackage
from luton2040.errors import InputError, Problem

QUARTO_FILE = "_quarto.yml"
PARTNER_TEMPLATE = "partners/README.md"


@dataclass(frozen=True)
class Plan:
    """What starting an edition writes (project-relative path → text) and what is left to do."""

    year: int
    files: dict[str, str]
    stale: tuple[str, ...]  # "destitution: newest value 2023 (31 Mar 2023)"
    pages: tuple[str, ...] = ()  # existing pages given the new edition's prose block
    #: existing records of an earlier edition's files given the digests of the records written now
    digests_added: tuple[str, ...] = ()
    #: the publication date written in the new edition file (``publication_date``)
    published: dt.date | None = None
    #: last edition's publication day moved on a year, when it had already passed (``proposed_publication``)
    late: dt.date | None = None


def _next_year(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def proposed_publication(old: Edition, year: int, today: dt.date) -> tuple[dt.date, dt.date | None]:
    """The new edition's proposed publication date, and last edition's publication day moved on to
    ``year`` when that day is not after ``today`` (else None). The proposal is that day, unless the
    edition is started late: a day already past would make the report being written count as
    published, and every build would warn that it changes a published report (published_changes.py).
    Then the end of next month is proposed instead, for the editor to set."""
    moved = _next_year(old.publication_date, year - old.year)
    if moved > today:
        return moved, None
    first_of_next = (today.replace(day=1) + dt.timedelta(days=32)).replace(day=1)
    return (first_of_next + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1), moved


def edition_text(source: str, old: Edition, year: int, published: dt.date, late: dt.date | None = None) -> str:
    """The new data/editions/<year>.yml: last edition's file with the year, title, data cut-off and
    PDF name moved on, and the publication date ``published`` (``proposed_publication``'s proposal,
    a stand-in when last edition's day moved on, ``late``, had passed);
    focus areas kept, to be reviewed. The values come from ``old``, the record
    load.load_editions read from ``source``; the text is only edited line by line, so the new file
    keeps the old one's layout. The old file's own comments are left out: they give the reasons for
    last year's dates ("went to the executive on 28 January 2025"), untrue beside this year's."""
    years = year - old.year
    new = {
        "year": year,
        "title": old.title.replace(str(old.year), str(year)),
        "publication_date": published,
        "data_cutoff": _next_year(old.data_cutoff, years),
        "pdf_name": old.pdf_name.replace(str(old.year), str(year)),
    }
    lines = []
    for line in source.splitlines():
        if line.lstrip().startswith("#"):
            continue
        key = re.match(r"^([a-z_]+):", line)
        if key and key.group(1) in new:
            value = new[key.group(1)]
            line = f"{key.group(1)}: {value.isoformat() if isinstance(value, dt.date) else value}"
        lines.append(line)
    dates = ("the dates (moved on a year)" if late is None else
             f"the dates (the cut-off moved on a year; the publication date is a stand-in, as {late} had passed)")
    header = (f"# The {year} edition, started with `luton2040 new-edition {year}` from the {old.year} file:\n"
              f"# review the subtitle, {dates}, the welcome and the focus areas, and\n"
              "# write here why the dates are what they are (the reasons for last year's are in its file).\n")
    return header + "\n".join(lines) + "\n"


def profile_text(source: str, old_year: int, year: int) -> str:
    """The new _quarto-<year>.yml: last edition's profile with its year moved on everywhere."""
    return source.replace(str(old_year), str(year))


def quarto_text(source: str, year: int) -> str:
    """_quarto.yml with ``profile: default:`` naming the new edition (so `quarto render` builds it)."""
    return re.sub(r'(?m)^([ \t]+default:[ \t]*)"?\d{4}"?[ \t]*$', rf'\g<1>"{year}"', source, count=1)


def stale_measures(data: Dataset, cutoff: dt.date, previous: Edition) -> list[str]:
    """Measures whose newest Luton value ends more than a year before the new cut-off."""
    limit = _next_year(cutoff, -1)
    out = []
    for m in data.measures:
        newest = max((o for s in m.series for o in data.observations_of(m.id, s.id) if o.comparable),
                     key=lambda o: o.period_end, default=None)
        if newest is None:
            out.append(f"{m.id}: no value yet")
        elif newest.period_end < limit:
            when = "since the " + str(previous.year) + " report" if newest.period_end <= previous.data_cutoff else ""
            out.append(f"{m.id}: newest value {newest.period} (ends {newest.period_end.isoformat()})"
                       + (f" — no new data {when}" if when else ""))
    return out


def plan(root: Path, data: Dataset, year: int, today: dt.date) -> Plan:
    """Everything `new-edition` would write on ``today``; InputError when the edition exists or
    nothing precedes it."""
    if year in data.editions or (root / f"{EDITIONS_DIR}/{year}.yml").exists():
        raise InputError([Problem(f"{EDITIONS_DIR}/{year}.yml", None, None, f"the {year} edition already exists",
                                  "edit that file, or start a later year")])
    earlier = [y for y in data.editions if y < year]
    if not earlier:
        raise InputError([Problem(EDITIONS_DIR, None, None, f"no edition before {year} to start from",
                                  "give a year after the newest edition")])
    old = data.editions[max(earlier)]
    published_on, late = proposed_publication(old, year, today)
    files = {f"{EDITIONS_DIR}/{year}.yml":
             edition_text((root / f"{EDITIONS_DIR}/{old.year}.yml").read_text(encoding="utf-8-sig"), old, year,
                          published_on, late)}
    profile = root / f"_quarto-{old.year}.yml"
    if profile.is_file():
        files[f"_quarto-{year}.yml"] = profile_text(profile.read_text(encoding="utf-8"), old.year, year)
    quarto = (root / QUARTO_FILE).read_text(encoding="utf-8")
    if quarto_text(quarto, year) != quarto:
        files[QUARTO_FILE] = quarto_text(quarto, year)
    template = root / PARTNER_TEMPLATE
    if template.is_file():
        text = template.read_text(encoding="utf-8")
        files[PARTNER_TEMPLATE] = re.sub(r"(?m)^edition: \d{4}$", f"edition: {year}", text)
    record = published.record_file(old.year)
    if old.record is None and not (root / record).exists():
        _refuse_unrecorded_series(data, old)
        # what the old edition published, so figures added now for earlier periods stay out of it
        observations = (root / DATA_DIR / "observations.csv").read_text(encoding="utf-8-sig")
        files[record] = published.record_text(observations, old.data_cutoff,
                                              frozenset((m.id, s.id) for m in data.measures for s in m.series))
    files.update(table_records(root, data, old))
    added = []
    for edition in sorted(data.editions.values(), key=lambda e: e.year):
        if edition.year > old.year:
            continue
        # the digests of the records written now for that edition, so an edit to one is refused
        records = {rel: text for rel, text in files.items() if published.is_record_of(edition.year, rel)}
        kept = root / published.files_record(edition.year)
        if edition.year == old.year and not kept.exists():
            # what the old edition's own files and rows were, so an edit meant for the new one is caught
            files[published.files_record(old.year)] = published.files_record_text(root, old.year, records)
        elif records and kept.is_file():
            files[published.files_record(edition.year)] = published.files_record_added(root, edition.year, records)
            added.append(published.files_record(edition.year))
    prose, pages = edition_prose.carried_forward(root, old.year, year)  # each page's words, copied forward
    files.update(prose)
    cutoff = _next_year(old.data_cutoff, year - old.year)
    return Plan(year, files, tuple(stale_measures(data, cutoff, old)), pages, tuple(added), published_on, late)


def table_records(root: Path, data: Dataset, old: Edition) -> dict[str, str]:
    """The records of the tables ``old`` was made from (``published.TABLES``) and of the data
    package's description its download published, so a milestone, a measure's words, a unit or an
    area changed or added for the new edition leaves it as published: each table's published
    columns as they are now. An earlier edition recorded before its tables
    were (it has a record of its figures, none of a table) gets them too, with the rows of the
    measures and series it reported: until then it followed the current tables (`luton2040 check`
    warns), so they are what it shows now."""
    files = {}
    for edition in [e for y, e in sorted(data.editions.items()) if y < old.year and e.record is not None] + [old]:
        past = edition.year != old.year
        if not (root / published.package_record_file(edition.year)).exists():
            files[published.package_record_file(edition.year)] = \
                published.public_package(load_datapackage(root)).decode("utf-8")
        for name in published.TABLES:
            rel, source = published.table_record_file(edition.year, name), root / DATA_DIR / f"{name}.csv"
            if (root / rel).exists() or not source.is_file():
                continue
            text = source.read_bytes().decode("utf-8-sig")  # (line ends as written)
            files[rel] = (published.table_record_text(text, name, edition.published_series, edition.published_measures)
                          if past else published.table_record_text(text, name))
    return files


def _refuse_unrecorded_series(data: Dataset, old: Edition) -> None:
    """Once the next edition starts, ``old`` reports the measures and series its record has rows for
    (``Dataset.for_edition``): a series with no row up to its cut-off would vanish from it. Refuse,
    naming each, before anything is written."""
    recorded = {(o.measure, o.series) for o in data.observations if o.period_end <= old.data_cutoff}
    missing = [(m, s) for m in data.measures for s in m.series if (m.id, s.id) not in recorded]
    if missing:
        cutoff = f"{old.data_cutoff.day} {old.data_cutoff:%B %Y}"
        raise InputError([Problem(
            "data/observations.csv", None, None,
            f"{m.id} (series '{s.id}') has no row dated up to the {old.year} report's cut-off ({cutoff}), so the "
            f"{old.year} report would lose it once the next edition starts",
            f"add a row for it dated on or before {old.data_cutoff.isoformat()}, with its figure or with status "
            f"tbc (to be confirmed), then run new-edition again") for m, s in missing])


def write(root: Path, p: Plan) -> list[str]:
    """Write the plan's files and the new edition's partner contributions files, which its prose
    includes (Quarto reads a page's includes before the pre-render step runs, so they must exist to
    be committed with it). Nothing is written when a file would be overwritten or a partner file
    has an error (both checked first)."""
    from luton2040.site.contributions import contribution_files, write_contributions

    contributions = contribution_files(root, also=p.year)
    new = [rel for rel in p.files if rel not in (QUARTO_FILE, PARTNER_TEMPLATE, *p.pages, *p.digests_added)]
    existing = [rel for rel in new if (root / rel).exists()]
    if existing:
        raise InputError([Problem(rel, None, None, "already exists", "remove it or edit it by hand")
                          for rel in existing])
    for rel, text in p.files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    return list(p.files) + write_contributions(root, contributions)
