"""Files the pages include (``{{< include … >}}``) as Quarto reads them: whole, byte for byte.

Quarto puts an included file's text where the shortcode stands (quarto-cli
src/core/handlers/include.ts), byte-order mark and all: a file saved as "UTF-8 with BOM" (Notepad's
choice before 2019, an option in VS Code) starts with an invisible U+FEFF, so its first line is no
longer what it looks like. A chapter's prose starts with its ```{python} cell, which Quarto 1.10.18
then does not run (every later cell fails: `report` is not defined), and a heading on that line is
printed as text. A page's own byte-order mark is harmless: Quarto and pandoc drop it.
"""
from __future__ import annotations

from pathlib import Path
from typing import Iterable

from luton2040.errors import Problem

#: The pages: what Quarto renders (but files and folders named _…, which only pages include), and
#: what they include is found from them.
PAGES = ("*.qmd", "chapters/**/*.qmd", "appendix/**/*.qmd")
_BOM = b"\xef\xbb\xbf"


def words_files(project) -> Iterable[tuple[Path, bool, bool]]:
    """Every page (``PAGES``) and every file a page includes, each once: (its path, whether a page
    includes it, whether the page it is part of has a title in its front matter)."""
    from luton2040.engine.source import INCLUDE

    root = project.root.resolve()
    seen: set[Path] = set()

    def visit(path: Path, page_dir: Path, titled: bool) -> Iterable[tuple[Path, bool, bool]]:
        try:
            lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
        except OSError:
            return
        for line in lines:
            found = INCLUDE.match(line)
            if not found:
                continue
            name = found.group(1)
            # a leading / is the project's folder; any other path is relative to the page, even in an
            # included file (as engine/source.py resolves it, after Quarto)
            target = ((root / name.lstrip("/")) if name.startswith("/") else (page_dir / name)).resolve()
            if target in seen or not target.is_file() or not target.is_relative_to(root):
                continue  # (a missing or outside file is named when the page is read)
            seen.add(target)
            yield target, True, titled
            yield from visit(target, page_dir, titled)

    for pattern in PAGES:
        for page in sorted(root.glob(pattern)):
            if page.resolve() in seen or any(part.startswith("_") for part in page.relative_to(root).parts):
                continue  # (a file or folder named _… is no page: Quarto renders none; a page includes it)
            seen.add(page.resolve())
            titled = _has_title(page)
            yield page, False, titled
            yield from visit(page, page.parent, titled)


def _has_title(page: Path) -> bool:
    """Whether the page's front matter gives it a title."""
    from luton2040 import yamlmarks

    meta = yamlmarks.page_front_matter(page)
    return meta is not None and bool(meta.value.get("title"))


def included_files_start_plainly(project) -> Iterable[Problem]:
    """No file a page includes starts with a byte-order mark."""
    root = project.root.resolve()
    for path, included, _ in words_files(project):
        if not included:
            continue
        with open(path, "rb") as file:
            if file.read(3) == _BOM:
                yield Problem(path.relative_to(root).as_posix(), 1, None,
                              "starts with an invisible byte-order mark (U+FEFF), which Quarto keeps when a page "
                              "includes this file, so its first line is not read as written (a ```{python} cell "
                              "there does not run, a heading is printed as text)",
                              "save the file as 'UTF-8', not 'UTF-8 with BOM' (Notepad: File, Save as, Encoding; "
                              "VS Code: click the encoding in the status bar, Save with Encoding)")


def words_read_as_written(project) -> Iterable[Problem]:
    """Each page and each file it includes closes the divs it opens and opens none it does not
    (``source.div_problems``: a div left open took in the rest of the page, a stray ::: showed the
    rest in every edition), and in a page with a title no line is a level-1 heading
    (``source.level_one_problems``). Checked here, before any page is rendered, so that
    ``quarto render`` (whose pre-render step runs this check) refuses them as the engine does."""
    from luton2040.engine.source import div_problems, level_one_problems

    root = project.root.resolve()
    for path, _, titled in words_files(project):
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError):
            continue  # (named when the page is read)
        rel = path.relative_to(root).as_posix()
        yield from div_problems(rel, lines)
        if titled:
            yield from level_one_problems(rel, lines)
