"""Read a Quarto book's ``_quarto.yml`` into a ``BookConfig`` (the subset the engine supports).

Supported keys (anything else is an error, so output never silently differs from Quarto's):

* ``project``: ``type`` (must be ``book``), ``output-dir``, ``pre-render``, ``post-render``
  (a string or a list), ``resources`` (globs of extra files to copy), ``render`` (globs of the
  files to render, as Quarto reads them: a pattern without ``/`` matches at any depth, ``!`` excludes;
  a leading ``/`` anchors at the project folder, a trailing ``/`` means everything in a folder;
  files matched but not in the book are rendered as stand-alone pages of the site, outside the
  reading order; the globs are expanded after the pre-render scripts, so pages they generate are
  picked up, as in Quarto 1.5+). Without ``render`` only the book's chapters are rendered.
* ``lang``, ``number-sections`` (``false`` only: the engine does not number sections).
* ``book``: ``title``, ``subtitle``, ``author``, ``date``, ``output-file``, ``site-url``,
  ``page-footer``, ``sidebar.tools`` (``href``, ``text``, ``icon``), ``chapters`` (files, or
  ``- part: "Title"`` with ``chapters:``), ``appendices``, ``search`` (``true``/``false``: a
  search box driven by a Pagefind index in ``<output-dir>/pagefind/``, which a post-render step
  builds; the box stays hidden until that index loads).
* ``execute``: ``echo``, ``warning``, ``eval``.
* ``format.html``: ``toc``, ``toc-depth``, ``css``.

* ``profile``: ``default`` (the profile used when none is given) and ``group`` (accepted, unused).
  A profile ``p`` merges ``_quarto-p.yml`` over ``_quarto.yml`` as Quarto does (mappings merge key
  by key, lists and values replace); ``a,b`` merges both, ``b`` last. The profile comes from the
  ``profile`` argument, else ``QUARTO_PROFILE``, else ``profile.default``.
* ``book.announcement``: a banner at the top of every page (Quarto's ``announcement`` option):
  ``content`` (markdown: text, emphasis and links; links are project-relative, like sidebar tools),
  ``type`` (``info``, ``warning`` …), ``position`` (``below-navbar``); ``icon`` and ``dismissable``
  are accepted and ignored.

Ignored because they do not change the HTML: ``book.output-file`` and ``site-url`` (kept for
scripts), ``book.sidebar.tools[].icon``, and ``format.pdf``/``docx``/``epub``/``typst`` (other formats
are not produced). ``book.author``/``date`` appear on the first page's title block.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from luton2040.errors import InputError, Problem

CONFIG_FILE = "_quarto.yml"

_TOP = {"project", "lang", "book", "number-sections", "execute", "format", "profile"}
_PROFILE = {"default", "group"}
_ANNOUNCEMENT = {"content", "type", "position", "icon", "dismissable"}
_PROJECT = {"type", "output-dir", "pre-render", "post-render", "resources", "render"}
_BOOK = {"title", "subtitle", "author", "date", "output-file", "site-url", "page-footer",
         "sidebar", "chapters", "appendices", "search", "announcement"}
_SIDEBAR = {"tools"}
_EXECUTE = {"echo", "warning", "eval"}
_HTML = {"toc", "toc-depth", "css"}
_IGNORED_FORMATS = {"pdf", "docx", "epub", "typst"}


@dataclass(frozen=True)
class Chapter:
    """One entry of the book's reading order: a source file, or a part heading (``file`` None)."""

    file: str | None
    part: str | None = None
    appendix: bool = False


@dataclass(frozen=True)
class Tool:
    href: str
    text: str
    icon: str = ""


@dataclass(frozen=True)
class BookConfig:
    """Everything the engine needs from ``_quarto.yml``."""

    project_dir: Path
    output_dir: str = "_site"
    pre_render: tuple[str, ...] = ()
    post_render: tuple[str, ...] = ()
    resources: tuple[str, ...] = ()
    render: tuple[str, ...] = ()
    lang: str = "en"
    title: str = ""
    subtitle: str = ""
    author: str = ""
    date: str = ""
    output_file: str = ""
    site_url: str = ""
    page_footer: str = ""
    tools: tuple[Tool, ...] = ()
    entries: tuple[Chapter, ...] = ()
    execute: dict = field(default_factory=dict)
    toc: bool = False
    toc_depth: int = 3
    css: tuple[str, ...] = ()
    search: bool = False
    announcement: str = ""        # markdown of the banner on every page ("" for none)
    announcement_type: str = "info"
    profiles: tuple[str, ...] = ()  # the active profiles, in merge order

    @property
    def files(self) -> list[str]:
        """Source files in reading order (chapters then appendices)."""
        return [e.file for e in self.entries if e.file]

    def fingerprint(self) -> dict:
        """The settings that change how a document executes (part of its cache key)."""
        return {"execute": self.execute, "lang": self.lang, "profiles": list(self.profiles)}


