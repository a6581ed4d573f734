"""No text of a data or edition file holds ``{{<``, which `quarto render` runs as a shortcode.

The build writes data text into pages escaped (``luton2040.escape``), and in a paragraph Quarto then
shows ``{{< … >}}`` as typed. But Quarto expands the shortcodes it finds in a page's front matter and
in an element's attributes after pandoc has read them, escapes undone: a measure's name is its
page's title and its table's ``aria-label``, so a name holding ``{{< env HOME >}}`` published the
build machine's settings there, and ``{{< meta title >}}`` in a title made the render fail ("C stack
overflow"). quarto-cli src/resources/filters/customnodes/shortcodes.lua expands them in metadata and
attributes; a test of 1.10.18 showed both, and neither ``\\{\\{\\<`` nor ``{{&lt;`` stops it. The
data's words never need one, so each is refused at its file and line, as in a partner's text.
"""
from __future__ import annotations

from html import unescape
from pathlib import Path

from luton2040.data.printable import printed_lines
from luton2040.errors import Problem

SOURCES = ("data/*.csv", "data/editions/*.yml")


def data_shortcodes(project) -> list[Problem]:
    """Each line of a data or edition file whose text holds {{< (as typed, or with its < written as
    an HTML entity or after a backslash, which pandoc reads as <)."""
    found = []
    unread = {project.file(name) for name in project.unread if name in project.resources}
    for pattern in SOURCES:
        for path in sorted(Path(project.root).glob(pattern)):
            rel = path.relative_to(project.root).as_posix()
            if rel in unread:
                continue
            try:
                text = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                continue  # reported when the file is read
            for number, line in enumerate(printed_lines(path, text), 1):
                if "{{<" in unescape(line).replace("\\<", "<").replace("\\{", "{"):
                    found.append(Problem(rel, number, None, "{{ followed by < is read by quarto render as a "
                                         "shortcode ({{< … >}}), even in a measure's name or a title, where it "
                                         "would run (it can print the build machine's settings)",
                                         "put a space between {{ and <, or leave the braces out"))
    return found
