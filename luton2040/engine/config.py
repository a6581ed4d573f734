"""Read a Quarto **website** project's ``_quarto.yml`` into a ``SiteConfig``: the subset of
Quarto's options the embedded engine renders, each meaning what it means to Quarto.

Every key is checked against what Quarto itself accepts (quarto-cli ``src/resources/schema/
definitions.yml``, ``base-website`` and ``sidebar-contents``; ``project.yml``); a key Quarto
would accept but the engine does not render, or would read differently, is refused with its file
and line, so the two renderers never build different sites from one file. The row for each key,
with the quarto-cli source that decides it and the test, is in ``docs/quarto-compatibility.md``.

* ``project``: ``type`` (must be ``website``; a ``book`` project renders only its chapters —
  ``src/project/types/book/book-config.ts`` — so the measure pages would be lost), ``output-dir``,
  ``pre-render``, ``post-render`` (a string or a list), ``resources`` (globs of extra files to
  copy), ``render`` (globs of the files to render, read after the pre-render scripts as Quarto
  1.5+ does — ``src/command/render/project.ts``; as ``resolveGlobs`` in ``src/core/path.ts``: a
  leading ``/`` anchors at the project folder, any other pattern with a wildcard matches at any
  depth, ``!`` excludes, a trailing ``/`` means a whole folder). Without ``render`` every
  ``.qmd``/``.md`` is rendered except files and folders starting with ``_`` or ``.`` and
  ``README.md``, ``CLAUDE.md``, ``AGENTS.md`` and ``*.llms.md`` (``src/project/project-context.ts``).
* ``website``: ``title``, ``site-url`` (``sitemap.xml``; no canonical link, as Quarto writes none without ``canonical-url``),
  ``favicon`` (a ``<link rel="icon">`` on every page, its ``type`` from the file's ending, as
  ``formatExtras`` in ``src/project/types/website/website.ts`` adds it; the file copied into the
  site as a resource the page links to; the engine refuses a missing file), ``page-footer`` (a string),
  ``page-navigation`` (previous/next links along the sidebar's pages, as
  ``website-navigation.ts`` ``nextAndPrevious`` does), ``search`` (``true``/``false``: a search
  box driven by a Pagefind index that a post-render step builds), ``announcement`` (``content``
  markdown, ``type``, ``position``; ``icon`` and ``dismissable`` accepted, not rendered), and
  ``sidebar``: ``logo`` and ``logo-alt`` (a picture at the top of the sidebar linking to the home
  page, as ``sidebar.ejs`` draws it; the engine requires the alt text), ``tools`` (``href``,
  ``text``, ``icon``; a ``.qmd`` href links to its page) and
  ``contents`` — pages in order, and ``- section: "Title"`` with ``contents:`` either a list of
  pages or one glob (``measures/*.md``), which Quarto expands to the rendered files it matches,
  sorted by file name (``website-sidebar-auto.ts``).
* ``lang``; ``number-sections`` (``false`` only); ``execute``: ``echo``, ``warning``, ``eval``;
  ``format.html``: ``toc``, ``toc-depth``, ``css``, ``include-after-body`` (files of HTML put after
  every page's main text; in them a link or ``src`` starting with ``/`` is a project path, made
  relative to each page as Quarto's ``resolveResourceRefs`` does); other formats are accepted and
  not produced.
* ``profile``: ``default`` and ``group`` (accepted, unused). A profile ``p`` merges
  ``_quarto-p.yml`` over ``_quarto.yml`` as Quarto does (mappings merge key by key, lists are
  joined, each value once, other values replace: ``settings.merge``); ``a,b`` merges both, ``a``
  winning where both set a value. The profile comes from the ``profile``
  argument, else ``QUARTO_PROFILE``, else ``profile.default``.

The PDF step reads its reading order from the same records (``chapters``): the pages the sidebar
lists by name, a section called "Appendices" holding the appendices; pages a glob section lists
are on the website only.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

# PROFILE_VARIABLE is read here by the engine's build (config_mod.PROFILE_VARIABLE)
from luton2040.engine.settings import CONFIG_FILE, PROFILE_VARIABLE, merged_settings  # noqa: F401
from luton2040.errors import InputError, Problem

APPENDICES = "Appendices"  # the sidebar section whose pages are the PDF's appendices

_TOP = {"project", "lang", "website", "number-sections", "execute", "format", "profile"}
_PROFILE = {"default", "group"}
_ANNOUNCEMENT = {"content", "type", "position", "icon", "dismissable"}
_PROJECT = {"type", "output-dir", "pre-render", "post-render", "resources", "render"}
_WEBSITE = {"title", "site-url", "favicon", "page-footer", "page-navigation", "search", "announcement", "sidebar"}
#: The type a favicon's <link> names, by its file's ending, as Quarto's ``contentType``
#: (``src/core/mime.ts``, ``MEDIA_TYPES``) gives it; none for an ending it does not know (.ico).
FAVICON_TYPES = {".svg": "image/svg+xml", ".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg",
                 ".gif": "image/gif"}
_SIDEBAR = {"contents", "tools", "logo", "logo-alt"}
_SECTION = {"section", "contents"}
_TOOL = {"icon", "href", "text"}
_EXECUTE = {"echo", "warning", "eval"}
_HTML = {"toc", "toc-depth", "css", "include-after-body"}
_IGNORED_FORMATS = {"pdf", "docx", "epub", "typst"}


def accepted_keys() -> list[str]:
    """Every ``_quarto.yml`` key the engine accepts, dotted (``website.sidebar.tools.href``): the
    rows docs/quarto-compatibility.md must have."""
    groups = {"": _TOP, "profile": _PROFILE, "project": _PROJECT, "website": _WEBSITE,
              "website.sidebar": _SIDEBAR, "website.sidebar.tools": _TOOL,
              "website.sidebar.contents.section": _SECTION, "website.announcement": _ANNOUNCEMENT,
              "execute": _EXECUTE, "format": {"html"} | _IGNORED_FORMATS, "format.html": _HTML}
    return sorted(f"{prefix}.{key}" if prefix else key for prefix, keys in groups.items() for key in keys)


_BOOK_MOVED = ("this is a Quarto website project: a 'book:' section makes Quarto render only the book's "
               "chapters", "move title, site-url, search, page-footer, announcement and sidebar under "
               "'website:', the chapters into website.sidebar.contents (see docs/quarto-compatibility.md)")


@dataclass(frozen=True)
class Chapter:
    """One entry of the sidebar: a page (``file``), or a section heading (``file`` None, ``part``
    its title). ``glob`` marks a section whose pages a glob selects (known after pre-render);
    ``appendix`` marks the pages of the "Appendices" section."""

    file: str | None
    part: str | None = None
    appendix: bool = False
    glob: str = ""


@dataclass(frozen=True)
class Tool:
    href: str
    text: str
    icon: str = ""


@dataclass(frozen=True)
class SiteConfig:
    """Everything the engine (and the PDF step) needs from ``_quarto.yml``."""

    project_dir: Path
    output_dir: str = "_site"
    pre_render: tuple[str, ...] = ()
    post_render: tuple[str, ...] = ()
    resources: tuple[str, ...] = ()
    render: tuple[str, ...] = ()
    lang: str = "en"
    title: str = ""
    site_url: str = ""
    page_footer: str = ""
    page_navigation: bool = False
    tools: tuple[Tool, ...] = ()
    logo: str = ""                # a picture at the top of the sidebar, linking to the home page
    favicon: str = ""             # the browser tab's picture (a path in the project)
    logo_alt: str = ""
    entries: tuple[Chapter, ...] = ()
    execute: dict = field(default_factory=dict)
    toc: bool = False
    toc_depth: int = 3
    css: tuple[str, ...] = ()
    include_after_body: tuple[str, ...] = ()  # HTML files put after every page's main text
    search: bool = False
    announcement: str = ""        # markdown of the banner on every page ("" for none)
    announcement_type: str = "info"
    profiles: tuple[str, ...] = ()  # the active profiles, in merge order

    @property
    def files(self) -> list[str]:
        """The pages the sidebar lists by name, in order: the report's chapters and appendices."""
        return [e.file for e in self.entries if e.file]

    @property
    def chapters(self) -> list[Chapter]:
        """The PDF's reading order: every page the sidebar names, with its section (a part) and
        whether it is an appendix; sections filled by a glob are left out (website only)."""
        return [e for e in self.entries if e.file]

    def fingerprint(self) -> dict:
        """The settings that change how a document executes (part of its cache key)."""
        return {"execute": self.execute, "lang": self.lang, "profiles": list(self.profiles)}


