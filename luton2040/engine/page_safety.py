"""Defence in depth for the finished pages: partner text sanitised again, every page audited.

The partner checker (``luton2040.data.partners``) already refuses anything but plain markdown, so this
module should never change a page. It exists so that one mistake in that checker, in pandoc, or in a
template cannot put script on the published site:

* each ``<div class="partner-contribution">`` region (text from outside the council) is passed
  through the ``nh3`` allow-list sanitiser: only the tags and attributes pandoc writes for the
  allowed markdown, and only https/mailto/tel (or relative) links;
* every page is then audited as a whole: a ``<script>`` with inline code or a source that is not a
  file of the site, any ``on…=`` event attribute, a ``javascript:``, ``vbscript:`` or ``file:``
  address, or an ``<iframe>``/``<object>``/``<embed>`` fails the build, naming the page. A screen
  (``_plainly_safe``) passes most pages without html.parser walking every token; any page it cannot
  show safe gets the full audit, which alone decides and writes the messages.

Pages also carry a Content-Security-Policy (``CSP``, set by the page template) that forbids inline
script, so a browser refuses to run anything that got past both.
"""
from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

from luton2040.errors import BuildError

CSP = ("default-src 'self' file: data:; script-src 'self' file: 'wasm-unsafe-eval'; "
       "style-src 'self' file: 'unsafe-inline'; img-src 'self' file: data:; object-src 'none'; "
       "base-uri 'none'; form-action 'none'")

PARTNER_TAGS = {"a", "blockquote", "br", "caption", "code", "col", "colgroup", "del", "em", "figcaption",
                "figure", "h3", "h4", "h5", "h6", "header", "hr", "img", "li", "ol", "p", "pre", "q", "section",
                "span", "strong", "sub", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul", "s"}
PARTNER_ATTRIBUTES = {"*": {"id", "class"}, "a": {"href", "title"}, "img": {"src", "alt", "title", "width", "height"},
                      "ol": {"start", "type"}, "td": {"colspan", "rowspan"}, "th": {"colspan", "rowspan", "scope"},
                      "col": {"width"}}
#: the one style a partner's table keeps: the column alignment pandoc writes for ``|--:|`` (and
#: Quarto alike), as these exact values; any other style is dropped with the attribute
ALIGNMENTS = {f"text-align: {side};" for side in ("left", "right", "center")}
PARTNER_ATTRIBUTE_VALUES = {"td": {"style": ALIGNMENTS}, "th": {"style": ALIGNMENTS}}
# Pandoc writes the chapter's ::: {.partner-contribution} block as a <section> (it starts with a
# heading and sections are on) or a <div>; the region ends at the matching closing tag.
_REGION = re.compile(r'<(div|section)\b[^>]*\bclass="[^"]*\bpartner-contribution\b[^"]*"[^>]*>')
#: an address that runs script or reads the reader's own files: by its scheme, the colon included ("files/a.pdf"
#: and "javascript-free.html" are pages and files of the site)
BAD_URL = re.compile(r"^\s*(?:(?:javascript|vbscript|file)\s*:|data\s*:\s*text/html)", re.IGNORECASE)
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "poster", "xlink:href", "srcset"}
BANNED_TAGS = {"iframe", "object", "embed", "frame", "frameset", "base", "form"}


def sanitise_partner_regions(page: str) -> str:
    """The page with every partner-contribution region's inner HTML passed through nh3."""
    import nh3

    out, position = [], 0
    for match in _REGION.finditer(page):
        if match.start() < position:
            continue
        name = match.group(1)
        depth, end = 1, None
        for tag in re.finditer(rf"<{name}\b|</{name}>", page[match.end():]):
            depth += 1 if tag.group() == f"<{name}" else -1
            if depth == 0:
                end = match.end() + tag.start()
                break
        if end is None:
            raise BuildError(f"a partner contribution's <{name}> is never closed — report this as a bug")
        inner = page[match.end():end]
        clean = nh3.clean(inner, tags=PARTNER_TAGS, attributes=PARTNER_ATTRIBUTES, link_rel=None,
                          tag_attribute_values=PARTNER_ATTRIBUTE_VALUES, url_schemes={"https", "mailto", "tel"},
                          strip_comments=True)
        out += [page[position:match.end()], clean]
        position = end
    out.append(page[position:])
    return "".join(out)


def as_browsers_read(value: str) -> str:
    """An address as a browser's URL parser reads it: tabs and line breaks anywhere dropped, control
    characters and spaces at the start too (so ``java&#9;script:`` is ``javascript:``)."""
    return re.sub(r"[\t\n\r]", "", value).lstrip("".join(map(chr, range(0x21))))


