"""Each edition's partner contributions as files the chapters include.

The pre-render step writes ``chapters/_partners/<year>/<priority>.md`` for every edition and every
priority: the clean partner texts of that edition (``data.partners.read_partners``) as the
chapter's markdown (``partner_section.contribution_markdown``). A chapter's prose includes its own
edition's file where the contributions go::

    ## Partner contributions {#partner-contributions}

    {{< include /chapters/_partners/2025/poverty.md >}}

An include is text, not code: editing a partner file changes the chapter's words without running
its code again (engine/source.py, ``code_digest``), in the embedded engine and in Quarto alike.
Every edition's file is written, not only the one being built, because Quarto reads the includes of
every edition's block in a page before it hides the other editions' (quarto-cli
src/core/handlers/include-standalone.ts). A leading ``/`` makes the path project-relative
(src/core/handlers/base.ts, ``resolvePath``). The files are kept in git: Quarto expands a page's
includes when it first lists the project's files, before any pre-render step runs
(src/project/project-context.ts → src/execute/engine.ts ``fileExecutionEngine``), so a missing one
stops ``quarto render`` on a fresh clone; after the step it reads the project again
(src/command/render/project.ts), so the pages get the files as the step has just written them.
"""
from __future__ import annotations

import posixpath
from pathlib import Path

from luton2040.constants import CONTRIBUTIONS_DIR
from luton2040.data.edition_prose import contributions_file, heading_ids_beside
from luton2040.data.load import load_editions
from luton2040.data.partners import priority_order, read_partners
from luton2040.errors import InputError, Problem
from luton2040.file_writes import remove_others, write_changed
from luton2040.site.partner_photos import write_photos
from luton2040.site.partner_section import contribution_markdown, pictures_shown


#: The first line of each file: a link reference nothing uses, which pandoc (so Quarto and the
#: engine alike) leaves out of the page, so the note is read in the file and nowhere else.
HEADER = "[//]: # (Written by the build from partners/: edit those files, not this one.)\n\n"
MESSAGE = f"pre-render: every edition's partner contributions ({CONTRIBUTIONS_DIR}/)"


def contribution_files(root: Path, also: int | None = None) -> dict[str, str]:
    """Every edition's and priority's contributions (with edition ``also`` besides those that have
    a file: `new-edition` asks before writing its own): project-relative file → markdown (without
    ``HEADER``). Raises InputError when a partner, edition or priority file has an error (the check
    reports them first), so that files are never removed for an edition or priority that is only
    unreadable."""
    return contributions_and_photos(root, also)[0]


def contributions_and_photos(root: Path, also: int | None = None
                             ) -> tuple[dict[str, str], dict[str, tuple[str, int | None]]]:
    """``contribution_files``, and the pictures the partner texts show: ``figures/…`` → the
    partner file and line that first shows it (``partner_photos.write_photos``)."""
    editions, problems = load_editions(root)
    priorities = priority_order(root)
    errors = [p for p in problems if p.severity == "error"]
    if priorities is None:
        errors.append(Problem("data/priorities.csv", None, None, "cannot be read, so the partner "
                              "contributions cannot be sorted into chapters", "run luton2040 check and fix it"))
    files, shown = {}, {}
    for priority in priorities or []:
        partners, problems = read_partners(root, None, priority)
        errors += [p for p in problems if p.severity == "error"]
        for partner in partners:
            for figure in pictures_shown(partner.body):
                shown.setdefault(posixpath.normpath(figure), (partner.path, _line_of(root / partner.path, figure)))
        for year in sorted({*editions, *([also] if also else [])}):
            mine = [p for p in partners if p.edition == year]
            files[contributions_file(year, priority)] = contribution_markdown(
                mine, taken=heading_ids_beside(root, year, priority))
    if errors:
        raise InputError(errors)
    return files, shown


def _line_of(path: Path, figure: str) -> int | None:
    """The line of the partner file that names the picture ``figure`` (the file as typed: its
    comments are not in the clean text)."""
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    return next((number for number, line in enumerate(lines, 1) if figure in line), None)


def write_contributions(root: Path, files: dict[str, str] | None = None) -> list[str]:
    """Write every edition's contributions files (``files``, else ``contribution_files``) that
    changed, remove any left from an edition or priority that is gone, and return the files
    written (project-relative)."""
    files = contribution_files(root) if files is None else files
    written = [rel for rel, text in files.items() if write_changed(root / rel, HEADER + text)]
    remove_others(root, CONTRIBUTIONS_DIR, files)
    return written


def pre_render_step(root: Path) -> str:
    """The pre-render step's part that writes them and the web-sized copies of the photos they show
    (``pre_render_cache.STEPS``): run by scripts/pre_render.py, or by a build in its own process;
    returns what it says."""
    files, shown = contributions_and_photos(root)
    write_contributions(root, files)
    write_photos(root, shown)
    return MESSAGE
