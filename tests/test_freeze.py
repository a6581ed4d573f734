"""Past editions are frozen: an edition whose inputs have not changed is not rebuilt — its output is
put back byte for byte — and what later editions add is not one of its inputs."""
from __future__ import annotations

import contextlib
import io
from pathlib import Path

import pytest

from editions_helpers import EDITED_2026, NEW_2026_PARTNER, overlay
from project_copy import copy_project, warm_copy
from luton2040 import freeze
from luton2040.build import build_project
from luton2040.data.load import load


def keys(project: Path) -> dict[str, str]:
    data = load(project)
    return freeze.edition_keys(project, [(data.editions[y], p) for y, p in ((2025, "2025,past"), (2025, "2025"))])


def test_later_editions_data_partners_and_files_are_not_inputs_of_2025(tmp_path):
    project = copy_project(tmp_path / "project")
    before = keys(project)
    overlay(project)  # 2026: observations after 2025's cut-off, tiles, a partner, edition and profile files,
    assert keys(project) == before  # and its own prose: a file and a block in each chapter
    (project / "chapters/_prose/2026/poverty.qmd").write_text("Rewritten for 2026.\n", encoding="utf-8")
    assert keys(project) == before


@pytest.mark.parametrize("change", [
    ("chapters/net-zero.qmd", lambda text: text + "\nA new sentence of shared prose.\n"),
    ("chapters/_prose/2025/net-zero.qmd", lambda text: text + "\nA new sentence of 2025's own prose.\n"),
    ("data/observations.csv", lambda text: text.replace("destitution,all,luton,2019,2019-12-31,7.3",
                                                        "destitution,all,luton,2019,2019-12-31,7.4")),
    ("_quarto-past.yml", lambda text: text.replace("past edition", "earlier edition")),
])
def test_a_change_2025_can_show_is_an_input_of_2025(tmp_path, change):
    project = copy_project(tmp_path / "project")
    before = keys(project)
    name, edit = change
    path = project / name
    edited = edit(path.read_text(encoding="utf-8"))
    assert edited != path.read_text(encoding="utf-8")
    path.write_text(edited, encoding="utf-8")
    after = keys(project)
    changed = {p for p in after if after[p] != before[p]}
    assert changed == ({"2025,past"} if name == "_quarto-past.yml" else {"2025,past", "2025"})


def _files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def _build(project: Path):
    with contextlib.redirect_stderr(io.StringIO()), contextlib.redirect_stdout(io.StringIO()):
        result, _ = build_project(project, quiet=True)
    return result


def test_only_the_changed_edition_is_rebuilt_and_every_byte_matches_a_cold_build(tmp_path, monkeypatch,
                                                                                 two_editions, edited_2026):
    """The session's ``two_editions`` is built from nothing; ``edited_2026`` builds a copy of it
    again (nothing changed: both editions are put back, nothing runs), then with new 2026 prose and
    a new sentence in a 2026 partner file (only 2026 is rebuilt). Here, in a copy of that, the two
    files are put back as they were and it is built once more: 2026 is rebuilt incrementally (its
    stored output is the edited one) in another folder with another cache history, and every
    published byte — HTML, CSV, data package, SVG and PDF — matches the cold build."""
    again, edited = edited_2026["again"], edited_2026["edited"]
    assert again.frozen == ["", "2025"]
    assert again.executed == []
    assert edited.frozen == ["2025"]
    assert edited.executed == []  # new words and a partner's new sentence: no code runs again
    assert NEW_2026_PARTNER in (edited_2026["project"] / "_site/chapters/net-zero.html").read_text(encoding="utf-8")

    monkeypatch.delenv("LUTON2040_EDITION", raising=False)
    monkeypatch.delenv("QUARTO_PROFILE", raising=False)
    project = warm_copy(edited_2026["project"], tmp_path / "project")
    cold = two_editions[0]
    for name in EDITED_2026:
        (project / name).write_bytes((cold / name).read_bytes())
    assert _build(project).frozen == ["2025"]
    incremental, cold_files = _files(project / "_site"), _files(cold / "_site")
    assert sorted(incremental) == sorted(cold_files)
    assert {".html", ".csv", ".json", ".svg", ".pdf"} <= {Path(name).suffix for name in cold_files}
    assert [name for name in incremental if incremental[name] != cold_files[name]] == []


def test_an_output_file_edited_in_place_is_not_reused(tmp_path, monkeypatch, built_project):
    """Starts from a warm copy of the session's build, which is reused as built until a file is edited."""
    monkeypatch.delenv("LUTON2040_EDITION", raising=False)
    monkeypatch.delenv("QUARTO_PROFILE", raising=False)
    project = warm_copy(built_project, tmp_path / "project")
    assert _build(project).frozen == [""]
    page = project / "_site" / "index.html"
    with page.open("a", encoding="utf-8") as f:  # in place: the same file the cache keeps
        f.write("<!-- edited by hand -->")
    result = _build(project)
    assert result.frozen == []
    assert "edited by hand" not in page.read_text(encoding="utf-8")


def test_the_check_is_reused_until_an_input_changes_and_its_warnings_are_kept(tmp_path):
    project = copy_project(tmp_path / "project")
    runs = []
    warning = freeze.Problem("chapters/poverty.qmd", 3, None, "'9.9%' is typed by hand", "write it", "warning")

    def check(root):
        runs.append(root)
        return freeze.Checked([warning])

    assert freeze.checked(freeze.Inputs(project), check) == [warning]
    assert freeze.checked(freeze.Inputs(project), check) == [warning]
    assert len(runs) == 1
    partner = project / "partners" / "poverty" / "new-partner.md"
    partner.write_text("---\norganisation: New\npriority: poverty\nedition: 2025\norder: 5\n---\n\nWords.\n")
    freeze.checked(freeze.Inputs(project), check)
    assert len(runs) == 2


def test_a_reused_check_still_says_it_stopped_before_the_words(tmp_path):
    """A check refused for a data error did not read the words: reused, it still says so."""
    project = copy_project(tmp_path / "project")
    error = freeze.Problem("data/measures.csv", 3, "source", "is not a plain https:// web address", "fix it")
    runs = []

    def check(root):
        runs.append(root)
        return freeze.Checked([error], words_checked=False)

    first, again = (freeze.checked(freeze.Inputs(project), check) for _ in range(2))
    assert len(runs) == 1
    assert (first, first.words_checked) == ([error], False)
    assert (again, again.words_checked) == ([error], False)
