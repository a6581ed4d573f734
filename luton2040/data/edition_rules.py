"""The rules on edition files, their Quarto profiles and `_quarto.yml`, and on partner files (their edition must exist)."""
from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any, Iterable

from luton2040.constants import DATAPACKAGE, EDITIONS_DIR, LUTON
from luton2040 import yamlmarks
from luton2040.data import published
from luton2040.data.edition_prose import CONTRIBUTIONS_INCLUDE, PROSE_DIR, include_line
from luton2040.data.load import read_edition_file
from luton2040.data.partners import read_partners
from luton2040.data.rule_inputs import Project, closest, could_be, typed_text, unread_keys, usable, value_text
from luton2040.data.schema import as_list, load_datapackage
from luton2040.engine.settings import read_marked
from luton2040.errors import InputError, Problem

EDITION_KEYS = ("year", "title", "publication_date", "data_cutoff", "pdf_name", "focus_areas")
#: Keys an edition file may leave out; any other key is a typo whose value would be silently lost.
OPTIONAL_EDITION_KEYS = ("subtitle", "welcome_author")
FOCUS_AREA_KEYS = ("id", "title", "summary")
SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")  # pdf_name: the PDF's file name in every link to it


def _loaded_editions(project: Project) -> list[tuple[Path, Any]]:
    """(file, Edition) for each edition file that loads and is named after its year; the others are
    reported by edition_files."""
    editions, _ = project.editions()
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


def observations_no_edition_shows(project: Project, today: dt.date | None = None) -> Iterable[Problem]:
    """A figure dated in the future is a typo (2062 for 2026); one dated after every edition's data
    cut-off is in no report yet, which `check` says once instead of leaving the analyst to find a
    chart without it."""
    today = today or dt.date.today()
    file = project.file("observations")
    newest = max((edition for _, edition in _loaded_editions(project)), key=lambda e: e.year, default=None)
    if newest and max(edition_years(project), default=newest.year) > newest.year:
        newest = None  # the newest edition's file has a problem of its own: no advice about an older one
    later: list[tuple[int, dt.date]] = []
    for row in project.rows("observations"):
        if not usable(row, "period_end", "status") or row.values["status"] != "ok":
            continue
        end = row.values["period_end"]
        if end > today:
            yield Problem(file, row.line, "period_end", f"{end.isoformat()} is in the future (today is "
                          f"{today.isoformat()})", "check the year and the period: a published figure "
                          "is for a period that has ended")
        elif newest and end > newest.data_cutoff:
            later.append((row.line, end))
    if later:
        more = f" (and {len(later) - 1} more row{'s' if len(later) > 2 else ''})" if len(later) > 1 else ""
        yield Problem(file, later[0][0], "period_end",
                      f"{later[0][1].isoformat()} is after the data cut-off of the newest edition ({newest.year}: "
                      f"{newest.data_cutoff.isoformat()}), so no report shows this figure yet{more}",
                      "check the date; to report it, start the next edition (luton2040 new-edition) or move "
                      f"data_cutoff in {EDITIONS_DIR}/{newest.year}.yml", severity="warning")


