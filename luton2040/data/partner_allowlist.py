"""The allow-list walk over a partner text's pandoc tree (``Checker``): which nodes, links and
images may appear, and on which source line each refused one is."""
from __future__ import annotations

import bisect
import difflib
import posixpath
import re
from pathlib import Path
from urllib.parse import parse_qsl, unquote, urlsplit

from luton2040 import fences, picture_blocks
from luton2040.errors import Problem
from luton2040.escape import SAFE_URL
from luton2040.heading_ids import PAGE_FRAME_IDS, auto_identifier, deduplicated
from luton2040.link_targets import address_fault, words_fault

MAX_IMAGE_BYTES = 2 * 1024 * 1024
IMAGE_TYPES = (".png", ".jpg", ".jpeg", ".gif", ".webp")
LINK_SCHEMES = ("https://", "mailto:", "tel:")
#: A phone number as a tel: link's address: digits, an optional leading +, and the spaces, dots,
#: dashes and brackets people write between them (pandoc writes a space as %20)
_PHONE = re.compile(r"\+?[0-9][0-9 ().-]*[0-9]")
_QUOTE_MARKS = re.compile(r"^(?:\s*>)*\s*")  # the > marks (and spaces) that open a line in a block quote


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
    "Cite": ("an @name is read as a citation, which is not supported",
             "write the source as a link; for a handle or an address, write \\@name"),
}


