"""Reads, checks and sanitises partner contributions: partners/<priority-id>/<slug>.md.

Each file starts with YAML front matter, then markdown::

    ---
    organisation: Luton Foodbank      # required
    priority: poverty                 # required; the folder name, an id in data/priorities.csv
    edition: 2025                     # required whole number
    website: https://example.org      # optional, https only
    order: 1                          # optional whole number; unnumbered files come after, by name
    ---
    What we did this year…

Safety policy — partner texts come from outside the council and end up in the published site and
PDF, so the markdown is parsed (markdown-it-py, CommonMark, so inline HTML, autolinks and reference
links are all seen) and anything that could inject markup or break the page is REFUSED with
``file:line`` and what to do instead:

* raw HTML of any kind (``<b>``, ``<script>``, ``<iframe>``, ``<img>``…), and pandoc's raw
  attributes (```` ```{=html} ````, ```` `x`{=html} ````) and fenced divs (``:::``);
* HTML comments are ALLOWED as notes to editors, but removed from the published text; a comment
  that is never closed is refused (it would hide the rest of the page);
* links other than ``https://``, ``http://`` and ``mailto:`` (no ``javascript:``, ``data:``,
  ``file:``, relative paths or ``#anchors``);
* images that are not a png/jpg/gif/webp file under ``figures/`` (written project-relative, e.g.
  ``figures/partners/foodbank.jpg``), that do not exist, or that are larger than 2 MB; an image
  without alt text is a warning;
* headings of level 1 or 2 (the chapter owns them); level 3+ headings are moved down one level so
  they sit under the organisation's ``###`` heading;
* front matter problems: none, broken YAML (with its line), missing or mistyped keys, unknown keys,
  an unknown priority (with the valid ones and the closest), a priority that is not the folder name,
  two files from one organisation in the same edition and priority, and text that is not UTF-8.

A file with any error is left out of the partners ``read_partners`` returns.
"""
from __future__ import annotations

import bisect
import difflib
import functools
import json
import posixpath
import re
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path


from luton2040.engine import pandoc
from luton2040 import yamlmarks
from luton2040.errors import InputError, Problem
from luton2040.schema import read_table

PARTNERS_DIR = "partners"
KEYS = ("organisation", "priority", "edition", "website", "order")
DEFAULT_ORDER = 999
MAX_PARTNER_BYTES = 64 * 1024  # about 10,000 words: far more than a chapter section; stated in partners/README.md
MAX_IMAGE_BYTES = 2 * 1024 * 1024
IMAGE_TYPES = (".png", ".jpg", ".jpeg", ".gif", ".webp")
LINK_SCHEMES = ("https://", "mailto:")
PANDOC_SECONDS = 60
# Deliberately narrow: the address is printed inside <…>, so no spaces, quotes or angle brackets.
WEBSITE = re.compile(r"^https://[A-Za-z0-9.-]+\.[A-Za-z]{2,}(/[A-Za-z0-9._~%/?#&=+:@!,;-]*)?$")
SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|~^$@:])")
EMPTY_TEXT = "*No partner contributions have been published for this priority yet.*"


@dataclass(frozen=True)
class Partner:
    """One checked contribution; ``body`` is the sanitised markdown, ``path`` is project-relative."""

    organisation: str
    priority: str
    edition: int
    website: str | None
    order: int
    path: str
    body: str
    lines: dict[str, int] = field(default_factory=dict, compare=False, repr=False)  # front-matter key → file line


