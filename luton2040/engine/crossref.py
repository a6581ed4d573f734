"""Number ``fig-``/``tbl-`` labels and turn ``@fig-x``/``@tbl-x`` into links.

Numbering is per page, in document order, as Quarto does for a book with ``number-sections:
false``: "Figure 1", "Table 1", "Table 2" on each page. A reference to a label on another page links
to that page (``../chapters/y.html#tbl-x``) and keeps that page's number.
"""
from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass

from luton2040.errors import Problem

from .source import Document

NAMES = {"fig": "Figure", "tbl": "Table"}
_REF = re.compile(r"\[(-?)@((?:fig|tbl)-[\w-]*\w)\]|(?<![\w@.\\/])(-?)@((?:fig|tbl)-[\w-]*\w)")


@dataclass(frozen=True)
class Target:
    label: str
    kind: str
    number: int
    page: str  # source path of the page, e.g. chapters/x.qmd

    @property
    def name(self) -> str:
        return f"{NAMES[self.kind]} {self.number}"


def index(docs: list[Document]) -> tuple[dict[str, Target], list[Problem]]:
    """Number every label; report duplicates and references to labels that do not exist."""
    targets: dict[str, Target] = {}
    problems: list[Problem] = []
    for doc in docs:
        counts = {"fig": 0, "tbl": 0}
        for label in doc.labels:
            if label.name in targets:
                first = targets[label.name]
                problems.append(Problem(label.loc.file, label.loc.line, None,
                                        f"the label '{label.name}' is already used in {first.page}",
                                        "give each figure and table a unique label"))
                continue
            counts[label.kind] += 1
            targets[label.name] = Target(label.name, label.kind, counts[label.kind], doc.path)
    for doc in docs:
        for name, loc in doc.refs:
            if name not in targets:
                problems.append(Problem(loc.file, loc.line, None, f"'@{name}' refers to a label that does not exist",
                                        "check the spelling, or add '#| label: " + name + "' to the cell"))
    return targets, problems


def href(target: Target, page: str) -> str:
    """Relative link from ``page`` (a source path) to ``target``."""
    if target.page == page:
        return f"#{target.label}"
    here = posixpath.dirname(page) or "."
    dest = posixpath.splitext(target.page)[0] + ".html"
    return f"{posixpath.relpath(dest, here)}#{target.label}"


def link_refs(text: str, page: str, targets: dict[str, Target]) -> str:
    """Replace ``@tbl-x`` / ``[@tbl-x]`` with ``[Table 1](#tbl-x)``; ``-@tbl-x`` gives the number only."""

    def repl(m: re.Match) -> str:
        minus, label = (m.group(1), m.group(2)) if m.group(2) else (m.group(3), m.group(4))
        target = targets.get(label)
        if target is None:  # already reported by index()
            return m.group(0)
        text = str(target.number) if minus else target.name
        return f"[{text}]({href(target, page)})"

    return _REF.sub(repl, text)
