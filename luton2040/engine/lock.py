"""One build of a project at a time: an advisory lock on ``.luton2040-cache/build.lock``.

Two builds at once would share the generated sources (the pre-render step writes them, the tidy
step deletes them) and could publish a partial site. ``luton2040 build``, ``./make-report`` and
``luton2040 serve`` all take this lock for a whole build, so a second one waits, saying so, and then
runs on a quiet project. The lock is released by the operating system when a build process dies,
so a killed build never leaves the project locked.
"""
from __future__ import annotations

import contextlib
import fcntl
import os
import sys
import time
from pathlib import Path
from typing import Callable, Iterator

from luton2040.errors import BuildError

from .cache import CACHE_DIR

LOCK_FILE = "build.lock"
WAIT_SECONDS = 30 * 60


@contextlib.contextmanager
def project_lock(project_dir: Path, wait_seconds: float = WAIT_SECONDS,
                 say: Callable[[str], None] | None = None) -> Iterator[None]:
    """Hold the project's build lock; wait (at most ``wait_seconds``) while another build holds it."""
    folder = Path(project_dir) / CACHE_DIR
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle = open(folder / LOCK_FILE, "a+")
    except OSError as err:
        raise BuildError(f"{CACHE_DIR}/{LOCK_FILE}: cannot create the build lock ({err.strerror}) — "
                         "make the project folder writable") from None
    try:
        deadline = time.monotonic() + wait_seconds
        told = False
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if not told:
                    handle.seek(0)
                    holder = handle.read().strip() or "another process"
                    (say or _stderr)(f"Another build of this project is running ({holder}); "
                                     "waiting for it to finish…")
                    told = True
                if time.monotonic() >= deadline:
                    raise BuildError(f"{CACHE_DIR}/{LOCK_FILE}: another build of this project has been running "
                                     f"for more than {wait_seconds / 60:.0f} minutes — wait for it or stop it, "
                                     "then build again") from None
                time.sleep(0.2)
        handle.seek(0)
        handle.truncate()
        handle.write(f"process {os.getpid()}")
        handle.flush()
        yield
    finally:
        handle.close()  # releases the lock


def _stderr(message: str) -> None:
    print(message, file=sys.stderr, flush=True)
