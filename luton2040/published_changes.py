"""A build that changes a report already published: said, with the pages it changed.

An edition is frozen once the next one starts (``luton2040 new-edition`` records what it used:
data/published.py). Until then the newest edition is built from the current files, so a row added
to data/observations.csv for a period before its cut-off — last year's wages, published late —
goes into it, even after its publication date. That may be a correction meant for the published
report, or a figure meant for next year's that was added before next year's edition was started;
only the analyst knows which, so the build says which pages of the published report changed, and
what to do if the change was meant for next year.

The comparison is with the output folder the last build left (the newest edition at its root):
each page, PDF and data file's digest before and after, leaving out past editions' year folders,
the search index and the page libraries. It is not a record of what was published (a fresh clone,
or a build after ``rm -rf _site``, has nothing to compare with; undoing a change is a change from
the last build too): what is published is only known for certain once the next edition starts.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import threading
from pathlib import Path
from typing import Callable

from luton2040.errors import Problem

#: what an edition publishes: its pages, its PDF, its data downloads
PUBLISHED = (".html", ".pdf", ".csv", ".zip")
#: folders of the output that are not the newest edition's pages: the search index, page libraries
NOT_PAGES = ("pagefind", "site_libs")
#: how many changed files the warning names
NAMED = 4


def fingerprint(site: Path) -> dict[str, str]:
    """path → sha256 of each file the edition at the root of ``site`` publishes (``PUBLISHED``),
    not counting past editions' ``<year>/`` folders or ``NOT_PAGES``; empty when there is no site."""
    found: dict[str, str] = {}
    if not site.is_dir():
        return found
    for path in site.rglob("*"):
        rel = path.relative_to(site).as_posix()
        top = rel.split("/", 1)[0]
        if "/" in rel and (top.isdigit() or top in NOT_PAGES):
            continue
        if path.suffix in PUBLISHED and path.is_file():
            found[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


def fingerprints(site: Path) -> dict[str, dict[str, str]]:
    """``fingerprint`` of the newest edition (key "") and of each past edition's ``<year>/`` folder
    (key the year): a past edition is frozen, so a change to its files is said too (``past_warnings``)."""
    found = {"": fingerprint(site)}
    if site.is_dir():
        found.update({path.name: fingerprint(path) for path in site.iterdir() if path.name.isdigit() and path.is_dir()})
    return found


def fingerprint_beside(site: Path) -> Callable[[], dict[str, dict[str, str]]]:
    """``fingerprints(site)`` taken on a thread while the build checks and renders (before it
    replaces ``site``); the function returned waits for it."""
    found: dict[str, dict[str, str]] = {}
    thread = threading.Thread(target=lambda: found.update(fingerprints(site)), name="luton2040-published", daemon=True)
    thread.start()

    def result() -> dict[str, dict[str, str]]:
        thread.join()
        return found
    return result


def changed(before: dict[str, str], after: dict[str, str]) -> list[str]:
    """The files added, removed or changed, pages first, then the PDF and the downloads."""
    names = [rel for rel in before.keys() | after.keys() if before.get(rel) != after.get(rel)]
    return sorted(names, key=lambda rel: (not rel.endswith(".html"), rel))


def warning(edition, pdf: str, before: dict[str, str], after: dict[str, str], today: dt.date) -> Problem | None:
    """The warning for a build of ``edition`` (its PDF file ``pdf``) that changed what the last build
    published, once its publication date has passed; None otherwise, or when the last build was of
    another edition (its PDF is not there) or there was none."""
    if edition.publication_date is None or edition.publication_date > today or pdf not in before:
        return None
    names = changed(before, after)
    if not names:
        return None
    shown = ", ".join(names[:NAMED]) + (f" and {len(names) - NAMED} more" if len(names) > NAMED else "")
    published = f"{edition.publication_date.day} {edition.publication_date:%B %Y}"
    return Problem(
        f"data/editions/{edition.year}.yml", None, None,
        f"the {edition.year} report was published on {published}, and this build changed {len(names)} of its "
        f"files from the last build's: {shown}",
        f"if this corrects the published report (or puts back what it published), publish the new site; if the "
        f"change is meant for the {edition.year + 1} report, undo it, start that report (luton2040 new-edition "
        f"{edition.year + 1}), which freezes the {edition.year} one as published, and make the change again",
        severity="warning")


def past_warnings(before: dict[str, dict[str, str]], after: dict[str, dict[str, str]], newest: int) -> list[Problem]:
    """A warning for each past edition (a ``<year>/`` folder of both ``fingerprints``) whose files
    this build changed. Its own inputs are refused when edited (data/published.py), so what changed
    it is a file every edition shares: a page's title or words outside its edition blocks, an
    appendix page, ``_quarto.yml``, the styles, or the builder."""
    said = []
    for year in sorted(set(before) & set(after) - {""}):
        names = changed(before[year], after[year])
        if not names:
            continue
        shown = ", ".join(names[:NAMED]) + (f" and {len(names) - NAMED} more" if len(names) > NAMED else "")
        said.append(Problem(
            f"data/editions/{year}.yml", None, None,
            f"the {year} report is kept as published since the {newest} report started, and this build changed "
            f"{len(names)} of its files from the last build's: {shown}",
            "a file every edition shares was changed (a page's title or words outside its edition blocks, an "
            "appendix page, _quarto.yml, the styles or the builder): undo the change, unless it is meant for the "
            f"published {year} report too; then publish the new site", severity="warning"))
    return said
