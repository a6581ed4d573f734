"""Next year's edition, made as the README says (`luton2040 new-edition 2026`, then data): what the
check says about the parts of the yearly job that are easy to forget or get wrong."""
from __future__ import annotations

from pathlib import Path

import pytest

from cli_run import run as _run


@pytest.fixture
def started(project_copy: Path) -> Path:
    code, _, err = _run("--project", str(project_copy), "new-edition", "2026")
    assert code == 0, err
    return project_copy


def test_an_edition_without_highlight_tiles_is_refused_rather_than_printed_with_an_empty_heading(started):
    code, _, err = _run("--project", str(started), "check")
    assert code == 1
    assert ("data/highlights.csv:edition: the 2026 edition has no highlight tiles, so its welcome page would show "
            "the heading 'Highlights of the year' with nothing under it — add its tiles as rows with edition 2026, "
            "an order, a value and a text, like the 2025 ones") in err.splitlines()
    with (started / "data" / "highlights.csv").open("a", encoding="utf-8") as f:
        f.write("2026,1,14.5m,Invented test tile: bus journeys in 2025.,bus-journeys\n")
    _, _, err = _run("--project", str(started), "check")
    assert "highlight tiles" not in err


def test_a_new_edition_file_without_its_cutoff_gets_one_message_and_no_advice_about_last_years(started):
    """With data for 2026 added, a 2026.yml missing its data cut-off is the one problem reported;
    no warning sends the editor to start an edition that exists or to move the cut-off of the
    published 2025 edition."""
    with (started / "data" / "observations.csv").open("a", encoding="utf-8") as f:
        f.write("bus-journeys,all,luton,2025,2025-12-31,14500000,ok,false,,\n")
    edition = started / "data" / "editions" / "2026.yml"
    edition.write_text("".join(line for line in edition.read_text(encoding="utf-8").splitlines(keepends=True)
                               if not line.startswith("data_cutoff:")), encoding="utf-8")
    _, _, err = _run("--project", str(started), "check")
    assert "data/editions/2026.yml: data_cutoff is missing or blank — add a line 'data_cutoff: …'" in err.splitlines()
    assert "2025.yml" not in err and "new-edition" not in err


def test_a_new_partner_file_without_its_edition_is_told_this_years(started):
    partner = started / "partners" / "net-zero" / "lea-riverside-allotments.md"
    partner.write_text("---\norganisation: Lea Riverside Allotments Society\npriority: net-zero\n---\n\n"
                       "Invented test words: members planted a native hedge beside the river path.\n", encoding="utf-8")
    _, _, err = _run("--project", str(started), "check")
    assert ("partners/net-zero/lea-riverside-allotments.md:1: edition is missing or not a year — add a line "
            "'edition: 2026' (the year of the report it is for)") in err.splitlines()


def test_the_new_edition_file_carries_no_comment_about_last_years_dates(started):
    """2025.yml explains its dates ("went to the council's executive on 28 January 2025"); 2026.yml
    keeps its keys and focus areas but none of those reasons, which are untrue beside 2026's dates."""
    old = (started / "data" / "editions" / "2025.yml").read_text(encoding="utf-8")
    new = (started / "data" / "editions" / "2026.yml").read_text(encoding="utf-8")
    assert "28 January 2025" in old and "28 January 2025" not in new and "executive" not in new
    assert [line.split(":")[0] for line in new.splitlines() if line[:1].isalpha()] == \
        [line.split(":")[0] for line in old.splitlines() if line[:1].isalpha()]


def test_last_years_words_about_a_time_are_flagged_until_rewritten(started):
    """The carried-forward vision chapter still says 'this year the partnership has agreed a road
    map': a warning names the line; the build is not stopped, and rewriting the line ends it."""
    with (started / "data" / "highlights.csv").open("a", encoding="utf-8") as f:  # so the data checks pass
        f.write("2026,1,14.5m,Invented test tile: bus journeys in 2025.,bus-journeys\n")
    vision = started / "chapters/_prose/2026/vision.qmd"
    lines = vision.read_text(encoding="utf-8").splitlines()
    at = next(n for n, text in enumerate(lines, start=1) if "this year the partnership has agreed a road map" in text)
    _, _, err = _run("--project", str(started), "check")
    assert (f"warning: chapters/_prose/2026/vision.qmd:{at}: is the 2025 report's words unchanged, and says "
            "'this year', which may not be true of the 2026 report — read it as a 2026 reader would and rewrite "
            "it (the warning ends when the line changes)") in err.splitlines()
    assert "chapters/_prose/2025/" not in err  # the published words are never re-read against 2026
    lines[at - 1] = lines[at - 1].replace("this year the partnership has agreed", "in 2025 the partnership agreed")
    vision.write_text("\n".join(lines) + "\n", encoding="utf-8")
    _, _, err = _run("--project", str(started), "check")
    assert f"chapters/_prose/2026/vision.qmd:{at}:" not in err


def test_new_edition_refuses_while_a_series_has_no_row_the_old_report_could_record(project_copy: Path):
    # Once 2026 starts, the 2025 report shows the measures its record has rows for: a measure with
    # no row yet (a new one, not even 'to be confirmed') would silently vanish from it.
    measures, series = project_copy / "data/measures.csv", project_copy / "data/series.csv"
    measures.write_text(measures.read_text(encoding="utf-8") + "tree-cover,net-zero,9,Luton is a green town,"
                        "Tree canopy,Tree canopy,higher_is_better,false,,,,Forest Research,,,\n", encoding="utf-8")
    series.write_text(series.read_text(encoding="utf-8") + "tree-cover,all,,percent,1,1,true\n", encoding="utf-8")
    code, _, err = _run("--project", str(project_copy), "new-edition", "2026")
    assert code == 1
    assert ("data/observations.csv: tree-cover (series 'all') has no row dated up to the 2025 report's cut-off "
            "(28 January 2025), so the 2025 report would lose it once the next edition starts — add a row for it "
            "dated on or before 2025-01-28, with its figure or with status tbc (to be confirmed), then run "
            "new-edition again") in err
    assert not (project_copy / "data/editions/2026.yml").exists()
