"""The real project built twice in two different folders — once from scratch, once from a copy of
another folder's build and cache —: every published byte is the same (HTML, CSV, data package, PDF),
so outputs depend neither on the folder nor on what the cache held; and a partner text full of
markup-like content reaches neither the site nor the PDF as markup."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from luton2040.cli import main
from project_copy import warm_copy
from safety_helpers import copy_real_project, hashes, make_book

# A valid contribution whose text looks like markup: every piece must arrive as plain text, or not at all.
TRICKY = """---
organisation: "Safe <b>Check</b> & Co"
priority: poverty
edition: 2025
order: 99
---

We wrote &lt;iframe src="x"&gt; as text, and `<script>alert("code span")</script>` as code.

<!-- HIDDEN-NOTE <script>alert("in a comment")</script> -->

Read [our report](https://example.org/report "A <b>title</b>") or write to <mailto:hello@example.org>.
"""
PARTNER = "partners/poverty/safe-check.md"
SITE = "_site"


@pytest.fixture(scope="module")
def two_builds(tmp_path_factory, built_project) -> tuple[Path, Path]:
    """(warm, cold): a copy of the session's build with its cache, and a fresh copy of the sources."""
    roots = []
    for name, copy in (("warm", warm_copy), ("cold", lambda _, target: copy_real_project(target))):
        root = copy(built_project, tmp_path_factory.mktemp(name) / "report")
        (root / PARTNER).write_text(TRICKY, encoding="utf-8")
        with pytest.MonkeyPatch.context() as patch:
            patch.delenv("LUTON2040_EDITION", raising=False)
            assert main(["--project", str(root), "build", "--quiet"]) == 0
        roots.append(root)
    return roots[0], roots[1]


def test_two_builds_in_different_folders_are_byte_identical(two_builds):
    first, second = (hashes(root / SITE) for root in two_builds)
    assert sorted(first) == sorted(second)
    assert {".html", ".csv", ".pdf", ".svg"} <= {Path(name).suffix for name in first}
    different = [name for name in first if first[name] != second[name]]
    assert different == []


PUBLISHED = """<section id="safe-bcheckb-co" class="level3 partner-contribution">
<h3>Safe &lt;b&gt;Check&lt;/b&gt; &amp; Co</h3>
<p>We wrote &lt;iframe src=“x”&gt; as text, and <code>&lt;script&gt;alert("code span")&lt;/script&gt;</code> as code.</p>
<p>Read <a href="https://example.org/report" title="A &lt;b&gt;title&lt;/b&gt;">our report</a> or write to \
<a href="mailto:hello@example.org" class="uri">mailto:hello@example.org</a>.</p>
</section>"""


def test_the_tricky_partner_text_arrives_as_text_on_the_site(two_builds):
    page = (two_builds[0] / SITE / "chapters/poverty.html").read_text(encoding="utf-8")
    start = page.index('<section id="safe-bcheckb-co"')
    assert page[start:page.index("</section>", start) + len("</section>")] == PUBLISHED


def test_no_partner_markup_or_editor_note_anywhere_in_the_site(two_builds):
    site = two_builds[0] / SITE
    for path in site.rglob("*"):
        if path.suffix in (".html", ".js", ".json", ".csv", ".txt", ".xml"):
            text = path.read_text(encoding="utf-8", errors="replace")
            assert "HIDDEN-NOTE" not in text, path
            assert 'alert("in a comment")' not in text, path
            assert "<iframe" not in text.lower(), path
            assert "<script>alert" not in text, path


def test_the_pdf_has_the_text_but_no_scripts_or_unsafe_links(two_builds):
    pdf = next((two_builds[0] / SITE).glob("*.pdf"))
    data = pdf.read_bytes()
    assert b"/JavaScript" not in data and b"/JS " not in data and b"/JS(" not in data and b"/Launch" not in data
    reader = PdfReader(pdf)
    text = "\n".join(page.extract_text() for page in reader.pages)
    flat = " ".join(text.split())
    assert "Safe <b>Check</b> & Co" in flat
    assert '<script>alert("code span")</script>' in flat.replace("“", '"').replace("”", '"')
    assert "HIDDEN-NOTE" not in flat and "in a comment" not in flat
    uris = []
    for page in reader.pages:
        for annot in page.get("/Annots") or []:
            action = annot.get_object().get("/A")
            if action and action.get_object().get("/URI"):
                uris.append(str(action.get_object()["/URI"]))
    assert "https://example.org/report" in uris
    assert all(uri.startswith(("https://", "http://", "mailto:")) for uri in uris), uris


@pytest.mark.parametrize("text", [
    '[our site](https://example.org){onmouseover="alert(1)"}',
    '[hello]{onclick="alert(1)"}',
    '### News {onclick="alert(1)"}',
    '`code`{onclick="alert(1)"}',
])
def test_pandoc_attributes_in_partner_text_are_refused(tmp_path, capsys, text):
    book = make_book(tmp_path / "book")
    partner = book / "partners/poverty/example-food-project.md"
    partner.write_text(partner.read_text() + "\n" + text + "\n")
    assert main(["--project", str(book), "check"]) == 1
