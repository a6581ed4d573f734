"""Write the site: pages through the Jinja2 template, sidebar and previous/next links, stylesheets,
figures and the local files pages refer to. Every link is relative, so the site works from any
folder and from ``file://``; only the page not found (``404.html``, shown by a server at any
depth) starts its links at the site's path, as Quarto writes it (``not_found.py``)."""
from __future__ import annotations

import glob
import html
import posixpath
import re
import shutil
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote

import jinja2
from markupsafe import Markup

from luton2040.errors import InputError, Problem

from . import not_found
from .config import FAVICON_TYPES, SiteConfig
from .render_list import sidebar
from .page_safety import CSP
from .pandoc import Fragment
from .sitemap import robots_txt, sitemap_xml
from .source import INCLUDE

TEMPLATES = Path(__file__).parent / "templates"
ENGINE_CSS = "site_libs/luton2040-engine.css"
SEARCH_JS = "site_libs/luton2040-search.js"
MENU_JS = "site_libs/luton2040-menu.js"  # the phone menu button (Quarto draws its own)
_LINK = re.compile(r'(\s(?:href|src)=")([^"#?]*)([^"]*)"')


@dataclass
class Page:
    """A converted page waiting to be written."""

    source: str                   # chapters/x.qmd
    fragment: Fragment
    meta: dict
    files: dict[str, bytes] = field(default_factory=dict)   # figures, relative to the page's folder
    in_book: bool = True          # unused: the sidebar decides the reading order (kept for callers)

    @property
    def output(self) -> str:
        return posixpath.splitext(self.source)[0] + ".html"

    @property
    def title_text(self) -> str:
        return html.unescape(re.sub(r"<[^>]+>", "", self.fragment.title)).strip()


def _rel(target: str, page: str) -> str:
    """Relative URL from output page ``page`` to output path ``target`` (both project-relative)."""
    return _rel_from(target, posixpath.dirname(page) or ".")


@lru_cache(maxsize=65536)  # a pure function of two strings: the same sidebar links from every page of a folder
def _rel_from(target: str, folder: str) -> str:
    return posixpath.relpath(target, folder)


def _tool_href(href: str, page: str) -> str:
    """A sidebar tool's link from ``page``: URLs as they are, project files relative, and a
    ``.qmd``/``.md`` source as the page it renders to (as Quarto does)."""
    if re.match(r"^[a-zA-Z][\w+.-]*:|^/|^#", href):
        return href
    path, fragment = _rendered(href)
    return _rel(path, page) + fragment


def _page_link(href: str) -> str:
    """A link in the banner as Quarto leaves it: relative to the page it appears on (quarto-cli
    src/project/types/website/website-utils.ts, resolveProjectInputLinks), a ``.qmd``/``.md``
    source made the page it renders to; URLs as they are."""
    if re.match(r"^[a-zA-Z][\w+.-]*:|^#", href):
        return href
    path, fragment = _rendered(href)
    return path + fragment


def _rendered(href: str) -> tuple[str, str]:
    """(path, ``#fragment`` or "") of a link, a ``.qmd``/``.md`` source made the page it renders to."""
    path, hash_, fragment = href.partition("#")
    if path.endswith((".qmd", ".md")):
        path = posixpath.splitext(path)[0] + ".html"
    return path, hash_ + fragment


@lru_cache(maxsize=None)
def _inline_markdown():
    """The one markdown-it parser for banners, footers and descriptions (built once: building it
    costs four times what rendering a description does, and every page has three)."""
    from markdown_it import MarkdownIt

    # Pandoc's "smart" extension, on in Quarto: curly quotes and apostrophes, -- and --- as dashes,
    # ... as an ellipsis (markdown-it's "replacements" would also turn (c) into ©, which pandoc does not).
    return MarkdownIt("commonmark", {"html": False, "typographer": True}).enable("smartquotes")


