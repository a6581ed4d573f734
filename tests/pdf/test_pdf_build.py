"""The PDF built from the hand-made rendered site in tests/fixtures/site: structure, text, fonts, tags."""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from luton2040.pdf import build_pdf, print_html
from luton2040.pdf.render import harmful, render_pdf

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "site"
CHAPTERS = ["Welcome", "Our number one priority: poverty", "Net zero", "Appendix: all 40 measures"]


def copy_fixture(folder: Path) -> Path:
    shutil.copytree(FIXTURE, folder)
    return folder


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    project = copy_fixture(tmp_path_factory.mktemp("build") / "project")
    return build_pdf(project, project / "_site")


@pytest.fixture(scope="module")
def reader(built) -> PdfReader:
    return PdfReader(built)


def test_pdf_is_written_under_the_book_output_file_name(built):
    assert built.name == "testtown-report-2025.pdf"
    assert built.parent.name == "_site"
    assert built.read_bytes().startswith(b"%PDF-1.7")


def test_page_count_is_cover_contents_and_one_opener_per_chapter_plus_the_long_table(reader):
    # cover + contents + 4 chapters; the 40-row appendix table runs onto a second page.
    assert 6 <= len(reader.pages) <= 9


def test_each_chapter_starts_a_page_and_has_a_top_level_bookmark(reader):
    top = [item for item in reader.outline if not isinstance(item, list)]
    titles = [item.title for item in top]
    assert titles == ["Contents", *CHAPTERS]
    pages = [reader.get_destination_page_number(item) for item in top]
    assert pages == sorted(set(pages)), "each chapter must open on its own page"
    for number, title in zip(pages[1:], CHAPTERS):
        assert title in reader.pages[number].extract_text()


def test_sections_are_second_level_bookmarks_under_their_chapter(reader):
    outline = reader.outline
    index = next(i for i, item in enumerate(outline)
                 if not isinstance(item, list) and item.title == "Net zero")
    children = outline[index + 1]
    assert isinstance(children, list)
    assert [child.title for child in children] == ["Air quality", "What partners did"]


def test_pdf_is_tagged_pdf_ua_with_language(reader):
    root = reader.trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in root
    assert root["/Lang"] == "en-GB"
    assert b"pdfuaid" in root["/Metadata"].get_object().get_data()


