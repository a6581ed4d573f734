"""`luton2040 serve`: preview the built site on 127.0.0.1 and rebuild it whenever an edited file is saved.

The watcher polls modification times ten times a second (no extra dependency) and confirms a
change by content, so a save that changes nothing, or a figure a chapter rewrites identically, does
not rebuild again. Each rebuild goes through the same checks as `luton2040 build`, and the engine's
cache re-runs only the documents whose inputs changed. The process is kept between saves, and with
it what it parsed — every YAML text, data file and page, kept by its text or bytes (yamlmarks,
data/schema.py, engine/source.py), so a save parses again only the files it changed — and the
kernel, with the package imported (restarted when code changes). The pre-render step's cached
files are put back in this process when nothing it read changed (build._reused_pre_render). Only the edition previewed is rebuilt (the newest, or --edition);
the others are reused from the cache when unchanged, else kept as they were. The site comes first:
the PDF is printed afterwards in a separate process, and replaced when it is done. Problems are printed here and shown at the top of every page in the
browser; served pages ask a small status address to answer when the site changes (a long poll)
and reload themselves as soon as a rebuild's pages are written. The
files in the output folder are never modified: the banner and the reload script are added as pages
are served.
"""
from __future__ import annotations

import hashlib
import html
import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TextIO

from luton2040.build import (KERNEL_PRELUDE, PDF_JOB,  # the PDF step on its own, for the served folder
                             PDF_VARIABLE, SEARCH_DIR, SEARCH_SCRIPT, SEARCH_VARIABLE, STOP_GRACE)
from luton2040.constants import generated
from luton2040.errors import WORDS_NOT_CHECKED, BuildError, InputError, Luton2040Error, os_error_lines

WATCHED_DIRS = ("data", "partners", "chapters", "appendix", "styles", "figures")
#: the search index and the PDF run after the pages at this lower priority: the PDF takes both cores
#: for seconds after a fresh start, and an edit saved meanwhile is shown first
BACKGROUND_NICENESS = 10
WATCHED_FILES = ("_quarto.yml",)
STATUS_PATH = "/__luton2040__/status"
HOST = "127.0.0.1"

RELOAD_PATH = "/__luton2040__/reload.js"
# A file, not inline code: the pages' Content-Security-Policy forbids inline script.
RELOAD_SCRIPT = '<script src="%s?seen=%d"></script>'
#: The page asks the status address to answer once the site has changed (``after=``: a long poll),
#: so it reloads as soon as a rebuild's pages are written, not at the next tick of a timer. A tab
#: that is not shown does not ask (it asks when shown again, and reloads at once if the site
#: changed meanwhile), and beyond ``MAX_WAITING`` waiting requests the answer comes at once with
#: ``again`` (ask again in a second): a browser opens at most six connections to one address, and
#: tabs each holding one would leave none for loading pages. While serve is stopped, it asks again
#: every second.
RELOAD_JS = """(function () {
  var seen = %d, waiting = null;
  function ask() {
    if (waiting || document.hidden) { return; }
    var mine = waiting = new AbortController();
    fetch("%s?after=" + seen, {cache: "no-store", signal: mine.signal}).then(function (r) {
      return r.json();
    }).then(function (s) {
      if (waiting !== mine) { return; }
      waiting = null;
      if (s.generation !== seen) { location.reload(); } else { setTimeout(ask, s.again || 0); }
    }).catch(function () {
      if (waiting !== mine) { return; }  /* given up when the tab was hidden */
      waiting = null;
      setTimeout(ask, 1000);
    });
  }
  document.addEventListener("visibilitychange", function () {
    if (document.hidden && waiting) { var gone = waiting; waiting = null; gone.abort(); } else { ask(); }
  });
  ask();
})();
"""
#: the longest a status request with ``after=`` waits for a change before answering anyway
LONG_POLL = 20.0
#: how many status requests may wait at once; the others are answered at once, with ``again``
MAX_WAITING = 3
#: after a save is seen, how long the files must stay unchanged before the build starts: an editor
#: that writes a file in steps (a temporary file, then a rename) has finished by then
SETTLE = 0.05

BANNER = """<div id="luton2040-build-problems" role="alert" style="position:sticky;top:0;z-index:10000;
background:#fff4f4;color:#5c0011;border:3px solid #b00020;padding:1em 1.5em;font:16px/1.4 sans-serif">
<strong>The last save could not be built{n}.</strong> This page shows the previous version. Fix the
file{s} below and save again; the page reloads by itself.
<ul style="margin:.5em 0 0;font-family:monospace;font-size:14px">{items}</ul></div>"""

