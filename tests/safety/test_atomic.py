"""Atomic publishing: _site/ is replaced only by a build that finished, PDF step included; a failed,
interrupted or killed build leaves every byte of the previous _site/ in place, and the leftovers of a
killed build are cleaned up by the next one."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from luton2040.cli import main
from luton2040.engine.build import _recover
from project_copy import warm_copy
from safety_helpers import hashes

SLOW_CELL = """
```{{python}}
import pathlib, time
pathlib.Path({marker!r}).write_text("running")
time.sleep(120)
```
"""


@pytest.fixture
def book(built_book, tmp_path) -> Path:
    """A copy of the safety book with the site and cache its first build left (``built_book`` in
    conftest.py, made once per run): these tests are about what a later build does to a published site."""
    return warm_copy(built_book, tmp_path / "book")


def leftovers(book: Path) -> list[str]:
    return sorted(p.name for p in book.iterdir() if p.name.startswith("_site."))


def test_a_failing_pdf_step_keeps_the_previous_site(book, capsys):
    before = hashes(book / "_site")
    (book / "make_pdf.py").write_text(
        "import os, pathlib, sys\n"
        "out = pathlib.Path(os.environ['QUARTO_PROJECT_OUTPUT_DIR'])\n"
        "(out / 'report.pdf').write_bytes(b'%PDF-1.7 half written')\n"
        "print('the PDF could not be made', file=sys.stderr)\n"
        "sys.exit(1)\n")
    config = book / "_quarto.yml"
    config.write_text(config.read_text().replace("  output-dir: _site\n", "  output-dir: _site\n  post-render: make_pdf.py\n"))
    capsys.readouterr()
    assert main(["--project", str(book), "build", "--quiet"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("_quarto.yml: the post-render script 'make_pdf.py' failed (exit code 1):\n"
                          "the PDF could not be made\n")
    assert "Traceback" not in err
    assert hashes(book / "_site") == before
    assert leftovers(book) == []


def test_ctrl_c_during_the_build_keeps_the_previous_site(book, capsys, monkeypatch):
    before = hashes(book / "_site")
    (book / "chapters/poverty.qmd").write_text((book / "chapters/poverty.qmd").read_text() + "\nMore words.\n")

    def interrupt(self, stage, source):
        if stage == "writing":
            raise KeyboardInterrupt

    monkeypatch.setattr("luton2040.progress_display.ProgressDisplay.__call__", interrupt)
    capsys.readouterr()
    assert main(["--project", str(book), "build", "--quiet"]) == 130
    assert capsys.readouterr().err == "Interrupted; the previous _site/ is unchanged.\n"
    assert hashes(book / "_site") == before
    assert leftovers(book) == []


def _start_slow_build(book: Path, seconds: int = 120) -> tuple[subprocess.Popen, Path]:
    marker = book.parent / "cell-is-running"
    page = book / "chapters/net-zero.qmd"
    page.write_text(page.read_text() + SLOW_CELL.format(marker=str(marker)).replace("sleep(120)", f"sleep({seconds})"))
    env = {k: v for k, v in os.environ.items() if not k.startswith("LUTON2040_")}
    proc = subprocess.Popen([sys.executable, "-m", "luton2040.cli", "--project", str(book), "build", "--quiet"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    deadline = time.monotonic() + 60
    while not marker.exists():
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < deadline, "the slow cell never started"
        time.sleep(0.05)
    return proc, page


def test_sigterm_mid_build_keeps_the_previous_site_and_cleans_up(book):
    before = hashes(book / "_site")
    proc, _ = _start_slow_build(book)
    assert leftovers(book) == [f"_site.building-{proc.pid}"]
    proc.send_signal(signal.SIGTERM)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert err == "Interrupted; the previous _site/ is unchanged.\n"
    assert hashes(book / "_site") == before
    assert leftovers(book) == []


def test_a_killed_build_leaves_the_site_and_the_next_build_cleans_up(book, capsys):
    before = hashes(book / "_site")
    proc, page = _start_slow_build(book)
    proc.kill()
    proc.communicate(timeout=60)
    assert hashes(book / "_site") == before
    assert leftovers(book) == [f"_site.building-{proc.pid}"]
    page.write_text(page.read_text().split("\n```{python}\nimport pathlib, time")[0])
    assert main(["--project", str(book), "build", "--quiet"]) == 0
    assert leftovers(book) == []
    assert hashes(book / "_site") == before  # the same sources give the same site


def _dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def test_a_site_caught_between_the_two_renames_is_put_back(tmp_path):
    out = tmp_path / "_site"
    aside = tmp_path / f"_site.old-{_dead_pid()}"
    (aside / "chapters").mkdir(parents=True)
    (aside / "index.html").write_text("<p>previous site</p>")
    (aside / "chapters/a.html").write_text("<p>a chapter</p>")
    before = hashes(aside)
    half = tmp_path / f"_site.building-{_dead_pid()}"
    half.mkdir()
    (half / "index.html").write_text("<p>half</p>")
    _recover(out)
    assert hashes(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["_site"]


def test_folders_of_a_build_still_running_are_left_alone(tmp_path):
    out = tmp_path / "_site"
    out.mkdir()
    running = tmp_path / f"_site.building-{os.getppid()}"
    running.mkdir()
    _recover(out)
    assert running.is_dir()


@pytest.mark.parametrize("name", ["_site.building-notapid", "_site.backup", "_site-old"])
def test_other_folders_next_to_the_site_are_never_touched(tmp_path, name):
    (tmp_path / "_site").mkdir()
    (tmp_path / name).mkdir()
    _recover(tmp_path / "_site")
    assert (tmp_path / name).is_dir()


def test_a_site_caught_between_the_renames_comes_back_even_when_the_next_build_fails(book, capsys):
    before = hashes(book / "_site")
    aside = book / f"_site.old-{_dead_pid()}"
    (book / "_site").rename(aside)
    obs = book / "data/observations.csv"
    obs.write_text(obs.read_text(encoding="utf-8").replace("2023-12-31,9.9,", "2023-12-31,nine,", 1),
                   encoding="utf-8")
    assert main(["--project", str(book), "build", "--quiet"]) == 1
    assert hashes(book / "_site") == before
    assert not aside.exists()


def test_two_builds_at_once_take_turns_and_publish_the_whole_site(book):
    before = hashes(book / "_site")
    first, _ = _start_slow_build(book, seconds=5)  # holds the project's build lock while its cell sleeps
    env = {k: v for k, v in os.environ.items() if not k.startswith("LUTON2040_")}
    second = subprocess.Popen([sys.executable, "-m", "luton2040.cli", "--project", str(book), "build", "--quiet"],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    out1, err1 = first.communicate(timeout=300)
    out2, err2 = second.communicate(timeout=300)
    assert (first.returncode, second.returncode) == (0, 0), (err1, err2)
    assert err2.startswith(f"Another build of this project is running (process {first.pid}); "
                           "waiting for it to finish…\n"), err2
    assert sorted(hashes(book / "_site")) == sorted(before), "every page of the site is published"
    assert leftovers(book) == []
