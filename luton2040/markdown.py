"""The Table record and how it displays: a markdown pipe table (what chapter cells show).

``tables.py`` computes the report's tables as ``Table`` records; this module knows nothing of the
report, so the arrow runs one way: tables → markdown.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from . import badges
from .escape import markdown as escape_markdown


@dataclass(frozen=True)
class Cell:
    text: str
    href: str | None = None
    status: bool = field(default=False, repr=False)  # a status cell: its words display as badges (badges.py)


@dataclass(frozen=True)
class Table:
    """A table as data: column headings and rows of cells. Displays as markdown in notebooks."""

    columns: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    name: str = ""

    def _repr_markdown_(self) -> str:
        return table_markdown(self)

    def texts(self) -> list[list[str]]:
        """The cell texts, row by row (for tests and CSV export)."""
        return [[c.text for c in row] for row in self.rows]


def escape(text: str) -> str:
    """Make text safe inside a pipe-table cell: no pipes, no line breaks, no stray markup."""
    return escape_markdown(text)


def cell_markdown(cell: Cell) -> str:
    text = badges.status_html(cell.text, escape) if cell.status else escape(cell.text)
    return f"[{text}]({cell.href})" if cell.href else text


def table_markdown(table: Table) -> str:
    """A pipe table; pandoc and Quarto both read it, and it survives the `tbl-cap` caption."""
    # Pandoc sizes wrapped columns by the dashes under each heading: give each column dashes in
    # proportion to its longest text, within limits, so outcome wording gets room and years do not.
    widths = [max([len(h)] + [len(row[i].text) for row in table.rows]) for i, h in enumerate(table.columns)]
    lines = ["| " + " | ".join(escape(c) for c in table.columns) + " |",
             "|" + "|".join("-" * min(max(w, 6), 60) for w in widths) + "|"]
    for row in table.rows:
        lines.append("| " + " | ".join(cell_markdown(c) for c in row) + " |")
    return "\n".join(lines) + "\n"
