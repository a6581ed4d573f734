"""Which pages Quarto renders besides the sidebar's: ``project.render`` globs read as quarto-cli
reads them, the default page list, and the sidebar's glob sections filled in."""
from __future__ import annotations

import os
import posixpath
import re
from pathlib import Path

from luton2040.engine.config import CONFIG_FILE, Chapter, SiteConfig
from luton2040.errors import InputError, Problem

_SKIPPED_DIRS = ("_", ".")  # Quarto never renders files in folders (or files) starting with these


_GLOB_CHARS = re.compile(r"[*?\[{]")


def _glob_regex(pattern: str, smart: bool | None = None) -> re.Pattern:
    """A Quarto path glob as a regex over project-relative paths, as ``resolveGlobs`` in quarto-cli
    src/core/path.ts reads it (``project.render`` uses mode "auto", a sidebar glob mode "always"):
    a leading ``/`` anchors at the project folder; otherwise a pattern with a wildcard (``smart``)
    matches at ANY depth — ``chapters/*.qmd`` also matches ``tests/x/chapters/a.qmd`` — while a
    plain path is relative to the project folder. A trailing ``/`` means everything in a folder."""
    if smart is None:
        smart = bool(_GLOB_CHARS.search(pattern))
    if pattern.endswith("/"):
        pattern += "**"  # a folder: everything in it
    if pattern.startswith("/"):
        pattern = pattern[1:]
    elif smart:
        pattern = "**/" + pattern
    out, i = "", 0
    while i < len(pattern):
        if pattern.startswith("**/", i):
            out, i = out + "(?:[^/]+/)*", i + 3
        elif pattern.startswith("**", i):
            out, i = out + ".*", i + 2
        elif pattern[i] == "*":
            out, i = out + "[^/]*", i + 1
        elif pattern[i] == "?":
            out, i = out + "[^/]", i + 1
        else:
            out, i = out + re.escape(pattern[i]), i + 1
    return re.compile(out + r"\Z")


def _candidates(cfg: SiteConfig) -> list[str]:
    found = []
    for folder, dirs, names in os.walk(cfg.project_dir):
        rel = Path(folder).relative_to(cfg.project_dir).as_posix()
        top = Path(cfg.output_dir).parts[0] if rel == "." else None
        dirs[:] = sorted(d for d in dirs if not d.startswith(_SKIPPED_DIRS)
                         and not (top and (d == top or d.startswith(top + ".")))
                         and d not in ("node_modules", "venv", "renv"))
        for name in sorted(names):
            if (name.endswith((".qmd", ".md")) and not name.startswith(_SKIPPED_DIRS)
                    and not _NEVER_RENDERED.fullmatch(name)):
                found.append(name if rel == "." else f"{rel}/{name}")
    return found


# Never rendered, even when project.render selects them (projectHiddenIgnoreGlob in quarto-cli
# src/project/project-context.ts): README.md (.Rmd, .qmd), and since Quarto 1.9 the coding
# assistants' CLAUDE.md and AGENTS.md (and their .local.md) and llms.txt's *.llms.md companions.
_NEVER_RENDERED = re.compile(r"README\.[Rrq]?md|(?:CLAUDE|AGENTS)(?:\.local)?\.md|.*\.llms\.md")


def extra_pages(cfg: SiteConfig) -> list[str]:
    """The pages Quarto renders besides those the sidebar names, sorted (call it after the
    pre-render scripts, which may write pages): those ``project.render`` selects, or without it
    every page of the project. Raises InputError when a sidebar page is left out of ``render``."""
    if not cfg.render:
        listed = set(cfg.files)
        return [f for f in _candidates(cfg) if f not in listed]

    def selected(path: str) -> bool:
        return rendered(cfg, path)

    missing = [f for f in cfg.files if not selected(f)]
    if missing:
        raise InputError([Problem(CONFIG_FILE, None, None,
                                  f"website.sidebar.contents lists '{f}', but project.render does not select it",
                                  "add it (or a glob matching it) to project.render") for f in missing])
    listed = set(cfg.files)
    return [f for f in _candidates(cfg) if f not in listed and selected(f)]


def rendered(cfg: SiteConfig, path: str) -> bool:
    """Whether Quarto renders the project-relative ``path`` (a page file, which may not exist yet):
    ``project.render`` selects it, or there is no such list."""
    if not cfg.render:
        return not any(part.startswith(_SKIPPED_DIRS) for part in path.split("/"))
    include = [_glob_regex(p) for p in cfg.render if not p.startswith("!")]
    exclude = [_glob_regex(p[1:], smart=True) for p in cfg.render if p.startswith("!")]  # as Quarto
    return any(r.match(path) for r in include) and not any(r.match(path) for r in exclude)


def _quarto_name_order(path: str) -> str:
    """Quarto orders the pages of a glob section by file name, ignoring case (``sortEntries`` in
    src/project/types/website/website-sidebar-auto.ts; pages here carry no ``order:``)."""
    return posixpath.splitext(posixpath.basename(path))[0].upper()


def sidebar(cfg: SiteConfig, rendered: list[str]) -> list[Chapter]:
    """The sidebar with each glob section filled in: the rendered pages its glob matches, by name."""
    out: list[Chapter] = []
    for entry in cfg.entries:
        out.append(entry)
        if entry.glob:
            pattern = _glob_regex(entry.glob, smart=True)  # filterPaths(..., { mode: "always" })
            matched = sorted((f for f in rendered if pattern.match(f) and f not in cfg.files),
                             key=_quarto_name_order)
            out += [Chapter(f, part=entry.part, appendix=entry.appendix, glob=entry.glob) for f in matched]
    return out
