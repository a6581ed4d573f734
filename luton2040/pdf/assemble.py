"""Read the rendered pages in book order and build the one print HTML document WeasyPrint lays out."""
from __future__ import annotations

import re
from dataclasses import dataclass
from html import escape
from importlib.resources import files
from pathlib import Path
from urllib.parse import urlsplit
from xml.etree.ElementTree import Element, tostring

import tinyhtml5

from luton2040 import fonts
from luton2040.errors import BuildError
from luton2040.pdf import cells, glyphs, images, links, lists, table_widths
from luton2040.pdf.book import Book, Page, Priority

# A table this many columns wide does not fit a portrait A4 page at a readable size: its page is
# landscape, unless its cells are short enough to fit anyway (table_widths.fits_portrait).
WIDE_TABLE_COLUMNS = 8

# A table of at most this many rows and characters (its body's text) is printed whole on one page,
# moved on rather than split, as a figure is; a longer one breaks between rows (a tall table kept
# whole would leave its heading and caption behind on a page of their own).
SHORT_TABLE_ROWS = 8
SHORT_TABLE_CHARACTERS = 1100

# Site chrome that is no part of the printed text (Quarto's and the embedded engine's alike).
DROP_TAGS = {"script", "noscript", "style", "link", "meta", "button", "iframe", "template", "nav", "form",
             "input", "video", "audio"}
DROP_IDS = {"quarto-sidebar", "quarto-margin-sidebar", "TOC", "quarto-back-to-top", "quarto-header",
            "quarto-search", "quarto-search-results"}
DROP_CLASSES = {"sidebar", "page-navigation", "quarto-title-meta", "quarto-title-breadcrumbs",
                "quarto-page-breadcrumbs", "quarto-alternate-formats", "quarto-other-links",
                "anchorjs-link", "code-copy-button", "hidden", "quarto-title-banner", "toc-actions",
                "quarto-listing-category", "screen-only",
                "badge-icon"}  # decorative icons: print.css draws them as backgrounds (untagged artifacts)
NAMESPACE = re.compile(r"^\{([^}]*)\}(.*)$")
XLINK = "http://www.w3.org/1999/xlink"


@dataclass
class Chapter:
    """One page of the book, ready for the print document."""

    page: Page
    title: str
    subtitle: str
    priority: Priority | None
    kicker: str
    landscape: bool


def _classes(element: Element) -> set[str]:
    return set((element.get("class") or "").split())


def _text(element: Element) -> str:
    return " ".join("".join(element.itertext()).split())


def _remove(parent: Element, child: Element) -> None:
    """Remove `child`, keeping the text that followed it."""
    if child.tail:
        index = list(parent).index(child)
        if index:
            before = parent[index - 1]
            before.tail = (before.tail or "") + child.tail
        else:
            parent.text = (parent.text or "") + child.tail
    parent.remove(child)


def _strip_chrome(root: Element) -> None:
    for parent in list(root.iter()):
        for child in list(parent):
            if not isinstance(child.tag, str):
                _remove(parent, child)  # comments and processing instructions
            elif (child.tag in DROP_TAGS or child.get("id") in DROP_IDS or _classes(child) & DROP_CLASSES
                  or child.get("hidden") is not None):
                _remove(parent, child)


def _table_floats_as_engine_writes_them(root: Element) -> None:
    """Write each of Quarto's table floats as the engine writes a captioned table, so the print is
    the same whichever renderer wrote the page.

    Quarto: ``<div id="tbl-x" class="quarto-float …"><figure class="quarto-float-tbl"><figcaption>
    Table 1: …</figcaption><div><div class="cell-output"><table>…``; the engine: ``<div id="tbl-x"
    class="table-float"><table><caption>Table 1: …</caption>…``. Left as they were, the figure's and
    the caption's margins moved rows of the long tables on to the next page.
    """
    for parent in list(root.iter()):
        for figure in list(parent):
            if figure.tag != "figure" or "quarto-float-tbl" not in _classes(figure):
                continue
            captions = [child for child in figure if child.tag == "figcaption"]
            tables = list(figure.iter("table"))
            if len(captions) != 1 or len(tables) != 1 or not _only_wrappers(figure, {captions[0], tables[0]}):
                continue  # anything else in the figure (a note, another output) would be lost: printed as it is
            figcaption, table = captions[0], tables[0]
            caption = Element("caption")
            caption.text = (figcaption.text or "").lstrip()
            caption.extend(list(figcaption))
            if len(caption):
                caption[-1].tail = (caption[-1].tail or "").rstrip()
            else:
                caption.text = caption.text.rstrip()
            for old in [child for child in table if child.tag == "caption"]:
                table.remove(old)
            table.insert(0, caption)
            table.tail = figure.tail
            parent[list(parent).index(figure)] = table


