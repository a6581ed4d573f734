"""Run the documents' code while the pre-render script runs, so both cores are busy.

Quarto runs the pre-render script first and the documents after it; the documents run here in the
same kernel, in the same order, and a result is kept only when it could not have seen the
pre-render step's work: its source (after includes) is the one read afterwards, and nothing it read
— files, the modules it imported, the folders it listed — was modified after the pre-render step
started. A document that read such a file (the data download a pre-render step writes) or made a
glob is simply run again afterwards, as it would have been. So the outputs are the same bytes as a
build that waits.
"""
from __future__ import annotations

import os
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from . import execute, source
from .kernel import KernelStopped

#: file times come from a coarse clock: a file modified this long before the step started counts as modified by it
MARGIN_NS = 50_000_000


@dataclass
class Ahead:
    """A document run ahead: its cache key, its outputs and how long it took."""

    key: str
    executed: execute.Executed
    seconds: float


def untouched(root: Path, deps: dict, since_ns: int) -> bool:
    """Nothing ``deps`` names (files read, modules, folder listings) was modified at or after ``since_ns``."""
    if deps.get("globs"):
        return False
    for rel in {*deps.get("reads", ()), *deps.get("modules", ()), *deps.get("listings", ())}:
        path = root / rel
        while True:  # a path that does not exist: its folder must not have changed either
            try:
                stat = path.stat()
                break
            except (FileNotFoundError, NotADirectoryError):
                if path == root or path.parent == path:
                    return False
                path = path.parent
        if max(stat.st_mtime_ns, stat.st_ctime_ns) >= since_ns:
            return False
    return True


class Speculation:
    """Runs ``cfg.files``' documents with code (those not already cached) in ``warm``'s kernel on
    a thread, from ``start()`` until ``finish()``, which returns the results that stand."""

    def __init__(self, cfg, cache, warm, exclude: list[str], env: dict[str, str], engine: str) -> None:
        self.cfg, self.cache, self.warm, self.exclude, self.env, self.engine = cfg, cache, warm, exclude, env, engine
        self.results: dict[str, Ahead] = {}
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.since = 0

    def start(self) -> None:
        self.since = time.time_ns() - MARGIN_NS
        self._thread = threading.Thread(target=self._run, name="luton2040-run-ahead", daemon=True)
        self._thread.start()

    def _kernel(self):
        """The kernel, started (if it is not already) only once a document needs one: a build
        whose documents are all cached (a partner's or a sentence's edit) starts none."""
        cfg = self.cfg
        if self._stop.is_set():  # the pre-render step has ended: the build proper starts it if needed
            return None
        self.warm.start(cfg.project_dir, self.exclude, self.env)
        while not self.warm.started(0.02):  # a step that ends before the kernel is up waits for nothing
            if self._stop.is_set():
                return None
        try:
            return self.warm.get(cfg.project_dir, self.exclude, self.env)
        except Exception:  # the build proper starts it again and reports the problem
            return None

    def _run(self) -> None:
        cfg = self.cfg
        kernel = None
        for rel in cfg.files:
            if self._stop.is_set():
                return
            try:  # a file the pre-render step is writing may be half there: read again afterwards
                doc = source.read(cfg.project_dir / rel, cfg.project_dir, cfg.profiles)
            except Exception:
                continue
            if not doc.cells and not doc.inlines:
                continue
            key = self.cache.key(doc.path, doc.code_digest, cfg.fingerprint(), self.engine)
            if self.cache.load_execution(doc.path, key) is not None:
                continue
            kernel = kernel or self._kernel()
            if kernel is None:
                return
            started = time.perf_counter()
            try:
                ran = execute.run(kernel, doc, cfg.project_dir, cfg.execute)
            except KernelStopped:
                return
            except Exception:  # run again afterwards, which reports it
                continue
            self.results[doc.path] = Ahead(key, ran, time.perf_counter() - started)

    def finish(self) -> dict[str, Ahead]:
        """Stop after the document being run; the results nothing has invalidated since ``start()``."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
        return {path: ahead for path, ahead in self.results.items()
                if untouched(self.cfg.project_dir, ahead.executed.deps, self.since)}
