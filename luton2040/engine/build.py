"""Orchestrate a build: config → pre-render → read sources → execute (or reuse the cache) →
markdown → pandoc → site → post-render, all into a staging folder that replaces the output folder
only when everything succeeded."""
from __future__ import annotations

import glob
import hashlib
import os
import signal
import shutil
import time
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from luton2040.errors import InputError, Problem

from . import config as config_mod
from . import crossref, execute, markdown, page_safety, pandoc, render_list, scripts, site, source
from .cache import CACHE_DIR, Cache, FrozenOutputs
from .kernel import Kernel
from .lock import project_lock

ENGINE_VERSION = "0.1"
Progress = Callable[[str, str], None]


def _engine_fingerprint() -> str:
    """Changes whenever the code that decides executed outputs changes (invalidates the cache)."""
    h = hashlib.sha256(ENGINE_VERSION.encode())
    for name in ("source.py", "execute.py", "kernel.py"):
        h.update((Path(__file__).parent / name).read_bytes())
    return h.hexdigest()[:16]


@dataclass
class BuildResult:
    """What a build did. Times are in seconds."""

    output_dir: Path
    pages: list[str] = field(default_factory=list)          # HTML pages written (relative to output_dir)
    files: list[str] = field(default_factory=list)          # every file written
    executed: list[str] = field(default_factory=list)       # sources run in the kernel
    cached: list[str] = field(default_factory=list)         # sources whose outputs came from the cache
    execute_seconds: dict[str, float] = field(default_factory=dict)
    pandoc_seconds: dict[str, float] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)  # stage → seconds, plus "total"
    frozen: list[str] = field(default_factory=list)         # output folders reused unchanged ("" = root)

    @property
    def irreducible_seconds(self) -> float:
        """Time spent in kernel execution and pandoc: the work any renderer has to do."""
        return sum(self.execute_seconds.values()) + sum(self.pandoc_seconds.values())


def _relative(path: Path, project_dir: Path) -> str:
    try:
        return path.relative_to(project_dir).as_posix()
    except ValueError:
        return str(path)


def _read_sources(cfg: config_mod.BookConfig, extra: list[str]) -> list[source.Document]:
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


