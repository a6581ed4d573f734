"""The links between the report's pages land, each heading id is the page's once, and every
``@tbl-…``/``@fig-…`` names a table or figure of its page: checked from the sources, before any
page is rendered, so that `quarto render` (whose pre-render step runs the check) refuses them as
the engine does.

The engine refuses each only once the pre-render step has run: a link to a page the site does not
have, or to an id its page does not have, after rendering (``engine/site.py``); a reference to no
label (``engine/crossref.py``) and an explicit heading id a heading above already has
(``source.read``) when it reads the pages. Quarto 1.10.18 publishes them all with a warning in the
terminal at most: a broken link, a link that opens the page at its top, "?@tbl-x" in the text, two
elements of one id.

Each page is read as the engine reads it (``source.outline``: its includes expanded, each line
with the file and line it is typed at, and only the current edition's blocks), with the partner
contributions as the pre-render step will write them. Its ids are those the renderers give: its
headings' (explicit, or pandoc's own with its -1, -2…: ``heading_ids``), every ``{#id}`` of a div,
span, picture or code block, an ``id=`` of raw HTML, its cells' labels and what the report's cells
write (``constants.CELL_IDS``), footnotes and code lines, and the ids of the page's frame
(``engine.site.frame_ids``). Links to files that are not pages (downloads, PDFs, pictures) and to
past editions (``<year>/…``) are the engine's to judge, as are links into the measure pages the
pre-render step writes (their pages are known from the data; their ids only once written) and into
a page whose ids are known only once it runs (``_uncertain``: a cell printing markdown, a heading
whose words hold an inline expression).
"""
from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote

from luton2040 import yamlmarks
from luton2040.constants import CELL_IDS, MEASURES_DIR, generated
from luton2040.data.partners import PARTNERS_DIR
from luton2040.errors import InputError, Problem
from luton2040.heading_ids import EXPLICIT_ID, auto_identifier, deduplicated, heading

#: an id given in raw HTML (a name= too: a browser scrolls to <a name="x"> as to an id)
_HTML_ID = re.compile(r"""\s(?:id|name)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""")
_ATTRIBUTES = re.compile(r"\{([^{}]*)\}")
_QUOTE = re.compile(r"^(?: {0,3}> ?)+")
_UNDERLINE = re.compile(r" {0,3}(?:=+|-+)[ \t]*")
#: ids pandoc gives footnotes and the lines of code blocks, and Quarto its code blocks
_MADE = re.compile(r"fn\d+|fnref\d+|footnotes|cb\d+(?:-\d+)?")
#: a cell line printing what a function of the report module returns: print(report.downloads())
_PRINTS_REPORT = re.compile(r"\s*print\(report\.\w+\((?:[^()]|\([^()]*\))*\)\)\s*")
_SCHEME = re.compile(r"^[a-zA-Z][\w+.-]*:|^/")
_TYPED = re.compile(r"([^#?]*)(.*)", re.S)


@dataclass
class Site:
    """The current edition's pages as the check reads them: ``book``, every page of the site (the
    measure pages the pre-render step will write too); ``outlines``, each page read from its
    source; ``ids``, the ids of each such page's elements, and ``uncertain``, the pages whose
    ids are known only once they run."""

    root: Path
    book: set[str]
    outlines: dict = field(default_factory=dict)
    ids: dict[str, set[str]] = field(default_factory=dict)
    uncertain: set[str] = field(default_factory=set)

    def lacks(self, page: str, ident: str) -> bool:
        """Whether ``page`` (a source) certainly has no element of id ``ident``."""
        from luton2040.engine.site import frame_ids

        if page not in self.ids or page in self.uncertain:
            return False  # (a page the pre-render step writes, or one whose cells may write it)
        return ident not in self.ids[page] and ident not in frame_ids() and not _MADE.fullmatch(ident)


def read_site(project) -> Site | None:
    """The current edition's pages (``Site``), or None when ``_quarto.yml`` or the edition files
    cannot be read (reported by their own rules)."""
    from luton2040.data.editions import profiles_for
    from luton2040.engine import config, render_list, source

    editions, _ = project.editions()
    plan = profiles_for(editions)
    if not plan:
        return None
    try:
        cfg = config.load(project.root, plan[0][1])
        pages = list(dict.fromkeys(cfg.files + render_list.extra_pages(cfg)))
    except InputError:
        return None
    # The measure pages are the data's (the pre-render step writes one per measure and removes the
    # others); a partner file rendered as a page (a project without project.render) has its own check.
    read = [page for page in pages if not generated(page) and not page.startswith(f"{PARTNERS_DIR}/")]
    measures = {f"{MEASURES_DIR}/{row.values['id']}.md" for row in project.rows("measures")
                if row.values.get("id") and "id" not in row.invalid}
    site = Site(project.root, set(read) | {page for page in measures if render_list.rendered(cfg, page)})
    replaced = _contributions(project.root)
    for page in read:
        try:
            outline = source.outline(project.root / page, project.root, cfg.profiles, replaced)
        except (OSError, UnicodeDecodeError):
            continue  # (reported where the page is read)
        site.outlines[page] = outline
        site.ids[page] = _ids(outline)
        if _uncertain(outline):
            site.uncertain.add(page)
    return site


def page_links(project) -> list[Problem]:
    """Every broken link, repeated heading id and reference to no label of the current edition's
    pages, at the file and line it is typed at."""
    from luton2040.engine import crossref

    site = read_site(project)
    if site is None:
        return []
    problems: list[Problem] = []
    for page, outline in site.outlines.items():
        problems += outline.id_problems
        problems += _links(site, page, outline)
    problems += crossref.index([outline.doc for outline in site.outlines.values()])[1]
    problems += _measure_page_links(site)
    return list(dict.fromkeys(problems))