def _only_wrappers(element: Element, kept: set[Element]) -> bool:
    """Whether ``element`` holds nothing but ``kept`` elements inside ``<div>`` wrappers and white space."""
    if (element.text or "").strip():
        return False
    for child in element:
        if (child.tail or "").strip():
            return False
        if child not in kept and (child.tag != "div" or not _only_wrappers(child, kept)):
            return False
    return True


def _plain_names(root: Element) -> None:
    """Turn the parser's {namespace}names back into HTML names so the tree serialises as HTML."""
    for element in root.iter():
        match = NAMESPACE.match(element.tag) if isinstance(element.tag, str) else None
        if match:
            element.tag = match.group(2)
        for key in [k for k in element.attrib if k.startswith("{")]:
            namespace, local = NAMESPACE.match(key).groups()
            prefix = "xlink:" if namespace == XLINK else "xml:" if namespace.endswith("/XML/1998/namespace") else ""
            element.set(prefix + local, element.attrib.pop(key))


def keep_short_tables_whole(root: Element) -> None:
    """Mark each short table ``keep-whole`` (print.css keeps it on one page): at most SHORT_TABLE_ROWS
    body rows and SHORT_TABLE_CHARACTERS characters of body text."""
    for table in root.iter("table"):
        bodies = list(table.iter("tbody"))
        rows = sum(1 for body in bodies for row in body if row.tag == "tr")
        characters = sum(len("".join(body.itertext()).strip()) for body in bodies)
        if rows <= SHORT_TABLE_ROWS and characters <= SHORT_TABLE_CHARACTERS:
            table.set("class", " ".join([*(table.get("class") or "").split(), "keep-whole"]))


def _table_columns(table: Element) -> int:
    return max((sum(1 for cell in row if cell.tag in ("td", "th")) for row in table.iter("tr")), default=0)


def _page_priority(document: Element, page: Page, priorities: dict[str, Priority],
                   problems: list[str]) -> Priority | None:
    """The priority a page's ``body-classes`` name (``priority-<id>``), if any; a name that is no
    priority of data/priorities.csv is a problem."""
    body = document.find("body")
    priority = None
    for name in sorted(_classes(body) if body is not None else set()):
        if name.startswith("priority-"):
            ident = name.removeprefix("priority-")
            if ident in priorities:
                priority = priorities[ident]
            else:
                problems.append(f"{page.source}: body-classes names {name}, but data/priorities.csv has no "
                                f"priority {ident!r} — use one of: {', '.join(priorities) or '(none)'}")
    return priority