ERROR_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Build problems</title></head>
<body style="margin:2em">{banner}{reload}</body></html>"""


def _watched(root: Path) -> list[Path]:
    files = [root / name for name in WATCHED_FILES] + sorted(root.glob("*.qmd"))
    for folder in WATCHED_DIRS:
        if (root / folder).is_dir():  # (what the build writes itself is no edit: constants.GENERATED)
            files += sorted(p for p in (root / folder).rglob("*")
                            if p.is_file() and not generated(p.relative_to(root).as_posix()))
    return [p for p in files if p.is_file() and "__pycache__" not in p.parts]


def snapshot(root: Path, previous: dict | None = None) -> dict[str, tuple[int, int, str]]:
    """path → (mtime_ns, size, sha256) of every watched file; unchanged mtimes reuse ``previous``'s hash."""
    previous = previous or {}
    found = {}
    for path in _watched(root):
        try:
            stat = path.stat()
        except OSError:
            continue  # deleted between listing and reading
        rel = path.relative_to(root).as_posix()
        old = previous.get(rel)
        if old and old[:2] == (stat.st_mtime_ns, stat.st_size):
            found[rel] = old
            continue
        try:
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
        except OSError:
            continue
        found[rel] = (stat.st_mtime_ns, stat.st_size, digest)
    return found


def changes(before: dict, after: dict) -> list[str]:
    """Files added, removed or whose content differs."""
    names = set(before) | set(after)
    return sorted(n for n in names if (before.get(n) or (0, 0, None))[2] != (after.get(n) or (0, 0, None))[2])


def end_job(job: subprocess.Popen | None) -> None:
    """End a job started in its own process group, with every process it started: the search
    index's script runs Pagefind as a child, and the PDF's prints on worker processes, which
    killing the job alone would leave writing into the served folder."""
    if job is not None and job.poll() is None:
        job.ended_here = True  # (its exit status then says nothing: it stops with 1, see pdf/render.py)
        # asked first: a print under way removes its temporary folder (pdf/render.end_when_stopped)
        _signal_group(job, signal.SIGTERM)
        try:
            job.wait(timeout=STOP_GRACE)
        except subprocess.TimeoutExpired:
            _signal_group(job, signal.SIGKILL)  # all of it, still there after the grace
            job.wait()


def _signal_group(job: subprocess.Popen, sig: int) -> None:
    try:
        os.killpg(job.pid, sig)
    except ProcessLookupError:
        pass


