"""A kernel kept warm: started in the background as soon as a build knows it may need one, and
reused across builds (``luton2040 serve`` keeps one between saves) while the project, the excluded
folders and the kernel's environment stay the same.

Reuse is safe for the documents' outputs because every document starts from a fresh namespace
(``Kernel.begin``) and re-reads its inputs; what a reused kernel keeps is the modules it imported,
so whoever holds one across builds must ``close()`` it when code those modules come from changes.
"""
from __future__ import annotations

import threading
import time
from pathlib import Path

from luton2040.errors import BuildError

from .kernel import Kernel


class WarmKernel:
    """At most one started kernel; ``start`` is non-blocking, ``get`` waits for it."""

    def __init__(self, prelude: str = "") -> None:
        """``prelude``: code run once in each new kernel before any document (imports a caller
        knows every document needs), so the first document after a start does not wait for them."""
        self.prelude = prelude
        self._kernel: Kernel | None = None
        self._spec: tuple | None = None
        self._thread: threading.Thread | None = None
        self._error: BaseException | None = None
        self.start_seconds = 0.0  # how long the last start took (0 when a warm one was reused)

    @staticmethod
    def _spec_of(project_dir: Path, exclude: list[str], env: dict[str, str]) -> tuple:
        return str(Path(project_dir).resolve()), tuple(exclude), tuple(sorted(env.items()))

    def start(self, project_dir: Path, exclude: list[str], env: dict[str, str]) -> None:
        """Begin starting a kernel for these settings in the background, unless one is (being) started."""
        spec = self._spec_of(project_dir, exclude, env)
        if spec == self._spec and (self._thread is not None or self._alive()):
            return
        self.close()
        self._spec, self._error = spec, None

        def run() -> None:
            started = time.perf_counter()
            try:
                kernel = Kernel(Path(project_dir), list(exclude), dict(env))
                if self.prelude:
                    kernel.execute(self.prelude)  # a failing import shows up again in the document that needs it
                self._kernel = kernel
            except BaseException as exc:  # handed to whoever waits in get()
                self._error = exc
            self.start_seconds = time.perf_counter() - started

        self.start_seconds = 0.0
        self._thread = threading.Thread(target=run, name="luton2040-kernel-start", daemon=True)
        self._thread.start()

    def started(self, timeout: float) -> bool:
        """Has the kernel being started (if any) finished starting, or failed to, within ``timeout`` seconds?"""
        thread = self._thread
        if thread is not None:
            thread.join(timeout)
            return not thread.is_alive()
        return True

    def get(self, project_dir: Path, exclude: list[str], env: dict[str, str]) -> Kernel:
        """The kernel for these settings: the warm one, else a new one (waiting for it to start)."""
        if self._spec_of(project_dir, exclude, env) != self._spec or not (self._thread or self._alive()):
            self.start(project_dir, exclude, env)
        if self._thread is not None:
            self._thread.join()
            self._thread = None
        if self._error is not None:
            error, self._error, self._spec = self._error, None, None
            raise error
        if self._kernel is None:
            raise BuildError("the Python kernel did not start — check that ipykernel is installed")
        return self._kernel

    def _alive(self) -> bool:
        try:
            return self._kernel is not None and self._kernel.km.is_alive()
        except Exception:
            return False

    def close(self) -> None:
        """Shut the kernel down (waiting for one being started)."""
        if self._thread is not None:
            self._thread.join()
            self._thread = None
        kernel, self._kernel, self._spec = self._kernel, None, None
        if kernel is not None:
            try:
                kernel.close()
            except Exception:  # a kernel that died is gone already
                pass

    def __enter__(self) -> "WarmKernel":
        return self

    def __exit__(self, *exc) -> None:
        self.close()