class _Reader:
    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def fail(self, message: str, fix: str = "") -> None:
        self.problems.append(Problem(CONFIG_FILE, None, None, message, fix))

    def known(self, mapping: object, allowed: set[str], where: str) -> dict:
        if mapping is None:
            return {}
        if not isinstance(mapping, dict):
            self.fail(f"'{where}' must be a mapping of keys to values")
            return {}
        for key in mapping:
            if key not in allowed:
                self.fail(f"the option '{where + '.' if where else ''}{key}' is not supported by the "
                          "embedded engine", f"remove it, or use one of: {', '.join(sorted(allowed))}")
        return mapping

    def strings(self, value: object, where: str) -> tuple[str, ...]:
        if value is None:
            return ()
        if isinstance(value, str):
            return (value,)
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            return tuple(value)
        self.fail(f"'{where}' must be a string or a list of strings")
        return ()

    def entries(self, items: object, appendix: bool, where: str) -> list[Chapter]:
        out: list[Chapter] = []
        if items is None:
            return out
        if not isinstance(items, list):
            self.fail(f"'{where}' must be a list of .qmd files")
            return out
        for item in items:
            if isinstance(item, str):
                if not item.endswith((".qmd", ".md")):
                    self.fail(f"'{where}' lists '{item}', which is not a .qmd or .md file")
                out.append(Chapter(item, appendix=appendix))
            elif isinstance(item, dict) and "part" in item:
                extra = set(item) - {"part", "chapters"}
                if extra:
                    self.fail(f"'{where}' part '{item['part']}' has unsupported keys: {', '.join(sorted(extra))}")
                out.append(Chapter(None, part=str(item["part"]), appendix=appendix))
                out.extend(self.entries(item.get("chapters") or [], appendix, where))
            else:
                self.fail(f"'{where}' has an entry that is neither a file nor '- part:'", "write a file path")
        return out


PROFILE_VARIABLE = "QUARTO_PROFILE"


def profile_file(profile: str) -> str:
    """The file holding one profile's settings: ``_quarto-<profile>.yml``."""
    return f"_quarto-{profile}.yml"


def merge(base: object, over: object) -> object:
    """Quarto's merge of a profile over the base configuration: mappings merge key by key,
    anything else (lists included) is replaced."""
    if isinstance(base, dict) and isinstance(over, dict):
        merged = dict(base)
        for key, value in over.items():
            merged[key] = merge(base[key], value) if key in base else value
        return merged
    return over


def _read_yaml(path: Path) -> dict:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else None
        raise InputError([Problem(path.name, line, None, f"invalid YAML: {getattr(exc, 'problem', exc)}",
                                  "fix the indentation or quoting")]) from None
    if not isinstance(data, dict):
        raise InputError([Problem(path.name, 1, None, "must be a mapping of options", "compare it with _quarto.yml")])
    return data


def active_profiles(data: dict, profile: str | None) -> tuple[str, ...]:
    """The profiles to merge: the argument, else $QUARTO_PROFILE, else ``profile.default``."""
    chosen = profile if profile is not None else os.environ.get(PROFILE_VARIABLE)
    if not chosen:
        settings = data.get("profile") if isinstance(data.get("profile"), dict) else {}
        default = settings.get("default")
        chosen = ",".join(default) if isinstance(default, list) else str(default or "")
    return tuple(p.strip() for p in chosen.split(",") if p.strip())


