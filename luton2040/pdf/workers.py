"""Print parts of the book on up to two processes, each part's PDF kept in a cache by its inputs.

A part's PDF depends only on its HTML (images inlined, styles in the head), this package's files
(styles, fonts, code) and WeasyPrint's version, so that is its cache key. WeasyPrint's warnings come
back to the parent, which judges them with ``render.harmful``; a part that warned is not kept.
"""
from __future__ import annotations

import calendar
import gc
import hashlib
import multiprocessing
import os
import re
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from luton2040.pdf.parts import Part
from luton2040.pdf.render import end_when_stopped, harmful, remove_scratch_folders, render_pdf

# Every resource is inlined or a package file, so the base URL is only a fallback; a fixed one keeps
# the output independent of where the project lives.
BASE_URL = "file:///luton2040-print/"
MAX_WORKERS = 2


def weasyprint_version() -> str:
    from importlib.metadata import version

    return version("weasyprint")


def package_digest() -> str:
    """A digest of WeasyPrint's version and every file of this package (code, styles and fonts)."""
    digest = hashlib.sha256(weasyprint_version().encode())
    here = Path(__file__).parent
    for path in sorted(p for p in here.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        digest.update(b"\0" + path.relative_to(here).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def _epoch(when: date) -> str:
    return str(calendar.timegm(when.timetuple()))


def _start_worker(epoch: str) -> None:
    """Each worker: the fonts dated from the book (as render_pdf does), WeasyPrint imported once,
    and a watch that ends the worker when the build that started it is gone (a killed build would
    otherwise leave its workers printing)."""
    os.environ["SOURCE_DATE_EPOCH"] = epoch
    end_when_stopped(worker=True)
    threading.Thread(target=_end_with_parent, args=(os.getppid(),), daemon=True).start()
    import weasyprint  # noqa: F401


def _end_with_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(0.5)
    remove_scratch_folders()
    os._exit(1)


DATA_URI = re.compile(r'data:[^"\'\s)]*')


def _weight(html: str) -> int:
    """How long a part takes to print, roughly: the length of its HTML without embedded pictures
    (a long table takes longer to lay out than a picture of the same size in base64)."""
    return len(html) - sum(len(uri) for uri in DATA_URI.findall(html))


def _print_part(html: str, target: str, when: date, allowed: list[Path]) -> list[str]:
    return render_pdf(html, Path(target), base_url=BASE_URL, when=when, allowed=allowed)


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
        key = hashlib.sha256(f"{self.package}\0{part.html}".encode()).hexdigest()[:32]
        return self.cache_dir / f"{key}.pdf"

    def print(self, parts: list[Part]) -> list[Path] | None:
        """The PDF of each part, printing the missing ones (longest first, on up to two processes);
        None when WeasyPrint reported a problem (kept in ``problems``)."""
        paths = [self.path(part) for part in parts]
        self.used.update(paths)
        todo = sorted({path: part for part, path in zip(parts, paths) if not path.is_file()}.items(),
                      key=lambda item: (-_weight(item[1].html), item[1].name))
        if not todo:
            return paths
        self.cache_dir.mkdir(parents=True, exist_ok=True)
        printing = [path.with_suffix(f".{os.getpid()}.tmp") for path, _ in todo]  # another build may print too
        results = self._run([(part.html, str(tmp)) for (_, part), tmp in zip(todo, printing)])
        failed = False
        for (path, part), tmp, messages in sorted(zip(todo, printing, results), key=lambda item: parts.index(item[0][1])):
            bad = harmful(messages)
            self.printed.append(part.name)
            self.problems += [f"{part.name}: {message}" for message in bad if f"{part.name}: {message}" not in self.problems]
            if bad:
                tmp.unlink(missing_ok=True)
                failed = True
            else:
                os.replace(tmp, path)
        return None if failed else paths

    def _run(self, jobs: list[tuple[str, str]]) -> list[list[str]]:
        """Print each (html, target) job; one job is printed here, more on a pool of processes."""
        if len(jobs) == 1:
            return [_print_part(html, target, self.when, self.allowed) for html, target in jobs]
        import weasyprint  # noqa: F401  (imported before the fork, so no worker imports it again)

        workers = min(MAX_WORKERS, os.cpu_count() or 1, len(jobs))
        context = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else None)
        gc.collect()
        gc.freeze()  # what the workers inherit stays shared: their collections do not write to it
        try:
            with ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_start_worker,
                                     initargs=(_epoch(self.when),)) as pool:
                futures = [pool.submit(_print_part, html, target, self.when, self.allowed) for html, target in jobs]
                return [future.result() for future in futures]
        finally:
            gc.unfreeze()

    def forget_unused(self) -> None:
        """Delete the cached parts this printer did not use (they belong to older prints)."""
        for path in self.cache_dir.glob("*"):
            if path not in self.used:
                path.unlink(missing_ok=True)
