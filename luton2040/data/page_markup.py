"""The pages' own words (``chapters/_prose/…``, the appendix, the home page) carry no script, frame,
form, local, script or misleading address, nor a picture from another site or at a path starting
with /: each is refused at its file and line by the check, which `quarto render`'s pre-render step
runs too.

The engine's page audit (``engine/page_safety.py``) refuses the same markup only once the pages are
written, naming a line of the HTML, and `quarto render` has no such audit: a ``<script>``, an
``<iframe>``, a ``[link](javascript:…)`` or a ``<form>`` pasted into a chapter was published by
Quarto while the engine refused it. A picture from another web address tells that site who reads
the page (and the PDF step refuses it after Quarto has written the site). The chapters' words are
written by the report's team, not by an attacker: this check is for what a paste from a web page
or an email brings, and the audit stays behind it. Partner texts have their own, stricter check
(``partner_allowlist``).

A link that opens a place its words do not show (a user name before an ``@``, an email link that
adds recipients or words, words that are another address) is refused by the rule partner texts
have (``luton2040.link_targets``); a picture shown by a reference (``![van][ref]``) is judged by its
definition's address (``[ref]: https://…``).

Only the words are read: a code block, a ```{python} cell, inline code and HTML comments show no
markup (pandoc prints code as text), so they are blanked first, line numbers kept.
"""
from __future__ import annotations

import re
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

from luton2040 import comments, fences
from luton2040.engine.page_safety import BAD_URL, BANNED_TAGS, URL_ATTRIBUTES, as_browsers_read
from luton2040.errors import Problem
from luton2040.link_targets import address_fault, words_fault

_CODE_SPAN = re.compile(r"(`+)(?!`).*?(?<!`)\1(?!`)", re.S)
#: A markdown link's or picture's words and address: [words](…), [words](<…>)
#: (The words may run onto the next lines, as long as no blank line ends the paragraph.)
_ADDRESS = re.compile(r"(!?)\[((?:[^\[\]\n]|\n(?![ \t]*\n)|\[[^\[\]\n]*\])*)\]\(\s*<?([^)\s>]*)")
#: A reference definition, [name]: address
_DEFINITION = re.compile(r"^ {0,3}\[([^\]]+)\]:\s*<?(\S*?)>?(?:\s|$)", re.M)
#: A picture shown by reference: ![words][name], ![name][] or ![name]
_PICTURE_REFERENCE = re.compile(r"!\[((?:[^\[\]\n]|\[[^\[\]\n]*\])*)\](?:\[([^\]\n]*)\]|(?![(\[]))")
_AUTOLINK = re.compile(r"<([A-Za-z][A-Za-z0-9+.-]*:[^\s<>]*)>")
_REMOTE = re.compile(r"^(?:[A-Za-z][A-Za-z0-9+.-]*:|//|\\\\)")
_REMOVE = "remove it: the report's pages carry no script, frames or forms (paste the words, not the web page's HTML)"


def page_markup(project) -> list[Problem]:
    """Every problem of the pages (``included_files.PAGES``) and of the files they include (a page or file that
    cannot be read is reported where it is read)."""
    found: list[Problem] = []
    for path in _page_files(project):
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        found += problems(path.relative_to(project.root.resolve()).as_posix(), text)
    return found


def _page_files(project) -> list[Path]:
    """The pages, then each file they include, once (``included_files.words_files``); the partner
    contributions the build writes are left to the partner check."""
    from luton2040.constants import CONTRIBUTIONS_DIR
    from luton2040.data.included_files import words_files

    contributions = project.root.resolve() / CONTRIBUTIONS_DIR
    return [path for path, _, _ in words_files(project) if not path.is_relative_to(contributions)]


def problems(rel: str, text: str) -> list[Problem]:
    """What in the words of the page ``rel`` (its text ``text``) is refused, with its line."""
    words = _words(text)
    found: list[Problem] = []

    def refuse(at: int, message: str, fix: str) -> None:
        problem = Problem(rel, words.count("\n", 0, at) + 1, None, message, fix)
        if problem not in found:
            found.append(problem)

    tags = _Tags()
    tags.feed(_tag_text(words))
    tags.close()
    for at, tag, attrs in tags.found:
        if not re.fullmatch(r"[a-z][a-z0-9-]*", tag):
            continue  # (<https://…> and <a@b.org> are markdown's links, not elements)
        for name, value in attrs:
            if name.startswith("on"):
                refuse(at, f"an event attribute {name}= on <{tag}> would run script", _REMOVE)
            elif name in URL_ATTRIBUTES and value and BAD_URL.match(as_browsers_read(value)):
                refuse(at, f"<{tag} {name}> holds a {_scheme(value)}: address, which would run script or read the "
                           "reader's own files", _REMOVE)
            elif tag == "img" and name == "src" and value and _REMOTE.match(value.strip()):
                refuse(at, *_remote_picture(value))
            elif tag == "img" and name == "src" and value and value.strip().startswith("/"):
                refuse(at, *_rooted_picture(value.strip()))
            elif tag == "a" and name == "href" and value and (fault := address_fault(value)):
                refuse(at, *fault)
        if tag == "script" or tag in BANNED_TAGS:
            refuse(at, f"a <{tag}> element is not allowed in a page's words", _REMOVE)
    pictures = {_label(m.group(2) or m.group(1)) for m in _PICTURE_REFERENCE.finditer(words)}
    links = [(m.start(), m.group(1), m.group(2), unescape(m.group(3))) for m in _ADDRESS.finditer(words)]
    links += [(m.start(), "!" * (_label(m.group(1)) in pictures), None, unescape(m.group(2)))
              for m in _DEFINITION.finditer(words)]
    links += [(m.start(), "", None, unescape(m.group(1))) for m in _AUTOLINK.finditer(words)]
    for at, picture, shown, address in sorted(links, key=lambda link: link[0]):
        if BAD_URL.match(as_browsers_read(address)):
            refuse(at, f"a link to a {_scheme(address)}: address would run script or read the reader's own files",
                   "link a full web address (https://…) or a page of the report")
        elif picture and _REMOTE.match(address):
            refuse(at, *_remote_picture(address))
        elif picture and address.startswith("/"):
            refuse(at, *_rooted_picture(address))
        elif (fault := address_fault(address) or (shown and words_fault(unescape(shown), address))):
            refuse(at, *fault)
    return sorted(found, key=lambda p: p.line)


