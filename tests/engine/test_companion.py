"""A build's companion job (the PDF, for the report) starts as soon as what it reads is final: the
pages it names and every file that is not a page, written and checked. The other pages are written
and checked while it runs, and the site is the same, byte for byte, whichever pages went first."""
from __future__ import annotations

import importlib
import shutil
import threading
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
            text.write('\n\n<a href="https://example.org/" onclick="steal()">click</a>\n')
    companion = Recorder(needs=[needs])
    with pytest.raises(BuildError) as error:
        _build(folder, companion)
    assert companion.events == started + ["stop"]
    message = str(error.value)
    assert message.index("chapters/numbers.html: line") < message.index("chapters/words.html: line")
    assert "an event attribute onclick= on <a>" in message
    assert _files(folder / "_site") == before
    assert not list(folder.glob("_site.building-*"))


def _wide_book(tmp_path: Path, extra: str = "") -> Path:
    """A site of two sidebar pages and twenty pages outside the sidebar (as the measure pages are),
    each offering a data file of its own; no code, so every page is ready for pandoc at once."""
    folder = tmp_path / "wide"
    (folder / "measures").mkdir(parents=True)
    (folder / "_quarto.yml").write_text(
        "project:\n  type: website\n  output-dir: _site\n  render:\n    - /index.qmd\n    - /about.qmd\n"
        "    - /measures/*.md\nwebsite:\n  title: Wide\n  page-navigation: true\n  sidebar:\n"
        "    contents:\n      - index.qmd\n      - about.qmd\n", encoding="utf-8")
    (folder / "index.qmd").write_text("---\ntitle: Home\n---\n\nSee [the first](measures/m00.md).\n", encoding="utf-8")
    (folder / "about.qmd").write_text("---\ntitle: About\n---\n\nAbout the measures.\n", encoding="utf-8")
    for n in range(20):
        (folder / "measures" / f"m{n:02}.csv").write_text(f"year,value\n2025,{n}\n", encoding="utf-8")
        (folder / "measures" / f"m{n:02}.md").write_text(
            f"---\ntitle: Measure {n}\n---\n\n[Download the data](m{n:02}.csv){{.download}}\n{extra}", encoding="utf-8")
    return folder


class Converted:
    """pandoc.convert_many, noting which pages each batch held and, for a batch of other pages,
    whether the companion started while it was in pandoc (it waits up to 20 s for that)."""

    def __init__(self, monkeypatch, first: set[str]) -> None:
        from luton2040.engine import render

        self.first, self.started = first, threading.Event()
        self.batches: list[list[str]] = []
        self.meanwhile: list[bool] = []  # per batch of other pages
        convert = render.pandoc.convert_many

        def noted(pages, args):
            sources = [p.source for p in pages]
            self.batches.append(sources)
            if not set(sources) <= self.first:
                self.meanwhile.append(self.started.wait(timeout=20))
            return convert(pages, args)

        monkeypatch.setattr(render.pandoc, "convert_many", noted)


def test_the_companion_pages_go_to_pandoc_first_and_it_starts_while_the_others_are_converted(tmp_path, monkeypatch):
    folder = _wide_book(tmp_path)
    first = {"index.qmd", "about.qmd"}  # what it reads, and the sidebar's pages (every page shows their titles)
    converted = Converted(monkeypatch, first)
    companion = Recorder(needs=["about.qmd"])
    start = companion.start
    companion.start = lambda staging, env: (start(staging, env), converted.started.set())
    _build(folder, companion)
    ahead = [sources for sources in converted.batches if set(sources) <= first]
    assert sorted(s for sources in ahead for s in sources) == sorted(first)
    assert converted.batches[:len(ahead)] == ahead  # sent to pandoc before any other page
    assert converted.meanwhile and all(converted.meanwhile)  # every other batch was in pandoc when it started
    assert companion.events == ["start", "wait"]
    assert [p for p in companion.seen if p.endswith(".html")] == ["about.html"]  # its page alone, converted and checked
    assert {p for p in companion.seen if p.endswith(".csv")} == {f"measures/m{n:02}.csv" for n in range(20)}
    site = _files(folder / "_site")
    assert {name: data for name, data in companion.seen.items() if not name.endswith(".html")} == \
        {name: data for name, data in site.items() if not name.endswith(".html")}


