"""Make many site pages one document: unique ids, and links between pages turned into internal anchors."""
from __future__ import annotations

import posixpath
from urllib.parse import unquote, urlsplit
from xml.etree.ElementTree import Element

# Attributes whose value is a space-separated list of ids in the same page.
ID_LIST_ATTRIBUTES = ("aria-describedby", "aria-labelledby", "aria-controls", "aria-owns", "for", "headers")


def page_anchor(slug: str) -> str:
    """The id of the <section> that wraps a page."""
    return f"page-{slug}"


def id_anchor(slug: str, ident: str) -> str:
    """The id an element `ident` of page `slug` gets in the print document."""
    return f"{slug}--{ident}"


def collect_ids(root: Element) -> set[str]:
    """Every id used in a page."""
    return {element.get("id") for element in root.iter() if element.get("id")}


def prefix_ids(root: Element, slug: str) -> None:
    """Rename every id in a page, and every in-page reference to one, with the page's prefix."""
    ids = collect_ids(root)
    for element in root.iter():
        ident = element.get("id")
        if ident:
            element.set("id", id_anchor(slug, ident))
        for name in ID_LIST_ATTRIBUTES:
            value = element.get(name)
            if value:
                element.set(name, " ".join(id_anchor(slug, v) if v in ids else v for v in value.split()))


def resolve(page_html: str, path: str) -> str:
    """Resolve a relative link path against the page's location in the output dir."""
    joined = posixpath.normpath(posixpath.join(posixpath.dirname(page_html), unquote(path)))
    if path.endswith("/") or joined == ".":
        joined = posixpath.join(joined, "index.html") if joined != "." else "index.html"
    return joined


def rewrite_links(root: Element, page_html: str, slugs: dict[str, str], ids: dict[str, set[str]],
                  site_url: str, unknown=None) -> list[str]:
    """Point links at anchors inside the one document; return links that could not be kept.

    `slugs` maps each book page's html path to its slug, `ids` each html path to the ids it holds
    (before prefixing). A link to an id of a book page that `ids` does not cover becomes
    ``unknown(slug, id)`` (the page printed alone, parts.py, knows its own ids only); without
    `unknown` it points at that page. Links to pages outside the book become absolute `site_url`
    links; without a site url their href is dropped (the text stays) and they are returned for reporting.
    """
    dropped: list[str] = []
    for element in root.iter():
        for attribute in ("href", "{http://www.w3.org/1999/xlink}href"):
            href = element.get(attribute)
            if href is None:
                continue
            new = _rewrite(href.strip(), page_html, slugs, ids, site_url, unknown)
            if new is None:
                del element.attrib[attribute]
                dropped.append(href)
            else:
                element.set(attribute, new)
    return dropped


def _rewrite(href: str, page_html: str, slugs: dict[str, str], ids: dict[str, set[str]],
             site_url: str, unknown=None) -> str | None:
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or href == "":
        return href  # external (https:, mailto:, tel:, data: …) or empty
    target = resolve(page_html, parts.path) if parts.path else page_html
    fragment = unquote(parts.fragment)
    if target in slugs:
        slug = slugs[target]
        if fragment and unknown is not None and target not in ids:
            return unknown(slug, fragment)
        if fragment and fragment in ids.get(target, ()):
            return "#" + id_anchor(slug, fragment)
        return "#" + page_anchor(slug)
    if target.startswith("../"):
        return None  # outside the site: nothing sensible to point at
    if not site_url:
        return None
    return f"{site_url}/{target}" + (f"#{parts.fragment}" if parts.fragment else "")
