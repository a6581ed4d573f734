"""Read a ``.qmd`` file: front matter, ``{{< include >}}``, ``{python}`` cells, inline expressions.

Every line keeps its origin (file and line, through includes) so errors can say ``file:line``.
Syntax the engine does not implement is rejected here with a clear message rather than being
rendered wrongly: non-Python chunks, shortcodes other than ``include``, tabsets, column/margin
layouts, conditional content other than by profile, citations and ``@sec-``/``@eq-`` references.

Conditional content by profile (``::: {.content-visible when-profile="2025"}``, see ``conditions``)
is applied after includes, as Quarto does: each edition's page holds only its own edition's prose.
Cells in a hidden block are not run (Quarto runs them and drops their output; they must have no
effect on the shown cells, which a block of another edition's prose never has).
"""
from __future__ import annotations

import copy
import hashlib
import json
import re
import threading
from dataclasses import dataclass, field
from pathlib import Path

from luton2040 import fences, heading_ids, yamlmarks
from luton2040.engine import conditions
from luton2040.engine.pandoc import top_blocks
from luton2040.errors import InputError, Problem

#: Front-matter keys the engine understands; anything else is rejected.
FRONT_MATTER = {"title", "subtitle", "body-classes", "execute", "jupyter", "description", "toc"}
EXECUTE_OPTIONS = {"echo", "warning", "eval"}
CELL_OPTIONS = {"echo", "output", "label", "fig-cap", "fig-alt", "tbl-cap", "include", "eval", "warning"}
CALLOUTS = {"note", "tip", "warning", "important", "caution"}
#: Placeholders standing for inline expressions in prose until their values are known.
INLINE_OPEN, INLINE_CLOSE = "\ue000", "\ue001"
_PLACED = re.compile(f"{INLINE_OPEN}(\\d+){INLINE_CLOSE}")

#: A line that is an include shortcode and nothing else: `{{< include _prose/2025/poverty.qmd >}}`.
INCLUDE = re.compile(r"^\s*\{\{<\s*include\s+(\S+?)\s*>\}\}\s*$")
_SHORTCODE = re.compile(r"\{\{<\s*/?\*?\s*([\w-]+)")
_DIV = re.compile(r"^\s*:{3,}\s*(.*?)\s*$")
_INDENTED_CODE = re.compile(r"^(?: {4}|\t)")  # four spaces or a tab: an indented line, never a fence
_INLINE = re.compile(r"`\{(\w+)\}\s+([^`]+?)\s*`")
_CODE_SPAN = re.compile(r"(`+)(?:.+?)\1")
_AT = re.compile(r"(?<![\w@.\\/])@([A-Za-z0-9_][\w:.#$%&+?<>~/-]*)")
#: What pandoc never reads a citation in: an HTML tag with its attributes (``<img alt="… @x">``) and
#: an attribute list after a link, span, code or div opening (``{aria-label="… @x"}``).
_NOT_CITED = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>"  # an HTML tag
                        r"|(?<=[\]`])\{[^{}]*\}|(?<=\])\([^()]*\)\{[^{}]*\}"  # after a span, code or link
                        r"|^:::+\s*\{[^{}]*\}")  # a div's
_HEADING_ATTRIBUTES = re.compile(r"^(#{1,6}\s.*?)\s\{[^{}]*\}\s*$")
_FIG_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)\{[^}]*#(fig-[\w-]+)")
_CONDITIONAL = re.compile(r"\{[^}]*\.content-(?:visible|hidden)\b")
_UNSUPPORTED_CLASS = re.compile(r"^(panel-|column-|layout|aside$|margin)")
_UNSUPPORTED_ATTR = re.compile(r"\b(layout[\w-]*|when-format|unless-format|when-meta|unless-meta)=")
#: A table's cross-reference div, its label alone: ``::: {#tbl-outcomes}`` (``_table_divs``).
_TABLE_DIV = re.compile(r"^\{#(tbl-[\w-]+)\}$")


@dataclass(frozen=True)
class Loc:
    """Where a line came from (project-relative file, 1-based line)."""

    file: str
    line: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}"


@dataclass
class Prose:
    """Markdown between cells; inline expressions replaced by numbered placeholders."""

    text: str
    loc: Loc


@dataclass
class Cell:
    """A ``{python}`` cell: its code (``#|`` lines included, so line numbers match) and options."""

    number: int
    code: str
    options: dict
    loc: Loc               # the opening fence
    line_locs: list[Loc]   # one per code line

    @property
    def label(self) -> str:
        return str(self.options.get("label") or "")


@dataclass
class Inline:
    code: str
    loc: Loc