def _tag_problems(tag: str, attrs: list[tuple[str, str | None]], page: str, site_files: set[str]) -> list[str]:
    """What in one start tag (its name and attributes as html.parser gives them) could run script
    or read local files, in the order the audit names them."""
    problems = []
    for name, value in attrs:
        if name.startswith("on"):
            problems.append(f"an event attribute {name}= on <{tag}>")
        address = as_browsers_read(value) if name in URL_ATTRIBUTES and value else ""
        if BAD_URL.match(address):
            problems.append(f"a {address.split(':')[0].strip().lower()}: address in <{tag} {name}>")
    if tag in BANNED_TAGS:
        problems.append(f"an <{tag}> element")
    if tag == "script":
        src = dict(attrs).get("src")
        if not src:
            problems.append("a <script> with inline code")
        elif ":" in src or src.startswith("/") or _resolve(page, src) not in site_files:
            problems.append(f"a <script> from {src}, which is not a file of the site")
    return problems


class _Audit(HTMLParser):
    def __init__(self, site_files: set[str], page: str):
        super().__init__(convert_charrefs=True)
        self.site_files, self.page = site_files, page
        self.problems: list[str] = []
        self.in_script = False

    def handle_starttag(self, tag, attrs):
        where = f"line {self.getpos()[0]}"
        self.problems += [f"{where}: {problem}" for problem in _tag_problems(tag, attrs, self.page, self.site_files)]
        if tag == "script":
            self.in_script = True

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag == "script":
            self.in_script = False

    def handle_endtag(self, tag):
        if tag == "script":
            self.in_script = False

    def handle_data(self, data):
        if self.in_script and data.strip():
            self.problems.append(f"line {self.getpos()[0]}: a <script> with inline code")


def _resolve(page: str, src: str) -> str:
    import posixpath

    return posixpath.normpath(posixpath.join(posixpath.dirname(page), src.split("?")[0].split("#")[0]))


def audit(page_html: str, page: str, site_files: set[str]) -> list[str]:
    """What in ``page_html`` could run script or read local files (empty when the page is safe)."""
    if _plainly_safe(page_html, page, site_files):
        return []
    return _full_audit(page_html, page, site_files)


def _full_audit(page_html: str, page: str, site_files: set[str]) -> list[str]:
    """``audit`` by html.parser over the whole page: every problem, with its line."""
    parser = _Audit(site_files, page)
    parser.feed(page_html)
    parser.close()
    return list(dict.fromkeys(parser.problems))


# -- the screen: most pages shown safe without walking html.parser over every token ------------------
#
# html.parser reports a start tag only where ``<`` is followed by an ASCII letter, and only start tags
# (their names and attributes) and the text inside a <script> can be problems. So a page is safe when
# every ``<`` + letter in it, wherever it stands (in text, a comment, an attribute value: the screen
# looks at every one and need not know), is either
#   * a plain tag that no HTML reader can read two ways and that plainly breaks no rule
#     (``_PLAIN_TAG``): an ASCII name that neither is nor begins with script or a banned element;
#     ASCII attribute names, none beginning "on", apart by ASCII white space; values only in double
#     quotes; an address attribute's value holding no ``&`` (so no entity to decode) and no control
#     character (which a browser drops: ``as_browsers_read``), not beginning as ``BAD_URL`` says; or
#   * a tag that html.parser's own ``parse_starttag``, reading the whole page from that ``<``, finds
#     breaking no rule (``_tag_problems``), and, if it is a <script>, directly followed by
#     ``</script>`` (so it holds no text).
# Anything else (or ``<![``, which html.parser can refuse with an error) and the page gets the full
# audit, which alone writes the messages: the screen answers only "safe" or "look properly".
_SPACE = r"[ \t\n\r\f]"
_NAME = r"[a-zA-Z_:][-a-zA-Z0-9_:.]*"
_VALUE = '"[^"]*"'
_ADDRESS_NAME = "(?i:" + "|".join(sorted(map(re.escape, URL_ATTRIBUTES))) + r")(?=[=\s/>])"
assert BAD_URL.pattern.startswith("^")
_ADDRESS_VALUE = '"(?!(?i:' + BAD_URL.pattern[1:] + '))[^"&\\x00-\\x1f]*"'  # (no control character: see as_browsers_read)
_PLAIN_TAG = ("(?!(?i:" + "|".join(sorted({"script", *BANNED_TAGS})) + "))[a-zA-Z][a-zA-Z0-9-]*"
              f"(?:{_SPACE}+(?!(?i:on))(?:{_ADDRESS_NAME}(?:={_ADDRESS_VALUE})?|(?!{_ADDRESS_NAME}){_NAME}(?:={_VALUE})?))*"
              f"{_SPACE}*/?>")