class Checker:
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
        self.heading_ids: set[str] = set(PAGE_FRAME_IDS)  # (the page's frame has these)
        self.in_link = 0  # inside a link's words or an image's alt text: no address there becomes a link

    # -- lines ---------------------------------------------------------------------------------
    def _line_at(self, position: int) -> int:
        return bisect.bisect_right(self.line_starts, position) + self.offset

    def _fenced(self, first: str) -> bool:
        """Whether the code block whose first line of code is ``first`` is fenced (``` or ~~~ on the
        line above it, after any block quote's ``>``), not indented."""
        position = self._find([first], self.block_start)
        if position is None:
            return True
        line_start = self.source.rfind("\n", 0, position) + 1
        above = self.source[self.source.rfind("\n", 0, max(line_start - 1, 0)) + 1:max(line_start - 1, 0)]
        return _QUOTE_MARKS.sub("", above).startswith(("```", "~~~"))  # (a fence may sit in a block quote)

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
            self.pasted_bullets(c)
            return {"t": kind, "c": self.inlines(c)}
        if kind == "Header":
            level, attr, inlines = c
            if level <= 2:
                self.problem(_words(block)[:1], f"level {level} headings are not allowed (the chapter owns them)",
                             "start the heading with ### (or leave it out)")
            self.attr(attr)
            kept = self.inlines(inlines)
            return {"t": "Header", "c": [min(level + 1, 6), [self.heading_id(kept), [], []], kept]}
        if kind == "BulletList":
            self.task_items(c)
            return {"t": kind, "c": [self.blocks(item) for item in c]}
        if kind == "OrderedList":
            (start, style, delim), items = c
            if style["t"] == "Example":
                self.problem(["(@"], "example lists ((@) items) are not supported", "number the list 1. 2. 3.")
            self.task_items(items)  # ("1. [x] done" is a checkbox too)
            return {"t": kind, "c": [[start, style, delim], [self.blocks(item) for item in items]]}
        if kind == "BlockQuote":
            return {"t": kind, "c": self.blocks(c)}
        if kind == "CodeBlock":
            self.attr(c[0], ["```{", "~~~{", "``` {", "~~~ {"])
            self.code(c[1])
            first = next((line.strip() for line in c[1].splitlines() if line.strip()), "")
            if first and not self._fenced(first):
                # a paragraph pasted with an indent (a tab, or Word's first-line indent) is code to markdown
                self.problem([first], "a line indented by a tab or four spaces is shown as computer code, in a "
                             "typewriter font", "remove the tab or spaces at the start of the "
                             "line; for code on purpose, put a line ``` above it and another below it")
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

    def task_items(self, items: list) -> None:
        """``- [ ] to do`` and ``- [x] done`` are read as checkbox items: the site shows a form's
        checkbox that the page's sanitiser strips and the PDF's fonts cannot draw, so whether an item
        is done would be lost in both. Refused at the first such item."""
        for item in items:
            first = item[0] if item and item[0]["t"] in ("Plain", "Para") and item[0]["c"] else None
            box = first["c"][0] if first else {}
            if box.get("t") == "Str" and box["c"] in _TASK_BOXES:
                self.problem(["[ ]", "[x]", "[X]"] + _words(first)[:1],
                             "a list item starting with [ ] or [x] is read as a checkbox, which is not supported",
                             "write the list without the brackets, saying in words what is done")
                return

    def wrapped(self, url: str, *near: str) -> None:
        """A link copied from an email whose security service rewrote it (Outlook's safe links,
        Proofpoint, Google's redirect) sends readers through that service and carries the
        recipient's details in the address: refused, with the real address to paste."""
        host = urlsplit(url).hostname or ""
        if host.endswith(_WRAPPING_HOSTS) or (host.endswith("google.com") and urlsplit(url).path == "/url"):
            real = next((value for name, value in parse_qsl(urlsplit(url).query) if name in ("url", "q", "u")), "")
            self.problem([url, *near], f"link to '{_snippet(url)}' goes through an email security service "
                         f"({host}), not to the page itself",
                         "paste the page's own address" + (f": {_snippet(real, 200)}" if real.startswith("https://")
                                                           else " (open the link and copy the address it reaches)"))

    def pasted_bullets(self, inlines: list) -> None:
        """A list pasted from Word keeps its bullet characters (•) but is not a markdown list: its items
        would run together into one paragraph ("• First • Second"), so the first such line is refused."""
        starts = [0] + [n + 1 for n, node in enumerate(inlines) if node["t"] in ("SoftBreak", "LineBreak")]
        for n in starts:
            node = inlines[n] if n < len(inlines) else {}
            if node.get("t") == "Str" and node["c"][:1] in PASTED_BULLETS:
                self.problem([node["c"]], "a line starting with a bullet (•) is not a list item in markdown: the lines "
                             "would run together into one paragraph",
                             "start each item on its own line with - and a space (a hyphen, not a bullet)")
                return

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

    def heading_id(self, inlines: list) -> str:
        """An explicit id for a heading of the text: the file's name, then the heading's own (pandoc's
        rule), unique in the file. Every partner file of a priority has its own name, so the ids are
        unique on the chapter's page whatever the partners write, and a heading repeated in another
        edition's file keeps its own address under Quarto too, which names the hidden edition's
        headings first (heading_ids.py). Nor is an id the page's frame carries taken: '### Content' in
        quarto.md is quarto-content-1, not a second quarto-content, whose styles and scripts are the
        frame's (heading_ids.PAGE_FRAME_IDS)."""
        return deduplicated(f"{Path(self.rel).stem}-{auto_identifier(_plain(inlines))}", self.heading_ids)

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
                self.problem([first], f"raw HTML is not allowed ({_snippet(text)})", _html_fix(text))
        elif fmt in ("tex", "latex") and not fenced and not (not block and before.endswith("`")):
            # pandoc's raw_tex: a backslash before letters (C:\Users, \o/) is a LaTeX command, not text
            line = self._line_at(self.block_start if position is None else position)
            if not any(p.line == line and p.message.startswith("a backslash") for p in self.problems):
                self.problem([first], f"a backslash before letters ({_snippet(first)}) is read as a LaTeX command, "
                             "which is not allowed", "to show a backslash, write it twice (\\\\); a folder path "
                             "can be written with / instead")
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
        for at, inline in enumerate(inlines):
            kept = self.inline(inline)
            # (an address a formatting mark splits, https://x.org/a*b*, is not linked cut short)
            ends_word = at + 1 == len(inlines) or inlines[at + 1]["t"] in _WORD_ENDS
            if kept is not None and kept["t"] == "Str" and not self.in_link and ends_word:
                made = _bare_address_links(kept["c"])
                for link in (node for node in made if node["t"] == "Link"):
                    self.wrapped(link["c"][2][0], kept["c"])
                out += made
            elif kept is not None:
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
            if url.lower().startswith("tel:") and not _PHONE.fullmatch(unquote(url[4:])):
                self.problem([url[4:], url] + _words(inline)[:1], f"link to '{_snippet(unquote(url))}' is not a phone "
                             "number", "write tel: and the number in digits, such as [call us](tel:+441582000000)")
            elif not url.lower().startswith(LINK_SCHEMES) or _UNSAFE_URL.search(url):
                fix = "use the https:// address" if url.lower().startswith("http://") else \
                    "links must be full web addresses (https://…), mailto: addresses or tel: phone numbers"
                if url.startswith("//") or url.lower().startswith("www."):  # another site, without https://
                    fix = f"write the address in full: https://{_snippet(url.removeprefix('//'), 200)}"
                elif not re.match(r"[A-Za-z][A-Za-z0-9+.-]*:", url):  # a page of the site, or a place on one
                    fix += ("; to link a page of this report, write its address on the published site in full "
                            "(https://…/chapters/net-zero.html)")
                self.problem([url] + _words(inline)[:1], f"link to '{_snippet(url)}' is not allowed", fix)
            elif (fault := address_fault(url) or words_fault(_plain(text), url)) is not None:
                self.problem([url] + _words(inline)[:1], *fault)
            else:
                self.wrapped(url, *_words(inline)[:1])
            self.in_link += 1
            try:
                return {"t": kind, "c": [attr, self.inlines(text), [url, title]]}
            finally:
                self.in_link -= 1
        if kind == "Image":
            attr, alt, (src, title) = c
            self.attr(attr, [src + ")", src])
            self.image(src, alt)
            # /figures/… is the project's figures/ folder, as Quarto reads a path starting with /; the
            # chapter gets figures/…, which contribution_markdown makes relative to its page
            kept = src[1:] if src.startswith("/figures/") else src
            self.in_link += 1
            try:
                return {"t": kind, "c": [attr, self.inlines(alt), [kept, title]]}
            finally:
                self.in_link -= 1
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

    def written(self, markdown: str) -> None:
        """The clean text, as the chapter gets it, is read as text by both renderers before pandoc
        reads it. Quarto runs every ```{python} line as a cell, indented or inside another code block
        (quarto-cli src/core/lib/break-quarto-md.ts, startCodeCellRegEx), and takes the engine of
        the page from it; Quarto (src/core/execute-inline.ts) and the build (engine/source.py,
        _INLINE) run every `{python} …` between backticks, in a code block or after a backslash too;
        Quarto expands {{< … >}} wherever it stands, a link's title included. Pandoc writes a code
        block indented and a backslash before a backtick, so a tree that passed could still run
        code: such text is refused here, at the line that typed it. Only called on a text with no
        other error."""
        lines = markdown.split("\n")
        cells = fences.cell_openings(lines)
        after = {"cell": 0, "inline": 0}  # each match is looked for after the one before it, in the text as typed

        def line(kind: str, needles: list[str]) -> int:
            position = self._find(needles, after[kind])
            if position is None:
                return self._line_at(0)
            after[kind] = position + 1
            return self._line_at(position)

        for index in cells:
            opening = lines[index].strip()
            self.problem([], f"a line {opening} would be run as code by Quarto, even inside a code block",
                         "write the language without braces (```python) to show code: code in a partner text "
                         "never runs", line=line("cell", [opening.lstrip("`~ \t"), "{"]))
        for m in _WRITTEN_INLINE.finditer(markdown):
            if markdown.count("\n", 0, m.start()) in cells:
                continue  # (a cell's opening line, said above)
            self.problem([], f"`{m.group(1)} …` between backticks would be run as code by Quarto and the build, "
                         "even in a code block or after a backslash", "write it as plain text, without the "
                         "braces: code in a partner text never runs", line=line("inline", [m.group(1), "`{"]))
        if "{{<" in markdown:
            self.problem(["{{<", "{{"], "{{ followed by < is read as a shortcode ({{< … >}}), which is not "
                         "allowed in a partner text", "remove it, or put a space between {{ and <", start=0)
        for m in _WRITTEN_ENGINE_MARKUP.finditer(markdown):
            # plain text to pandoc (so Quarto), but the build reads the chapter's lines for a table's
            # label and a condition, and would refuse the chapter naming its generated file
            self.problem([], f"braces holding {m.group(1)} are read as a table's label or a condition by the "
                         "build", "leave the braces out: the build would refuse the chapter",
                         line=self._line_at(self._find([m.group(1)], 0) or 0))

    def typed(self, src: str) -> str:
        """An image's path as the partner typed it: pandoc's tree writes a space in it as %20."""
        plain = unquote(src)
        return plain if plain != src and plain in self.source else src

    def image(self, src: str, alt: list) -> None:
        needles = [self.typed(src), src]
        src_typed = needles[0]
        normal = posixpath.normpath(src[1:] if src.startswith("/figures/") else src) if src else ""
        if not normal.startswith("figures/") or "://" in src or src.startswith("//") or _UNSAFE_URL.search(src):
            self.problem(needles, f"image '{_snippet(src_typed)}' is not under figures/",
                         "put the image in the project's figures/ folder and write its path as figures/…")
            return
        if not normal.lower().endswith(IMAGE_TYPES):
            self.problem(needles, f"image '{src_typed}' is not a png, jpg, gif or webp file", "save it as .png or .jpg")
            return
        path = self.root / normal
        inside = [path, *path.parents][:len(Path(normal).parts)]  # figures/…/picture, not the folders above
        linked = next((part for part in inside if part.is_symlink()), None)
        if linked is not None:
            # the build would publish a picture from wherever the link points (outside the project too)
            self.problem(needles, f"image '{src_typed}' is reached through a link to another place "
                         f"({linked.relative_to(self.root).as_posix()} is a link), so it is not published",
                         "copy the picture itself into figures/partners/ and write its path")
        elif not path.is_file():
            self.problem(needles, *_missing_image(self.root, src_typed, normal))
        elif path.stat().st_size > MAX_IMAGE_BYTES:
            size = path.stat().st_size / 1024 / 1024
            self.problem(needles, f"image '{src_typed}' is {size:.1f} MB, more than the 2 MB allowed",
                         "make it smaller (about 1600 pixels wide is plenty)")
        elif not _is_picture(path):
            self.problem(needles, f"image '{src_typed}' is not really a png, jpg, gif or webp picture: the file holds "
                         + ("an iPhone HEIC photo" if _is_heic(path) else "something else"),
                         "open it in an image editor and export it as .jpg or .png")
        elif (fault := picture_fault(path)) is not None:
            self.problem(needles, f"image '{src_typed}' {fault[0]}", fault[1])
        if not _words({"c": alt}):
            # an error, not a warning: the tagged PDF refuses a picture without one (and a screen reader
            # has nothing to say for it)
            self.problem(needles, f"image '{src_typed}' has no alt text, which the PDF needs (a screen reader reads it "
                         "out)", "describe the picture between the brackets: ![what it shows](…)")


