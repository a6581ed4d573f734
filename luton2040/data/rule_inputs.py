"""What every validation rule looks at: the project's typed tables (``Project``), and the small
helpers the rules share for their messages."""
from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

from luton2040.data.schema import Row, resource_file

NEEDS_VALUE = ("value", "rank", "gap_to_comparator", "relative_to_comparator", "ratio_to_comparator")
SHARE_TOLERANCE = 0.2


@dataclass
class Project:
    """Everything the rules look at: the project folder, resource descriptors and typed rows."""

    root: Path
    resources: dict[str, dict]
    tables: dict[str, list[Row]]
    unread: set[str] = field(default_factory=set)  # tables whose reading found problems (reported already)

    def file(self, name: str) -> str:
        return resource_file(self.resources[name])

    def rows(self, name: str) -> list[Row]:
        return self.tables.get(name, [])


def usable(row: Row, *columns: str) -> bool:
    """True when every named cell was read without a problem and is not blank."""
    return all(c not in row.invalid and row.values.get(c) is not None for c in columns)


def closest(value: Any, choices: Iterable[Any]) -> str | None:
    found = difflib.get_close_matches(str(value), [str(c) for c in choices], n=1, cutoff=0.6)
    return found[0] if found else None


def value_text(value: Any) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)
