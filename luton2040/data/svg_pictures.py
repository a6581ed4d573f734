"""The project's SVG pictures carry no script and reach no other site.

An SVG is a document, not only a picture: both renderers publish the file a page shows as it is
(``engine/site.py``, ``rewrite_links``; quarto-cli src/project/types/website/website-resources.ts),
and a reader who opens it (a right-click, "Open image in new tab") runs its ``<script>`` and its
``on…=`` attributes on the report's own site, where the pages' Content-Security-Policy does not
reach (and `quarto render`'s pages have none). A picture drawn from another site (``<image
href="https://…">``, ``url(https://…)``, ``@import``) tells that site who reads it, and the PDF step
refuses it only after the site is written (``pdf/render.py``, ``site_only_fetcher``). A downloaded
icon or chart may carry any of these, so each is refused at its line of the SVG, by the check that
`quarto render`'s pre-render step runs too.

The text is read as written, not parsed: an XML parser would expand the entities a ``<!DOCTYPE``
declares (a few lines can ask for gigabytes), so a declared entity is refused as well. The
folders no page is read from are not read (``linked_files``' list, the tests, the measure pages
the build writes).
"""
from __future__ import annotations

import os
import re
from collections.abc import Iterable
from pathlib import Path

from luton2040.constants import MEASURES_DIR
from luton2040.data.linked_files import skipped
from luton2040.errors import Problem

_FIX = "remove it (an editor's 'export as plain SVG' or 'optimise' leaves the drawing alone), or save the picture as .png"
#: what runs or reaches out, anywhere in the text: (what it is, the pattern)
_REFUSED = [
    ("a <script> element, which runs when the picture is opened", re.compile(r"<\s*(?:\w+:)?script\b", re.I)),
    ("a <foreignObject>, which can hold a web page's HTML", re.compile(r"<\s*(?:\w+:)?foreignObject\b", re.I)),
    ("a picture or font from another site ({0})",
     re.compile(r"url\(\s*[\"']?\s*((?:[a-z][a-z0-9+.-]*:|//)[^)\"']{0,60})", re.I)),
    ("an @import of another style sheet", re.compile(r"@import\b", re.I)),
    ("an entity declared in a <!DOCTYPE> (the XML could ask for gigabytes when read)",
     re.compile(r"<!ENTITY\b", re.I)),
]
#: what runs or reaches out in a tag's attributes
_TAG = re.compile(r"<[A-Za-z][^>]*>")
_IN_TAGS = [
    ("an event attribute ({0}), which runs script when the picture is opened", re.compile(r"\s(on[a-z]+)\s*=", re.I)),
    ("a reference to another site or a script address ({0})",
     re.compile(r"\s(?:[\w-]+:)?(?:href|src)\s*=\s*[\"']\s*((?:[a-z][a-z0-9+.-]*:|//)[^\"']{0,60})", re.I)),
]
#: an address an SVG may hold: a picture embedded in it (data:image/…, not an SVG, which could hold script)
_EMBEDDED = re.compile(r"data:image/(?:png|jpe?g|gif|webp)[;,]", re.I)


def svg_pictures(project) -> Iterable[Problem]:
    """Every problem of every .svg file of the project a page may show."""
    root = Path(project.root).resolve()
    for folder, folders, files in os.walk(root):
        here = Path(folder)
        folders[:] = sorted(name for name in folders if not skipped(here, root, name)
                            and not (here == root and name in ("tests", MEASURES_DIR)))
        for name in sorted(files):
            if name.lower().endswith(".svg") and not (here / name).is_symlink():
                rel = (here / name).relative_to(root).as_posix()
                try:
                    text = (here / name).read_text(encoding="utf-8", errors="replace")
                except OSError:
                    continue
                yield from problems(rel, text)


def problems(rel: str, text: str) -> list[Problem]:
    """What the SVG ``rel`` (its text ``text``) carries that is refused, each at its line."""
    found: list[Problem] = []

    def refuse(what: str, m: re.Match, offset: int = 0) -> None:
        named = m.group(1) if m.groups() else ""
        if not (named and _EMBEDDED.match(named)):
            line = text.count("\n", 0, offset + m.start()) + 1
            found.append(Problem(rel, line, None, f"the picture holds {what.format(named)}", _FIX))

    for what, pattern in _REFUSED:
        for m in pattern.finditer(text):
            refuse(what, m)
    for tag in _TAG.finditer(text):
        for what, pattern in _IN_TAGS:
            for m in pattern.finditer(tag.group()):
                refuse(what, m, tag.start())
    return sorted(found, key=lambda p: p.line)
