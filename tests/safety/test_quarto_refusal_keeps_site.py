"""Bad input leaves the published site intact under `quarto render` too.

A full `quarto render` removes the output folder *before* it runs the pre-render step (quarto-cli
v1.7.34 `src/command/render/project.ts`: `removeIfExists(realOutputDir)` when the whole project is
rendered and `--no-clean` is not given, then `runPreRender`; `src/command/render/flags.ts` makes
clean the default). So when the step refuses a partner file, it puts back the copy of the site
that the last `luton2040 build` or `quarto render` kept (luton2040/engine/kept_output.py). These tests run
the project's scripts with the environment Quarto gives them; the last one runs real Quarto and is
skipped when it is not installed.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from project_copy import warm_copy
from safety_helpers import ROOT, hashes, real_quarto

from luton2040.engine.kept_output import KEPT

PARTNER = "partners/poverty/example-food-project.md"
REFUSAL = ["partners/poverty/example-food-project.md:3: unknown priority 'povrty' — use one of: poverty, net-zero "
           "(closest: poverty)",
           "1 problem(s) found; nothing was built.",
           "The words of the chapters, progress items and tiles were not checked yet: they will be once the problems "
           "above are fixed."]


def _quarto_env(book: Path, render_all: bool = True) -> dict[str, str]:
    """The environment `quarto render` runs a project script with (src/command/render/project.ts):
    no variable of `luton2040 build`'s, the output folder's absolute path, RENDER_ALL on a full render."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LUTON2040_", "QUARTO_PROJECT_"))}
    env["QUARTO_PROJECT_OUTPUT_DIR"] = str(book / "_site")
    if render_all:
        env["QUARTO_PROJECT_RENDER_ALL"] = "1"
    return env


def _script(book: Path, name: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, f"scripts/{name}"], cwd=book, env=env, capture_output=True, text=True)


def _misfile_the_partner(book: Path) -> None:
    page = book / PARTNER
    page.write_text(page.read_text(encoding="utf-8").replace("priority: poverty", "priority: povrty"), encoding="utf-8")


def _quarto_removes_the_site(book: Path) -> None:
    shutil.rmtree(book / "_site")  # what a full `quarto render` does before its pre-render step


def test_a_partner_file_refused_under_quarto_render_leaves_the_built_site_as_it_was(built_book, tmp_path):
    book = warm_copy(built_book, tmp_path / "book")
    published = hashes(book / "_site")
    assert hashes(book / KEPT / "_site") == published  # `luton2040 build` keeps what it publishes
    _misfile_the_partner(book)
    _quarto_removes_the_site(book)

    run = _script(book, "pre_render.py", _quarto_env(book))

    assert run.returncode == 1
    assert run.stderr.splitlines() == REFUSAL + ["pre-render: _site/ is put back as the last successful build or "
                                                 "render left it"]
    assert hashes(book / "_site") == published


def test_a_successful_quarto_render_keeps_its_site_for_the_next_refusal(built_book, tmp_path):
    book = warm_copy(built_book, tmp_path / "book")
    shutil.rmtree(book / KEPT, ignore_errors=True)
    (book / "_site" / "quarto-only.html").write_text("<p>written by quarto render</p>", encoding="utf-8")
    shutil.copy(ROOT / "scripts" / "tidy_sources.py", book / "scripts" / "tidy_sources.py")
    assert _script(book, "tidy_sources.py", _quarto_env(book)).returncode == 0  # the last post-render step
    published = hashes(book / "_site")
    _misfile_the_partner(book)
    _quarto_removes_the_site(book)

    run = _script(book, "pre_render.py", _quarto_env(book))

    assert run.returncode == 1
    assert hashes(book / "_site") == published


def test_a_past_edition_refused_under_its_own_output_folder_is_put_back_alone(built_book, tmp_path):
    """`quarto render --profile 2025,past --output-dir _site/2025` (README) empties only `_site/2025/`
    (`--output-dir` forces the clean: src/command/render/render-shared.ts)."""
    book = warm_copy(built_book, tmp_path / "book")
    shutil.copytree(book / "_site", book / "_site" / "2025", ignore=shutil.ignore_patterns("2025"))
    shutil.copy(ROOT / "scripts" / "tidy_sources.py", book / "scripts" / "tidy_sources.py")
    past = {**_quarto_env(book), "QUARTO_PROJECT_OUTPUT_DIR": str(book / "_site" / "2025")}
    assert _script(book, "tidy_sources.py", past).returncode == 0  # that render's last post-render step
    (book / "_site" / "index.html").write_text("<p>the current edition, rendered since</p>", encoding="utf-8")
    published = hashes(book / "_site")
    _misfile_the_partner(book)
    shutil.rmtree(book / "_site" / "2025")

    run = _script(book, "pre_render.py", past)

    assert run.returncode == 1
    assert run.stderr.splitlines()[-1] == "pre-render: _site/2025/ is put back as the last successful build or render left it"
    assert hashes(book / "_site") == published


