"""Render one profile's documents into site pages: execute each (or reuse the cache, or what ran
ahead during the pre-render step), assemble its markdown and convert it with few pandoc processes."""
from __future__ import annotations

import hashlib
import os
import time
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Callable

from luton2040.errors import InputError, Problem

from . import config as config_mod
from . import execute, markdown, pandoc, site, source
from .cache import Cache
from .result import BuildResult, Progress
from .speculate import Ahead
from .warm import WarmKernel

ENGINE_VERSION = "0.1"


def engine_fingerprint() -> str:
    """Changes whenever the code that decides executed outputs changes (invalidates the cache)."""
    h = hashlib.sha256(ENGINE_VERSION.encode())
    for name in ("source.py", "execute.py", "kernel.py"):
        h.update((Path(__file__).parent / name).read_bytes())
    return h.hexdigest()[:16]


def read_sources(cfg: config_mod.BookConfig, extra: list[str]) -> list[source.Document]:
    docs, problems = [], []
    for rel in cfg.files + extra:
        try:
            docs.append(source.read(cfg.project_dir / rel, cfg.project_dir, cfg.profiles))
        except InputError as exc:
            problems += exc.problems
    if problems:
        raise InputError(problems)
    return docs


def _title(doc: source.Document, md: str, cfg: config_mod.BookConfig, first: bool) -> tuple[str, str]:
    if doc.meta.get("title"):
        return str(doc.meta["title"]), md
    heading, rest = pandoc.split_title(md)
    if heading:
        return heading, rest
    return (cfg.title if first and cfg.title else Path(doc.path).stem.replace("-", " ").capitalize()), md


#: the fewest pages worth a pandoc process of their own (each process costs about a page's time to start)
MIN_BATCH = 8