def announcement_html(markdown: str, page: str) -> str:
    """The banner's, the footer's or a page description's markdown as inline HTML (raw HTML is
    escaped), as Quarto renders them: pandoc markdown with its typography
    (quarto-cli src/project/types/website/website-navigation-md.ts; title-block.html). Links are
    written as they are on every page, as Quarto does — so a link out of the edition (the current
    report, from a past edition in a sub-folder) must be a full URL to work from every page: the
    HTML is the same on every ``page``."""
    return _inline_html(markdown)


@lru_cache(maxsize=4096)  # the same banner and footer on every page, build after build (``serve``)
def _inline_html(markdown: str) -> str:
    if not markdown.strip():
        return ""
    rendered = _inline_markdown().render(markdown).strip()
    rendered = re.sub(r"^<p>(.*)</p>$", r"\1", rendered, flags=re.S)
    rendered = "".join(part if part.startswith("<") else
                       part.replace("---", "\u2014").replace("--", "\u2013").replace("...", "\u2026")
                       for part in re.split(r"(<[^>]*>)", rendered))
    return re.sub(r'href="([^"]*)"', lambda m: f'href="{html.escape(_page_link(html.unescape(m.group(1))))}"',
                  rendered)


def _root(page: str) -> str:
    up = _rel(".", page)
    return "" if up == "." else up + "/"


def a_page(target: str, book: set[str], project_dir: Path) -> bool:
    """Whether ``target`` (x.html, from the project's folder) is a page this build writes, a file of
    the project, or a page of another edition (<year>/…, which that edition's build writes)."""
    stem = target[:-len(".html")]
    return (any(stem + suffix in book for suffix in (".qmd", ".md", ".ipynb")) or (project_dir / target).is_file()
            or re.fullmatch(r"\d{4}", target.split("/", 1)[0]) is not None)


@dataclass(frozen=True)
class Anchor:
    """A link someone typed to an id of a page of this build: `page` (its source) must have `ident`."""

    page: str
    ident: str
    typed: str  # the link as typed, e.g. 'poverty.qmd#headline'
    file: str  # where it is typed
    line: int


#: an id an element of a converted page has (a heading's, a section's, a table's, a span's)
_ID = re.compile(r'\sid="([^"]+)"')


@lru_cache(maxsize=1)
def frame_ids() -> frozenset[str]:
    """The ids every page's frame has (templates/page.html: ``title-block-header``, ``TOC`` …), which a
    link may name as well as its body's ("Back to the top" is ``#title-block-header``)."""
    return frozenset(ident for ident in _ID.findall(" " + (TEMPLATES / "page.html").read_text(encoding="utf-8"))
                     if "{" not in ident)  # (not one the template fills in)


def outside_the_project(file: str, line: int | None, path: str, page: str) -> Problem:
    """A link typed at ``file``:``line`` on ``page`` (a source) to ``path``, outside the project."""
    return Problem(file, line, None, f"links to '{path}', which is outside the project",
                   f"copy the file into the project and link to it there (a path is relative to the page, {page}, "
                   "even in an included file)")


def not_a_page(file: str, line: int | None, path: str) -> Problem:
    """A link typed at ``file``:``line`` to ``path`` (``x.qmd`` or ``x.html``), which is no page of the site."""
    if path.endswith(".qmd"):
        return Problem(file, line, None, f"links to '{path}', which is not a page of the site",
                       "add it to project.render or fix the link")
    return Problem(file, line, None, f"links to '{path}', which is not a page of the site",
                   "fix the link: a page is linked by its own file's name (poverty.qmd for poverty.html)")


def no_such_place(file: str, line: int | None, typed: str, output: str, ident: str) -> Problem:
    """A link typed at ``file``:``line`` as ``typed`` to the id ``ident`` of the page ``output`` (x.html),
    which has no element of that id."""
    return Problem(file, line, None, f"links to '{typed}', but {output} has no place with the id '{ident}'",
                   "link to a heading by its id (## Poverty today {#today} has the id 'today'), or leave out the "
                   "'#…' part to link to the top of the page")


