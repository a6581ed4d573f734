"""What every validation rule looks at: the project's typed tables (``Project``), and the small
helpers the rules share for their messages."""
from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

from luton2040.data.cell_types import number_text
from luton2040.data.schema import Row, resource_file
from luton2040.errors import Problem

NEEDS_VALUE = ("value", "rank", "gap_to_comparator", "relative_to_comparator", "ratio_to_comparator")
SHARE_TOLERANCE = 0.2


@dataclass
class Project:
    """Everything the rules look at: the project folder, resource descriptors and typed rows."""

    root: Path
    resources: dict[str, dict]
    tables: dict[str, list[Row]]
    unread: set[str] = field(default_factory=set)  # tables whose reading found problems (reported already)
    #: tables with a line the reader could make no row of (a row with too few cells, an unclosed quote,
    #: a header without a key column): a row missing from them may be that line, so no rule says it is gone
    partial: set[str] = field(default_factory=set)
    _editions: tuple | None = field(default=None, repr=False, compare=False)

    def editions(self) -> tuple[dict, list[Problem]]:
        """The edition files and each past edition's records (``data.load.load_editions``: the editions
        by year, and the problems found reading them), read once for every rule that needs them."""
        if self._editions is None:
            from luton2040.data.load import load_editions

            self._editions = load_editions(self.root)
        return self._editions

    def file(self, name: str) -> str:
        return resource_file(self.resources[name])

    def rows(self, name: str) -> list[Row]:
        return self.tables.get(name, [])


def usable(row: Row, *columns: str) -> bool:
    """True when every named cell was read without a problem and is not blank."""
    return all(c not in row.invalid and row.values.get(c) is not None for c in columns)


def unread_keys(rows: Iterable[Row], key: Iterable[str], also: Iterable[str] = ()) -> list[dict[str, Any]]:
    """For each row whose ``key`` did not read in full (a bad date, a blank measure), the cells of
    ``key`` and ``also`` that did: that row's own problem is reported on its line, and it may be any
    row whose key agrees with those cells (``could_be``)."""
    key, also = tuple(key), tuple(also)
    return [{c: row.values[c] for c in key + also if usable(row, c)} for row in rows if not usable(row, *key)]


def could_be(unread: list[dict[str, Any]], values: dict[str, Any]) -> bool:
    """True when a row whose key did not read in full agrees with ``values`` on every cell it has:
    a rule must not say such a row is missing (the message would send the analyst to put back a row
    that is there, before the real problem on its line)."""
    return any(all(values.get(c) == v for c, v in cells.items()) for cells in unread)


def closest(value: Any, choices: Iterable[Any]) -> str | None:
    found = difflib.get_close_matches(str(value), [str(c) for c in choices], n=1, cutoff=0.6)
    return found[0] if found else None


def value_text(value: Any) -> str:
    """A value in a message, as people write it: 13,600,000, 6.7, a word as it is."""
    return number_text(value, grouped=True)


def typed_text(value: Any) -> str:
    """A value as it is typed in a data file, for a fix to type or a key to find: 13600000, 2027."""
    return number_text(value)
