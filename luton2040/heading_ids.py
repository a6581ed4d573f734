"""A heading's identifier as pandoc gives it, and the rule that keeps every edition's headings at the
same address under `quarto render` and `luton2040 build`.

Pandoc names a heading without an explicit ``{#id}`` from its text (its ``auto_identifiers``
extension: formatting dropped; letters, digits, ``_``, ``-`` and ``.`` kept; spaces become
hyphens; lower case; everything before the first letter dropped; ``section`` if nothing is left),
and a name already taken in the document gets ``-1``, ``-2``…. Quarto drops another edition's
``.content-visible`` block only after pandoc has named the headings of the whole page, so once a
page holds two editions, the newer edition's copied headings become ``introduction-1`` under
Quarto while the engine, which drops the block first, writes ``introduction``. An explicit id is
never renamed (pandoc warns "Duplicate identifier" and keeps it), so a heading of an edition's
prose carries one.
"""
from __future__ import annotations

import re
import unicodedata

_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
ATX = re.compile(r"^ {0,3}(#{1,6})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$")
ATTRIBUTES = re.compile(r"[ \t]*\{([^{}]*)\}[ \t]*$")
EXPLICIT_ID = re.compile(r"(?:^|\s)#([\w:.-]+)")

#: The ids the frame around a page's content carries, which a heading of the content must not take
#: or the page would hold two elements of one id: the engine's page template
#: (luton2040/engine/templates/page.html) and Quarto 1.7's website page (its header, sidebar, search,
#: table of contents and title block, read from a `quarto render` of this project). ``title`` too:
#: Quarto gives each entry of the table of contents the id ``toc-<the heading's id>``, and
#: ``toc-title`` is the table's own heading.
PAGE_FRAME_IDS = frozenset({
    # both renderers
    "TOC", "toc-title", "title", "title-block-header", "quarto-document-content", "quarto-sidebar",
    # the engine's page template
    "menu-button", "quarto-announcement", "site-search-input", "site-search-results", "site-search-status",
    # Quarto's website page
    "quarto-bootstrap", "quarto-content", "quarto-header", "quarto-html-after-body", "quarto-margin-sidebar",
    "quarto-search", "quarto-search-options", "quarto-search-results", "quarto-sidebar-glass",
    "quarto-sidebar-section-1", "quarto-text-highlighting-styles",
})


def auto_identifier(text: str) -> str:
    """The identifier pandoc's ``auto_identifiers`` gives a heading whose text is ``text``."""
    plain = _LINK.sub(r"\1", text).replace("`", "").replace("*", "")
    plain = re.sub(r"-{2,3}|\.\.\.", "", plain)  # dashes and ellipses (pandoc's "smart", on in Quarto)
    plain = "".join(c for c in plain if c in "_-." or unicodedata.category(c)[0] in "LN" or c.isspace())
    plain = "-".join(plain.split()).lower()
    plain = re.sub(r"^[^a-z\u00c0-\uffff]+", "", plain)  # identifiers start with a letter
    return plain or "section"


def deduplicated(base: str, used: set[str]) -> str:
    """Pandoc's name for a heading whose own name is ``base``: ``base-1``, ``base-2``… when taken
    (the name is added to ``used``)."""
    name, n = base, 0
    while name in used:
        n += 1
        name = f"{base}-{n}"
    used.add(name)
    return name


def heading(text: str) -> tuple[int, str, str | None] | None:
    """An ATX heading line → (level, its text without attributes, its explicit id or None)."""
    m = ATX.match(text)
    if not m:
        return None
    title, explicit = m.group(2), None
    attrs = ATTRIBUTES.search(title)
    if attrs:
        title = title[:attrs.start()]
        found = EXPLICIT_ID.search(attrs.group(1))
        explicit = found.group(1) if found else None
    return len(m.group(1)), title.strip(), explicit
