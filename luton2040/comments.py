"""The HTML comments of a page's text (``<!-- … -->``), found in one pass.

The regular expression ``<!--.*?-->`` reads the rest of the text again for each ``<!--`` that is
never closed: a chapter's words with many of them (a pasted page's markup, a typo repeated) took the
check minutes. Past the first comment left open there is no complete one, so the scan stops there;
an unclosed comment is left as it is, as the regular expression left it.
"""
from __future__ import annotations

import re
from collections.abc import Iterator


def spans(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each complete comment of ``text``, in order."""
    at = 0
    while (start := text.find("<!--", at)) >= 0 and (end := text.find("-->", start + 4)) >= 0:
        yield start, end + 3
        at = end + 3


def _replaced(text: str, replace) -> str:
    out, at = [], 0
    for start, end in spans(text):
        out += [text[at:start], replace(text[start:end])]
        at = end
    return "".join(out) + text[at:]


def removed(text: str) -> str:
    """``text`` with each comment replaced by its line breaks (the lines after it keep their numbers)."""
    return _replaced(text, lambda comment: "\n" * comment.count("\n"))


def blanked(text: str) -> str:
    """``text`` with each comment's characters but its line breaks made spaces (every offset kept)."""
    return _replaced(text, lambda comment: re.sub(r"[^\n]", " ", comment))
