"""Past editions are frozen when next year's figures arrive: a figure for an earlier period (the
2024 NEET rate, published after the 2025 report went out) is the 2026 report's news, never a
change to the 2025 report; a figure the 2025 report published and revised since is the newer reports'
news too, while the 2025 report keeps what it published."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from cli_run import run as _run
from luton2040 import freeze
from luton2040.compute import edition_changes, measure_facts
from luton2040.data.load import load
from luton2040.site import downloads

NEET_2024 = "neet,all,luton,2024,2024-12-31,3.9,ok,false,,\n"  # invented: ends before 2025's cut-off


@pytest.fixture
def started(project_copy: Path) -> Path:
    """The project with the 2026 edition started as the README says."""
    code, out, err = _run("--project", str(project_copy), "new-edition", "2026")
    assert code == 0, err
    assert "data/editions/2025-observations.csv records the figures that report used" in out
    with (project_copy / "data" / "highlights.csv").open("a", encoding="utf-8") as f:  # a tile, as the checklist asks
        f.write("2026,1,14.5m,Invented test tile: bus journeys in 2025.,bus-journeys\n")
    return project_copy


def _add(project: Path, row: str) -> None:
    with (project / "data" / "observations.csv").open("a", encoding="utf-8") as f:
        f.write(row)


def _neet(data, year: int):
    m = data.measure("neet")
    return measure_facts.series_facts(data, data.edition(year), m, m.get_series("all"))


def test_a_late_figure_for_an_earlier_period_is_news_in_the_new_edition_only(started):
    before = freeze.edition_keys(started, [(load(started).edition(2025), "2025,past")])
    _add(started, NEET_2024)
    data = load(started)
    assert (_neet(data, 2025).latest.period, _neet(data, 2025).latest.value) == ("2023", 3.7)
    assert (_neet(data, 2026).latest.period, _neet(data, 2026).latest.value) == ("2024", 3.9)
    # the 2025 data download leaves it out, 2026's has it, and 2025 is not even rebuilt
    assert "2024-12-31,3.9" not in downloads.edition_files(started, data.edition(2025))["observations.csv"].decode()
    assert "2024-12-31,3.9" in downloads.edition_files(started, data.edition(2026))["observations.csv"].decode()
    assert freeze.edition_keys(started, [(data.edition(2025), "2025,past")]) == before
    _, _, err = _run("--project", str(started), "check")
    assert "data/observations.csv" not in err and "data/editions/" not in err, err


def _destitution(data, year: int):
    m = data.measure("destitution")
    return measure_facts.series_facts(data, data.edition(year), m, m.get_series("all")).latest.value


def test_a_revised_figure_is_shown_from_the_next_edition_and_the_2025_report_keeps_its_own(started):
    """Official statistics are revised: the analyst changes the published row in place. The 2026
    report shows the revised value; the 2025 report, its data download and its fingerprint (so it
    is not even rebuilt) keep the value it published; the check says so, as a warning."""
    data = load(started)
    before = freeze.edition_keys(started, [(data.edition(2025), "2025,past")])
    download = downloads.edition_files(started, data.edition(2025))["observations.csv"]
    path = started / "data" / "observations.csv"
    text = path.read_text(encoding="utf-8")
    old = "destitution,all,luton,April 2024,2024-04-30,9.9,"
    assert text.count(old) == 1
    line = text[: text.index(old)].count("\n") + 1
    path.write_text(text.replace(old, "destitution,all,luton,April 2024,2024-04-30,9.8,"), encoding="utf-8")
    data = load(started)
    assert (_destitution(data, 2025), _destitution(data, 2026)) == (9.9, 9.8)
    assert downloads.edition_files(started, data.edition(2025))["observations.csv"] == download
    assert b"2024-04-30,9.8," in downloads.edition_files(started, data.edition(2026))["observations.csv"]
    # 2026 says it is a revision, not a change since the last report
    destitution = data.measure("destitution")
    assert edition_changes.change_cell(data, data.edition(2026), data.edition(2025), destitution) == "Revised from 9.9%"
    assert edition_changes.edition_changes(data, data.edition(2026), destitution)[0].startswith(
        "Since the 2025 report: no new data since then, but the April 2024 figure has been revised from 9.9% to 9.8%;")
    assert freeze.edition_keys(started, [(data.edition(2025), "2025,past")]) == before
    # the analyst's provenance note on the revision is no page's input either
    path.write_text(path.read_text(encoding="utf-8").replace("Appendix dates this 2023", "Revised in 2026; appendix "
                                                             "dates this 2023"), encoding="utf-8")
    assert freeze.edition_keys(started, [(load(started).edition(2025), "2025,past")]) == before
    _, _, err = _run("--project", str(started), "check")
    assert [l for l in err.splitlines() if "observations.csv" in l and not l.startswith("warning: ")] == []
    assert (
        f"warning: data/observations.csv:{line}:value: 9.8 revises the 9.9 the 2025 report published for destitution (all, "
        "luton, April 2024): later reports show 9.8, the 2025 report keeps 9.9 — nothing to do for a revision; if it "
        "was a slip, put back 9.9 (data/editions/2025-observations.csv:4 has the row as published)") in err.splitlines()


def test_a_figure_the_2025_report_published_cannot_be_deleted(started):
    path = started / "data" / "observations.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    gone = [i for i, line in enumerate(lines) if line.startswith("destitution,all,luton,2023,")]
    assert len(gone) == 1
    path.write_text("".join(lines[: gone[0]] + lines[gone[0] + 1:]), encoding="utf-8")
    code, _, err = _run("--project", str(started), "check")
    assert code == 1
    assert (
        "data/observations.csv: has no row for destitution (all, luton, 2023), which the 2025 report published "
        "(data/editions/2025-observations.csv:3) — put the row back as data/editions/2025-observations.csv:3 gives it; "
        "to revise the figure, change its value there (the 2025 report keeps the value it published)") in err.splitlines()


def _revise(project: Path, old: str, new: str) -> int:
    path = project / "data" / "observations.csv"
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")
    return text[: text.index(old)].count("\n") + 1


def _errors(project: Path) -> list[str]:
    code, _, err = _run("--project", str(project), "check")
    assert code == 1
    return [line for line in err.splitlines() if line.startswith("data/")]


def test_a_published_row_that_does_not_read_is_refused_on_its_line_and_never_called_deleted(started):
    """A date typed as Excel shows it (31/08/2024) made the row unreadable, and `check` said first
    that the 2025 report's unemployment figure had no row, "put the row back", with no line, and
    only then what was wrong. The row is there: only its own problem is said, where it is."""
    path = started / "data" / "observations.csv"
    text = path.read_text(encoding="utf-8")
    line = _revise(started, "unemployment,all,luton,August 2024,2024-08-31,", "unemployment,all,luton,August 2024,31/08/2024,")
    assert _errors(started) == [
        f'data/observations.csv:{line}:period_end: "31/08/2024" is not a YYYY-MM-DD date — write it as 2024-08-31']
    # the whole column as Excel saves it: one message, for the column
    path.write_text(re.sub(r",(\d{4})-(\d\d)-(\d\d),", lambda m: f",{int(m[3])}/{int(m[2])}/{m[1]},", text), encoding="utf-8")
    assert [m.split(" — ")[0] for m in _errors(started)] == [
        'data/observations.csv:2:period_end: "31/12/2019" and 125 more dates in this column are written DD/MM/YYYY, '
        "as Excel saves them"]
    # a row with a cell short is not read at all: it may be any published row, so none is said to be gone
    path.write_text(text.replace("unemployment,all,luton,August 2024,2024-08-31,7.6,ok,false,",
                                 "unemployment,all,luton,August 2024,2024-08-31,7.6,ok,"), encoding="utf-8")
    assert [m.split(" — ")[0] for m in _errors(started)] == [
        f"data/observations.csv:{line}: row has 9 values but the header has 10 columns"]


def test_a_deleted_row_is_still_refused_beside_another_rows_bad_date_which_comes_first(started):
    """An unreadable row stands for itself only (its measure, series, area and period): the
    destitution row deleted is still said, after the row-level problem with its line."""
    line = _revise(started, "unemployment,all,luton,August 2024,2024-08-31,", "unemployment,all,luton,August 2024,31/08/2024,")
    _revise(started, "destitution,all,luton,2023,2023-12-31,12.1,ok,false,,Peak year from the poverty chapter prose "
            "and the welcome (dropped from 12.1% to 9.9%); not in the appendix.\n", "")
    assert [m.split(" — ")[0] for m in _errors(started)] == [
        f'data/observations.csv:{line - 1}:period_end: "31/08/2024" is not a YYYY-MM-DD date',
        "data/observations.csv: has no row for destitution (all, luton, 2023), which the 2025 report published "
        "(data/editions/2025-observations.csv:3)"]


def test_last_years_figure_quoted_in_this_years_words_is_caught(started):
    """The 2026 welcome, carried forward, quotes a fact of the 2025 report ("about 5,000 fewer
    residents"); the check names the line and the row to add, and the added row is what 2026 prints
    while 2025 keeps its own figure."""
    code, _, err = _run("--project", str(started), "check")
    assert code == 1
    welcome = (started / "chapters/_prose/2026/welcome.qmd").read_text(encoding="utf-8").splitlines()
    line = next(n for n, text in enumerate(welcome, start=1) if 'figure("destitution-fewer-residents")' in text)
    assert (f"chapters/_prose/2026/welcome.qmd:{line}: quotes 'destitution-fewer-residents', a figure of the 2025 "
            "report (5,000, data/figures.csv:2), which may no longer be true in 2026 — add its 2026 value to "
            "data/figures.csv as a new row with the id destitution-fewer-residents-2026 and edition 2026 (the page "
            "then quotes it), or take the figure out of the sentence") in err.splitlines()
    with (started / "data" / "figures.csv").open("a", encoding="utf-8") as f:
        f.write('destitution-fewer-residents-2026,2026,"4,000",Invented test figure.,Invented test data,\n')
    data = load(started)
    assert data.figure("destitution-fewer-residents", 2026)["value"] == "4,000"
    assert data.figure("destitution-fewer-residents", 2025)["value"] == "5,000"
    _, _, err = _run("--project", str(started), "check")
    assert f"chapters/_prose/2026/welcome.qmd:{line}: quotes 'destitution-fewer-residents'" not in err


@pytest.mark.parametrize("edit, message", [
    (lambda p: _replace(p / "chapters/_prose/2025/poverty.qmd", "That is still far too many.", "That is too many."),
     "chapters/_prose/2025/poverty.qmd: has changed since the 2025 report was published "
     "(data/editions/2025-files.sha256 records it) — undo the change (git checkout -- "
     "chapters/_prose/2025/poverty.qmd): a published edition never changes; write the 2026 words in "
     "chapters/_prose/2026/poverty.qmd"),
    (lambda p: _replace(p / "partners/poverty/noah.md", "edition: 2025", "edition: 2026"),
     "partners/poverty/noah.md: has changed since the 2025 report was published (data/editions/2025-files.sha256 "
     "records it) — undo the change (git checkout -- partners/poverty/noah.md): a published edition never changes; "
     "write the 2026 contribution as a new file with edition: 2026"),
    (lambda p: _replace(p / "data/highlights.csv", "Fewer people living in destitution", "Fewer residents in destitution"),
     "data/highlights.csv:2: this row of the 2025 edition differs from what the 2025 report published — put it back "
     "as it was (git diff data/highlights.csv shows the change); rows for 2026 have edition 2026"),
])
def test_an_edit_meant_for_2026_made_in_a_2025_file_is_refused(started, edit, message):
    edit(started)
    code, _, err = _run("--project", str(started), "check")
    assert code == 1 and message in err.splitlines()


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, path
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_a_windows_checkout_of_the_published_files_is_not_a_change(started):
    """Git for Windows writes CRLF line ends, and some editors add a byte-order mark: the 2025
    report's files then differ in bytes, not in text, and are not refused."""
    for rel in ("chapters/_prose/2025/poverty.qmd", "partners/poverty/noah.md", "data/editions/2025.yml"):
        path = started / rel
        path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes().replace(b"\r\n", b"\n").replace(b"\n", b"\r\n"))
    _replace(started / "chapters/_prose/2025/welcome.qmd", "Luton is a town", "Luton is a place")  # a real edit
    _, _, err = _run("--project", str(started), "check")
    assert [line.split(":")[0] for line in err.splitlines() if "has changed since the 2025 report" in line] == [
        "chapters/_prose/2025/welcome.qmd"]