class _Renderer:
    def __init__(self, cfg, cache: Cache, result: BuildResult, exclude: list[str], progress: Progress,
                 env: dict[str, str]) -> None:
        self.cfg, self.cache, self.result, self.exclude, self.progress = cfg, cache, result, exclude, progress
        self.env = env
        self.kernel: Kernel | None = None
        self.args = pandoc.arguments(cfg.toc, cfg.toc_depth)
        self.engine = _engine_fingerprint()

    def executed(self, doc: source.Document) -> execute.Executed:
        if not doc.cells and not doc.inlines:
            return execute.Executed()
        key = self.cache.key(doc.path, doc.digest, self.cfg.fingerprint(), self.engine)
        found = self.cache.load_execution(doc.path, key)
        if found is not None:
            self.result.cached.append(doc.path)
            self.progress("cached", doc.path)
            return found
        if self.kernel is None:
            start = time.perf_counter()
            self.kernel = Kernel(self.cfg.project_dir, self.exclude, self.env)
            self.result.timings["kernel_start"] = time.perf_counter() - start
        self.progress("executing", doc.path)
        start = time.perf_counter()
        ran = execute.run(self.kernel, doc, self.cfg.project_dir, self.cfg.execute)
        self.result.execute_seconds[doc.path] = time.perf_counter() - start
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
            size = max(8, -(-len(indices) // parts))
            for at in range(0, len(indices), size):
                chunk = indices[at:at + size]
                batches.append((chunk, pool.submit(self.convert, [prepared[i][2] for i in chunk])))

        def prepare(i: int, doc: source.Document, ran: execute.Executed) -> None:
            md, files = markdown.assemble(doc, ran, targets, self.cfg.execute)
            prepared[i] = (doc, files, self.prepare(doc, md, i == 0))

        with ThreadPoolExecutor(max_workers=cores) as pool:
            plain = [i for i, doc in enumerate(docs) if not doc.cells and not doc.inlines]
            for i in plain:
                prepare(i, docs[i], execute.Executed())
            plain_set = set(plain)
            submit(pool, plain, cores - 1 if len(plain) < len(docs) else cores)
            try:
                for i, doc in enumerate(docs):
                    if i in prepared:
                        continue
                    try:
                        ran = self.executed(doc)
                    except InputError as exc:  # keep going: report every failing document at once
                        problems += exc.problems
                        continue
                    prepare(i, doc, ran)
            finally:
                if self.kernel is not None:
                    self.kernel.close()
            if problems:
                raise InputError(problems)
            submit(pool, [i for i in range(len(docs)) if i not in plain_set], cores)
            start = time.perf_counter()
            fragments: dict[int, pandoc.Fragment] = {}
            for chunk, job in batches:
                fragments.update(zip(chunk, job.result()))
            self.result.timings["pandoc_wait"] = time.perf_counter() - start
        return [site.Page(doc.path, fragments[i], doc.meta, files, in_book=doc.path in book)
                for i, (doc, files, _) in sorted(prepared.items())]


def _swap(staging: Path, out: Path) -> None:
    """Put the finished staging folder in place of ``out``: rename old aside, rename new in, delete old.

    Interrupt signals are held back between the two renames, so Ctrl+C or SIGTERM cannot leave the
    output folder missing; a hard kill in that instant is repaired by the next build (``_recover``).
    """
    old = out.parent / f"{out.name}.old-{os.getpid()}"
    held = {signal.SIGINT, signal.SIGTERM}
    masked = hasattr(signal, "pthread_sigmask")
    if masked:
        signal.pthread_sigmask(signal.SIG_BLOCK, held)
    try:
        if out.exists():
            os.replace(out, old)
        os.replace(staging, out)
    finally:
        if masked:
            signal.pthread_sigmask(signal.SIG_UNBLOCK, held)
    shutil.rmtree(old, ignore_errors=True)


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _recover(out: Path) -> None:
    """Clean up after builds that were killed: put back an output folder caught mid-swap, and delete
    staging (``<out>.building-<pid>``) and set-aside (``<out>.old-<pid>``) folders of dead processes."""
    leftovers = []
    for path in out.parent.glob(f"{glob.escape(out.name)}.*-*"):
        kind, _, pid = path.name[len(out.name) + 1:].rpartition("-")
        if kind in ("building", "old") and pid.isdigit() and path.is_dir() and not _alive(int(pid)):
            leftovers.append((kind, path))
    for kind, path in leftovers:
        if kind == "old" and not out.exists():
            os.replace(path, out)  # killed between the two renames: the previous site comes back
        else:
            shutil.rmtree(path, ignore_errors=True)


def recover_output(project_dir: Path) -> None:
    """Repair what a killed build left behind (see ``_recover``) before anything else runs, so an
    output folder caught mid-swap comes back even when the next build then fails its checks."""
    project_dir = Path(project_dir).resolve()
    try:
        cfg = config_mod.load(project_dir, None)
    except Exception:  # a broken _quarto.yml is reported by the build itself
        return
    _recover((project_dir / cfg.output_dir).resolve())


def build(project_dir: Path, *, output_dir: Path | None = None, quiet: bool = False,
          progress: Progress | None = None, profile: str | None = None,
          script_env: dict[str, str] | None = None, _into: Path | None = None) -> BuildResult:
    """Render the Quarto website project in ``project_dir`` (see ``_build``), one build of a project at a time."""
    if _into is not None:  # inside build_set, which holds the lock
        return _build(project_dir, output_dir=output_dir, quiet=quiet, progress=progress, profile=profile,
                      script_env=script_env, _into=_into)
    with project_lock(Path(project_dir).resolve()):
        return _build(project_dir, output_dir=output_dir, quiet=quiet, progress=progress, profile=profile,
                      script_env=script_env)


def _build(project_dir: Path, *, output_dir: Path | None = None, quiet: bool = False,
           progress: Progress | None = None, profile: str | None = None,
           script_env: dict[str, str] | None = None, _into: Path | None = None) -> BuildResult:
    """Render the Quarto website project in ``project_dir`` into its output folder (or ``output_dir``).

    ``profile`` (``"2025"``, or ``"2024,past"``) merges ``_quarto-<profile>.yml`` over
    ``_quarto.yml`` as ``quarto render --profile`` does (default: $QUARTO_PROFILE, else
    ``profile.default``) and is exported as QUARTO_PROFILE to the scripts and the kernel.
    ``script_env`` adds variables for the pre/post-render scripts only (not the kernel).

    ``progress(stage, source)`` is called with stage "pre-render", "executing", "cached",
    "writing" or "post-render". Raises InputError (file:line problems) or BuildError.
    """
    started = time.perf_counter()
    report = progress or (lambda stage, name: None)
    project_dir = Path(project_dir).resolve()
    cfg = config_mod.load(project_dir, profile)
    out = Path(output_dir).resolve() if output_dir is not None else (project_dir / cfg.output_dir).resolve()
    result = BuildResult(output_dir=out)
    if _into is not None:  # build_set's staging folder: write there, leave swapping to it
        staging = _into
        staging.mkdir(parents=True, exist_ok=True)
    else:
        staging = out.parent / f"{out.name}.building-{os.getpid()}"
        _recover(out)
        shutil.rmtree(staging, ignore_errors=True)
        staging.mkdir(parents=True)
    exclude = [CACHE_DIR] + [_relative(p, project_dir).split("/")[0] for p in (out, staging)]
    env = {**(script_env or {}),
           "QUARTO_PROJECT_RENDER_ALL": "1", "QUARTO_PROJECT_OUTPUT_DIR": _relative(staging, project_dir)}
    profile_env = {config_mod.PROFILE_VARIABLE: ",".join(cfg.profiles)} if cfg.profiles else {}
    env.update(profile_env)
    try:
        stage = time.perf_counter()
        if cfg.pre_render:
            report("pre-render", "")
            scripts.run(cfg.pre_render, project_dir, {**env, "QUARTO_PROJECT_INPUT_FILES": "\n".join(cfg.files)},
                        "pre-render", quiet)
        result.timings["pre_render"] = time.perf_counter() - stage
        stage = time.perf_counter()
        extra = render_list.extra_pages(cfg)  # after pre-render: it may have generated pages
        docs = _read_sources(cfg, extra)
        targets, problems = crossref.index(docs)
        if problems:
            raise InputError(problems)
        result.timings["read"] = time.perf_counter() - stage
        cache = Cache(project_dir, "+".join(cfg.profiles), profile_env)
        stage = time.perf_counter()
        pages = _Renderer(cfg, cache, result, exclude, report, profile_env).pages(docs, targets, set(cfg.files))
        result.timings["render"] = time.perf_counter() - stage
        stage = time.perf_counter()
        report("writing", _relative(out, project_dir))
        result.files = site.write(cfg, pages, staging, ENGINE_VERSION)
        result.pages = [f for f in result.files if f.endswith(".html")]
        page_safety.secure_pages(staging, result.pages, result.files)
        cache.prune()
        result.timings["write"] = time.perf_counter() - stage
        stage = time.perf_counter()
        if cfg.post_render:
            report("post-render", "")
            outputs = "\n".join(str(staging / p) for p in result.pages)
            scripts.run(cfg.post_render, project_dir, {**env, "QUARTO_PROJECT_OUTPUT_FILES": outputs},
                        "post-render", quiet)
        result.timings["post_render"] = time.perf_counter() - stage
        if _into is None:
            _swap(staging, out)
    except BaseException:
        if _into is None:
            shutil.rmtree(staging, ignore_errors=True)
        raise
    result.timings["execute"] = sum(result.execute_seconds.values())
    result.timings["pandoc"] = sum(result.pandoc_seconds.values())
    result.timings["total"] = time.perf_counter() - started
    return result


def _carry_over(source: Path, into: Path) -> list[str] | None:
    """Hard-link (or copy) every file of ``source`` into ``into``; their relative paths, or None."""
    if not source.is_dir():
        return None
    files = []
    for path in sorted(source.rglob("*")):
        if path.is_file():
            rel = path.relative_to(source)
            (into / rel).parent.mkdir(parents=True, exist_ok=True)
            try:
                os.link(path, into / rel)
            except OSError:
                shutil.copy2(path, into / rel)
            files.append(rel.as_posix())
    return files


def build_set(project_dir: Path, builds: list[tuple[str | None, str]], *, quiet: bool = False,
              progress: Progress | None = None, script_env: dict[str, str] | None = None,
              keys: dict[str, str] | None = None, carry: set[str] = frozenset()) -> BuildResult:
    """Render the book once per ``(profile, folder)`` into one output folder — the first at its
    root (``folder`` ""), the others in sub-folders — and swap it in only when every one succeeded.

    ``keys`` (folder → fingerprint of everything that folder's output is made from) freezes
    outputs: a folder whose key is the one its last build was stored under is put back byte for
    byte from the cache instead of being built; a built one is stored under its key.

    ``carry`` (sub-folders) is for previews: those are not built, but put back from the cache
    when their key matches, else carried over from the current output folder as they are.

    ``quarto render --profile 2025,past --output-dir _site/2025`` does the same for one entry. A
    failure or an interrupt leaves the previous output folder exactly as it was.
    """
    if not builds or builds[0][1] != "" or any(folder in ("", ".") for _, folder in builds[1:]):
        raise ValueError("build_set: the first build goes to the root (folder ''), the others to sub-folders")
    with project_lock(Path(project_dir).resolve()):
        return _build_set(project_dir, builds, quiet=quiet, progress=progress, script_env=script_env,
                          keys=keys, carry=carry)


def _build_set(project_dir: Path, builds: list[tuple[str | None, str]], *, quiet: bool,
               progress: Progress | None, script_env: dict[str, str] | None,
               keys: dict[str, str] | None, carry: set[str]) -> BuildResult:
    started = time.perf_counter()
    report = progress or (lambda stage, name: None)
    project_dir = Path(project_dir).resolve()
    cfg = config_mod.load(project_dir, builds[0][0])
    out = (project_dir / cfg.output_dir).resolve()
    staging = out.parent / f"{out.name}.building-{os.getpid()}"
    _recover(out)
    shutil.rmtree(staging, ignore_errors=True)
    total = BuildResult(output_dir=out)
    frozen = FrozenOutputs(project_dir)
    keys = keys or {}
    subfolders = {folder.split("/")[0] for _, folder in builds[1:]}
    try:
        # The root first: its post-render steps (search index, PDF) see no other edition's files.
        for profile, folder in builds:
            into = staging / folder if folder else staging
            prefix = f"{folder}/" if folder else ""
            key = keys.get(folder)
            reused = frozen.restore(folder, key, into) if key else None
            if reused is None and folder in carry:
                reused = _carry_over(out / folder, into)
                key = None  # what was carried over is not stored under the new inputs' key
            if reused is not None:
                report("frozen", folder or cfg.output_dir)
                total.frozen.append(folder)
                total.files += [prefix + f for f in reused]
                total.pages += [prefix + f for f in reused if f.endswith(".html")]
                continue
            if folder in carry:
                continue  # not built before: absent from the preview
            one = build(project_dir, output_dir=out / folder if folder else out, quiet=quiet,
                        progress=progress, profile=profile, script_env=script_env, _into=into)
            if key:
                frozen.store(folder, key, into, subfolders if not folder else set())
            total.pages += [prefix + p for p in one.pages]
            total.files += [prefix + f for f in one.files]
            total.executed += [prefix + f for f in one.executed]
            total.cached += [prefix + f for f in one.cached]
            total.execute_seconds.update({prefix + k: v for k, v in one.execute_seconds.items()})
            total.pandoc_seconds.update({prefix + k: v for k, v in one.pandoc_seconds.items()})
            for stage, seconds in one.timings.items():
                total.timings[stage] = total.timings.get(stage, 0.0) + seconds
        staging.mkdir(parents=True, exist_ok=True)
        _swap(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    total.timings["total"] = time.perf_counter() - started
    return total
