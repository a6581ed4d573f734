"""The one way text from data files becomes markdown or HTML, and the one rule for a safe web address.

Every text field from a data file (highlights, facts, priorities, unit prefixes and suffixes, area
names, measure wording and notes) is passed through ``markdown`` where it lands in markdown and
``html`` where it lands in HTML — exactly once, at that point, so text is never double-escaped and
never read as markup. ``SAFE_URL`` is what validation requires of every address a data or partner
file gives, so an address can sit inside ``(…)``, ``<…>`` or ``href="…"`` without closing it.
"""
from __future__ import annotations

import html as _html
import re

# Characters that can start markup anywhere in a line (pandoc markdown, as Quarto reads it too),
# less the angle brackets, which HTML escapes where the text is also HTML (``html_in_markdown``).
_MARKUP = r"\\`*_{}\[\]#|~^$@"
_INLINE = re.compile(f"([{_MARKUP}<>])")
_INLINE_NOT_ANGLE = re.compile(f"([{_MARKUP}])")
# A line start that would make a list, quote, heading, rule, definition or numbered list.
_LINE_START = re.compile(r"^([-+:](?=\s|$)|>)|^(\d+)([.)])(?=\s|$)")

SAFE_URL = re.compile(r"^https://[A-Za-z0-9.-]+\.[A-Za-z]{2,}(:[0-9]{1,5})?(/[A-Za-z0-9._~%/?#&=+:@!,;-]*)?$")


def markdown(text: object) -> str:
    """``text`` as markdown that reads back as exactly that text: one line, markup characters escaped."""
    text = " ".join(str(text).split())
    text = _INLINE.sub(r"\\\1", text)
    return _LINE_START.sub(lambda m: "\\" + m.group(1) if m.group(1) else m.group(2) + "\\" + m.group(3), text)


def html(text: object) -> str:
    """``text`` as HTML text or attribute value (quotes included)."""
    return _html.escape(str(text), quote=True)


def html_in_markdown(text: object) -> str:
    """``text`` as the words of an HTML element written in markdown (a ``<figcaption>`` in a page's
    markdown): pandoc, and so Quarto, reads what stands between block-level HTML tags as markdown
    (its ``markdown_in_html_blocks`` extension), so markup characters are escaped as markdown and
    then the text as HTML (``<`` and ``>`` by HTML alone: an entity is text to both); it reads back
    as exactly that text."""
    text = _INLINE_NOT_ANGLE.sub(r"\\\1", " ".join(str(text).split()))
    return _html.escape(text, quote=True)


#: what a renderer reads in a page's markdown before pandoc does, even inside an HTML attribute: `{python} …`
#: between backticks (the engine runs it: engine/source.py, _INLINE), {{< … >}} (Quarto's shortcodes), @tbl-…
#: (a cross-reference), $…$ and a backslash; written as character references, which pandoc and browsers read back
_READ_BEFORE_PANDOC = str.maketrans({"`": "&#96;", "{": "&#123;", "}": "&#125;", "@": "&#64;", "$": "&#36;",
                                     "\\": "&#92;"})


def attribute_in_markdown(text: object) -> str:
    """``text`` as the value of an HTML attribute (``alt="…"``) or a pandoc attribute (``{aria-label="…"}``)
    in a page's markdown: HTML-escaped, quotes included, and with the characters the renderers read
    before pandoc written as character references. A measure's name holding `` `{python} …` `` ran as
    code in the engine's build, from an image's alt text."""
    return _html.escape(str(text), quote=True).translate(_READ_BEFORE_PANDOC)


def safe_url(url: object) -> bool:
    """An https:// address with no spaces, quotes, brackets, braces, angle brackets or backslashes."""
    return isinstance(url, str) and bool(SAFE_URL.match(url))