class Preview:
    """The preview server: ``run()`` builds, serves and watches until Ctrl+C."""

    def __init__(self, root: Path, port: int = 4040, interval: float = 0.1, out: TextIO | None = None,
                 edition: int | None = None) -> None:
        self.root = Path(root).resolve()
        self.edition = edition  # the edition previewed (default: the newest); the others are not rebuilt
        self.pdf: subprocess.Popen | None = None
        self.search: subprocess.Popen | None = None  # the search index, written after the pages are in place
        self.port = port
        self.interval = interval
        self.out = out or sys.stdout
        self.site = self.root / _output_dir(self.root)
        self.generation = 0
        self.problems: list[str] = []
        self.lock = threading.Lock()
        self.changed = threading.Condition(self.lock)  # notified whenever ``generation`` moves on
        self.waiting = 0  # status requests waiting for a change (``MAX_WAITING``)
        self.files: dict = {}
        self.httpd: ThreadingHTTPServer | None = None
        self.warm = None  # the kernel kept between saves (engine.warm.WarmKernel), started by the first build
        self.code: dict[str, tuple[int, int]] = {}  # the code the warm kernel imported: path → (mtime, size)
        self.overlay: Path | None = None  # a build's staging folder whose pages are final (served first)
        self.started = time.perf_counter()

    # ---- building
    def say(self, text: str) -> None:
        print(text, file=self.out, flush=True)

    def rebuild(self) -> bool:
        """Check and build once; record the outcome for the browser. True when it succeeded."""
        from luton2040.build import build_project

        self.stop_pdf()  # a newer site is on its way: its PDF replaces the one being printed
        self.stop_search()
        self.keep_kernel_fresh()
        started = self.started = time.perf_counter()
        previous = os.environ.get(PDF_VARIABLE)
        os.environ[PDF_VARIABLE] = "later"  # the site first: the PDF is printed once the pages are served
        try:
            result, _ = build_project(self.root, quiet=True, edition=self.edition, preview=True, warm=self.warm,
                                      progress=self.show_early)
        except (Luton2040Error, OSError, Exception) as err:  # serve outlives every failed build
            if isinstance(err, Luton2040Error):
                lines = err.lines()
            elif isinstance(err, OSError):
                lines = os_error_lines(err)
            else:
                lines = [f"the build stopped unexpectedly ({type(err).__name__}: {err}) — please report this; "
                         "the last good site is still shown"]
            with self.lock:
                self.problems = lines
                self._moved_on()
            for line in lines:
                print(line, file=sys.stderr, flush=True)
            if isinstance(err, InputError) and not err.words_checked:
                print(WORDS_NOT_CHECKED, file=sys.stderr, flush=True)
            self.say(f"{len(lines)} problem(s); the browser shows them too. Fix and save to try again.")
            return False
        finally:
            with self.lock:
                shown, self.overlay = self.overlay is not None, None  # from now on _site/ has them, or the error
            if previous is None:
                os.environ.pop(PDF_VARIABLE, None)
            else:
                os.environ[PDF_VARIABLE] = previous
        with self.lock:
            if not shown:  # the browser already reloaded when the pages were written
                self.problems = []
                self._moved_on()
        self.say(f"Rebuilt {len(result.pages)} pages in {time.perf_counter() - started:.1f} s "
                 f"({len(result.executed)} run, {len(result.cached)} from cache).")
        self.start_search()
        self.start_pdf()
        return True

    def show_early(self, stage: str, where: str) -> None:
        """The build's progress: once the previewed edition's pages are final (stage "written"),
        serve them from the staging folder and reload the browser, while the post-render scripts
        (search index, tidying) finish and the folder replaces the output folder."""
        if stage == "written" and Path(where) == self.site.parent / f"{self.site.name}.building-{os.getpid()}":
            self.keep_search_index(Path(where))
            with self.lock:
                self.overlay, self.problems = Path(where), []
                self._moved_on()
            self.say(f"Pages updated in {time.perf_counter() - self.started:.1f} s; finishing the site…")

    def keep_kernel_fresh(self) -> None:
        """Keep one kernel between saves, so a save re-runs only the affected pages, in a kernel with
        everything imported. Each page still starts from a fresh namespace and reads the data again;
        when code changes (this package, or any .py file of the project), the kernel is restarted so
        no page runs against modules imported before the change."""
        from luton2040.engine.warm import WarmKernel

        code = code_stamp(self.root)
        if self.warm is not None and code != self.code:
            self.warm.close()
            self.warm = None
        if self.warm is None:
            self.warm = WarmKernel(prelude=KERNEL_PRELUDE)
        self.code = code

    def read_inputs_once(self) -> None:
        """Read and check every input once on a thread while the browser is being looked at: what is
        parsed is kept in this process (by its text), so the first save parses only what it changed
        even when the first build reused the last check. Its result is not used: each build checks."""
        from luton2040.build import check_project

        def run() -> None:
            try:
                check_project(self.root)
            except Exception:  # a broken input: the builds report it
                pass

        threading.Thread(target=run, name="luton2040-read-once", daemon=True).start()

    def close_kernel(self) -> None:
        if self.warm is not None:
            self.warm.close()
            self.warm = None

    # ---- the search index, after the pages
    def keep_search_index(self, staging: Path) -> None:
        """The previous search index goes into the new site (hard links), so search keeps working
        while the new pages are shown; ``start_search`` replaces it once they are in place."""
        index = self.site / SEARCH_DIR
        if index.is_dir() and not (staging / SEARCH_DIR).exists():
            try:
                shutil.copytree(index, staging / SEARCH_DIR, copy_function=os.link)
            except OSError:  # another file system, or an index being rewritten: the new one follows
                shutil.rmtree(staging / SEARCH_DIR, ignore_errors=True)

    def start_search(self) -> None:
        """Index the served pages for search in a separate process (the project's own post-render
        script, told nothing about later), when the project writes a search index at all."""
        from luton2040.engine.config import load as load_config

        try:
            if SEARCH_SCRIPT not in load_config(self.root).post_render:
                return
        except Luton2040Error:
            return
        env = {**os.environ, "QUARTO_PROJECT_OUTPUT_DIR": os.path.relpath(self.site, self.root)}
        env.pop(SEARCH_VARIABLE, None)
        self.search = self._background([sys.executable, SEARCH_SCRIPT], env, self.root,
                                       "Search index updated", "The search index could not be written")

    def stop_search(self) -> None:
        job, self.search = self.search, None
        end_job(job)

    # ---- the PDF, after the site
    def start_pdf(self) -> None:
        """Print the previewed edition's PDF into the served folder in a separate process."""
        from luton2040.data.load import load

        try:
            year = load(self.root).edition(self.edition).year
        except Luton2040Error:
            return
        env = {**os.environ, "QUARTO_PROFILE": str(year)}
        env.pop(PDF_VARIABLE, None)
        self.pdf = self._background([sys.executable, "-c", PDF_JOB, str(self.root), str(self.site)], env, None,
                                    "PDF updated", "The PDF could not be printed")

    def stop_pdf(self) -> None:
        job, self.pdf = self.pdf, None
        end_job(job)

    def _background(self, command: list[str], env: dict[str, str], cwd, done: str, failed: str) -> subprocess.Popen:
        """Start a job after the pages, in its own process group (``end_job`` ends all of it), and
        say when it ends: ``done`` and its time, or ``failed`` and its errors (nothing when it was
        ended for a newer build)."""
        started = time.perf_counter()
        job = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                               text=True, start_new_session=True)
        try:  # a save while it runs is rebuilt first (the processes it starts later inherit this)
            os.setpriority(os.PRIO_PROCESS, job.pid, min(19, os.getpriority(os.PRIO_PROCESS, 0) + BACKGROUND_NICENESS))
        except (OSError, AttributeError):  # (gone already, or a system without priorities)
            pass

        def report() -> None:
            _, errors = job.communicate()
            if getattr(job, "ended_here", False):  # for a newer build: its job says the rest
                return
            if job.returncode == 0:
                self.say(f"{done} in {time.perf_counter() - started:.1f} s.")
            elif job.returncode > 0:
                self.say(f"{failed}:\n{errors.strip()}")

        threading.Thread(target=report, daemon=True).start()
        return job

    def watch_once(self) -> list[str]:
        """Rebuild if any watched file changed since the last look; returns the changed files."""
        current = snapshot(self.root, self.files)
        changed = changes(self.files, current)
        if not changed:
            self.files = current
            return []
        while True:  # wait until the editor has finished writing
            time.sleep(SETTLE)
            settled = snapshot(self.root, current)
            if not changes(current, settled):
                break
            changed, current = sorted(set(changed) | set(changes(current, settled))), settled
        self.files = current
        shown = ", ".join(changed[:3]) + (f" and {len(changed) - 3} more" if len(changed) > 3 else "")
        self.say(f"Saved: {shown}; rebuilding…")
        self.rebuild()
        return changed

    # ---- serving
    def start_server(self) -> ThreadingHTTPServer:
        handler = partial(_Handler, preview=self)
        try:
            self.httpd = _Server((HOST, self.port), handler)
        except OSError as exc:
            raise BuildError(f"cannot serve on {HOST}:{self.port} ({exc.strerror}) — "
                             "stop the other preview, or choose another port with --port 8000") from None
        self.port = self.httpd.server_address[1]
        threading.Thread(target=self.httpd.serve_forever, daemon=True, name="luton2040-serve").start()
        return self.httpd

    def run(self) -> int:
        self.start_server()
        self.say(f"Serving {self.site.name}/ at http://{HOST}:{self.port}/ — press Ctrl+C to stop.")
        self.files = snapshot(self.root)
        self.rebuild()
        self.read_inputs_once()
        try:
            while True:
                time.sleep(self.interval)
                self.watch_once()
        except KeyboardInterrupt:
            self.say("Stopped.")
            return 0
        finally:
            self.stop_pdf()
            self.stop_search()
            self.close_kernel()
            self.httpd.shutdown()
            self.httpd.server_close()

    def state(self) -> tuple[int, list[str]]:
        with self.lock:
            return self.generation, list(self.problems)

    def _moved_on(self) -> None:
        """The next generation of the site, told to every waiting status request (``self.lock`` held)."""
        self.generation += 1
        self.changed.notify_all()

    def status(self, after: int | None = None, timeout: float = LONG_POLL) -> dict:
        """What the status address answers: the site's generation and problems; with ``after``,
        once the generation differs from it (or ``timeout`` seconds have passed), unless
        ``MAX_WAITING`` requests wait already: then at once, with ``again`` (milliseconds)."""
        with self.changed:
            if after is not None and self.generation == after:
                if self.waiting >= MAX_WAITING:
                    return {"generation": self.generation, "problems": list(self.problems), "again": 1000}
                self.waiting += 1
                try:
                    self.changed.wait_for(lambda: self.generation != after, timeout)
                finally:
                    self.waiting -= 1
            return {"generation": self.generation, "problems": list(self.problems)}

    def located(self, path: str, site_path: str) -> str:
        """Where to read ``site_path`` (a path under the output folder) from: the staging folder of
        a build whose pages are final, when it has that file, else the output folder."""
        with self.lock:
            overlay = self.overlay
        if overlay is not None:
            candidate = overlay / os.path.relpath(site_path, self.site)
            if candidate.is_file() or (candidate / "index.html").is_file():
                return str(candidate) + ("/" if site_path.endswith("/") else "")
        return site_path