def read_partners(project_dir: Path, edition: int | None = None,
                  priority: str | None = None) -> tuple[list[Partner], list[Problem]]:
    """Every partner file under partners/ checked; returns the clean ones (of ``edition``, if given) and all problems.

    With ``priority``, only partners/<priority>/ is read, so a chapter depends on its own partner
    files alone (the build's cache then re-runs only that chapter when one of them changes).

    Partners are sorted by priority (report order), then ``order``, then organisation.
    """
    root = Path(project_dir)
    priorities = _priority_order(root)
    folder = root / PARTNERS_DIR
    if not folder.is_dir():
        return [], []
    partners, problems = [], []
    for path in sorted((folder if priority is None else folder / priority).rglob("*")):
        rel = path.relative_to(root).as_posix()
        if not path.is_file() or path.name.lower() == "readme.md" or path.name.startswith("."):
            continue
        if path.suffix.lower() != ".md":
            problems.append(Problem(rel, None, None, "is not a markdown (.md) file, so it is not published",
                                    "save the contribution as a .md file (plain text, UTF-8), or remove this file",
                                    "warning"))
            continue
        depth = len(path.relative_to(folder).parts)
        if depth != 2:
            problems.append(Problem(rel, None, None, "partner files go one folder deep",
                                    "move it to partners/<priority-id>/<organisation>.md"))
            continue
        partner, found = read_partner(root, path, priorities)
        problems += found
        if partner and not any(p.severity == "error" for p in found):
            partners.append(partner)
    problems += _duplicates(partners, root)
    bad = {p.file for p in problems if p.severity == "error"}
    partners = [p for p in partners if p.path not in bad and (edition is None or p.edition == edition)]
    rank = {pid: n for n, pid in enumerate(priorities or [])}
    partners.sort(key=lambda p: (rank.get(p.priority, len(rank)), p.priority, p.order, p.organisation.casefold()))
    return partners, problems


def _priority_order(root: Path) -> list[str] | None:
    """Priority ids in report order, or None when data/priorities.csv cannot be read (reported elsewhere)."""
    try:
        rows, _ = read_table(root, "priorities")
    except (InputError, KeyError):
        return None
    rows = [r for r in rows if r.values.get("id")]
    rows.sort(key=lambda r: (r.values.get("order") or 0, r.line))
    ids = list(dict.fromkeys(r.values["id"] for r in rows))
    return ids or None


def read_partner(root: Path, path: Path, priorities: list[str] | None) -> tuple[Partner | None, list[Problem]]:
    """Check one partner file; returns the Partner (None if its front matter is unusable) and its problems."""
    rel = path.relative_to(root).as_posix()
    if path.is_symlink():
        return None, [Problem(rel, None, None, "is a link to another file, which is not published",
                              "copy the contribution itself into this folder")]
    size = path.stat().st_size
    if size > MAX_PARTNER_BYTES:
        return None, [Problem(rel, None, None, f"is {size // 1024} KB, more than the {MAX_PARTNER_BYTES // 1024} KB "
                              "allowed for one contribution", "shorten the text (images go in figures/, not in the file)")]
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data[:err.start].count(b"\n") + 1
        return None, [Problem(rel, line, None, "is not UTF-8 text", "save the file with UTF-8 encoding")]
    lines = text.splitlines()
    if not lines or lines[0].strip() != "---":
        return None, [Problem(rel, 1, None, "has no front matter",
                              "start the file with a line ---, then organisation:, priority: and edition: "
                              "lines, then another ---")]
    close = next((i for i in range(1, len(lines)) if lines[i].strip() in ("---", "...")), None)
    if close is None:
        return None, [Problem(rel, 1, None, "front matter is never closed", "add a line --- after the last key")]
    meta, problems = _front_matter(rel, "\n".join(lines[1:close]), root, path, priorities)
    body, body_problems = sanitise(rel, lines[close + 1:], close + 1, root)
    problems += body_problems
    if meta is None:
        return None, problems
    return Partner(body=body, path=rel, **meta), problems