def rewrite_links(body: str, page: Page, book: set[str], project_dir: Path,
                  anchors: list[Anchor] | None = None) -> tuple[str, set[str], list[Problem]]:
    """``x.qmd`` links → ``x.html``; collect local files the page refers to; report broken ones.
    A link typed to an id of a page of this build (``#id``, ``x.qmd#id``) is added to `anchors`, checked
    once every page is converted (``Writer``)."""
    resources: set[str] = set()
    problems: list[Problem] = []
    folder = posixpath.dirname(page.source)

    def aim(target: str, path: str, rest: str) -> None:
        """Note a link to id ``rest`` (``#id``) of the page `target` (a source), where it is typed."""
        ident = unquote(rest.partition("#")[2])
        if anchors is None or not rest.startswith("#") or not ident or target not in book:
            return
        where, line = _written_at(project_dir, page.source, path + rest)
        if line is not None:  # (a link a cell wrote is the code's)
            anchors.append(Anchor(target, ident, path + rest, where, line))

    def repl(m: re.Match) -> str:
        prefix, path, rest = m.groups()
        if not path:
            aim(page.source, path, rest)
            return m.group(0)
        if re.match(r"^[a-zA-Z][\w+.-]*:|^/", path):
            return m.group(0)
        target = posixpath.normpath(posixpath.join(folder, path))
        if target == ".." or target.startswith("../"):  # would be copied outside the output folder
            problems.append(outside_the_project(*_written_at(project_dir, page.source, path), path, page.source))
            return m.group(0)
        if path.endswith(".qmd"):
            if target not in book:
                problems.append(not_a_page(*_written_at(project_dir, page.source, path), path))
            aim(target, path, rest)
            return f'{prefix}{path[:-4]}.html{rest}"'
        if path.endswith(".md") and target in book:  # a page written in .md (measures/x.md) is linked as Quarto does
            aim(target, path, rest)
            return f'{prefix}{path[:-3]}.html{rest}"'
        # (a link typed in a page or its words; one a cell wrote, such as a measure's in a table, is the
        # code's, and a book that renders no measure pages may still print it)
        if path.endswith(".html") and not a_page(target, book, project_dir) \
                and (typed := _written_at(project_dir, page.source, path))[1] is not None:
            problems.append(not_a_page(*typed, path))
            return m.group(0)
        if path.endswith(".html"):
            aim(next((target[:-len(".html")] + suffix for suffix in (".qmd", ".md", ".ipynb")
                      if target[:-len(".html")] + suffix in book), ""), path, rest)
            return m.group(0)
        if posixpath.relpath(target, folder) in page.files:
            return m.group(0)
        if (project_dir / target).is_file():
            if not (project_dir / target).resolve().is_relative_to(project_dir.resolve()):
                # (the check refuses such a link first: data/linked_files.py)
                problems.append(Problem(*_written_at(project_dir, page.source, path), None,
                                        f"links to '{path}', which is a link to a file outside the project",
                                        "copy the file itself into the project in place of the link"))
                return m.group(0)
            resources.add(target)
        elif prefix.strip().startswith("src"):
            typed = unquote(path)  # pandoc writes a space in a picture's path as %20
            problems.append(Problem(*_written_at(project_dir, page.source, typed), None,
                                    f"the file '{typed}' does not exist",
                                    f"fix the path (it is relative to the page, {page.source}, even in an included "
                                    "file)"))
        return m.group(0)

    return _LINK.sub(repl, body), resources, problems


def _written_at(project_dir: Path, source: str, path: str) -> tuple[str, int | None]:
    """(file, line) where ``path`` is written: the page or, first, a file it includes (a chapter's
    words are in chapters/_prose/<year>/, which is where the editor typed the link); else the page."""
    seen: set[str] = set()

    def visit(rel: str) -> tuple[str, int] | None:
        if rel in seen:
            return None
        seen.add(rel)
        try:
            lines = (project_dir / rel).read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError):
            return None
        for number, line in enumerate(lines, 1):
            include = INCLUDE.match(line)
            if include:
                found = visit(posixpath.normpath(posixpath.join(posixpath.dirname(rel), include.group(1))))
                if found:
                    return found
            elif path in line:
                return rel, number
        return None

    return visit(source) or (source, None)


