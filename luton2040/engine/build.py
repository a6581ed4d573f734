"""Orchestrate a build: config → pre-render (the documents' code runs meanwhile) → read sources →
execute (or reuse the cache) → markdown → pandoc → site (the pages a caller's companion job reads
first, such as printing the PDF, which then starts beside the rest) → post-render, all into a
staging folder that replaces the output folder only when everything succeeded."""
from __future__ import annotations

import os
import shutil
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator, Protocol

from luton2040.errors import InputError

from . import config as config_mod
from . import crossref, kept_output, not_found, page_safety, render_list, scripts, site
from .cache import CACHE_DIR, Cache, FrozenOutputs
from .lock import project_lock
from .output import carry_over, recover, recover_output, swap  # noqa: F401  (recover_output: the build API's)
from .render import ENGINE_VERSION, Renderer, engine_fingerprint, read_sources
from .result import BuildResult, Progress, busy_seconds
from .speculate import Speculation
from .warm import WarmKernel

_recover = recover  # the name tests/safety knew


class Companion(Protocol):
    """Work a caller runs beside the end of each build (the book's PDF): ``needs`` names the pages
    it reads (sources, e.g. the sidebar's); ``start`` is called as soon as those pages and every
    file of the profile that is not a page are written and checked, while the other pages are
    written and checked and the post-render scripts run; ``wait`` after the scripts (raise to fail
    the build), ``stop`` when the build fails. A companion without ``needs`` starts once every page
    is written and checked. Its pages are converted before the others unless ``convert_first``
    is false (then every page is converted first: no pandoc beside it). One with
    ``scripts_after`` true is waited for before the scripts run (its memory at its peak is not
    added to theirs): until its ``settled()`` returns, when it has one (what is left of it then is
    light enough to run beside them), else until it ends."""

    def needs(self, config: config_mod.BookConfig) -> list[str]: ...

    def start(self, staging: Path, profile_env: dict[str, str]) -> None: ...

    def wait(self) -> None: ...

    def stop(self) -> None: ...


@dataclass
class Helpers:
    """What a caller may lend a build: a kernel kept warm across builds (``serve``; otherwise each
    build starts its own while the pre-render step runs), a companion job, a gate (a check
    running beside the build, which must pass before its pages are shown or swapped in), and a
    shortcut for the pre-render scripts."""

    warm: WarmKernel | None = None
    companion: Companion | None = None
    gate: Callable[[], None] | None = None  # called before anything is shown or swapped in; raise to stop
    #: ``(scripts, variables) -> output or None``: does in this process what running ``scripts``
    #: with those variables would do, when the caller knows it can (e.g. the scripts would only
    #: put back files they cached); None runs the scripts as usual
    pre_render: Callable[[tuple[str, ...], dict[str, str]], str | None] | None = None
    #: a kernel the caller began starting for this build (``start_kernel``) while it did other work:
    #: the first profile built takes it and closes it after its render, as it would its own
    kernel: WarmKernel | None = None


def _relative(path: Path, project_dir: Path) -> str:
    try:
        return path.relative_to(project_dir).as_posix()
    except ValueError:
        return str(path)


def build(project_dir: Path, *, output_dir: Path | None = None, quiet: bool = False,
          progress: Progress | None = None, profile: str | None = None,
          script_env: dict[str, str] | None = None, helpers: Helpers | None = None,
          _into: Path | None = None) -> BuildResult:
    """Render the Quarto website project in ``project_dir`` (see ``_build``), one build of a project at a time."""
    options = dict(output_dir=output_dir, quiet=quiet, progress=progress, profile=profile,
                   script_env=script_env, helpers=helpers)
    if _into is not None:  # inside build_set, which holds the lock
        return _build(project_dir, **options, _into=_into)
    with project_lock(Path(project_dir).resolve()):
        return _build(project_dir, **options)


@dataclass
class _Job:
    """One profile's build: where it writes and what its scripts and kernel are given."""

    cfg: config_mod.BookConfig
    out: Path
    staging: Path
    env: dict[str, str]           # the scripts' variables
    profile_env: dict[str, str]   # the kernel's (QUARTO_PROFILE)
    exclude: list[str]
    quiet: bool
    report: Progress
    result: BuildResult


