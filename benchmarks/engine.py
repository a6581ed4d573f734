"""Time the embedded engine: cold build, no-change rebuild, rebuild after editing one input file.

    .venv/bin/python benchmarks/engine.py [PROJECT] [--touch FILE]

PROJECT defaults to the repository (if it has chapters) else the basic fixture book. The project is
copied to a temporary folder first, so its own cache and site are left alone. Prints each build's
wall time, the time spent in pre/post-render scripts, and the irreducible parts (kernel execution +
pandoc) with the ratio of engine time to them. Targets on a 2-core machine: cold build under 20 s
and within 1.3x of its irreducible parts; a one-file rebuild under 2 s. Not a test.
"""
from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from luton2040.engine.build import build  # noqa: E402
from luton2040.engine.cache import CACHE_DIR  # noqa: E402

IGNORE = shutil.ignore_patterns(".git", ".venv", "_site*", CACHE_DIR, "__pycache__", ".pytest_cache", "*.egg-info")


def default_project() -> Path:
    if any((ROOT / "chapters").glob("*.qmd")):
        return ROOT
    return ROOT / "tests" / "fixtures" / "books" / "basic"


def file_read_by_fewest_documents(project: Path) -> str | None:
    """A data file (not code) read by as few executed documents as possible, from the cache records."""
    readers: Counter = Counter()
    for entry in (project / CACHE_DIR / "execute").glob("*.json"):
        files = json.loads(entry.read_text())["snapshot"]["files"]
        readers.update(f for f in files if not f.endswith(".py"))
    return min(sorted(readers), key=lambda f: readers[f], default=None)


def line(label: str, result) -> None:
    t = result.timings
    scripts = t.get("pre_render", 0) + t.get("post_render", 0)
    engine = t["total"] - scripts
    irreducible = result.irreducible_seconds
    ratio = f"{engine / irreducible:.2f}x" if irreducible else "n/a"
    print(f"{label:<26} total {t['total']:6.2f} s | scripts {scripts:5.2f} s | engine {engine:5.2f} s | "
          f"kernel start {t.get('kernel_start', 0):4.2f} s | execute {t['execute']:5.2f} s | "
          f"pandoc {t['pandoc']:5.2f} s | engine/irreducible {ratio} | "
          f"executed {len(result.executed)}, cached {len(result.cached)}, pages {len(result.pages)}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("project", nargs="?", type=Path, default=None)
    parser.add_argument("--touch", help="file (relative to the project) to edit before the third build")
    args = parser.parse_args(argv)
    source = (args.project or default_project()).resolve()
    with tempfile.TemporaryDirectory(prefix="engine-bench-") as tmp:
        project = Path(tmp) / source.name
        shutil.copytree(source, project, ignore=IGNORE)
        print(f"project: {source} (copied to {project})")
        line("cold build", build(project, quiet=True))
        line("no-change rebuild", build(project, quiet=True))
        touched = args.touch or file_read_by_fewest_documents(project)
        if touched:
            path = project / touched
            path.write_bytes(path.read_bytes() + b"\n")
            line("rebuild after editing 1 file", build(project, quiet=True))
            print(f"(edited: {touched})")
        else:
            print("no executed document read a data file; pass --touch FILE")
    return 0


if __name__ == "__main__":
    sys.exit(main())