def code_stamp(root: Path) -> dict[str, tuple[int, int]]:
    """(mtime, size) of every file of this package and every .py file of the project (outside
    hidden and output folders): what a warm kernel may have imported."""
    from . import __file__ as package_init

    found = {}
    package = Path(package_init).parent
    files = [p for p in package.rglob("*") if "__pycache__" not in p.parts]
    for folder, names, filenames in os.walk(root):
        names[:] = [n for n in names if not n.startswith((".", "_site")) and n != "__pycache__"]
        files += [Path(folder) / f for f in filenames if f.endswith(".py")]
    for path in files:
        try:
            stat = path.stat()
        except OSError:
            continue
        found[str(path)] = (stat.st_mtime_ns, stat.st_size)
    return found


def _output_dir(root: Path) -> str:
    try:
        from luton2040.engine.config import load

        return str(load(root).output_dir)
    except Exception:  # a broken _quarto.yml is reported by the first build
        return "_site"


class _Server(ThreadingHTTPServer):
    """The preview's HTTP server. A browser that closes a tab, or reloads while a status request
    waits (``LONG_POLL``), has gone before its answer is written: that is no problem to report."""

    def handle_error(self, request, client_address) -> None:
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


def banner(problems: list[str]) -> str:
    items = "".join(f"<li>{html.escape(p)}</li>" for p in problems)
    n = len(problems)
    return BANNER.format(items=items, n=f" ({n} problem{'s' if n != 1 else ''})", s="s" if n != 1 else "")


