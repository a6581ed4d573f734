"""Helpers for the safety tests: fresh copies of the safety book, and file hashes."""
from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
MINIMAL = ROOT / "tests" / "fixtures" / "minimal"
_SKIP = shutil.ignore_patterns("__pycache__", ".luton2040-cache", "_site", "_site.*", "*.pyc")


def make_book(target: Path) -> Path:
    """The safety book: two chapters reading the minimal data set and its partner files."""
    shutil.copytree(MINIMAL, target, ignore=_SKIP)
    shutil.copytree(HERE / "book", target, dirs_exist_ok=True)
    shutil.copy(ROOT / "data" / "datapackage.json", target / "data" / "datapackage.json")
    (target / "scripts").mkdir(exist_ok=True)
    shutil.copy(ROOT / "scripts" / "pre_render.py", target / "scripts" / "pre_render.py")
    return target


def hashes(folder: Path) -> dict[str, str]:
    """Relative path → sha256 of every file under ``folder``."""
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def real_quarto() -> str | None:
    """The real Quarto to render with: $LUTON2040_QUARTO, else `quarto` on the PATH, else None."""
    return os.environ.get("LUTON2040_QUARTO") or shutil.which("quarto")
