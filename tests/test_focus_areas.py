"""A focus area added for next year is a section of the focus-areas chapter's words and an entry of
the edition file: the check names the one made without the other, since the page counts the edition
file's list ("There are six focus areas") above the sections."""
from __future__ import annotations

from pathlib import Path

import pytest

from cli_run import run as _run

SECTION = "\n## Warm homes {#warm-homes}\n\nInsulating the coldest homes first.\n"
ENTRY = ("  - id: warm-homes\n    title: Warm homes\n"
         "    summary: Insulating the town's coldest homes so that no family chooses between heating and eating.\n")


@pytest.fixture
def started(project_copy: Path) -> Path:
    code, _, err = _run("--project", str(project_copy), "new-edition", "2026")
    assert code == 0, err
    _add(project_copy / "data/highlights.csv", "2026,1,6,Green Flag awards for the town's parks.,\n")
    return project_copy


def _add(path: Path, text: str) -> int:
    before = path.read_text(encoding="utf-8")
    path.write_text(before + text, encoding="utf-8")
    return len(before.splitlines()) + 2  # the heading's line


def _said(project: Path) -> list[str]:
    _, _, err = _run("--project", str(project), "check")
    return [line for line in err.splitlines() if "focus_area_count" in line]


def test_a_new_focus_area_written_and_listed_is_not_named(started):
    _add(started / "chapters/_prose/2026/focus-areas.qmd", SECTION)
    _add(started / "data/editions/2026.yml", ENTRY)
    _, _, err = _run("--project", str(started), "check")
    assert "were not checked yet" not in err  # (the words were checked)
    assert [line for line in err.splitlines() if "focus_area_count" in line] == []


def test_a_focus_area_section_without_its_entry_in_the_edition_file_is_named_at_its_heading(started):
    line = _add(started / "chapters/_prose/2026/focus-areas.qmd", SECTION)
    assert _said(started) == [
        f"warning: chapters/_prose/2026/focus-areas.qmd:{line}: has 7 sections, one for each focus area, but "
        "data/editions/2026.yml lists 6 focus areas, so report.focus_area_count() counts six — add the new focus "
        "area to focus_areas in data/editions/2026.yml (its id, title and summary), or remove the section"]


def test_a_focus_area_listed_without_its_section_is_named_in_the_edition_file(started):
    _add(started / "data/editions/2026.yml", ENTRY)
    said = _said(started)
    assert len(said) == 1 and said[0].startswith("warning: data/editions/2026.yml:") and "lists 7 focus areas" in said[0]