def project_paths(fragment: str, page: str) -> tuple[str, set[str]]:
    """HTML included in every page (``format.html.include-after-body``) as Quarto writes it into
    ``page``: a ``href``/``src`` starting with one ``/`` is a project path, made relative to the page,
    and the file it names is copied into the site (quarto-cli
    src/project/types/website/website-resources.ts, ``resolveResourceRefs``). Other links are left
    as they are. Returns the HTML and the project files it refers to."""
    refs: set[str] = set()

    def repl(m: re.Match) -> str:
        prefix, path, rest = m.groups()
        if not path.startswith("/") or path.startswith("//"):
            return m.group(0)
        refs.add(path.lstrip("/"))
        return f'{prefix}{_rel(path.lstrip("/") or ".", page)}{rest}"'

    return _LINK.sub(repl, " " + fragment)[1:], refs


def _nav(entries: list, pages: dict[str, Page], current: str) -> list[dict]:
    """The sidebar as Quarto's ``website.sidebar.contents`` lays it out: pages, and section titles
    followed by their pages."""
    items: list[dict] = []
    for entry in entries:
        if entry.file is None:
            items.append({"part": entry.part})
        elif entry.file in pages:
            page = pages[entry.file]
            items.append({"href": _rel(page.output, current), "title": Markup(page.fragment.title),
                          "current": page.output == current, "appendix": entry.appendix})
    return items


def _declared_resources(config: SiteConfig) -> tuple[set[str], list[Problem]]:
    """The stylesheets, the logo, the favicon and ``project.resources`` matches; problems for missing
    stylesheets."""
    resources: set[str] = set(config.css) | {f for f in (config.logo, config.favicon) if f}
    for pattern in config.resources:
        for match in glob.glob(pattern, root_dir=config.project_dir, recursive=True):
            if (config.project_dir / match).is_file():
                resources.add(Path(match).as_posix())
    problems = [Problem("_quarto.yml", None, None, f"format.html.css lists '{css}', which does not exist",
                        "create it or fix the path") for css in config.css if not (config.project_dir / css).is_file()]
    return resources, problems


def _neighbours(chain: list[Page], page: Page) -> dict:
    """Previous/next links for ``page`` along the sidebar's pages (none for a page outside it)."""
    neighbours = {}
    at = chain.index(page) if page in chain else -2
    for key, j in (("prev", at - 1), ("next", at + 1)):
        if at >= 0 and 0 <= j < len(chain):
            neighbours[key] = {"href": _rel(chain[j].output, page.output), "title": Markup(chain[j].fragment.title)}
    return neighbours


def _render(template, config: SiteConfig, page: Page, body: str, included: str, nav: list[dict],
            neighbours: dict, engine_version: str) -> str:
    """One page through the template."""
    title = page.fragment.title or html.escape(config.title)
    head = page.title_text or config.title
    if config.title and head != config.title:
        head = f"{head} – {config.title}"
    description_html = announcement_html(str(page.meta.get("description") or ""), page.output)
    # The 404 page is shown at any depth: its references start at the site's path (engine/not_found.py).
    root = not_found.site_path(config.site_url) if _is_404(page) else _root(page.output)
    text = template.render(
        lang=config.lang, engine_version=engine_version, head_title=head,
        # The meta description is the description's plain text with pandoc's typography, as pandoc
        # writes `description-meta` under Quarto (its text, markup dropped: "Every word we ‘count’").
        description=html.unescape(re.sub(r"<[^>]*>", "", description_html)),
        # Quarto's title block shows the description under the title (formats/html/templates/
        # title-block.html), as markdown; the PDF drops the title block.
        description_html=Markup(description_html),
        stylesheets=[_rel(ENGINE_CSS, page.output)] + [_rel(css, page.output) for css in config.css],
        body_classes=" ".join(str(page.meta.get("body-classes") or "").split()),
        root=root, book_title=config.title, book_subtitle="", nav=nav,
        logo=_rel(config.logo, page.output) if config.logo else "", logo_alt=config.logo_alt,
        favicon=_rel(config.favicon, page.output) if config.favicon else "",
        favicon_type=FAVICON_TYPES.get(Path(config.favicon).suffix.lower(), ""),
        tools=[{"href": _tool_href(t.href, page.output), "text": t.text, "icon": t.icon} for t in config.tools],
        title=Markup(title), subtitle=Markup(page.fragment.subtitle), byline="",
        toc=Markup(page.fragment.toc) if config.toc and page.meta.get("toc", True) and page.fragment.toc else "",
        body=Markup(body), page_footer=Markup(announcement_html(config.page_footer, page.output)),
        prev=neighbours.get("prev"), next=neighbours.get("next"),
        search_script=_rel(SEARCH_JS, page.output) if config.search else "",
        menu_script=_rel(MENU_JS, page.output),
        announcement=Markup(announcement_html(config.announcement, page.output)),
        announcement_type=config.announcement_type, csp=CSP, after_body=Markup(included),
    )
    return not_found.force_root(text, root) if _is_404(page) else text


