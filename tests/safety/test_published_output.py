"""A book built twice in two different folders — once from scratch, once from a copy of another
folder's build and cache —: every published byte is the same, so outputs depend neither on the
folder nor on what the cache held (the real project's HTML, CSV, data package, SVG and PDF are
compared so in tests/test_freeze.py); and a partner text full of markup-like content reaches
neither the site nor the PDF of the real project as markup."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from luton2040.cli import main
from pdf_text import pdf_text
from project_copy import warm_copy
from safety_helpers import hashes, make_book

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
def tricky(tmp_path_factory, built_project) -> Path:
    """A copy of the session's build of the real project, with its cache, built again with the tricky
    partner text added (warm: these tests are about what is published, not about cold builds)."""
    root = warm_copy(built_project, tmp_path_factory.mktemp("tricky") / "report")
    _build(root)
    return root


def _build(root: Path) -> None:
    (root / PARTNER).write_text(TRICKY, encoding="utf-8")
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv("LUTON2040_EDITION", raising=False)
        assert main(["--project", str(root), "build", "--quiet"]) == 0


def test_two_builds_in_different_folders_are_byte_identical(tmp_path):
    """The safety book with the tricky partner text, built in two folders — once from scratch, once
    from a copy of another folder's build and cache — publishes the same bytes.

    This uses the small safety book, not the real project: the real project built in two folders,
    once from nothing and once incrementally from a copy of another folder's build and cache, is
    compared byte for byte — HTML, CSV, data package, SVG and PDF — by
    tests/test_freeze.py::test_only_the_changed_edition_is_rebuilt_and_every_byte_matches_a_cold_build,
    and a second cold build of the real project here would cost a minute for no further promise."""
    first = make_book(tmp_path / "first")
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv("LUTON2040_EDITION", raising=False)
        assert main(["--project", str(first), "build", "--quiet"]) == 0
    warm, cold = warm_copy(first, tmp_path / "warm"), make_book(tmp_path / "cold")
    for root in (warm, cold):
        _build(root)
    first, second = (hashes(root / SITE) for root in (warm, cold))
    assert sorted(first) == sorted(second)
    assert {".html", ".png"} <= {Path(name).suffix for name in first}
    different = [name for name in first if first[name] != second[name]]
    assert different == []


PUBLISHED = """<section id="safe-bcheckb-co" class="level3 partner-contribution">
<h3>Safe &lt;b&gt;Check&lt;/b&gt; &amp; Co</h3>
<p>We wrote &lt;iframe src=“x”&gt; as text, and <code>&lt;script&gt;alert("code span")&lt;/script&gt;</code> as code.</p>
<p>Read <a href="https://example.org/report" title="A &lt;b&gt;title&lt;/b&gt;">our report</a> or write to \
<a href="mailto:hello@example.org" class="uri">mailto:hello@example.org</a>.</p>
</section>"""


def test_the_tricky_partner_text_arrives_as_text_on_the_site(tricky):
    page = (tricky / SITE / "chapters/poverty.html").read_text(encoding="utf-8")
    start = page.index('<section id="safe-bcheckb-co"')
    assert page[start:page.index("</section>", start) + len("</section>")] == PUBLISHED


def test_no_partner_markup_or_editor_note_anywhere_in_the_site(tricky):
    site = tricky / SITE
    for path in site.rglob("*"):
        if path.suffix in (".html", ".js", ".json", ".csv", ".txt", ".xml"):
            text = path.read_text(encoding="utf-8", errors="replace")
            assert "HIDDEN-NOTE" not in text, path
            assert 'alert("in a comment")' not in text, path
            assert "<iframe" not in text.lower(), path
            assert "<script>alert" not in text, path


def test_the_pdf_has_the_text_but_no_scripts_or_unsafe_links(tricky):
    pdf = next((tricky / SITE).glob("*.pdf"))
    data = pdf.read_bytes()
    assert b"/JavaScript" not in data and b"/JS " not in data and b"/JS(" not in data and b"/Launch" not in data
    reader = PdfReader(pdf)
    flat = " ".join(pdf_text(pdf).split())
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
