"""A published edition never changes (issue #16): once `luton2040 new-edition 2026` has run, the
2025 report keeps the milestones, measures' words, units, areas and search names it published,
on its pages, in its PDF, in its data download and in its freeze key, whatever is later changed or
added in data/ for 2026; the 2026 report shows the changes."""
from __future__ import annotations

import contextlib
import datetime as dt
import csv
import io
import json
from pathlib import Path

import pytest

from cli_run import run
from editions_helpers import overlay
from luton2040 import freeze, scaffold
from luton2040.build import build_project
from luton2040.data import published
from luton2040.data.load import load
from luton2040.data.schema import load_datapackage
from luton2040.site import downloads
from pdf_text import pdf_text
from project_copy import copy_project

#: Changes made to data/ for the 2026 report (INVENTED TEST EDITS): (file, row as 2025 published it
#: or None to add a row, the row now).
EDITS = [
    ("data/targets.csv", "destitution,all,2027,value,7.7,,,", "destitution,all,2027,value,10.5,,,"),
    ("data/series.csv", "weekly-wages,all,,gbp,2,1,true", "weekly-wages,all,,gbp,0,1,true"),
    ("data/units.csv", None, "hours,hours,,hrs,number,0,"),
    ("data/areas.csv", None, "bedford,Bedford,peers"),
    ("data/measure_names.csv", None, "weekly-wages,pay packets,true,"),
    ("data/priorities.csv",  # a priority renamed and recoloured (the PDF's keywords, cover and chapter colours)
     'net-zero,5,Net zero,Net zero,#0f6e66,"A net zero town by 2040, with sustainable growth, cleaner air and richer '
     'green spaces."',
     'net-zero,5,Net zero Luton,Net zero,#125e2a,"A net zero town by 2040, with sustainable growth, cleaner air and '
     'richer green spaces."'),
]
OLD_WORDS, NEW_WORDS = "Average weekly wages in Luton", "Median weekly pay packet of Luton's workers"
#: a column of priorities.csv described anew in datapackage.json (INVENTED TEST EDIT)
OLD_DESCRIPTION, NEW_DESCRIPTION = "Stable slug; also the folder name under partners/.", "Slug used in links."


def started_2026(target: Path) -> Path:
    """The real project after `luton2040 new-edition 2026`: 2025's records written first (as the
    command writes them, ``scaffold.plan``), then the sample 2026 edition's files and figures."""
    project = copy_project(target)
    plan = scaffold.plan(project, load(project), 2026, dt.date(2025, 6, 1))
    for rel, text in plan.files.items():
        if rel.startswith("data/editions/2025-"):
            (project / rel).write_text(text, encoding="utf-8")
    return overlay(project)


def edit_for_2026(project: Path) -> None:
    for rel, was, now in EDITS:
        path = project / rel
        text = path.read_text(encoding="utf-8")
        if was is None:
            text += ("" if text.endswith("\n") else "\n") + now + "\n"
        else:
            assert f"\n{was}\n" in text, (rel, was)
            text = text.replace(f"\n{was}\n", f"\n{now}\n")
        path.write_text(text, encoding="utf-8")
    measures = project / "data/measures.csv"
    text = measures.read_text(encoding="utf-8")
    assert text.count(OLD_WORDS) == 1
    measures.write_text(text.replace(OLD_WORDS, NEW_WORDS), encoding="utf-8")
    package = project / "data/datapackage.json"
    text = package.read_text(encoding="utf-8")
    assert text.count(OLD_DESCRIPTION) == 1
    package.write_text(text.replace(OLD_DESCRIPTION, NEW_DESCRIPTION), encoding="utf-8")


def keys(project: Path) -> dict[str, str]:
    data = load(project)
    return freeze.edition_keys(project, [(data.editions[2025], p) for p in ("2025,past", "2025")])


def zip_2025(project: Path) -> bytes:
    return downloads.zip_bytes(project, load(project).editions[2025])


