"""Print parts of the book on up to two processes, each part's PDF kept in a cache by its inputs.

A part's PDF depends only on its HTML (images inlined, styles in the head), this package's files
(styles, fonts, code) and WeasyPrint's version, so that is its cache key. The book's pages are read
where they are printed: each job reads one page (through the page cache), makes its part, and prints
it unless its PDF is kept (``print_pages``); the parent gets back the page's chapter record, ids and
problems, never its tree. WeasyPrint's warnings come back to the parent, which judges them with
``render.harmful``; a part that warned is not kept.
"""
from __future__ import annotations

import calendar
import dataclasses
import gc
import hashlib
import multiprocessing
import os
import re
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Callable

from luton2040.errors import BuildError
from luton2040.pdf.assemble import PAGE_PROBLEMS, Chapter
from luton2040.pdf.book import Page
from luton2040.pdf.page_cache import PageCache
from luton2040.pdf.parts import BookPages, Part, page_part
from luton2040.pdf.render import end_when_stopped, harmful, render_pdf

# Every resource is inlined or a package file, so the base URL is only a fallback; a fixed one keeps
# the output independent of where the project lives.
BASE_URL = "file:///luton2040-print/"
MAX_WORKERS = 2
#: The modules outside luton2040/pdf/ whose code shapes a printed page: the font table's reader
#: (its fonts and table are in pdf/fonts/).
OUTSIDE = (Path(__file__).resolve().parents[1] / "fonts.py",)


def weasyprint_version() -> str:
    from importlib.metadata import version

    return version("weasyprint")


