"""Get a process ready to print before there is anything to print (``luton2040 build`` starts its PDF
process while the site is still being made: build.PdfAlongside).

Importing WeasyPrint takes about half a second of CPU (its C declarations are parsed at import), and
its first print in a process another tenth or two (C types made on first use, the font machinery):
a warmed process has imported WeasyPrint, pikepdf and this package's print code and printed one small
page in the book's design. Nothing of it reaches a print: every part is laid out from its own HTML,
and a part printed in a warmed process is byte for byte one printed in a fresh one (the tests say so).
"""
from __future__ import annotations

import os
from datetime import date
from pathlib import Path

from luton2040.pdf.assemble import head_html
from luton2040.pdf.book import Book, Page, Priority
from luton2040.pdf.parts import PART_CSS, document

# A little of everything a chapter has: the opener, text in each weight and style, a link, a table, a figure.
SAMPLE = ('<section class="chapter" id="page-sample"><header class="chapter-opener"><p class="kicker">Chapter 1</p>'
          '<h1 class="chapter-title">Sample</h1></header><div class="chapter-body">'
          '<p>Text in <strong>bold</strong>, <em>italic</em> and <a href="#page-sample">a link</a>: CO<sub>2</sub>.</p>'
          '<table><caption>Table 1.1: Sample</caption><thead><tr><th>Measure</th><th>2025</th></tr></thead>'
          '<tbody><tr><td>Residents</td><td>1,000</td></tr></tbody></table>'
          '<figure><img alt="A sample chart" src="data:image/svg+xml;base64,'
          'PHN2ZyB4bWxucz0iaHR0cDovL3d3dy53My5vcmcvMjAwMC9zdmciIHdpZHRoPSI0MCIgaGVpZ2h0PSIyMCI+PHJlY3Qgd2lkdGg9IjQw'
          'IiBoZWlnaHQ9IjEwIiBmaWxsPSIjMWYyZDNhIi8+PHRleHQgeD0iMiIgeT0iMTgiIGZvbnQtc2l6ZT0iOCI+MjAyNTwvdGV4dD48L3N2Zz4=">'
          '<figcaption>Figure 1.1: Sample</figcaption></figure></div></section>')


def warm_up() -> None:
    """Import what printing needs and print one sample page (to the null device: nothing is kept)."""
    import pikepdf  # noqa: F401
    import weasyprint  # noqa: F401

    from luton2040.data import load, schema  # noqa: F401  (read_book's and read_priorities' readers)
    from luton2040.engine import config  # noqa: F401
    from luton2040.pdf import merge  # noqa: F401
    from luton2040.pdf.render import render_pdf
    from luton2040.pdf.workers import BASE_URL

    book = Book("Sample", "", "", date(2000, 1, 1), "sample", "", "en-GB", (Page("s.qmd", "s.html", "s", None, False),))
    html = document(head_html(book, [Priority("sample", "Sample", "#1f2d3a")]), SAMPLE, PART_CSS)
    render_pdf(html, Path(os.devnull), base_url=BASE_URL)  # (nothing to keep, no folder to leave)
