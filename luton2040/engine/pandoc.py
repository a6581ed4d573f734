"""Convert a page's markdown to an HTML5 fragment (title, subtitle, table of contents, body) with pandoc."""
from __future__ import annotations

import functools
import hashlib
import json
import re
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from luton2040.errors import BuildError
from luton2040.yamlmarks import yaml_string

TEMPLATE = Path(__file__).parent / "templates" / "fragment.html"
BATCH = Path(__file__).parent / "templates" / "batch.lua"
SPLIT = "<!--luton2040:split-->"
# Citations are on, as in Quarto: @fig-x/@tbl-x are read as citations, which filters/crossref.lua
# turns into links (never inside code); the source reader refuses every other citation first.
READER = "markdown"
FILTERS = Path(__file__).parent / "filters"
#: Lua filters run by pandoc on each page's tree, in this order.
LUA_FILTERS = ("crossref.lua", "callouts.lua", "figures.lua")
#: Text without which a filter has nothing to change on a page, so the batch leaves it out there (it
#: costs about a fifth of a page's conversion): a cross-reference is a citation (``@``) or a number
#: in the page's ``luton2040-crossref`` metadata; a callout is a div of class ``callout-…``; a
#: picture is written ``![…]``.
FILTER_NEEDS = {"crossref.lua": ("@", "luton2040-crossref"), "callouts.lua": ("callout-",), "figures.lua": ("![",)}
#: GHC runtime options for pandoc: a 16 MB heap suggestion rather than the binary's built-in 64 MB,
#: which halves each pandoc process's own memory (about 80 MB to 35 MB) at the same speed.
RTS_OPTIONS = ("+RTS", "-H16m", "-RTS")


@dataclass(frozen=True)
class Fragment:
    title: str
    subtitle: str
    toc: str
    body: str

    def to_json(self) -> dict:
        return self.__dict__.copy()


@functools.cache
def executable() -> str:
    """The pandoc binary shipped by pypandoc-binary (or found on PATH)."""
    import pypandoc

    return pypandoc.get_pandoc_path()


@functools.cache
def rts_options() -> tuple[str, ...]:
    """``RTS_OPTIONS`` when this pandoc accepts them (a pandoc built without runtime options
    would refuse them), else none."""
    try:
        out = subprocess.run([executable(), *RTS_OPTIONS, "--version"], capture_output=True, timeout=60)
    except (OSError, subprocess.SubprocessError):
        return ()
    return RTS_OPTIONS if out.returncode == 0 and not out.stderr.strip() else ()


def filters_for(text: str, filters: list[str]) -> list[int]:
    """The positions in ``filters`` (paths of Lua filters) of those that can change a page whose
    markdown is ``text``: a filter not named in ``FILTER_NEEDS`` always runs."""
    return [i for i, path in enumerate(filters)
            if any(needle in text for needle in FILTER_NEEDS.get(Path(path).name, ("",)))]


@functools.cache
def version() -> str:
    out = subprocess.run([executable(), "--version"], capture_output=True, text=True, check=True)
    return out.stdout.splitlines()[0]


