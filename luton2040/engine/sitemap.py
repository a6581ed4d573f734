"""``sitemap.xml`` and ``robots.txt`` as Quarto writes them for a website with ``site-url``
(quarto-cli src/project/types/website/website-sitemap.ts, template
src/resources/projects/website/templates/sitemap.ejs.xml): one ``<url>`` per page, its address
the site URL plus the page's path; and a ``robots.txt`` naming the sitemap unless the project has
its own ``robots.txt``, which is copied.

One deliberate difference: Quarto adds ``<lastmod>``, the modification time of each page's source
file. The engine leaves it out (it is optional in the sitemap protocol), because file times differ
between two checkouts, and the engine's promise is that an incremental build and a cold build of
the same sources are identical byte for byte."""
from __future__ import annotations

import html


def base_url(site_url: str) -> str:
    return site_url if site_url.endswith("/") else site_url + "/"


def sitemap_xml(site_url: str, pages: list[str]) -> str:
    """``pages``: output paths such as ``chapters/x.html``, in the order to list them."""
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    for output in pages:
        lines += ["  <url>", f"    <loc>{html.escape(base_url(site_url) + output)}</loc>", "  </url>"]
    return "\n".join(lines + ["</urlset>"]) + "\n"


def robots_txt(site_url: str) -> str:
    return f"Sitemap: {base_url(site_url)}sitemap.xml\n"