def published_figures_unchanged(project: Project) -> Iterable[Problem]:
    """A past edition's figures never change: each row of data/editions/<year>-observations.csv (what
    that report published, written by `luton2040 new-edition`) is still in data/observations.csv.
    A row deleted would leave no figure for that period in the newer reports, and no row saying
    which figure replaced it. A row whose values changed is a revision (official statistics are
    revised): the newer editions show the new value, the past edition keeps the one it published
    (data/published.py), and the check says so as a warning, in case the change was a slip, against
    the newest past edition's record only (an older edition's record keeps its value for good)."""
    file = project.file("observations")
    rows = {}
    for row in project.rows("observations"):
        key = published.key_of(row.values) if usable(row, *published.KEY) else None
        if key is not None:
            rows.setdefault(key, row)
    # a row whose key did not read (31/08/2024 for a date) is refused on its own line; it is not
    # also said to be missing, nor is any row when the reader could make no row of some line
    unread = unread_keys(project.rows("observations"), published.KEY, also=("period",))
    complete = "observations" not in project.partial
    # a revision is said against the newest past edition's record only, as a changed table row is
    # (published_tables_unchanged): once the next edition starts, its record holds the revised value
    newest_past = max((y for y in edition_years(project) if (project.root / published.record_file(y)).is_file()),
                      default=None)
    for year in edition_years(project):
        record = published.record_file(year)
        recorded, problems = published.read_record(project.root, year, project.resources["observations"]["schema"])
        for p in problems:  # (read as observations.csv is read: the same types and rules)
            yield dataclasses.replace(p, fix=f"put back what the {year} report published: this file is written by "
                                             f"`luton2040 new-edition` and records it, and is never edited")
        if record in published.changed_records(project.root, year):
            continue  # a record no longer as written is refused (published_files_unchanged): not compared
        revisions = []
        for key, row_as_published in (recorded or {}).items():
            line = row_as_published.line
            what = f"{key[0]} ({key[1]}, {key[2]}, {row_as_published.cells.get('period', '')})"
            row = rows.get(key)
            if row is None and (not complete or could_be(unread, row_as_published.values)):
                continue
            if row is None:
                yield Problem(file, None, None,
                              f"has no row for {what}, which the {year} report published ({record}:{line})",
                              f"put the row back as {record}:{line} gives it; to revise the figure, change its "
                              f"value there (the {year} report keeps the value it published)")
                continue
            column = next((c for c in published.COLUMNS if c not in row.invalid
                           and row.values.get(c) != row_as_published.values.get(c)), None)
            if column is not None:
                revisions.append((row, column, what, line, row_as_published.values.get(column)))
        if year != newest_past:
            continue
        current = {r.values["id"] for r in project.rows("measures") if usable(r, "id")}
        if len(revisions) == 1 and revisions[0][0].values.get("measure") not in current:
            row, column, what, line, was = revisions[0]
            yield Problem(file, row.line, column,
                          f"{_shown(row.values.get(column))} revises the {_shown(was)} the {year} report published "
                          f"for {what}, a measure retired since: no later report shows it, and the {year} report "
                          f"keeps {_shown(was)}, so the change shows nowhere",
                          f"put back {_shown(was, typed=True)} ({record}:{line} has the row as published)",
                          severity="warning")
        elif len(revisions) == 1:
            row, column, what, line, was = revisions[0]
            now = row.values.get(column)
            yield Problem(file, row.line, column,
                          f"{_shown(now)} revises the {_shown(was)} the {year} report published for {what}: later "
                          f"reports show {_shown(now)}, the {year} report keeps {_shown(was)}",
                          f"nothing to do for a revision; if it was a slip, put back {_shown(was, typed=True)} "
                          f"({record}:{line} has the row as published)", severity="warning")
        elif revisions:
            lines = sorted(row.line for row, *_ in revisions)
            listed = ", ".join(map(str, lines[:5])) + (f" and {len(lines) - 5} more" if len(lines) > 5 else "")
            yield Problem(file, lines[0], None,
                          f"{len(lines)} figures the {year} report published are revised here (lines {listed}): "
                          f"later reports show the revised values, the {year} report keeps its own",
                          f"nothing to do for revisions; if one was a slip, put back the value {record} gives",
                          severity="warning")


def _shown(value, typed: bool = False) -> str:
    """A cell's value in a message: a number as people write it (13,600,000; as typed in the file,
    13600000, for a fix to type), true or false, a date as YYYY-MM-DD, text in quotes."""
    if value is None:
        return "blank"
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, (int, float)):
        return typed_text(value) if typed else value_text(value)
    return value.isoformat() if isinstance(value, dt.date) else f"'{value}'"


