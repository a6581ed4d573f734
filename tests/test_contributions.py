"""Each edition's partner contributions are written where its chapters include them: one file per
edition and priority, holding that edition's clean partner texts and no other edition's, so a
partner's edit changes a chapter's words without running its code again and without touching
another edition's pages."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from luton2040.data.partners import priority_order
from luton2040.errors import InputError
from luton2040.data.edition_prose import include_line
from luton2040.heading_ids import PAGE_FRAME_IDS
from luton2040.site.contributions import contribution_files, write_contributions
from luton2040.site.partner_section import EMPTY_TEXT
from minimal_project import make_project

PARTNER_2026 = """---
organisation: Hilltop Pantry
priority: poverty
edition: 2026
---

We opened a second pantry in 2026.
"""


@pytest.fixture
def two_editions(tmp_path):
    """The minimal project with a 2026 edition and one 2026 partner text beside the 2025 ones."""
    root = make_project(tmp_path)
    editions = root / "data" / "editions"
    (editions / "2026.yml").write_text((editions / "2025.yml").read_text().replace("2025", "2026"))
    (root / "partners" / "poverty" / "hilltop-pantry.md").write_text(PARTNER_2026)
    return root


def test_every_edition_and_priority_has_a_file_with_its_own_partners_only(two_editions):
    files = contribution_files(two_editions)
    priorities = priority_order(two_editions)
    assert sorted(files) == sorted(f"chapters/_partners/{year}/{p}.md" for year in (2025, 2026) for p in priorities)
    poverty_2025, poverty_2026 = files["chapters/_partners/2025/poverty.md"], files["chapters/_partners/2026/poverty.md"]
    assert "### Example Food Project {#example-food-project}" in poverty_2025 and "Hilltop" not in poverty_2025
    assert "### Hilltop Pantry {#hilltop-pantry}" in poverty_2026 and "Example Food" not in poverty_2026
    assert "Editor's note" not in poverty_2025  # sanitised as the chapter shows it
    assert "### Green Streets" in files["chapters/_partners/2025/net-zero.md"]
    assert files["chapters/_partners/2026/net-zero.md"] == EMPTY_TEXT + "\n"  # none for 2026 yet


def test_the_files_are_written_only_when_changed_and_those_of_a_removed_edition_go(two_editions):
    assert len(write_contributions(two_editions)) == 4
    folder = two_editions / "chapters" / "_partners"
    kept = folder / "2025" / "poverty.md"
    before = kept.stat().st_mtime_ns
    (two_editions / "data" / "editions" / "2026.yml").unlink()
    assert write_contributions(two_editions) == []
    assert sorted(p.name for p in folder.iterdir()) == ["2025"]
    assert kept.stat().st_mtime_ns == before
    partner = two_editions / "partners" / "poverty" / "example-food-project.md"
    partner.write_text(partner.read_text() + "\nA new sentence.\n")
    assert write_contributions(two_editions) == ["chapters/_partners/2025/poverty.md"]
    assert "A new sentence." in kept.read_text()


def test_each_file_says_it_is_written_by_the_build_in_a_line_no_page_shows(two_editions):
    """The files are kept in git (Quarto reads every include before the pre-render step runs, so a
    fresh clone must have them): each starts with a note for whoever opens it, a link reference
    that pandoc leaves out of the page."""
    from luton2040.engine import pandoc

    write_contributions(two_editions)
    text = (two_editions / "chapters" / "_partners" / "2025" / "poverty.md").read_text()
    assert text.startswith("[//]: # (Written by the build from partners/: edit those files, not this one.)\n\n")
    html = pandoc.convert_many([pandoc.Page(text, "", "", "x.md")], pandoc.arguments(False, 2))[0]
    assert "Written by the build" not in html.body and "Example Food Project" in html.body


def test_a_chapter_includes_its_own_editions_file_from_the_project_root():
    assert include_line(2026, "net-zero") == "{{< include /chapters/_partners/2026/net-zero.md >}}"


def test_a_partner_file_with_an_error_stops_the_step_with_its_file_and_line(two_editions):
    (two_editions / "partners" / "poverty" / "hilltop-pantry.md").write_text(
        PARTNER_2026.replace("We opened", "<script>alert(1)</script> We opened"))
    with pytest.raises(InputError) as error:
        contribution_files(two_editions)
    assert [line.split(":")[:2] for line in error.value.lines()] == [["partners/poverty/hilltop-pantry.md", "7"]]


def test_a_heading_repeated_in_two_editions_partner_texts_has_an_address_of_its_own_in_each(two_editions):
    """Quarto names the headings of a page's hidden edition first, so a heading the 2026 text
    repeats from 2025's would be renamed ``our-year-1`` under Quarto and not under the engine
    (heading_ids.py): each partner heading carries an explicit id made from its file's name."""
    for name in ("example-food-project.md", "hilltop-pantry.md"):
        partner = two_editions / "partners" / "poverty" / name
        partner.write_text(partner.read_text() + "\n### Our year\n\nWhat we did.\n\n### Our year\n\nAnd more.\n")
    files = contribution_files(two_editions)
    assert "#### Our year {#example-food-project-our-year}" in files["chapters/_partners/2025/poverty.md"]
    assert "#### Our year {#example-food-project-our-year-1}" in files["chapters/_partners/2025/poverty.md"]
    assert "#### Our year {#hilltop-pantry-our-year}" in files["chapters/_partners/2026/poverty.md"]