def _measure_page_links(site: Site) -> list[Problem]:
    """Every measure page links to the section of the methods appendix that says how its trend and
    status are worked out (``site.pages.METHODS``): that section must keep its id. Without it the
    engine refuses each measure page (naming the page the pre-render step wrote) and Quarto
    publishes the links to the appendix's top."""
    from luton2040.site.pages import METHODS

    measure_pages = sorted(page for page in site.book if page.startswith(f"{MEASURES_DIR}/"))
    if not measure_pages:
        return []
    path, _, ident = METHODS.partition("#")
    target = posixpath.splitext(posixpath.normpath(posixpath.join(MEASURES_DIR, path)))[0] + ".qmd"
    if not site.lacks(target, ident):
        return []
    return [Problem(target, None, None, f"every measure page links to its section with the id '{ident}' (how a "
                    "measure's trend and status are worked out), which this page no longer has",
                    f"give that section's heading the id again: ## … {{#{ident}}}")]


def _contributions(root: Path) -> dict[Path, str]:
    """The partner contributions files as the pre-render step will write them (resolved path →
    text), or none when the partner files have problems (reported by their rule)."""
    from luton2040.site.contributions import HEADER, contribution_files

    try:
        files = contribution_files(root)
    except InputError:
        return {}
    return {(root / rel).resolve(): HEADER + text for rel, text in files.items()}


def _ids(outline) -> set[str]:
    """The ids of the elements the page's own lines make (``_MADE`` and the frame's aside). Besides
    the headings ``source.outline`` names, a heading in a block quote (``> ## …``) or underlined
    (``Title`` over ``=====``) is given pandoc's id for its words, and the next of its -1, -2…:
    a link to it is not refused (nor is one to the id it would have after another of its name)."""
    found = set(outline.heading_ids)
    texts = [text for text, _ in outline.lines]
    for i, text in enumerate(texts):
        for attributes in _ATTRIBUTES.findall(text):
            found |= set(EXPLICIT_ID.findall(attributes))
        found |= {"".join(parts) for parts in _HTML_ID.findall(text)}
        quoted = heading(_QUOTE.sub("", text)) if _QUOTE.match(text) else None
        underlined = (text.strip() and (i == 0 or not texts[i - 1].strip()) and i + 1 < len(texts)
                      and _UNDERLINE.fullmatch(texts[i + 1]))
        if quoted or underlined:
            base = auto_identifier(quoted[1] if quoted else text.strip())
            found |= {base, deduplicated(base, set(found))}
    cells = outline.doc.cells
    found |= {cell.label for cell in cells if cell.label}
    return found | (set(CELL_IDS) if cells else set())


def _uncertain(outline) -> bool:
    """Whether the page's ids are known only once it runs: a cell prints markdown (``output: asis``,
    which may hold headings) other than the report's own (``_PRINTS_REPORT``: the ids it prints are
    ``CELL_IDS``), or a heading without an explicit id holds an inline expression (pandoc names it
    from the value)."""
    for cell in outline.doc.cells:
        code = [line for line in cell.code.splitlines() if line.strip() and not line.startswith("#|")]
        if cell.options.get("output") == "asis" and not all(_PRINTS_REPORT.fullmatch(line) for line in code):
            return True
    for text, _ in outline.lines:
        found = heading(text)
        if found is not None and found[2] is None and "`{" in found[1]:
            return True
    return False


def _links(site: Site, page: str, outline) -> list[Problem]:
    """The problems of the links typed in the page's words, each at its file and line (a path is
    relative to the page, even in a file it includes, as both renderers read it)."""
    from luton2040.data.page_markup import addresses
    from luton2040.engine.site import a_page, no_such_place, not_a_page, outside_the_project

    texts = [text for text, _ in outline.lines]
    end = yamlmarks.front_matter_end(texts)
    start = 0 if end is None else end + 1
    folder = posixpath.dirname(page)
    problems = []

    def land(target: str, typed: str, rest: str, loc) -> None:
        """A link to the page ``target`` (a source of the site): its ``#id``, if any, must be there."""
        ident = unquote(rest.partition("#")[2])
        if rest.startswith("#") and ident and site.lacks(target, ident):
            problems.append(no_such_place(loc.file, loc.line, typed, posixpath.splitext(target)[0] + ".html", ident))

    for line, address, picture in addresses("\n".join(texts[start:])):
        loc = outline.lines[start + line - 1][1]
        path, rest = _TYPED.match(address.strip()).groups()
        if picture or _SCHEME.match(path):
            continue  # (a picture's file is the engine's to find: it may be one a cell draws)
        if not path:
            land(page, address, rest, loc)
            continue
        target = posixpath.normpath(posixpath.join(folder, unquote(path)))
        if target == ".." or target.startswith("../"):
            problems.append(outside_the_project(loc.file, loc.line, path, page))
        elif path.endswith(".qmd"):
            if target not in site.book:
                problems.append(not_a_page(loc.file, loc.line, path))
            else:
                land(target, path + rest, rest, loc)
        elif path.endswith(".md") and target in site.book:  # a page written in .md (measures/x.md)
            land(target, path + rest, rest, loc)
        elif path.endswith(".html"):
            stem = target[:-len(".html")]
            if not a_page(target, site.book, site.root):
                problems.append(not_a_page(loc.file, loc.line, path))
            else:
                land(next((stem + s for s in (".qmd", ".md", ".ipynb") if stem + s in site.book), ""),
                     path + rest, rest, loc)
    return problems