def test_a_figure_new_this_year_quoted_by_its_name_passes_the_id_check(started):
    """`report.figure("x")` quotes the row x-2026 in the 2026 edition (the checklist's convention);
    the check of inline ids must resolve the name as the page does."""
    with (started / "data" / "figures.csv").open("a", encoding="utf-8") as f:
        f.write("new-homes-2026,2026,450,Invented test figure.,Invented test data,\n")
    _replace(started / "chapters/_prose/2026/poverty.qmd", "That is still far too many.",
             "That is still far too many. `{python} report.figure(\"new-homes\")` new homes were built.")
    _, _, err = _run("--project", str(started), "check")
    assert "there is no figure 'new-homes'" not in err
    _replace(started / "chapters/_prose/2026/poverty.qmd", "report.figure(\"new-homes\")", "report.figure(\"new-home\")")
    _, _, err = _run("--project", str(started), "check")
    assert "report.figure(\"new-home\"): there is no figure 'new-home'" in err


def test_the_published_rows_sorted_in_a_spreadsheet_are_the_same_rows(started):
    """Sorting figures.csv (to put airport-jobs-2026 beside airport-jobs) changes no row."""
    path = started / "data" / "figures.csv"
    header, *rows = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text(header + "".join(sorted(rows, reverse=True)), encoding="utf-8")
    _, _, err = _run("--project", str(started), "check")
    assert "differs from what the 2025 report published" not in err
    text = path.read_text(encoding="utf-8")
    changed = text.replace('"22,000"', '"23,000"', 1)
    path.write_text(changed, encoding="utf-8")
    line = next(n for n, row in enumerate(changed.splitlines(), 1) if '"23,000"' in row)
    _, _, err = _run("--project", str(started), "check")
    assert [l for l in err.splitlines() if "differs from what the 2025 report published" in l] == [
        f"data/figures.csv:{line}: this row of the 2025 edition differs from what the 2025 report published — put it "
        "back as it was (git diff data/figures.csv shows the change); rows for 2026 have edition 2026"]