def test_new_edition_records_each_table_2025_was_made_from(project_copy):
    code, _, err = run("--project", str(project_copy), "new-edition", "2026")
    assert code == 0, err
    for table in published.TABLES:
        record = project_copy / published.table_record_file(2025, table)
        assert record.is_file(), table
        # the published columns of every row: the table as 2025's data download held it
        public = published.public_text((project_copy / f"data/{table}.csv").read_text(encoding="utf-8"))
        assert record.read_text(encoding="utf-8") == public, table
    assert "provenance" not in (project_copy / published.table_record_file(2025, "targets")).read_text(encoding="utf-8")
    described = (project_copy / published.package_record_file(2025)).read_bytes()
    assert described == downloads.public_package(load_datapackage(project_copy))  # as its download had it
    code, _, err = run("--project", str(project_copy), "check")
    assert "has no record of" not in err and "report published differ" not in err


def test_the_2025_report_reads_its_tables_as_it_published_them_and_2026_as_they_are(tmp_path):
    project = started_2026(tmp_path / "project")
    edit_for_2026(project)
    data = load(project)
    old, new = data.for_edition(data.editions[2025]), data.for_edition(data.editions[2026])
    assert [t.value for t in old.targets_of("destitution", "all") if t.year == 2027] == [7.7]
    assert [t.value for t in new.targets_of("destitution", "all") if t.year == 2027] == [10.5]
    assert old.measure("weekly-wages").measure == OLD_WORDS and new.measure("weekly-wages").measure == NEW_WORDS
    assert old.measure("weekly-wages").series[0].decimals == 2 and new.measure("weekly-wages").series[0].decimals == 0
    assert "hours" not in old.units and "hours" in new.units
    assert "bedford" not in old.areas and "bedford" in new.areas
    assert "pay packets" not in {r["name"] for r in old.measure_names}
    assert "pay packets" in {r["name"] for r in new.measure_names}


def test_changes_for_2026_leave_the_2025_data_download_and_freeze_key_as_they_were(tmp_path):
    project = started_2026(tmp_path / "project")
    before_keys, before_zip = keys(project), zip_2025(project)
    edit_for_2026(project)
    assert keys(project) == before_keys  # so 2025's pages are put back byte for byte, not made again
    assert zip_2025(project) == before_zip
    latest = downloads.edition_files(project, load(project).editions[2026])
    assert b"bedford,Bedford,peers" in latest["areas.csv"] and b"hours,hours" in latest["units.csv"]
    assert NEW_WORDS.encode() in latest["measures.csv"] and b"pay packets" in latest["measure_names.csv"]
    assert NEW_DESCRIPTION.encode() in latest["datapackage.json"]
    assert OLD_DESCRIPTION.encode() in downloads.edition_files(project, load(project).editions[2025])["datapackage.json"]


def test_a_changed_milestone_the_2025_report_published_is_named_as_a_warning(tmp_path):
    project = started_2026(tmp_path / "project")
    edit_for_2026(project)
    _, _, err = run("--project", str(project), "check")
    line = next(n for n, text in enumerate((project / "data/targets.csv").read_text(encoding="utf-8").splitlines(), 1)
                if text.startswith("destitution,all,2027,"))
    recorded = next(n for n, text in enumerate(
        (project / "data/editions/2025-targets.csv").read_text(encoding="utf-8").splitlines(), 1)
        if text.startswith("destitution,all,2027,"))
    assert (f"warning: data/targets.csv:{line}:value: 10.5 differs from the 7.7 the 2025 report published for "
            "destitution all 2027: the 2026 report will show the change, the 2025 report keeps the 7.7 it published "
            "— nothing to do if the change is for later reports; if it was a slip, put back 7.7 "
            "(data/editions/2025-targets.csv:"
            f"{recorded} has the row as published)") in err.splitlines()
    assert "data/units.csv" not in err and "data/areas.csv" not in err  # a row added is for later reports
    assert ("warning: data/datapackage.json: differs from the description of the data the 2025 report's download "
            "published (data/editions/2025-datapackage.json): the 2026 download will describe the change, the 2025 "
            "download keeps the description it published — nothing to do if the change is for later reports; if it "
            "was a slip, undo it (git diff data/datapackage.json)") in err.splitlines()


