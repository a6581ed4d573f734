"""Each edition's own prose: a page (``chapters/poverty.qmd``) holds one block per edition,

    ::: {.content-visible when-profile="2025"}

    {{< include _prose/2025/poverty.qmd >}}

    :::

so the words a published edition printed stay in ``_prose/2025/`` while the next edition is
written in ``_prose/2026/`` (``luton2040 new-edition`` copies them forward). The leading underscore
keeps Quarto from rendering the prose files as pages of their own (quarto-cli
src/project/project-context.ts, ``projectHiddenIgnoreGlob``: ``**/_*``).
"""
from __future__ import annotations

import re

PROSE_DIR = "_prose"
_YEAR = re.compile(rf"(?:^|/){PROSE_DIR}/(\d{{4}})/")


def prose_year(rel: str) -> int | None:
    """The edition a project-relative file's prose belongs to, or None for a file of every edition."""
    m = _YEAR.search(rel)
    return int(m.group(1)) if m else None


def block(year: int, include: str) -> str:
    """A page's block showing one edition's prose file (``include`` relative to the page)."""
    return f'::: {{.content-visible when-profile="{year}"}}\n\n{{{{< include {include} >}}}}\n\n:::\n'


def block_pattern(year: int) -> re.Pattern:
    """A page's block for ``year`` as ``block`` writes it (group 1: the included path)."""
    return re.compile(r'(?m)^::: \{\.content-visible when-profile="' + str(year)
                      + r'"\}\n\n\{\{< include (\S*' + PROSE_DIR + "/" + str(year) + r'/\S+) >\}\}\n\n:::\n')
