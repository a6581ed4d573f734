"""docs/quarto-compatibility.md is the promise that `quarto render` and `luton2040 build` read
_quarto.yml alike: every key the engine accepts has a row there, and every test a row names exists."""
from __future__ import annotations

import re
from pathlib import Path

from luton2040.engine.config import accepted_keys

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "quarto-compatibility.md"


def _rows() -> list[list[str]]:
    rows = []
    for line in DOC.read_text(encoding="utf-8").splitlines():
        if line.startswith("|") and not line.startswith("|---"):
            cells = [c.strip() for c in line.strip("|").split(" | ")]
            if cells[0] not in ("Key", "Construct"):
                rows.append(cells)
    return rows


def test_every_accepted_key_has_a_row():
    documented = {key for row in _rows() for key in re.findall(r"`([^`]+)`", row[0])}
    assert sorted(set(accepted_keys()) - documented) == []


def test_every_row_names_the_quarto_source_and_a_test():
    for row in _rows():
        assert len(row) == 4, row[0]
        assert re.search(r"`src/[\w/.-]+`", row[1]), f"{row[0]}: no quarto-cli source named"
        assert re.search(r"`tests/[\w/.-]+\.py::\w+`", row[3]), f"{row[0]}: no test named"


def test_every_named_test_exists():
    missing = []
    for row in _rows():
        for path, name in re.findall(r"`(tests/[\w/.-]+\.py)::(\w+)`", row[3]):
            file = ROOT / path
            if not file.is_file() or not re.search(rf"^def {name}\(", file.read_text(encoding="utf-8"), re.M):
                missing.append(f"{path}::{name}")
    assert missing == []
