"""The site's "page not found" page (``404.qmd`` at the project's root) as Quarto 1.7.34 writes it.

A web server shows ``404.html`` for an address with no page, at whatever depth the address was
(``/chapters/no-such-page``), so the page's links cannot be relative. Quarto makes every local
reference of that page start at the site's path instead: the path of ``website.site-url``, or
``/`` without one (quarto-cli src/project/types/website/website-resources.ts,
``htmlResourceResolverPostprocessor``: ``forceRoot`` when the page's href is ``/404.html``, and
``resolveTag``; src/project/types/website/website-config.ts, ``websitePath``; the tags and
attributes are ``kHtmlResourceTags`` in src/core/html.ts and a local reference is one that
``isFileRef`` in src/core/http.ts accepts). Quarto also leaves the page out of ``sitemap.xml`` and
the search index (website.ts, ``websitePostRender``), and gives its search the site's path as
its root (website-search.ts, ``quarto:offset``).
"""
from __future__ import annotations

import html
import re
from urllib.parse import urlsplit

#: the page Quarto treats so: ``404.qmd`` (or ``404.md``) at the project's root
OUTPUT = "404.html"

# src/core/html.ts, kHtmlResourceTags
_RESOURCE_TAGS = {"a": ("href",), "img": ("src", "data-src"), "link": ("href",), "script": ("src",),
                  "embed": ("src",), "iframe": ("src",), "section": ("data-background-image", "data-background-video"),
                  "source": ("src",)}
_TAG = re.compile(r"<(%s)\b[^>]*>" % "|".join(_RESOURCE_TAGS), re.IGNORECASE)
_ATTRIBUTE = re.compile(r'(\s)([\w-]+)="([^"]*)"')


def site_path(site_url: str) -> str:
    """The path every reference of the 404 page starts with (website-config.ts, ``websitePath``):
    the path of ``site-url`` ending in ``/``, or ``/``."""
    if not site_url:
        return "/"
    path = urlsplit(site_url).path or "/"
    return path if path.endswith("/") else path + "/"


def _is_file_ref(href: str) -> bool:
    """src/core/http.ts, ``isFileRef``: no ``scheme:`` and not a ``#fragment``."""
    return not re.match(r"^\w+:", href) and not href.startswith("#")


def _rooted(href: str, root: str) -> str:
    """website-resources.ts, ``resolveTag`` with ``forceRoot``."""
    if not href.startswith("/"):
        return root + href
    if not href.startswith(root):
        return root + href[1:]
    return href


def force_root(page: str, root: str) -> str:
    """``page`` (the whole HTML) with every local reference of its resource tags starting at ``root``."""
    def tag(match: re.Match) -> str:
        names = _RESOURCE_TAGS[match.group(1).lower()]

        def attribute(m: re.Match) -> str:
            name, value = m.group(2), html.unescape(m.group(3))
            if name not in names or not value or not _is_file_ref(value):
                return m.group(0)
            return f'{m.group(1)}{name}="{html.escape(_rooted(value, root))}"'

        return _ATTRIBUTE.sub(attribute, match.group(0))

    return _TAG.sub(tag, page)
