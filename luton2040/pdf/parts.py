"""The book as parts printed one by one: the front (cover and contents) and one part per book page.

Every part is a whole HTML document with the print head, so each prints alone and can be cached by
its HTML. Each page is read, and made its part, in the process that prints it (``page_part``, called
by workers.py): the build's own process reads no page. A link to an id in another part points at
``CROSS_PART#id`` (WeasyPrint keeps it as a URI instead of reporting a missing anchor); the merge
makes it a named destination again (merge.py). A page knows its own ids only, so a link to an id of
another page is printed as ``CROSS_PART<slug>/<id in hex>#<id>`` and the merge decides, from the
ids each page's part reports (``PagePart.ids``), what one document would have: the id's anchor when
that page has the id, else the page's opener (``cross_part_destination``).
Parts print no page number: a part's pages do not depend on where it starts, so editing one page
never reprints the pages after it. The numbers are stamped on in the merge, made from the glyphs and
places of a small "folio" document of a few numbered empty pages (``PrintBook.folio``), printed once. The contents names each
chapter's first page as text (``data-page``), so it is printed last, from the other parts' page counts.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from xml.etree.ElementTree import Element

from luton2040.errors import BuildError
from luton2040.pdf import images, links
from luton2040.pdf.assemble import (PAGE_PROBLEMS, Chapter, chapter_labels, contents_html, cover_html, head_html,
                                    place_page, read_chapter, section_html)
from luton2040.pdf.book import Book, Page, Priority

CROSS_PART = "https://luton2040-print.invalid/"
# In a part the footer's page number is left out; the folio prints it (and only it).
PART_CSS = "@page { @bottom-right { content: none; } }"
FOLIO_CSS = ("@page { @bottom-left { content: none; } }\n"
             ".folio + .folio { break-before: page; }\n"
             ".folio.wide { page: landscape; }")
# The folio's page `n` numbered `number`: a page whose style touches the page counter is not counted on
# by one (WeasyPrint's layout/page.py), so it shows `number`.
NUMBERED_CSS = "@page :nth({n}) {{ counter-reset: page {number}; }}"
# A number with every figure once, in this order: the folio's first page of each shape shows it.
EVERY_FIGURE = "1234567890"


@dataclass(frozen=True)
class Part:
    """One document to print: `name` says which (``front``, ``folio`` or the page's HTML file)."""

    name: str
    html: str


@dataclass(frozen=True)
class PrintBook:
    """The book's front and folio parts, made once its pages are printed: the front needs their
    chapter records and page counts (``front``), the folio how long their numbers are."""

    head: str  # from the doctype to just before </head>
    cover: str
    chapters: tuple[Chapter, ...]

    def front(self, front_pages: int, page_counts: list[int]) -> Part:
        """The cover and contents, the contents giving each page's first page number when the front
        has `front_pages` pages and the book's pages have `page_counts`."""
        starts = first_pages([front_pages, *page_counts])[1:]
        numbers = {chapter.page.slug: start for chapter, start in zip(self.chapters, starts)}
        body = self.cover + "\n" + contents_html(list(self.chapters), numbers, CROSS_PART)
        return Part("front", document(self.head, body, PART_CSS))

    def folio(self, figures: int) -> Part:
        """A sample of the footer's page number, from which the merge numbers every page of a book
        whose page numbers have at most `figures` figures (merge.stamp_numbers): for each page shape
        (portrait, then landscape), an empty page numbered 1234567890 (its glyph for each figure) and
        one numbered 1, 10, 100 … for each length of number up to `figures` (where a number of that
        many figures is printed: the footer's figures are tabular, all as wide). Its HTML depends on
        `figures` alone (and the print head), so it is printed once and kept."""
        numbers = folio_numbers(figures)
        body = "\n".join(f'<div class="folio{" wide" if wide else ""}"></div>'
                         for wide in (False, True) for _ in numbers)
        css = "\n".join([FOLIO_CSS, *(NUMBERED_CSS.format(n=n, number=number)
                                      for n, number in enumerate(numbers * 2, 1))])
        return Part("folio", document(self.head, body, css))


def folio_numbers(figures: int) -> list[int]:
    """The numbers of the folio's pages of one shape (``PrintBook.folio``)."""
    return [int(EVERY_FIGURE)] + [10 ** (length - 1) for length in range(1, figures + 1)]


def document(head: str, body: str, css: str) -> str:
    """A whole print document: the shared head, `css` after the book's styles, then `body`; with the
    fonts of any script besides Latin that the head (the footer's title), `body` or a picture in it
    uses (luton2040/fonts.py)."""
    faces = "".join(rule + "\n" for rule in images.face_rules(head, body))
    return f"{head}<style>\n{faces}{css}\n</style></head><body>{body}</body></html>\n"


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


@dataclass(frozen=True)
class BookPages:
    """What making any one page of the book its part needs: a process that prints pages is given it
    (workers.py), and reads each page it prints from `output_dir`."""

    book: Book
    priorities: tuple[Priority, ...]
    output_dir: Path
    head: str  # head_html(book, priorities), made once

    @classmethod
    def of(cls, book: Book, priorities: list[Priority], output_dir: Path) -> BookPages:
        return cls(book, tuple(priorities), Path(output_dir), head_html(book, priorities))

    def priority_maps(self) -> tuple[dict[str, Priority], dict[str, int]]:
        """Each priority by id, and its number (1 for the first), as a page is read with them."""
        return {p.id: p for p in self.priorities}, {p.id: n for n, p in enumerate(self.priorities, 1)}

    def weight(self, page: Page) -> int:
        """How long `page` takes to print, roughly, known without parsing it: the size of its file
        without its drawings (inline ``<svg>``) and embedded pictures (``data:``), as
        ``workers._weight`` weighs a part's HTML (a long table takes longer to lay out than a
        picture of the same size)."""
        try:
            html = (self.output_dir / page.html).read_bytes()
        except OSError:
            return 0
        return len(html) - sum(len(found) for pattern in (INLINE_SVG, DATA_URI) for found in pattern.findall(html))


INLINE_SVG = re.compile(rb"<svg\b.*?</svg>", re.S | re.I)
DATA_URI = re.compile(rb'data:[^"\'\s)]*')


@dataclass(frozen=True)
class PagePart:
    """One page read and made its part, or the problems that kept it from being one."""

    chapter: Chapter | None
    ids: frozenset[str]  # the page's ids (before prefixing): where links from other parts may point
    part: Part | None
    problems: tuple[str, ...]


def page_part(pages: BookPages, page: Page, read_page=read_chapter) -> PagePart:
    """`page` read (by `read_page`, see ``assemble.read_pages``) and made its part: placed in the book as
    in one document, links to other parts pointed across."""
    book = pages.book
    problems: list[str] = []
    read = read_page(pages.output_dir, page, *pages.priority_maps(), problems)
    if read is None or problems:
        return PagePart(None, frozenset(), None, tuple(problems))
    chapter, main = read
    ids = links.collect_ids(main)
    slugs = {p.html: p.slug for p in book.pages}
    place_page(chapter, main, book.site_url, slugs, {page.html: ids}, chapter_labels(list(book.pages))[page.html],
               unknown=_across)
    point_across(main, links.collect_ids(main) | {links.page_anchor(page.slug)})
    html = document(pages.head, section_html(chapter, main), PART_CSS)
    return PagePart(chapter, frozenset(ids), Part(page.html, html), ())


def _across(slug: str, ident: str) -> str:
    """A link to id `ident` of the page `slug`, printed in another part (see the module's note)."""
    return f"{CROSS_PART}{slug}/{ident.encode().hex()}#{ident}"


def cross_part_destination(rest: str, ids: dict[str, frozenset[str]]) -> str:
    """The named destination a link printed as ``CROSS_PART + rest`` goes to, `ids` giving each page's
    ids by slug: ``#name`` is ``name``; ``<slug>/<id in hex>#<id as printed>`` is that id's anchor
    when the page has it, else the page's opener (as ``links.rewrite_links`` decides in one document)."""
    if rest.startswith("#"):
        return rest.lstrip("#")
    where, _, printed = rest.partition("#")
    slug, _, hexed = where.partition("/")
    if bytes.fromhex(hexed).decode() in ids.get(slug, ()):
        return links.id_anchor(slug, printed)
    return links.page_anchor(slug)


def split_book(book: Book, priorities: list[Priority], output_dir: Path,
               read_page=read_chapter) -> tuple[PrintBook, list[Part], dict[str, frozenset[str]]]:
    """The book read in this process, as parts (the PDF reads each page in its printing process
    instead: workers.py), with each page's ids by slug; BuildError lists every page problem found."""
    pages = BookPages.of(book, priorities, output_dir)
    made = [page_part(pages, page, read_page) for page in book.pages]
    problems = [problem for item in made for problem in item.problems]
    if problems:
        raise BuildError(PAGE_PROBLEMS + "\n".join(problems))
    return (print_book(pages, [item.chapter for item in made]), [item.part for item in made],
            {page.slug: item.ids for page, item in zip(book.pages, made)})


def print_book(pages: BookPages, chapters: list[Chapter]) -> PrintBook:
    """The maker of the front and folio, once the pages' `chapters` are known."""
    return PrintBook(pages.head, cover_html(pages.book, list(pages.priorities)), tuple(chapters))
