"""A copy of the real project (sources and reference notebooks, not outputs or caches) for tests
that build it or change it, and a warm copy of a built one for tests that are not about cold builds."""
from __future__ import annotations

import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
#: Top-level entries a copy of the project leaves out: code (imported from the installed package),
#: tests, docs, outputs and caches. Everything else is copied, so a new chapter or folder is included.
NOT_PROJECT = {"luton2040", "tests", "docs", "benchmarks", "build", "dist", "_site"}
_SKIP = shutil.ignore_patterns("__pycache__", ".*", "_site", "_site.*", "*.pyc", "*.egg-info")


def copy_project(target: Path) -> Path:
    """Copy the real project's sources and reference notebooks (not _site/ or caches) into ``target``."""
    target.mkdir(parents=True, exist_ok=True)
    names = [p.name for p in ROOT.iterdir() if p.name not in NOT_PROJECT and p.name not in _SKIP(ROOT, [p.name])]
    for name in names + ["tests/notebooks"]:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, target / name, ignore=_SKIP)
        elif source.is_file():
            shutil.copy2(source, target / name)
    return target


def warm_copy(built: Path, target: Path) -> Path:
    """A copy of an already built project with its output and execution cache, as if the folder
    were copied: a build there re-runs only what changed since (seconds, not a minute)."""
    shutil.copytree(built, target, symlinks=True)
    return target