@functools.lru_cache(maxsize=64)
def top_blocks(markdown: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """The top-level blocks pandoc reads in ``markdown`` with the renderer's reader: (block type,
    the classes of a code block, else none), e.g. (("Table", ()), ("Para", ()))."""
    proc = subprocess.run([executable(), "-f", READER, "-t", "json"], input=markdown.encode(),
                          capture_output=True, timeout=120)
    if proc.returncode != 0:
        raise BuildError(f"pandoc could not read a table div: {proc.stderr.decode(errors='replace').strip()[:200]}")
    return tuple((block["t"], tuple(block["c"][0][1]) if block["t"] == "CodeBlock" else ())
                 for block in json.loads(proc.stdout)["blocks"])


def arguments(toc: bool, toc_depth: int) -> list[str]:
    args = ["-f", READER, "-t", "html5", "--section-divs", "--wrap=none", "--columns=10000",
            f"--template={TEMPLATE}"] + [f"--lua-filter={FILTERS / name}" for name in LUA_FILTERS]
    if toc:
        args += ["--toc", f"--toc-depth={toc_depth}"]
    return args


def fingerprint(markdown: str, title: str, subtitle: str, args: list[str]) -> str:
    """Cache key of one conversion: the input, the options, pandoc's version, the template, the
    filters and which pages they run on."""
    h = hashlib.sha256()
    filters = [(FILTERS / name).read_text() for name in LUA_FILTERS]
    for part in (markdown, title, subtitle, " ".join(args), version(), TEMPLATE.read_text(), _batch_code(),
                 repr(sorted(FILTER_NEEDS.items())), *filters):
        h.update(part.encode())
        h.update(b"\0")
    return h.hexdigest()


@functools.cache
def _batch_code() -> str:
    return BATCH.read_text(encoding="utf-8")


def split_title(markdown: str) -> tuple[str, str]:
    """If a page has no front-matter title, its first ``# Heading`` is the title (as Quarto does)."""
    m = re.match(r"\s*# +(.+?)\s*(\{[^}]*\})?\s*(\n|$)", markdown)
    if not m:
        return "", markdown
    return m.group(1), markdown[m.end():]


@dataclass(frozen=True)
class Page:
    """One conversion: the page's markdown, its title and subtitle, and its source (for messages)."""

    markdown: str
    title: str
    subtitle: str
    source: str

    def text(self) -> str:
        meta = "".join(f"{key}: {yaml_string(value)}\n" for key, value in
                       (("subtitle", self.subtitle), ("title", self.title)) if value)
        return (f"---\n{meta}---\n\n" if meta else "") + self.markdown


def convert(markdown: str, title: str, subtitle: str, args: list[str], source: str) -> Fragment:
    """Run pandoc on one page; a warning or failure becomes a BuildError naming ``source``."""
    return convert_many([Page(markdown, title, subtitle, source)], args)[0]


def convert_many(pages: list[Page], args: list[str]) -> list[Fragment]:
    """Convert many pages in ONE pandoc process (``pandoc lua``: each page read and written on its
    own, with the same options as ``pandoc *args``), instead of starting pandoc once per page.
    Any warning or failure becomes one BuildError naming every page concerned."""
    if not pages:
        return []
    columns = next((int(a.split("=", 1)[1]) for a in args if a.startswith("--columns=")), 72)
    depth = next((int(a.split("=", 1)[1]) for a in args if a.startswith("--toc-depth=")), 3)
    filters = [a.split("=", 1)[1] for a in args if a.startswith("--lua-filter=")]
    texts = [_tabs_expanded(p.text()) for p in pages]
    request = {"reader": args[args.index("-f") + 1], "template": TEMPLATE.read_text(encoding="utf-8"),
               "template_path": str(TEMPLATE), "columns": columns, "toc": "--toc" in args, "toc_depth": depth,
               "filters": filters, "pages": texts,
               # per page, the (1-based) filters that can change it
               "page_filters": [[i + 1 for i in filters_for(text, filters)] for text in texts]}
    with tempfile.TemporaryDirectory(prefix="luton2040-pandoc-") as scratch:
        path = Path(scratch) / "request.json"
        path.write_text(json.dumps(request), encoding="utf-8")
        proc = subprocess.run([executable(), *rts_options(), "lua", str(BATCH), str(path)], capture_output=True)
    errors = proc.stderr.decode(errors="replace").strip()
    if proc.returncode != 0 or errors:
        lines = "; ".join(l.strip() for l in errors.splitlines() if l.strip()) or f"exit code {proc.returncode}"
        names = ", ".join(p.source for p in pages)
        raise BuildError(f"{names}: pandoc reported: {lines} — fix the markdown it points at")
    results = json.loads(proc.stdout.decode("utf-8"))
    problems = [f"{page.source}: pandoc reported: {'; '.join(r['warnings'])} — fix the markdown it points at"
                for page, r in zip(pages, results) if r.get("warnings")]
    if problems:
        raise BuildError("\n".join(problems))
    return [_fragment(r["html"], page.source) for page, r in zip(pages, results)]


#: the `pandoc` command's tab stop (``--tab-stop``, 4 unless told): it expands every tab of its input
#: before reading it (``--preserve-tabs`` off), which ``pandoc.read`` in the batch does not do
TAB_STOP = 4


def _tabs_expanded(text: str) -> str:
    """``text`` as the `pandoc` command hands it to the reader: each tab made spaces to the next tab
    stop, line by line (pandoc's ``tabFilter``); text without a tab as it is (the reader ignores the
    final newline that filter would add)."""
    if "\t" not in text:
        return text
    lines = text.split("\n")
    if lines[-1] == "":
        lines.pop()
    out = []
    for line in lines:
        column, parts = 0, []
        for i, piece in enumerate(line.split("\t")):
            if i:
                parts.append(" " * (TAB_STOP - column % TAB_STOP))
                column += TAB_STOP - column % TAB_STOP
            parts.append(piece)
            column += len(piece)
        out.append("".join(parts) + "\n")
    return "".join(out)


def _fragment(html: str, source: str) -> Fragment:
    parts = html.split(SPLIT)
    if len(parts) != 4:  # the marker itself in the page's text or title would misplace every part
        raise BuildError(f"{source}: the text {SPLIT} is reserved for the engine — remove it from the page")
    title_html, subtitle_html, toc, body = (p.strip() for p in parts)
    return Fragment(title_html, subtitle_html, toc, body)
