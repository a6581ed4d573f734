"""Editions side by side: which edition is being built (one rule, ``current``), which editions come
before one, and where each is published on the website. No files are written here."""
from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass

from luton2040.data.load import Dataset, Edition

#: Set by Quarto (and the embedded engine) for the scripts and cells of a render: "2025", "2024,past".
PROFILE_VARIABLE = "QUARTO_PROFILE"
#: A reader's choice of edition outside a render (a notebook, `luton2040 build`).
EDITION_VARIABLE = "LUTON2040_EDITION"


def requested_year(profile: str | None = None, environ: Mapping[str, str] | None = None) -> int | None:
    """The edition year asked for, by one rule: the year in ``profile`` ("2025", "2024,past") when
    one is given; else the year in $QUARTO_PROFILE, the profile being rendered, so a page always
    shows the edition its profile titles; else $LUTON2040_EDITION; else None (the newest)."""
    if profile is not None:
        return _year_in(profile)
    environ = os.environ if environ is None else environ
    year = _year_in(environ.get(PROFILE_VARIABLE) or "")
    if year is None and (environ.get(EDITION_VARIABLE) or "").strip().isdigit():
        year = int(environ[EDITION_VARIABLE].strip())
    return year


def _year_in(profile: str) -> int | None:
    return next((int(p.strip()) for p in profile.split(",") if p.strip().isdigit() and len(p.strip()) == 4), None)


def current(data: Dataset, profile: str | None = None, environ: Mapping[str, str] | None = None) -> Edition:
    """The edition being built or read (see ``requested_year``); InputError if it has no file."""
    return data.edition(requested_year(profile, environ))

#: The website's layout: the newest edition at the root, each older one in a folder named after its year.
PAST_PROFILE = "past"


def editions_up_to(data: Dataset, edition: Edition) -> list[Edition]:
    """Every edition published up to and including ``edition``, oldest first."""
    return [data.editions[y] for y in sorted(data.editions) if y <= edition.year]


def previous_edition(data: Dataset, edition: Edition) -> Edition | None:
    """The edition published before ``edition``, or None for the first one."""
    earlier = [y for y in data.editions if y < edition.year]
    return data.editions[max(earlier)] if earlier else None


def site_folder(edition: Edition, current: Edition) -> str:
    """Where ``edition`` lives on the website that ``current`` is the newest edition of:
    '' for the current one (the site's root), '<year>/' for an older one."""
    return "" if edition.year == current.year else f"{edition.year}/"


@dataclass(frozen=True)
class EditionLink:
    """One edition as the editions page lists it (hrefs relative to the site's root)."""

    edition: Edition
    page: str
    pdf: str
    current: bool


def edition_links(data: Dataset, current: Edition) -> list[EditionLink]:
    """Every edition up to ``current``, newest first, with its home page and PDF on the website."""
    out = []
    for e in reversed(editions_up_to(data, current)):
        folder = site_folder(e, current)
        out.append(EditionLink(e, f"{folder}index.html", f"{folder}{e.pdf_name}.pdf", e.year == current.year))
    return out


def profiles_to_build(data: Dataset) -> list[tuple[Edition, str, str]]:
    """(edition, Quarto profile, output folder under the site) for every edition, newest first:
    the newest at the root with its own profile, each older one under '<year>/' with the 'past'
    profile added (its banner points to the newest)."""
    return profiles_for(data.editions)


def profiles_for(editions: dict[int, Edition]) -> list[tuple[Edition, str, str]]:
    """``profiles_to_build`` from the edition files alone (for checking before the data loads)."""
    if not editions:
        return []
    newest = editions[max(editions)]
    out = []
    for year in sorted(editions, reverse=True):
        e = editions[year]
        if year == newest.year:
            out.append((e, str(year), ""))
        else:
            out.append((e, f"{year},{PAST_PROFILE}", str(year)))
    return out