def balanced(indices: list[int], sizes: dict[int, int], parts: int) -> list[list[int]]:
    """``indices`` in at most ``parts`` batches of about equal total size (pandoc's time grows with a
    page's length), each of at least ``MIN_BATCH`` pages where there are enough; each batch keeps
    the pages' order. Largest pages first, each to the lightest batch so far."""
    parts = max(1, min(parts, len(indices) // MIN_BATCH))
    loads, bins = [0] * parts, [[] for _ in range(parts)]
    for i in sorted(indices, key=lambda i: -sizes[i]):
        lightest = loads.index(min(loads))
        loads[lightest] += sizes[i]
        bins[lightest].append(i)
    return [sorted(b) for b in bins if b]


class Renderer:
    """Executes (or reuses) and converts one profile's documents. The kernel comes from ``warm``
    (started early, or kept between builds); ``ahead`` holds documents already run (speculate.py);
    ``ran_all()`` is called once no document needs the kernel any more (a build that started its
    own kernel shuts it down then, rather than keep it while pandoc converts the pages)."""

    def __init__(self, cfg, cache: Cache, result: BuildResult, exclude: list[str], progress: Progress,
                 env: dict[str, str], warm: WarmKernel, ahead: dict[str, Ahead] | None = None,
                 ran_all: Callable[[], None] | None = None) -> None:
        self.cfg, self.cache, self.result, self.exclude, self.progress = cfg, cache, result, exclude, progress
        self.env, self.warm, self.ahead, self.ran_all = env, warm, dict(ahead or {}), ran_all
        self.args = pandoc.arguments(cfg.toc, cfg.toc_depth)
        self.engine = engine_fingerprint()

    def executed(self, doc: source.Document) -> execute.Executed:
        if not doc.cells and not doc.inlines:
            return execute.Executed()
        key = self.cache.key(doc.path, doc.digest, self.cfg.fingerprint(), self.engine)
        ahead = self.ahead.pop(doc.path, None)
        if ahead is not None and ahead.key == key:  # run while the pre-render step ran (speculate.py)
            self.progress("executing", doc.path)
            return self._ran(doc, key, ahead.executed, ahead.seconds)
        found = self.cache.load_execution(doc.path, key)
        if found is not None:
            self.result.cached.append(doc.path)
            self.progress("cached", doc.path)
            return found
        kernel = self.warm.get(self.cfg.project_dir, self.exclude, self.env)
        self.result.timings["kernel_start"] = self.warm.start_seconds
        self.progress("executing", doc.path)
        start = time.perf_counter()
        ran = execute.run(kernel, doc, self.cfg.project_dir, self.cfg.execute)
        return self._ran(doc, key, ran, time.perf_counter() - start)

    def _ran(self, doc: source.Document, key: str, ran: execute.Executed, seconds: float) -> execute.Executed:
        self.result.execute_seconds[doc.path] = seconds
        self.result.executed.append(doc.path)
        self.cache.store_execution(doc.path, key, ran)
        return ran

    def prepare(self, doc: source.Document, md: str, first: bool) -> tuple[pandoc.Page, str]:
        title, md = _title(doc, md, self.cfg, first)
        subtitle = str(doc.meta.get("subtitle") or "")
        return pandoc.Page(md, title, subtitle, doc.path), pandoc.fingerprint(md, title, subtitle, self.args)

    def convert(self, pages: list[tuple[pandoc.Page, str]]) -> list[pandoc.Fragment]:
        """Fragments for ``pages`` (page, fingerprint): from the cache, the rest in one pandoc run."""
        found = [self.cache.load_fragment(fingerprint) for _, fingerprint in pages]
        missing = [i for i, fragment in enumerate(found) if fragment is None]
        if missing:
            start = time.perf_counter()
            converted = pandoc.convert_many([pages[i][0] for i in missing], self.args)
            share = (time.perf_counter() - start) / len(missing)
            for i, fragment in zip(missing, converted):
                found[i] = fragment
                self.result.pandoc_seconds[pages[i][0].source] = share
                self.cache.store_fragment(pages[i][1], fragment)
        return found

    def pages(self, docs: list[source.Document], targets: dict, book: set[str]) -> list[site.Page]:
        """Execute (or reuse) every document and convert them all with few pandoc processes: pages
        without code go to pandoc at once, in one batch per core, while the kernel runs the others;
        the executed ones follow in one more batch."""
        problems: list[Problem] = []
        prepared: dict[int, tuple[source.Document, dict, tuple[pandoc.Page, str]]] = {}
        cores = max(2, os.cpu_count() or 2)
        batches: list[tuple[list[int], Future]] = []

        def submit(pool: ThreadPoolExecutor, indices: list[int], parts: int) -> None:
            sizes = {i: len(prepared[i][2][0].markdown) for i in indices}
            for chunk in balanced(indices, sizes, parts):
                batches.append((chunk, pool.submit(self.convert, [prepared[i][2] for i in chunk])))

        def prepare(i: int, doc: source.Document, ran: execute.Executed) -> None:
            md, files = markdown.assemble(doc, ran, targets, self.cfg.execute)
            prepared[i] = (doc, files, self.prepare(doc, md, i == 0))

        with ThreadPoolExecutor(max_workers=cores) as pool:
            plain = [i for i, doc in enumerate(docs) if not doc.cells and not doc.inlines]
            for i in plain:
                prepare(i, docs[i], execute.Executed())
            plain_set = set(plain)
            # every core converts while the kernel runs (it mostly waits on the chapters' code);
            # two batches per core so the executed pages' batches do not wait long for a free core
            submit(pool, plain, 2 * cores)
            for i, doc in enumerate(docs):
                if i in prepared:
                    continue
                try:
                    ran = self.executed(doc)
                except InputError as exc:  # keep going: report every failing document at once
                    problems += exc.problems
                    continue
                prepare(i, doc, ran)
            if problems:
                raise InputError(problems)
            submit(pool, [i for i in range(len(docs)) if i not in plain_set], cores)
            if self.ran_all is not None:
                self.ran_all()
            start = time.perf_counter()
            fragments: dict[int, pandoc.Fragment] = {}
            for chunk, job in batches:
                fragments.update(zip(chunk, job.result()))
            self.result.timings["pandoc_wait"] = time.perf_counter() - start
        return [site.Page(doc.path, fragments[i], doc.meta, files, in_book=doc.path in book)
                for i, (doc, files, _) in sorted(prepared.items())]
