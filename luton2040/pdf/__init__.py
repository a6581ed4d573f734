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
from typing import Callable

from luton2040.errors import BuildError
from luton2040.pdf.assemble import assemble
from luton2040.pdf.book import read_book, read_priorities
from luton2040.pdf.page_cache import PageCache
from luton2040.pdf.parts import CROSS_PART, BookPages, cross_part_destination, print_book
from luton2040.pdf.site_files import SiteFiles
from luton2040.pdf.workers import PartPrinter, package_digest, page_shapes

# Pages of the cover and contents assumed before they are printed (corrected if wrong).
FRONT_PAGES = 2
# The last build's merged document (merge.Merge), let go when the next build starts or the process
# ends, not as soon as the PDF is written: freeing it took 0.18 s at ten times the measures, at the
# very end of the build, and a process that ends with os._exit once its PDF is written never pays it.
_last_merge: list = []

__all__ = ["build_pdf", "print_html"]


def print_html(project_dir: Path, output_dir: Path) -> str:
    """The one print HTML document for the book rendered in `output_dir` (no PDF written)."""
    project_dir = Path(project_dir)
    output_dir = Path(output_dir)
    return assemble(read_book(project_dir), read_priorities(project_dir), output_dir)


def build_pdf(project_dir: Path, output_dir: Path, settled: Callable[[], None] | None = None) -> Path:
    """Write `<output_dir>/<pdf_name>.pdf` (data/editions/<year>.yml) from the rendered pages and return its path.

    When the pages and every other file the print document could use are byte for byte those of
    the last print, the PDF is that print's, copied from the cache without assembling or printing.
    Otherwise the book is printed in parts (parts.py) on up to two processes, each page read by
    the process that prints it (this one reads none), each part's PDF reused when its HTML has not
    changed (workers.py), and the parts merged into one tagged PDF (merge.py).

    ``settled()`` is called (once) as soon as what is left of the print is light: when the
    book's pages are printed (or found in the cache) — the front and folio, often reused, and the
    merge are short and use little memory — or at the start, when the page cache has every book
    page as it is now but one (one part to read and print keeps one core busy). A caller may run other
    work beside it from then on (``luton2040 build`` indexes the site).

    Raises InputError for a bad _quarto.yml or data/priorities.csv, and BuildError for missing or
    malformed pages and for any WeasyPrint warning not listed in `render.KNOWN_HARMLESS`.
    """
    settled = _once(settled or (lambda: None))
    _last_merge.clear()
    project_dir = Path(project_dir).resolve()
    output_dir = Path(output_dir)
    if not output_dir.is_absolute():
        output_dir = project_dir / output_dir
    book = read_book(project_dir)
    priorities = read_priorities(project_dir)
    target = output_dir / f"{book.output_file}.pdf"
    site, package = SiteFiles(output_dir, book), package_digest()
    cached = _cache_path(project_dir, book, priorities, site, package)
    if cached.is_file():  # the same inputs give the same bytes: no need to print it again
        settled()
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(cached, target)
        return target
    pages = PageCache(cached.parent / "pages", site, package)
    printer = PartPrinter(cached.parent / "parts", book.date, [output_dir], package=package)
    book_pages = BookPages.of(book, priorities, output_dir)
    if sum(not pages.kept(page, *book_pages.priority_maps()) for page in book.pages) <= 1:
        settled()  # one page to read again and print at most: one core
    if not _print_in_parts(book_pages, pages, printer, target, settled):
        target.unlink(missing_ok=True)
        raise BuildError(f"{target.name}: WeasyPrint reported problems, so the PDF was not kept:\n"
                         + "\n".join(printer.problems))
    pages.forget_unused()
    printer.forget_unused()
    for old in cached.parent.glob("*.pdf"):  # keep only this book's newest PDF
        old.unlink()
    tmp = cached.with_suffix(".tmp")
    shutil.copyfile(target, tmp)
    os.replace(tmp, cached)
    return target


def _once(call: Callable[[], None]) -> Callable[[], None]:
    done = []

    def once() -> None:
        if not done:
            done.append(True)
            call()

    return once


def _print_in_parts(book: BookPages, pages: PageCache, printer: PartPrinter, target: Path,
                    settled: Callable[[], None]) -> bool:
    """Print the book's pages (each read where it is printed, through `pages`), then (after
    ``settled()``) the front (its contents needs their page counts) with the folio, and merge
    them into `target`; False when WeasyPrint reported a problem. The pages' parts are appended to
    the merge while the front and folio print (this process is idle then, and the pages' workers
    are gone: the memory peak is theirs, not the merge's)."""
    from luton2040.pdf.merge import Merge  # (pikepdf only when there is something to merge)

    printed = printer.print_pages(book, pages)
    if printed is None:
        return False
    settled()
    shapes = printed.shapes
    parts = print_book(book, printed.chapters)
    with Merge(CROSS_PART, lambda rest: cross_part_destination(rest, printed.ids)) as merging:
        waiting = list(printed.paths)

        def append_pages() -> None:  # once, beside the first print of the front and folio
            merging.add(waiting)
            waiting.clear()

        front_pages = FRONT_PAGES
        for _ in range(3):  # the front's own length moves the numbers it prints: print until they agree
            figures = len(str(front_pages + sum(len(shape) for shape in shapes)))
            done = printer.print([parts.front(front_pages, [len(shape) for shape in shapes]), parts.folio(figures)],
                                 meanwhile=append_pages)
            if done is None:
                return False
            front, folio = done
            printed_front = len(page_shapes(front))
            if printed_front == front_pages:
                break
            front_pages = printed_front
        else:
            raise BuildError(f"{target.name}: the contents page count does not settle — shorten the contents")
        merging.finish(front, folio, target)
        _last_merge.append(merging)
    return True


def _cache_path(project_dir: Path, book, priorities, site: SiteFiles, package: str) -> Path:
    """Where the PDF printed from exactly these inputs is kept between builds. The key covers the
    book and priorities as read, the rendered files the print can use (`site`), the WeasyPrint
    version and every file of this package (styles and fonts included: `package`)."""
    digest = hashlib.sha256(f"{package}|{book!r}|{priorities!r}|{site.listing_digest()}".encode())
    return project_dir / ".luton2040-cache" / "pdf" / book.output_file / f"{digest.hexdigest()[:32]}.pdf"