def addresses(text: str) -> list[tuple[int, str, bool]]:
    """Every address the words of ``text`` link to or show, in order: (its line, the address as typed,
    whether a picture shows it): markdown links and pictures, reference definitions (a picture's when
    a picture is shown by it), and the ``href`` of an ``<a>`` and ``src`` of an ``<img>`` in raw HTML.
    Code and comments are no words."""
    words = _words(text)
    pictures = {_label(m.group(2) or m.group(1)) for m in _PICTURE_REFERENCE.finditer(words)}
    found = [(m.start(3), unescape(m.group(3)), bool(m.group(1))) for m in _ADDRESS.finditer(words)]
    found += [(m.start(2), unescape(m.group(2)), _label(m.group(1)) in pictures) for m in _DEFINITION.finditer(words)]
    tags = _Tags()
    tags.feed(_tag_text(words))
    tags.close()
    for at, tag, attrs in tags.found:
        for name, value in attrs:
            if value and (tag, name) in (("a", "href"), ("img", "src")):
                found.append((at, value, tag == "img"))
    return [(words.count("\n", 0, at) + 1, address, picture) for at, address, picture in sorted(found)]


def _label(name: str) -> str:
    """A reference's name as markdown matches it: capitals and runs of spaces do not count."""
    return " ".join(name.split()).casefold()


def _remote_picture(address: str) -> tuple[str, str]:
    return (f"the picture '{address[:60]}' is on another site: every reader's visit would be told to it, and the "
            "PDF cannot print it", "save the picture in the project (figures/…) and show it by its path")


def _rooted_picture(address: str) -> tuple[str, str]:
    """A picture at a path from the root (/usr/share/…/logo.png, /figures/van.png): the built site
    shows no such file (the build copies a page's pictures by their path from the page), and the PDF
    step refuses to print a file of the build machine."""
    return (f"the picture '{address[:60]}' is given by a path starting with /, which the build's site does not show "
            "(and its PDF step would read from the build machine's disk)",
            "save the picture in the project and write its path from the page (../figures/… from a chapter)")


def _scheme(address: str) -> str:
    return as_browsers_read(unescape(address)).split(":")[0].strip().lower()


def _words(text: str) -> str:
    """``text`` with what shows no markup blanked, its line breaks kept: HTML comments, fenced code
    blocks and cells (fences.blocks), and inline code. Raw HTML written as code (a ```{=html} block,
    `` `<b>`{=html} ``) is markup pandoc passes into the page as it is: kept, without its fences."""
    text = comments.blanked(text)
    lines = text.split("\n")
    for block in fences.blocks(lines):
        raw = _RAW_HTML.fullmatch(block.info.strip()) is not None
        for index in block.span(len(lines)):
            if not raw or index in (block.start, block.end):
                lines[index] = ""
    return _CODE_SPAN.sub(_raw_or_blank, "\n".join(lines))


def _tag_text(words: str) -> str:
    """``words`` as html.parser is given them: a < after the last > opens no tag (it would have no end),
    so it is blanked. html.parser reads each such < to the end of the text again: many of them in a
    long text took minutes."""
    cut = words.rfind(">") + 1
    return words[:cut] + words[cut:].replace("<", " ")


#: the attribute that makes a code block or span raw HTML: {=html}
_RAW_HTML = re.compile(r"\{=html5?\}", re.I)


def _raw_or_blank(m: re.Match) -> str:
    """A code span blanked, or, followed by {=html}, its HTML kept (the backticks blanked)."""
    if _RAW_HTML.match(m.string, m.end()):
        ticks = len(m.group(1))
        inner = m.group(0)[ticks:-ticks]
        return " " * ticks + inner + " " * ticks
    return re.sub(r"[^\n]", " ", m.group(0))


class _Tags(HTMLParser):
    """Every start tag of the words: (offset, name, attributes as html.parser reads them)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[int, str, list]] = []
        self._offsets: list[int] = [0]

    def feed(self, data: str) -> None:
        self._offsets = [0] + [m.end() for m in re.finditer("\n", data)]
        super().feed(data)

    def handle_starttag(self, tag, attrs):
        line, column = self.getpos()
        self.found.append((self._offsets[line - 1] + column, tag, attrs))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