def _front_matter(rel: str, text: str, root: Path, path: Path, priorities: list[str] | None):
    """(fields for Partner or None, problems); lines are file lines (front matter starts on line 2)."""
    try:
        marked = yamlmarks.load(text, first_line=2)
    except yamlmarks.YamlRefused as err:
        problem = err.problem(rel, "write one 'key: value' per line; put quotes around a value containing a colon")
        if err.syntax:
            problem = Problem(rel, problem.line, None, "front matter " + problem.message, problem.fix)
        return None, [problem]
    data = marked.value
    if not isinstance(data, dict):
        return None, [Problem(rel, 2, None, "front matter should be 'key: value' lines",
                              "give organisation:, priority: and edition:")]
    at = {key: marked.line(key) for key in data}
    problems = []

    def report(key, message, fix):
        problems.append(Problem(rel, at.get(key, 1), None, message, fix))

    renamed = set()
    for key in data:
        if key not in KEYS:
            near = difflib.get_close_matches(str(key), [k for k in KEYS if k not in data], n=1)
            renamed.update(near)
            report(key, f"unknown key '{key}'", f"rename it to {near[0]}" if near else
                   f"remove it (keys: {', '.join(KEYS)})")
    organisation = data.get("organisation")
    if "organisation" in renamed:
        pass  # the misspelt key is reported above
    elif not isinstance(organisation, str) or not organisation.strip():
        report("organisation", "organisation is missing or not text", "add a line 'organisation: Name of organisation'")
    elif len(organisation) > 200 or re.search(r"[\x00-\x1f\x7f]", organisation):
        report("organisation", "organisation should be one line of at most 200 characters",
               "write the name alone on the organisation: line")
    priority = data.get("priority")
    folder = path.parent.name
    if "priority" in renamed:
        pass
    elif not isinstance(priority, str) or not priority:
        report("priority", "priority is missing", f"add a line 'priority: {folder}'")
    elif priorities is not None and priority not in priorities:
        near = difflib.get_close_matches(priority, priorities, n=1)
        hint = f" (closest: {near[0]})" if near else ""
        report("priority", f"unknown priority '{priority}'", f"use one of: {', '.join(priorities)}{hint}")
    elif priority != folder:
        fix = f"move the file to partners/{priority}/"
        if priorities is None or folder in priorities:
            fix += f" or set priority: {folder}"
        else:
            fix += f" (there is no priority '{folder}', so the folder name is wrong)"
        report("priority", f"priority '{priority}' does not match the folder partners/{folder}/", fix)
    edition = data.get("edition")
    if type(edition) is not int and "edition" not in renamed:
        report("edition", "edition is missing or not a year", "add a line 'edition: 2025' (the report year)")
    website = data.get("website")
    if website is not None and (not isinstance(website, str) or not WEBSITE.match(website)):
        fix = "use the https:// address" if str(website).startswith("http://") else \
            "write the full address starting with https://, or remove the line"
        report("website", f"website '{website}' is not an https:// address", fix)
    order = data.get("order", DEFAULT_ORDER)
    if type(order) is not int:
        report("order", f"order '{order}' is not a whole number", "write a number such as 1, or remove the line")
    if not SLUG.match(path.stem):
        problems.append(Problem(rel, None, None, "file name should be lower-case words joined by hyphens",
                                "rename it, e.g. " + (re.sub(r"[^a-z0-9]+", "-", path.stem.lower()).strip("-")
                                                      or "organisation-name") + ".md"))
    if problems:
        return None, problems
    return dict(organisation=organisation.strip(), priority=priority, edition=edition,
                website=website, order=order, lines={str(key): line for key, line in at.items()}), []


def sanitise(rel: str, lines: list[str], offset: int, root: Path) -> tuple[str, list[Problem]]:
    """Check the markdown body (``lines``, starting on file line ``offset + 1``) and return it cleaned.

    The body is parsed by the pandoc reader that renders the chapter (``engine.pandoc.READER``) and
    every node of that tree must be on the allow-list in ``_Checker``; anything else is reported with
    its line, never silently dropped. Cleaning happens on the tree (HTML comments removed, headings
    moved down one level) and the clean body is that tree written back out by pandoc, so what the
    chapter renders is exactly what was checked. Returns ``""`` as the body when there are errors.
    """
    source = "\n".join(lines)
    if not source.strip():
        return "", [Problem(rel, offset + 1, None, "has no text after the front matter",
                            "write the contribution below the closing ---")]
    checker = _Checker(rel, source, offset, root)
    try:
        document, warnings = _pandoc_read(source)
    except _PandocFailed as err:
        checker.problem((), f"pandoc cannot read this file ({err})", "simplify the markdown near the line named")
        return "", checker.problems
    for line, warning in warnings:
        checker.problem((), f"pandoc cannot read this ({warning})", "correct the markdown on this line",
                        line=offset + line if line else None)
    if document.get("meta"):
        # The block opens with a --- line followed by a non-blank line (a rule has a blank line after it).
        line = next((n for n, text in enumerate(lines) if text.rstrip() == "---" and n + 1 < len(lines)
                     and lines[n + 1].strip()), 0)
        checker.problem((), "a block between a --- line and a --- or ... line is read as page settings, not text",
                        "remove the block; to draw a line across the page, leave a blank line after ---",
                        line=offset + line + 1)
    blocks = checker.blocks(document.get("blocks", []), top=True)
    if any(p.severity == "error" for p in checker.problems):
        return "", checker.problems
    document["blocks"] = blocks
    return _pandoc_write(document), checker.problems


class _PandocFailed(Exception):
    pass


