"""Editions: the sample 2026 edition (INVENTED TEST DATA) against the real 2025 one — pure compute,
the new-edition scaffold, Quarto profiles in the engine."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from cli_run import run as _run
from editions_helpers import overlay
from luton2040 import scaffold
from luton2040.compute import tables
from luton2040.compute import edition_changes
from luton2040.compute import measure_facts
from luton2040.data.editions import current, edition_links, previous_edition, profiles_to_build
from luton2040.engine import config as config_mod
from luton2040.data.load import load
from luton2040.report import edition_year

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def two_editions(project_copy: Path):
    return load(overlay(project_copy))


def test_latest_is_the_newest_observation_on_or_before_each_cutoff(two_editions):
    data = two_editions
    m = data.measure("destitution")
    old = measure_facts.series_facts(data, data.edition(2025), m, m.get_series("all"))
    new = measure_facts.series_facts(data, data.edition(2026), m, m.get_series("all"))
    assert (old.latest.period, old.latest.value) == ("April 2024", 9.9)
    assert (new.latest.period, new.latest.value) == ("2025", 10.8)
    assert old.trend == "improving" and new.trend == "worsening"  # the invented 2025 value turns it


def test_change_since_last_report(two_editions):
    data = two_editions
    new, old = data.edition(2026), data.edition(2025)
    assert previous_edition(data, new) == old and previous_edition(data, old) is None
    assert edition_changes.change_cell(data, new, old, data.measure("destitution")) == "+0.9 points"
    assert edition_changes.change_cell(data, new, old, data.measure("bus-journeys")).startswith("+500,000")
    # No new smoking figure: the 2026 report must not present 14.7% as news.
    assert edition_changes.change_cell(data, new, old, data.measure("smoking")) == edition_changes.NO_NEW_DATA
    table = tables.appendix_table(data, new)
    at = table.columns.index(edition_changes.CHANGE_COLUMN)
    by_measure = {row[2].text: row[at].text for row in table.rows}
    assert by_measure[data.measure("smoking").measure] == "No new data"
    # The first edition has nothing to compare with, so it has no such column.
    assert edition_changes.CHANGE_COLUMN not in tables.appendix_table(data, old).columns


def test_new_when_the_previous_edition_had_no_value(two_editions, project_copy):
    data = two_editions
    m = data.measure("destitution")
    series = m.get_series("all")
    now = measure_facts.series_facts(data, data.edition(2026), m, series)
    empty = measure_facts.SeriesFacts(m, series, None, None, None, (), "not_enough_data", now.status)
    assert edition_changes.change_text(now, empty) == edition_changes.NEW


def test_measure_history_and_changes(two_editions):
    data = two_editions
    m = data.measure("destitution")
    table = edition_changes.edition_history_table(data, data.edition(2026), m)
    # The 2019 baseline (7.3%) already met the 2027 milestone (7.7%) and both latest values (9.9%,
    # then 10.8%) have slipped past it, so both editions say going backwards, whatever the trend did.
    assert table.texts() == [
        ["2025", "9.9% (April 2024)", "First report", "Improving", "Going backwards"],
        ["2026", "10.8% (2025)", "+0.9 points", "Getting worse", "Going backwards"],
    ]
    words = edition_changes.edition_changes(data, data.edition(2026), m)
    assert words and "the trend changed from ‘improving’ to ‘getting worse’" in words[0]
    smoking = edition_changes.edition_changes(data, data.edition(2026), data.measure("smoking"))
    assert "no new data since then" in smoking[0]
    # every status word reads in the sentence, even those that are not predicates ('cannot assess')
    gp = edition_changes.edition_changes(data, data.edition(2026), data.measure("gp-appointment-wait"))
    assert "the status is still ‘cannot assess’" in gp[0] and "is still cannot" not in gp[0]
    assert edition_changes.edition_changes(data, data.edition(2025), m) == []


def test_site_layout_and_editions_page_links(two_editions):
    data = two_editions
    assert [(e.year, p, f) for e, p, f in profiles_to_build(data)] == [(2026, "2026", ""), (2025, "2025,past", "2025")]
    links = edition_links(data, data.edition(2026))
    assert [(l.page, l.pdf) for l in links] == [
        ("index.html", "luton-2040-progress-report-2026.pdf"),
        ("2025/index.html", "2025/luton-2040-progress-report-2025.pdf")]
    assert [l.page for l in edition_links(data, data.edition(2025))] == ["index.html"]


@pytest.mark.parametrize("env, year", [
    ({}, None), ({"QUARTO_PROFILE": "2025"}, 2025), ({"QUARTO_PROFILE": "2024,past"}, 2024),
    ({"QUARTO_PROFILE": "draft"}, None), ({"LUTON2040_EDITION": "2026"}, 2026),
    # The profile being rendered wins: its title and PDF name belong to its edition's data.
    ({"LUTON2040_EDITION": "2026", "QUARTO_PROFILE": "2025"}, 2025),
    ({"LUTON2040_EDITION": "2026", "QUARTO_PROFILE": "draft"}, 2026)])
def test_edition_year_from_environment(env, year):
    assert edition_year(env) == year


def test_an_explicit_profile_names_the_edition_whatever_the_environment(two_editions):
    env = {"QUARTO_PROFILE": "2026", "LUTON2040_EDITION": "2026"}
    assert current(two_editions, "2025,past", env).year == 2025
    assert current(two_editions, "draft", env).year == 2026  # no year in it: the newest
    assert current(two_editions, environ={}).year == 2026


def test_new_edition_writes_nothing_while_a_partner_file_has_an_error(project_copy):
    """It writes the new edition's partner contributions too: a partner file with an error stops
    it before anything is written, so it can be run again once the file is fixed."""
    partner = project_copy / "partners" / "net-zero" / "luton-irish-forum.md"
    partner.write_text(partner.read_text(encoding="utf-8") + "\n<script>alert(1)</script>\n", encoding="utf-8")
    code, out, err = _run("--project", str(project_copy), "new-edition", "2026")
    assert code == 1 and "partners/net-zero/luton-irish-forum.md:" in err and "Traceback" not in err
    assert not (project_copy / "data" / "editions" / "2026.yml").exists()
    assert not (project_copy / "chapters" / "_prose" / "2026").exists()


def test_new_edition_scaffolds_next_year(project_copy):
    code, out, err = _run("--project", str(project_copy), "new-edition", "2026")
    assert code == 0, err
    data = load(project_copy)
    e = data.edition(2026)
    assert (e.title, e.pdf_name) == ("Luton 2040 Progress Report 2026", "luton-2040-progress-report-2026")
    assert e.data_cutoff == dt.date(2026, 1, 28)  # a year on
    # a year on too, unless that day has passed (the next test): never a day already past
    assert e.publication_date > dt.date.today()
    assert e.publication_date in (dt.date(2026, 2, 28), scaffold.proposed_publication(data.edition(2025), 2026,
                                                                                     dt.date.today())[0])
    assert e.focus_areas == data.edition(2025).focus_areas
    profile = config_mod.load(project_copy, "2026")
    assert profile.title == "Luton 2040 Progress Report 2026"
    assert [t.href for t in profile.tools][0] == f"{e.pdf_name}.pdf"  # the sidebar's PDF link moved on too
    assert profile.page_footer == ("Luton 2040 Progress Report 2026 · figures to 28 January 2026 · "
                                   "Luton 2040 Partnership · luton2040.co.uk · Open Government Licence v3.0")
    assert config_mod.load(project_copy).profiles == ("2026",)  # `quarto render` now builds 2026
    # only the year changed in _quarto.yml: the blank line after it (and every other line) kept
    assert (project_copy / "_quarto.yml").read_text(encoding="utf-8") == (ROOT / "_quarto.yml").read_text(
        encoding="utf-8").replace('  default: "2025"\n', '  default: "2026"\n')
    assert "edition: 2026" in (project_copy / "partners" / "README.md").read_text(encoding="utf-8")
    assert "smoking: newest value 2023" in out and "no new data since the 2025 report" in out
    # Each chapter's words copied forward into 2026's own file and block; 2025's block and file untouched.
    chapter = (project_copy / "chapters" / "poverty.qmd").read_text(encoding="utf-8")
    assert chapter.endswith(
        '::: {.content-visible when-profile="2025"}\n\n{{< include _prose/2025/poverty.qmd >}}\n\n:::\n'
        '::: {.content-visible when-profile="2026"}\n\n{{< include _prose/2026/poverty.qmd >}}\n\n:::\n')
    published = (ROOT / "chapters/_prose/2025/poverty.qmd").read_text(encoding="utf-8")
    assert (project_copy / "chapters/_prose/2025/poverty.qmd").read_text(encoding="utf-8") == published
    # the same words; the cells' and table divs' labels end in the year, as Quarto refuses a label
    # twice in a page, and the partner contributions included are 2026's
    assert (project_copy / "chapters/_prose/2026/poverty.qmd").read_text(encoding="utf-8") == published.replace(
        "#| label: tbl-mis-bands\n", "#| label: tbl-mis-bands-2026\n").replace(
        "::: {#tbl-headline-measures}\n", "::: {#tbl-headline-measures-2026}\n").replace(
        "{{< include /chapters/_partners/2025/poverty.md >}}", "{{< include /chapters/_partners/2026/poverty.md >}}")
    assert "wrote chapters/_prose/2026/vision.qmd" in out and "wrote chapters/vision.qmd" in out
    # the partner contributions 2026's prose includes exist, so `quarto render` can read the page
    assert "wrote chapters/_partners/2026/poverty.md" in out
    assert (project_copy / "chapters/_partners/2026/poverty.md").is_file()
    # Again: refused with a clean message, nothing overwritten.
    before = (project_copy / "data" / "editions" / "2026.yml").read_bytes()
    code, out, err = _run("--project", str(project_copy), "new-edition", "2026")
    assert code == 1 and "data/editions/2026.yml: the 2026 edition already exists" in err and "Traceback" not in err
    assert (project_copy / "data" / "editions" / "2026.yml").read_bytes() == before


def test_an_edition_started_late_is_not_dated_as_already_published(project_copy):
    """The publication day is last edition's moved on a year; when that day has already passed, the
    report being written would count as published (every build would warn that it changes a
    published report), so the end of next month is proposed, and the checklist says to set it."""
    last = load(project_copy).edition(2025)  # published 28 February 2025
    moved = dt.date(2026, 2, 28)
    assert scaffold.proposed_publication(last, 2026, dt.date(2025, 11, 30)) == (moved, None)
    assert scaffold.proposed_publication(last, 2026, dt.date(2026, 2, 27)) == (moved, None)
    assert scaffold.proposed_publication(last, 2026, dt.date(2026, 2, 28)) == (dt.date(2026, 3, 31), moved)
    assert scaffold.proposed_publication(last, 2026, dt.date(2026, 11, 30)) == (dt.date(2026, 12, 31), moved)
    assert scaffold.proposed_publication(last, 2026, dt.date(2026, 12, 31)) == (dt.date(2027, 1, 31), moved)
    late = scaffold.plan(project_copy, load(project_copy), 2026, dt.date(2026, 11, 30))
    assert (late.late, late.published) == (dt.date(2026, 2, 28), dt.date(2026, 12, 31))
    written = late.files["data/editions/2026.yml"]
    assert "publication_date: 2026-12-31\n" in written
    assert "the publication date is a stand-in, as 2026-02-28 had passed" in written
    on_time = scaffold.plan(project_copy, load(project_copy), 2026, dt.date(2025, 11, 30))
    assert (on_time.late, on_time.published) == (None, dt.date(2026, 2, 28))
    assert "publication_date: 2026-02-28\n" in on_time.files["data/editions/2026.yml"]
    code, out, err = _run("--project", str(project_copy), "new-edition", "2026")
    assert code == 0, err
    said = "set the day the 2026 report will be published: a year after the last one would be 28 February 2026"
    assert (said in out) == (dt.date.today() >= dt.date(2026, 2, 28))


def test_every_editions_footer_names_the_partnership_and_the_data_licence(project_copy):
    """Both renderers draw website.page-footer on every page: each edition's says who publishes the
    report and the licence of its data (the one data/datapackage.json declares)."""
    import json

    licence = json.loads((project_copy / "data" / "datapackage.json").read_text(encoding="utf-8"))["licenses"][0]
    for year in load(project_copy).editions:
        footer = config_mod.load(project_copy, str(year)).page_footer
        assert footer.endswith(f"· Luton 2040 Partnership · luton2040.co.uk · {licence['title']}"), year


def test_new_edition_needs_an_earlier_edition(project_copy):
    code, _, err = _run("--project", str(project_copy), "new-edition", "2020")
    assert code == 1 and "no edition before 2020" in err


@pytest.mark.parametrize("year, fix", [
    (2024, "use one of: 2025"),  # new-edition cannot start a year before the newest: not offered
    (2026, "use one of: 2025, or create it with `luton2040 new-edition 2026`"),
])
def test_building_an_edition_that_does_not_exist_offers_only_what_works(tmp_path, year, fix):
    from minimal_project import make_project

    root = make_project(tmp_path)
    assert load(root).editions.keys() == {2025}
    code, _, err = _run("--project", str(root), "build", "--edition", str(year), "--quiet")
    assert code == 1
    assert err.splitlines()[0] == f"data/editions/{year}.yml: there is no {year} edition — {fix}"


def test_hand_typed_figures_are_looked_for_in_the_current_editions_own_prose_only(project_copy):
    """2025's published words are not checked against 2026's figures; 2026's words are."""
    from luton2040.compute.stale import hand_typed

    overlay(project_copy)  # 2026 is now the newest edition, destitution's latest value 10.8%
    for year in (2025, 2026):
        prose = project_copy / "chapters" / "_prose" / str(year) / "poverty.qmd"
        prose.write_text(prose.read_text(encoding="utf-8") + "\nDestitution stood at 10.8%.\n", encoding="utf-8")
    warned = {p.file for p in hand_typed(project_copy) if "10.8%" in p.message}
    assert warned == {"chapters/_prose/2026/poverty.qmd"}


def test_new_edition_renames_every_table_div_the_engine_reads_indented_or_not():
    """An indented ``  ::: {#tbl-x}`` is numbered by the engine; new-edition left it with last year's
    label (its own pattern of a div wanted the colons first), so two editions' blocks held tbl-x."""
    from luton2040.data import edition_prose

    text = ("  ::: {#tbl-x}\n\n```{python}\nreport.outcomes_table()\n```\n\nThe outcomes\n\n  :::\n\n"
            "::: {#tbl-y-2025}\n\n| a |\n|---|\n| 1 |\n\nThe other\n\n:::\n\nSee @tbl-x and @tbl-y-2025.\n")
    assert edition_prose.relabelled(text, 2025, 2026) == text.replace("{#tbl-x}", "{#tbl-x-2026}").replace(
        "{#tbl-y-2025}", "{#tbl-y-2026}").replace("@tbl-x ", "@tbl-x-2026 ").replace("@tbl-y-2025.", "@tbl-y-2026.")
