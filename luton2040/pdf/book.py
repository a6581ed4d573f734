"""Read what the PDF step needs from the project: the book (order from the engine's reading of
_quarto.yml, cover from the edition file) and the priority colours (from the data tables' reader):
no parser of its own."""
from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from luton2040.errors import InputError, Problem

SOURCE_SUFFIXES = (".qmd", ".md", ".ipynb", ".Rmd", ".rmd")


@dataclass(frozen=True)
class Page:
    """One page of the book, in book order."""

    source: str  # as written in _quarto.yml, e.g. "chapters/net-zero.qmd"
    html: str  # path of the rendered page inside the output dir, e.g. "chapters/net-zero.html"
    slug: str  # unique, anchor-safe: "chapters-net-zero"
    part: str | None  # title of the part it belongs to, if any
    appendix: bool


@dataclass(frozen=True)
class Book:
    """The book metadata and page order from _quarto.yml."""

    title: str
    subtitle: str
    author: str
    date: date
    output_file: str
    site_url: str
    lang: str
    pages: tuple[Page, ...]

    @property
    def year(self) -> int:
        """The edition year: the year of the book date."""
        return self.date.year


@dataclass(frozen=True)
class Priority:
    """A priority's id, title and colour (from data/priorities.csv)."""

    id: str
    title: str
    colour: str


def html_path(source: str) -> str:
    """The output path of a rendered source file ("chapters/x.qmd" → "chapters/x.html")."""
    stem, suffix = posixpath.splitext(source)
    return stem + ".html" if suffix in SOURCE_SUFFIXES else source


def page_slug(html: str) -> str:
    """An anchor-safe, unique name for a page ("chapters/net-zero.html" → "chapters-net-zero")."""
    stem = posixpath.splitext(html)[0]
    return re.sub(r"[^A-Za-z0-9_-]+", "-", stem).strip("-") or "page"


def read_book(project_dir: Path) -> Book:
    """The PDF's reading order and cover from the records the engine reads.

    Order: the pages ``website.sidebar.contents`` names in ``_quarto.yml`` (the engine's
    ``SiteConfig.chapters``; a section is a part, the "Appendices" section the appendices, glob
    sections such as the measure pages are left out). Title: ``website.title``. Subtitle, date,
    PDF name and author: the edition's ``data/editions/<year>.yml`` (``subtitle``,
    ``publication_date``, ``pdf_name``, ``welcome_author``), the year being the profile being
    rendered ($QUARTO_PROFILE, else ``profile.default``), else the newest edition — a Quarto
    website has no keys for them (``website`` is a closed schema in quarto-cli
    src/resources/schema/definitions.yml). InputError lists every problem.
    """
    from luton2040.data.load import EDITIONS_DIR

    config, year, edition, problems = _edition(Path(project_dir))
    if edition is None and not problems:  # (an edition file that does not load is reported already)
        problems.append(Problem(f"{EDITIONS_DIR}/{year}.yml" if year else EDITIONS_DIR, None, None,
                                "the PDF needs this edition's file (its subtitle, date and PDF name)",
                                "create it with `luton2040 new-edition`, or copy last year's"))
    if not config.title:
        problems.append(Problem("_quarto.yml", None, None, "website.title is missing (it is the PDF's title)",
                                "add `title:` under website: in the edition's profile _quarto-<year>.yml"))
    if problems:
        raise InputError(problems)
    pages = tuple(Page(c.file, html_path(c.file), page_slug(html_path(c.file)), c.part, c.appendix)
                  for c in config.chapters)
    output_file = edition.pdf_name
    output_file = posixpath.splitext(output_file)[0] if output_file.endswith(".pdf") else output_file
    return Book(
        title=config.title,
        subtitle=edition.subtitle,
        author=edition.welcome_author,
        date=edition.publication_date,
        output_file=output_file,
        site_url=config.site_url.rstrip("/"),
        lang=config.lang,  # Quarto's default "en" when _quarto.yml sets none, as on the website
        pages=pages,
    )


def _edition(project_dir: Path):
    """(the engine's config, the year of the edition being rendered, its Edition or None, the
    problems of the edition files): the profile being rendered ($QUARTO_PROFILE, else
    ``profile.default``), else the newest edition."""
    from luton2040.engine.config import load as load_config
    from luton2040.data.load import load_editions

    config = load_config(project_dir)
    editions, problems = load_editions(project_dir)
    years = [int(p) for p in config.profiles if p.isdigit() and len(p) == 4]
    year = years[0] if years else (max(editions) if editions else None)
    return config, year, (editions.get(year) if year is not None else None), problems


def read_priorities(project_dir: Path) -> list[Priority]:
    """Id, title and colour of each priority, in file order, as the edition being printed (the one
    ``read_book`` prints) published them: a past edition's from its record, so a priority renamed
    or recoloured for a later report leaves its PDF as it was (``load.edition_rows``: the data
    layer's one reading of data/priorities.csv or of the record, the id pattern and ``#rrggbb``
    colour being datapackage.json's constraints); InputError lists every problem with its line."""
    from luton2040.data.load import edition_rows

    _, _, edition, _ = _edition(Path(project_dir))
    return [Priority(r["id"], r["title"] or r["id"], r["colour"].lower())
            for r in edition_rows(Path(project_dir), edition, "priorities")]