@functools.cache
def _pandoc_binary() -> str:
    """The pandoc the renderer uses (pypandoc-binary's), found without importing pypandoc.

    This runs inside the chapters' kernel, where every environment variable and folder listing a
    chapter reads becomes part of its cache key; pypandoc's own lookup copies the whole environment,
    so the first chapter with partners would rerun on every build. Looking at the package folders
    (not the working folder) reads nothing of the kind.
    """
    here = Path.cwd().resolve()
    for entry in sys.path:
        if entry and Path(entry).resolve() != here:
            candidate = Path(entry) / "pypandoc" / "files" / "pandoc"
            if candidate.is_file():
                return str(candidate)
    return pandoc.executable()


_PANDOC_WARNING = re.compile(r"^\[WARNING\]\s*(.*?)(?:\s+at line (\d+) column \d+)?\s*$")


def _pandoc_read(source: str) -> tuple[dict, list[tuple[int | None, str]]]:
    """The tree pandoc builds from ``source`` with the renderer's reader (ids off: any id is explicit)."""
    args = [_pandoc_binary(), "-f", pandoc.READER + "-auto_identifiers", "-t", "json"]
    try:
        proc = subprocess.run(args, input=source.encode(), capture_output=True, timeout=PANDOC_SECONDS)
    except subprocess.TimeoutExpired:
        raise _PandocFailed(f"it took more than {PANDOC_SECONDS} seconds") from None
    if proc.returncode != 0:
        raise _PandocFailed(" ".join(proc.stderr.decode(errors="replace").split())[:200])
    warnings = []
    for text in proc.stderr.decode(errors="replace").splitlines():
        m = _PANDOC_WARNING.match(text.strip())
        if m:
            warnings.append((int(m.group(2)) if m.group(2) else None, m.group(1)))
    return json.loads(proc.stdout), warnings


def _pandoc_write(document: dict) -> str:
    """Markdown for a checked tree, escaped by pandoc's own writer for its own reader."""
    args = [_pandoc_binary(), "-f", "json", "-t", "markdown", "--wrap=none"]
    proc = subprocess.run(args, input=json.dumps(document).encode(), capture_output=True,
                          timeout=PANDOC_SECONDS, check=True)
    return proc.stdout.decode().strip("\n") + "\n"


_PLAIN_FIX = "write it in plain markdown: **bold**, *italic*, [text](https://…), ![alt](figures/…)"
_ATTRIBUTE_MESSAGE = "attributes in braces ({…}) after a link, span, heading, image or code are not allowed"
_ATTRIBUTE_FIX = "remove the {…}; to show a brace as text, put a space before it"
_EMPTY_ATTR = ["", [], []]
# Inline containers whose only content is more inlines: kept as they are once their children pass.
_INLINE_CONTAINERS = {"Emph": 0, "Strong": 0, "Strikeout": 0, "Superscript": 0, "Subscript": 0, "Quoted": 1}
_INLINE_LEAVES = {"Str", "Space", "SoftBreak", "LineBreak"}
_REFUSED = {
    "Div": ("fenced divs (:::) and <div> blocks are not allowed", "remove the ::: lines; the chapter adds its own"),
    "Span": (_ATTRIBUTE_MESSAGE, _ATTRIBUTE_FIX),
    "Note": ("footnotes are not supported", "write the note as a sentence in the text"),
    "Math": ("maths between $ signs is not supported", "write it as text; to show a dollar sign, write \\$"),
    "DefinitionList": ("definition lists are not supported", "write a bullet list (- **term**: what it means)"),
    "LineBlock": ("line blocks (lines starting with |) are not supported", "write ordinary paragraphs"),
    "Cite": ("citations are not supported", "write the source as a link"),
}


