"""A chapter sentence that quotes a measure's latest figure says which period it is for.

"An estimated 14.7% of adults in Luton smoke" reads as today; the figure is for 2023, and next year's
figure may be for another year again. The sentence must also hold ``report.period("smoking")`` (or
the period of another part of the same measure, as "for 2018–20, it is 59.2 years for men and 60
for women" does).
"""
from __future__ import annotations

import re

from luton2040.compute.claims import paragraph_sentences as _sentences
from luton2040.errors import Problem

_CALL = re.compile(r"report\.(latest|period)\(\s*[\"']([a-z0-9-]+)[\"']")


def check(rel: str, text: str, measures: set[str] | None = None) -> list[Problem]:
    """A warning for each sentence of ``text`` quoting a latest figure without its period, at the
    line of the figure (a sentence may run over several lines of a paragraph). Ids not among
    ``measures`` are left to the check that names the misspelling."""
    found = []
    for sentence, line_at in _sentences(text):
        calls = list(_CALL.finditer(sentence))
        dated = {m.group(2) for m in calls if m.group(1) == "period"}
        seen: set[str] = set()
        for m in calls:
            measure = m.group(2)
            if m.group(1) != "latest" or measure in dated or measure in seen or (
                    measures is not None and measure not in measures):
                continue
            seen.add(measure)
            found.append(Problem(
                rel, line_at(m.start()), None,
                f"quotes the latest figure of {measure} without saying which period it is for",
                f"add `{{python}} report.period(\"{measure}\")` to the sentence (\"… in 2023\")", severity="warning"))
    return found
