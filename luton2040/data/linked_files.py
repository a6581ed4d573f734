"""No file of the project is a symbolic link to a file or folder outside it.

A page that shows a picture or links a file makes both renderers publish that file: the engine
copies it into the site (``engine/site.py``, ``rewrite_links``), and so does `quarto render`
(quarto-cli src/project/types/website/website-resources.ts, ``resolveResourceRefs``). A link kept
in git (``figures/logo.png`` → ``/etc/passwd``, or → a folder of the build machine) was followed:
the site published the build machine's file under the picture's name. Partner pictures had their
own rule (``partner_allowlist``: a picture reached through a link is refused); this one is for
every file, and the engine's copy and the PDF step refuse such a file again when they meet one.

The folders no page is read from are not walked: hidden ones (``.git``, ``.venv``), the sites
the builds write (``_site``, ``_site.*``) and Python's and node's own.
"""
from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from luton2040.errors import Problem

_SKIPPED = {"node_modules", "__pycache__", "venv"}


def links_out_of_the_project(project) -> Iterable[Problem]:
    """Each link under the project whose target is outside it (a link to nothing is left alone)."""
    root = Path(project.root).resolve()
    for folder, folders, files in os.walk(root):
        here = Path(folder)
        folders[:] = sorted(name for name in folders if not skipped(here, root, name))
        for name in sorted(files) + [name for name in folders if (here / name).is_symlink()]:
            path = here / name
            if not path.is_symlink() or not path.exists():
                continue
            target = path.resolve()
            if not target.is_relative_to(root):
                rel = path.relative_to(root).as_posix()
                kind = "folder" if target.is_dir() else "file"
                yield Problem(rel, None, None, f"is a link to a {kind} outside the project ({target}): a page that "
                              "shows or links it would publish that " + kind + " of the build machine",
                              f"copy the {kind} itself into the project in place of the link")


def skipped(folder: Path, root: Path, name: str) -> bool:
    if name.startswith(".") or name in _SKIPPED:
        return True
    return folder == root and (name == "_site" or name.startswith("_site."))
