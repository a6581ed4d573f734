"""The one reader of fenced code blocks in a page's text: which lines are code, not prose.

A fence is CommonMark's, as pandoc's markdown reader takes it: a line of at least three backticks
or tildes, indented by at most three spaces; a backtick fence's info string (``{python}``,
``python``, ``{=html}``) holds no backtick. The block ends at the first line that is a fence of
the same character, at least as long, with nothing after it, indented by at most three spaces;
an unclosed block runs to the end of the text. (Fences inside list items and block quotes are not
looked for: the report's pages put none there.)

The engine splits a page into prose and cells with it, the check finds a page's code and its
headings with it; ``quarto_cells`` is how Quarto itself finds the cells it runs, which the engine
compares with this reading to refuse a page the two would run differently.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Sequence

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})[ \t]*(.*?)[ \t]*$")


@dataclass(frozen=True)
class Block:
    """A fenced block: the index of its opening line, of its closing line (None when it is never
    closed: it runs to the end), its fence (the run of backticks or tildes) and its info string."""

    start: int
    end: int | None
    fence: str
    info: str

    def last(self, count: int) -> int:
        """The index of the block's last line in a text of ``count`` lines."""
        return count - 1 if self.end is None else self.end

    def span(self, count: int) -> range:
        """The indexes of the block's lines, its fences included, in a text of ``count`` lines."""
        return range(self.start, self.last(count) + 1)


def opening(line: str) -> tuple[str, str] | None:
    """(fence, info string) when ``line`` opens a fenced block, else None."""
    m = _FENCE.match(line)
    if m is None or (m.group(1)[0] == "`" and "`" in m.group(2)):
        return None
    return m.group(1), m.group(2)


def closes(fence: str, line: str) -> bool:
    """Whether ``line`` closes a block opened by ``fence``."""
    m = _FENCE.match(line)
    return m is not None and not m.group(2) and m.group(1)[0] == fence[0] and len(m.group(1)) >= len(fence)


def blocks(lines: Sequence[str]) -> list[Block]:
    """Every fenced block of ``lines``, in order."""
    found: list[Block] = []
    i = 0
    while i < len(lines):
        opened = opening(lines[i])
        if opened is None:
            i += 1
            continue
        end = next((j for j in range(i + 1, len(lines)) if closes(opened[0], lines[j])), None)
        found.append(Block(i, end, *opened))
        if end is None:
            break
        i = end + 1
    return found


def fenced(lines: Sequence[str]) -> list[bool]:
    """For each line, whether it belongs to a fenced block (its fences included)."""
    inside = [False] * len(lines)
    for block in blocks(lines):
        for index in block.span(len(lines)):
            inside[index] = True
    return inside


# How Quarto 1.7 finds the cells its Jupyter kernel runs (quarto-cli src/core/jupyter/jupyter.ts,
# quartoMdToJupyter), which is not CommonMark: a line ```{python} opens a cell at any indent and
# wherever it stands, inside another code block too (plain blocks, ~~~ fences and YAML do not
# matter); the cell ends only at a line of exactly as many backticks, at exactly its indent.
_QUARTO_CELL = re.compile(r"^(\s*)(```+)\s*\{python( *[ ,].*)?\}\s*$")


def quarto_cells(lines: Sequence[str]) -> list[tuple[int, int | None]]:
    """(opening index, closing index or None) of each ``{python}`` cell, as Quarto finds them."""
    cells: list[tuple[int, int | None]] = []
    cell = None  # (opening index, the pattern of its closing line)
    for i, line in enumerate(lines):
        if cell is None:
            if m := _QUARTO_CELL.match(line):
                cell = (i, re.compile(re.escape(m.group(1)) + m.group(2) + r"\s*$"))
        elif cell[1].match(line):
            cells.append((cell[0], i))
            cell = None
    if cell is not None:
        cells.append((cell[0], None))
    return cells


#: A line Quarto could read as opening a cell of any language (``{python}``, ``{r}``, ``{ojs}``,
#: ``{=html}``: quarto-cli src/core/lib/break-quarto-md.ts, startCodeCellRegEx, is
#: ^\s*(```+)\s*\{…\}, and the language of a page's cells picks its engine), or a ~~~ line
#: of that shape: at any indent, inside another code block too.
_ANY_CELL = re.compile(r"^[ \t]*(?:`{3,}|~{3,})[ \t]*\{")


def cell_openings(lines: Sequence[str]) -> list[int]:
    """The indexes of the lines that open a cell, or could, for Quarto (``_ANY_CELL``), wherever
    they stand: a text that must run no code may hold none (a partner's, whose code blocks pandoc
    writes indented)."""
    return [i for i, line in enumerate(lines) if _ANY_CELL.match(line)]