def test_the_wide_site_is_the_same_byte_for_byte_with_a_companion_or_without(tmp_path):
    sites = []
    for name, companion in (("none", None), ("early", Recorder(["index.qmd"]))):
        folder = _wide_book(tmp_path / name)
        _build(folder, companion)
        sites.append(_files(folder / "_site"))
    assert sites[0] == sites[1]
    assert "measures/m19.csv" in sites[0] and "measures/m19.html" in sites[0]


def test_a_page_using_a_file_its_markdown_did_not_show_restarts_the_companion_once_it_is_written(tmp_path):
    """A reference link (``[data][d]``, ``[d]: file``) is not read from the markdown: the file is
    written only once the page is converted, so the companion, which may have read the site
    without it, is stopped and started again; the site is the one a build without it writes."""
    folder = _wide_book(tmp_path / "late", extra="\nThe [same data][d].\n\n[d]: extra.txt\n")
    (folder / "measures" / "extra.txt").write_text("more\n", encoding="utf-8")
    companion = Recorder(needs=["index.qmd"])
    _build(folder, companion)
    assert companion.events == ["start", "stop", "start", "wait"]
    assert "measures/extra.txt" in companion.seen
    plain = _wide_book(tmp_path / "plain", extra="\nThe [same data][d].\n\n[d]: extra.txt\n")
    (plain / "measures" / "extra.txt").write_text("more\n", encoding="utf-8")
    _build(plain, None)
    assert _files(folder / "_site") == _files(plain / "_site")


def test_a_pandoc_warning_on_a_page_converted_after_the_companion_started_stops_it_and_keeps_the_old_site(tmp_path):
    folder = _wide_book(tmp_path)
    _build(folder, None)
    before = _files(folder / "_site")
    with (folder / "measures" / "m07.md").open("a", encoding="utf-8") as text:
        text.write("\n[a][r] and more.\n\n[r]: https://a.org\n[r]: https://b.org\n")
    companion = Recorder(needs=["index.qmd"])
    with pytest.raises(BuildError) as error:
        _build(folder, companion)
    assert str(error.value).startswith("measures/m07.md: pandoc reported: [WARNING] Duplicate link reference '[r]'")
    assert companion.events[-1] == "stop"
    assert _files(folder / "_site") == before
    assert not list(folder.glob("_site.building-*"))


@pytest.mark.parametrize("after, settles, order", [
    (True, False, ["start", "wait", "post-render"]),
    (False, False, ["start", "post-render", "wait"]),
    (True, True, ["start", "settled", "post-render", "wait"]),
])
def test_a_companion_that_asks_for_it_has_ended_or_settled_before_the_post_render_scripts_run(
        tmp_path, monkeypatch, after, settles, order):
    """The PDF asks (``scripts_after``): Pagefind's memory is then not added to its print workers'.
    One that says when what is left of it is light (``settled``: the PDF's front, folio and merge)
    has the scripts run beside that, and the build still waits for it before it ends."""
    engine_build = importlib.import_module("luton2040.engine.build")  # (the package's `build` is the function)
    folder = _book(tmp_path, "after")
    companion = Recorder(needs=["chapters/numbers.qmd"])
    companion.scripts_after = after
    if settles:
        companion.settled = lambda: companion.events.append("settled")
    run = engine_build.scripts.run

    def noted(names, *args, **kwargs):
        if args[2] == "post-render":
            companion.events.append("post-render")
        return run(names, *args, **kwargs)

    monkeypatch.setattr(engine_build.scripts, "run", noted)
    _build(folder, companion)
    assert companion.events == order