#: The markdown for the tags an email or a web page's text brings along, by tag name.
_TAG_FIXES = {
    "br": "for a new line, write a backslash (\\) at the end of the line instead; for a new paragraph, leave a blank line",
    "p": "remove the <p> and </p> tags and leave a blank line between paragraphs",
    "b": "write **bold** instead", "strong": "write **bold** instead",
    "i": "write *italic* instead", "em": "write *italic* instead",
    "a": "write [the words](https://…) instead",
    "ul": "start each item on its own line with - and a space", "li": "start each item on its own line with - and a space",
    "ol": "start each item on its own line with 1. and a space",
    "img": "write ![what it shows](figures/…) instead",
    **{f"h{n}": "start the heading with ### instead" for n in range(1, 7)},
    "span": "remove the tags and keep the words", "font": "remove the tags and keep the words",
    "div": "remove the tags and keep the words", "u": "remove the tags, or write **bold** instead",
}
_TAG = re.compile(r"<\s*/?\s*([A-Za-z][A-Za-z0-9]*)")


def _html_fix(text: str) -> str:
    """What to write instead of the raw HTML ``text``: by its first tag's name, else plain markdown."""
    tag = _TAG.match(text.strip())
    return _TAG_FIXES.get(tag.group(1).lower(), _PLAIN_FIX) if tag else _PLAIN_FIX