def test_a_change_is_said_against_the_newest_past_edition_only_and_ends_when_the_next_edition_starts(tmp_path):
    project = started_2026(tmp_path / "project")
    edit_for_2026(project)
    code, _, err = run("--project", str(project), "new-edition", "2027")
    assert code == 0, err
    _, _, err = run("--project", str(project), "check")
    # 2026's record holds the changes now: 2025's record, which keeps what 2025 published, is not compared
    assert "the 2025 report published" not in err and "the 2025 report's download" not in err
    targets = project / "data/targets.csv"
    targets.write_text(targets.read_text(encoding="utf-8").replace("destitution,all,2027,value,10.5,",
                                                                   "destitution,all,2027,value,11.5,"), encoding="utf-8")
    _, _, err = run("--project", str(project), "check")
    said = [line for line in err.splitlines() if line.startswith("warning: data/targets.csv:")]
    assert len(said) == 1 and "11.5 differs from the 10.5 the 2026 report published for destitution all 2027: the " \
        "2027 report will show the change, the 2026 report keeps the 10.5 it published" in said[0]


def test_the_pdf_takes_the_priorities_of_the_edition_it_prints(tmp_path, monkeypatch):
    from luton2040.pdf.book import read_priorities

    project = started_2026(tmp_path / "project")
    edit_for_2026(project)
    monkeypatch.setenv("QUARTO_PROFILE", "2025")
    assert [(p.title, p.colour) for p in read_priorities(project) if p.id == "net-zero"] == [("Net zero", "#0f6e66")]
    monkeypatch.setenv("QUARTO_PROFILE", "2026")
    assert [(p.title, p.colour) for p in read_priorities(project) if p.id == "net-zero"] == \
        [("Net zero Luton", "#125e2a")]


def test_an_edited_table_record_is_refused_with_its_line(tmp_path):
    project = started_2026(tmp_path / "project")
    record = project / published.table_record_file(2025, "targets")
    lines = record.read_text(encoding="utf-8").splitlines()
    lines[1] = lines[1].replace(",value,", ",valeu,")
    record.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, _, err = run("--project", str(project), "check")
    assert code == 1
    found = [line for line in err.splitlines() if line.startswith("data/editions/2025-targets.csv:2:kind:")]
    assert found and found[0].endswith("put back what the 2025 report published: this file is written by "
                                       "`luton2040 new-edition` and records it, and is never edited")
    assert "warning: data/targets.csv" not in err


def forget_record_digests(project: Path, year: int = 2025) -> None:
    """Make ``year``'s record of its files as new-edition wrote it before it kept its records' digests."""
    record = project / published.files_record(year)
    kept = [line for line in record.read_text(encoding="utf-8").splitlines(keepends=True)
            if not published.is_record_of(year, line.partition("  ")[2].strip())]
    record.write_text("".join(kept), encoding="utf-8")


def test_a_bad_cell_in_a_record_kept_before_its_digests_is_not_compared_with_the_current_table(tmp_path):
    project = started_2026(tmp_path / "project")
    forget_record_digests(project)
    record = project / published.table_record_file(2025, "targets")
    lines = record.read_text(encoding="utf-8").splitlines()
    lines[1] = lines[1].replace(",value,", ",valeu,")
    record.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, _, err = run("--project", str(project), "check")
    assert code == 1 and "data/editions/2025-targets.csv:2:kind:" in err
    assert "data/targets.csv" not in err  # not "'value' differs from the blank the 2025 report published"


def test_new_edition_keeps_the_digest_of_each_record_it_writes(project_copy):
    code, _, err = run("--project", str(project_copy), "new-edition", "2026")
    assert code == 0, err
    digests = published.read_files_record(project_copy, 2025)
    records = [published.record_file(2025), published.package_record_file(2025)]
    records += [published.table_record_file(2025, table) for table in published.TABLES]
    assert sorted(key for key in digests if published.is_record_of(2025, key)) == sorted(records)


FIX = ("put back what the 2025 report published (git checkout -- {rel}); a change for later reports belongs in "
       "{table}, not in this record")


