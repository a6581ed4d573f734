"""data/datapackage.json checked by an independent reader: the frictionless library (the Frictionless
Data reference implementation of Data Package and Table Schema), so the project's own reader
(luton2040/data/schema.py) is not the only judge of its own description."""
from __future__ import annotations

import shutil
from pathlib import Path

from frictionless import validate

DATA = Path(__file__).resolve().parents[1] / "data"


def problems(folder: Path) -> list[list]:
    report = validate(str(folder / "datapackage.json"))
    return report.flatten(["type", "rowNumber", "fieldName", "note"])


def test_the_data_package_and_every_csv_it_describes_are_valid():
    assert problems(DATA) == []


def test_the_independent_check_sees_a_bad_value(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    observations = data / "observations.csv"
    lines = observations.read_text(encoding="utf-8").splitlines(keepends=True)
    cells = lines[1].split(",")
    cells[5] = "nine"  # the value column of the first data row
    lines[1] = ",".join(cells)
    observations.write_text("".join(lines), encoding="utf-8")
    found = problems(data)
    assert [(kind, row, field) for kind, row, field, _ in found] == [("type-error", 2, "value")]