def read_chapter(output_dir: Path, page: Page, priorities: dict[str, Priority], priority_numbers: dict[str, int],
                 problems: list[str], pictures: list[str] | None = None) -> tuple[Chapter, Element] | None:
    """Parse one rendered page; return the chapter and its content root (ids not yet prefixed).
    The picture files it embeds are added to `pictures` (paths relative to `output_dir`)."""
    page_file = output_dir / page.html
    shown = f"{output_dir.name}/{page.html}"
    if not page_file.is_file():
        problems.append(f"{shown}: not found (from {page.source} in _quarto.yml) — render the book first "
                        "(luton2040 build, or quarto render)")
        return None
    document = tinyhtml5.parse(page_file.read_bytes(), namespace_html_elements=False)
    main = next((e for e in document.iter() if e.get("id") == "quarto-document-content"), None)
    if main is None:
        problems.append(f"{shown}: has no <main id=\"quarto-document-content\"> — was it rendered by "
                        "the engine or Quarto?")
        return None
    header = next((e for e in document.iter() if e.get("id") == "title-block-header"), None)
    title_element = None
    subtitle = ""
    if header is not None:
        title_element = next((e for e in header.iter() if "title" in _classes(e) and e.tag == "h1"), None)
        sub = next((e for e in header.iter() if "subtitle" in _classes(e)), None)
        subtitle = _text(sub) if sub is not None else ""
    if title_element is None:
        title_element = next((e for e in main.iter("h1")), None)
    if title_element is None:
        problems.append(f"{shown}: has no <h1 class=\"title\"> — give {page.source} a title")
        return None
    title = _text(title_element)

    priority = _page_priority(document, page, priorities, problems)

    # The print document has its own chapter opener: drop the page's title block from the content.
    for parent in list(main.iter()):
        for child in list(parent):
            if child is header or child is title_element:
                _remove(parent, child)
    _strip_chrome(main)
    _table_floats_as_engine_writes_them(main)
    _plain_names(main)
    images.captions_as_alt_text(main)
    embedded = images.inline_images(main, page_file, output_dir, problems)
    if pictures is not None:
        pictures += embedded
    images.svg_pictures_as_images(main)
    cells.soften_long_words(main)
    glyphs.plain_subscripts(main)
    lists.keep_start_numbers(main)

    landscape = any(_table_columns(table) >= WIDE_TABLE_COLUMNS and not table_widths.fits_portrait(table)
                    for table in main.iter("table"))
    table_widths.fit_tables(main, landscape)
    keep_short_tables_whole(main)
    if priority is not None:
        kicker = priority_kicker(priority_numbers[priority.id])
    elif page.appendix:
        kicker = "Appendix"
    else:
        kicker = page.part or ""
    chapter = Chapter(page, title, subtitle, priority, kicker, landscape)
    return chapter, main


def priority_kicker(number: int) -> str:
    """The line above a priority chapter's title: the first row of data/priorities.csv is the core
    mission that the priorities serve, not a priority ("five priorities serve it"), so its chapter
    is 'Core mission' and the next ones 'Priority 1' to 'Priority 5', as the report counts them."""
    return "Core mission" if number == 1 else f"Priority {number - 1}"


FLOAT_NUMBER = re.compile(r"^(\s*)(Table|Figure)(\s|\u00a0)+(\d+)(?=\s*[:.]|\s*$)")


def chapter_labels(pages: list[Page]) -> dict[str, str]:
    """Each page's number in the print book: 1, 2 … for chapters in order, A, B … for appendices."""
    labels, chapter, appendix = {}, 0, 0
    for page in pages:
        if page.appendix:
            labels[page.html] = chr(ord("A") + appendix)
            appendix += 1
        else:
            chapter += 1
            labels[page.html] = str(chapter)
    return labels


def _renumber(text: str, label: str) -> str:
    return FLOAT_NUMBER.sub(lambda m: f"{m.group(1)}{m.group(2)} {label}.{m.group(4)}", text, count=1)


def number_floats(main: Element, label: str) -> None:
    """Number a page's tables and figures by chapter ("Table 1" on the site becomes "Table 6.1" in
    print), in captions and in the cross-references that point at them, on Quarto's HTML and ours."""
    for element in main.iter():
        if element.tag in ("caption", "figcaption") or (element.tag == "a" and (element.get("href") or "").startswith("#")):
            if element.text and FLOAT_NUMBER.match(element.text):
                element.text = _renumber(element.text, label)
            elif element.tag == "a" and len(element) and (element[0].text or "") and FLOAT_NUMBER.match(element[0].text):
                element[0].text = _renumber(element[0].text, label)
        elif "quarto-float-caption" in _classes(element) and element.text and FLOAT_NUMBER.match(element.text):
            element.text = _renumber(element.text, label)