def _prepare(project_dir: Path, output_dir: Path | None, profile: str | None, script_env: dict | None,
             quiet: bool, progress: Progress | None, into: Path | None) -> _Job:
    cfg = config_mod.load(project_dir, profile)
    out = Path(output_dir).resolve() if output_dir is not None else (project_dir / cfg.output_dir).resolve()
    if into is not None:  # build_set's staging folder: write there, leave swapping to it
        staging = into
        staging.mkdir(parents=True, exist_ok=True)
    else:
        staging = out.parent / f"{out.name}.building-{os.getpid()}"
        recover(out)
        shutil.rmtree(staging, ignore_errors=True)
        staging.mkdir(parents=True)
    exclude, profile_env = _kernel_settings(project_dir, cfg, out, staging)
    env = {**(script_env or {}), "QUARTO_PROJECT_RENDER_ALL": "1",
           "QUARTO_PROJECT_OUTPUT_DIR": _relative(staging, project_dir), **profile_env}
    return _Job(cfg, out, staging, env, profile_env, exclude, quiet, progress or (lambda stage, name: None),
                BuildResult(output_dir=out))


def _kernel_settings(project_dir: Path, cfg: config_mod.BookConfig, out: Path,
                     staging: Path) -> tuple[list[str], dict[str, str]]:
    """What a profile's kernel is started with: the folders its probe leaves out (the cache, the
    output and staging folders) and its variables (QUARTO_PROFILE)."""
    exclude = [CACHE_DIR] + [_relative(p, project_dir).split("/")[0] for p in (out, staging)]
    return exclude, ({config_mod.PROFILE_VARIABLE: ",".join(cfg.profiles)} if cfg.profiles else {})


def start_kernel(project_dir: Path, profile: str | None, warm: WarmKernel) -> None:
    """Begin starting ``warm``'s kernel (in the background) exactly as a ``build_set`` of this
    process whose first build is ``profile`` will ask for it, so that a caller can start it while
    it does other work and lend it as ``Helpers.kernel``. A kernel started for other settings is
    not used by the build, which starts its own."""
    project_dir = Path(project_dir).resolve()
    cfg = config_mod.load(project_dir, profile)
    out = (project_dir / cfg.output_dir).resolve()
    staging = out.parent / f"{out.name}.building-{os.getpid()}"  # as build_set names it
    exclude, env = _kernel_settings(project_dir, cfg, out, staging)
    warm.start(project_dir, exclude, env)


def _build(project_dir: Path, *, output_dir: Path | None = None, quiet: bool = False,
           progress: Progress | None = None, profile: str | None = None,
           script_env: dict[str, str] | None = None, helpers: Helpers | None = None,
           _into: Path | None = None) -> BuildResult:
    """Render the Quarto website project in ``project_dir`` into its output folder (or ``output_dir``).

    ``profile`` (``"2025"``, or ``"2024,past"``) merges ``_quarto-<profile>.yml`` over
    ``_quarto.yml`` as ``quarto render --profile`` does (default: $QUARTO_PROFILE, else
    ``profile.default``) and is exported as QUARTO_PROFILE to the scripts and the kernel.
    ``script_env`` adds variables for the pre/post-render scripts only (not the kernel).

    ``progress(stage, source)`` is called with stage "pre-render", "executing", "cached",
    "writing", "written" (with the staging folder, whose pages are final from then on) or
    "post-render". Raises InputError (file:line problems) or BuildError.
    """
    started = time.perf_counter()
    job = _prepare(Path(project_dir).resolve(), output_dir, profile, script_env, quiet, progress, _into)
    helpers = helpers or Helpers()
    warm = helpers.warm or helpers.kernel or WarmKernel()
    try:
        stream, cache = _render(job, warm, lent=helpers.warm is not None, shortcut=helpers.pre_render,
                                companion=helpers.companion)
        try:
            # a kernel of this build's own: its memory is not needed while the site is written and the PDF printed
            _write(job, stream, cache, helpers.companion, helpers.gate,
                   ran=warm.close if helpers.warm is None else None)
        finally:
            stream.close()  # (its pandoc batches, on a failure)
        if _into is None:
            swap(job.staging, job.out)
    except BaseException:
        if helpers.companion is not None:
            helpers.companion.stop()
        if _into is None:
            shutil.rmtree(job.staging, ignore_errors=True)
        raise
    finally:
        if helpers.warm is None:
            warm.close()
    result = job.result
    result.timings["execute"] = sum(result.execute_seconds.values())
    # batches run side by side (and beside the PDF): the time any of them was going
    result.timings["pandoc"] = busy_seconds(result.pandoc_runs)
    result.timings["total"] = time.perf_counter() - started
    return result