#: A web address typed or pasted into the words (pandoc's reader, like Quarto's, links only <https://…>)
#: runs from https:// to the end of the word, less the punctuation after it that ends the sentence.
#: (Found with str.find, not one regular expression: a word of many https:// made that quadratic.)
_ADDRESS_START = "https://"
_ADDRESS_END = ".,;:!?)]'\"\u2019\u201d"
_NON_SPACE = re.compile(r"\S+")


def _bare_address_links(text: str) -> list[dict]:
    """A Str holding a pasted https:// address as the Str before it, a link to it (pandoc's autolink,
    written back as <https://…>) and the Str after it; any other Str as it is. An address email and
    word processors show as a link is shown as one on the site and in the PDF, under Quarto too."""
    at = text.find(_ADDRESS_START)
    word = _NON_SPACE.match(text, at + len(_ADDRESS_START)) if at >= 0 else None
    if word is None or word.end() != len(text):  # (no address, or a space inside the Str after it)
        return [{"t": "Str", "c": text}]
    address = text[at:].rstrip(_ADDRESS_END)
    before, after = text[:at], text[at + len(address):]
    if not SAFE_URL.match(address):
        return [{"t": "Str", "c": text}]
    link = {"t": "Link", "c": [["", ["uri"], []], [{"t": "Str", "c": address}], [address, ""]]}
    return [{"t": "Str", "c": before}] * bool(before) + [link] + [{"t": "Str", "c": after}] * bool(after)


