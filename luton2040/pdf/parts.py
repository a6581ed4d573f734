"""The book as parts printed one by one: the front (cover and contents) and one part per book page.

Every part is a whole HTML document with the print head, so each prints alone and can be cached by
its HTML. A link to an id in another part points at ``CROSS_PART#id`` (WeasyPrint keeps it as a URI
instead of reporting a missing anchor); the merge makes it a named destination again (merge.py).
Parts print no page number: a part's pages do not depend on where it starts, so editing one page
never reprints the pages after it. The numbers are printed in one small "folio" document of numbered
empty pages, one per page of the book, and stamped on in the merge. The contents names each
chapter's first page as text (``data-page``), so it is printed last, from the other parts' page counts.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from xml.etree.ElementTree import Element

from luton2040.pdf import links
from luton2040.pdf.assemble import Chapter, contents_html, cover_html, head_html, read_chapter, read_pages, section_html
from luton2040.pdf.book import Book, Priority

CROSS_PART = "https://luton2040-print.invalid/"
# In a part the footer's page number is left out; the folio prints it (and only it).
PART_CSS = "@page { @bottom-right { content: none; } }"
FOLIO_CSS = ("@page { @bottom-left { content: none; } }\n"
             "@page :first { @bottom-right { content: none; } }\n"  # the cover has no number
             ".folio + .folio { break-before: page; }\n"
             ".folio.wide { page: landscape; }")


@dataclass(frozen=True)
class Part:
    """One document to print: `name` says which (``front``, ``folio`` or the page's HTML file)."""

    name: str
    html: str


@dataclass(frozen=True)
class PrintBook:
    """The book cut into parts. The front part needs the other parts' page counts (``front``)."""

    head: str  # from the doctype to just before </head>
    cover: str
    chapters: tuple[Chapter, ...]
    pages: tuple[Part, ...]  # one per book page, in book order

    def front(self, front_pages: int, page_counts: list[int]) -> Part:
        """The cover and contents, the contents giving each page's first page number when the front
        has `front_pages` pages and the book's pages have `page_counts`."""
        starts = first_pages([front_pages, *page_counts])[1:]
        numbers = {chapter.page.slug: start for chapter, start in zip(self.chapters, starts)}
        body = self.cover + "\n" + contents_html(list(self.chapters), numbers, CROSS_PART)
        return Part("front", document(self.head, body, PART_CSS))

    def folio(self, landscape: list[bool]) -> Part:
        """Empty pages numbered like the book's (portrait or landscape as `landscape` says)."""
        body = "\n".join(f'<div class="folio{" wide" if wide else ""}"></div>' for wide in landscape)
        return Part("folio", document(self.head, body, FOLIO_CSS))


def document(head: str, body: str, css: str) -> str:
    """A whole print document: the shared head, `css` after the book's styles, then `body`."""
    return f"{head}<style>\n{css}\n</style></head><body>{body}</body></html>\n"


def first_pages(counts: list[int]) -> list[int]:
    """The number of each part's first page when the parts have `counts` pages, the first starting at 1."""
    starts, page = [], 1
    for count in counts:
        starts.append(page)
        page += count
    return starts


def point_across(root: Element, ids: set[str]) -> None:
    """Make each link to an id that is not in `ids` (this part's) a link to that id in another part."""
    for element in root.iter():
        for attribute in ("href", "xlink:href"):
            href = element.get(attribute) or ""
            if href.startswith("#") and href[1:] not in ids:
                element.set(attribute, CROSS_PART + href)


def split_book(book: Book, priorities: list[Priority], output_dir: Path, read_page=read_chapter) -> PrintBook:
    """The book read from `output_dir` (each page by `read_page`, see ``read_pages``), as parts;
    BuildError lists every page problem found."""
    pages = read_pages(book, priorities, output_dir, read_page)
    head = head_html(book, priorities)
    parts = []
    for chapter, main in pages:
        point_across(main, links.collect_ids(main) | {links.page_anchor(chapter.page.slug)})
        parts.append(Part(chapter.page.html, document(head, section_html(chapter, main), PART_CSS)))
    return PrintBook(head, cover_html(book, priorities), tuple(chapter for chapter, _ in pages), tuple(parts))

