"""A priority added to data/priorities.csv has no chapter until a page is made for it, and one retitled
there keeps its chapter page's title: the check says so, naming the row, rather than leaving its
measures and its partners' words out of every chapter, or its chapter under its old name, without a
word."""
from __future__ import annotations

from pathlib import Path

import pytest

from cli_run import run as _run

#: A seventh priority (INVENTED TEST DATA), a measure of it and a partner's words for it.
PRIORITY = 'digital-inclusion,7,Digital inclusion,Digital inclusion,#4a4a8a,"Every resident can get online."\n'
MEASURE = ("digital-skills,digital-inclusion,1,Residents have the digital skills they need,% of adults with "
           "essential digital skills,Adults with essential digital skills,higher_is_better,false,,,,Lloyds Bank "
           "UK Consumer Digital Index,,,\n")
PARTNER = "---\norganisation: Luton Libraries\npriority: digital-inclusion\nedition: {year}\n---\n\nWe lent laptops.\n"


def _append(project: Path, name: str, text: str) -> None:
    path = project / "data" / name
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def add_priority(project: Path, year: int) -> Path:
    _append(project, "priorities.csv", PRIORITY)
    _append(project, "measures.csv", MEASURE)
    _append(project, "series.csv", "digital-skills,all,,percent,0,1,true\n")
    _append(project, "observations.csv", "digital-skills,all,luton,2023,2023-12-31,78,ok,true,,\n")
    _append(project, "targets.csv", "digital-skills,all,2027,value,83,,,\ndigital-skills,all,2040,value,95,,,\n")
    (project / "partners/digital-inclusion").mkdir()
    (project / "partners/digital-inclusion/luton-libraries.md").write_text(PARTNER.format(year=year), encoding="utf-8")
    return project


def _warnings_about(project: Path) -> list[str]:
    _, _, err = _run("--project", str(project), "check")
    return [line for line in err.splitlines() if "has no chapter page" in line]


def test_every_priority_of_the_report_has_its_chapter(project_copy):
    assert _warnings_about(project_copy) == []


def test_a_priority_without_a_chapter_is_named_with_what_to_create(project_copy):
    found = _warnings_about(add_priority(project_copy, 2025))
    assert len(found) == 1 and found[0].startswith("warning: data/priorities.csv:8:id: the priority 'digital-inclusion'")
    assert "prints none of its 1 partner contribution (partners/digital-inclusion/)" in found[0]
    assert "create chapters/digital-inclusion.qmd as a copy of chapters/strong-fair-community.qmd" in found[0]
    assert "chapters/_prose/2025/digital-inclusion.qmd" in found[0] and "sidebar" in found[0]


def test_a_priority_added_after_an_edition_was_published_is_told_its_chapter_would_change_that_edition(project_copy):
    code, _, err = _run("--project", str(project_copy), "new-edition", "2026")
    assert code == 0, err
    found = _warnings_about(add_priority(project_copy, 2026))
    assert len(found) == 1 and "would also appear, empty, in the published 2025 report" in found[0]


def test_a_priority_retitled_for_next_year_is_told_its_chapter_keeps_the_old_title(project_copy):
    code, _, err = _run("--project", str(project_copy), "new-edition", "2026")
    assert code == 0, err
    priorities = project_copy / "data/priorities.csv"
    priorities.write_text(priorities.read_text(encoding="utf-8").replace("net-zero,5,Net zero,", "net-zero,5,Net zero and nature,"),
                          encoding="utf-8")
    _, _, err = _run("--project", str(project_copy), "check")
    said = [line for line in err.splitlines() if "is not the title of the priority's chapter" in line]
    assert len(said) == 1 and said[0].startswith(
        "warning: data/priorities.csv:6:title: 'Net zero and nature' is not the title of the priority's chapter, "
        "chapters/net-zero.qmd:2 ('Net zero')")
    assert "renames the chapter in the published 2025 report too" in said[0]