class _Checker:
    """Walks a pandoc tree, allowing only the node types below, and finds source lines for problems.

    Pandoc's markdown reader records no source positions, so a node's line is found by searching the
    source for the node's own text (raw HTML, a link target, an attribute, the first word) from the
    start of its top-level block; top-level blocks are located in order by their first and last words.
    The line is exact for raw HTML, links, images and attributes, and the block's first line otherwise.
    """

    def __init__(self, rel: str, source: str, offset: int, root: Path):
        self.rel, self.source, self.offset, self.root = rel, source, offset, root
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", source)]
        self.block_start = 0
        self.search_from = 0
        self.cursor = 0
        self.problems: list[Problem] = []

    # -- lines ---------------------------------------------------------------------------------
    def _line_at(self, position: int) -> int:
        return bisect.bisect_right(self.line_starts, position) + self.offset

    def _find(self, needles, start: int) -> int | None:
        for needle in needles:
            if needle:
                position = self.source.find(needle, start)
                if position >= 0:
                    return position
        return None

    def problem(self, needles, message: str, fix: str, severity: str = "error", line: int | None = None,
                start: int | None = None) -> None:
        if line is None:
            start = self.block_start if start is None else start
            position = self._find(needles, start)
            line = self._line_at(self.block_start if position is None else position)
        found = Problem(self.rel, line, None, message, fix, severity)
        if found not in self.problems:
            self.problems.append(found)

    def _locate_block(self, block: dict) -> None:
        words = [w for w in _words(block)]
        self.search_from = self.cursor
        position = self._find(words[:1], self.cursor) if words else None
        if position is None:
            self.block_start = self.cursor
            return
        self.block_start = self.source.rfind("\n", 0, position) + 1
        end = self._find(words[-1:], position)
        self.cursor = position + 1 if end is None else end + len(words[-1])

    # -- blocks --------------------------------------------------------------------------------
    def blocks(self, blocks: list, top: bool = False) -> list:
        out = []
        for block in blocks:
            if top:
                self._locate_block(block)
            kept = self.block(block)
            if kept is not None:
                out.append(kept)
        return out

    def block(self, block: dict):
        kind, c = block["t"], block.get("c")
        if kind in ("Para", "Plain"):
            return {"t": kind, "c": self.inlines(c)}
        if kind == "Header":
            level, attr, inlines = c
            if level <= 2:
                self.problem(_words(block)[:1], f"level {level} headings are not allowed (the chapter owns them)",
                             "start the heading with ### (or leave it out)")
            self.attr(attr)
            return {"t": "Header", "c": [min(level + 1, 6), attr, self.inlines(inlines)]}
        if kind == "BulletList":
            return {"t": kind, "c": [self.blocks(item) for item in c]}
        if kind == "OrderedList":
            (start, style, delim), items = c
            if style["t"] == "Example":
                self.problem(["(@"], "example lists ((@) items) are not supported", "number the list 1. 2. 3.")
            return {"t": kind, "c": [[start, style, delim], [self.blocks(item) for item in items]]}
        if kind == "BlockQuote":
            return {"t": kind, "c": self.blocks(c)}
        if kind == "CodeBlock":
            self.attr(c[0], ["```{", "~~~{", "``` {", "~~~ {"])
            self.code(c[1])
            return block
        if kind == "HorizontalRule":
            return block
        if kind == "RawBlock":
            return self.raw(c, block=True)
        if kind == "Figure":
            attr, caption, body = c
            self.attr(attr)
            return {"t": kind, "c": [attr, self.caption(caption), self.blocks(body)]}
        if kind == "Table":
            return self.table(c)
        self.refuse(kind, block)
        return None

    def caption(self, caption: list) -> list:
        short, body = caption
        if short:
            self.inlines(short)
        return [short, self.blocks(body)]

    def table(self, c: list) -> dict:
        attr, caption, colspecs, head, bodies, foot = c
        self.attr(attr)

        def rows(rows):
            out = []
            for row_attr, cells in rows:
                self.attr(row_attr)
                checked = []
                for cell_attr, align, rowspan, colspan, content in cells:
                    self.attr(cell_attr)
                    checked.append([cell_attr, align, rowspan, colspan, self.blocks(content)])
                out.append([row_attr, checked])
            return out

        self.attr(head[0])
        self.attr(foot[0])
        new_bodies = []
        for body_attr, row_head_columns, head_rows, body_rows in bodies:
            self.attr(body_attr)
            new_bodies.append([body_attr, row_head_columns, rows(head_rows), rows(body_rows)])
        return {"t": "Table", "c": [attr, self.caption(caption), colspecs, [head[0], rows(head[1])],
                                    new_bodies, [foot[0], rows(foot[1])]]}

    def refuse(self, kind: str, node: dict) -> None:
        message, fix = _REFUSED.get(kind, (f"{kind} is not allowed in a partner text", _PLAIN_FIX))
        needles = {"Div": [":::", "<div"], "Note": ["^[", "[^"], "Math": ["$"]}.get(kind, []) + _words(node)[:1]
        self.problem(needles, message, fix, start=self.search_from if kind == "Div" else None)

    def attr(self, attr: list, needles: list | None = None) -> None:
        if attr == _EMPTY_ATTR:
            return
        ident, classes, pairs = attr
        found = (["#" + ident] if ident else []) + ["." + c for c in classes] + [k + "=" for k, _ in pairs]
        self.problem((needles or []) + found + ["{"], _ATTRIBUTE_MESSAGE, _ATTRIBUTE_FIX)

    def raw(self, c: list, block: bool):
        fmt, text = c
        if fmt == "html" and _only_comments(text):
            return None
        first = text.strip().split("\n", 1)[0]
        position = self._find([first], self.block_start)
        before = self.source[self.source.rfind("\n", 0, position) + 1:position] if position else ""
        line_start = self.source.rfind("\n", 0, position) + 1 if position else 0
        previous = self.source[self.source.rfind("\n", 0, max(line_start - 1, 0)) + 1:max(line_start - 1, 0)]
        fenced = block and previous.lstrip().startswith(("```", "~~~"))
        if fmt == "html" and (fenced or (not block and before.endswith("`"))):
            fmt = "=html"  # written as a raw block or raw attribute, not as HTML
        if fmt == "html" and text.lstrip().startswith("<!--") and "-->" not in text:
            self.problem([first], "an HTML comment here is never closed", "end it with --> (or delete it)")
        elif fmt in ("html", "html5", "html4"):
            line = self._line_at(self.block_start if position is None else position)
            if not any(p.line == line and p.message.startswith("raw HTML") for p in self.problems):
                self.problem([first], f"raw HTML is not allowed ({_snippet(text)})", _PLAIN_FIX)
        elif block:
            fmt = fmt.lstrip("=")
            self.problem(["{=" + fmt, first], f"raw output blocks ({{={fmt}}}) are not allowed",
                         "write it in plain markdown")
        else:
            fmt = fmt.lstrip("=")
            self.problem(["{=" + fmt, first], f"raw output attributes ({{={fmt}}}) are not allowed",
                         "remove the {=…} after the code")
        return None

    # -- inlines -------------------------------------------------------------------------------
    def inlines(self, inlines: list) -> list:
        out = []
        for inline in inlines:
            kept = self.inline(inline)
            if kept is not None:
                out.append(kept)
        return out

    def inline(self, inline: dict):
        kind, c = inline["t"], inline.get("c")
        if kind in _INLINE_LEAVES:
            if kind == "Str" and ("<!--" in c or "<!\u2013" in c):  # smart punctuation reads -- as –
                self.problem(["<!--"], "an HTML comment here is never closed", "end it with --> (or delete it)")
            elif kind == "Str" and "{{<" in c:
                self.code(c)
            elif kind == "Str" and c.startswith(":::"):  # would close the chapter's own ::: block
                self.problem([":::"], "fenced divs (:::) are not allowed", "remove the ::: line; the chapter adds its own")
            return inline
        if kind in _INLINE_CONTAINERS:
            at = _INLINE_CONTAINERS[kind]
            return {"t": kind, "c": c[:at] + [self.inlines(c[at])] if at else self.inlines(c)}
        if kind == "Code":
            self.attr(c[0], ["`{"])
            self.code(c[1], inline=True)
            return inline
        if kind == "RawInline":
            return self.raw(c, block=False)
        if kind == "Link":
            attr, text, (url, title) = c
            if attr not in (["", ["uri"], []], ["", ["email"], []]):  # <https://…> and <a@b.org> autolinks
                self.attr(attr, [url + ")", url])
            if not url.lower().startswith(LINK_SCHEMES) or _UNSAFE_URL.search(url):
                fix = "use the https:// address" if url.lower().startswith("http://") else \
                    "links must be full web addresses (https://…) or mailto: addresses"
                self.problem([url] + _words(inline)[:1], f"link to '{_snippet(url)}' is not allowed", fix)
            return {"t": kind, "c": [attr, self.inlines(text), [url, title]]}
        if kind == "Image":
            attr, alt, (src, title) = c
            self.attr(attr, [src + ")", src])
            self.image(src, alt)
            return {"t": kind, "c": [attr, self.inlines(alt), [src, title]]}
        self.refuse(kind, inline)
        return None

    def code(self, text: str, inline: bool = False) -> None:
        """Text is shown as written, but Quarto reads shortcodes everywhere and `{python}` in inline
        code: refuse both rather than let a partner text include files or run code."""
        if "{{<" in text:
            self.problem(["{{<"], "shortcodes ({{< … >}}) are not allowed in a partner text",
                         "remove it; ask the report team to add what it was for")
        if inline and re.match(r"\s*\{\s*[A-Za-z]", text):
            self.problem(["`{"], "code in a partner text never runs (`{python} …` works only in chapters)",
                         "write the figure or words as plain text")

    def image(self, src: str, alt: list) -> None:
        needles = [src]
        normal = posixpath.normpath(src) if src else ""
        if not normal.startswith("figures/") or "://" in src or src.startswith("/") or _UNSAFE_URL.search(src):
            self.problem(needles, f"image '{_snippet(src)}' is not under figures/",
                         "put the image in the project's figures/ folder and write its path as figures/…")
            return
        if not normal.lower().endswith(IMAGE_TYPES):
            self.problem(needles, f"image '{src}' is not a png, jpg, gif or webp file", "save it as .png or .jpg")
            return
        path = self.root / normal
        if path.is_symlink() or not path.is_file():
            self.problem(needles, f"image '{src}' does not exist", f"add the file {normal} or correct the path")
        elif path.stat().st_size > MAX_IMAGE_BYTES:
            size = path.stat().st_size / 1024 / 1024
            self.problem(needles, f"image '{src}' is {size:.1f} MB, more than the 2 MB allowed",
                         "make it smaller (about 1600 pixels wide is plenty)")
        if not _words({"c": alt}):
            self.problem(needles, f"image '{src}' has no alt text", "describe the picture: ![what it shows](…)",
                         "warning")