def published_tables_unchanged(project: Project) -> Iterable[Problem]:
    """A past edition's tables never change: once the next edition starts, it reads its milestones
    and targets, the measures' and series' words, units, areas, priorities, facts, income bands and
    search names from data/editions/<year>-<table>.csv (written by `luton2040 new-edition`,
    data/published.py). A row of data/<table>.csv changed or removed since is for the later
    reports (a milestone reset, a measure reworded): the past edition keeps what it published, and
    the check says so as a warning, in case the change was a slip, against the newest past
    edition's records only (once the next edition starts, its records hold the change and the
    warning ends; an older edition's differ for good). A record edited or deleted since is refused
    by ``published_files_unchanged`` and not compared here. A past edition recorded before
    its tables were follows the current tables, which the check says too; a record that no longer
    reads is refused."""
    editions, found = project.editions()
    record_files = {published.table_record_file(year, name) for year in editions for name in published.TABLES}
    record_files |= {published.package_record_file(year) for year in editions}
    yield from (p for p in found if p.file in record_files)
    past = [year for year, e in editions.items() if e.record is not None or e.tables or e.package is not None]
    newest = max(editions, default=0)
    for year, edition in sorted(editions.items()):
        if year not in past:
            continue  # the newest edition: it reads the tables as they are
        # a record changed or deleted since new-edition wrote it is refused (published_files_unchanged):
        # neither compared with the current table nor said to be missing
        refused = published.changed_records(project.root, year)
        # a row changed since is for the newer reports: said once, against the newest past edition's
        # record (the next new-edition moves on from it; its record then holds the change)
        changes = year == max(past) and year < newest
        tables = [name for name in published.TABLES if name in project.resources]
        missing = [f"{name}.csv" for name in tables
                   if name not in edition.tables and published.table_record_file(year, name) not in refused]
        missing += ["datapackage.json"] if edition.package is None \
            and published.package_record_file(year) not in refused else []
        if changes and edition.package is not None and edition.package.file not in refused \
                and published.public_package(edition.package.package) != \
                published.public_package(load_datapackage(project.root)):
            yield Problem(DATAPACKAGE, None, None,
                          f"differs from the description of the data the {year} report's download published "
                          f"({edition.package.file}): the {newest} download will describe the change, the {year} "
                          "download keeps the description it published",
                          f"nothing to do if the change is for later reports; if it was a slip, undo it "
                          f"(git diff {DATAPACKAGE})", severity="warning")
        if missing:
            listed = ", ".join(missing)
            yield Problem(published.record_file(year), None, None,
                          f"the {year} report has no record of {listed}, so it shows "
                          f"{'that table as it is' if len(missing) == 1 else 'those tables as they are'} now: a change "
                          f"there (a milestone, a measure's words) changes the published {year} report",
                          f"`luton2040 new-edition` records {'it' if len(missing) == 1 else 'them'} when it next "
                          f"starts an edition ({EDITIONS_DIR}/{year}-{missing[0]}); until then change "
                          f"{'it' if len(missing) == 1 else 'them'} only as the {year} report may show",
                          severity="warning")
        for name in tables:
            if changes and name in edition.tables and name not in project.unread \
                    and edition.tables[name].file not in refused:
                yield from _table_changes(project, year, newest, name, edition.tables[name])