def _fragment(element: Element) -> str:
    return tostring(element, encoding="unicode", method="html")


def section_html(chapter: Chapter, main: Element) -> str:
    classes = ["chapter"]
    if chapter.priority:
        classes.append(f"priority-{chapter.priority.id}")
    if chapter.page.appendix:
        classes.append("appendix")
    if chapter.landscape:
        classes.append("landscape")
    opener = ['<header class="chapter-opener">']
    if chapter.kicker:
        opener.append(f'<p class="kicker">{escape(chapter.kicker)}</p>')
    opener.append(f'<h1 class="chapter-title">{escape(chapter.title)}</h1>')
    if chapter.subtitle:
        opener.append(f'<p class="chapter-subtitle">{escape(chapter.subtitle)}</p>')
    opener.append("</header>")
    inner = escape(main.text or "") + "".join(_fragment(child) for child in main)
    return (f'<section class="{" ".join(classes)}" id="{links.page_anchor(chapter.page.slug)}">'
            + "".join(opener) + f'<div class="chapter-body">{inner}</div></section>')


def _css_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\A ") + '"'


def generated_css(book: Book, priorities: list[Priority]) -> str:
    """CSS made from project data: the shipped font files, priority colours, the running footer text."""
    rules = fonts.always_rules()
    rules.append(f"html, code, pre, kbd, samp {{ font-family: {fonts.stack()}; }}")
    rules.append(f"@page {{ @bottom-left {{ font-family: {fonts.stack()}; }} @bottom-right {{ font-family: {fonts.stack()}; }} }}")
    for priority in priorities:
        rules.append(f".priority-{priority.id} {{ --priority: {priority.colour}; }}")
    rules.append(f"@page {{ @bottom-left {{ content: {_css_string(book.title)} \"  ·  \" string(chapter); }} }}")
    rules.append("@page cover { @bottom-left { content: none; } }")
    # The contents printed apart from the chapters gives page numbers as text (parts.py).
    rules.append('.contents-entry a[data-page]::after { content: leader(".") attr(data-page); }')
    return "\n".join(rules)


def cover_html(book: Book, priorities: list[Priority]) -> str:
    year = str(book.year)
    title = book.title
    if title.endswith(year):
        title = title[: -len(year)].rstrip(" -–—")
    stripes = "".join(f'<span style="background: {p.colour}"></span>' for p in priorities)
    parts = ['<section class="cover" id="cover">', '<div class="cover-inner">',
             f'<h1 class="cover-title">{escape(title)}</h1>',
             f'<p class="cover-year">{escape(year)}</p>']
    if book.subtitle:
        parts.append(f'<p class="cover-subtitle">{escape(book.subtitle)}</p>')
    parts.append("</div>")
    parts.append(f'<div class="cover-stripes" aria-hidden="true">{stripes}</div>')
    footer = [escape(book.author)] if book.author else []
    if book.site_url:
        footer.append(escape(urlsplit(book.site_url).netloc or book.site_url))
    parts.append(f'<p class="cover-by">{"<br>".join(footer)}</p>')
    parts.append("</section>")
    return "".join(parts)


def contents_html(chapters: list[Chapter], numbers: dict[str, int] | None = None, link_prefix: str = "") -> str:
    """The contents page. With `numbers` (page slug → first page), each entry carries its page number
    as text (``data-page``) instead of asking WeasyPrint for ``target-counter``, and its link starts with
    `link_prefix` (the contents is then printed apart from the chapters it points at)."""
    items = ['<nav class="contents" id="contents" aria-label="Contents">', '<h1 class="contents-title">Contents</h1>',
             "<ol>"]
    group = None
    for chapter in chapters:
        heading = "Appendices" if chapter.page.appendix else chapter.page.part
        if heading != group and heading:
            items.append(f'<li class="contents-group">{escape(heading)}</li>')
        group = heading
        css = "contents-entry" + (f" priority-{chapter.priority.id}" if chapter.priority else "")
        page = f' data-page="{numbers[chapter.page.slug]}"' if numbers is not None else ""
        items.append(f'<li class="{css}"><a href="{link_prefix}#{links.page_anchor(chapter.page.slug)}"{page}>'
                     f"{escape(chapter.title)}</a></li>")
    items.append("</ol></nav>")
    return "".join(items)