def package_digest() -> str:
    """A digest of WeasyPrint's version, every file of this package (code, styles and fonts) and the
    modules outside it that shape a printed page (``OUTSIDE``)."""
    digest = hashlib.sha256(weasyprint_version().encode())
    here = Path(__file__).parent
    for path in sorted(p for p in here.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        digest.update(b"\0" + path.relative_to(here).as_posix().encode() + b"\0" + path.read_bytes())
    for path in OUTSIDE:  # what the print uses from outside this package
        digest.update(b"\0" + path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def _epoch(when: date) -> str:
    return str(calendar.timegm(when.timetuple()))


def _start_worker(epoch: str) -> None:
    """Each worker: the fonts dated from the book (as render_pdf does), WeasyPrint imported once,
    and ended cleanly when stopped or when the process that started it is gone (``end_when_stopped``:
    a killed PDF process would otherwise leave its workers printing)."""
    os.environ["SOURCE_DATE_EPOCH"] = epoch
    end_when_stopped(worker=True)
    import weasyprint  # noqa: F401


DATA_URI = re.compile(r'data:[^"\'\s)]*')


def _weight(html: str) -> int:
    """How long a part takes to print, roughly: the length of its HTML without embedded pictures
    (a long table takes longer to lay out than a picture of the same size in base64)."""
    return len(html) - sum(len(uri) for uri in DATA_URI.findall(html))


def _print_part(html: str, target: str, when: date, allowed: list[Path]) -> list[str]:
    return render_pdf(html, Path(target), base_url=BASE_URL, when=when, allowed=allowed)


def part_key(package: str, html: str) -> str:
    """The name a part's PDF is kept under: a digest of `package` (``package_digest``) and its HTML."""
    return hashlib.sha256(f"{package}\0{html}".encode()).hexdigest()[:32]


def page_shapes(pdf: Path) -> list[bool]:
    """For each page of `pdf`: is it landscape?"""
    import pikepdf

    with pikepdf.open(pdf) as document:
        return [float(page.mediabox[2]) > float(page.mediabox[3]) for page in document.pages]


@dataclass(frozen=True)
class PrintedPage:
    """What printing one book page gives its parent (no tree, no HTML: the parent needs neither)."""

    chapter: Chapter | None  # None when the page could not be read (``problems`` says why)
    ids: frozenset[str]
    problems: tuple[str, ...]
    path: Path | None  # where its PDF is kept
    printing: Path | None  # where it was printed, when it was (moved to `path` once its messages are judged)
    messages: tuple[str, ...]  # WeasyPrint's
    shapes: tuple[bool, ...]  # its pages: landscape?
    cache: PageCache  # the page cache's record of this job (``used``, ``parsed``)


def _print_page(pages: BookPages, page: Page, cache: PageCache, cache_dir: Path, package: str, when: date,
                allowed: list[Path]) -> PrintedPage:
    """Read `page` (through `cache`), make its part and print it into `cache_dir` unless it is kept there
    (under ``part_key(package, html)``)."""
    cache = dataclasses.replace(cache, parsed=[], used=set())  # (this job's own record, also when run in the parent)
    made = page_part(pages, page, cache.read)
    if made.part is None:
        return PrintedPage(None, made.ids, made.problems, None, None, (), (), cache)
    path = cache_dir / f"{part_key(package, made.part.html)}.pdf"
    printing, messages = None, []
    if not path.is_file():
        cache_dir.mkdir(parents=True, exist_ok=True)
        printing = path.with_suffix(f".{os.getpid()}.tmp")  # another build may print it too
        messages = _print_part(made.part.html, str(printing), when, allowed)
    shapes = page_shapes(printing or path) if (printing or path).is_file() else []
    return PrintedPage(made.chapter, made.ids, (), path, printing, tuple(messages), tuple(shapes), cache)


@dataclass(frozen=True)
class PrintedBook:
    """The book's pages printed: their chapter records, PDFs, page shapes and ids (by page slug)."""

    chapters: list[Chapter]
    paths: list[Path]
    shapes: list[list[bool]]
    ids: dict[str, frozenset[str]]


@dataclass
class PartPrinter:
    """Prints parts into `cache_dir` (``<key>.pdf``), printing only those not there yet."""

    cache_dir: Path
    when: date
    allowed: list[Path]
    printed: list[str] = field(default_factory=list)  # names of the parts printed by this printer
    problems: list[str] = field(default_factory=list)  # harmful WeasyPrint messages, "<part>: <message>"
    used: set[Path] = field(default_factory=set)
    package: str = ""  # package_digest(), computed when not given

    def path(self, part: Part) -> Path:
        """Where the PDF of `part` is kept."""
        if not self.package:
            self.package = package_digest()
        return self.cache_dir / f"{part_key(self.package, part.html)}.pdf"

    def print_pages(self, pages: BookPages, cache: PageCache) -> PrintedBook | None:
        """Every page of the book read, made its part and printed where its PDF is not kept, each in
        the process that prints it (longest file first, on up to two processes); BuildError lists
        every page problem found, in book order; None when WeasyPrint reported a problem (kept in
        ``problems``). `cache` gets the jobs' records (what they used and parsed)."""
        if not self.package:
            self.package = package_digest()
        book = list(pages.book.pages)
        order = sorted(range(len(book)), key=lambda n: (-pages.weight(book[n]), n))
        results = self._run(_print_page, [(pages, book[n], cache, self.cache_dir, self.package, self.when,
                                           self.allowed) for n in order])
        done = [result for _, result in sorted(zip(order, results), key=lambda item: item[0])]
        for result in done:
            cache.used |= result.cache.used
            cache.parsed += result.cache.parsed
        failed = not self._judge([(page.html, result.path, result.printing, list(result.messages))
                                  for page, result in zip(book, done) if result.path is not None])
        problems = [problem for result in done for problem in result.problems]
        if problems:
            raise BuildError(PAGE_PROBLEMS + "\n".join(problems))
        if failed:
            return None
        return PrintedBook([result.chapter for result in done], [result.path for result in done],
                           [list(result.shapes) for result in done],
                           {page.slug: result.ids for page, result in zip(book, done)})

    def print(self, parts: list[Part], meanwhile: Callable[[], None] | None = None) -> list[Path] | None:
        """The PDF of each part, printing the missing ones (longest first, on up to two processes);
        None when WeasyPrint reported a problem (kept in ``problems``). ``meanwhile()`` is run in
        this process while the workers print (at once when all are kept)."""
        paths = [self.path(part) for part in parts]
        todo = sorted({path: part for part, path in zip(parts, paths) if not path.is_file()}.items(),
                      key=lambda item: (-_weight(item[1].html), item[1].name))
        if not todo:
            if meanwhile is not None:
                meanwhile()
            self.used.update(paths)
            return paths
        self.cache_dir.mkdir(parents=True, exist_ok=True)
        printing = [path.with_suffix(f".{os.getpid()}.tmp") for path, _ in todo]  # another build may print too
        results = self._run(_print_part, [(part.html, str(tmp), self.when, self.allowed)
                                          for (_, part), tmp in zip(todo, printing)], meanwhile)
        messages = {path: (tmp, result) for (path, _), tmp, result in zip(todo, printing, results)}
        judged = [(part.name, path, *messages.pop(path, (None, []))) for part, path in zip(parts, paths)]
        return paths if self._judge(judged) else None

    def _judge(self, printed: list[tuple[str, Path, Path | None, list[str]]]) -> bool:
        """Each (name, path, where it was printed or None when kept, WeasyPrint's messages), in book
        order: keep the prints without a harmful message, note the messages; False when any had one."""
        failed, judged = False, set()
        for name, path, tmp, messages in printed:
            self.used.add(path)
            if tmp is None or tmp in judged:  # kept, or a page given twice (printed to the same place)
                continue
            judged.add(tmp)
            bad = harmful(messages)
            self.printed.append(name)
            self.problems += [f"{name}: {message}" for message in bad if f"{name}: {message}" not in self.problems]
            if bad:
                tmp.unlink(missing_ok=True)
                failed = True
            else:
                os.replace(tmp, path)
        return not failed

    def _run(self, function, jobs: list[tuple], meanwhile: Callable[[], None] | None = None) -> list:
        """`function(*job)` for each job, on a pool of processes, and ``meanwhile()`` in this
        process while they run; one job without ``meanwhile`` is run here."""
        if len(jobs) == 1 and meanwhile is None:
            return [function(*job) for job in jobs]
        import pikepdf  # noqa: F401  (imported before the fork, so no worker imports them again)
        import weasyprint  # noqa: F401

        workers = min(MAX_WORKERS, os.cpu_count() or 1, len(jobs))
        context = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else None)
        gc.collect()
        gc.freeze()  # what the workers inherit stays shared: their collections do not write to it
        try:
            with ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_start_worker,
                                     initargs=(_epoch(self.when),)) as pool:
                futures = [pool.submit(function, *job) for job in jobs]  # (the workers start here)
                if meanwhile is not None:
                    meanwhile()
                return [future.result() for future in futures]
        finally:
            gc.unfreeze()

    def forget_unused(self) -> None:
        """Delete the cached parts this printer did not use (they belong to older prints)."""
        for path in self.cache_dir.glob("*"):
            if path not in self.used:
                path.unlink(missing_ok=True)