def _table_changes(project: Project, year: int, newest: int, name: str, recorded) -> Iterable[Problem]:
    """The rows of data/<name>.csv changed or removed since ``year``'s report recorded them (by the
    table's primary key), as one warning (naming the row when there is one)."""
    key = as_list(project.resources[name]["schema"].get("primaryKey") or [])
    if not key:
        return
    file, rel = project.file(name), recorded.file
    rows = {tuple(row.values[k] for k in key): row for row in project.rows(name) if usable(row, *key)}
    changes = []  # (row now or None, column, what, record line, value published)
    for was in recorded.rows:
        # (a cell of the record that does not read is refused as the record's own problem: its row
        # is not compared when its key is among them, nor its column)
        if was.invalid & set(key) or not all(was.values.get(k) is not None for k in key):
            continue
        what = " ".join(str(was.values[k]) for k in key)
        now = rows.get(tuple(was.values[k] for k in key))
        if now is None:
            changes.append((None, None, what, was.line, None))
            continue
        column = next((c for c in was.values if c not in now.invalid and c not in was.invalid
                       and now.values.get(c) != was.values[c]), None)
        if column is not None:
            changes.append((now, column, what, was.line, was.values[column]))
    if len(changes) == 1:
        now, column, what, line, value = changes[0]
        if now is None:
            yield Problem(file, None, None,
                          f"has no row for {what}, which the {year} report published ({rel}:{line}): the {newest} "
                          f"report will leave it out, the {year} report keeps the row it published",
                          f"nothing to do if it was removed for later reports; if it was a slip, put the row back "
                          f"as {rel}:{line} gives it", severity="warning")
        else:
            yield Problem(file, now.line, column,
                          f"{_shown(now.values.get(column))} differs from the {_shown(value)} the {year} report "
                          f"published for {what}: the {newest} report will show the change, the {year} report "
                          f"keeps the {_shown(value)} it published",
                          f"nothing to do if the change is for later reports; if it was a slip, put back "
                          f"{_shown(value, typed=True)} ({rel}:{line} has the row as published)", severity="warning")
    elif changes:
        lines = sorted(now.line for now, *_ in changes if now is not None)
        gone = sum(1 for now, *_ in changes if now is None)
        listed = ", ".join(map(str, lines[:5])) + (f" and {len(lines) - 5} more" if len(lines) > 5 else "")
        said = [f"{len(lines)} changed (line{'s' if len(lines) > 1 else ''} {listed})"] if lines else []
        said += [f"{gone} removed"] if gone else []
        yield Problem(file, lines[0] if lines else None, None,
                      f"{len(changes)} rows the {year} report published differ now ({' and '.join(said)}): the "
                      f"{newest} report will show the changes, the {year} report keeps the rows it published",
                      f"nothing to do if the changes are for later reports; if one was a slip, put back the row "
                      f"{rel} gives", severity="warning")


def _next_words(key: str, newest: int) -> str:
    """Where the words or settings an edited file of a past edition held belong now."""
    if key.startswith("partners/"):
        return f"write the {newest} contribution as a new file with edition: {newest}"
    if key.startswith("chapters/"):
        return f"write the {newest} words in chapters/_prose/{newest}/{key.rsplit('/', 1)[-1]}"
    return f"the {newest} edition's settings are in {EDITIONS_DIR}/{newest}.yml and _quarto-{newest}.yml"


def _records_changed(project: Project, year: int) -> Iterable[Problem]:
    """The records of what ``year``'s report published (its figures, tables and data package,
    data/editions/<year>-*.csv and -datapackage.json) changed or deleted since `luton2040
    new-edition` wrote them: refused, since the past edition reads them (a changed one would change
    the published report; a deleted one would make it follow today's table), and put back from git
    (the current file is not the fix: it may hold later changes). A changed one is named at its first
    line not as written (``published.first_changed_line``), when its lines' digests were kept."""
    record = published.files_record(year)
    for key, how in sorted(published.changed_records(project.root, year).items()):
        table = f"data/{key[len(f'{EDITIONS_DIR}/{year}-'):]}"
        later = (f"a change for later reports belongs in {table}, not in this record" if table != DATAPACKAGE
                 else f"a change for later downloads belongs in {DATAPACKAGE}")
        line = published.first_changed_line(project.root, year, key) if how == "changed" else None
        said = ("is gone, so the published report would follow the table as it is now" if how == "missing"
                else "has changed since `luton2040 new-edition` wrote it")
        where = f"first at this line; {record} has the digest of each line" if line else f"{record} has its digest"
        yield Problem(key, line, None, f"the {year} report's record of what it published {said} ({where})",
                      f"put back what the {year} report published (git checkout -- {key}); {later}")