def read_pages(book: Book, priorities: list[Priority], output_dir: Path,
               read_page=read_chapter) -> list[tuple[Chapter, Element]]:
    """Every page of the book read in this process (by `read_page`, ``read_chapter``'s signature:
    pdf/page_cache.py gives one that keeps what it read) and placed in the book (``place_page``);
    BuildError lists every page problem found. (The PDF reads each page in the process that prints
    it instead: parts.py.)"""
    problems: list[str] = []
    by_id = {p.id: p for p in priorities}
    numbers = {p.id: n for n, p in enumerate(priorities, 1)}
    read = [read_page(output_dir, page, by_id, numbers, problems) for page in book.pages]
    if problems:
        raise BuildError(PAGE_PROBLEMS + "\n".join(problems))
    pages = [item for item in read if item is not None]
    slugs = {chapter.page.html: chapter.page.slug for chapter, _ in pages}
    ids = {chapter.page.html: links.collect_ids(main) for chapter, main in pages}
    labels = chapter_labels([chapter.page for chapter, _ in pages])
    for chapter, main in pages:
        place_page(chapter, main, book.site_url, slugs, ids, labels[chapter.page.html])
    return pages


# What a BuildError listing page problems starts with.
PAGE_PROBLEMS = "the PDF could not be made:\n"


def place_page(chapter: Chapter, main: Element, site_url: str, slugs: dict[str, str], ids: dict[str, set[str]],
               label: str, unknown=None) -> None:
    """Make one read page a chapter of the book: its links pointed inside the book (``links.rewrite_links``
    with `slugs`, `ids`, `site_url` and `unknown`), its ids prefixed, its tables and figures numbered
    by its chapter `label` (``chapter_labels``), its kicker given the chapter's number."""
    links.rewrite_links(main, chapter.page.html, slugs, ids, site_url, unknown)
    links.prefix_ids(main, chapter.page.slug)
    number_floats(main, label)
    number = ("Appendix " if chapter.page.appendix else "Chapter ") + label
    chapter.kicker = number if chapter.kicker in ("", "Appendix") else f"{number} · {chapter.kicker}"


def head_html(book: Book, priorities: list[Priority]) -> str:
    """The print document from its doctype to just before ``</head>``: metadata and every style."""
    css = (files("luton2040.pdf") / "styles" / "print.css").read_text(encoding="utf-8")
    keywords = ", ".join([book.title, str(book.year)] + [p.title for p in priorities])
    description = f"{book.title}: {book.subtitle}" if book.subtitle else book.title
    head = [f'<!DOCTYPE html>\n<html lang="{escape(book.lang)}"><head><meta charset="utf-8">',
            f"<title>{escape(book.title)}</title>",
            f'<meta name="author" content="{escape(book.author)}">' if book.author else "",
            f'<meta name="description" content="{escape(description)}">',
            f'<meta name="keywords" content="{escape(keywords)}">',
            '<meta name="generator" content="luton2040 (WeasyPrint)">',
            f'<meta name="dcterms.created" content="{book.date.isoformat()}">',
            f'<meta name="dcterms.modified" content="{book.date.isoformat()}">',
            f"<style>\n{generated_css(book, priorities)}\n{css}</style>"]
    return "".join(head)


def assemble(book: Book, priorities: list[Priority], output_dir: Path) -> str:
    """Build the print HTML for the whole book as one document; BuildError lists every page problem found."""
    pages = read_pages(book, priorities, output_dir)
    body = [cover_html(book, priorities), contents_html([chapter for chapter, _ in pages])]
    body += [section_html(chapter, main) for chapter, main in pages]
    text, head = "\n".join(body), head_html(book, priorities)
    faces = "".join(f"<style>\n{rule}\n</style>" for rule in images.face_rules(head, text))
    return head + faces + "</head><body>" + text + "</body></html>\n"