def _is_404(page: Page) -> bool:
    """Quarto's 404 page: ``404.qmd`` or ``404.md`` at the project's root (href ``/404.html``)."""
    return page.output == not_found.OUTPUT


@lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    """One template environment per process: it compiles page.html once (and again if it changes)."""
    return jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True,
                              undefined=jinja2.StrictUndefined, keep_trailing_newline=True)


def write(config: SiteConfig, pages: list[Page], out: Path, engine_version: str) -> list[str]:
    """Write every page and resource into ``out``; return the written files (relative to ``out``)."""
    writer = Writer(config, pages, out, engine_version)
    writer.write_files()
    writer.write_pages(pages)
    return writer.files


@dataclass
class Pending:
    """A page not converted yet (a companion job reads other pages meanwhile): its source, the
    markdown pandoc will convert and its figures (known before pandoc runs)."""

    source: str
    markdown: str
    files: dict[str, bytes] = field(default_factory=dict)

    @property
    def output(self) -> str:
        return posixpath.splitext(self.source)[0] + ".html"


#: the addresses a page's markdown can give pandoc: a link's or picture's target, raw HTML's href/src
_MARKDOWN_TARGET = re.compile(r'\]\(\s*<?([^)\s>]+)|\s(?:href|src)="([^"]*)"')


def expected_resources(page: Pending, project_dir: Path) -> set[str]:
    """The project files ``page`` will use once converted, read from its markdown (each target
    ``rewrite_links`` would copy: a relative path to a project file that is not a page or one of
    the page's figures). A guess that ``Writer.add`` checks against the converted page."""
    folder, found = posixpath.dirname(page.source), set()
    for m in _MARKDOWN_TARGET.finditer(page.markdown):
        path = re.split(r"[#?]", m.group(1) or m.group(2) or "", maxsplit=1)[0]
        if not path or re.match(r"^[a-zA-Z][\w+.-]*:|^/", path) or path.endswith((".qmd", ".html")):
            continue
        target = posixpath.normpath(posixpath.join(folder, path))
        if target == ".." or target.startswith("../") or posixpath.relpath(target, folder) in page.files:
            continue
        if (project_dir / target).is_file():
            found.add(target)
    return found


