"""Bad input to the PDF step: each case names the file and says what to do, and no PDF is left behind."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from luton2040.errors import BuildError, InputError
from luton2040.pdf import build_pdf

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "site"
PDF = "testtown-report-2025.pdf"


@pytest.fixture
def project(tmp_path) -> Path:
    return Path(shutil.copytree(FIXTURE, tmp_path / "project"))


def test_missing_page_names_it_and_says_to_render_first(project):
    (project / "_site" / "chapters" / "net-zero.html").unlink()
    with pytest.raises(BuildError) as caught:
        build_pdf(project, project / "_site")
    assert ("_site/chapters/net-zero.html: not found (from chapters/net-zero.qmd in _quarto.yml) — "
            "render the book first") in str(caught.value)
    assert not (project / "_site" / PDF).exists()


def test_page_without_main_content_is_reported(project):
    page = project / "_site" / "chapters" / "poverty.html"
    page.write_text(page.read_text().replace('id="quarto-document-content"', 'id="content"'))
    with pytest.raises(BuildError, match=r'_site/chapters/poverty.html: has no <main id="quarto-document-content">'):
        build_pdf(project, project / "_site")


def test_unknown_priority_body_class_lists_the_known_ones(project):
    page = project / "_site" / "chapters" / "net-zero.html"
    page.write_text(page.read_text().replace("priority-net-zero", "priority-netzero"))
    with pytest.raises(BuildError) as caught:
        build_pdf(project, project / "_site")
    assert ("chapters/net-zero.qmd: body-classes names priority-netzero, but data/priorities.csv has no "
            "priority 'netzero' — use one of: poverty, net-zero") in str(caught.value)


def test_every_page_problem_is_reported_at_once(project):
    (project / "_site" / "index.html").unlink()
    (project / "_site" / "appendix" / "measures.html").unlink()
    with pytest.raises(BuildError) as caught:
        build_pdf(project, project / "_site")
    assert "index.html: not found" in str(caught.value)
    assert "appendix/measures.html: not found" in str(caught.value)


def test_missing_image_is_reported_before_weasyprint_runs(project):
    (project / "_site" / "chapters" / "figures" / "trend.png").unlink()
    with pytest.raises(BuildError, match=r"chapters/net-zero.html: image figures/trend.png not found"):
        build_pdf(project, project / "_site")


def test_a_page_given_as_a_picture_is_refused_not_read(project):
    """The PDF starts printing before the pages outside the book are written, so a page may not
    stand in for a picture: it is refused by name, present or not."""
    page = project / "_site" / "chapters" / "net-zero.html"
    page.write_text(page.read_text(encoding="utf-8").replace('src="figures/trend.png"', 'src="../index.html"'),
                    encoding="utf-8")
    with pytest.raises(BuildError, match=r"chapters/net-zero.html: image \.\./index.html is a web page, not a "
                                         r"picture — link the page instead, or show a picture file"):
        build_pdf(project, project / "_site")


@pytest.mark.parametrize("src", ["{outside}", "../../secret.png", "figures/linked.png"])
def test_a_picture_that_is_no_file_of_the_site_is_refused_not_printed(project, src):
    """`![logo](/usr/share/…/logo.png)` in a chapter: the site showed a broken picture and the PDF
    printed the build machine's file (read here to embed it, where WeasyPrint's fetcher would refuse)."""
    outside = project.parent / "secret.png"
    shutil.copy(project / "_site" / "chapters" / "figures" / "trend.png", outside)
    (project / "_site" / "chapters" / "figures" / "linked.png").symlink_to(outside)
    src = src.format(outside=outside)
    page = project / "_site" / "chapters" / "net-zero.html"
    page.write_text(page.read_text(encoding="utf-8").replace('src="figures/trend.png"', f'src="{src}"'),
                    encoding="utf-8")
    with pytest.raises(BuildError) as caught:
        build_pdf(project, project / "_site")
    assert (f"chapters/net-zero.html: image {src} is not a file of the site — save the picture in the project and "
            "show it by its path from the page") in str(caught.value)
    assert not (project / "_site" / PDF).exists()


def test_weasyprint_warning_fails_the_build_and_no_pdf_is_kept(project):
    (project / "_site" / "chapters" / "figures" / "trend.png").write_bytes(b"not a picture")
    with pytest.raises(BuildError) as caught:
        build_pdf(project, project / "_site")
    assert f"{PDF}: WeasyPrint reported problems" in str(caught.value)
    assert "image" in str(caught.value).lower()
    assert not (project / "_site" / PDF).exists()


def test_bad_yaml_names_the_line(project):
    config = project / "_quarto.yml"
    config.write_text(config.read_text().replace("  site-url: https://testtown.example",
                                                 "  site-url: https://testtown.example\n  x: [1"))
    with pytest.raises(InputError) as caught:
        build_pdf(project, project / "_site")
    assert caught.value.lines() == [
        "_quarto.yml:14: is not valid YAML (expected ',' or ']', but got ':') — fix the indentation or quoting"]


def test_bad_edition_date_names_the_edition_file(project):
    edition = project / "data" / "editions" / "2025.yml"
    edition.write_text(edition.read_text().replace("publication_date: 2025-03-31", "publication_date: 31 March 2025"))
    with pytest.raises(InputError) as caught:
        build_pdf(project, project / "_site")
    assert caught.value.lines() == [
        "data/editions/2025.yml: cannot read this edition file (ValueError: Invalid isoformat string: "
        "'31 March 2025') — compare it with the previous year's file; `luton2040 check` explains more"]


def test_bad_priority_colour_names_file_line_and_column(project):
    csv = project / "data" / "priorities.csv"
    csv.write_text(csv.read_text().replace("#0f6e66", "teal"))
    with pytest.raises(InputError) as caught:
        build_pdf(project, project / "_site")
    assert str(caught.value) == ('data/priorities.csv:3:colour: "teal" is not a valid colour — '
                                 "use # and six hex digits, e.g. #0f6e66")


def test_printing_leaves_no_font_copies_behind(tmp_path, monkeypatch):
    # WeasyPrint copies @font-face files into a temporary folder that only the garbage collector
    # removes; a print worker ends without one, so each print must clear its own.
    import tempfile

    from luton2040.pdf.render import render_pdf

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    fonts = (Path(__file__).resolve().parents[2] / "luton2040" / "pdf" / "fonts").resolve()
    font = (fonts / "source-sans-3-latin-400-normal.ttf").as_uri()
    html = (f'<html><head><style>@font-face {{ font-family: T; src: url("{font}"); }} body {{ font-family: T }}'
            '</style></head><body><p>Residents</p></body></html>')
    (tmp_path / "out").mkdir()
    render_pdf(html, tmp_path / "out" / "o.pdf", "file:///x/", allowed=[fonts])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_a_pdf_process_stopped_while_warming_up_leaves_no_temporary_folder(tmp_path, monkeypatch):
    """A build whose check fails stops the PDF process it warmed meanwhile, often in the middle of
    its sample print: the print's temporary folder (WeasyPrint's font copies) goes with it."""
    import time

    from luton2040.build import PdfAlongside

    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setenv("TMPDIR", str(scratch))
    pdf = PdfAlongside(tmp_path)
    pdf.warm()
    job = pdf.waiting
    deadline = time.monotonic() + 60
    while not list(scratch.glob("luton2040-print-*")):  # the sample print has begun
        assert job.poll() is None and time.monotonic() < deadline, "the warm-up never printed its sample page"
        time.sleep(0.002)
    pdf.stop()
    assert job.returncode is not None
    assert list(scratch.iterdir()) == []


def test_a_pdf_job_stopped_mid_print_by_serve_leaves_no_temporary_folder_or_process(project, tmp_path):
    """serve ends a PDF print that a newer save makes stale (serve.end_job): every process of the job
    ends, its print workers included, and none leaves its temporary folder of font copies."""
    import os
    import subprocess
    import sys
    import time

    from luton2040.build import PDF_JOB
    from luton2040.serve import end_job

    scratch = tmp_path / "tmp"
    scratch.mkdir()
    job = subprocess.Popen([sys.executable, "-c", PDF_JOB, str(project), str(project / "_site")], cwd=project,
                           env={**os.environ, "TMPDIR": str(scratch)}, start_new_session=True,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while not list(scratch.glob("luton2040-print-*")):  # a part is being printed
        assert job.poll() is None and time.monotonic() < deadline, "the job never started printing"
        time.sleep(0.002)
    end_job(job)
    assert job.returncode is not None
    assert list(scratch.iterdir()) == []

    def group() -> list[str]:
        return [pid for pid in os.listdir("/proc") if pid.isdigit() and _group_of(int(pid)) == job.pid]

    deadline = time.monotonic() + 5  # a killed process can take a moment to go
    while group() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert group() == []


def _group_of(pid: int) -> int | None:
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return int(fields[2]) if fields[0] != "Z" else None


def test_a_picture_without_alt_text_is_named_by_its_page_not_by_its_bytes(project):
    """The message used to quote the picture's whole base64 data: URI, screens of it."""
    from PIL import Image

    (project / "_site" / "figures").mkdir(exist_ok=True)
    Image.new("RGB", (80, 40), (20, 130, 60)).save(project / "_site" / "figures" / "plain.png")
    page = project / "_site" / "chapters" / "poverty.html"
    page.write_text(page.read_text().replace("</main>", '<p><img src="../figures/plain.png"></p></main>', 1))
    with pytest.raises(BuildError) as caught:
        build_pdf(project, project / "_site")
    assert 'chapters/poverty.html: error: Image (a png picture of the page) has no required alt description' \
        in str(caught.value)
    assert "base64" not in str(caught.value)
    assert not (project / "_site" / PDF).exists()