def published_files_unchanged(project: Project) -> Iterable[Problem]:
    """A past edition's own files and rows never change: its edition and profile files, its
    prose, its partner files and its rows of highlights.csv, progress_notes.csv and figures.csv
    are as data/editions/<year>-files.sha256 (written by `luton2040 new-edition`) recorded them. An
    edit meant for the new edition but made in last year's file would otherwise rewrite the
    archived report without a word."""
    years = edition_years(project)
    newest = max(years, default=0)
    for year in years:
        recorded = published.read_files_record(project.root, year)
        if recorded is None:
            continue
        now = published.own_files(project.root, year)
        record = published.files_record(year)
        rows: dict[str, list[str]] = defaultdict(list)
        for key in sorted(set(recorded) | set(now)):
            if "#" in key:
                rows[key.split("#")[0]].append(key)
                continue
            if published.is_record_of(year, key):
                continue  # a record of what it published (below)
            if key in recorded and key in now and recorded[key] == now[key][0]:
                continue
            path = project.root / key
            if key not in recorded:
                yield Problem(key, None, None,
                              f"says it belongs to the {year} edition, which is published and never changes",
                              _next_words(key, newest) if key.startswith(("partners/", "chapters/"))
                              else f"remove it; {_next_words(key, newest)}")
            elif not path.is_file():
                yield Problem(key, None, None, f"the {year} report was made from this file, which is gone",
                              f"restore it as published (git checkout -- {key}): a published edition never changes")
            else:
                yield Problem(key, None, None,
                              f"has changed since the {year} report was published ({record} records it)",
                              f"undo the change (git checkout -- {key}): a published edition never changes; "
                              + _next_words(key, newest))
        yield from _records_changed(project, year)
        for file, keys in rows.items():
            was = sum(1 for k in keys if k in recorded)
            has = sum(1 for k in keys if k in now)
            if was != has:
                yield Problem(file, None, "edition",
                              f"has {has} row{'s' if has != 1 else ''} for the {year} edition, but the {year} report "
                              f"was published with {was}",
                              f"put back the {year} rows as they were (git diff {file} shows the change); rows for "
                              f"{newest} have edition {newest}")
                continue
            # the same rows in another order (the file sorted in a spreadsheet) are the same rows
            changed = Counter(now[k][0] for k in keys) - Counter(recorded[k] for k in keys)
            for key in keys:
                if changed[now[key][0]] > 0:
                    changed[now[key][0]] -= 1
                    yield Problem(file, now[key][1], None,
                                  f"this row of the {year} edition differs from what the {year} report published",
                                  f"put it back as it was (git diff {file} shows the change); rows for {newest} "
                                  f"have edition {newest}")


#: What an edition's Quarto profile (_quarto-<year>.yml, website:) must share with data/editions/<year>.yml
#: (the date and PDF name live only in the edition file: a Quarto website has no keys for them).
PROFILE_AGREES = (("title", "title"),)


def edition_profiles(project: Project) -> Iterable[Problem]:
    """Each edition has a Quarto profile whose website title matches its edition file, so
    the site, the PDF and the downloads page name the same report."""
    uses_profiles = any(p.stem[len("_quarto-"):].isdigit() for p in project.root.glob("_quarto-*.yml")) \
        or _default_profile(project.root) is not None
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
                # a no-break space pasted from a document, or two spaces, look like one space
                spaces = " (only in their spaces: one has a no-break space or two spaces where the other " \
                         "has one space, which look alike)" if str(ours).split() == str(theirs).split() else ""
                yield Problem(profile.name, marked.line("website", book_key), f"website.{book_key}",
                              f"'{ours}' differs from {edition_key} '{theirs}' in {rel}{spaces}",
                              "make the two the same" + (" by typing each space again" if spaces else ""))
        sidebar = book.get("sidebar") if isinstance(book.get("sidebar"), dict) else {}
        tools = sidebar.get("tools") if isinstance(sidebar.get("tools"), list) else []
        for index, tool in enumerate(tools):
            href = str(tool.get("href", "")) if isinstance(tool, dict) else ""
            if href.endswith(".pdf") and href != f"{edition.pdf_name}.pdf" and SLUG.match(edition.pdf_name):
                yield Problem(profile.name, marked.line("website", "sidebar", "tools", index, "href"),
                              "website.sidebar.tools",
                              f"the PDF link '{href}' differs from pdf_name '{edition.pdf_name}' in {rel}",
                              f"link to {edition.pdf_name}.pdf, the file the PDF step writes")


