"""Generated files are written only when their bytes change, so an unchanged file keeps its
timestamp and the caches that look at it stay still (``pre_render_cache``, the engine's).

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
