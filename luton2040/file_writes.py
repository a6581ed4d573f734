"""Generated files are written only when their bytes change, so an unchanged file keeps its
timestamp and the caches that look at it stay still (``pre_render_cache``, the engine's), and a
generated folder loses the files no run writes any more.

Standard library only: ``pre_render_cache`` imports it before anything else."""
from __future__ import annotations

from pathlib import Path


def write_changed(path: Path, data: str | bytes) -> bool:
    """Write ``data`` (text as UTF-8) to ``path``, making its folder, unless the file already holds
    exactly those bytes; whether it wrote."""
    data = data.encode("utf-8") if isinstance(data, str) else data
    try:
        if path.read_bytes() == data:
            return False
    except OSError:
        path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return True


def remove_others(root: Path, folder: str, keep: set[str] | dict, *, folder_too: bool = False) -> None:
    """Remove every file under ``root/folder`` whose project-relative path is not in ``keep``, then
    the folders that leaves empty (and ``folder`` itself when ``folder_too`` and it is empty)."""
    top = root / folder
    if not top.is_dir():
        return
    for path in sorted(top.rglob("*"), reverse=True):  # files first, then their emptied folders
        if path.is_file() and path.relative_to(root).as_posix() not in keep:
            path.unlink()
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()
    if folder_too and not any(top.iterdir()):
        top.rmdir()