_TAG_TO_READ = re.compile(f"<(?!{_PLAIN_TAG})[a-zA-Z]")


class _StartTags(HTMLParser):
    """html.parser's own reading of single start tags (``parse_starttag``), nothing else."""

    def __init__(self, page_html: str):
        super().__init__(convert_charrefs=True)
        self.rawdata = page_html
        self.read: list[tuple[str, list]] = []

    def handle_starttag(self, tag, attrs):
        self.read.append((tag, attrs))


def _plainly_safe(page_html: str, page: str, site_files: set[str]) -> bool:
    """True only if ``_full_audit`` would find nothing in the page (see the screen above); False
    means "not shown here", not "unsafe"."""
    if "<![" in page_html:
        return False
    tags = None
    for match in _TAG_TO_READ.finditer(page_html):
        tags = tags or _StartTags(page_html)
        try:
            end = tags.parse_starttag(match.start())
        except Exception:  # html.parser's own surprise: the full audit meets it too
            return False
        if end < 0:
            return False
        for tag, attrs in tags.read:
            if _tag_problems(tag, attrs, page, site_files):
                return False
            if tag == "script" and not page_html.startswith("</script>", end):
                return False
        tags.read.clear()
    return True


def secure_pages(folder: Path, pages: list[str], site_files: list[str], memo: Path | None = None) -> None:
    """Sanitise the partner regions of every page in ``folder`` and audit it; BuildError if unsafe.

    ``memo``: a folder remembering the pages found safe (by their bytes, path and the site's file
    list), so an unchanged page is not parsed again; it keeps only this call's pages."""
    audit = PageAudit(folder, pages, site_files, memo)
    audit.pages(pages)
    audit.finish()


#: the page whose references start at the site's path (engine/not_found.py, as Quarto writes it)
NOT_FOUND_PAGE = "404.html"


def _relative_scripts(page_html: str, site_path: str) -> str:
    """The 404 page (at the site's root) with each <script src> that starts at the site's path made
    relative again, so the audit checks it against the site's files as on any other page; a
    script from any other absolute path is still refused."""
    return re.sub(r'(<script\b[^>]*?\ssrc=")' + re.escape(site_path) + r'(?!/)', r"\1", page_html)


class PageAudit:
    """``secure_pages`` in steps, for a site written in steps: ``pages`` sanitises and audits some
    of ``every`` page (``safe()`` says whether every page so far passed), ``finish`` raises
    BuildError naming every unsafe page of all the steps in ``every``'s order (the message
    ``secure_pages`` gives), and updates the memo."""

    def __init__(self, folder: Path, every: list[str], site_files: list[str], memo: Path | None = None,
                 site_path: str = "/") -> None:
        import hashlib

        self.folder, self.memo, self.site_path = folder, memo, site_path
        self.order = {page: i for i, page in enumerate(every)}
        self.files = set(site_files)
        self.listing = hashlib.sha256("\n".join(sorted(self.files)).encode()).hexdigest()
        self.problems: list[tuple[str, str]] = []
        self.found_safe: set[str] = set()

    def safe(self) -> bool:
        return not self.problems

    def pages(self, pages: list[str]) -> None:
        import hashlib

        for page in pages:
            path = self.folder / page
            text = path.read_text(encoding="utf-8")
            clean = sanitise_partner_regions(text)
            if clean != text:
                path.write_text(clean, encoding="utf-8")
            mark = hashlib.sha256(f"{page}\0{self.listing}\0{clean}".encode()).hexdigest()[:40]
            if self.memo is not None and (self.memo / mark).is_file():
                self.found_safe.add(mark)
                continue
            found = audit(_relative_scripts(clean, self.site_path) if page == NOT_FOUND_PAGE else clean,
                          page, self.files)
            self.problems += [(page, f"{page}: {p}") for p in found]
            if not found:
                self.found_safe.add(mark)

    def finish(self) -> None:
        memo = self.memo
        problems = [p for _, p in sorted(self.problems, key=lambda found: self.order.get(found[0], len(self.order)))]
        if problems:
            raise BuildError("pages would carry script or local addresses, so nothing was published:\n"
                             + "\n".join(problems[:50]) + "\n— remove what each line names from its source")
        if memo is not None:
            memo.mkdir(parents=True, exist_ok=True)
            for old in memo.iterdir():
                if old.name not in self.found_safe:
                    old.unlink(missing_ok=True)
            for mark in self.found_safe:
                (memo / mark).touch()