def test_an_edited_record_is_refused_at_its_line_naming_git_checkout_not_the_current_file(tmp_path):
    project = started_2026(tmp_path / "project")
    rel = published.table_record_file(2025, "targets")
    text = (project / rel).read_text(encoding="utf-8")
    (project / rel).write_text(text.replace("destitution,all,2027,value,7.7,", "destitution,all,2027,value,7.9,"),
                               encoding="utf-8")
    line = next(n for n, row in enumerate(text.splitlines(), 1) if row.startswith("destitution,all,2027,value,7.7,"))
    code, _, err = run("--project", str(project), "check")
    assert code == 1
    assert (f"{rel}:{line}: the 2025 report's record of what it published has changed since `luton2040 new-edition` "
            f"wrote it (first at this line; data/editions/2025-files.sha256 has the digest of each line) — "
            + FIX.format(rel=rel, table="data/targets.csv")) in err.splitlines()
    assert "data/targets.csv:" not in err and "put back 7.9" not in err


def test_a_record_cut_short_is_refused_where_its_lines_end(tmp_path):
    project = started_2026(tmp_path / "project")
    rel = published.table_record_file(2025, "targets")
    lines = (project / rel).read_text(encoding="utf-8").splitlines(keepends=True)
    (project / rel).write_text("".join(lines[:-2]), encoding="utf-8")
    code, _, err = run("--project", str(project), "check")
    assert code == 1
    assert f"{rel}:{len(lines) - 1}: the 2025 report's record of what it published has changed" in err


def test_a_record_whose_lines_were_not_kept_is_refused_by_its_name(tmp_path):
    """A record new-edition wrote before it kept the digest of each line: the file is named alone."""
    project = started_2026(tmp_path / "project")
    files = project / published.files_record(2025)
    files.write_text("".join(line for line in files.read_text(encoding="utf-8").splitlines(keepends=True)
                             if not line.startswith(published.LINES)), encoding="utf-8")
    rel = published.table_record_file(2025, "targets")
    text = (project / rel).read_text(encoding="utf-8")
    (project / rel).write_text(text.replace("destitution,all,2027,value,7.7,", "destitution,all,2027,value,7.9,"),
                               encoding="utf-8")
    code, _, err = run("--project", str(project), "check")
    assert code == 1
    assert (f"{rel}: the 2025 report's record of what it published has changed since `luton2040 new-edition` wrote "
            f"it (data/editions/2025-files.sha256 has its digest) — "
            + FIX.format(rel=rel, table="data/targets.csv")) in err.splitlines()


def test_an_edited_figures_record_is_refused_too(tmp_path):
    project = started_2026(tmp_path / "project")
    rel = published.record_file(2025)
    lines = (project / rel).read_text(encoding="utf-8").splitlines(keepends=True)
    cells = lines[1].split(",")
    cells[5] = cells[5] + "1" if cells[5] else "1"  # the value column of the first figure
    (project / rel).write_text("".join([lines[0], ",".join(cells)] + lines[2:]), encoding="utf-8")
    code, _, err = run("--project", str(project), "check")
    assert code == 1
    assert any(line.startswith(f"{rel}:2: the 2025 report's record of what it published has changed") and
               line.endswith(FIX.format(rel=rel, table="data/observations.csv")) for line in err.splitlines()), err
    assert "revises the" not in err  # not "… revises the …: put back <the edited value>"


def test_a_deleted_record_is_refused_not_left_to_the_next_new_edition(tmp_path):
    project = started_2026(tmp_path / "project")
    rel = published.table_record_file(2025, "targets")
    (project / rel).unlink()
    code, _, err = run("--project", str(project), "check")
    assert code == 1
    assert (f"{rel}: the 2025 report's record of what it published is gone, so the published report would follow "
            "the table as it is now (data/editions/2025-files.sha256 has its digest) — "
            + FIX.format(rel=rel, table="data/targets.csv")) in err.splitlines()
    assert "has no record of" not in err and "when it next starts an edition" not in err


def test_every_record_deleted_is_refused_each_by_name(tmp_path):
    project = started_2026(tmp_path / "project")
    records = [published.record_file(2025), published.package_record_file(2025)]
    records += [published.table_record_file(2025, table) for table in published.TABLES]
    for rel in records:
        (project / rel).unlink()
    code, _, err = run("--project", str(project), "check")
    assert code == 1
    gone = [line.split(":")[0] for line in err.splitlines() if "record of what it published is gone" in line]
    assert sorted(gone) == sorted(records)
    assert "git checkout -- data/editions/2025-datapackage.json); a change for later downloads belongs in " \
           "data/datapackage.json" in err


