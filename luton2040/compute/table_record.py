"""The Table and Cell records: a table as data (column headings, rows of cells), no markup.

``tables.py`` computes the report's tables as these records; ``luton2040.site.markdown`` displays
them as markdown pipe tables, so the record knows nothing of how it is shown.
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Cell:
    text: str
    href: str | None = None
    status: bool = field(default=False, repr=False)  # a status cell: its words display as badges (site/badges.py)


@dataclass(frozen=True)
class Table:
    """A table as data: column headings and rows of cells. Chapter cells show it as markdown
    (``luton2040.site.markdown.show_tables_as_markdown``, which ``luton2040.report`` turns on)."""

    columns: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    name: str = ""

    def texts(self) -> list[list[str]]:
        """The cell texts, row by row (for tests and CSV export)."""
        return [[c.text for c in row] for row in self.rows]
