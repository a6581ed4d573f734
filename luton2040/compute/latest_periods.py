"""A chapter sentence that quotes a measure's latest figure says which period it is for.

"An estimated 14.7% of adults in Luton smoke" reads as today; the figure is for 2023, and next year's
figure may be for another year again. The sentence must also hold ``report.period("smoking")`` (or
the period of another part of the same measure, as "for 2018–20, it is 59.2 years for men and 60
for women" does).
"""
from __future__ import annotations

import re

from luton2040.compute.claims import sentences
from luton2040.errors import Problem

_CALL = re.compile(r"report\.(latest|period)\(\s*[\"']([a-z0-9-]+)[\"']")


def check(rel: str, text: str) -> list[Problem]:
    """A warning for each sentence of ``text`` quoting a latest figure without its period."""
    found = []
    for line, sentence in sentences(text):
        calls = _CALL.findall(sentence)
        dated = {measure for word, measure in calls if word == "period"}
        for measure in dict.fromkeys(m for word, m in calls if word == "latest" and m not in dated):
            found.append(Problem(
                rel, line, None, f"quotes the latest figure of {measure} without saying which period it is for",
                f"add `{{python}} report.period(\"{measure}\")` to the sentence (\"… in 2023\")", severity="warning"))
    return found
