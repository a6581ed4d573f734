"""Number ``fig-``/``tbl-`` labels across the site; ``filters/crossref.lua`` turns ``@fig-x``/``@tbl-x``
into links on the document tree (so references written inside code stay literal).

Numbering is per page, in document order, as Quarto numbers the pages of a website project (each
page is its own document: quarto-cli src/resources/filters/crossref): "Figure 1", "Table 1", "Table 2"
on each page. A reference to a label on another page is refused: Quarto resolves cross-references
within one page of a website only (it would print "?@tbl-x"); link to the page instead.
"""
from __future__ import annotations

import posixpath
from dataclasses import dataclass

from luton2040.errors import Problem

from .source import Document

NAMES = {"fig": "Figure", "tbl": "Table"}


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
            elif targets[name].page != doc.path:
                page = targets[name].page
                problems.append(Problem(loc.file, loc.line, None,
                                        f"'@{name}' refers to a {NAMES[targets[name].kind].lower()} on {page}; "
                                        "Quarto resolves cross-references within one page of a website",
                                        f"link to it instead: [{NAMES[targets[name].kind].lower()}]"
                                        f"({posixpath.relpath(page, posixpath.dirname(doc.path) or '.')}#{name})"))
    return targets, problems


def href(target: Target, page: str) -> str:
    """Relative link from ``page`` (a source path) to ``target``."""
    if target.page == page:
        return f"#{target.label}"
    here = posixpath.dirname(page) or "."
    dest = posixpath.splitext(target.page)[0] + ".html"
    return f"{posixpath.relpath(dest, here)}#{target.label}"