def _render(job: _Job, warm: WarmKernel, lent: bool, shortcut=None,
            companion: Companion | None = None) -> tuple[Iterator[list], Cache]:
    """The pre-render script (with the documents' code run meanwhile), then every page converted:
    ``Renderer.pages``' two steps, the pages the companion reads first (``_first``)."""
    cfg, result = job.cfg, job.result
    cache = Cache(cfg.project_dir, "+".join(cfg.profiles), job.profile_env)
    stage = time.perf_counter()
    ahead = {}
    if lent:  # kept between builds: (re)start it now, ready for the next build even if this one needs none
        warm.start(cfg.project_dir, job.exclude, job.profile_env)
    if cfg.pre_render:
        job.report("pre-render", "")
        early = Speculation(cfg, cache, warm, job.exclude, job.profile_env, engine_fingerprint())
        early.start()
        try:
            env = {**job.env, "QUARTO_PROJECT_INPUT_FILES": "\n".join(cfg.files)}
            done = shortcut(cfg.pre_render, env) if shortcut is not None else None
            if done is None:
                scripts.run(cfg.pre_render, cfg.project_dir, env, "pre-render", job.quiet)
            elif done and not job.quiet:
                print(done, flush=True)
        finally:
            ahead = early.finish()
    result.timings["pre_render"] = time.perf_counter() - stage
    stage = time.perf_counter()
    docs = read_sources(cfg, render_list.extra_pages(cfg))  # after pre-render: it may have generated pages
    targets, problems = crossref.index(docs)
    if problems:
        raise InputError(problems)
    result.timings["read"] = time.perf_counter() - stage
    # A kernel of this build's own is shut down as soon as every document has run: its memory is
    # not needed while pandoc converts the pages (the peak of the build's memory at 10×).
    renderer = Renderer(cfg, cache, result, job.exclude, job.report, job.profile_env, warm, ahead,
                        ran_all=None if lent else warm.close)
    return renderer.pages(docs, targets, set(cfg.files), _first(companion, cfg, [d.path for d in docs])), cache


def _first(companion: Companion | None, cfg: config_mod.BookConfig, sources: list[str]) -> set[str] | None:
    """The pages to convert, write and check before the others: those the companion reads and
    the sidebar's (every page names their titles); None (all of them) without a companion, its
    ``needs`` or its ``convert_first``."""
    needs = getattr(companion, "needs", None)
    if needs is None or not getattr(companion, "convert_first", True):
        return None
    return set(needs(cfg)) | {entry.file for entry in render_list.sidebar(cfg, sources) if entry.file}


def _give_back_memory() -> None:
    """Return the heap's freed pages to the system (glibc keeps them otherwise: about 25 MB at 10×,
    held while the build waits for its companion); nothing where there is no ``malloc_trim``."""
    import ctypes

    try:
        ctypes.CDLL(None).malloc_trim(0)
    except (OSError, AttributeError):
        pass


def _wait(companion: Companion, result: BuildResult, started: float) -> None:
    """Wait for the companion to finish; its time since it (last) started goes in the summary
    ("companion": it ran beside the pages' conversion, so it is not a share of the total)."""
    companion.wait()
    if started:
        result.timings["companion"] = time.perf_counter() - started


