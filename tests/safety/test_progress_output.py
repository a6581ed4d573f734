"""What `luton2040 build` prints: a progress line on a terminal only, and one timed summary line."""
from __future__ import annotations

import io
import re

from luton2040.cli import main
from luton2040.progress_display import ProgressDisplay

SUMMARY = re.compile(r"Built 3 pages into _site/ in \d+\.\d s: checks \d+\.\d s, "
                     r"Python \d+\.\d s \((\d) run, (\d) from cache\), pandoc \d+\.\d s\.\n")

REUSED = re.compile(r"Built 3 pages into _site/ in \d+\.\d s: checks \d+\.\d s, 1 edition reused unchanged, "
                    r"pandoc 0\.0 s\.\n")


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_without_a_terminal_only_the_summary_is_printed(capsys, book):
    assert main(["--project", str(book), "build"]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    *steps, summary = out.splitlines(keepends=True)
    assert steps and all(line.startswith("pre-render: ") for line in steps)  # the pre-render step's own lines
    assert SUMMARY.fullmatch(summary).groups() == ("3", "0")
    assert main(["--project", str(book), "build"]) == 0  # nothing changed: the edition is reused as built
    assert REUSED.fullmatch(capsys.readouterr().out)


def test_on_a_terminal_a_progress_line_counts_the_documents_then_clears(monkeypatch, book):
    screen = Terminal()
    monkeypatch.setattr("sys.stdout", screen)
    assert main(["--project", str(book), "build"]) == 0
    text = screen.getvalue()
    steps = [part.strip() for part in text.split("\r") if part.strip()]
    assert steps[:5] == ["checking the data…", "[1/3] running index.qmd…", "[2/3] running chapters/poverty.qmd…",
                         "[3/3] running chapters/net-zero.qmd…", "writing the pages to _site…"]
    progress, summary = text.rsplit("\r", 1)
    assert SUMMARY.fullmatch(summary), "the progress line is cleared before the summary"


def test_quiet_hides_the_progress_line_even_on_a_terminal(monkeypatch, book):
    screen = Terminal()
    monkeypatch.setattr("sys.stdout", screen)
    assert main(["--project", str(book), "build", "--quiet"]) == 0
    assert "\r" not in screen.getvalue()
    assert SUMMARY.fullmatch(screen.getvalue())


def test_the_display_reports_cached_documents_and_the_pdf_step():
    screen = Terminal()
    display = ProgressDisplay(2, stream=screen)
    display("cached", "index.qmd")
    display("executing", "chapters/a.qmd")
    display("post-render", "")
    display.clear()
    parts = screen.getvalue().split("\r")
    assert [p.strip() for p in parts if p.strip()] == [
        "[1/2] reusing index.qmd…", "[2/2] running chapters/a.qmd…", "making the PDF…"]
    assert parts[-1] == "", "clear() leaves the cursor at the start of an empty line"


def test_side_by_side_pandoc_runs_count_once_in_the_summary():
    from luton2040.engine.result import busy_seconds

    assert busy_seconds([(0.0, 2.0), (1.0, 3.0), (5.0, 6.0)]) == 4.0  # 0–3 and 5–6
    assert busy_seconds([(1.0, 4.0), (2.0, 3.0)]) == 3.0  # one inside another
    assert busy_seconds([]) == 0.0


def test_the_summary_gives_the_pdf_its_own_time_not_the_wait_after_the_pages(tmp_path):
    from luton2040.engine.result import BuildResult
    from luton2040.progress_display import summary

    (tmp_path / "report.pdf").write_bytes(b"%PDF")
    result = BuildResult(tmp_path, pages=["index.html"], executed=["index.qmd"], execute_seconds={"index.qmd": 1.0},
                         timings={"execute": 1.0, "pandoc": 2.0, "companion": 12.5, "post_render": 0.5})
    line = summary(result, tmp_path, 14.0, 0.3)
    assert line == (f"Built 1 page and the PDF into {tmp_path.name}/ in 14.0 s: checks 0.3 s, "
                    "Python 1.0 s (1 run, 0 from cache), pandoc 2.0 s, PDF 12.5 s.")