def load(project_dir: Path, profile: str | None = None) -> BookConfig:
    """Read and check ``project_dir/_quarto.yml`` with its active profiles merged in; raise
    InputError listing every problem."""
    path = project_dir / CONFIG_FILE
    if not path.is_file():
        raise InputError([Problem(CONFIG_FILE, None, None, f"no {CONFIG_FILE} in {project_dir}",
                                  "run the command in a Quarto book folder")])
    data = _read_yaml(path)
    profiles = active_profiles(data, profile)
    for name in profiles:
        extra = project_dir / profile_file(name)
        if extra.is_file():  # as in Quarto, a profile without a file changes nothing
            data = merge(data, _read_yaml(extra))
    r = _Reader()
    top = r.known(data, _TOP, "")
    r.known(top.get("profile"), _PROFILE, "profile")
    project = r.known(top.get("project"), _PROJECT, "project")
    if project.get("type") != "book":
        r.fail("project.type must be 'book' (the only project type the embedded engine renders)")
    book = r.known(top.get("book"), _BOOK, "book")
    sidebar = r.known(book.get("sidebar"), _SIDEBAR, "book.sidebar")
    tools = []
    for tool in sidebar.get("tools") or []:
        tool = r.known(tool, {"icon", "href", "text"}, "book.sidebar.tools")
        if "href" not in tool:
            r.fail("each book.sidebar.tools entry needs an 'href'")
            continue
        tools.append(Tool(str(tool["href"]), str(tool.get("text") or tool["href"]), str(tool.get("icon") or "")))
    execute = r.known(top.get("execute"), _EXECUTE, "execute")
    if top.get("number-sections"):
        r.fail("number-sections: true is not supported by the embedded engine", "set number-sections: false")
    fmt = r.known(top.get("format"), {"html"} | _IGNORED_FORMATS, "format")
    html = fmt.get("html") or {}
    html = r.known(html, _HTML, "format.html") if html != "default" else {}
    entries = r.entries(book.get("chapters"), False, "book.chapters")
    entries += r.entries(book.get("appendices"), True, "book.appendices")
    if not any(e.file for e in entries):
        r.fail("book.chapters lists no files", "add at least index.qmd")
    files = [e.file for e in entries if e.file]
    for f in sorted({f for f in files if files.count(f) > 1}):
        r.fail(f"'{f}' is listed more than once in book.chapters/appendices")
    for f in files:
        if not (project_dir / f).is_file():
            r.fail(f"book.chapters lists '{f}', which does not exist", "create it or fix the path")
    scripts = {k: r.strings(project.get(k), f"project.{k}")
               for k in ("pre-render", "post-render", "resources", "render")}
    search = book.get("search", False)
    if not isinstance(search, bool):
        r.fail("book.search must be true or false (the embedded engine has no search options)")
    css = r.strings(html.get("css"), "format.html.css")
    announcement = book.get("announcement")
    if isinstance(announcement, str):
        announcement = {"content": announcement}
    announcement = r.known(announcement, _ANNOUNCEMENT, "book.announcement")
    if r.problems:
        raise InputError(r.problems)
    return BookConfig(
        project_dir=project_dir,
        output_dir=str(project.get("output-dir") or "_site"),
        pre_render=scripts["pre-render"],
        post_render=scripts["post-render"],
        resources=scripts["resources"],
        render=scripts["render"],
        lang=str(top.get("lang") or "en"),
        title=str(book.get("title") or ""),
        subtitle=str(book.get("subtitle") or ""),
        author=str(book.get("author") or ""),
        date=str(book.get("date") or ""),
        output_file=str(book.get("output-file") or ""),
        site_url=str(book.get("site-url") or ""),
        page_footer=str(book.get("page-footer") or ""),
        tools=tuple(tools),
        entries=tuple(entries),
        execute=dict(execute),
        toc=bool(html.get("toc", False)),
        toc_depth=int(html.get("toc-depth", 3)),
        css=css,
        search=search is True,
        announcement=str(announcement.get("content") or ""),
        announcement_type=str(announcement.get("type") or "info"),
        profiles=profiles,
    )


_SKIPPED_DIRS = ("_", ".")  # Quarto never renders files in folders (or files) starting with these


def _glob_regex(pattern: str) -> re.Pattern:
    """A Quarto render glob as a regex over project-relative paths (``**`` spans folders)."""
    if pattern.endswith("/"):
        pattern += "**"  # a folder: everything in it
    pattern = pattern[1:] if pattern.startswith("/") else ("**/" + pattern if "/" not in pattern else pattern)
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


def _candidates(cfg: BookConfig) -> list[str]:
    found = []
    for folder, dirs, names in os.walk(cfg.project_dir):
        rel = Path(folder).relative_to(cfg.project_dir).as_posix()
        top = Path(cfg.output_dir).parts[0] if rel == "." else None
        dirs[:] = sorted(d for d in dirs if not d.startswith(_SKIPPED_DIRS)
                         and not (top and (d == top or d.startswith(top + ".")))
                         and d not in ("node_modules", "venv"))
        for name in sorted(names):
            if name.endswith((".qmd", ".md")) and not name.startswith(_SKIPPED_DIRS):
                found.append(name if rel == "." else f"{rel}/{name}")
    return found


def extra_pages(cfg: BookConfig) -> list[str]:
    """Files ``project.render`` selects that are not chapters of the book, sorted (call it after
    the pre-render scripts). Raises InputError when a book chapter is left out of ``render``."""
    if not cfg.render:
        return []
    include = [_glob_regex(p) for p in cfg.render if not p.startswith("!")]
    exclude = [_glob_regex(p[1:]) for p in cfg.render if p.startswith("!")]

    def selected(path: str) -> bool:
        return any(r.match(path) for r in include) and not any(r.match(path) for r in exclude)

    missing = [f for f in cfg.files if not selected(f)]
    if missing:
        raise InputError([Problem(CONFIG_FILE, None, None,
                                  f"book.chapters lists '{f}', but project.render does not select it",
                                  "add it (or a glob matching it) to project.render") for f in missing])
    book = set(cfg.files)
    return [f for f in _candidates(cfg) if f not in book and selected(f)]