BookConfig = SiteConfig  # the name used before the project became a website


class _Reader:
    def __init__(self, lines: dict[str, tuple[str, int]]) -> None:
        self.problems: list[Problem] = []
        self.lines = lines  # dotted key → (file, line) where it is last set

    def fail(self, message: str, fix: str = "", key: str = "", entry: str = "") -> None:
        where = (self.lines.get(f"={entry}") if entry else None) or self.lines.get(key) \
            or self.lines.get(key.rsplit(".", 1)[0]) or (CONFIG_FILE, None)
        self.problems.append(Problem(where[0], where[1], None, message, fix))

    def known(self, mapping: object, allowed: set[str], where: str) -> dict:
        if mapping is None:
            return {}
        if not isinstance(mapping, dict):
            self.fail(f"'{where}' must be a mapping of keys to values", key=where)
            return {}
        for key in mapping:
            if key not in allowed:
                dotted = f"{where + '.' if where else ''}{key}"
                if dotted == "book":
                    self.fail(*_BOOK_MOVED, key=dotted)
                    continue
                self.fail(f"the option '{dotted}' is not supported by the embedded engine",
                          f"remove it, or use one of: {', '.join(sorted(allowed))}", key=dotted)
        return mapping

    def strings(self, value: object, where: str) -> tuple[str, ...]:
        if value is None:
            return ()
        if isinstance(value, str):
            return (value,)
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            return tuple(value)
        self.fail(f"'{where}' must be a string or a list of strings", key=where)
        return ()

    def page(self, item: object, where: str) -> str | None:
        if isinstance(item, str) and item.endswith((".qmd", ".md")) and "*" not in item:
            return item
        self.fail(f"'{where}' lists {item!r}, which is not a .qmd or .md page",
                  "list page files, or a '- section:' with 'contents:'", key=where,
                  entry=item if isinstance(item, str) else "")
        return None

    def contents(self, items: object) -> list[Chapter]:
        where = "website.sidebar.contents"
        out: list[Chapter] = []
        if items is None:
            return out
        if not isinstance(items, list):
            self.fail(f"'{where}' must be a list of pages and sections", key=where)
            return out
        for item in items:
            if isinstance(item, dict) and "section" in item:
                self.known(item, _SECTION, where + ".section")
                title = str(item["section"])
                inner = item.get("contents")
                appendix = title == APPENDICES
                if isinstance(inner, str) and "*" in inner:
                    out.append(Chapter(None, part=title, appendix=appendix, glob=inner))
                    continue
                out.append(Chapter(None, part=title, appendix=appendix))
                if not isinstance(inner, list):
                    self.fail(f"section '{title}' in '{where}' needs 'contents:', a list of pages or one "
                              "glob such as measures/*.md", key=where)
                    continue
                for sub in inner:
                    if isinstance(sub, dict) and "section" in sub:
                        self.fail(f"section '{title}' in '{where}' has a section inside it",
                                  "the embedded engine renders one level of sections", key=where)
                        continue
                    file = self.page(sub, where)
                    if file:
                        out.append(Chapter(file, part=title, appendix=appendix))
            else:
                file = self.page(item, where)
                if file:
                    out.append(Chapter(file))
        return out