#: What may follow a word in pandoc's tree: a pasted address ends there (else it goes on, formatted).
_WORD_ENDS = ("Space", "SoftBreak", "LineBreak")
#: Hosts of the services that rewrite the links in an email (Outlook, Proofpoint, Mimecast).
_WRAPPING_HOSTS = ("safelinks.protection.outlook.com", "urldefense.com", "urldefense.proofpoint.com",
                   "protect-eu.mimecast.com", "protect-us.mimecast.com")
#: What pandoc's reader makes of the "[ ]" and "[x]" starting a list item (its task_lists extension).
_TASK_BOXES = ("\u2610", "\u2612")
#: Bullets a word processor or web page leaves in pasted text (\uf0b7 is Word's Symbol-font bullet).
PASTED_BULLETS = set("•◦▪‣●○■□\uf0b7")
#: `{python} …` between backticks, which both renderers run wherever it stands (Quarto's
#: (^|[^`])`{python}[ \t]…` in src/core/execute-inline.ts, the engine's `\{(\w+)\}\s+…`), for any
#: language (``Checker.written``; a line opening a cell is ``fences.cell_openings``').
_WRITTEN_INLINE = re.compile(r"`(\{[^{}`\s]*\})\s")
#: What the build reads as a table's label or a condition anywhere in a line of the chapter
#: (engine/source.py: `\{[^}]*#tbl-` and _CONDITIONAL), where pandoc reads plain text.
_WRITTEN_ENGINE_MARKUP = re.compile(r"\{[^}]*?(#tbl-|\.content-(?:visible|hidden)\b)")
_UNSAFE_URL = re.compile(r"[\s\x00-\x1f\x7f\"'<>\\`{}]")
#: The first bytes of each picture type a browser and the PDF printer both show.
_PICTURE_STARTS = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"GIF87a", b"GIF89a")


def _is_picture(path: Path) -> bool:
    """Whether the file's contents are a png, jpg, gif or webp picture (a renamed document or an
    iPhone HEIC photo called .jpg is not: the PDF printer fails on it with no line to fix)."""
    with path.open("rb") as f:
        head = f.read(12)
    return head.startswith(_PICTURE_STARTS) or (head[:4] == b"RIFF" and head[8:12] == b"WEBP")