def test_without_a_kept_site_the_refusal_says_the_site_is_gone(built_book, tmp_path):
    book = warm_copy(built_book, tmp_path / "book")
    shutil.rmtree(book / KEPT, ignore_errors=True)
    _misfile_the_partner(book)
    _quarto_removes_the_site(book)

    run = _script(book, "pre_render.py", _quarto_env(book))

    assert run.returncode == 1
    assert run.stderr.splitlines() == REFUSAL + [
        "pre-render: _site/ is not there (a full quarto render empties it before this step) and no earlier build "
        "or render of it was kept to put back — fix the problems above and render again"]
    assert not (book / "_site").exists()


def test_a_partial_render_refused_leaves_the_site_alone(built_book, tmp_path):
    """`quarto render chapters/poverty.qmd` does not clean the output folder: nothing is put back."""
    book = warm_copy(built_book, tmp_path / "book")
    (book / "_site" / "chapters" / "poverty.html").unlink()  # (a new file: the kept copy keeps the old one)
    (book / "_site" / "chapters" / "poverty.html").write_text("<p>a newer page</p>", encoding="utf-8")
    published = hashes(book / "_site")
    _misfile_the_partner(book)

    run = _script(book, "pre_render.py", _quarto_env(book, render_all=False))

    assert (run.returncode, run.stderr.splitlines()) == (1, REFUSAL)
    assert hashes(book / "_site") == published


def test_before_quarto_writes_into_the_site_no_file_shares_its_bytes_with_the_kept_copy(built_book, tmp_path):
    """Quarto writes some files in place (the sitemap, the page of a partial render): through a
    hard link that write would change the kept copy, and a frozen edition the engine reuses."""
    book = warm_copy(built_book, tmp_path / "book")
    page = book / "_site" / "chapters" / "poverty.html"
    kept = book / KEPT / "_site" / "chapters" / "poverty.html"
    kept.parent.mkdir(parents=True, exist_ok=True)
    kept.unlink(missing_ok=True)
    os.link(page, kept)  # as luton2040 build keeps it
    before = kept.read_bytes()

    run = _script(book, "pre_render.py", _quarto_env(book, render_all=False))
    assert run.returncode == 0, run.stderr
    assert page.stat().st_nlink == 1 and page.read_bytes() == before
    with page.open("r+b") as written:  # what an in-place write by Quarto does
        written.write(b"<!-- Quarto -->")
    assert kept.read_bytes() == before


def test_a_copy_that_cannot_be_kept_is_a_warning_and_the_old_copy_stays_whole(built_book, tmp_path, monkeypatch):
    from luton2040.engine import kept_output
    book = warm_copy(built_book, tmp_path / "book")
    assert kept_output.keep(book, Path("_site")) is None
    old = hashes(book / KEPT / "_site")

    def full_disk(source, target):
        Path(target).mkdir(parents=True)
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(kept_output, "_link_tree", full_disk)
    note = kept_output.keep(book, Path("_site"))
    assert note == ("warning: _site/ is published, but no copy of it could be kept for a refused `quarto render` "
                    "to put back ([Errno 28] No space left on device)")
    assert hashes(book / KEPT / "_site") == old
    assert sorted(p.name for p in (book / KEPT).iterdir()) == ["_site"]


needs_quarto = pytest.mark.skipif(real_quarto() is None, reason="real Quarto is not installed (put it on PATH or name "
                                  "it in LUTON2040_QUARTO); the tests above cover the project's side")


def _real_quarto_render(book: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("LUTON2040_")}
    env["QUARTO_PYTHON"] = sys.executable
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    return subprocess.run([real_quarto(), "render"], cwd=book, env=env, capture_output=True, text=True)


@needs_quarto
def test_real_quarto_render_refusing_a_partner_file_leaves_the_site(built_book, tmp_path):
    book = warm_copy(built_book, tmp_path / "book")
    published = hashes(book / "_site")
    _misfile_the_partner(book)

    run = _real_quarto_render(book)

    assert run.returncode != 0
    assert REFUSAL[0] in run.stderr
    assert hashes(book / "_site") == published


@needs_quarto
def test_real_quarto_render_refuses_a_broken_link_it_used_to_publish(built_book, tmp_path):
    """Quarto 1.10.18 published a link to a page the site does not have (a warning in the terminal at most);
    the check its pre-render step runs refuses it at its line (site/page_links.py)."""
    book = warm_copy(built_book, tmp_path / "book")
    published = hashes(book / "_site")
    chapter = book / "chapters" / "net-zero.qmd"
    chapter.write_text(chapter.read_text(encoding="utf-8") + "\nSee [the plan](nope.qmd).\n", encoding="utf-8")

    run = _real_quarto_render(book)

    assert run.returncode != 0
    assert ("chapters/net-zero.qmd:21: links to 'nope.qmd', which is not a page of the site — add it to "
            "project.render or fix the link") in run.stderr.splitlines()
    assert hashes(book / "_site") == published
