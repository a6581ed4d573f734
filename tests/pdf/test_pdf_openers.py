"""A priority chapter's opener in the print counts the priorities as the report's words do: poverty
is the core mission that "five priorities serve", so it is not "Priority 1", and the last of the
five is "Priority 5", not "Priority 6"."""
from __future__ import annotations

from pathlib import Path

from luton2040.pdf.assemble import read_chapter
from luton2040.pdf.book import read_book, read_priorities

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "site"


def kickers(project: Path) -> dict[str, str]:
    book, priorities = read_book(project), read_priorities(project)
    problems: list[str] = []
    found = {}
    for page in book.pages:
        read = read_chapter(project / "_site", page, {p.id: p for p in priorities},
                            {p.id: n for n, p in enumerate(priorities, 1)}, problems)
        if read is not None and read[0].priority is not None:
            found[read[0].priority.id] = read[0].kicker
    assert problems == []
    return found


def test_the_core_mission_chapter_is_not_numbered_as_a_priority():
    # the fixture book: the poverty chapter (first row of priorities.csv) and net zero
    assert kickers(FIXTURE) == {"poverty": "Core mission", "net-zero": "Priority 1"}


def test_the_2025_report_numbers_its_five_priorities_one_to_five():
    from luton2040.pdf.assemble import priority_kicker
    priorities = read_priorities(ROOT)
    labels = [priority_kicker(n) for n, _ in enumerate(priorities, 1)]
    assert priorities[0].id == "poverty" and labels[0] == "Core mission"
    assert labels[1:] == [f"Priority {n}" for n in range(1, 6)]
