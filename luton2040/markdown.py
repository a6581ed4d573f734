"""Renders Table records as markdown pipe tables (what chapter cells display)."""
from __future__ import annotations

from . import badges
from .tables import Cell, Table


def escape(text: str) -> str:
    """Make text safe inside a pipe-table cell: no pipes, no line breaks, no stray markup."""
    text = " ".join(str(text).split())
    for char in ("\\", "|", "*", "_", "`", "[", "]", "<", ">"):
        text = text.replace(char, "\\" + char)
    return text


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