class Writer:
    """Writes the site in steps, so that some pages can be final before the others are written (a
    companion job reads them meanwhile), or even converted: ``pages`` (in the site's order) are
    converted ``Page``s and ``Pending`` ones, whose converted ``Page``s come later (``add``). Every
    link of the converted pages is checked and every file the site will hold is known first
    (``files``, in the order ``write`` lists them; a pending page's project files are read from
    its markdown and checked when it comes); ``write_files`` writes every file that is not a page
    (figures, stylesheets, scripts, the project files pages use, the sitemap), ``write_pages`` the
    pages asked for. Each file is written once, with the same bytes whatever the order. Raises
    InputError listing every broken link (each once) once every page is converted and
    before anything else is written (``problems``: those found so far)."""

    def __init__(self, config: SiteConfig, pages: list[Page | Pending], out: Path, engine_version: str) -> None:
        self.config, self.out, self.engine_version = config, out, engine_version
        self.template = _environment().get_template("page.html")
        self.order = [p.source for p in pages]
        self.outputs = {p.source: p.output for p in pages}
        self.by_source = {p.source: p for p in pages if isinstance(p, Page)}
        self.pending = {p.source: p for p in pages if isinstance(p, Pending)}
        self.book = set(self.order)
        self.declared, self.declared_problems = _declared_resources(config)
        self.after_body = "\n".join((config.project_dir / name).read_text(encoding="utf-8")
                                     for name in config.include_after_body)
        self.entries = sidebar(config, self.order)
        # Previous/next links follow the sidebar's pages, in its order (website.page-navigation; quarto-cli
        # src/project/types/website/website-navigation.ts, nextAndPrevious); pages outside it have none.
        self.chain_sources = [e.file for e in self.entries if e.file in self.outputs] if config.page_navigation else []
        self.bodies: dict[str, tuple[str, str]] = {}  # source → (body with its links rewritten, included HTML)
        self.used: dict[str, set[str]] = {}           # source → the project files it uses
        self.broken: dict[str, list[Problem]] = {}    # source → its problems
        self.ids: dict[str, frozenset[str]] = {}       # source → the ids of its body
        self.anchors: dict[str, list[Anchor]] = {}    # source → the links typed in it to ids of pages
        self.page_files: list[tuple[str, bytes]] = []
        for page in pages:
            for rel, data in page.files.items():
                self.page_files.append((posixpath.normpath(posixpath.join(posixpath.dirname(page.source), rel)), data))
        self.expected = {p.source: expected_resources(p, config.project_dir) for p in self.pending.values()}
        self._link(list(self.by_source.values()))
        self.written: set[str] | None = None  # the assets write_files wrote
        if not self.pending:
            self._raise_problems()

    def _link(self, pages: list[Page]) -> None:
        for page in pages:
            anchors: list[Anchor] = []
            body, used, broken = rewrite_links(page.fragment.body, page, self.book, self.config.project_dir, anchors)
            self.ids[page.source] = frozenset(_ID.findall(body))
            self.anchors[page.source] = anchors
            included, refs = project_paths(self.after_body, page.output)
            for ref in sorted(refs):
                if (self.config.project_dir / ref).is_file():
                    used.add(ref)
                else:
                    broken.append(Problem(", ".join(self.config.include_after_body), None, None,
                                          f"refers to '/{ref}', which does not exist",
                                          "fix the path (a path starting with '/' is relative to the project folder)"))
            self.bodies[page.source] = (body, included)
            self.used[page.source] = used
            if broken:
                self.broken[page.source] = broken

    @property
    def problems(self) -> list[Problem]:
        """The broken links found so far, in the site's order (each once)."""
        return list(dict.fromkeys(self.declared_problems + [p for source in self.order
                                                            for p in self.broken.get(source, [])]))

    def _check_anchors(self) -> None:
        """Once every page is converted: each link typed to an id its page does not have is broken
        (a browser would open the page at its top, not where the writer meant)."""
        for source in self.order:
            for anchor in self.anchors.get(source, []):
                if anchor.ident not in self.ids.get(anchor.page, frozenset()) | frame_ids():
                    self.broken.setdefault(source, []).append(
                        no_such_place(anchor.file, anchor.line, anchor.typed, self.outputs[anchor.page], anchor.ident))

    def _raise_problems(self) -> None:
        self._check_anchors()
        if self.problems:  # problems in the files people edit: listed with the summary, as check's are
            raise InputError(self.problems)

    def _resources(self) -> set[str]:
        """The project files the site uses: those of the converted pages, those expected of the others."""
        found = set(self.declared)
        for source in self.order:
            found |= self.used[source] if source in self.used else self.expected[source]
        return found

    def _assets(self) -> list[tuple[str, object]]:
        # the sitemap leaves out the 404 page, as Quarto's does (website.ts, websitePostRender)
        return _assets(self.config, [self.outputs[s] for s in self.order if self.outputs[s] != not_found.OUTPUT],
                       self._resources())

    @property
    def files(self) -> list[str]:
        """Every file of the site (as the pages converted so far tell)."""
        files: list[str] = []
        for source in self.order:
            files.append(self.outputs[source])
            page = self.by_source.get(source) or self.pending[source]
            files += [posixpath.normpath(posixpath.join(posixpath.dirname(source), rel)) for rel in page.files]
        return files + [rel for rel, _ in self._assets()]

    def write_files(self) -> None:
        """Every file of the site that is not a page."""
        for path, data in self.page_files:
            (self.out / path).parent.mkdir(parents=True, exist_ok=True)
            (self.out / path).write_bytes(data)
        assets = self._assets()
        for rel, make in assets:
            (self.out / rel).parent.mkdir(parents=True, exist_ok=True)
            make(self.out / rel)
        self.written = {rel for rel, _ in assets}

    def add(self, pages: list[Page]) -> bool:
        """The converted pages of pending ones. Once every page is converted: raises InputError for
        every broken link of the site; if ``write_files`` ran, writes the project
        files the pages use that were not expected and removes those expected but not used, and
        says whether there were any (the files written before were not the site's)."""
        for page in pages:
            del self.pending[page.source]
            self.by_source[page.source] = page
        self._link(pages)
        if self.pending:
            return False
        self._raise_problems()
        if self.written is None:
            return False
        assets = self._assets()
        wanted = {rel for rel, _ in assets}
        for rel, make in assets:
            if rel not in self.written:
                (self.out / rel).parent.mkdir(parents=True, exist_ok=True)
                make(self.out / rel)
        for rel in self.written - wanted:
            (self.out / rel).unlink(missing_ok=True)
        changed, self.written = wanted != self.written, wanted
        return changed

    def write_pages(self, pages: list[Page]) -> None:
        """``pages`` (some of those the writer was made with, converted) through the template."""
        waiting = [e.file for e in self.entries if e.file in self.pending]
        if waiting:  # the sidebar names them (their titles) on every page
            raise ValueError(f"write_pages: the sidebar's pages are not all converted yet ({', '.join(waiting)})")
        chain = [self.by_source[s] for s in self.chain_sources]
        for page in pages:
            body, included = self.bodies.pop(page.source)  # (each page is written once)
            text = _render(self.template, self.config, page, body, included,
                           _nav(self.entries, self.by_source, page.output), _neighbours(chain, page),
                           self.engine_version)
            target = self.out / page.output
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")


def _copy(source: Path):
    return lambda target: shutil.copyfile(source, target)


def _text(text: str):
    return lambda target: target.write_text(text, encoding="utf-8")


def _assets(config: SiteConfig, outputs: list[str], resources: set[str]) -> list[tuple[str, object]]:
    """The engine's stylesheet and scripts, the project files pages use, the sitemap and robots.txt:
    each file's path and how to write it."""
    assets = [(ENGINE_CSS, _copy(TEMPLATES / "engine.css")),
              (MENU_JS, _copy(TEMPLATES / "menu.js"))]  # the site's scripts are files (see CSP)
    if config.search:
        assets.append((SEARCH_JS, _copy(TEMPLATES / "search.js")))
    assets += [(rel, _copy(config.project_dir / rel)) for rel in sorted(resources)]
    if config.site_url:  # as Quarto does for a website with a site-url (engine/sitemap.py)
        own = config.project_dir / "robots.txt"
        assets += [("sitemap.xml", _text(sitemap_xml(config.site_url, outputs))),
                   ("robots.txt", _text(own.read_text(encoding="utf-8") if own.is_file() else robots_txt(config.site_url)))]
    return assets
