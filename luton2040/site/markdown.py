"""How a Table record displays: a markdown pipe table (what chapter cells show).

The record is ``luton2040.compute.table_record.Table`` (data, no markup); this module knows
nothing of the report, so the arrows run one way: tables → table_record ← markdown.
"""
from __future__ import annotations

import sys

from luton2040.compute.table_record import Cell, Table
from luton2040.escape import markdown as escape_markdown
from luton2040.site import badges


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


def show_tables_as_markdown(shell=None) -> bool:
    """Make the running IPython kernel (Quarto's, the engine's, a notebook's) display every Table
    as its pipe table — the ``text/markdown`` output both Quarto and the engine include as
    markdown. Returns whether there was a kernel to tell (plain Python has none)."""
    if shell is None:
        ipython = sys.modules.get("IPython")  # a kernel has imported it; plain Python need not
        shell = ipython.get_ipython() if ipython is not None else None
    if shell is None:
        return False
    shell.display_formatter.formatters["text/markdown"].for_type(Table, table_markdown)
    return True
