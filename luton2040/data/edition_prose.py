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
from pathlib import Path

from luton2040 import fences
from luton2040.constants import CONTRIBUTIONS_DIR
from luton2040.engine.source import table_div_label
from luton2040.heading_ids import PAGE_FRAME_IDS, auto_identifier, heading

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


#: folders that hold no pages (the project's own code, tests and docs, outputs, generated sources)
_NOT_PAGES = {"tests", "docs", "benchmarks", "luton2040", "scripts", "data", "partners", "styles", "figures",
              "measures", "downloads", "build", "dist", "node_modules"}


def pages(root: Path) -> list[Path]:
    """The project's pages that may hold edition blocks: ``*.qmd`` at the top and one folder down."""
    found = sorted(root.glob("*.qmd"))
    for folder in sorted(p for p in root.iterdir() if p.is_dir()):
        if not folder.name.startswith((".", "_")) and folder.name not in _NOT_PAGES:
            found += sorted(folder.glob("*.qmd"))
    return found


def carried_forward(root: Path, old_year: int, year: int) -> tuple[dict[str, str], tuple[str, ...]]:
    """What `new-edition <year>` writes so the new edition starts from the words of ``old_year``:
    each of ``old_year``'s prose files copied to ``_prose/<year>/``, and each page with a block for
    ``old_year`` given a block for ``year`` right after it (every other line of the page kept).
    Returns (project-relative path → text, the existing pages among them)."""
    files: dict[str, str] = {}
    pages_changed = []
    pattern, new_pattern = block_pattern(old_year), block_pattern(year)
    for page in pages(root):
        text = page.read_text(encoding="utf-8")
        if new_pattern.search(text):
            continue  # already started
        found = list(pattern.finditer(text))
        if not found:
            continue
        out, at = [], 0
        for m in found:
            old_include = m.group(1)
            new_include = old_include.replace(f"{PROSE_DIR}/{old_year}/", f"{PROSE_DIR}/{year}/")
            source, target = page.parent / old_include, page.parent / new_include
            if source.is_file():
                copied = repointed(relabelled(source.read_text(encoding="utf-8"), old_year, year), old_year, year)
                files[target.relative_to(root).as_posix()] = copied
            # right after the old block, no blank line between: what the old edition shows is unchanged
            out += [text[at:m.end()], block(year, new_include)]
            at = m.end()
        out.append(text[at:])
        rel = page.relative_to(root).as_posix()
        files[rel] = "".join(out)
        pages_changed.append(rel)
    return files, tuple(pages_changed)


_CELL_LABEL = re.compile(r"(?m)^(#\|\s*label:\s*)(['\"]?)([\w-]+)\2\s*$")


def contributions_file(year: int, priority: str) -> str:
    """The project-relative file holding ``priority``'s partner contributions in the ``year``
    edition, which the pre-render step writes (site/contributions.py)."""
    return f"{CONTRIBUTIONS_DIR}/{year}/{priority}.md"


def include_line(year: int, priority: str) -> str:
    """The line a chapter's prose includes its partner contributions with."""
    return f"{{{{< include /{contributions_file(year, priority)} >}}}}"


#: an include of a partner contributions file, as ``include_line`` writes it or relative
CONTRIBUTIONS_INCLUDE = re.compile(r"^\s*\{\{<\s*include\s+\S*?" + re.escape(CONTRIBUTIONS_DIR.split("/")[-1])
                                   + r"/(\d{4})/([a-z0-9-]+)\.md\s*>\}\}\s*$")




def heading_ids_beside(root: Path, year: int, priority: str) -> set[str]:
    """The ids a contribution's heading must not take, or the page would hold two elements of that
    id: those of the frame around every page (``PAGE_FRAME_IDS``) and of the headings in the
    ``year`` edition's prose, or the page, that includes ``priority``'s partner contributions
    (explicit ``{#id}`` or pandoc's own; the engine would refuse the page, naming the chapter rather
    than the partner file). Code blocks are skipped."""
    ids: set[str] = set(PAGE_FRAME_IDS)
    for path in sorted(root.glob(f"*/{PROSE_DIR}/{year}/*.qmd")) + sorted(root.glob("*/*.qmd")):
        try:
            lines = path.read_text(encoding="utf-8-sig").splitlines()
        except (OSError, UnicodeDecodeError):
            continue  # reported when the page is read
        found = [m.groups() for line in lines if (m := CONTRIBUTIONS_INCLUDE.match(line))]
        if (str(year), priority) not in found:
            continue
        for line, code in zip(lines, fences.fenced(lines)):
            if not code and (parsed := heading(line)):
                ids.add(parsed[2] or auto_identifier(parsed[1]))
    return ids


def repointed(text: str, old_year: int, year: int) -> str:
    """Prose copied from ``old_year`` to ``year`` including ``year``'s partner contributions
    (``{{< include /chapters/_partners/<year>/poverty.md >}}``, site/contributions.py) instead of
    ``old_year``'s."""
    return text.replace(f"/{CONTRIBUTIONS_DIR}/{old_year}/", f"/{CONTRIBUTIONS_DIR}/{year}/")


def relabelled(text: str, old_year: int, year: int) -> str:
    """Prose copied from ``old_year`` to ``year`` with each cell label and table div label
    (``::: {#tbl-x}``), and every ``@label`` reference to them, ending in ``-<year>`` instead of ``-<old_year>`` or nothing: Quarto runs the
    cells of every edition's block in a page and refuses a label used twice (quarto-cli
    src/core/jupyter/labels.ts), so each edition's cells have their own."""
    lines = text.splitlines(keepends=True)
    # a table's cross-reference div, read as the engine reads it (an indented ::: {#tbl-x} too)
    divs = {i: label for i, (line, code) in enumerate(zip(lines, fences.fenced(lines)))
            if not code and (label := table_div_label(line.rstrip("\r\n")))}
    named = [m.group(3) for m in _CELL_LABEL.finditer(text)] + list(divs.values())
    labels = {name: re.sub(rf"-{old_year}$", "", name) + f"-{year}" for name in named}
    if not labels:
        return text
    for i, label in divs.items():
        lines[i] = lines[i].replace(f"{{#{label}}}", f"{{#{labels[label]}}}", 1)
    text = _CELL_LABEL.sub(lambda m: f"{m.group(1)}{m.group(2)}{labels[m.group(3)]}{m.group(2)}", "".join(lines))
    refs = re.compile(r"(?<![\w@])@(" + "|".join(map(re.escape, sorted(labels, key=len, reverse=True)))
                      + r")(?![\w-])")
    return refs.sub(lambda m: "@" + labels[m.group(1)], text)