@dataclass
class Label:
    name: str
    kind: str   # "fig" or "tbl"
    loc: Loc


@dataclass
class Document:
    """One source file after includes, split into prose and cells."""

    path: str
    meta: dict
    blocks: list = field(default_factory=list)
    inlines: list[Inline] = field(default_factory=list)
    labels: list[Label] = field(default_factory=list)
    refs: list[tuple[str, Loc]] = field(default_factory=list)
    included: list[str] = field(default_factory=list)
    #: what running the document depends on in its own text (``code_digest``): the execution cache's key
    code_digest: str = ""

    @property
    def cells(self) -> list[Cell]:
        return [b for b in self.blocks if isinstance(b, Cell)]


def _problem(loc: Loc, message: str, fix: str) -> Problem:
    return Problem(loc.file, loc.line, None, message, fix)


def _rel(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return str(path)


class _Parser:
    def __init__(self, root: Path, replaced: dict[Path, str] | None = None) -> None:
        self.root = root
        self.problems: list[Problem] = []
        self.included: list[str] = []
        self.texts: list[tuple[Path, Path, str]] = []  # every file read: (as named, resolved, its text)
        #: files read as these texts rather than as they are on disk (resolved path → text): what a
        #: pre-render step will write there (``outline``)
        self.replaced = replaced or {}

    def fail(self, loc: Loc, message: str, fix: str) -> None:
        self.problems.append(_problem(loc, message, fix))

    # -- includes -----------------------------------------------------------------------------
    def expand(self, path: Path, stack: tuple[Path, ...], named: Path | None = None) -> list[tuple[str, Loc]]:
        rel = _rel(path, self.root)
        text = self.replaced.get(path.resolve())
        if text is None:
            text = path.read_text(encoding="utf-8")
        self.texts.append((named or path, path.resolve(), text))
        lines = text.splitlines()
        self.problems += div_problems(rel, lines)
        out: list[tuple[str, Loc]] = []
        for i, text in enumerate(lines, 1):
            loc = Loc(rel, i)
            # Quarto includes the file wherever the line stands, in a code block too
            # (quarto-cli src/core/handlers/base.ts, processMarkdownIncludes: every cell's lines)
            inc = INCLUDE.match(text)
            if not inc:
                out.append((text, loc))
                continue
            name = inc.group(1)
            # As in Quarto, a leading / means the project root, and any other path is relative to the
            # page being rendered, even in an included file (quarto-cli src/core/handlers/base.ts,
            # resolvePath: the target's folder); either way the file must be in the project.
            page_dir = stack[0].parent
            named = (self.root / name.lstrip("/")) if name.startswith("/") else (page_dir / name)
            target = named.resolve()
            if not target.is_relative_to(self.root.resolve()):
                self.fail(loc, f"cannot include '{name}': it is outside the project",
                          "copy the file into the project and include it from there")
            elif target in stack:
                self.fail(loc, f"'{inc.group(1)}' includes itself (directly or through another include)",
                          "remove the circular include")
            elif not target.is_file() and target not in self.replaced:
                self.fail(loc, f"cannot include '{inc.group(1)}': file not found",
                          "fix the path (it is relative to the page, even in an included file; "
                          "start it with / to give it from the project's folder)")
            else:
                self.included.append(_rel(target, self.root))
                sub = self.expand(target, stack + (target,), named)
                if sub and sub[0][0].strip() == "---":
                    self.fail(loc, f"'{inc.group(1)}' starts with YAML front matter, which included files "
                              "may not have", "remove the front matter from the included file")
                out.extend(sub)
        return out

    # -- front matter -------------------------------------------------------------------------
    def front_matter(self, lines: list[tuple[str, Loc]]) -> tuple[dict, int]:
        if not lines or lines[0][0].strip() != "---":
            return {}, 0
        end = yamlmarks.front_matter_end([t for t, _ in lines])  # the project's one front-matter splitter
        if end is None:
            self.fail(lines[0][1], "front matter is not closed", "end it with a line '---'")
            return {}, len(lines)
        opening = lines[0][1]  # front matter is the top of its own file, so its lines are file lines
        try:
            marked = yamlmarks.load("\n".join(t for t, _ in lines[1:end]), first_line=opening.line + 1)
        except yamlmarks.YamlRefused as exc:
            loc = Loc(opening.file, exc.line) if exc.line is not None else opening
            if exc.syntax:
                self.fail(loc, f"invalid YAML in front matter: {exc.reason}", "fix the indentation or quoting")
            else:
                self.fail(loc, exc.reason, exc.fix)
            return {}, end + 1
        meta = marked.value or {}
        if not isinstance(meta, dict):
            self.fail(lines[0][1], "front matter must be a mapping of keys to values", "write 'title: …'")
            return {}, end + 1
        for key in meta:
            loc = Loc(opening.file, marked.line(key) or opening.line)
            if key not in FRONT_MATTER:
                self.fail(loc, f"the front-matter option '{key}' is not supported by the embedded engine",
                          f"remove it, or use one of: {', '.join(sorted(FRONT_MATTER))}")
        execute = meta.get("execute") or {}
        if not isinstance(execute, dict) or set(execute) - EXECUTE_OPTIONS:
            self.fail(lines[0][1], "front-matter 'execute' supports only: " + ", ".join(sorted(EXECUTE_OPTIONS)),
                      "remove the other options")
        return meta, end + 1

    # -- body ---------------------------------------------------------------------------------
    def body(self, doc: Document, lines: list[tuple[str, Loc]]) -> None:
        prose: list[str] = []
        prose_loc = lines[0][1] if lines else Loc(doc.path, 1)
        i = 0

        def flush(next_loc: Loc) -> None:
            nonlocal prose, prose_loc
            if any(p.strip() for p in prose):
                doc.blocks.append(Prose("\n".join(prose), prose_loc))
            prose, prose_loc = [], next_loc

        starts = {block.start: block for block in fences.blocks([text for text, _ in lines])}
        while i < len(lines):
            text, loc = lines[i]
            block = starts.get(i)
            if block is None:
                prose.append(self.prose_line(doc, text, loc))
                i += 1
                continue
            fence, info = block.fence, block.info
            end = len(lines) if block.end is None else block.end
            if block.end is None:
                self.fail(loc, "code block is not closed", f"add a closing {fence} line")
            chunk = _CHUNK.match(info)
            if not chunk:  # a plain (not executed) code block or raw block: kept as it is
                if _CONDITIONAL.search(info):
                    self.fail(loc, "a conditional code block is not supported by the embedded engine",
                              "put the code block inside a ::: {.content-visible when-profile=\"…\"} div")
                prose.extend(t for t, _ in lines[i:end + 1])
            elif chunk.group(1) not in RUNS:
                self.fail(loc, f"{{{chunk.group(1)}}} code chunks are not supported (only {{python}} runs)",
                          "rewrite the chunk in Python, or make it a plain code block")
            else:
                if chunk.group(2).strip():
                    self.fail(loc, "options inside the chunk header are not supported",
                              "write them as '#| option: value' lines at the top of the cell")
                flush(loc)
                doc.blocks.append(self.cell(len(doc.cells) + 1, lines[i + 1:end], loc))
                if end + 1 < len(lines):
                    prose_loc = lines[end + 1][1]
            i = end + 1
        flush(prose_loc)

    def cell(self, number: int, body: list[tuple[str, Loc]], loc: Loc) -> Cell:
        option_lines = []
        for text, line_loc in body:
            if not text.startswith("#|"):
                break
            option_lines.append((text[2:], line_loc))
        options: dict = {}
        for text, line_loc in option_lines:
            try:
                parsed = yamlmarks.load(text).value
            except yamlmarks.YamlRefused:
                parsed = None
            if not isinstance(parsed, dict):
                self.fail(line_loc, f"cannot read the cell option '#|{text}'", "write '#| option: value'")
                continue
            for key, value in parsed.items():
                if key not in CELL_OPTIONS:
                    self.fail(line_loc, f"the cell option '{key}' is not supported by the embedded engine",
                              f"remove it, or use one of: {', '.join(sorted(CELL_OPTIONS))}")
                elif key == "output" and value not in (True, False, "asis"):
                    self.fail(line_loc, f"'output: {value}' is not supported", "use true, false or asis")
                options[key] = value
        return Cell(number, "\n".join(t for t, _ in body), options, loc, [l for _, l in body])

    def prose_line(self, doc: Document, text: str, loc: Loc) -> str:
        if "{" not in text and "@" not in text and ":::" not in text:
            return text  # nothing below can match: every pattern needs one of these (most lines)
        for m in _SHORTCODE.finditer(text):
            if m.group(1) == "include":
                self.fail(loc, "{{< include >}} must be on a line of its own", "move it to its own line")
            else:
                self.fail(loc, f"the shortcode {{{{< {m.group(1)} >}}}} is not supported",
                          "use {{< include file >}} or plain markdown")
        div = _DIV.match(text)
        if div and div.group(1):
            self.check_div(doc, div.group(1), loc)
        elif _CONDITIONAL.search(_CODE_SPAN.sub("", text)):
            self.fail(loc, "conditional text inside a paragraph is not supported by the embedded engine",
                      "put the text in its own ::: {.content-visible when-profile=\"…\"} div")
        elif re.search(r"\]\{[^}]*\.(column-|aside\b|margin)", text):
            self.fail(loc, "margin and column spans are not supported", "use plain text")

        def inline(m: re.Match) -> str:
            if m.group(1) != "python":
                self.fail(loc, f"inline `{{{m.group(1)}}}` expressions are not supported", "use `{python} …`")
                return m.group(0)
            doc.inlines.append(Inline(m.group(2), loc))
            return f"{INLINE_OPEN}{len(doc.inlines) - 1}{INLINE_CLOSE}"

        text = _INLINE.sub(inline, text)
        for m in _FIG_IMAGE.finditer(text):
            doc.labels.append(Label(m.group(1), "fig", loc))
        if not div and re.search(r"\{[^}]*#tbl-", text):
            self.fail(loc, "table labels in markdown are not supported",
                      "give the table a '#| label: tbl-…' in the cell that makes it")
        self.check_at(doc, _HEADING_ATTRIBUTES.sub(r"\1", _NOT_CITED.sub(" ", _CODE_SPAN.sub("", text))), loc)
        return text

    def check_div(self, doc: Document, attrs: str, loc: Loc) -> None:
        table = _TABLE_DIV.match(attrs)
        if table:  # a table's cross-reference div: numbered with the cells' tables (``_table_divs``)
            doc.labels.append(Label(table.group(1), "tbl", loc))
            return
        classes = re.findall(r"(?:^|\s|\{)\.([\w-]+)", attrs)
        if not attrs.startswith("{"):
            classes = attrs.split()[:1]
        for cls in classes:
            if cls.startswith("callout-") and cls[len("callout-"):] not in CALLOUTS:
                self.fail(loc, f"'.{cls}' is not a callout type the engine knows",
                          f"use one of: {', '.join('callout-' + c for c in sorted(CALLOUTS))}")
            elif _UNSUPPORTED_CLASS.match(cls):
                self.fail(loc, f"the '.{cls}' layout is not supported by the embedded engine",
                          "use plain markdown sections instead")
        if _UNSUPPORTED_ATTR.search(attrs):
            self.fail(loc, f"the div attributes '{attrs}' are not supported", "remove the layout/condition")
        if re.search(r"#tbl-", attrs):
            self.fail(loc, "a table's div may carry its label alone",
                      "write ::: {#tbl-…} on the line, with the table's cell and then its caption inside")
        elif re.search(r"#fig-", attrs):
            self.fail(loc, "figure labels on divs are not supported",
                      "label the cell ('#| label: fig-…') or the image ('![cap](x.png){#fig-…}')")

    def check_at(self, doc: Document, text: str, loc: Loc) -> None:
        if re.search(r"\[-?@", text) and not re.search(r"\[-?@(fig|tbl)-", text):
            self.fail(loc, "citations are not supported by the embedded engine", "write the reference out in full")
            return
        for m in _AT.finditer(text):
            key = m.group(1).rstrip(".:,;?")
            kind = key.split("-", 1)[0]
            if kind in ("fig", "tbl") and "-" in key:
                doc.refs.append((key, loc))
            elif kind in ("sec", "eq", "lst", "thm", "lem") and "-" in key:
                self.fail(loc, f"'@{key}' cross-references are not supported", "link to the heading with [text](#id)")
            else:
                self.fail(loc, f"'@{key}' would be read as a citation, which is not supported",
                          "write \\@ for a literal @")


_LABEL = re.compile(r"^#\|\s*label:\s*['\"]?([^'\"\s]+)")


def _unique_labels(parser: _Parser, lines: list[tuple[str, Loc]]) -> None:
    """Quarto refuses a page whose cells repeat a label (quarto-cli src/core/jupyter/labels.ts,
    ``cellLabelValidator``), and it runs the cells of hidden conditional blocks too: so every cell
    of the page counts, whichever edition's block it is in."""
    seen: dict[str, Loc] = {}
    cell_lines = [line for block in fences.blocks([text for text, _ in lines]) if block.info.startswith("{")
                  for line in lines[block.start + 1:block.end]]
    for text, loc in cell_lines:
        label = _LABEL.match(text)
        if label and label.group(1) in seen:
            parser.fail(loc, f"the cell label '{label.group(1)}' is already used at {seen[label.group(1)]} "
                        "(Quarto refuses a repeated label in a page, even in another edition's hidden block)",
                        "give this cell its own label (new-edition ends each edition's labels with its year)")
        elif label:
            seen[label.group(1)] = loc


_CHUNK = re.compile(r"^\{\s*([A-Za-z][\w-]*)\s*(.*)\}$")
RUNS = ("python", "python3")  # the chunks the engine runs


def _cells_as_quarto_finds_them(parser: _Parser, lines: list[tuple[str, Loc]]) -> None:
    """Quarto finds the cells its kernel runs by rules of its own (``fences.quarto_cells``),
    pandoc reads the fences by CommonMark's (``fences.blocks``), and the engine runs the cells
    pandoc would see. Where the two readings part, the page would not be the same under
    `quarto render`: the first place is refused, with the way to write it that both read alike."""
    texts = [text for text, _ in lines]
    code = fences.blocks(texts)
    quarto = dict(fences.quarto_cells(texts))
    pandoc = {block.start: block for block in code
              if (chunk := _CHUNK.match(block.info)) and chunk.group(1) in RUNS}
    for start in sorted(set(quarto) | set(pandoc)):
        block = pandoc.get(start)
        if block is not None and block.fence[0] == "~":
            problem = (f"Quarto does not run a cell opened with {block.fence}",
                       "open it with ```{python} and close it with ```")
        elif block is not None and start not in quarto:
            problem = (f"Quarto does not run a cell opened with {texts[start].strip()}",
                       "open it with ```{python}")
        elif texts[start][:1].isspace():
            problem = ("this cell's opening ``` is indented: Quarto would print its output indented too",
                       "start the line with the backticks")
        elif block is None:
            outer = next((b for b in code if b.start < start <= b.last(len(texts))), None)
            problem = ((f"Quarto runs this cell, though it is inside the code block opened at {lines[outer.start][1]} "
                        "(it runs every ```{python} line, in a code block or not)",
                        "take the cell out of that code block, or write ```python to show code that is not run")
                       if outer else
                       ("Quarto would run a cell here that the page does not show as one",
                        "open each cell with ```{python} and close it with ```, both at the start of a line"))
        elif block.end is None or block.end == quarto[start]:
            continue  # the same cell (or one not closed, which is refused as a code block not closed)
        elif texts[block.end].strip() == block.fence:
            start = block.end  # named at the closing line
            problem = (f"the cell's closing {block.fence} is indented: Quarto ends a cell only at a line of "
                       f"{block.fence} at the start of the line", "start the line with the backticks")
        else:
            start = block.end
            problem = (f"the cell is closed by {texts[block.end].strip()}, which Quarto does not take as the end "
                       f"of a cell opened with {block.fence}", f"close it with a line of {block.fence}")
        parser.fail(lines[start][1], *problem)
        return


def table_div_label(line: str) -> str | None:
    """The label of the table cross-reference div that ``line`` opens (``::: {#tbl-x}``, indented
    or not), as the engine reads it; None for any other line. new-edition renames by it too
    (data/edition_prose.py), so a div the engine numbers is never left with last year's label."""
    div = _DIV.match(line)
    table = _TABLE_DIV.match(div.group(1)) if div else None
    return table.group(1) if table else None


#: A table div's blocks as its messages name them (pandoc's block types).
_BLOCK_NAMES = {"BulletList": "a list", "OrderedList": "a numbered list", "BlockQuote": "a quote",
                "Table": "a table", "RawBlock": "raw HTML", "CodeBlock": "a code block", "Header": "a heading",
                "Div": "a div", "HorizontalRule": "a rule", "DefinitionList": "a definition list",
                "LineBlock": "a line block", "Figure": "a picture", "Plain": "text", "Para": "a paragraph"}
#: The class a table div's ``{python}`` cell is read with by ``_div_blocks`` (pandoc cannot read ``{python}``).
_CELL_CLASS = "luton2040-cell"


def _div_blocks(body: str) -> tuple[tuple[str, bool], ...]:
    """The div's blocks as pandoc reads them: (block type, whether it is a ``{python}`` cell, which
    stands for the table it prints)."""
    return tuple((kind, _CELL_CLASS in classes) for kind, classes in top_blocks(body))


def _table_divs(parser: _Parser, lines: list[tuple[str, Loc]]) -> None:
    """A table's cross-reference div (``::: {#tbl-x}``) is numbered and captioned as Quarto does
    it: its last paragraph is the caption when something comes before it (quarto-cli
    src/resources/filters/common/refs.lua, ``refCaptionFromDiv``, used by
    quarto-pre/parsefiguredivs.lua), which the engine's filters/crossref.lua then puts on the
    table, as a cell's ``tbl-cap`` is. Unlike ``tbl-cap``, that caption is markdown, so it can hold
    an inline expression: "The `{python} report.measure_count()` outcomes".
    The div must hold exactly one table (a ``{python}`` cell with no label of its own, or a pipe
    table) and then that paragraph, judged on pandoc's blocks: a div ending with a list, a quote or
    raw HTML, or holding its caption alone, is an uncaptioned "Table N" under Quarto; two tables
    share one caption; a labelled cell becomes a sub-table. Each is refused, with the way to write it."""
    texts = [text for text, _ in lines]
    code = fences.fenced(texts)
    for start, (text, loc) in enumerate(lines):
        label = None if code[start] else table_div_label(text)
        if label is None:
            continue
        depth, end = 1, None
        for i in range(start + 1, len(lines)):
            inner = None if code[i] else _DIV.match(texts[i])
            if inner is not None:
                depth += 1 if inner.group(1) else -1
                if depth == 0:
                    end = i
                    break
        if end is None:
            parser.fail(loc, "this table's div is never closed", "end it with a line ':::' after its caption")
            continue
        body = texts[start + 1:end]
        for block in fences.blocks(body):
            chunk = _CHUNK.match(block.info)
            if chunk and chunk.group(1) in RUNS:
                for i in block.span(len(body))[1:-1]:
                    own = _LABEL.match(body[i].strip())
                    if own:
                        parser.fail(lines[start + 1 + i][1], f"the cell in the table div {{#{label}}} has a label of "
                                    f"its own ({own.group(1)}): Quarto would make its table a sub-table of {label}",
                                    "remove the cell's '#| label:' line: the div gives the table its label and caption")
                body[block.start] = f"{block.fence} {{.{_CELL_CLASS}}}"
        blocks = _div_blocks("\n".join(body) + "\n")
        tables = [kind for kind, cell in blocks[:-1] if cell or kind == "Table"]
        write = "write the div as the table's cell (or a pipe table) and then its caption, a paragraph"
        if not blocks or blocks[-1][0] != "Para":
            last = "nothing" if not blocks else "the table's cell" if blocks[-1][1] else _BLOCK_NAMES.get(blocks[-1][0], blocks[-1][0])
            parser.fail(loc, f"the table div {{#{label}}} does not end with its caption (it ends with {last}): "
                        "Quarto would print the table with no caption", write)
        elif len(blocks) == 1:
            parser.fail(loc, f"the table div {{#{label}}} holds its caption alone: Quarto takes the last paragraph "
                        "as the caption only after the table, and would print the sentence as the table", write)
        elif len(tables) > 1:
            parser.fail(loc, f"the table div {{#{label}}} holds {len(tables)} tables: its one caption and number "
                        "cannot name each", "give each table a div of its own, with its own label and caption")
        elif len(blocks) > 2 or not tables:
            other = next(_BLOCK_NAMES.get(kind, kind) for kind, cell in blocks[:-1] if not (cell or kind == "Table"))
            parser.fail(loc, f"the table div {{#{label}}} holds {other} " + ("beside its table" if tables else
                        "and no table") + " before its caption", write + "; put other text before or after the div")


def _heading_ids_as_quarto_gives_them(parser: _Parser, lines: list[tuple[str, Loc]],
                                      shown: list[tuple[str, Loc]]) -> dict[str, Loc]:
    """Quarto names the headings of the whole page before it drops the blocks of other editions
    (luton2040/heading_ids.py), the engine after: a shown heading whose name is taken by a hidden
    one before it would be ``x-1`` under `quarto render` and ``x`` here. Refused, with the fix (an
    explicit id keeps it ``x`` under both). An explicit id that an earlier shown heading has
    (its own or pandoc's) is refused too: pandoc keeps both and only warns "Duplicate identifier"
    (pandoc src/Text/Pandoc/Parsing/General.hs, ``registerHeader``: only headings are registered,
    so a div's or a span's id is never compared). Returns the shown headings' ids, each with
    where its heading is."""
    visible = {id(loc) for _, loc in shown}
    quarto_used: set[str] = set()
    engine_used: set[str] = set()
    named_at: dict[str, Loc] = {}  # a shown heading's id → where that heading is
    texts = [text for text, _ in lines]
    close = yamlmarks.front_matter_end(texts)  # (a page whose front matter is not closed is refused)
    start = 0 if close is None else close + 1
    for (text, loc), code in zip(lines[start:], fences.fenced(texts[start:])):
        if code:
            continue
        found = heading_ids.heading(text)
        if found is None:
            continue
        level, title, explicit = found
        is_shown = id(loc) in visible
        if explicit:
            quarto_used.add(explicit)
            # (the same line twice is one file included twice: the include is the problem, refused as such)
            if is_shown and explicit in named_at and named_at[explicit] != loc:
                # pandoc keeps both and only warns: a link to #id would find the first
                other = heading_ids.deduplicated(explicit, set(engine_used))
                parser.fail(loc, f"the heading id '{explicit}' is already the id of the heading at "
                            f"{named_at[explicit]}", f"give this heading its own id: {'#' * level} {title} {{#{other}}}")
            elif is_shown:
                engine_used.add(explicit)
                named_at[explicit] = loc
            continue
        base = heading_ids.auto_identifier(title)
        as_quarto = heading_ids.deduplicated(base, quarto_used)
        if is_shown:
            here = heading_ids.deduplicated(base, engine_used)
            named_at[here] = loc
            if here != as_quarto:
                parser.fail(loc, f"the heading '{title}' is named '{as_quarto}' by quarto render but "
                            f"'{here}' by the engine (another edition's block has a heading named '{base}' "
                            "before it)", f"give it an explicit id: {'#' * level} {title} {{#{here}}}")
    return named_at


def markdown_lines(lines: list[str]) -> list[bool]:
    """For each line, whether pandoc reads it as markdown: not in a fenced code block or an HTML
    comment (which goes on until a line holds its ``-->``), and not indented as code."""
    read, in_comment = [], False
    for text, code in zip(lines, fences.fenced(lines)):
        opens_comment = not in_comment and not code and text.lstrip().startswith("<!--")
        commented = in_comment or opens_comment
        if commented:
            in_comment = "-->" not in (text.lstrip()[4:] if opens_comment else text)
        read.append(not (code or commented or _INDENTED_CODE.match(text)))
    return read


def div_problems(rel: str, lines: list[str]) -> list[Problem]:
    """Each ::: div the file `rel` (its `lines`) opens, it closes. Pandoc closes a div at the first :::
    line after it, wherever that is: a div left open in a chapter's words takes in all that follows
    (the measures table, the partners' texts), and a stray ::: in an included file closes the page's
    edition block around it, so the rest shows in every edition; Quarto reads them so too. (Pandoc
    reads an HTML comment and a line indented as code as they are, not as a div's fence.)"""
    problems: list[Problem] = []
    opened: list[tuple[int, str]] = []
    for number, (text, words) in enumerate(zip(lines, markdown_lines(lines)), 1):
        div = _DIV.match(text) if words else None
        if div is None:
            continue
        if div.group(1):
            opened.append((number, div.group(1)))
        elif opened:
            opened.pop()
        else:
            problems.append(_problem(Loc(rel, number), "this ::: line closes no div opened in this file (in a "
                                     "chapter's words it would close the page's edition block, showing what follows "
                                     "in every edition)", "remove it, or add the ::: {…} line it was meant to close "
                                     "above it"))
    for number, attrs in opened:
        if _TABLE_DIV.match(attrs):
            continue  # a table's div has its own message (``_table_divs``)
        problems.append(_problem(Loc(rel, number), f"the div opened here (::: {attrs}) is never closed in this file, "
                                 "so it would take in everything after it", "add a line ::: where the div should end"))
    return problems


def level_one_problems(rel: str, lines: list[str]) -> list[Problem]:
    """The level-1 headings in the words of the file `rel` (its `lines`), part of a page with a title:
    the title is a page's one level-1 heading, and another would show as large as the title (a screen
    reader's list of headings would give the page two titles). A page without a title may open with
    one: Quarto takes it as the title. Front matter is not words."""
    end = yamlmarks.front_matter_end(lines)
    start = 0 if end is None else end + 1
    problems = []
    for number, (text, words) in enumerate(zip(lines[start:], markdown_lines(lines[start:])), start + 1):
        found = heading_ids.heading(text) if words else None
        if found is not None and found[0] == 1:
            problems.append(_problem(Loc(rel, number), f"'{text.strip()}' is a level-1 heading, but the page's title "
                                     "is its only one: it would show as large as the title",
                                     f"make it a section heading with two #: ## {found[1]}"))
    return problems


#: pages read in this process: (path, root, profiles) → (every file it read, the Document)
_READ: dict[tuple[str, str, tuple[str, ...]], tuple[list[tuple[Path, Path, str]], Document]] = {}
_READ_LOCK = threading.Lock()


def _unchanged(texts: list[tuple[Path, Path, str]]) -> bool:
    """Every file a page was made from still names the same file and holds the same text."""
    for named, resolved, text in texts:
        try:
            if named.resolve() != resolved or resolved.read_text(encoding="utf-8") != text:
                return False
        except (OSError, UnicodeDecodeError, RuntimeError):
            return False
    return True


def code_digest(doc: Document) -> str:
    """A digest of what the document's code is: its front matter (which may set ``execute``
    options), each cell's code with its ``#|`` options and each inline expression, in the order
    they run (an expression moved past a cell may show another value).
    The prose between them is left out: Quarto hands the kernel the code alone (each cell's
    outputs, and each inline expression's value, are spliced into the markdown after it ran), so
    editing a sentence, or a partner text that a chapter includes, needs no code run again."""
    parts = [json.dumps(doc.meta, sort_keys=True, default=str)]
    for block in doc.blocks:  # in order: an inline expression sees the cells before it
        if isinstance(block, Cell):
            parts.append(f"cell {block.number}\0{block.code}")
        else:
            parts += [f"inline\0{doc.inlines[int(n)].code}" for n in _PLACED.findall(block.text)]
    return hashlib.sha256("\0\0".join(parts).encode()).hexdigest()


def read(path: Path, root: Path, profiles: tuple[str, ...] | list[str] = ()) -> Document:
    """Parse one source file as it is under the active Quarto ``profiles``; raise InputError
    listing every problem found in it.

    A page whose file and included files hold the text they held when this process last read it
    is not parsed again (``serve`` reads every page on each save): the caller gets a copy of that
    Document. A page with problems is read again each time, so its problems are always reported."""
    key = (str(path), str(root), tuple(profiles))
    with _READ_LOCK:
        kept = _READ.get(key)
    if kept is not None and _unchanged(kept[0]):
        return copy.deepcopy(kept[1])
    doc, texts = _read(path, root, profiles)
    with _READ_LOCK:
        if len(_READ) > 8192:
            _READ.clear()
        _READ[key] = (texts, doc)
    return copy.deepcopy(doc)


def read_all(pages: list[str], root: Path, profiles: tuple[str, ...] | list[str] = ()) -> list[Document]:
    """``read`` each of ``pages`` (project-relative); raise one InputError listing every problem
    of every page."""
    docs, problems = [], []
    for page in pages:
        try:
            docs.append(read(root / page, root, profiles))
        except InputError as exc:
            problems += exc.problems
    if problems:
        raise InputError(problems)
    return docs


def _document(parser: _Parser, path: Path, root: Path, shown: list[tuple[str, Loc]]) -> Document:
    """The page's shown lines as a Document: front matter, prose and cells, labels in page order."""
    meta, start = parser.front_matter(shown)
    doc = Document(_rel(path, root), meta)
    parser.body(doc, shown[start:])
    for cell in doc.cells:
        kind = cell.label.split("-", 1)[0]
        if kind in ("fig", "tbl") and "-" in cell.label:
            doc.labels.append(Label(cell.label, kind, cell.loc))
    order = {loc: i for i, (_, loc) in enumerate(shown)}
    doc.labels.sort(key=lambda label: order.get(label.loc, 0))
    doc.included = parser.included
    return doc


@dataclass
class Outline:
    """A page as ``outline`` reads it: its shown lines (each with where it is typed), its Document
    (labels, references, cells), its headings' ids with where each heading is, and the problems of
    those ids."""

    lines: list[tuple[str, Loc]]
    doc: Document
    heading_ids: dict[str, Loc]
    id_problems: list[Problem]


def outline(path: Path, root: Path, profiles: tuple[str, ...] | list[str] = (),
            replaced: dict[Path, str] | None = None) -> Outline:
    """Read a page as ``read`` does, for a check before rendering, without refusing what only the
    engine cannot render: only the problems of its headings' ids are kept (``id_problems``).
    ``replaced``: files to read as the given texts (what the pre-render step will write there).
    Raises OSError or UnicodeDecodeError when the page itself cannot be read."""
    parser = _Parser(root, replaced)
    lines = parser.expand(path, (path.resolve(),))
    shown = conditions.visible(lines, tuple(profiles), lambda loc, why: None)
    ids = _Parser(root)
    named = _heading_ids_as_quarto_gives_them(ids, lines, shown)
    return Outline(shown, _document(parser, path, root, shown), named, ids.problems)


def _read(path: Path, root: Path, profiles: tuple[str, ...] | list[str]) -> tuple[Document, list[tuple[Path, Path, str]]]:
    parser = _Parser(root)
    lines = parser.expand(path, (path.resolve(),))
    _cells_as_quarto_finds_them(parser, lines)
    _unique_labels(parser, lines)
    shown = conditions.visible(lines, tuple(profiles),
                               lambda loc, why: parser.fail(loc, why, conditions.FIX))
    _heading_ids_as_quarto_gives_them(parser, lines, shown)
    _table_divs(parser, shown)
    doc = _document(parser, path, root, shown)
    doc.code_digest = code_digest(doc)
    if parser.problems:
        raise InputError(parser.problems)
    return doc, parser.texts
