"""The last published output folder, kept so that `quarto render` cannot lose it to a bad input.

A full `quarto render` empties the output folder *before* it runs the pre-render step (quarto-cli
`src/command/render/project.ts`: the output folder is removed when the whole project is rendered,
then `runPreRender` runs), so a partner file or data row the step refuses would otherwise leave no
site at all. Every successful build (`luton2040 build`, after its swap) and every successful
`quarto render` (its last post-render step, the project's `scripts/tidy_sources.py`) keeps the output folder here,
as hard links (no copy of the bytes; a file written in place later is seen through them, so the
copy is the site as it stands). When the pre-render step refuses the input of a full `quarto
render`, it puts the kept folder back (``restore``) before it stops Quarto.

Stdlib only: the project's pre-render step imports it after a failed check.
"""
from __future__ import annotations

import os
import shutil
from pathlib import Path

#: Where the copies live (in cache.CACHE_DIR, not imported: it loads the renderer), mirroring the project: `_site/` is kept as `<KEPT>/_site/`, a past edition
#: rendered with `--output-dir _site/2025` as `<KEPT>/_site/2025/`.
KEPT = Path(".luton2040-cache") / "published"


def _place(project: Path, out: Path) -> Path | None:
    """The kept copy's folder for the output folder ``out``, or None when ``out`` is outside the project."""
    project = project.resolve()
    out = (project / out).resolve()
    if out == project or not out.is_relative_to(project):
        return None
    return project / KEPT / out.relative_to(project)


def link_or_copy(source: Path | str, target: Path | str) -> None:
    """``target`` a hard link to ``source``, or a copy where a link cannot be made."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def _link_tree(source: Path, target: Path) -> None:
    """``target`` as a tree of hard links to ``source``'s files (copies where a link cannot be made)."""
    shutil.copytree(source, target, copy_function=link_or_copy, symlinks=True)


def keep(project: Path, out: Path) -> str | None:
    """Keep the output folder ``out`` (just published) as the copy ``restore`` puts back: made
    beside the old copy and renamed into its place, so an interrupted keep leaves the old copy
    whole. The output is published either way: a copy that cannot be made (a full disk) is a
    warning, returned, not a failed build."""
    place = _place(project, out)
    out = project / out
    if place is None or not out.is_dir():
        return None
    fresh, old = (place.with_name(f"{place.name}.{kind}-{os.getpid()}") for kind in ("new", "old"))
    try:
        shutil.rmtree(fresh, ignore_errors=True)
        place.parent.mkdir(parents=True, exist_ok=True)
        _link_tree(out, fresh)
        if place.exists():
            os.replace(place, old)
        os.replace(fresh, place)
    except OSError as error:
        shutil.rmtree(fresh, ignore_errors=True)
        return (f"warning: {out.name}/ is published, but no copy of it could be kept for a refused "
                f"`quarto render` to put back ({error})")
    finally:
        shutil.rmtree(old, ignore_errors=True)
    return None


def unshare(out: Path) -> int:
    """Give every file of the output folder ``out`` that shares its bytes with another name (the
    kept copy's and the frozen editions' hard links) bytes of its own; the number of files.

    Run before `quarto render` writes into the folder: Quarto writes some files in place (the
    sitemap, a page of a partial render, a regenerated download), and through a hard link that
    write would change the kept copy and the frozen edition the engine reuses byte for byte."""
    count = 0
    for path in sorted(out.rglob("*")) if out.is_dir() else []:
        if path.is_file() and not path.is_symlink() and path.stat().st_nlink > 1:
            own = path.with_name(f".{path.name}.unshared-{os.getpid()}")
            shutil.copy2(path, own)
            os.replace(own, path)
            count += 1
    return count


def restore(project: Path, out: Path) -> bool:
    """Put the kept copy of ``out`` back if Quarto has emptied ``out``; True when it did.

    A folder that still has files (a partial render, or `quarto render --no-clean`) is left alone.
    """
    place = _place(project, out)
    out = project / out
    if place is None or not place.is_dir() or (out.is_dir() and any(out.iterdir())):
        return False
    if out.is_dir():
        out.rmdir()
    out.parent.mkdir(parents=True, exist_ok=True)
    _link_tree(place, out)
    return True
