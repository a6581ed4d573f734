"""The output folder: a build writes into a staging folder beside it, which replaces it only when
everything succeeded (``swap``); what a killed build left behind is cleaned up by the next one
(``recover``); a preview carries unchanged sub-folders over as they are (``carry_over``)."""
from __future__ import annotations

import glob
import os
import shutil
import signal
from pathlib import Path

from . import config as config_mod


def swap(staging: Path, out: Path) -> None:
    """Put the finished staging folder in place of ``out``: rename old aside, rename new in, delete old.

    Interrupt signals are held back between the two renames, so Ctrl+C or SIGTERM cannot leave the
    output folder missing; a hard kill in that instant is repaired by the next build (``recover``).
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


def recover(out: Path) -> None:
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
    """Repair what a killed build left behind (see ``recover``) before anything else runs, so an
    output folder caught mid-swap comes back even when the next build then fails its checks."""
    project_dir = Path(project_dir).resolve()
    try:
        cfg = config_mod.load(project_dir, None)
    except Exception:  # a broken _quarto.yml is reported by the build itself
        return
    recover((project_dir / cfg.output_dir).resolve())


def carry_over(source: Path, into: Path) -> list[str] | None:
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