def _default_profile(root: Path) -> object:
    """_quarto.yml's ``profile: default:`` (the edition `quarto render` builds), or None."""
    try:
        profile = read_marked(root / "_quarto.yml").value.get("profile")
    except (InputError, AttributeError, OSError):
        return None  # reported when the engine reads _quarto.yml (quarto_config)
    return profile.get("default") if isinstance(profile, dict) else None


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
                      f"{edition} has no file {EDITIONS_DIR}/{edition}.yml{more}",
                      f"use an edition that has one ({listed}), or create that file")


def editions_have_highlights(project: Project) -> Iterable[Problem]:
    """Every edition has highlight tiles: without them its welcome page shows the heading
    "Highlights of the year" with nothing under it (`luton2040 new-edition` copies none)."""
    if "highlights" in project.unread:
        return
    have = {row.values["edition"] for row in project.rows("highlights") if usable(row, "edition")}
    years = edition_years(project)
    for year in years:
        if year not in have:
            earlier = [y for y in sorted(have) if y < year]
            like = f", like the {earlier[-1]} ones" if earlier else ""
            yield Problem(project.file("highlights"), None, "edition",
                          f"the {year} edition has no highlight tiles, so its welcome page would show the heading "
                          "'Highlights of the year' with nothing under it",
                          f"add its tiles as rows with edition {year}, an order, a value and a text{like}")


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
    marked, problems, typed = read_edition_file(path, rel)
    if marked is None:
        yield from problems
        return
    data = marked.value
    if not isinstance(data, dict):
        yield Problem(rel, 1, None, "should be a list of key: value lines", f"give these keys: {', '.join(EDITION_KEYS)}")
        return
    lines = {key: marked.line(key) for key in data}
    renamed = set()
    for key in EDITION_KEYS:
        if data.get(key) in (None, "", []):
            near = closest(key, [k for k in data if k not in EDITION_KEYS])
            renamed.add(near)
            fix = f"rename {near} to {key}" if near else f"add a line '{key}: …'"
            yield Problem(rel, lines.get(key, lines.get(near)), None, f"{key} is missing or blank", fix)
    known = EDITION_KEYS + OPTIONAL_EDITION_KEYS
    for key in data:
        if key not in known and key not in renamed:
            near = closest(key, [k for k in known if k not in data])
            yield Problem(rel, lines.get(key), None, f"unknown key '{key}'",
                          f"rename it to {near}" if near else f"remove it (keys: {', '.join(known)})")
    for key in ("title",) + OPTIONAL_EDITION_KEYS:
        yield from _words_only(rel, lines.get(key), key, data.get(key), typed)
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
    pdf_name = data.get("pdf_name")
    if isinstance(pdf_name, str) and pdf_name.lower().endswith(".pdf"):
        yield Problem(rel, lines.get("pdf_name"), "pdf_name", f"'{pdf_name}' ends in .pdf, which the PDF step adds",
                      f"write pdf_name: {pdf_name[:-4]}")
    elif pdf_name not in (None, "") and not SLUG.match(str(pdf_name)):
        slug = re.sub(r"[^a-z0-9]+", "-", str(pdf_name).lower()).strip("-") or f"luton-2040-progress-report-{path.stem}"
        yield Problem(rel, lines.get("pdf_name"), "pdf_name",
                      f"'{pdf_name}' is not a file name a web address can carry",
                      f"use lower-case letters, digits and hyphens, e.g. pdf_name: {slug}")
    if data.get("focus_areas") is not None and not isinstance(data["focus_areas"], list):
        yield Problem(rel, lines.get("focus_areas"), "focus_areas", "should be a list",
                      "write one '- item' line per focus area under focus_areas:")
    areas = data.get("focus_areas")
    for n, area in enumerate(areas if isinstance(areas, list) else [], 1):
        for key in area if isinstance(area, dict) else ():
            if key not in FOCUS_AREA_KEYS:
                near = closest(key, [k for k in FOCUS_AREA_KEYS if k not in area])
                yield Problem(rel, marked.line("focus_areas", n - 1, key), "focus_areas",
                              f"focus area {n} has an unknown key '{key}'",
                              f"rename it to {near}" if near else f"remove it (keys: {', '.join(FOCUS_AREA_KEYS)})")
        if isinstance(area, dict):
            yield from _words_only(rel, marked.line("focus_areas", n - 1, "summary"), "summary",
                                   area.get("summary"), typed, field="focus_areas")
        if not (isinstance(area, dict) and all(isinstance(area.get(k), str) and area[k].strip()
                                               for k in ("id", "title"))):
            yield Problem(rel, lines.get("focus_areas"), "focus_areas",
                          f"focus area {n} needs an id and a title",
                          "write each as '- id: green-corridors' with 'title: Green corridors' "
                          "(and 'summary: …') on the lines below it")