_UNSAFE_URL = re.compile(r"[\s\x00-\x1f\x7f\"'<>\\`{}]")
_WORD = re.compile(r"[^\W_]+")


def _words(node) -> list[str]:
    """The first runs of letters/digits of every Str under ``node``, in order (search keys for its line)."""
    found: list[str] = []

    def walk(value):
        if isinstance(value, dict):
            if value.get("t") == "Str":
                m = _WORD.search(value["c"])
                if m:
                    found.append(m.group())
            else:
                walk(value.get("c"))
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(node)
    return found


def _only_comments(text: str) -> bool:
    """True when ``text`` is nothing but complete HTML comments and white space (one linear scan)."""
    i, n = 0, len(text)
    while True:
        while i < n and text[i].isspace():
            i += 1
        if i == n:
            return True
        if not text.startswith("<!--", i):
            return False
        end = text.find("-->", i + 4)
        if end < 0:
            return False
        i = end + 3


def _duplicates(partners: list[Partner], root: Path) -> list[Problem]:
    seen: dict[tuple, str] = {}
    problems = []
    for partner in sorted(partners, key=lambda p: p.path):
        key = (partner.edition, partner.priority, partner.organisation.casefold())
        if key in seen:
            problems.append(Problem(partner.path, partner.lines.get("organisation"), None,
                                    f"{partner.organisation} already has a {partner.edition} contribution "
                                    f"for {partner.priority} in {seen[key]}",
                                    "merge the two texts into one file"))
        else:
            seen[key] = partner.path
    return problems


def _snippet(text: str, limit: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1] + "…"


def escape(text: str) -> str:
    """Markdown-escape plain text (organisation names) so it can never become markup."""
    return _MD_SPECIAL.sub(r"\\\1", text)


def contribution_markdown(partners: list[Partner], figures_prefix: str = "../") -> str:
    """Markdown for a chapter: one ``.partner-contribution`` div per partner, or a short note if none.

    Image paths in partner files are project-relative (``figures/…``); ``figures_prefix`` makes them
    relative to the page the markdown lands on (chapters/ → ``../``).
    """
    if not partners:
        return EMPTY_TEXT + "\n"
    blocks = []
    for partner in partners:
        body = re.sub(r"(\]\(\s*<?|^\s{0,3}\[[^\]]+\]:\s*<?)figures/", lambda m: m.group(1) + figures_prefix + "figures/",
                      partner.body, flags=re.MULTILINE)
        parts = ["::: {.partner-contribution}", f"### {escape(partner.organisation)}", "", body.strip(), ""]
        if partner.website:
            parts += [f"Website: <{partner.website}>", ""]
        parts.append(":::")
        blocks.append("\n".join(parts))
    return "\n\n".join(blocks) + "\n"