def load(project_dir: Path, profile: str | None = None) -> SiteConfig:
    """Read and check ``project_dir/_quarto.yml`` with its active profiles merged in; raise
    InputError listing every problem (file:line where the key is set)."""
    data, lines, profiles = merged_settings(project_dir, profile)
    r = _Reader(lines)
    top = r.known(data, _TOP, "")
    r.known(top.get("profile"), _PROFILE, "profile")
    project = r.known(top.get("project"), _PROJECT, "project")
    if project.get("type") != "website":
        r.fail(f"project.type is {project.get('type')!r}; the embedded engine renders 'website' projects",
               "write 'type: website' (a Quarto book renders only book.chapters, not the generated pages)",
               key="project.type")
    website = r.known(top.get("website"), _WEBSITE, "website")
    sidebar = r.known(website.get("sidebar"), _SIDEBAR, "website.sidebar")
    tools = _tools(r, sidebar)
    logo, logo_alt = _logo(r, project_dir, sidebar)
    favicon = str(website.get("favicon") or "")
    if favicon and not (project_dir / favicon).is_file():
        r.fail(f"website.favicon is '{favicon}', which does not exist", "create it or fix the path "
               "(it is relative to the project folder)", key="website.favicon")
    execute = r.known(top.get("execute"), _EXECUTE, "execute")
    if top.get("number-sections"):
        r.fail("number-sections: true is not supported by the embedded engine", "set number-sections: false",
               key="number-sections")
    fmt = r.known(top.get("format"), {"html"} | _IGNORED_FORMATS, "format")
    html = fmt.get("html") or {}
    html = r.known(html, _HTML, "format.html") if html != "default" else {}
    entries = _pages(r, project_dir, sidebar)
    scripts = {k: r.strings(project.get(k), f"project.{k}")
               for k in ("pre-render", "post-render", "resources", "render")}
    flags, footer = _flags_and_footer(r, website)
    css = r.strings(html.get("css"), "format.html.css")
    after_body = _after_body(r, project_dir, html)
    announcement = website.get("announcement")
    if isinstance(announcement, str):
        announcement = {"content": announcement}
    announcement = r.known(announcement, _ANNOUNCEMENT, "website.announcement")
    if r.problems:
        raise InputError(r.problems)
    return SiteConfig(
        project_dir=project_dir, output_dir=str(project.get("output-dir") or "_site"),
        pre_render=scripts["pre-render"], post_render=scripts["post-render"],
        resources=scripts["resources"], render=scripts["render"],
        lang=str(top.get("lang") or "en"), title=str(website.get("title") or ""),
        site_url=str(website.get("site-url") or ""), page_footer=str(footer),
        page_navigation=flags["page-navigation"] is True, tools=tuple(tools), logo=logo, logo_alt=logo_alt,
        favicon=favicon,
        entries=tuple(entries), execute=dict(execute), toc=bool(html.get("toc", False)),
        toc_depth=int(html.get("toc-depth", 3)), css=css, include_after_body=after_body,
        search=flags["search"] is True, announcement=str(announcement.get("content") or ""),
        announcement_type=str(announcement.get("type") or "info"), profiles=profiles,
    )


