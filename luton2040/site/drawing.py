"""Draw many charts fast: each chart's SVG is kept in one cache folder under a key made of what it
shows (its ``ChartSpec``) and the drawing code, so an unchanged chart is never drawn again — for
any edition — and the charts that must be drawn are shared among a pool of processes, one per core.

The drawing itself is ``chart_svg.render_svg`` (deterministic), so a cached SVG and a freshly drawn
one are the same bytes; this module only decides which to draw, where and when.
"""
from __future__ import annotations

import hashlib
import multiprocessing
import os
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from luton2040.site import chart_svg, charts, small_multiples

CACHE_FOLDER = ".luton2040-cache/charts"
#: below this many charts to draw, starting worker processes costs more than it saves
POOL_FROM = 4
#: a cached chart not used by any build for this long is deleted
KEEP_SECONDS = 30 * 24 * 3600


def _code() -> str:
    """The drawing code: the spec module and the SVG module (a change to either may change a picture)."""
    return hashlib.sha256(b"".join(Path(m.__file__).read_bytes() for m in (charts, chart_svg))).hexdigest()


def chart_key(spec: charts.ChartSpec, code: str | None = None) -> str:
    """What a chart's picture depends on: its spec and the code that draws it."""
    return hashlib.sha256(((code or _code()) + repr(spec)).encode()).hexdigest()[:32]


def _draw(spec: charts.ChartSpec) -> bytes:
    return chart_svg.render_svg(spec).encode("utf-8")


def _pool(jobs: int) -> ProcessPoolExecutor:
    """Worker processes; forked where possible so they start with matplotlib already imported."""
    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot  # noqa: F401  (imported once here, inherited by every worker)

        return ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("fork"))
    return ProcessPoolExecutor(max_workers=jobs)


def draw_all(root: Path, specs: dict[str, charts.ChartSpec]) -> tuple[dict[str, bytes], int]:
    """name → SVG bytes for every spec, and how many had to be drawn (the others came from the
    cache in ``<root>/.luton2040-cache/charts/``)."""
    folder = Path(root) / CACHE_FOLDER
    code = _code()
    keys = {name: chart_key(spec, code) for name, spec in specs.items()}
    svgs: dict[str, bytes] = {}
    missing: list[str] = []
    for name, key in keys.items():
        try:
            svgs[name] = (folder / f"{key}.svg").read_bytes()
            os.utime(folder / f"{key}.svg")  # used: kept by the pruning below
        except OSError:
            missing.append(name)
    if missing:
        jobs = min(os.cpu_count() or 1, len(missing))
        if jobs > 1 and len(missing) >= POOL_FROM:
            with _pool(jobs) as pool:
                drawn = list(pool.map(_draw, [specs[n] for n in missing],
                                      chunksize=max(1, len(missing) // (jobs * 4))))
        else:
            drawn = [_draw(specs[n]) for n in missing]
        folder.mkdir(parents=True, exist_ok=True)
        if not (folder.parent / ".gitignore").exists():
            (folder.parent / ".gitignore").write_text("*\n")
        for name, svg in zip(missing, drawn):
            svgs[name] = svg
            tmp = folder / f"{keys[name]}.svg.tmp{os.getpid()}"
            tmp.write_bytes(svg)
            os.replace(tmp, folder / f"{keys[name]}.svg")
    _prune(folder)
    return svgs, len(missing)


def panel_svg(root: Path, specs: list[charts.ChartSpec]) -> str:
    """``chart_svg.measures_panel_svg(specs)``, from the same cache as the charts when drawn before
    (a chapter run again after an unrelated edit does not draw its panel again)."""
    folder = Path(root) / CACHE_FOLDER
    path = folder / f"panel-{chart_key(tuple(specs))}.svg"
    try:
        svg = path.read_text(encoding="utf-8")
        os.utime(path)
        return svg
    except OSError:
        pass
    svg = small_multiples.measures_panel_svg(specs)
    folder.mkdir(parents=True, exist_ok=True)
    if not (folder.parent / ".gitignore").exists():
        (folder.parent / ".gitignore").write_text("*\n")
    tmp = path.with_name(f"{path.name}.tmp{os.getpid()}")
    tmp.write_text(svg, encoding="utf-8")
    os.replace(tmp, path)
    return svg


def _prune(folder: Path) -> None:
    if not folder.is_dir():
        return
    limit = time.time() - KEEP_SECONDS
    for path in folder.glob("*.svg"):
        try:
            if path.stat().st_mtime < limit:
                path.unlink()
        except OSError:
            pass