def test_pdfinfo_sees_a_tagged_a4_pdf(built):
    if shutil.which("pdfinfo") is None:
        pytest.skip("poppler's pdfinfo is not installed (apt-get install poppler-utils)")
    info = subprocess.run(["pdfinfo", str(built)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"^Tagged:\s+yes$", info, re.M)
    assert re.search(r"^Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)$", info, re.M)


def test_every_font_is_embedded(reader):
    fonts = {}
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            fonts[font["/BaseFont"]] = font
    assert fonts
    assert any("Source-Sans-3" in name for name in fonts)
    for name, font in fonts.items():
        descendants = [d.get_object() for d in font.get("/DescendantFonts", [])] or [font]
        for descendant in descendants:
            descriptor = descendant["/FontDescriptor"].get_object()
            assert {"/FontFile2", "/FontFile3", "/FontFile"} & set(descriptor), f"{name} is not embedded"


def test_metadata_comes_from_the_book_and_dates_from_its_date(reader):
    meta = reader.metadata
    assert meta.title == "Testtown 2040 Progress Report 2025"
    assert meta.author == "Testtown 2040 Partnership"
    assert meta.subject == "Testtown 2040 Progress Report 2025: A fixture edition"
    assert meta["/CreationDate"].startswith("D:20250331")
    assert meta["/ModDate"].startswith("D:20250331")
    assert "Net zero" in meta["/Keywords"]


def test_text_has_chapters_table_values_and_partner_boxes_but_no_site_chrome(reader):
    text = "\n".join(page.extract_text() for page in reader.pages)
    for title in CHAPTERS:
        assert title in text
    assert "£2,500,000" in text
    assert "cannot assess" in text
    assert "Green Bus Company" in text
    assert "2025" in reader.pages[0].extract_text()
    for chrome in ("On this page", "DOMContentLoaded", "pagination", "Author"):
        assert chrome not in text


def test_wide_appendix_table_is_landscape_and_repeats_its_header(reader):
    landscape = [float(p.mediabox.width) > float(p.mediabox.height) for p in reader.pages]
    opener = next(reader.get_destination_page_number(item) for item in reader.outline
                  if not isinstance(item, list) and item.title == "Appendix: all 40 measures")
    assert len(reader.pages) - opener >= 2, "the 40-row table should run over more than one page"
    assert landscape == [False] * opener + [True] * (len(reader.pages) - opener)
    last = reader.pages[-1].extract_text()
    assert "Measure 40 of" in last
    assert "Baseline" in last and "Status" in last  # the header row is repeated


def test_cross_page_links_become_internal_and_outside_pages_use_the_site_url(reader):
    uris, internal = set(), 0
    for page in reader.pages:
        for annot in page.get("/Annots", []) or []:
            action = annot.get_object().get("/A")
            if action and "/URI" in action:
                uris.add(action["/URI"])
            elif annot.get_object().get("/Dest") is not None or (action and "/D" in action):
                internal += 1
    assert "https://testtown.example/measures/destitution.html" in uris
    assert "https://testtown.example/about" in uris
    assert not any(uri.startswith("file:") for uri in uris)
    assert internal >= 4 + 3  # contents entries plus the links in the text


def test_weasyprint_logs_no_warnings_on_the_fixture(tmp_path):
    project = copy_fixture(tmp_path / "project")
    messages = render_pdf(print_html(project, project / "_site"), tmp_path / "out.pdf", "file:///x/")
    assert harmful(messages) == []


def test_two_builds_are_byte_identical_even_from_different_folders(tmp_path, built):
    """Printed from nothing in a folder of another depth than ``built``'s. (A second print in the same
    folder is the cache's copy: tested below.)"""
    other = copy_fixture(tmp_path / "somewhere" / "else")
    assert build_pdf(other, other / "_site").read_bytes() == built.read_bytes()


def test_post_render_script_builds_the_pdf_from_quarto_environment(tmp_path):
    project = copy_fixture(tmp_path / "project")
    script = Path(__file__).resolve().parents[2] / "scripts" / "post_render.py"
    env = {"QUARTO_PROJECT_OUTPUT_DIR": "_site", "QUARTO_PROJECT_RENDER_ALL": "1",
           "PATH": "/usr/bin:/bin"}
    result = subprocess.run([sys.executable, str(script)], cwd=project, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert (project / "_site" / "testtown-report-2025.pdf").is_file()


@pytest.mark.parametrize("listed", [
    {"QUARTO_PROJECT_OUTPUT_FILES": "_site/index.html"},
    # Quarto writes the list to this file instead when the user names one (long lists overflow the
    # environment; quarto-cli src/command/render/project.ts), and then sets no QUARTO_PROJECT_OUTPUT_FILES
    {"QUARTO_USE_FILE_FOR_PROJECT_OUTPUT_FILES": "outputs.txt"},
])
def test_post_render_script_skips_a_partial_render(tmp_path, listed):
    project = copy_fixture(tmp_path / "project")
    script = Path(__file__).resolve().parents[2] / "scripts" / "post_render.py"
    env = {"QUARTO_PROJECT_OUTPUT_DIR": "_site", **listed, "PATH": "/usr/bin:/bin"}
    result = subprocess.run([sys.executable, str(script)], cwd=project, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "partial render" in result.stdout
    assert not (project / "_site" / "testtown-report-2025.pdf").exists()


def test_an_unchanged_book_reuses_the_printed_pdf_and_a_changed_one_is_printed_again(tmp_path):
    import shutil
    from luton2040.pdf import build_pdf
    project = tmp_path / "project"
    shutil.copytree(FIXTURE, project)
    target = build_pdf(project, project / "_site")
    first = target.read_bytes()
    cached = list((project / ".luton2040-cache" / "pdf").glob("*/*.pdf"))  # the book PDFs, not its parts
    assert len(cached) == 1 and cached[0].read_bytes() == first
    target.unlink()
    assert build_pdf(project, project / "_site").read_bytes() == first
    page = project / "_site" / "chapters" / "poverty.html"
    page.write_text(page.read_text().replace("</main>", "<p>One more line.</p></main>"))
    second = build_pdf(project, project / "_site").read_bytes()
    assert second != first
    assert [p.read_bytes() for p in (project / ".luton2040-cache" / "pdf").glob("*/*.pdf")] == [second]
