"""The build API: check everything, then render the site and PDF of every edition, or of one.

`luton2040 build`, `luton2040 serve`, the render scripts and the tests call this module; the CLI
only parses arguments and prints. (``luton2040.engine`` is the generic renderer underneath.)
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from datetime import date
from pathlib import Path

from luton2040 import published_changes
from luton2040.errors import BuildError, Checked, InputError, Problem, in_order

#: What `luton2040 build` tells the project's render scripts, one variable per request, given to
#: the scripts alone (never set in this process): the inputs were just checked, so the pre-render
#: step need not check them again; the generated measure-page sources may be removed afterwards
#: (under `quarto preview` they must stay: scripts/tidy_sources.py).
CHECKED_VARIABLE = "LUTON2040_CHECKED"
TIDY_VARIABLE = "LUTON2040_TIDY_SOURCES"
#: ``LUTON2040_PDF``: "later" (``serve`` prints it after the site is served) or "alongside" (the build
#: prints it beside the other post-render scripts: ``PdfAlongside``); unset, post_render.py prints it.
PDF_VARIABLE = "LUTON2040_PDF"
PDF_SCRIPT = "scripts/post_render.py"
PRE_RENDER_SCRIPT = "scripts/pre_render.py"
#: ``LUTON2040_SEARCH=later``: a preview's search index is written by ``serve`` once the pages are in
#: place (scripts/search_index.py leaves it); the previous index is kept meanwhile
SEARCH_VARIABLE = "LUTON2040_SEARCH"
SEARCH_SCRIPT = "scripts/search_index.py"
SEARCH_DIR = "pagefind"  # what scripts/search_index.py writes into the output folder
#: seconds a stopped PDF process (or serve's job) is given to end cleanly (pdf/render.end_when_stopped:
#: its temporary folder removed) before it is killed
STOP_GRACE = 2.0
#: what every chapter imports, imported once when a kernel is started ahead of the documents
#: (``serve``'s kept kernel; a build's, started while the inputs are checked)
KERNEL_PRELUDE = "import luton2040.report, luton2040.site.dashboard"
# The PDF step on its own (what scripts/post_render.py does), for a folder of rendered pages:
# `serve` prints the PDF after its pages, once its build has let go of the project's build lock.
# The print takes that lock again (engine/lock.py), as a build of its own: a build started meanwhile
# (`./make-report` beside `serve`) shares the PDF's cache (.luton2040-cache/pdf/), where it deletes
# the parts it did not use, this print's among them: so it waits for the print, saying so.
PDF_JOB = ("import sys\nfrom luton2040.pdf.render import end_when_stopped\nend_when_stopped()\n"
           "from luton2040.errors import Luton2040Error\nfrom luton2040.pdf import build_pdf\n"
           "from luton2040.engine.lock import project_lock\n"
           "try:\n    with project_lock(sys.argv[1], say=lambda message: None):\n"
           "        build_pdf(sys.argv[1], sys.argv[2])\nexcept Luton2040Error as error:\n"
           "    sys.exit('\\n'.join(error.lines()))\n")


# The same, in a process started before the pages exist: it gets ready to print (pdf/warm.py), then
# reads one line, {"output": <folder of rendered pages>, "env": {<variables to set>}}, and prints; an
# empty line (or none) ends it. Its standard output carries one line, SETTLED, once what is left of
# the print is light (build_pdf's ``settled``: the book's pages printed, or at most one to print);
# anything else it would print goes to its standard error, with its problems.
# SIGTERM (``stop``) ends it cleanly: a print under way removes its temporary folder (pdf/render.py).
SETTLED = "settled"
PDF_WAITING_JOB = ("import json, os, sys\nfrom luton2040.pdf.render import end_when_stopped\nend_when_stopped()\n"
                   "told = os.fdopen(os.dup(1), 'w')\nos.dup2(2, 1)\n"
                   "def settled():\n    told.write(%r + '\\n')\n    told.close()\n"
                   "from luton2040.errors import Luton2040Error\n"
                   "from luton2040.pdf import build_pdf\nfrom luton2040.pdf.warm import warm_up\n"
                   "try:\n    warm_up()\nexcept Exception:\n    pass  # (only a head start: printing reports problems)\n"
                   "line = sys.stdin.readline()\nif not line.strip():\n    sys.exit(0)\n"
                   "request = json.loads(line)\nos.environ.update(request['env'])\n"
                   "try:\n    build_pdf(sys.argv[1], request['output'], settled)\nexcept Luton2040Error as error:\n"
                   "    sys.exit('\\n'.join(error.lines()))\n"
                   # written and its workers gone: the merged book and the interpreter need no tearing
                   # down (0.3 s at 10x), so the process ends at once
                   "sys.stdout.flush()\nsys.stderr.flush()\nos._exit(0)\n") % SETTLED


class PdfAlongside:
    """Prints an edition's PDF in its own process as soon as the book's pages (``needs``: the
    sidebar's, which the PDF prints; converted before the other pages) and every file that is not
    a page are written and checked, while the other pages (the measure pages) are converted,
    written and checked; the other post-render scripts (search index, tidying) run once it has
    settled (``scripts_after``, ``settled``), beside what is left of it; the build waits for it
    before the output folder is swapped in.
    The same ``build_pdf`` call as scripts/post_render.py, which is told
    (``LUTON2040_PDF=alongside``) to leave it to this.

    ``warm()`` starts the process early, while the site is being made (an edition that will be
    built): it imports WeasyPrint and prints a sample page meanwhile, then waits for ``start``."""

    #: the book's pages go to pandoc before the others (engine/render.py), so it starts while the
    #: measure pages are converted, at a lower priority, on the core the kernel and it leave idle
    convert_first = True
    #: the search index is made once the PDF has settled (its pages printed, or one at most left
    #: to print): Pagefind (about 115 MB at 10×) beside the print workers would add its memory to
    #: theirs at the build's peak (and take their CPU); beside the front, folio and merge, or one
    #: part's print, which are short and on one core, it costs neither (at 10× it took about 1.5 s
    #: of wall time at the very end when it waited for them; after a partner's edit about 0.4 s)
    scripts_after = True

    def __init__(self, root: Path) -> None:
        self.root = root
        self.job: subprocess.Popen | None = None
        self.waiting: subprocess.Popen | None = None

    def _spawn(self) -> subprocess.Popen:
        env = dict(os.environ)
        env.pop(PDF_VARIABLE, None)
        self.errors = tempfile.TemporaryFile()  # not a pipe: a long message must not stall the job
        return subprocess.Popen([sys.executable, "-c", PDF_WAITING_JOB, str(self.root)], cwd=self.root, env=env,
                                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self.errors)

    @staticmethod
    def needs(config) -> list[str]:
        """The pages the PDF reads: the sidebar's, in its order (what ``pdf.book.read_book`` reads)."""
        return [chapter.file for chapter in config.chapters]

    def warm(self) -> None:
        if self.waiting is None and self.job is None:
            self.waiting = self._spawn()

    def start(self, staging: Path, profile_env: dict[str, str]) -> None:
        job, self.waiting = self.waiting or self._spawn(), None
        self.job = job
        try:
            job.stdin.write(json.dumps({"output": str(staging), "env": profile_env}).encode() + b"\n")
            job.stdin.close()
        except OSError:  # it has ended already: wait() reports how
            pass

    def settled(self) -> None:
        """Return once what is left of the print is light (``SETTLED``: its pages are printed, or
        at most one is left to print) or the process has ended; ``wait`` then waits for the rest
        and reports problems."""
        job = self.job
        if job is None or job.stdout is None or job.stdout.closed:
            return
        job.stdout.readline()  # the signal, or b"" once the process (and its workers) ended
        job.stdout.close()

    def wait(self) -> None:
        job, self.job = self.job, None
        if job is None:
            return
        job.wait()
        if not job.stdout.closed:
            job.stdout.close()
        self.errors.seek(0)
        errors = self.errors.read().decode("utf-8", "replace").strip()
        self.errors.close()
        if job.returncode != 0:
            raise BuildError(f"the PDF could not be printed:\n{errors or f'exit code {job.returncode}'}")

    def stop(self) -> None:
        """End the PDF process, printing or waiting (a failed build, or one that printed nothing):
        asked first (SIGTERM: it removes what it is printing into, pdf/render.end_when_stopped),
        killed if it does not end."""
        for job in (self.job, self.waiting):
            if job is not None:
                if job.poll() is None:
                    job.terminate()
                    try:
                        job.wait(timeout=STOP_GRACE)
                    except subprocess.TimeoutExpired:
                        job.kill()
                job.wait()
                job.stdin.close()
                job.stdout.close()
                self.errors.close()
        self.job = self.waiting = None


def check_project(root: Path, sound=None) -> Checked:
    """Every problem `luton2040 build` stops at before rendering anything, errors and warnings, one
    pass then one abort: the data, partner and edition files and ``_quarto.yml`` with each
    edition's profile merged in, as the build will read it (``data.validate``), and the links,
    heading ids and cross-references of the pages (``site.page_links``); figures typed
    into chapter prose (``compute.stale``, warnings); and, when the inputs are sound, the words the
    chapters and progress items use (``compute.prose_check``; ``words_checked`` says whether they
    were, so the summary can say they are still to check). ``sound()`` is called at that point,
    when the files themselves have no error (the build starts its kernel then: a build refused for
    a typo in a file need not start one)."""
    # imported only when the inputs changed since the last check
    from luton2040.compute.prose_check import check_project as check_words
    from luton2040.compute.stale import hand_typed
    from luton2040.data.validate import validate_project
    from luton2040.site.page_links import page_links

    problems = validate_project(root, also=(page_links,))
    if sound is not None and not any(p.severity == "error" for p in problems):
        sound()
    problems += hand_typed(root)  # (warnings only)
    words_checked = not any(p.severity == "error" for p in problems)
    if words_checked:
        problems += check_words(root)
    return Checked(sorted(problems, key=in_order), words_checked=words_checked)


def build_project(root: Path, *, quiet: bool = False, progress=None, edition: int | None = None,
                  preview: bool = False, warm=None):
    """Validate, then build; returns (BuildResult, seconds spent checking). Raises Luton2040Error.

    Without ``edition``, every edition that has a data/editions/<year>.yml is built: the newest at
    the root of the output folder, each older one under <year>/ with the past-edition banner. With
    it, that edition alone, at the root. Warnings are printed to stderr; the output folder is
    replaced only when everything succeeded.

    ``preview`` (``serve``) builds only the edition being previewed: the others are reused from the
    cache when unchanged, else kept as they were, and nothing built is stored as frozen (its PDF
    comes later: see serve.py). ``warm`` (an ``engine.warm.WarmKernel``) is a kernel kept between
    builds (``serve``); without it each build starts one while its pre-render step runs.
    """
    from luton2040.engine.build import recover_output
    from luton2040.engine.config import load as load_config
    from luton2040.freeze import Inputs

    recover_output(root)  # a build killed mid-swap left no output folder: put it back first
    config = load_config(root)
    inputs = Inputs(root, str(config.output_dir))
    # The PDF is printed beside the other post-render scripts when the project prints it at all.
    pdf = PdfAlongside(root) if PDF_SCRIPT in config.post_render and os.environ.get(PDF_VARIABLE) != "later" else None
    # A preview checks beside the build (nothing is shown before the check passes); a build checks
    # first, on one core: inputs that must be checked again will most likely need code run again
    # and a new PDF, so the PDF's process gets ready meanwhile, and the kernel starts as soon as the
    # files themselves are found sound (before the words are checked).
    early = EarlyKernel(root, edition, inputs) if warm is None and not preview else None

    def meanwhile() -> None:
        if pdf is not None:
            pdf.warm()  # a process started, which takes no time here

    try:
        check = Check(inputs, beside=preview, meanwhile=meanwhile, sound=early.start if early is not None else None)
    except BaseException:
        if pdf is not None:
            pdf.stop()  # warmed while the check ran, which failed
        if early is not None:
            early.close()
        raise
    try:
        return _build(root, inputs, check, quiet=quiet, progress=progress, edition=edition, preview=preview,
                      warm=warm, pdf=pdf, early=early, output=root / config.output_dir)
    except Exception:
        check.passed()  # the inputs' problems, when there are any, are what the build stopped at
        raise
    finally:
        if pdf is not None:
            pdf.stop()  # (one that was never given pages)
        if early is not None:
            early.close()


class EarlyKernel:
    """The kernel of a build, started while its inputs are checked (the first document's code then
    waits for neither the kernel nor the report's imports: ``KERNEL_PRELUDE``). Started for the
    edition the build will make first (at the root), as the engine would start it; once the plan
    is known, ``settle`` corrects it or, when that edition is kept and nothing is built, ends it."""

    def __init__(self, root: Path, edition: int | None, inputs=None) -> None:
        from luton2040.engine.warm import WarmKernel

        self.root, self.edition, self.inputs = root, edition, inputs
        self.warm = WarmKernel(prelude=KERNEL_PRELUDE)
        self.started = False
        self.closed = False  # once closed (a failed check, Ctrl+C), a late start() starts nothing
        self.lock = threading.Lock()

    def start(self) -> None:
        """(On the check's thread.)"""
        from luton2040.data.editions import profiles_for
        from luton2040.data.load import load_editions
        from luton2040.engine.build import start_kernel

        with self.lock:
            if self.closed or self._only_words_changed():
                return
            try:
                if self.edition is not None:
                    profile = str(self.edition)
                else:
                    plan = profiles_for(load_editions(self.root)[0])
                    if not plan:
                        return
                    profile = plan[0][1]
                start_kernel(self.root, profile, self.warm)
                self.started = True
            except Exception:  # only a head start: the check reports bad edition files or settings
                pass

    def _only_words_changed(self) -> bool:
        """Have only words changed since the last check: partner files, and pages whose code did
        not change (``freeze.code_lines``)? The chapters include partners' words as text
        (site/contributions.py) and no code reads them, and a page's code is run again only when
        it changes (engine/source.py ``code_digest``), so such a build most likely runs no code: a
        kernel started now would only take a core from it. A guess for speed alone: the build
        still starts a kernel if a document does need running."""
        from luton2040.data.partners import PARTNERS_DIR
        from luton2040.freeze import changed_since_checked

        if self.inputs is None:
            return False
        changed = changed_since_checked(self.inputs)
        if not changed:
            return False
        files = {rel for rel in changed if not rel.startswith("code:")}
        return all(rel.startswith(f"{PARTNERS_DIR}/") or (rel.endswith(".qmd") and f"code:{rel}" not in changed)
                   for rel in files)

    def settle(self, profile: str | None, needed: bool):
        """The kernel for a build whose first profile is ``profile`` (None: let the build start its
        own); ``needed`` False (that edition's output is kept) ends it."""
        from luton2040.engine.build import start_kernel

        if not self.started:
            return None
        if not needed:
            self.close()
            return None
        start_kernel(self.root, profile, self.warm)  # nothing to do when it was started for these settings
        return self.warm

    def close(self) -> None:
        with self.lock:
            self.closed, self.started = True, False
            self.warm.close()


class Check:
    """``check_project`` (reused while no input or code has changed: freeze.checked), run at once
    or on a thread beside the build; ``passed()`` waits for it, prints its warnings once and raises
    InputError for its errors."""

    def __init__(self, inputs, beside: bool, meanwhile=None, sound=None) -> None:
        """``meanwhile()`` is called when the check has to run (it is not reused), as it starts;
        ``sound()`` when it has found the files themselves sound (``check_project``)."""
        from luton2040.freeze import checked

        started = time.perf_counter()
        self.seconds, self.printed = 0.0, False
        self.problems: list[Problem] | None = None
        self.error: BaseException | None = None

        def check(root: Path) -> list[Problem]:
            if meanwhile is not None:
                try:
                    meanwhile()
                except OSError:  # only a head start (a process that could not be started now)
                    pass
            return check_project(root, sound=sound)

        def run() -> None:
            try:
                self.problems = checked(inputs, check)
            except BaseException as exc:  # raised again by passed()
                self.error = exc
            self.seconds = time.perf_counter() - started

        self.thread = threading.Thread(target=run, name="luton2040-check", daemon=True)
        self.thread.start()
        if not beside:
            self.passed()

    def passed(self) -> None:
        self.thread.join()
        if self.error is not None:
            raise self.error
        if not self.printed:
            self.printed = True
            for warning in (p for p in self.problems if p.severity != "error"):
                print(warning, file=sys.stderr)
        errors = [p for p in self.problems if p.severity == "error"]
        if errors:
            raise InputError(errors, words_checked=self.problems.words_checked)


def _reused_pre_render(root: Path):
    """What scripts/pre_render.py does, done in this process when it is cheap here, saving a Python
    start (and a third process competing for two cores) on every build and save: each step's last
    run's files put back when nothing it read has changed (luton2040/pre_render_cache.py), and the
    partner contributions written again (their code is loaded already: the check read the partner
    files). None (run the script, which does the rest) when the measure pages must be made again,
    or for any other script."""

    def attempt(scripts: tuple[str, ...], env: dict[str, str]) -> str | None:
        if tuple(scripts) != (PRE_RENDER_SCRIPT,) or env.get(CHECKED_VARIABLE) != "1":
            return None  # unchecked, the script checks the inputs first
        from luton2040 import pre_render_cache

        folder = Path(root).resolve()
        script, variables = folder / PRE_RENDER_SCRIPT, {**os.environ, **env}
        messages = []
        for step in pre_render_cache.STEPS:
            if step == "contributions":  # (what scripts/pre_render.py runs for it)
                from luton2040.site.contributions import pre_render_step

                message = pre_render_cache.run(folder, script, step, lambda: pre_render_step(folder), variables)
            else:  # the measure pages: put back, or left to the script
                message = pre_render_cache.restore(folder, script, variables, step)
            if message is None:
                return None
            messages.append(message)
        return "\n".join(messages)

    return attempt


def _build(root: Path, inputs, check: Check, *, quiet: bool, progress, edition: int | None, preview: bool, warm,
           pdf: PdfAlongside | None, early: EarlyKernel | None, output: Path):
    from luton2040.data.editions import profiles_to_build
    from luton2040.engine.build import Helpers, build_set
    from luton2040.data.load import load

    script_env = {CHECKED_VARIABLE: "1", TIDY_VARIABLE: "1"}
    helpers = Helpers(warm=warm, companion=pdf, gate=check.passed,
                      pre_render=_reused_pre_render(root))
    if pdf is not None:
        script_env[PDF_VARIABLE] = "alongside"
    if preview:
        script_env[SEARCH_VARIABLE] = "later"  # the pages first: serve indexes them afterwards
    data = load(root)
    if edition is not None:
        plan = [(data.edition(edition), str(edition), "")]  # a clean message when there is no such edition
    else:
        plan = profiles_to_build(data)
    # Each edition's output is reused byte for byte while its inputs are unchanged (see freeze.py).
    keys = inputs.edition_keys([(e, profile) for e, profile, _ in plan])
    builds = [(profile, folder) for _, profile, folder in plan]
    keys = {folder: keys[profile] for _, profile, folder in plan}
    carry = {folder for _, _, folder in plan if folder} if preview else set()
    if preview:
        keys = {folder: key for folder, key in keys.items() if folder in carry}
    kept = _kept(root, keys.get("")) if pdf is not None or early is not None or not preview else False
    # what the last build published, to say which files of a published report this one changes:
    # taken beside the build, and waited for before the new output replaces it (the gate)
    before = None if preview or kept else published_changes.fingerprint_beside(output)
    if before is not None:
        helpers.gate = lambda passed=helpers.gate: (passed(), before())
    if pdf is not None:
        if kept:
            pdf.stop()  # the newest edition is put back as it was, PDF included
        else:
            pdf.warm()  # it will be built: its PDF process gets ready while the site is made (if not yet)
    if early is not None:
        helpers.kernel = early.settle(builds[0][0], needed=not kept)
    result = build_set(root, builds, quiet=quiet, progress=progress, keys=keys, carry=carry,
                       script_env=script_env, helpers=helpers)
    if before is not None:
        newest = plan[0][0]
        was, now = before(), published_changes.fingerprints(result.output_dir)
        said = published_changes.warning(newest, f"{newest.pdf_name}.pdf", was.get("", {}), now[""], date.today())
        for problem in ([said] if said is not None else []) + published_changes.past_warnings(was, now, newest.year):
            print(problem, file=sys.stderr)
    return result, check.seconds


def _kept(root: Path, key: str | None) -> bool:
    """Is the newest edition's output kept under ``key``, so the build will put it back, PDF included?"""
    from luton2040.engine.cache import FrozenOutputs

    return key is not None and FrozenOutputs(root).holds("", key)
