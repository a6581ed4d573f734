"""The small valid project (tests/fixtures/minimal) and its bad-input variants, for validation tests."""
import shutil
from pathlib import Path

from luton2040.build import check_project

FIXTURES = Path(__file__).parent / "fixtures"
SCHEMA = Path(__file__).parents[1] / "data" / "datapackage.json"
TARGETS = {
    "observations": "data/observations.csv", "priorities": "data/priorities.csv", "series": "data/series.csv",
    "measures": "data/measures.csv", "targets": "data/targets.csv", "mis-bands": "data/mis_bands.csv",
    "highlights": "data/highlights.csv", "edition": "data/editions/2025.yml",
    "partner": "partners/poverty/example-food-project.md",
}


def make_project(tmp_path: Path, bad: str | None = None) -> Path:
    """A copy of tests/fixtures/minimal using the real data/datapackage.json, with one bad fixture applied.

    A bad fixture replaces the file its name starts with (observations-… → data/observations.csv).
    """
    root = tmp_path / "project"
    shutil.copytree(FIXTURES / "minimal", root)
    shutil.copy(SCHEMA, root / "data" / "datapackage.json")
    if bad:
        prefix = next(p for p in TARGETS if bad.startswith(p + "-"))
        shutil.copy(FIXTURES / "bad" / bad, root / TARGETS[prefix])
    return root


def messages(root: Path) -> list[str]:
    """Every problem check_project reports, as the CLI prints it."""
    return [str(p) for p in check_project(root)]
