"""Editions side by side (pure): which editions come before one, where each is published on the
website, and the value each reported for a measure. No files are written here."""
from __future__ import annotations

from dataclasses import dataclass

from .load import Dataset, Edition

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
    if not data.editions:
        return []
    newest = data.edition()
    out = []
    for year in sorted(data.editions, reverse=True):
        e = data.editions[year]
        if year == newest.year:
            out.append((e, str(year), ""))
        else:
            out.append((e, f"{year},{PAST_PROFILE}", str(year)))
    return out
