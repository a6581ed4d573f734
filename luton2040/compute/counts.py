"""Counts typed in the report's words ("the 40 outcomes", "five priorities", "six headline
measures", "six focus areas") checked against the data (pure: no files read here).

A road map that gains a measure, a priority or a focus area next year would otherwise leave
sentences counting the old number. What is counted:

- ``outcomes`` and ``measures``: every measure of the road map, but only when the number follows a
  word that makes it a total ("all 40 measures", "the 40 outcomes", "a road map of 40 outcomes")
  or a colon ("The road map: 40 outcomes"),
  since "three measures are going backwards" is a count of something else;
- ``headline measures`` (or ``headline outcomes``): the measures marked headline, also only as a total;
- ``priorities``: the priorities besides the core mission (the first row of data/priorities.csv);
- ``focus areas``: the edition's focus areas.

A number with "of" before the noun ("six of the outcomes") or after "in", "across", "for" … ("in two
priorities") is a part, not a total; so is a number of measures or outcomes that is one priority's
("the eight measures of this chapter"); and a year ("our 2040 outcomes") is not a count. Numbers
inside inline code are not prose.

Beside the totals, one sentence about how the headline measures are chosen: "one headline measure
from each of the priorities" (or "one for each priority", "one from each priority", in a line about
headline measures) holds only while every priority besides the core mission has exactly one.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from luton2040.errors import Problem

if TYPE_CHECKING:
    from luton2040.data.load import Dataset, Edition

NUMBER_WORDS = {w: n for n, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen twenty".split())}
_NUMBER = r"\d[\d,]*|" + "|".join(NUMBER_WORDS)
_NOUN = r"headline\s+(?:measures|outcomes)|outcomes|measures|priorities|focus\s+areas"
_COUNT = re.compile(rf"\b(?P<before>\w+:?\s+)?(?P<number>{_NUMBER})\s+(?P<between>(?:[\w-]+\s+){{0,2}}?)(?P<noun>{_NOUN})\b",
                    re.IGNORECASE)
# A total of all the measures is written after one of these words: "all 40 measures", "the 40 outcomes",
# "a road map of 40 outcomes". ("its", "these", "with" count a chapter's own: "its eight measures".)
_TOTAL_BEFORE = {"all", "the", "our", "of"}
# ... and "these six headline measures": a chapter has no headline measures of its own to count.
_HEADLINE_TOTAL_BEFORE = {"these", "those"}
# A number after one of these counts some of them: "in two priorities, most measures improved".
_PART_BEFORE = {"in", "across", "for", "from", "between", "within"}
# "one headline measure from each of the five priorities", "one for each priority", "one from each priority"
_ONE_EACH = re.compile(r"\bone\s+(?:headline\s+(?:measure|outcome)\s+)?(?:from|for)\s+each\s+"
                       r"(?:of\s+the\s+(?:[\w-]+\s+)?)?priorit(?:y|ies)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Counts:
    """How many of each thing the data has."""

    measures: int
    headline: int
    priorities: int
    focus_areas: int
    #: how many measures each priority has: "the eight measures of this chapter" is not a stale total
    per_priority: frozenset[int] = frozenset()
    #: (priority id, how many of its measures are headline) for each priority besides the core mission
    headline_by_priority: tuple[tuple[str, int], ...] = ()

    def of(self, noun: str) -> tuple[int, str]:
        """(the data's count, what it counts) for a noun as typed."""
        noun = " ".join(noun.lower().split())
        if noun.startswith("headline"):
            return self.headline, "headline measures (the headline column of data/measures.csv)"
        if noun in ("outcomes", "measures"):
            return self.measures, "measures (data/measures.csv)"
        if noun == "priorities":
            return self.priorities, "priorities besides the core mission (data/priorities.csv)"
        return self.focus_areas, "focus areas (focus_areas in the edition's data/editions/<year>.yml)"


def counts_of(data: Dataset, edition: Edition) -> Counts:
    """How many measures, headline measures, priorities (the first row of data/priorities.csv is the
    core mission, not a priority) and focus areas the edition has: the one count the prose checks
    hold sentences to and report.py's count functions (headline_count, measure_count) print."""
    return Counts(measures=len(data.measures), headline=sum(1 for m in data.measures if m.headline),
                  priorities=max(len(data.priorities) - 1, 0), focus_areas=len(edition.focus_areas),
                  per_priority=frozenset(sum(1 for m in data.measures if m.priority == p.id)
                                         for p in data.priorities),
                  headline_by_priority=tuple((p.id, sum(1 for m in data.measures if m.priority == p.id
                                                        and m.headline)) for p in data.priorities[1:]))


@dataclass(frozen=True)
class Count:
    said: str    # the words found: "41 outcomes"
    number: int
    noun: str    # as typed: "outcomes", "headline measures"


def counts_in(line: str) -> list[Count]:
    """The totals typed in one line of prose (inline code blanked first)."""
    plain = re.sub(r"`[^`]*`", lambda m: " " * len(m.group(0)), line)
    found = []
    for m in _COUNT.finditer(plain):
        word, between, noun = m.group("number"), m.group("between"), m.group("noun")
        number = NUMBER_WORDS.get(word.lower())
        if number is None:
            number = int(word.replace(",", ""))
            if 1900 <= number <= 2100 and "," not in word:  # a year: "our 2040 outcomes"
                continue
        if re.search(r"\bof\b", between, re.IGNORECASE):
            continue
        before = (m.group("before") or "").strip().lower()
        total = before in _TOTAL_BEFORE or before.endswith(":")  # "The road map: 40 outcomes"
        # the headline measures are one set, the whole report's: "these six headline measures" is it
        total = total or (before in _HEADLINE_TOTAL_BEFORE and noun.lower().startswith("headline"))
        if before in _PART_BEFORE:
            continue
        if re.match(r"headline|outcomes|measures", noun, re.IGNORECASE) and not total:
            continue  # "three headline measures are going backwards" counts some of them
        said = plain[m.start("number"):m.end("noun")]
        found.append(Count(" ".join(said.split()), number, noun))
    return found


def one_each(line: str, counts: Counts) -> str | None:
    """What the data says against a line's "one headline measure from each priority", or None when
    the line says no such thing or the data agrees: "inclusive-economy has none"."""
    plain = re.sub(r"`[^`]*`", lambda m: " " * len(m.group(0)), line)
    if not (_ONE_EACH.search(plain) and re.search(r"\bheadline\b", plain, re.IGNORECASE)):
        return None
    wrong = [f"{priority} has {'none' if n == 0 else n}" for priority, n in counts.headline_by_priority if n != 1]
    return ", ".join(wrong) or None


def check_lines(file: str, lines: list[tuple[int, str]], counts: Counts) -> list[Problem]:
    """A problem for each count in ``lines`` ((line number, text) pairs) that the data does not have."""
    problems = []
    for number, line in lines:
        against = one_each(line, counts)
        if against:
            problems.append(Problem(file, number, None, "says the headline measures are one from each priority, "
                                    f"but {against} (the headline column of data/measures.csv)",
                                    "mark one measure of each priority headline, or reword the sentence"))
        for c in counts_in(line):
            has, what = counts.of(c.noun)
            of_measures = c.noun.lower() in ("outcomes", "measures")
            if c.number == has or (of_measures and c.number in counts.per_priority):
                continue
            fix = ("write `{python} report.measure_count()` instead of the number"
                   if of_measures else "correct the number")
            problems.append(Problem(file, number, None, f"says '{c.said}', but the data has {has} {what}", fix))
    return problems