class _Handler(SimpleHTTPRequestHandler):
    """Serves the output folder; adds the problem banner and the reload script to HTML pages."""

    def __init__(self, *args, preview: Preview, **kwargs) -> None:
        self.preview = preview
        super().__init__(*args, directory=str(preview.site), **kwargs)

    def translate_path(self, path: str) -> str:
        return self.preview.located(path, super().translate_path(path))

    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        if self.path.split("?")[0] == STATUS_PATH:
            after = self.path.partition("after=")[2]
            self._send(200, "application/json", json.dumps(self.preview.status(int(after) if after.isdigit() else None)))
            return
        generation, problems = self.preview.state()
        if self.path.split("?")[0] == RELOAD_PATH:
            seen = self.path.partition("seen=")[2]
            self._send(200, "text/javascript", RELOAD_JS % (int(seen) if seen.isdigit() else -1, STATUS_PATH))
            return
        try:
            raw = self.translate_path(self.path)
            if "\x00" in raw:
                raise ValueError("NUL in the address")
            path = Path(raw)
            if path.is_dir():
                path = path / "index.html"
            exists = path.is_file()
        except (ValueError, OSError):  # a NUL byte or an over-long name in the address
            self.send_error(404)
            return
        reload = RELOAD_SCRIPT % (RELOAD_PATH, generation)
        if path.suffix == ".html" and exists:
            page = path.read_text(encoding="utf-8")
            end = page.rfind("</body>")
            page = page[:end] + reload + page[end:] if end >= 0 else page + reload
            if problems:  # first thing in the body, so it is seen before the page
                start = page.find(">", page.find("<body")) + 1 if "<body" in page else 0
                page = page[:start] + banner(problems) + page[start:]
            self._send(200, "text/html; charset=utf-8", page)
        elif problems and (path.suffix in ("", ".html")):
            self._send(500, "text/html; charset=utf-8", ERROR_PAGE.format(banner=banner(problems), reload=reload))
        else:
            super().do_GET()

    def list_directory(self, path):
        """No folder listings: a folder without index.html is not a page."""
        self.send_error(404)
        return None

    def _send(self, status: int, kind: str, text: str) -> None:
        body = text.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def log_message(self, format: str, *args) -> None:  # noqa: A002
        pass  # the terminal shows builds and problems, not every request
