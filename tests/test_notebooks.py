"""The stored notebooks (tests/notebooks/) are the reference for every published number.

nbval re-runs them as part of the suite (see tests/conftest.py). These tests check that the
references match the book's current sources, that a refresh is reproducible, and that a changed
data value really does make nbval fail.
"""
from __future__ import annotations

import csv
import io
import os
import re
from decimal import Decimal
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from luton2040 import notebooks
from luton2040.engine import config, source

REFRESH = "luton2040 notebooks"
ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "tests" / "notebooks"


def _sources(nb) -> list[tuple[str, str]]:
    return [(cell.cell_type, cell.source) for cell in nb.cells]


def test_every_book_page_has_an_up_to_date_notebook():
    cfg = config.load(ROOT)
    stale = []
    for page in cfg.files:
        path = notebooks.notebook_path(ROOT, page)
        if not path.is_file():
            stale.append(f"{page}: no stored notebook")
            continue
        expected = notebooks.to_notebook(source.read(ROOT / page, ROOT, cfg.profiles), ROOT, cfg.execute)
        if _sources(nbformat.read(path, as_version=4)) != _sources(expected):
            stale.append(f"{page}: the stored notebook's cells differ from the page")
    extra = sorted(p.relative_to(ROOT).as_posix() for p in NOTEBOOKS.rglob("*.ipynb")
                   if p not in {notebooks.notebook_path(ROOT, f) for f in cfg.files})
    stale += [f"{e}: not a page of the book any more" for e in extra]
    assert not stale, f"run `{REFRESH}` and commit tests/notebooks/:\n" + "\n".join(stale)


def test_stored_notebooks_hold_no_volatile_output():
    for path in NOTEBOOKS.rglob("*.ipynb"):
        text = path.read_text(encoding="utf-8")
        assert str(ROOT) not in text, f"{path.name} contains an absolute path"
        assert not re.search(r"0x[0-9a-f]{6,}", text), f"{path.name} contains a memory address"
        assert '"execution"' not in text and "iopub" not in text, f"{path.name} contains timings"


# Refreshes run in a child process, as the command does: the tests see its real messages and exit
# code, and any kernel it failed to stop would show up on stderr.
_REFRESH = ("import sys; from pathlib import Path; from luton2040.errors import InputError\n"
            "from luton2040.notebooks import refresh\n"
            "try:\n    refresh(Path(sys.argv[1]), pages=sys.argv[2:])\n"
            "except InputError as err:\n    print(*err.lines(), sep='\\n', file=sys.stderr); sys.exit(1)\n")


def _refresh(project: Path, *pages: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", _REFRESH, str(project), *pages], capture_output=True, text=True,
                          timeout=300, env=env)


def test_refresh_reproduces_the_stored_notebook_byte_for_byte(project_copy, tmp_path):
    project = project_copy
    page = "chapters/net-zero.qmd"
    stored = notebooks.notebook_path(project, page).read_bytes()
    notebooks.notebook_path(project, page).unlink()

    run = _refresh(project, page)

    assert run.returncode == 0 and not run.stderr, run.stderr
    assert notebooks.notebook_path(project, page).read_bytes() == stored
    assert str(tmp_path).encode() not in stored


def test_refresh_names_the_failing_line_and_writes_nothing(project_copy):
    project = project_copy
    page = project / "chapters" / "vision.qmd"
    text = page.read_text(encoding="utf-8")
    page.write_text(text + "\n```{python}\nreport.latest(\"no-such-measure\")\n```\n", encoding="utf-8")
    line = len(text.splitlines()) + 2  # the fence is on the line after the blank line
    before = notebooks.notebook_path(project, "chapters/vision.qmd").read_bytes()

    run = _refresh(project, "chapters/vision.qmd")

    assert run.returncode == 1
    assert run.stderr.splitlines()[0].startswith(f"chapters/vision.qmd:{line}: Python error: "), run.stderr
    assert run.stderr.rstrip().endswith("fix the code, then run `luton2040 notebooks` again"), run.stderr
    assert notebooks.notebook_path(project, "chapters/vision.qmd").read_bytes() == before


def test_a_cell_that_runs_too_long_is_named_at_its_line_not_a_traceback(project_copy):
    project = project_copy
    page = project / "chapters" / "vision.qmd"
    text = page.read_text(encoding="utf-8")
    page.write_text(text + "\n```{python}\nimport time\ntime.sleep(60)\n```\n", encoding="utf-8")
    line = len(text.splitlines()) + 2
    before = notebooks.notebook_path(project, "chapters/vision.qmd").read_bytes()

    run = _refresh(project, "chapters/vision.qmd", env={**os.environ, "LUTON2040_CELL_TIMEOUT": "2"})

    assert run.returncode == 1
    assert run.stderr.splitlines() == [
        f"chapters/vision.qmd:{line}: the cell did not finish within 2 s — make the cell finish sooner (the limit "
        "is LUTON2040_CELL_TIMEOUT seconds), then run `luton2040 notebooks` again"], run.stderr
    assert notebooks.notebook_path(project, "chapters/vision.qmd").read_bytes() == before


def _double_latest(observations: Path, measure: str) -> str:
    """Double the newest Luton value of ``measure``'s main series; return the old value."""
    lines = observations.read_text(encoding="utf-8").splitlines(keepends=True)
    rows = list(csv.DictReader(io.StringIO("".join(lines))))
    index, row = max(((i, r) for i, r in enumerate(rows) if r["measure"] == measure and r["area"] == "luton"
                      and r["series"] == "all" and r["value"]), key=lambda pair: pair[1]["period_end"])
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writerow({**row, "value": str(Decimal(row["value"]) * 2)})
    lines[index + 1] = out.getvalue()  # one row per line (the validator requires it)
    observations.write_text("".join(lines), encoding="utf-8")
    return row["value"]


def test_a_changed_data_value_fails_the_notebook_check(project_copy):
    project = project_copy
    old = _double_latest(project / "data" / "observations.csv", "bus-journeys")
    changed = project / "tests" / "notebooks" / "chapters" / "net-zero.ipynb"
    untouched = project / "tests" / "notebooks" / "chapters" / "poverty.ipynb"
    code_cells = [c.source for c in nbformat.read(changed, as_version=4).cells if c.cell_type == "code"]
    expected = {i for i, code in enumerate(code_cells)
                if 'report.latest("bus-journeys")' in code or 'report.measures_table("net-zero")' in code
                or 'report.progress_made("net-zero")' in code  # the progress list quotes bus journeys
                or 'report.measures_panel("net-zero")' in code}  # the printed measures panel draws it too

    # Option values in the `--opt=value` form, so pytest does not take them for test paths.
    run = subprocess.run([sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q", "-rf", "--nbval",
                          f"--rootdir={project}", f"--nbval-sanitize-with={changed.parent.parent / 'sanitize.cfg'}",
                          str(changed), str(untouched)],
                         cwd=project, capture_output=True, text=True, timeout=300)

    assert run.returncode == 1, run.stdout + run.stderr
    failed = {int(n) for n in re.findall(r"^FAILED \S*net-zero\.ipynb::Cell (\d+)", run.stdout, re.MULTILINE)}
    assert failed == expected, run.stdout
    assert "poverty.ipynb::" not in "\n".join(l for l in run.stdout.splitlines() if l.startswith("FAILED"))
    assert f"{Decimal(old) * 2:,}" in run.stdout  # nbval shows the new value beside the stored one


def test_the_refresh_command_is_documented():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert REFRESH in readme
    from luton2040.cli import parser
    assert "notebooks" in parser().format_help()