def _logo(r: _Reader, project_dir: Path, sidebar: dict) -> tuple[str, str]:
    """``website.sidebar.logo`` and its alt text: the picture must exist and have words."""
    logo, logo_alt = str(sidebar.get("logo") or ""), str(sidebar.get("logo-alt") or "").strip()
    if logo and not (project_dir / logo).is_file():
        r.fail(f"website.sidebar.logo is '{logo}', which does not exist", "create it or fix the path "
               "(it is relative to the project folder)", key="website.sidebar.logo")
    elif logo and not logo_alt:
        r.fail("website.sidebar.logo has no logo-alt: the picture would have no text for screen readers",
               "add 'logo-alt:' with the words the picture shows", key="website.sidebar.logo")
    return logo, logo_alt


def _flags_and_footer(r: _Reader, website: dict) -> tuple[dict, object]:
    """``website.search`` and ``website.page-navigation`` (true or false), and the one-line footer."""
    flags = {}
    for key in ("search", "page-navigation"):
        flags[key] = website.get(key, False)
        if not isinstance(flags[key], bool):
            r.fail(f"website.{key} must be true or false (the embedded engine has no {key} options)",
                   key=f"website.{key}")
    footer = website.get("page-footer") or ""
    if not isinstance(footer, str):
        r.fail("website.page-footer must be one line of text (left/center/right footers are not rendered "
               "by the embedded engine)", key="website.page-footer")
    return flags, footer


def _after_body(r: _Reader, project_dir: Path, html: dict) -> tuple[str, ...]:
    """``format.html.include-after-body``: files (not the text:/file: form) that exist."""
    after_body = html.get("include-after-body")
    if isinstance(after_body, list) and any(isinstance(v, dict) for v in after_body) or isinstance(after_body, dict):
        r.fail("format.html.include-after-body must name files (the 'text:'/'file:' form is not rendered by the "
               "embedded engine)", "write the HTML into a file and list its path", key="format.html.include-after-body")
        after_body = None
    after_body = r.strings(after_body, "format.html.include-after-body")
    for name in after_body:
        if not (project_dir / name).is_file():
            r.fail(f"format.html.include-after-body lists '{name}', which does not exist",
                   "create it or fix the path (it is relative to the project folder)",
                   key="format.html.include-after-body")
    return after_body


def _tools(r: _Reader, sidebar: dict) -> list[Tool]:
    tools = []
    for tool in sidebar.get("tools") or []:
        tool = r.known(tool, _TOOL, "website.sidebar.tools")
        if "href" not in tool:
            r.fail("each website.sidebar.tools entry needs an 'href'", key="website.sidebar.tools")
            continue
        tools.append(Tool(str(tool["href"]), str(tool.get("text") or tool["href"]), str(tool.get("icon") or "")))
    return tools


def _pages(r: _Reader, project_dir: Path, sidebar: dict) -> list:
    """The sidebar's entries; each page it names must exist and be named once."""
    entries = r.contents(sidebar.get("contents"))
    if not any(e.file for e in entries):
        r.fail("website.sidebar.contents lists no pages", "add at least index.qmd",
               key="website.sidebar.contents")
    files = [e.file for e in entries if e.file]
    for f in sorted({f for f in files if files.count(f) > 1}):
        r.fail(f"'{f}' is listed more than once in website.sidebar.contents", key="website.sidebar.contents",
               entry=f)
    for f in files:
        if not (project_dir / f).is_file():
            r.fail(f"website.sidebar.contents lists '{f}', which does not exist", "create it or fix the path",
                   key="website.sidebar.contents", entry=f)
    return entries
