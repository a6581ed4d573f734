"""One warm Jupyter kernel for a whole build: a fresh namespace per document, and a probe that
records what each document read (files, directory listings, environment variables).

We drive ``jupyter_client`` (the library under nbclient) directly because nbclient does not expose
``user_expressions``, which inline ``{python}`` expressions need.
"""
from __future__ import annotations

import ast
import hashlib
import json
import os
import queue
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from luton2040.errors import BuildError

#: This package's folder: a document that imports its modules depends on them wherever it is installed
#: (the project's own copy is recorded as a project file; one installed elsewhere by its full path).
PACKAGE = Path(__file__).resolve().parents[1]
CELL_TIMEOUT = 600  # seconds; a cell running longer is treated as hung (LUTON2040_CELL_TIMEOUT overrides)


class KernelStopped(BuildError):
    """A cell ran past the timeout or the kernel died while running it; ``reason`` says which."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def cell_timeout() -> float:
    try:
        return max(1.0, float(os.environ.get("LUTON2040_CELL_TIMEOUT", CELL_TIMEOUT)))
    except ValueError:
        return float(CELL_TIMEOUT)

# Runs once in the kernel. Installs an audit hook (sys.addaudithook) and an os.environ probe that
# record reads under the project folder, skipping hidden folders (.venv, .git, the cache) and the
# output folder. Written as plain source so the kernel needs nothing from this package.
_PROBE = r'''
import hashlib, json, os, sys, types, warnings

def install(root, exclude, parent_env, package):
    probe = sys.modules["_luton2040_probe"]
    state = {"reads": set(), "listings": set(), "globs": set(), "env": {}}
    prefix = root + os.sep
    inside = os.sep + os.path.basename(package) + os.sep
    events = frozenset({"open", "os.listdir", "os.scandir", "glob.glob"})

    def under(path):
        p = os.path.abspath(os.fsdecode(path))
        if p == root:
            return "."
        if not p.startswith(prefix):
            return None
        parts = p[len(prefix):].split(os.sep)
        if parts[0] in exclude or any(x.startswith(".") or x == "__pycache__" for x in parts):
            return None
        return "/".join(parts)

    def hook(event, args):
        if event not in events:
            return
        try:
            if event == "open":
                path, mode, flags = args
                if path is None or isinstance(path, int):
                    return
                if mode is not None:
                    if any(c in mode for c in "wax+"):
                        return
                elif flags & (os.O_WRONLY | os.O_RDWR):
                    return
                rel = under(path)
                if rel is not None and rel != ".":
                    state["reads"].add(rel)
            elif event == "glob.glob":
                rel = under(args[0])
                if rel is not None:
                    state["globs"].add((rel, bool(args[1])))
            else:
                path = args[0] if args and args[0] is not None else "."
                if not isinstance(path, int):
                    rel = under(path)
                    if rel is not None:
                        state["listings"].add(rel)
        except Exception:
            pass

    sys.addaudithook(hook)
    environ_class = type(os.environ)
    original_getitem = environ_class.__getitem__

    def getitem(self, key):
        try:
            value = original_getitem(self, key)
        except KeyError:
            if self is os.environ and isinstance(key, str) and key not in parent_env:
                state["env"][key] = None
            raise
        if self is os.environ and isinstance(key, str):
            digest = hashlib.sha256(value.encode()).hexdigest()
            if parent_env.get(key) == digest:  # skip variables the kernel itself changed
                state["env"][key] = digest
        return value

    environ_class.__getitem__ = getitem

    def begin(folder, show_warnings):
        from IPython import get_ipython
        get_ipython().reset(new_session=False)
        os.chdir(folder)
        plt = sys.modules.get("matplotlib.pyplot")
        if plt is not None:
            plt.close("all")
        warnings.resetwarnings()
        warnings.simplefilter("default" if show_warnings else "ignore")
        for value in state.values():
            value.clear()

    def finish():
        modules = set()
        for module in list(sys.modules.values()):
            file = getattr(module, "__file__", None)
            if isinstance(file, str):
                rel = under(file)
                if rel is not None and rel != ".":
                    modules.add(rel)
                elif inside in file and os.path.realpath(file).startswith(package + os.sep):
                    # this package, installed outside the project (the cheap test first: resolving
                    # the path of each of the ~800 modules a kernel holds costs 36 ms a document)
                    modules.add(os.path.realpath(file))
        return json.dumps({"reads": sorted(state["reads"]), "listings": sorted(state["listings"]),
                           "globs": sorted(state["globs"]), "env": state["env"],
                           "modules": sorted(modules)})

    probe.begin, probe.finish = begin, finish
'''

_PROBE_CALL = "__import__('sys').modules['_luton2040_probe']"


@dataclass
class Result:
    """What one execute request produced."""

    outputs: list[dict] = field(default_factory=list)
    expressions: dict = field(default_factory=dict)
    error: dict | None = None


def expression_text(result: dict) -> tuple[str | None, str | None]:
    """(markdown text, None) for a user_expressions entry, or (None, error text)."""
    if result.get("status") != "ok":
        return None, f"{result.get('ename', 'Error')}: {result.get('evalue', '')}"
    data = result.get("data", {})
    if "text/markdown" in data:
        return data["text/markdown"], None
    text = data.get("text/plain", "")
    if text[:1] in ("'", '"'):  # a str: show its value, not its repr
        try:
            value = ast.literal_eval(text)
            if isinstance(value, str):
                return value, None
        except (ValueError, SyntaxError):
            pass
    return text, None


_TMP_PREFIX = "luton2040-kernel-"


def _remove_stale_folders() -> None:
    """Delete the kernel folders (``luton2040-kernel-<pid>-…`` in the temporary directory) of builds
    that were killed: their process is gone. Folders from older versions (no pid) go after a day."""
    for path in Path(tempfile.gettempdir()).glob(_TMP_PREFIX + "*"):
        pid = path.name[len(_TMP_PREFIX):].split("-", 1)[0]
        try:
            if pid.isdigit():
                os.kill(int(pid), 0)
                continue
            if time.time() - path.stat().st_mtime < 86400:
                continue
        except ProcessLookupError:
            pass
        except OSError:
            continue
        shutil.rmtree(path, ignore_errors=True)


class Kernel:
    """A started kernel plus its probe; use as a context manager."""

    def __init__(self, project_dir: Path, exclude: list[str], env: dict[str, str] | None = None) -> None:
        """``env``: variables set for the kernel on top of this process's (QUARTO_PROFILE …)."""
        _remove_stale_folders()
        self._tmp = tempfile.mkdtemp(prefix=f"{_TMP_PREFIX}{os.getpid()}-")
        from jupyter_client import KernelManager  # here, not at the top: a build that runs no code skips it

        self.km = KernelManager(kernel_name="python3", transport="ipc", ip=os.path.join(self._tmp, "k"))
        environment = {**os.environ, **(env or {})}
        self.km.start_kernel(cwd=str(project_dir), env=environment)
        self.kc = self.km.client()
        self.kc.start_channels()
        try:
            self.kc.wait_for_ready(timeout=60)
        except RuntimeError as exc:
            self.close()
            raise BuildError(f"the Python kernel did not start: {exc} — check that ipykernel is installed") from None
        parent = {k: hashlib.sha256(v.encode()).hexdigest() for k, v in environment.items()}
        # The probe lives in its own module so that resetting the user namespace leaves it intact.
        setup = ("import sys as _s, types as _t\n"
                 "_m = _s.modules['_luton2040_probe'] = _t.ModuleType('_luton2040_probe')\n"
                 f"exec({_PROBE!r}, _m.__dict__)\n"
                 f"_m.install({str(project_dir.resolve())!r}, {exclude!r}, {parent!r}, {str(PACKAGE)!r})\n"
                 "del _s, _t, _m\n")
        result = self.execute(setup)
        if result.error:
            self.close()
            raise BuildError(f"could not prepare the Python kernel: {result.error['ename']}: {result.error['evalue']}")

    def __enter__(self) -> "Kernel":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        try:
            self.kc.stop_channels()
            self._stop()
        finally:
            shutil.rmtree(self._tmp, ignore_errors=True)

    def _stop(self) -> None:
        """End the kernel's process now (nothing to do when it has ended already)."""
        try:
            if self.km.has_kernel:
                self.km.shutdown_kernel(now=True)
        except Exception:  # noqa: BLE001  (a kernel that died is gone already)
            pass

    def execute(self, code: str, expressions: dict[str, str] | None = None) -> Result:
        """Run code (and then evaluate ``expressions``); collect its outputs in order."""
        result = Result()

        def hook(msg: dict) -> None:
            kind, content = msg["msg_type"], msg["content"]
            if kind == "stream":
                result.outputs.append({"type": "stream", "name": content["name"], "text": content["text"]})
            elif kind in ("display_data", "execute_result"):
                result.outputs.append({"type": "display", "data": content["data"],
                                       "metadata": content.get("metadata", {})})
            elif kind == "error":
                result.error = content
            elif kind == "clear_output":
                result.outputs.clear()

        reply = self._run(code, expressions or {}, hook)
        content = reply["content"]
        if content.get("status") == "error" and result.error is None:
            result.error = content
        result.expressions = content.get("user_expressions", {}) or {}
        return result

    def _run(self, code: str, expressions: dict, hook) -> dict:
        """Send one execute request and wait for its outputs and reply, checking every half second
        that the kernel is still alive and the cell is within the timeout (so a dead kernel is
        noticed at once instead of after the whole timeout)."""
        limit = cell_timeout()
        deadline = time.monotonic() + limit
        msg_id = self.kc.execute(code, silent=False, store_history=False, user_expressions=expressions,
                                 allow_stdin=False)

        def check() -> None:
            if not self.km.is_alive():
                raise KernelStopped("the Python kernel died while running this cell (it may have run out of "
                                    "memory or called os._exit)")
            if time.monotonic() > deadline:
                # stopped for good: a kernel left running the cell would run the next document's
                # code only once the cell ends (a warm kernel that is not alive is started afresh)
                self._stop()
                raise KernelStopped(f"this cell ran for more than {limit:.0f} s, so it was stopped")

        while True:
            try:
                msg = self.kc.get_iopub_msg(timeout=0.5)
            except queue.Empty:
                check()
                continue
            if msg.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            if msg["msg_type"] == "status":
                if msg["content"].get("execution_state") == "idle":
                    break
                continue
            hook(msg)
        while True:
            try:
                reply = self.kc.get_shell_msg(timeout=0.5)
            except queue.Empty:
                check()
                continue
            if reply.get("parent_header", {}).get("msg_id") == msg_id:
                return reply

    def begin(self, folder: Path, show_warnings: bool, expressions: dict[str, str]) -> Result:
        """Fresh namespace and working folder for the next document."""
        return self.execute(f"{_PROBE_CALL}.begin({str(folder)!r}, {show_warnings!r})", expressions)

    def finish(self) -> dict:
        """What the document read since ``begin``: project-relative files, listings, env, modules."""
        result = self.execute("", {"deps": f"{_PROBE_CALL}.finish()"})
        text, error = expression_text(result.expressions.get("deps", {}))
        if error:
            raise BuildError(f"could not read the kernel's dependency record: {error}")
        return json.loads(text)