def test_an_edition_recorded_before_its_tables_follows_them_until_the_next_new_edition_records_them(tmp_path):
    project = started_2026(tmp_path / "project")
    forget_record_digests(project)  # (new-edition had not kept its records' digests either)
    for table in published.TABLES:
        (project / published.table_record_file(2025, table)).unlink()
    (project / published.package_record_file(2025)).unlink()
    _, _, err = run("--project", str(project), "check")
    assert "record of what it published is gone" not in err
    assert any(line.startswith("warning: data/editions/2025-observations.csv: the 2025 report has no record of "
                               "priorities.csv, units.csv,") and "measure_names.csv, datapackage.json, so it shows "
               "those tables as they are now: a change there (a milestone, a measure's words) changes the published "
               "2025 report — `luton2040 new-edition` records them when it next starts an edition "
               "(data/editions/2025-priorities.csv)" in line for line in err.splitlines()), err
    data = load(project)
    assert data.for_edition(data.editions[2025]).units == data.units  # the current table, meanwhile
    edit_for_2026(project)  # (a measure named differently now: 2025 shows it so until recorded)
    files = scaffold.plan(project, load(project), 2027, dt.date(2026, 6, 1)).files
    assert published.table_record_file(2026, "units") in files
    units = files[published.table_record_file(2025, "units")]
    assert "hours,hours" in units  # the table as 2025 has shown it since, now kept as it is
    assert all(published.table_record_file(2025, t) in files for t in published.TABLES)
    assert published.package_record_file(2025) in files and published.package_record_file(2026) in files
    # the records written now for 2025 get their digests in its record of its files
    digests = dict(reversed(line.split("  ")) for line in files[published.files_record(2025)].splitlines()
                   if not line.startswith(("#", published.LINES)))
    assert digests[published.table_record_file(2025, "units")] == \
        published.record_digests({"x": units})["x"]


# ---------------------------------------------------------------- the built reports

def _build(project: Path) -> Path:
    with pytest.MonkeyPatch.context() as patch, contextlib.redirect_stderr(io.StringIO()), \
            contextlib.redirect_stdout(io.StringIO()):
        patch.delenv("LUTON2040_EDITION", raising=False)
        patch.delenv("QUARTO_PROFILE", raising=False)
        build_project(project, quiet=True)
    return project / "_site"


@pytest.fixture(scope="module")
def sites(tmp_path_factory) -> tuple[Path, Path]:
    """Two projects after new-edition 2026, each built from nothing: as started, and with the 2026
    changes made (so the 2025 edition is made again from its inputs, not reused)."""
    before = started_2026(tmp_path_factory.mktemp("tables-before") / "project")
    after = started_2026(tmp_path_factory.mktemp("tables-after") / "project")
    edit_for_2026(after)
    return _build(before), _build(after)


def test_the_2025_pages_pdf_and_download_are_byte_identical_after_the_2026_changes(sites):
    before, after = sites
    files = sorted(p.relative_to(before / "2025") for p in (before / "2025").rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(after / "2025") for p in (after / "2025").rglob("*") if p.is_file())
    differ = [str(rel) for rel in files if (before / "2025" / rel).read_bytes() != (after / "2025" / rel).read_bytes()]
    assert differ == []
    (pdf,) = (before / "2025").glob("*.pdf")
    assert pdf_text(pdf) == pdf_text(after / "2025" / pdf.name)
    assert OLD_WORDS in pdf_text(pdf)


def test_the_2026_report_shows_the_changes(sites):
    _, after = sites
    page = (after / "measures/weekly-wages.html").read_text(encoding="utf-8")
    assert NEW_WORDS.replace("'", "&#39;") in page or NEW_WORDS.replace("'", "’") in page or NEW_WORDS in page
    assert OLD_WORDS not in page
    old_page = (after / "2025/measures/weekly-wages.html").read_text(encoding="utf-8")
    assert OLD_WORDS in old_page and "Median weekly pay packet" not in old_page
    folder = after / "downloads/luton-2040-data-2026"
    targets = list(csv.DictReader(io.StringIO((folder / "targets.csv").read_text(encoding="utf-8"))))
    assert [r["value"] for r in targets if (r["measure"], r["year"]) == ("destitution", "2027")] == ["10.5"]
    old = after / "2025/downloads/luton-2040-data-2025"
    targets = list(csv.DictReader(io.StringIO((old / "targets.csv").read_text(encoding="utf-8"))))
    assert [r["value"] for r in targets if (r["measure"], r["year"]) == ("destitution", "2027")] == ["7.7"]


