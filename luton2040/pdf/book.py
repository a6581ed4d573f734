"""Read what the PDF step needs from the project: the book (order, metadata) and the priority colours."""
from __future__ import annotations

import csv
import posixpath
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import yaml

from luton2040.errors import InputError, Problem

SOURCE_SUFFIXES = (".qmd", ".md", ".ipynb", ".Rmd", ".rmd")
COLOUR = re.compile(r"#[0-9a-fA-F]{6}")


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


def _key_line(text: str, key: str) -> int | None:
    """1-based line of the first `key:` in the YAML text (for error messages)."""
    for number, line in enumerate(text.splitlines(), 1):
        if re.match(rf"\s*{re.escape(key)}\s*:", line):
            return number
    return None


def _with_profiles(project_dir: Path, config: dict) -> tuple[dict, list[tuple[str, str]]]:
    """The configuration with the active Quarto profiles' ``_quarto-<profile>.yml`` merged in
    (as the engine and Quarto read it; $QUARTO_PROFILE names them during a render)."""
    from luton2040.engine.config import active_profiles, merge, profile_file

    read = []
    for profile in active_profiles(config, None):
        path = project_dir / profile_file(profile)
        if path.is_file():
            try:
                extra = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
            except yaml.YAMLError as error:
                mark = getattr(error, "problem_mark", None)
                raise InputError([Problem(path.name, mark.line + 1 if mark else None, None,
                                          f"not valid YAML: {getattr(error, 'problem', error)}",
                                          "fix the indentation or quoting")])
            config = merge(config, extra)
            read.append((path.name, path.read_text(encoding="utf-8")))
    return config, read


def read_book(project_dir: Path) -> Book:
    """Read book order and metadata from `<project_dir>/_quarto.yml`; InputError lists every problem."""
    path = project_dir / "_quarto.yml"
    name = "_quarto.yml"
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError([Problem(name, None, None, "not found", f"run from the project folder ({project_dir})")])
    try:
        config = yaml.safe_load(text) or {}
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark else None
        raise InputError([Problem(name, line, None, f"not valid YAML: {getattr(error, 'problem', error)}",
                                  "fix the indentation or quoting")])
    profiles: list[tuple[str, str]] = []
    if isinstance(config, dict):
        config, profiles = _with_profiles(project_dir, config)

    def where(key: str) -> tuple[str, int | None]:
        """The file (the last profile that sets it, else _quarto.yml) and line of a book key."""
        for profile_name, profile_text in reversed(profiles):
            found = _key_line(profile_text, key)
            if found is not None:
                return profile_name, found
        return name, _key_line(text, key)

    problems: list[Problem] = []
    book = config.get("book") if isinstance(config, dict) else None
    if not isinstance(book, dict):
        raise InputError([Problem(name, None, None, "has no `book:` section", "add book: with title, chapters …")])

    def text_field(key: str, required: bool = True) -> str:
        value = book.get(key)
        if value is None or str(value).strip() == "":
            if required:
                problems.append(Problem(name, _key_line(text, "book"), None, f"book.{key} is missing",
                                        f"add `{key}:` under book:"))
            return ""
        return str(value).strip()

    title = text_field("title")
    when = book.get("date")
    if isinstance(when, date):
        book_date = when
    else:
        try:
            book_date = date.fromisoformat(str(when).strip())
        except ValueError:
            problems.append(Problem(*where("date"), None,
                                    f"book.date {when!r} is not a date",
                                    "write it as YYYY-MM-DD (it dates the PDF and gives the edition year)"))
            book_date = date(1970, 1, 1)
    output_file = text_field("output-file", required=False)
    if not output_file:
        output_file = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-") or "book"
    output_file = posixpath.splitext(output_file)[0] if output_file.endswith(".pdf") else output_file

    pages: list[Page] = []

    def add(entry, part: str | None, appendix: bool, key: str) -> None:
        if isinstance(entry, str):
            source = entry.strip()
            html = html_path(source)
            pages.append(Page(source, html, page_slug(html), part, appendix))
        elif isinstance(entry, dict) and "part" in entry:
            part_value = str(entry["part"])
            part_title = part_value
            if part_value.endswith(SOURCE_SUFFIXES):
                add(part_value, part_value, appendix, key)  # a part page renders like a chapter
            for child in entry.get("chapters") or []:
                add(child, part_title, appendix, key)
        elif isinstance(entry, dict) and "href" in entry:
            add(str(entry["href"]), part, appendix, key)
        else:
            problems.append(Problem(name, _key_line(text, key), None,
                                    f"book.{key} has an entry the PDF step cannot read: {entry!r}",
                                    "use a file name, or `- part: …` with `chapters:`"))

    for key, appendix in (("chapters", False), ("appendices", True)):
        entries = book.get(key) or []
        if not isinstance(entries, list):
            problems.append(Problem(name, _key_line(text, key), None, f"book.{key} is not a list",
                                    "list one file per line, each starting with `- `"))
            continue
        for entry in entries:
            add(entry, None, appendix, key)
    if not pages:
        problems.append(Problem(name, _key_line(text, "book"), None, "book.chapters lists no pages",
                                "list the chapter files under book: chapters:"))
    seen: set[str] = set()
    for page in pages:
        if page.slug in seen:
            problems.append(Problem(name, _key_line(text, "chapters"), None,
                                    f"{page.source} is listed twice", "list each page once"))
        seen.add(page.slug)
    if problems:
        raise InputError(problems)
    return Book(
        title=title,
        subtitle=text_field("subtitle", required=False),
        author=text_field("author", required=False),
        date=book_date,
        output_file=output_file,
        site_url=text_field("site-url", required=False).rstrip("/"),
        lang=str(config.get("lang") or "en-GB"),
        pages=tuple(pages),
    )


def read_priorities(project_dir: Path) -> list[Priority]:
    """Read id, title and colour of each priority from data/priorities.csv (other columns ignored)."""
    path = project_dir / "data" / "priorities.csv"
    name = "data/priorities.csv"
    if not path.exists():
        return []
    problems: list[Problem] = []
    priorities: list[Priority] = []
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = {"id", "title", "colour"} - set(reader.fieldnames or [])
        if missing:
            raise InputError([Problem(name, 1, None, f"missing column(s): {', '.join(sorted(missing))}",
                                      "the header needs id, title and colour")])
        for row in reader:
            line = reader.line_num
            ident = (row.get("id") or "").strip()
            colour = (row.get("colour") or "").strip()
            if not re.fullmatch(r"[a-z0-9-]+", ident):
                problems.append(Problem(name, line, "id", f"id {ident!r} is not a lowercase slug",
                                        "use letters, digits and hyphens, e.g. net-zero"))
                continue
            if not COLOUR.fullmatch(colour):
                problems.append(Problem(name, line, "colour", f"colour {colour!r} is not a #rrggbb colour",
                                        "write it like #0f6e66"))
                continue
            priorities.append(Priority(ident, (row.get("title") or ident).strip(), colour.lower()))
    if problems:
        raise InputError(problems)
    return priorities