@pytest.mark.parametrize("broken", ["data/priorities.csv", "data/editions/2026.yml"])
def test_an_unreadable_priorities_or_edition_file_stops_the_step_and_removes_no_file(two_editions, broken):
    """Read as 'no such priority or edition', it would delete the files a fresh clone needs."""
    write_contributions(two_editions)
    before = sorted((two_editions / "chapters" / "_partners").rglob("*.md"))
    (two_editions / broken).write_text("year: [unclosed\n" if broken.endswith(".yml") else "\x00\x01\n")
    with pytest.raises(InputError):
        write_contributions(two_editions)
    assert sorted((two_editions / "chapters" / "_partners").rglob("*.md")) == before


def test_an_organisation_named_like_a_heading_of_its_chapter_gets_an_address_of_its_own(two_editions):
    """An organisation called "Progress made" took the id of the chapter's "## Progress made": the
    engine then refused the chapter page, naming the chapter, not the partner file. The ids of the
    2026 prose do not move the 2025 contributions (a published edition's file stays as it was)."""
    prose = two_editions / "chapters" / "_prose"
    for year in (2025, 2026):
        (prose / str(year)).mkdir(parents=True)
        (prose / str(year) / "poverty.qmd").write_text(
            "```{python}\n# Hilltop Pantry\n```\n\n## Progress made {#progress-made}\n\n"
            f"## Where we are\n\n## Partner contributions\n\n{include_line(year, 'poverty')}\n")
    (prose / "2026" / "net-zero.qmd").write_text(f"## Hilltop pantry\n\n{include_line(2026, 'net-zero')}\n")
    for name, year in (("Progress made", 2026), ("Where we are", 2026), ("Example Food Project", 2025)):
        path = two_editions / "partners" / "poverty" / (name.lower().replace(" ", "-") + ".md")
        path.write_text(f"---\norganisation: {name}\npriority: poverty\nedition: {year}\n---\n\nOur year.\n")
    files = contribution_files(two_editions)
    assert "### Progress made {#progress-made-1}" in files["chapters/_partners/2026/poverty.md"]
    assert "### Where we are {#where-we-are-1}" in files["chapters/_partners/2026/poverty.md"]
    assert "### Hilltop Pantry {#hilltop-pantry}" in files["chapters/_partners/2026/poverty.md"]  # a comment in code, another chapter's heading
    assert "### Example Food Project {#example-food-project}" in files["chapters/_partners/2025/poverty.md"]


@pytest.mark.parametrize("organisation, name", [("TOC title", "toc-title-1"), ("Title", "title-1"),
                                                ("Menu button", "menu-button-1"),
                                                ("Quarto search", "quarto-search-1")])
def test_an_organisation_named_like_an_id_of_the_page_frame_gets_an_address_of_its_own(two_editions,
                                                                                      organisation, name):
    """The frame around every page (its table of contents, sidebar, search) carries ids of its own:
    "TOC title" would have given a partner's heading the id of the table of contents' heading, and
    "Title" would have given its entry in Quarto's table of contents (toc-title) the same."""
    path = two_editions / "partners" / "poverty" / "frame.md"
    path.write_text(f"---\norganisation: {organisation}\npriority: poverty\nedition: 2026\n---\n\nOur year.\n")
    assert f"### {organisation} {{#{name}}}" in contribution_files(two_editions)["chapters/_partners/2026/poverty.md"]


def test_the_ids_of_the_engines_page_frame_are_all_taken():
    """Every id the engine's page template writes is one a partner's heading may not take."""
    template = Path(__file__).resolve().parents[1] / "luton2040" / "engine" / "templates" / "page.html"
    written = set(re.findall(r'\bid="([^"{}]+)"', template.read_text(encoding="utf-8")))
    assert "toc-title" in written and written <= PAGE_FRAME_IDS, written - PAGE_FRAME_IDS


@pytest.mark.parametrize("file, heading, name", [("quarto", "Content", "quarto-content-1"),
                                                 ("quarto", "Margin sidebar", "quarto-margin-sidebar-1"),
                                                 ("toc", "Title", "toc-title-1")])
def test_a_heading_inside_a_partner_text_never_takes_an_id_of_the_page_frame(two_editions, file, heading, name):
    """A heading's id is its file's name and its words: quarto.md's "### Content" was quarto-content,
    a second element with the id of Quarto's content area, whose styles and scripts are the frame's."""
    path = two_editions / "partners" / "poverty" / f"{file}.md"
    path.write_text(f"---\norganisation: Frame\npriority: poverty\nedition: 2026\n---\n\nOur year.\n\n### {heading}\n\nMore.\n")
    assert f"#### {heading} {{#{name}}}" in contribution_files(two_editions)["chapters/_partners/2026/poverty.md"]
