"""The text of a PDF, as poppler's pdftotext reads it (in reading order, a form feed between pages):
the same words pypdf extracts, in a tenth of a second instead of seconds for the real report."""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest


def pdf_text(pdf: Path) -> str:
    if shutil.which("pdftotext") is None:
        pytest.fail("pdftotext is not installed — run scripts/bootstrap.sh test (or apt-get install poppler-utils)",
                    pytrace=False)
    return subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout


def structure(pdf) -> list[tuple[str, tuple[int, int] | None, int]]:
    """Every element of a tagged PDF's structure tree (a pypdf ``PdfReader``), in reading order:
    (its type, such as '/H2' or '/P'; the first and last page its content is on, 1-based, or None
    when it marks nothing; the index of the element after its last descendant). WeasyPrint gives
    each page's part of a box an element of its own, so a section split by a page break is two."""
    from pypdf.generic import ArrayObject, DictionaryObject, NumberObject

    pages = {page.indirect_reference.idnum: n for n, page in enumerate(pdf.pages, 1)}
    found: list = []

    def kids(element):
        k = element.get("/K")
        items = [] if k is None else k if isinstance(k, (list, ArrayObject)) else [k]
        return [x.get_object() if hasattr(x, "get_object") else x for x in items]

    def walk(element):
        at = len(found)
        found.append(None)
        marked = [pages[element.raw_get("/Pg").idnum]] if "/Pg" in element and any(
            isinstance(k, (int, NumberObject)) or (isinstance(k, DictionaryObject) and k.get("/Type") in ("/MCR", "/OBJR"))
            for k in kids(element)) else []
        for k in kids(element):
            if isinstance(k, DictionaryObject) and k.get("/S"):
                marked += walk(k) or []
        span = (min(marked), max(marked)) if marked else None
        found[at] = (str(element.get("/S")), span, len(found))
        return list(span) if span else None

    walk(pdf.trailer["/Root"]["/StructTreeRoot"].get_object())
    return found
