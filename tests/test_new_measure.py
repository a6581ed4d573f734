"""A measure added for next year's report appears in that report only: the published reports before
it keep the measures they reported, page for page and in their data downloads."""
from __future__ import annotations

import contextlib
import csv
import io
from pathlib import Path

import pytest

from editions_helpers import overlay
from luton2040 import freeze
from luton2040.build import build_project
from luton2040.data import published
from luton2040.data.load import load
from project_copy import copy_project

#: A measure first reported in 2026 (INVENTED TEST DATA), with figures from before 2025's cut-off.
NEW_MEASURE = {
    "data/measures.csv": "tree-cover,net-zero,9,Luton is a green town,Share of the town's area under tree canopy,"
                         "Tree canopy cover,higher_is_better,false,england,,,Forest Research canopy survey,,,",
    "data/series.csv": "tree-cover,all,,percent,1,1,true",
    "data/observations.csv": "tree-cover,all,luton,2019,2019-12-31,9.1,ok,true,,\n"
                             "tree-cover,all,luton,2024,2024-12-31,10.2,ok,false,,\n"
                             "tree-cover,all,england,2024,2024-12-31,16.5,ok,false,,",
    "data/targets.csv": "tree-cover,all,2027,value,11,,,\ntree-cover,all,2040,value,16,,,",
    "data/measure_names.csv": "tree-cover,tree canopy,,",
}


def started_2026(target: Path) -> Path:
    """The real project with the sample 2026 edition, and 2025's records as `new-edition 2026`
    writes them (what the 2025 report published)."""
    project = overlay(copy_project(target))
    data = load(project)
    old = data.editions[2025]
    observations = (project / "data/observations.csv").read_text(encoding="utf-8-sig")
    (project / published.record_file(2025)).write_text(published.record_text(observations, old.data_cutoff),
                                                        encoding="utf-8")
    (project / published.files_record(2025)).write_text(published.files_record_text(project, 2025), encoding="utf-8")
    return project


def add_new_measure(project: Path) -> None:
    for name, rows in NEW_MEASURE.items():
        path = project / name
        text = path.read_text(encoding="utf-8")
        path.write_text(text + ("" if text.endswith("\n") else "\n") + rows + "\n", encoding="utf-8")


def keys(project: Path) -> dict[str, str]:
    data = load(project)
    return freeze.edition_keys(project, [(data.editions[2025], p) for p in ("2025,past", "2025")])


def test_a_measure_added_for_2026_is_no_input_of_the_published_2025_report(tmp_path):
    project = started_2026(tmp_path / "project")
    before = keys(project)
    add_new_measure(project)
    assert keys(project) == before  # so 2025's pages are put back byte for byte, not made again


@pytest.fixture(scope="module")
def built_with_new_measure(tmp_path_factory):
    project = started_2026(tmp_path_factory.mktemp("new-measure") / "project")
    add_new_measure(project)
    with pytest.MonkeyPatch.context() as patch, contextlib.redirect_stderr(io.StringIO()):
        patch.delenv("LUTON2040_EDITION", raising=False)
        patch.delenv("QUARTO_PROFILE", raising=False)
        build_project(project, quiet=True)
    return project / "_site"


def test_the_2026_report_has_the_new_measure_and_the_2025_report_does_not(built_with_new_measure):
    site = built_with_new_measure
    assert (site / "measures/tree-cover.html").is_file()
    assert "area under tree canopy" in (site / "appendix/measures.html").read_text(encoding="utf-8")
    assert not (site / "2025/measures/tree-cover.html").exists()
    for page in sorted((site / "2025").rglob("*.html")):
        assert "tree canopy" not in page.read_text(encoding="utf-8").lower(), page


def test_the_2025_data_download_has_no_row_of_the_new_measure(built_with_new_measure):
    folder = built_with_new_measure / "2025/downloads/luton-2040-data-2025"
    for name in ("measures.csv", "series.csv", "observations.csv", "targets.csv", "measure_names.csv"):
        rows = list(csv.DictReader(io.StringIO((folder / name).read_text(encoding="utf-8"))))
        assert rows and not [r for r in rows if "tree-cover" in (r.get("measure"), r.get("id"))], name
    latest = built_with_new_measure / "downloads/luton-2040-data-2026/measures.csv"
    assert "tree-cover," in latest.read_text(encoding="utf-8")


def test_the_new_measures_page_says_it_is_new_not_what_the_2025_report_said(built_with_new_measure):
    page = (built_with_new_measure / "measures/tree-cover.html").read_text(encoding="utf-8")
    assert "New in the 2026 report: the 2025 report did not include it." in page
    assert "Since the 2025 report" not in page
    history = page.split('id="in-each-report"', 1)[1].split("</table>", 1)[0]
    assert "<td>2026</td>" in history and "<td>2025</td>" not in history


def test_naming_the_new_measure_in_the_2025_report_says_it_was_added_later(tmp_path):
    project = started_2026(tmp_path / "project")
    add_new_measure(project)
    data = load(project)
    with pytest.raises(KeyError) as refused:
        data.for_edition(data.editions[2025]).measure("tree-cover")
    assert refused.value.args[0].startswith("measure 'tree-cover' is not in this edition's report: it was added for "
                                            "a later one — name it only in that edition's words")
    assert data.for_edition(data.editions[2026]).measure("tree-cover").id == "tree-cover"
