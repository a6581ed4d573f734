"""A build's companion job (the PDF, for the report) starts as soon as what it reads is final: the
pages it names and every file that is not a page, written and checked. The other pages are written
and checked while it runs, and the site is the same, byte for byte, whichever pages went first."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from luton2040.engine.build import Helpers, build
from luton2040.errors import BuildError

BOOKS = Path(__file__).resolve().parent.parent / "fixtures" / "books"
PAGES = ["index.html", "chapters/numbers.html", "chapters/words.html", "appendix/notes.html"]


class Recorder:
    """A companion that notes what the output folder holds when it is started."""

    def __init__(self, needs: list[str] | None) -> None:
        if needs is not None:
            self.needs = lambda config: needs
        self.seen: dict[str, bytes] | None = None
        self.events: list[str] = []

    def start(self, staging: Path, profile_env: dict[str, str]) -> None:
        self.events.append("start")
        self.seen = _files(staging)

    def wait(self) -> None:
        self.events.append("wait")

    def stop(self) -> None:
        self.events.append("stop")


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _book(tmp_path: Path, name: str) -> Path:
    folder = tmp_path / name
    shutil.copytree(BOOKS / "basic", folder)
    return folder


def _build(folder: Path, companion):
    return build(folder, quiet=True, helpers=Helpers(companion=companion))


def test_the_companion_starts_when_its_pages_and_every_other_file_are_final_before_the_other_pages(tmp_path):
    folder = _book(tmp_path, "first")
    companion = Recorder(needs=["chapters/numbers.qmd", "appendix/notes.qmd"])
    result = _build(folder, companion)
    site = _files(folder / "_site")
    seen = companion.seen
    assert companion.events == ["start", "wait"]
    assert [p for p in PAGES if p in seen] == ["chapters/numbers.html", "appendix/notes.html"]
    assert {p: seen[p] for p in ["chapters/numbers.html", "appendix/notes.html"]} == \
        {p: site[p] for p in ["chapters/numbers.html", "appendix/notes.html"]}  # final: sanitised and checked
    not_pages = {name: data for name, data in site.items() if not name.endswith((".html", ".pdf"))}
    assert {name: data for name, data in seen.items() if not name.endswith(".html")} == not_pages
    assert "styles/book.css" in not_pages and "site_libs/luton2040-engine.css" in not_pages
    assert 0 < result.timings["companion_start"] < result.timings["write"]


def test_a_companion_that_names_no_pages_starts_once_every_page_is_written(tmp_path):
    folder = _book(tmp_path, "all")
    companion = Recorder(needs=None)
    _build(folder, companion)
    assert [p for p in PAGES if p in companion.seen] == PAGES


def test_the_site_is_the_same_byte_for_byte_whichever_pages_go_first(tmp_path):
    sites = []
    for name, companion in (("none", None), ("numbers", Recorder(["chapters/numbers.qmd"])),
                            ("last", Recorder(["appendix/notes.qmd", "index.qmd"]))):
        folder = _book(tmp_path / name, "basic")  # the same folder name: the pages name their folder nowhere
        _build(folder, companion)
        sites.append(_files(folder / "_site"))
    assert sites[0] == sites[1] == sites[2]
    assert len(sites[0]) > len(PAGES)


@pytest.mark.parametrize("needs, started", [("chapters/words.qmd", []), ("index.qmd", ["start"])])
def test_an_unsafe_page_fails_the_build_stops_the_companion_and_keeps_the_old_site(tmp_path, needs, started):
    """A page the companion reads that fails the audit: it is never started. Any other page: it
    was started, and is stopped. Either way every unsafe page is named and _site/ is as it was."""
    folder = _book(tmp_path, "unsafe")
    _build(folder, None)
    before = _files(folder / "_site")
    for page in ("chapters/numbers.qmd", "chapters/words.qmd"):
        with (folder / page).open("a", encoding="utf-8") as text:
            text.write('\n\n<a href="#x" onclick="steal()">click</a>\n')
    companion = Recorder(needs=[needs])
    with pytest.raises(BuildError) as error:
        _build(folder, companion)
    assert companion.events == started + ["stop"]
    message = str(error.value)
    assert message.index("chapters/numbers.html: line") < message.index("chapters/words.html: line")
    assert "an event attribute onclick= on <a>" in message
    assert _files(folder / "_site") == before
    assert not list(folder.glob("_site.building-*"))