def test_a_revised_count_is_said_with_its_thousands_and_the_fix_as_it_is_typed(started):
    line = _revise(started, "bus-journeys,all,luton,2024,2024-12-31,13600000,", "bus-journeys,all,luton,2024,2024-12-31,13650000,")
    _, _, err = _run("--project", str(started), "check")
    assert [l for l in err.splitlines() if "revise" in l] == [
        f"warning: data/observations.csv:{line}:value: 13,650,000 revises the 13,600,000 the 2025 report published "
        "for bus-journeys (all, luton, 2024): later reports show 13,650,000, the 2025 report keeps 13,600,000 — "
        "nothing to do for a revision; if it was a slip, put back 13600000 (data/editions/2025-observations.csv:"
        f"{line} has the row as published)"]


def test_many_revisions_are_one_warning_naming_their_lines(started):
    """A census rebasing revises many figures at once: one warning for the edition, not one per row."""
    lines = [_revise(started, "destitution,all,luton,April 2024,2024-04-30,9.9,", "destitution,all,luton,April 2024,2024-04-30,9.8,"),
             _revise(started, "destitution,all,luton,2023,2023-12-31,12.1,", "destitution,all,luton,2023,2023-12-31,12.0,")]
    _, _, err = _run("--project", str(started), "check")
    assert [l for l in err.splitlines() if "revise" in l] == [
        f"warning: data/observations.csv:{min(lines)}: 2 figures the 2025 report published are revised here (lines "
        f"{min(lines)}, {max(lines)}): later reports show the revised values, the 2025 report keeps its own — nothing "
        "to do for revisions; if one was a slip, put back the value data/editions/2025-observations.csv gives"]


