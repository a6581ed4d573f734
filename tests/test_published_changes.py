"""A build that changes a report already published says so, naming the files it changed, and what
to do if the change was meant for next year's report (luton2040/published_changes.py)."""
from __future__ import annotations

import contextlib
import datetime as dt
import io
from dataclasses import dataclass
from pathlib import Path

import pytest

from luton2040 import published_changes
from project_copy import warm_copy


@dataclass
class _Edition:
    year: int = 2025
    publication_date: dt.date | None = dt.date(2025, 2, 28)


def _site(root: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    return root


def test_only_the_newest_editions_published_files_are_compared(tmp_path):
    site = _site(tmp_path, {"index.html": "a", "chapters/poverty.html": "b", "report.pdf": "c",
                            "downloads/data.zip": "d", "2024/index.html": "past", "pagefind/x.html": "index",
                            "site_libs/quarto.css": "style", "measures/chart.svg": "drawing"})
    assert sorted(published_changes.fingerprint(site)) == [
        "chapters/poverty.html", "downloads/data.zip", "index.html", "report.pdf"]
    assert published_changes.fingerprint(tmp_path / "no-site") == {}


def test_pages_come_first_among_the_changed_files():
    before = {"index.html": "1", "report.pdf": "1", "chapters/poverty.html": "1", "gone.html": "1"}
    after = {"index.html": "1", "report.pdf": "2", "chapters/poverty.html": "2", "new.html": "1"}
    assert published_changes.changed(before, after) == ["chapters/poverty.html", "gone.html", "new.html", "report.pdf"]


def test_the_warning_is_for_a_published_edition_rebuilt_with_changes():
    before = {"index.html": "1", "report.pdf": "1"}
    after = {"index.html": "2", "report.pdf": "2"}
    said = published_changes.warning(_Edition(), "report.pdf", before, after, dt.date(2025, 6, 1))
    assert str(said) == (
        "warning: data/editions/2025.yml: the 2025 report was published on 28 February 2025, and this build changed "
        "2 of its files from the last build's: index.html, report.pdf — if this corrects the published report (or "
        "puts back what it published), publish the new site; if the change is meant for the 2026 report, undo it, "
        "start that report (luton2040 new-edition 2026), which freezes the 2025 one as published, and make the change "
        "again")
    not_yet = published_changes.warning(_Edition(), "report.pdf", before, after, dt.date(2025, 2, 1))
    assert not_yet is None, "before its publication date the report is still being made"
    assert published_changes.warning(_Edition(), "report.pdf", before, before, dt.date(2025, 6, 1)) is None
    other_edition = {"index.html": "1", "report-2026.pdf": "1"}
    assert published_changes.warning(_Edition(), "report.pdf", other_edition, after, dt.date(2025, 6, 1)) is None


def test_a_late_figure_for_the_published_report_is_said_at_build(built_project, tmp_path):
    """Last year's wages, published late, added before next year's edition was started: the 2025
    report (published in February 2025) would change without a word."""
    from luton2040.cli import main

    project = warm_copy(built_project, tmp_path / "project")
    observations = project / "data/observations.csv"
    observations.write_text(observations.read_text(encoding="utf-8")
                            + "weekly-wages,all,luton,2024,2024-12-31,640.20,ok,false,,\n", encoding="utf-8")
    errors = io.StringIO()
    with pytest.MonkeyPatch.context() as patch, contextlib.redirect_stderr(errors), \
            contextlib.redirect_stdout(io.StringIO()):
        patch.delenv("LUTON2040_EDITION", raising=False)
        assert main(["--project", str(project), "build", "--quiet"]) == 0
    said = [line for line in errors.getvalue().splitlines() if "was published on" in line]
    assert len(said) == 1, errors.getvalue()
    assert said[0].startswith("warning: data/editions/2025.yml: the 2025 report was published on 28 February 2025, "
                              "and this build changed ")
    assert "chapters/inclusive-economy.html" in said[0] and "luton2040 new-edition 2026" in said[0]


def test_a_past_editions_files_changed_by_a_build_are_said_too(tmp_path):
    """A past edition's own inputs are refused when edited; a file every edition shares (a chapter
    page's title) is not, so its pages could change without a word."""
    site = _site(tmp_path / "before", {"index.html": "new", "2025/index.html": "old", "2025/chapters/net-zero.html": "Net zero",
                                       "2025/report.pdf": "pdf", "2025/pagefind/x.html": "index"})
    before = published_changes.fingerprints(site)
    assert sorted(before) == ["", "2025"] and sorted(before["2025"]) == ["chapters/net-zero.html", "index.html", "report.pdf"]
    assert published_changes.past_warnings(before, before, 2026) == []
    (site / "2025/chapters/net-zero.html").write_text("Net zero and nature", encoding="utf-8")
    said = published_changes.past_warnings(before, published_changes.fingerprints(site), 2026)
    assert [str(p) for p in said] == [
        "warning: data/editions/2025.yml: the 2025 report is kept as published since the 2026 report started, and "
        "this build changed 1 of its files from the last build's: chapters/net-zero.html — a file every edition "
        "shares was changed (a page's title or words outside its edition blocks, an appendix page, _quarto.yml, "
        "the styles or the builder): undo the change, unless it is meant for the published 2025 report too; then "
        "publish the new site"]
    moved_into_a_folder = {"": before[""]}  # (new-edition: the last build had 2025 at the root)
    assert published_changes.past_warnings(moved_into_a_folder, published_changes.fingerprints(site), 2026) == []
