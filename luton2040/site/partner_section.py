"""A chapter's partner contributions as markdown: one ``.partner-contribution`` block per clean
partner text (``luton2040.data.partners`` reads and checks them), or a short note when there are none."""
from __future__ import annotations

import re

from luton2040 import fences
from luton2040.data.partners import Partner
from luton2040.heading_ids import auto_identifier, deduplicated
from luton2040.site.partner_photos import published_path

EMPTY_TEXT = "*No partner contributions have been published for this priority yet.*"
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|~^$@:])")


#: A paragraph that is one picture and nothing else, which pandoc (so Quarto and the engine) makes a
#: figure whose caption is the picture's description.
_LONE_PICTURE = re.compile(r"\A([ ]{0,3}!\[[^\]\n]+\]\((?:[^()\n]|\([^()\n]*\))+\))([ \t]*\n?)\Z")
#: Given to such a picture: its <img> gets ``alt=""`` under both renderers (Quarto 1.7.34's
#: quarto-post/html.lua, Image: fig-alt becomes alt; engine/filters/figures.lua does the same), so
#: the caption is read once, as the figure's, and the picture is not "an image without alternative
#: text" (Quarto writes no alt on a captioned picture: axe's image-alt check fails it).
CAPTIONED = '{fig-alt=""}'
#: A picture's address in a partner's markdown (``](figures/…)``, ``](</figures/…>)``, or a reference
#: definition ``[name]: figures/…``): the partner checks let no other local file be shown. A name may
#: hold brackets (``tree(1).jpg``, a second download's name): its copy is shown, not the phone's file.
_PICTURE = re.compile(r"(\]\(\s*<?|^\s{0,3}\[[^\]]+\]:\s*<?)/?(figures/(?:[^\s()>]|\([^\s()>]*\))*)", re.MULTILINE)


def pictures_shown(body: str) -> list[str]:
    """The project files (``figures/…``) a partner's markdown shows, in order."""
    return [m.group(2) for m in _PICTURE.finditer(body)]


def captioned_pictures(body: str) -> str:
    """``body`` with ``CAPTIONED`` after each picture that stands alone in its paragraph."""
    paragraphs = re.split(r"(\n[ \t]*\n)", body)
    return "".join(_LONE_PICTURE.sub(lambda m: m.group(1) + CAPTIONED + m.group(2), p) for p in paragraphs)


def escape(text: str) -> str:
    """Markdown-escape plain text (organisation names) so it can never become markup."""
    return _MD_SPECIAL.sub(r"\\\1", text)


#: A heading of a clean partner text, with the explicit id the partner check gave it
#: (``partner_allowlist.Checker.heading_id``: the file's name, then the heading's).
_HEADING_ID = re.compile(r"^(#{1,6}[ \t].*\{#)([\w:.-]+)(\}[ \t]*)$")


def _own_heading_ids(body: str, names: set[str]) -> str:
    """``body`` with each heading's id one no element before it on the page has (``names``, to which
    it is added): 'Introduction' in clearhead.md is clearhead-introduction, unless the chapter's words
    already have a heading 'Clearhead introduction'; then it is clearhead-introduction-1, as pandoc
    would name a heading of its own (an explicit id used twice is kept twice: pandoc only warns)."""
    lines = body.split("\n")
    for i, (line, code) in enumerate(zip(lines, fences.fenced(lines))):
        found = None if code else _HEADING_ID.match(line)
        if found:
            lines[i] = found.group(1) + deduplicated(found.group(2), names) + found.group(3)
    return "\n".join(lines)


def contribution_markdown(partners: list[Partner], figures_prefix: str = "../", taken: set[str] = frozenset()) -> str:
    """Markdown for a chapter: one ``.partner-contribution`` div per partner, or a short note if none.

    Image paths in partner files are project-relative (``figures/…``): each becomes the file the
    site publishes (a photo's web-sized copy: ``partner_photos.published_path``), made relative to
    the page the markdown lands on by ``figures_prefix`` (chapters/ → ``../``). ``taken``: the ids the page's
    own headings have, which an organisation's heading does not take (an organisation called
    "Introduction" gets ``introduction-1``).
    """
    if not partners:
        return EMPTY_TEXT + "\n"
    blocks, names = [], set(taken)
    for partner in partners:
        body = _PICTURE.sub(lambda m: m.group(1) + figures_prefix + published_path(m.group(2)), partner.body)
        body = captioned_pictures(body)
        # An explicit id: under `quarto render` the cells of another edition's (hidden) block run
        # too and write the same headings first, which would make these ``-1`` (heading_ids.py).
        name = deduplicated(auto_identifier(partner.organisation), names)  # two of one name: pandoc's -1, -2
        body = _own_heading_ids(body, names)
        parts = ["::: {.partner-contribution}", f"### {escape(partner.organisation)} {{#{name}}}", "", body.strip(), ""]
        if partner.website:
            parts += [f"Website: <{partner.website}>", ""]
        parts.append(":::")
        blocks.append("\n".join(parts))
    return "\n\n".join(blocks) + "\n"