def picture_fault(path: Path) -> tuple[str, str] | None:
    """(what is wrong, what to do) when the picture cannot be read whole — a file cut short while it
    was copied or sent, damaged, or of so many pixels that reading it is refused — else None. The
    pre-render step reads it whole to make the site's copy (site/partner_photos.py), and the PDF
    printer reads that copy."""
    from PIL import Image, ImageFile

    # WeasyPrint, once imported, has Pillow fill a picture cut short with grey (weasyprint/images.py
    # sets ImageFile.LOAD_TRUNCATED_IMAGES): read this one strictly, whatever this process imported.
    lenient, ImageFile.LOAD_TRUNCATED_IMAGES = ImageFile.LOAD_TRUNCATED_IMAGES, False
    try:
        with Image.open(path) as picture:
            if picture.width * picture.height > Image.MAX_IMAGE_PIXELS:
                raise Image.DecompressionBombError
            if picture.format == "JPEG":  # every byte is still read, at an eighth of the size: quicker
                picture.draft(picture.mode, (max(1, picture.width // 8), max(1, picture.height // 8)))
            picture.load()
            if picture.format in ("GIF", "WEBP"):  # its copy is made block by block: the blocks must be whole
                picture_blocks.without_metadata(path.read_bytes())
    except Image.DecompressionBombError:
        return ("has too many pixels to be published (more than 89 million)",
                "make it smaller (about 1600 pixels wide is plenty)")
    except Exception:  # (Pillow's errors for a bad file are OSError, SyntaxError, ValueError, EOFError…)
        return ("cannot be read as a picture: the file is damaged or cut short",
                "open the original in an image editor and export it again as .jpg or .png")
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = lenient
    return None


def _is_heic(path: Path) -> bool:
    with path.open("rb") as f:
        return f.read(12)[4:8] == b"ftyp"


def _missing_image(root: Path, src: str, normal: str) -> tuple[str, str]:
    """(message, fix) for an image path that names no file: a file name with spaces (pandoc writes
    them as %20) or the right name in other capitals is named, else the closest name in its folder."""
    written = unquote(normal)
    folder, name = posixpath.split(written)
    if written != normal and (root / written).is_file():
        stem, ext = posixpath.splitext(name)
        simple = re.sub(r"[^A-Za-z0-9_-]+", "-", stem).strip("-") + ext
        return (f"image '{unquote(src)}' has spaces or other special characters in its file name",
                f"rename the file to {simple} and write {posixpath.join(folder, simple)}")
    there = root / folder
    names = sorted(p.name for p in there.iterdir() if p.is_file()) if there.is_dir() else []
    same = [n for n in names if n.casefold() == name.casefold()]
    if same:
        return (f"image '{src}' does not exist: the file is called {same[0]}",
                f"write {posixpath.join(folder, same[0])}, capitals exactly as in the file name")
    # The file to add, as the partner would name it: never pandoc's %20, and never a name with spaces,
    # which the next check would refuse ("clearhead team.jpg" → "clearhead-team.jpg").
    stem, ext = posixpath.splitext(name)
    simple = re.sub(r"[^A-Za-z0-9_-]+", "-", stem).strip("-") + ext
    add = (f"add the file {posixpath.join(folder, name)}" if simple == name else
           f"save the picture as {posixpath.join(folder, simple)}, a name without spaces, and write that path")
    near = difflib.get_close_matches(name, names, n=1, cutoff=0.6)
    if near:
        return f"image '{src}' does not exist", f"correct the path to {posixpath.join(folder, near[0])}, or {add}"
    return f"image '{src}' does not exist", (f"{add} or correct the path" if simple == name else f"correct the path, or {add}")
_WORD = re.compile(r"[^\W_]+")


def _nodes(value, skip: tuple[str, ...] = ()):
    """Every node of a pandoc tree (or part of one), in document order, none under a node of a
    kind in ``skip`` (nor that node)."""
    if isinstance(value, dict):
        if value.get("t") in skip:
            return
        yield value
        yield from _nodes(value.get("c"), skip)
    elif isinstance(value, list):
        for item in value:
            yield from _nodes(item, skip)


def _plain(inlines: list) -> str:
    """The text of pandoc inlines, formatting and footnotes dropped (what pandoc names a heading from)."""
    texts = {"Str": lambda c: c, "Code": lambda c: c[-1], "Math": lambda c: c[-1], "RawInline": lambda c: c[-1],
             "Space": lambda c: " ", "SoftBreak": lambda c: " ", "LineBreak": lambda c: " "}
    return "".join(texts[n["t"]](n.get("c")) for n in _nodes(inlines, skip=("Note",)) if n.get("t") in texts)


def _words(node) -> list[str]:
    """The first runs of letters/digits of every Str under ``node``, in order (search keys for its line)."""
    return [m.group() for n in _nodes(node) if n.get("t") == "Str" and (m := _WORD.search(n["c"]))]


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


def _snippet(text: str, limit: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1] + "…"
