"""Render one profile's documents into site pages: execute each (or reuse the cache, or what ran
ahead during the pre-render step), assemble its markdown and convert it with few pandoc processes."""
from __future__ import annotations

import hashlib
import heapq
import itertools
import os
import threading
import time
from concurrent.futures import Future
from pathlib import Path
from typing import Callable, Iterator

from luton2040.errors import BuildError, InputError, Problem

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
    return source.read_all(cfg.files + extra, cfg.project_dir, cfg.profiles)


def _title(doc: source.Document, md: str, cfg: config_mod.BookConfig, first: bool) -> tuple[str, str]:
    if doc.meta.get("title"):
        return str(doc.meta["title"]), md
    heading, rest = pandoc.split_title(md)
    if heading:
        return heading, rest
    return (cfg.title if first and cfg.title else Path(doc.path).stem.replace("-", " ").capitalize()), md


#: the fewest pages worth a pandoc process of their own (each process costs about a page's time to start)
MIN_BATCH = 8


def balanced(indices: list[int], sizes: dict[int, int], parts: int, least: int = MIN_BATCH) -> list[list[int]]:
    """``indices`` in at most ``parts`` batches of about equal total size (pandoc's time grows with a
    page's length), each of at least ``least`` pages where there are enough; each batch keeps
    the pages' order. Largest pages first, each to the lightest batch so far."""
    parts = max(1, min(parts, len(indices) // least))
    loads, bins = [0] * parts, [[] for _ in range(parts)]
    for i in sorted(indices, key=lambda i: -sizes[i]):
        lightest = loads.index(min(loads))
        loads[lightest] += sizes[i]
        bins[lightest].append(i)
    return [sorted(b) for b in bins if b]


#: how much lower the priority of pandoc converting pages no companion waits for (``nice``)
BACKGROUND_NICE = 10


class _Lanes:
    """Batches of pages for pandoc, on at most ``cores`` processes at once, the most urgent first:
    whenever a lane is free it takes the most urgent batch waiting. A batch of pages no companion
    waits for (urgency above 0) runs at a lower priority (``BACKGROUND_NICE``): it fills a core
    the kernel, the companion's pages and the companion itself leave idle, and yields to them."""

    def __init__(self, cores: int, convert: Callable[[list], list]) -> None:
        self.convert = convert
        self.waiting: list[tuple[int, int, list, Future]] = []
        self.count = itertools.count()  # (first come first served within an urgency)
        self.ready = threading.Condition()
        self.closed = False
        self.lanes = [threading.Thread(target=self._lane, daemon=True) for _ in range(cores)]
        for lane in self.lanes:
            lane.start()

    def submit(self, urgency: int, pages: list) -> Future:
        done: Future = Future()
        with self.ready:
            heapq.heappush(self.waiting, (urgency, next(self.count), pages, done))
            self.ready.notify()
        return done

    def close(self) -> None:
        """Cancel the batches waiting; wait for those in pandoc."""
        with self.ready:
            self.closed = True
            for *_, done in self.waiting:
                done.cancel()
            self.waiting.clear()
            self.ready.notify_all()
        for lane in self.lanes:
            lane.join()

    def _lane(self) -> None:
        while True:
            with self.ready:
                while not self.waiting and not self.closed:
                    self.ready.wait()
                if self.closed:
                    return
                urgency, _, pages, done = heapq.heappop(self.waiting)
            if done.set_running_or_notify_cancel():
                # in a thread of its own: a lowered priority stays with that thread and its pandoc
                batch = threading.Thread(target=self._run, args=(urgency, pages, done), daemon=True)
                batch.start()
                batch.join()

    def _run(self, urgency: int, pages: list, done: Future) -> None:
        if urgency > 0:
            try:
                me = threading.get_native_id()
                os.setpriority(os.PRIO_PROCESS, me, os.getpriority(os.PRIO_PROCESS, me) + BACKGROUND_NICE)
            except (OSError, AttributeError):  # (no per-thread priority here: the same priority)
                pass
        try:
            done.set_result(self.convert(pages))
        except BaseException as exc:  # noqa: BLE001  (handed to whoever waits for the batch)
            done.set_exception(exc)


def _gather(batches: list[tuple[list[int], Future]]) -> dict[int, "pandoc.Fragment"]:
    """Every batch's fragments, by page; every batch's pandoc messages in one BuildError."""
    fragments, failed = {}, []
    for chunk, job in batches:
        try:
            fragments.update(zip(chunk, job.result()))
        except BuildError as exc:
            failed.append((chunk[0], str(exc)))
    if failed:
        raise BuildError("\n".join(message for _, message in sorted(failed)))
    return fragments


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
        key = self.cache.key(doc.path, doc.code_digest, self.cfg.fingerprint(), self.engine)
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
            end = time.perf_counter()
            self.result.pandoc_runs.append((start, end))
            share = (end - start) / len(missing)
            for i, fragment in zip(missing, converted):
                found[i] = fragment
                self.result.pandoc_seconds[pages[i][0].source] = share
                self.cache.store_fragment(pages[i][1], fragment)
        return found

    def pages(self, docs: list[source.Document], targets: dict, book: set[str],
              first: set[str] | None = None) -> Iterator[list]:
        """Execute (or reuse) every document and convert them all with few pandoc processes, the
        pages ``first`` names (sources; all pages without it) before the others. Yields twice: the
        site's pages in its order, those of ``first`` converted (``site.Page``) and the others
        waiting (``site.Pending``: their markdown and figures); then the others, converted, while
        nothing else is being converted. Pages without code go to pandoc at once while the kernel
        runs the others; whenever a core is free, pandoc converts the most urgent batch waiting:
        those of ``first`` as soon as all of them are ready."""
        problems: dict[int, list[Problem]] = {}  # by page: reported in the site's order
        prepared: dict[int, tuple[source.Document, dict, tuple[pandoc.Page, str]]] = {}
        cores = max(2, os.cpu_count() or 2)
        early = set() if first is None else {i for i, doc in enumerate(docs) if doc.path in first}
        batches: dict[bool, list[tuple[list[int], Future]]] = {True: [], False: []}

        def submit(indices: list[int], urgent: bool, parts: int, least: int = MIN_BATCH) -> None:
            sizes = {i: len(prepared[i][2][0].markdown) for i in indices}
            for chunk in balanced(indices, sizes, parts, least):
                # (every batch is urgent when no page is wanted first: the old priorities)
                urgency = 0 if urgent or not early else 1
                batches[urgent].append((chunk, queue.submit(urgency, [prepared[i][2] for i in chunk])))

        def prepare(i: int, doc: source.Document, ran: execute.Executed) -> None:
            md, files = markdown.assemble(doc, ran, targets, self.cfg.execute)
            prepared[i] = (doc, files, self.prepare(doc, md, i == 0))

        def run(indices: list[int]) -> None:
            for i in indices:
                try:
                    ran = self.executed(docs[i])
                except InputError as exc:  # keep going: report every failing document at once
                    problems[i] = exc.problems
                    continue
                prepare(i, docs[i], ran)

        queue = _Lanes(cores, self.convert)
        try:
            plain = [i for i, doc in enumerate(docs) if not doc.cells and not doc.inlines]
            for i in plain:
                prepare(i, docs[i], execute.Executed())
            coded = [i for i in range(len(docs)) if i not in prepared]
            # the first pages, split over every core, as soon as they are ready (those the kernel ran
            # during the pre-render step are; the others are run first)
            run([i for i in coded if i in early and docs[i].path in self.ahead])
            if early and early <= prepared.keys():
                submit(sorted(early), True, cores, least=1)
            # every core converts the others while the kernel runs: two batches per core so the
            # executed pages' batches do not wait long for a free core (four with first pages: one
            # of theirs never waits long either)
            submit([i for i in plain if i not in early], False, (4 if early else 2) * cores)
            run([i for i in coded if i in early and i not in prepared])
            if not batches[True] and early and not problems:
                submit(sorted(early), True, cores, least=1)
            run([i for i in coded if i not in early])
            if problems:
                raise InputError([p for i in sorted(problems) for p in problems[i]])
            submit([i for i in coded if i not in early], False, cores)
            if self.ran_all is not None:
                self.ran_all()
            start = time.perf_counter()
            try:
                fragments = _gather(batches[True])
            except BuildError:  # every batch's messages at once
                _gather(batches[True] + batches[False])
                raise
            self.result.timings["pandoc_first"] = time.perf_counter() - start

            def page(i: int) -> site.Page:
                doc, files, _ = prepared[i]
                return site.Page(doc.path, fragments[i], doc.meta, files, in_book=doc.path in book)

            if not early:  # every page first
                fragments = _gather(batches[False])
                self.result.timings["pandoc_wait"] = time.perf_counter() - start
                yield [page(i) for i in sorted(prepared)]
                yield []
                return
            yield [page(i) if i in early else site.Pending(prepared[i][0].path, prepared[i][2][0].markdown,
                                                           prepared[i][1])
                   for i in sorted(prepared)]
            fragments = _gather(batches[False])
            self.result.timings["pandoc_wait"] = time.perf_counter() - start
            yield [page(i) for i in sorted(prepared) if i not in early]
        finally:
            queue.close()