def _as_new_edition_wrote_it(project: Path, rel: str) -> None:
    """Give the record ``rel`` as it is now the digest new-edition keeps of it (as if it had written it so)."""
    from luton2040.data import published

    files = project / published.files_record(2025)
    digest = published.record_digests({rel: (project / rel).read_text(encoding="utf-8")})[rel]
    lines = [f"{digest}  {rel}" if line.endswith(f"  {rel}") else line
             for line in files.read_text(encoding="utf-8").splitlines()]
    files.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_the_record_is_read_as_the_data_is_so_a_broken_cell_is_refused_and_spaces_are_no_revision(started):
    record = started / "data" / "editions" / "2025-observations.csv"
    text = record.read_text(encoding="utf-8")
    record.write_text(text.replace(",2024-04-30,9.9,", ",2024-04-30,9.9 percent,", 1), encoding="utf-8")
    code, _, err = _run("--project", str(started), "check")
    assert code == 1
    assert [l for l in err.splitlines() if l.startswith("data/editions/2025-observations.csv:4:value")] == [
        "data/editions/2025-observations.csv:4:value: \"9.9 percent\" is not a number — put back what the 2025 report "
        "published: this file is written by `luton2040 new-edition` and records it, and is never edited"]
    record.write_text(text, encoding="utf-8")
    # a note ending in a space, in the data and so in the record, is the same note
    _revise(started, "destitution,all,luton,April 2024,2024-04-30,9.9,ok,false,", "destitution,all,luton,April 2024,2024-04-30,9.9,ok,false,Peak note ")
    record.write_text(text.replace(",2024-04-30,9.9,ok,false,", ",2024-04-30,9.9,ok,false,Peak note ", 1), encoding="utf-8")
    _as_new_edition_wrote_it(started, "data/editions/2025-observations.csv")
    _, _, err = _run("--project", str(started), "check")
    assert "revise" not in err and "2025-observations.csv" not in err, err
