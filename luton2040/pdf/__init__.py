"""The print step: the rendered site pages, in book order, made into one designed PDF by WeasyPrint.

Works on the embedded engine's HTML and on Quarto's alike (see docs/architecture.md, "Engine ↔ PDF
contract"). Only `build_pdf` is public. Besides `luton2040.errors`, `luton2040.pdf` uses the engine's
reader of _quarto.yml (the reading order), the edition files' loader (cover, date, PDF name) and
the data tables' reader (priority colours): it parses no project file itself.
"""
from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

from luton2040.errors import BuildError
from luton2040.pdf.assemble import assemble
from luton2040.pdf.book import read_book, read_priorities
from luton2040.pdf.render import harmful, render_pdf

__all__ = ["build_pdf", "print_html"]


def print_html(project_dir: Path, output_dir: Path) -> str:
    """The one print HTML document for the book rendered in `output_dir` (no PDF written)."""
    project_dir = Path(project_dir)
    output_dir = Path(output_dir)
    return assemble(read_book(project_dir), read_priorities(project_dir), output_dir)


def build_pdf(project_dir: Path, output_dir: Path) -> Path:
    """Write `<output_dir>/<pdf_name>.pdf` (data/editions/<year>.yml) from the rendered pages and return its path.

    When the pages and every other file the print document could use are byte for byte those of
    the last print, the PDF is that print's, copied from the cache without assembling or printing.

    Raises InputError for a bad _quarto.yml or data/priorities.csv, and BuildError for missing or
    malformed pages and for any WeasyPrint warning not listed in `render.KNOWN_HARMLESS`.
    """
    project_dir = Path(project_dir).resolve()
    output_dir = Path(output_dir)
    if not output_dir.is_absolute():
        output_dir = project_dir / output_dir
    book = read_book(project_dir)
    priorities = read_priorities(project_dir)
    target = output_dir / f"{book.output_file}.pdf"
    cached = _cache_path(project_dir, book, priorities, output_dir)
    if cached.is_file():  # the same inputs give the same bytes: no need to print it again
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(cached, target)
        return target
    html = assemble(book, priorities, output_dir)
    # Every resource is inlined or a package file, so the base URL is only a fallback; a fixed one
    # keeps the output independent of where the project lives.
    messages = harmful(render_pdf(html, target, base_url="file:///luton2040-print/",
                                   when=book.date, allowed=[output_dir]))
    if messages:
        target.unlink(missing_ok=True)
        raise BuildError(f"{target.name}: WeasyPrint reported problems, so the PDF was not kept:\n"
                         + "\n".join(messages))
    shutil.rmtree(cached.parent, ignore_errors=True)  # keep only this book's newest PDF
    cached.parent.mkdir(parents=True)
    tmp = cached.with_suffix(".tmp")
    shutil.copyfile(target, tmp)
    os.replace(tmp, cached)
    return target


def _site_files(output_dir: Path, book) -> list[Path]:
    """The files a print of ``output_dir`` can read: the book's pages, and every file that is not a
    page, a PDF or the search index (images and anything else a page could inline)."""
    pages = {output_dir / page.html for page in book.pages}
    found = []
    for folder, subfolders, names in os.walk(output_dir):
        subfolders[:] = sorted(d for d in subfolders if d != "pagefind")
        for name in sorted(names):
            path = Path(folder) / name
            if path in pages or not name.endswith((".html", ".pdf")):
                found.append(path)
    return found


def _cache_path(project_dir: Path, book, priorities, output_dir: Path) -> Path:
    """Where the PDF printed from exactly these inputs is kept between builds. The key covers the
    book and priorities as read, the rendered files the print can use, the WeasyPrint version and
    every file of this package (styles and fonts included) — all read, none parsed."""
    digest = hashlib.sha256(f"{_weasyprint_version()}|{book!r}|{priorities!r}".encode())
    for path in _site_files(output_dir, book):
        digest.update(b"\0" + path.relative_to(output_dir).as_posix().encode() + b"\0" + path.read_bytes())
    here = Path(__file__).parent
    for path in sorted(p for p in here.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        digest.update(b"\0" + path.relative_to(here).as_posix().encode() + b"\0" + path.read_bytes())
    return project_dir / ".luton2040-cache" / "pdf" / book.output_file / f"{digest.hexdigest()[:32]}.pdf"


def _weasyprint_version() -> str:
    from importlib.metadata import version

    return version("weasyprint")
