"""Building editions for real: 2025 is byte-identical with or without the (invented) 2026 data, and
one checkout builds both editions into one _site/ — every page, link, banner and PDF in place."""
from __future__ import annotations

import contextlib
import io
import os
import posixpath
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from project_copy import warm_copy
from editions_helpers import NEW_2026_PROSE
from luton2040 import build
from luton2040.cli import main

BANNER = 'id="quarto-announcement"'
BANNER_DIV = re.compile(r'<div id="quarto-announcement".*?</div>\n')


def _files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def _running_children() -> set[str]:
    """This process's child processes still there, running or ended and not waited for, read from
    /proc: "pid command" ("pid (ended, not waited for)")."""
    found = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            state, parent = stat.read_text(encoding="ascii", errors="replace").rsplit(")", 1)[1].split()[:2]
            command = (stat.parent / "cmdline").read_bytes().replace(b"\0", b" ").decode("utf-8", "replace")
        except (OSError, ValueError):  # ended meanwhile
            continue
        if int(parent) == os.getpid():
            found.add(f"{stat.parent.name} " + ("(ended, not waited for)" if state == "Z" else command.strip()))
    return found


@pytest.fixture(scope="module")
def sites(two_editions, built_project) -> dict[str, Path]:  # two_editions first: it needs no other build
    """The session's two builds from nothing (read-only): 2025 alone from the real data
    (``built_project``), and both editions from the real data with the 2026 data laid over it
    (``two_editions``: 2026 at the root, 2025 built as the past edition under 2025/)."""
    return {"alone": built_project / "_site", "both": two_editions[0] / "_site", "project": two_editions[0]}


def test_2025_is_byte_identical_whatever_later_data_exists(sites):
    """2025 built from nothing beside the 2026 data (the past edition in ``two_editions``) and 2025
    built from nothing alone: every file the same, byte for byte — HTML, CSV, SVG, the PDF and the
    search index —, but for the past edition's banner, exactly one on each page."""
    alone, past = _files(sites["alone"]), _files(sites["both"] / "2025")
    # A past edition has no page not found of its own (_quarto-past.yml): the server shows the root one.
    assert "404.html" in alone and "404.html" in _files(sites["both"])
    del alone["404.html"]
    assert sorted(past) == sorted(alone)
    differ = [name for name in alone if past[name] != alone[name]]
    assert differ and all(name.endswith(".html") for name in differ)
    for name in differ:
        page = past[name].decode("utf-8")
        assert page.count(BANNER) == 1, name
        assert BANNER_DIV.sub("", page, count=1) == alone[name].decode("utf-8"), name


def test_both_editions_in_one_site(sites):
    site = sites["both"]
    assert "Luton 2040 Progress Report 2026" in (site / "index.html").read_text(encoding="utf-8")
    assert "Luton 2040 Progress Report 2025" in (site / "2025" / "index.html").read_text(encoding="utf-8")
    assert (site / "luton-2040-progress-report-2026.pdf").stat().st_size > 10_000
    assert (site / "2025" / "luton-2040-progress-report-2025.pdf").stat().st_size > 10_000
    assert not (site / "luton-2040-progress-report-2025.pdf").exists()
    # Every page of the 2025 edition is there, as a past page (the same HTML plus the banner: see
    # test_2025_is_byte_identical_whatever_later_data_exists); the current pages have no banner.
    alone = {p.relative_to(sites["alone"]).as_posix() for p in sites["alone"].rglob("*.html")}
    current = {p.relative_to(site).as_posix() for p in site.rglob("*.html") if not p.relative_to(site).as_posix().startswith("2025/")}
    past = {p.relative_to(site / "2025").as_posix() for p in (site / "2025").rglob("*.html")}
    assert past == alone - {"404.html"} and current >= alone | {"editions.html"}
    for rel in current:
        assert BANNER not in (site / rel).read_text(encoding="utf-8"), rel