def _words_only(rel: str, line: int | None, key: str, value, typed: list[str],
                field: str | None = None) -> Iterable[Problem]:
    """A line of words (a title, subtitle, author, summary) that YAML read as something else: 'yes',
    'no', 'on' or 'off' read as true or false (printed 'True'), or a list (printed with brackets and
    quotes). A number or a date is printed as written, and a blank is no words."""
    if value is None or isinstance(value, str) or (not isinstance(value, bool) and isinstance(value, (int, float, dt.date))):
        return
    written = typed[line - 1].split(":", 1)[-1].strip() if line and line <= len(typed) else ""
    if isinstance(value, bool):
        yield Problem(rel, line, field or key, f"{key} '{written}' is read as true or false, not as words",
                      f'put the words in quotes: {key}: "{written}"')
    else:
        yield Problem(rel, line, field or key, f"{key} should be one line of words",
                      f"write the words on the {key}: line itself, not as a list or on indented lines below it")


def partner_includes(project: Project) -> Iterable[Problem]:
    """Each priority's chapter prose of each edition (``chapters/_prose/<year>/<priority>.qmd``)
    includes that edition's and priority's partner contributions once, and no other's: without
    the line a chapter's partners would vanish from it without a word, and prose copied by hand
    from last year would show last year's partners."""
    priorities = [row.values["id"] for row in project.rows("priorities") if usable(row, "id")]
    for year in edition_years(project):
        for priority in priorities:
            rel = f"chapters/{PROSE_DIR}/{year}/{priority}.qmd"
            try:
                lines = (project.root / rel).read_text(encoding="utf-8").splitlines()
            except (OSError, UnicodeDecodeError):
                continue  # no such chapter (or reported where it is read)
            own = include_line(year, priority)
            found = [(n, m.groups()) for n, line in enumerate(lines, 1) if (m := CONTRIBUTIONS_INCLUDE.match(line))]
            for n, (other_year, other) in found:
                if (int(other_year), other) != (year, priority) or lines[n - 1].strip() != own:
                    yield Problem(rel, n, None, f"includes the partner contributions of {other} in {other_year} — "
                                  f"this is the {year} {priority} chapter", f"write the line as {own}")
            mine = [n for n, _ in found if lines[n - 1].strip() == own]
            if not mine:
                yield Problem(rel, None, None, "does not include its partner contributions, so the chapter "
                              "would show none", f"add the line {own} under '## Partner contributions'")
            for n in mine[1:]:
                yield Problem(rel, n, None, "includes its partner contributions a second time",
                              "remove this line")


