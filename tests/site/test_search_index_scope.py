"""The search index step indexes the site it is given, however the site was rendered.

`quarto render chapters/poverty.qmd` runs the post-render steps over the whole output folder
(quarto-cli v1.7.34 `src/command/render/project.ts`: post-render scripts run after a partial render
too, with `QUARTO_PROJECT_OUTPUT_DIR` the project's output folder). Once a past edition has been
rendered into `_site/2025/` (README: `quarto render --profile 2025,past --output-dir _site/2025`),
that folder is inside it: the current edition's search must not start finding the past edition's
pages, and an earlier index must not leave files behind.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _page(path: Path, words: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f'<!DOCTYPE html><html lang="en-GB"><head><title>{words}</title></head>'
                    f"<body><main data-pagefind-body><h1>{words}</h1><p>{words} in Luton.</p></main></body></html>",
                    encoding="utf-8")


def _index(project: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LUTON2040_", "QUARTO_PROJECT_"))}
    env["QUARTO_PROJECT_OUTPUT_DIR"] = str(project / "_site")  # as Quarto gives it: an absolute path
    return subprocess.run([sys.executable, str(ROOT / "scripts" / "search_index.py")], cwd=project, env=env,
                          capture_output=True, text=True)


def _entry(site: Path) -> dict:
    return json.loads((site / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))


def test_a_past_edition_in_a_sub_folder_stays_out_of_the_current_editions_index(tmp_path):
    site = tmp_path / "_site"
    _page(site / "index.html", "Welcome 2026")
    _page(site / "chapters" / "poverty.html", "Poverty 2026")
    _page(site / "measures" / "neet.html", "Young people not in work 2026")
    _page(site / "2025" / "index.html", "Welcome 2025")
    _page(site / "2025" / "chapters" / "poverty.html", "Poverty 2025")

    run = _index(tmp_path)

    assert (run.returncode, run.stdout.strip()) == (0, "search-index: indexed 3 pages into _site/pagefind/")
    assert _entry(site)["languages"]["en-gb"]["page_count"] == 3


def test_the_page_not_found_is_not_a_search_result(tmp_path):
    """Quarto leaves 404.html out of its search and sitemap (website.ts, websitePostRender): a
    search for "page" should not offer the page that says there is no page."""
    site = tmp_path / "_site"
    _page(site / "index.html", "Welcome")
    _page(site / "chapters" / "poverty.html", "Poverty")
    _page(site / "404.html", "Page not found")
    _page(site / "chapters" / "404.html", "A chapter called 404")  # only the site's root one is special

    run = _index(tmp_path)

    assert (run.returncode, run.stdout.strip()) == (0, "search-index: indexed 3 pages into _site/pagefind/")
    assert _entry(site)["languages"]["en-gb"]["page_count"] == 3


def test_an_index_written_again_leaves_no_file_of_the_earlier_one(tmp_path):
    site = tmp_path / "_site"
    _page(site / "index.html", "Welcome")
    _page(site / "chapters" / "poverty.html", "Poverty")
    assert _index(tmp_path).returncode == 0
    first = {p.relative_to(site).as_posix() for p in (site / "pagefind").rglob("*")}
    _page(site / "chapters" / "poverty.html", "Poverty and debt")  # the page changes: new fragment files

    assert _index(tmp_path).returncode == 0

    fresh = tmp_path / "fresh" / "_site"
    shutil.copytree(site, fresh, ignore=shutil.ignore_patterns("pagefind"))
    assert _index(fresh.parent).returncode == 0
    again = {p.relative_to(site).as_posix() for p in (site / "pagefind").rglob("*")}
    assert again == {p.relative_to(fresh).as_posix() for p in (fresh / "pagefind").rglob("*")}
    assert again != first
    assert sorted(p.name for p in site.iterdir()) == ["chapters", "index.html", "pagefind"]


def test_an_index_is_replaced_not_rewritten_in_place(tmp_path):
    """A build keeps hard links to what it published (the frozen editions, the kept site): writing
    the new index into those files would change the copies too."""
    site = tmp_path / "_site"
    _page(site / "index.html", "Welcome")
    assert _index(tmp_path).returncode == 0
    linked = tmp_path / "kept-entry.json"
    os.link(site / "pagefind" / "pagefind-entry.json", linked)
    before = linked.read_bytes()
    _page(site / "index.html", "Welcome to a different town")

    assert _index(tmp_path).returncode == 0

    assert linked.read_bytes() == before
    assert (site / "pagefind" / "pagefind-entry.json").read_bytes() != before


def test_a_section_with_its_own_landing_page_stays_in_the_index_and_a_stopped_runs_leftovers_go(tmp_path):
    """Only a past edition's folder (a year with its own home page) is another site: a
    chapters/index.html landing page keeps its section searchable."""
    site = tmp_path / "_site"
    _page(site / "index.html", "Welcome 2026")
    _page(site / "chapters" / "index.html", "Every chapter")
    _page(site / "chapters" / "poverty.html", "Poverty 2026")
    _page(site / "2025" / "index.html", "Welcome 2025")
    (site / "pagefind.new-999999").mkdir()  # what a killed run leaves
    (site / "pagefind.new-999999" / "pagefind-entry.json").write_text("{}", encoding="utf-8")

    run = _index(tmp_path)

    assert (run.returncode, run.stdout.strip()) == (0, "search-index: indexed 3 pages into _site/pagefind/")
    assert sorted(p.name for p in site.iterdir()) == ["2025", "chapters", "index.html", "pagefind"]