def test_every_link_of_both_editions_resolves(sites):
    site = sites["both"]
    broken = []
    for page in site.rglob("*.html"):
        if "pagefind" in page.parts:
            continue
        rel = page.relative_to(site).as_posix()
        for ref in re.findall(r'(?:href|src)="([^"]+)"', page.read_text(encoding="utf-8")):
            parts = urlsplit(ref)
            if parts.scheme or ref.startswith(("#", "//", "mailto:")) or not parts.path:
                continue
            # a page not found's links start at the site's path ("/": site-url has none), as Quarto's do
            target = posixpath.normpath(unquote(parts.path)[1:] if parts.path.startswith("/") else
                                        posixpath.join(posixpath.dirname(rel), unquote(parts.path)))
            if target.startswith("..") or not (site / target).is_file():
                broken.append(f"{rel}: {ref}")
    assert not broken, "\n".join(broken[:20])
    banner = re.search(r'<div id="quarto-announcement".*?</div>',
                       (site / "2025/chapters/poverty.html").read_text(encoding="utf-8")).group(0)
    # Quarto writes the banner's links as they are on every page: the current report by its address
    assert 'href="https://luton2040.co.uk/"' in banner


def test_editions_page_lists_each_edition_and_pdf(sites):
    text = (sites["both"] / "editions.html").read_text(encoding="utf-8")
    assert 'href="2025/index.html"' in text and 'href="2025/luton-2040-progress-report-2025.pdf"' in text
    assert 'href="luton-2040-progress-report-2026.pdf"' in text
    assert text.index("Report 2026") < text.index("Report 2025")


def test_2026_reports_only_what_the_data_changed(sites):
    site = sites["both"]
    appendix = (site / "appendix" / "measures.html").read_text(encoding="utf-8")
    assert "Change since last report" in appendix and "No new data" in appendix and "+0.9 points" in appendix
    assert "Change since last report" not in (site / "2025" / "appendix" / "measures.html").read_text(encoding="utf-8")
    destitution = (site / "measures" / "destitution.html").read_text(encoding="utf-8")
    assert "In each report" in destitution and "changed from ‘improving’ to ‘getting worse’" in destitution
    smoking = (site / "measures" / "smoking.html").read_text(encoding="utf-8")
    assert "no new data since then" in smoking and "the trend is still" in smoking
    net_zero = (site / "chapters" / "net-zero.html").read_text(encoding="utf-8")
    assert "Lea Valley Cycle Collective" in net_zero
    assert "Lea Valley Cycle Collective" not in (site / "2025" / "chapters" / "net-zero.html").read_text(encoding="utf-8")
    # The 2025 data download still holds only what 2025 published.
    assert b"INVENTED" not in (site / "2025" / "downloads" / "luton-2040-data-2025" / "observations.csv").read_bytes()
    assert b"INVENTED" in (site / "downloads" / "luton-2040-data-2026" / "observations.csv").read_bytes()


def test_a_failing_past_edition_keeps_the_previous_site(sites, tmp_path):
    project = warm_copy(sites["project"], tmp_path / "project")  # the shared build stays as built
    site = project / "_site"
    before = _files(site)
    profile = project / "_quarto-past.yml"
    good = profile.read_text(encoding="utf-8")
    profile.write_text("website: [\n", encoding="utf-8")
    children = _running_children()
    try:
        errors = io.StringIO()
        with contextlib.redirect_stderr(errors), contextlib.redirect_stdout(io.StringIO()):
            code = main(["--project", str(project), "build", "--quiet"])
        assert code == 1 and "_quarto-past.yml" in errors.getvalue()
    finally:
        profile.write_text(good, encoding="utf-8")
    assert _files(site) == before
    assert not list(site.parent.glob("_site.*"))
    # The check failed; the PDF process it warmed meanwhile (the inputs changed) is gone too.
    assert _running_children() - children == set()