def priorities_have_chapters(project: Project) -> Iterable[Problem]:
    """A priority added to data/priorities.csv gets no chapter by itself: a chapter is a page,
    chapters/<id>.qmd (``site.pages``: a measure of a priority without one links to the appendix).
    Where the other priorities have theirs, the check says so, with the partner contributions that
    would otherwise go unprinted without a word. A page is shared by every edition (its blocks pick
    the edition's words, not whether the page exists), so a past edition would show it too."""
    rows = [row for row in project.rows("priorities") if usable(row, "id")]
    has_page = {row.values["id"]: (project.root / "chapters" / f"{row.values['id']}.qmd").is_file() for row in rows}
    years = edition_years(project)
    if not any(has_page.values()) or not years:
        return
    newest, past = max(years), [y for y in years if y < max(years)]
    partners = read_partners(project.root)[0] if not all(has_page.values()) else []
    for row in rows:
        priority = row.values["id"]
        page = f"chapters/{priority}.qmd"
        if has_page[priority]:
            yield from _chapter_title(project, row, page, newest, past)
            continue
        mine = [p for p in partners if p.priority == priority and p.edition == newest]
        unprinted = (f", and prints none of its {len(mine)} partner contribution{'s' if len(mine) > 1 else ''} "
                     f"(partners/{priority}/)" if mine else "")
        what = (f"the priority '{priority}' has no chapter page ({page}), as the other priorities have: the "
                f"{newest} report shows its measures in the tables, the appendices and their own pages but in "
                f"no chapter{unprinted}")
        other = [p for p, page_exists in has_page.items() if page_exists][-1]  # (the core mission's is first)
        if past:
            fix = (f"a chapter page is shared by every edition, so {page} would also appear, empty, in the "
                   f"published {max(past)} report (whose priorities have no '{priority}'), and is not yet "
                   f"something data can add: write about the priority in an existing chapter's words "
                   f"(chapters/{PROSE_DIR}/{newest}/), or ask the report's developers for its chapter")
        else:
            fix = (f"create {page} as a copy of chapters/{other}.qmd with its title and body-classes changed, "
                   f"its words in chapters/{PROSE_DIR}/{newest}/{priority}.qmd (a copy of {other}'s, its include "
                   f"line naming {priority}), and list it in _quarto.yml under website: sidebar: contents:")
        yield Problem(project.file("priorities"), row.line, "id", what, fix, severity="warning")


def _chapter_title(project: Project, row, page: str, newest: int, past: list[int]) -> Iterable[Problem]:
    """A priority retitled in data/priorities.csv keeps its chapter page's own title (its front
    matter's ``title:``, which the page heading, the sidebar and the PDF's contents print): the
    newest report's tables would name the priority one way and its chapter another."""
    if not usable(row, "title"):
        return
    marked = yamlmarks.page_front_matter(project.root / page)
    title = marked.value.get("title") if marked is not None else None
    wanted = row.values["title"]
    if not isinstance(title, str) or " ".join(title.split()) == " ".join(str(wanted).split()):
        return
    shared = (f"; the page's title is shared by every edition, so changing it renames the chapter in the "
              f"published {max(past)} report too (the build then warns that report changed): change it "
              f"only if that is meant, or keep the priority's old title" if past else "")
    yield Problem(project.file("priorities"), row.line, "title",
                  f"'{wanted}' is not the title of the priority's chapter, {page}:{marked.line('title')} "
                  f"('{title}'): the {newest} report's tables would name it one way and its chapter heading, "
                  f"the sidebar and the PDF's contents the other",
                  f"give both the same title{shared}", severity="warning")


def partner_files(project: Project) -> Iterable[Problem]:
    """Partner contributions: front matter, safe markdown, and an edition that exists."""
    partners, problems = read_partners(project.root)
    yield from problems
    years = edition_years(project)
    for partner in partners:
        if years and partner.edition not in years:
            # a markdown file has no columns: the line and the message name the key
            yield Problem(partner.path, partner.lines.get("edition"), None,
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