def _write(job: _Job, stream: Iterator[list], cache: Cache, companion: Companion | None,
           gate: Callable[[], None] | None, ran: Callable[[], None] | None = None) -> None:
    """Write and check the site — every file that is not a page, then the pages the companion
    reads, then (the companion started) the others, converted meanwhile — run the post-render
    scripts, wait for it. The companion starts only once what it may read is final: every file
    that is not a page (written before any page, so none is written while it reads; the project
    files of the pages still being converted are read from their markdown, and should a converted
    page use others, the companion is stopped and started again once they are right) and its
    pages, checked. ``ran()`` is called once no document needs the kernel."""
    cfg, result, staging = job.cfg, job.result, job.staging
    stage = time.perf_counter()
    step = next(stream)  # the companion's pages converted, the others still in pandoc
    result.timings["render"] = time.perf_counter() - stage
    if ran is not None:
        ran()
    job.report("writing", _relative(job.out, cfg.project_dir))
    writer = site.Writer(cfg, step, staging, ENGINE_VERSION)  # every link checked, every file known
    needs = getattr(companion, "needs", None)
    needed = None if needs is None else set(needs(cfg))
    converted = [p for p in step if isinstance(p, site.Page)]
    first = [p for p in converted if needed is None or p.source in needed]
    done = [p for p in converted if needed is not None and p.source not in needed]  # (the sidebar's: their titles)
    later = len(first) < len(step)
    del step
    started = gated = False
    companion_started = 0.0  # when the companion last started (for its time in the summary)

    def listed() -> page_safety.PageAudit:
        """Every file of the site, as the writer knows it now; an audit of the pages against it."""
        result.files = writer.files
        result.pages = [f for f in result.files if f.endswith(".html")]
        return page_safety.PageAudit(staging, result.pages, result.files, memo=cache.dir / "safe",
                                     site_path=not_found.site_path(cfg.site_url))

    def check_first() -> page_safety.PageAudit:
        """Every file that is not a page, the first pages: written and checked."""
        audit = listed()
        writer.write_files()
        writer.write_pages(first)
        audit.pages([p.output for p in first])
        return audit

    def start() -> bool:
        nonlocal gated, companion_started
        if companion is None or not audit.safe():
            return False
        if gate is not None and not gated:
            gate()  # (a check beside the build) before anything is printed
        gated = True
        result.timings["companion_start"] = time.perf_counter() - stage
        companion_started = time.perf_counter()
        companion.start(staging, job.profile_env)
        return True

    audit = None
    if later and companion is not None and not writer.problems:
        audit = check_first()
        started = start()
    rest = next(stream)  # the others, converted
    changed = writer.add(rest)
    if done:  # in the site's order
        at = {source: i for i, source in enumerate(writer.order)}
        rest = sorted(done + rest, key=lambda p: at[p.source])
    if changed and audit is not None:
        # the project files read from the markdown were not those the pages use (now put right):
        # the companion may have read the wrong ones, and the pages were checked against them
        if started:
            companion.stop()
        audit = listed()
        audit.pages([p.output for p in first])  # (sanitised already: the same text)
        started = start() if started else False
    if audit is None:
        audit = check_first()
        started = start()
    writer.write_pages(rest)
    audit.pages([p.output for p in rest])
    audit.finish()  # every unsafe page of both groups, in the site's order
    del writer, first, rest
    stream.close()  # (consumed: the pages are written) their memory is not needed while the PDF prints
    _give_back_memory()
    cache.prune()
    result.timings["write"] = time.perf_counter() - stage
    if gate is not None and not gated:
        gate()
    job.report("written", str(staging))  # every page is final: a preview may show them already
    stage = time.perf_counter()
    if companion is not None and getattr(companion, "scripts_after", False):
        settled = getattr(companion, "settled", None)
        if settled is not None:
            settled()
        else:
            _wait(companion, result, companion_started)
            companion = None
    if cfg.post_render:
        job.report("post-render", "")
        outputs = "\n".join(str(staging / p) for p in result.pages)
        scripts.run(cfg.post_render, cfg.project_dir, {**job.env, "QUARTO_PROJECT_OUTPUT_FILES": outputs},
                    "post-render", job.quiet)
    if companion is not None:
        _wait(companion, result, companion_started)
    result.timings["post_render"] = time.perf_counter() - stage


def build_set(project_dir: Path, builds: list[tuple[str | None, str]], *, quiet: bool = False,
              progress: Progress | None = None, script_env: dict[str, str] | None = None,
              keys: dict[str, str] | None = None, carry: set[str] = frozenset(),
              helpers: Helpers | None = None) -> BuildResult:
    """Render the book once per ``(profile, folder)`` into one output folder — the first at its
    root (``folder`` ""), the others in sub-folders — and swap it in only when every one succeeded.

    ``keys`` (folder → fingerprint of everything that folder's output is made from) freezes
    outputs: a folder whose key is the one its last build was stored under is put back byte for
    byte from the cache instead of being built; a built one is stored under its key.

    ``carry`` (sub-folders) is for previews: those are not built, but put back from the cache
    when their key matches, else carried over from the current output folder as they are.

    ``helpers`` (a warm kernel, a companion job) are lent to every build of the set.

    ``quarto render --profile 2025,past --output-dir _site/2025`` does the same for one entry. A
    failure or an interrupt leaves the previous output folder exactly as it was.
    """
    if not builds or builds[0][1] != "" or any(folder in ("", ".") for _, folder in builds[1:]):
        raise ValueError("build_set: the first build goes to the root (folder ''), the others to sub-folders")
    with project_lock(Path(project_dir).resolve()):
        return _build_set(project_dir, builds, quiet=quiet, progress=progress, script_env=script_env,
                          keys=keys, carry=carry, helpers=helpers)


def _build_set(project_dir: Path, builds: list[tuple[str | None, str]], *, quiet: bool,
               progress: Progress | None, script_env: dict[str, str] | None,
               keys: dict[str, str] | None, carry: set[str], helpers: Helpers | None) -> BuildResult:
    started = time.perf_counter()
    report = progress or (lambda stage, name: None)
    project_dir = Path(project_dir).resolve()
    cfg = config_mod.load(project_dir, builds[0][0])
    out = (project_dir / cfg.output_dir).resolve()
    staging = out.parent / f"{out.name}.building-{os.getpid()}"
    recover(out)
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
                reused = carry_over(out / folder, into)
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
                        progress=progress, profile=profile, script_env=script_env, helpers=helpers, _into=into)
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
        if helpers is not None and helpers.gate is not None:
            helpers.gate()
        swap(staging, out)
        note = kept_output.keep(project_dir, out)  # what a refused `quarto render` puts back
        if note:
            print(note, file=sys.stderr)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    total.timings["total"] = time.perf_counter() - started
    return total