def test_new_2026_prose_leaves_every_2025_page_byte_for_byte(sites, two_editions, edited_2026):
    """A published edition never changes: writing the 2026 text (``edited_2026``, which also adds a
    sentence to a 2026 partner file) does not touch the 2025 archive, which is not even rebuilt (its
    output is reused), and 2026 shows the new words. (The session's builds are read-only.)"""
    assert edited_2026["edited"].frozen == ["2025"]
    site = edited_2026["project"] / "_site"
    before = {name: data for name, data in _files(two_editions[0] / "_site").items() if name.startswith("2025/")}
    after = {name: data for name, data in _files(site).items() if name.startswith("2025/")}
    assert sorted(after) == sorted(before)
    assert [name for name in before if before[name] != after[name]] == []
    assert NEW_2026_PROSE in (site / "chapters" / "poverty.html").read_text(encoding="utf-8")
    assert NEW_2026_PROSE not in (site / "2025" / "chapters" / "poverty.html").read_text(encoding="utf-8")
    # and the 2025 pages are the 2025 edition built alone from the real project, banner aside
    assert BANNER_DIV.sub("", after["2025/chapters/poverty.html"].decode("utf-8"), count=1) == \
        (sites["alone"] / "chapters" / "poverty.html").read_text(encoding="utf-8")


def test_edition_2025_rebuilds_the_2025_edition_alone_byte_for_byte(sites, tmp_path, monkeypatch):
    """`luton2040 build --edition 2025` (README, "Next year's edition") in a checkout that also
    holds the 2026 data — a warm copy of ``two_editions``, whose execution cache has seen both
    editions — writes the 2025 edition alone at the root of _site/: every file, the PDF and the
    search index included, byte for byte the 2025 edition built from nothing without the 2026
    data (``built_project``), no banner, nothing of 2026. Its PDF process is started once and is
    gone when the build returns; built again, the edition is put back from the cache, PDF
    included, and no PDF process is started at all."""
    project = warm_copy(sites["project"], tmp_path / "project")
    started, spawn = [], build.PdfAlongside._spawn

    def counted_spawn(self):  # every PDF process the build starts
        started.append(spawn(self))
        return started[-1]

    monkeypatch.setattr(build.PdfAlongside, "_spawn", counted_spawn)
    given, start = [], build.PdfAlongside.start

    def noted_start(self, staging, profile_env):  # what the output folder holds when the PDF is given it
        given.append((sorted(p.name for p in staging.glob("measures/*.html")),
                      (staging / "appendix" / "measures.html").is_file(), len(list(staging.glob("measures/*.svg")))))
        return start(self, staging, profile_env)

    monkeypatch.setattr(build.PdfAlongside, "start", noted_start)
    monkeypatch.delenv("LUTON2040_EDITION", raising=False)
    monkeypatch.delenv("QUARTO_PROFILE", raising=False)
    before = _running_children()

    def build_2025() -> None:
        errors = io.StringIO()
        with contextlib.redirect_stderr(errors), contextlib.redirect_stdout(io.StringIO()):
            code = main(["--project", str(project), "build", "--edition", "2025", "--quiet"])
        assert code == 0, errors.getvalue()

    build_2025()
    alone, rebuilt = _files(sites["alone"]), _files(project / "_site")
    assert sorted(rebuilt) == sorted(alone)
    assert [name for name in alone if rebuilt[name] != alone[name]] == []
    assert _running_children() - before == set()
    assert len(started) == 1  # printed by the one process, warmed while the site was made
    # given the book's pages and every other file (the measure charts), before any measure page
    assert given == [([], True, len(list((project / "_site" / "measures").glob("*.svg"))))]
    assert given[0][2] > 0 and len(list((project / "_site" / "measures").glob("*.html"))) > 0

    started.clear()
    build_2025()
    assert _files(project / "_site") == alone
    assert _running_children() - before == set()
    assert started == []  # the edition is put back as it was, PDF included: no PDF process at all