def test_the_2026_page_says_what_the_2025_report_judged_against_its_own_milestone(tmp_path):
    """The 2027 milestone for destitution is reset for 2026 (7.7% to 10.5%, which the latest 9.9%
    meets): the 2025 row of "In each report" keeps the status the 2025 report gave, against 7.7%."""
    from luton2040.compute.edition_changes import edition_history_table
    from luton2040.compute.measure_facts import series_facts

    project = started_2026(tmp_path / "project")
    data = load(project)
    old = data.for_edition(data.editions[2025])
    published_status = series_facts(old, data.editions[2025], old.measure("destitution"),
                                    old.measure("destitution").series[0]).status.code
    edit_for_2026(project)
    data = load(project)
    new = data.for_edition(data.editions[2026])
    table = edition_history_table(new, data.editions[2026], new.measure("destitution"))
    rows = {row[0].text: row[-1].text for row in table.rows}
    assert published_status == "backwards"
    assert rows["2025"] == "Going backwards"  # not 'Milestone met', as 10.5% would make it


def test_a_record_is_read_once_so_its_download_copy_and_its_rows_are_the_same_bytes(tmp_path, monkeypatch):
    project = started_2026(tmp_path / "project")
    schema = load_datapackage(project)["resources"]
    targets = next(r["schema"] for r in schema if r["name"] == "targets")
    reads: list[str] = []
    real_bytes, real_text = Path.read_bytes, Path.read_text
    monkeypatch.setattr(Path, "read_bytes", lambda self: reads.append(self.name) or real_bytes(self))
    monkeypatch.setattr(Path, "read_text", lambda self, *a, **k: reads.append(self.name) or real_text(self, *a, **k))
    record, _ = published.read_table_record(project, 2025, "targets", targets)
    package = published.read_package_record(project, 2025)
    assert reads == ["2025-targets.csv", "2025-datapackage.json"]
    assert [r.values["value"] for r in record.rows
            if (r.values["measure"], r.values["year"]) == ("destitution", 2027)] == [7.7]
    assert "7.7" in record.text and package.raw == (project / published.package_record_file(2025)).read_bytes()


def test_a_revised_figure_is_said_against_the_newest_past_edition_only(tmp_path):
    """A revision (destitution's April 2024 figure, 9.9 → 9.8) warns against the record of the edition
    the next new-edition moves on from; once 2027 starts, 2026's record holds 9.8 and the warning
    ends, while 2025's record keeps the 9.9 it published without a warning on every check."""
    project = started_2026(tmp_path / "project")
    observations = project / "data/observations.csv"
    observations.write_text(observations.read_text(encoding="utf-8").replace(
        "destitution,all,luton,April 2024,2024-04-30,9.9,", "destitution,all,luton,April 2024,2024-04-30,9.8,"),
        encoding="utf-8")
    _, _, err = run("--project", str(project), "check")
    assert [line for line in err.splitlines() if "revises the" in line and "the 2025 report published" in line]
    code, _, err = run("--project", str(project), "new-edition", "2027")
    assert code == 0, err
    _, _, err = run("--project", str(project), "check")
    assert "revises the" not in err, err


def test_a_field_described_anew_for_2026_does_not_rebuild_2025_but_a_new_type_does(tmp_path):
    """2025 reads observations.csv from data/ through its Table Schema: a field's description is
    words for readers of the 2026 download (2025's download keeps its recorded package), its type
    is how 2025's rows are read."""
    project = started_2026(tmp_path / "project")
    before = keys(project)
    package = project / "data/datapackage.json"
    data = json.loads(package.read_text(encoding="utf-8"))
    observations = next(r for r in data["resources"] if r["name"] == "observations")
    value = next(f for f in observations["schema"]["fields"] if f["name"] == "value")
    value["description"] = "The figure, in the series' unit (described anew for 2026)."
    package.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    assert keys(project) == before
    value["type"] = "string"
    package.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    assert keys(project) != before
