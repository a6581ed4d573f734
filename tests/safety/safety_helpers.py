"""Helpers for the safety tests: fresh copies of the safety book and of the real project, and file hashes."""
from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
MINIMAL = ROOT / "tests" / "fixtures" / "minimal"
#: What a copy of the real project needs to build.
PROJECT_FILES = ("_quarto.yml", "index.qmd", "data", "chapters", "appendix", "partners", "figures", "scripts",
                 "styles")
_SKIP = shutil.ignore_patterns("__pycache__", ".luton2040-cache", "_site", "_site.*", "*.pyc")


def make_book(target: Path) -> Path:
    """The safety book: two chapters reading the minimal data set and its partner files."""
    shutil.copytree(MINIMAL, target, ignore=_SKIP)
    shutil.copytree(HERE / "book", target, dirs_exist_ok=True)
    shutil.copy(ROOT / "data" / "datapackage.json", target / "data" / "datapackage.json")
    return target


def copy_real_project(target: Path) -> Path:
    """The real project's sources (not _site/ or caches)."""
    target.mkdir(parents=True)
    for name in PROJECT_FILES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, target / name, ignore=_SKIP)
        elif source.is_file():
            shutil.copy2(source, target / name)
    return target


def hashes(folder: Path) -> dict[str, str]:
    """Relative path → sha256 of every file under ``folder``."""
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}
