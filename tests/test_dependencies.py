"""Every dependency pyproject.toml declares is used: imported by the package, its build scripts or
the tests (dev extras), or run as a program for a stated reason."""
from __future__ import annotations

import ast
import re
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
#: Installed for a program the build runs, not imported: distribution → why.
RUN_NOT_IMPORTED = {
    "ipykernel": "the Jupyter kernel the engine starts (jupyter_client launches it by kernel name)",
    "pagefind": "the search indexer, run as `python -m pagefind` by scripts/search_index.py",
}


def declared(group: str | None = None) -> set[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    specs = project["dependencies"] if group is None else project["optional-dependencies"][group]
    return {re.split(r"[\[<>=!~; ]", spec, maxsplit=1)[0].lower().replace("_", "-") for spec in specs}


def imported_distributions(*folders: str) -> set[str]:
    modules = set()
    for folder in folders:
        for path in (ROOT / folder).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Import):
                    modules |= {alias.name.split(".")[0] for alias in node.names}
                elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                    modules.add(node.module.split(".")[0])
                elif (isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "importorskip"
                      and node.args and isinstance(node.args[0], ast.Constant)):
                    modules.add(node.args[0].value.split(".")[0])
    owners = packages_distributions()
    return {dist.lower().replace("_", "-") for module in modules for dist in owners.get(module, [])}


def test_every_runtime_dependency_is_used():
    used = imported_distributions("luton2040", "scripts") | set(RUN_NOT_IMPORTED)
    assert sorted(declared() - used) == []


def test_the_plotting_extra_is_used_by_the_tests():
    """matplotlib is for analysts' notebooks and code cells, not the report's charts: a test plots a
    frame with it, and nothing in the package imports it."""
    assert sorted(declared("plots") - imported_distributions("tests")) == []
    assert "matplotlib" not in imported_distributions("luton2040", "scripts")


def test_every_dev_dependency_is_used_by_the_tests():
    # pytest plugins, loaded by entry point: nbval checks the notebooks, pytest-xdist runs ./run-tests
    # in one process per core
    used = imported_distributions("tests") | {"nbval", "pytest-xdist"}
    assert sorted(declared("dev") - used) == []
