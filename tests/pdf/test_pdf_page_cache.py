"""Each page as read for the print is kept between builds: a build after one page changed reads that
page alone, and what it prints is byte for byte what a build without any cache prints."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PIL import Image

from luton2040.pdf import build_pdf

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "site"
PDF = "testtown-report-2025.pdf"
PICTURE = Path("_site") / "chapters" / "figures" / "trend.png"



def kept_pages(project: Path) -> dict[str, int]:
    """Each kept page's file name and when it was written."""
    return {path.name: path.stat().st_mtime_ns for path in (project / ".luton2040-cache" / "pdf").glob("*/pages/*")}


def cold_build(tmp_path: Path, change) -> bytes:
    """The PDF of a fresh copy of the fixture (no cache at all) with `change` applied to it."""
    project = Path(shutil.copytree(FIXTURE, tmp_path / "cold"))
    change(project)
    return build_pdf(project, project / "_site").read_bytes()


def rename_orchards(project: Path) -> None:
    page = project / "_site" / "chapters" / "net-zero.html"
    page.write_text(page.read_text().replace("Two new community orchards", "Two new community gardens"))


def redraw_picture(project: Path) -> None:
    Image.new("RGB", (40, 20), (200, 30, 30)).save(project / PICTURE)  # a red picture for the grey one


def forget_book(project: Path) -> None:
    for book_pdf in (project / ".luton2040-cache" / "pdf").glob("*/*.pdf"):
        book_pdf.unlink()  # so the book is put together again from its pages


def test_every_page_of_the_book_is_kept(warm):
    assert len(kept_pages(warm)) == 4  # welcome, poverty, net zero, the appendix


def test_an_edited_page_is_read_again_alone_and_prints_as_without_a_cache(project, tmp_path):
    before = kept_pages(project)
    rename_orchards(project)
    pdf = build_pdf(project, project / "_site").read_bytes()
    after = kept_pages(project)
    assert len(set(after) - set(before)) == 1 and len(set(before) - set(after)) == 1
    assert {name: when for name, when in after.items() if name in before} == {
        name: when for name, when in before.items() if name in after}  # the other pages were not read again
    assert pdf == cold_build(tmp_path, rename_orchards)


def test_a_page_whose_picture_changed_is_read_again_and_prints_the_new_picture(project, warm, tmp_path):
    before = kept_pages(project)
    redraw_picture(project)
    pdf = build_pdf(project, project / "_site").read_bytes()
    after = kept_pages(project)
    assert set(after) == set(before)  # the page's HTML is the same, so is its key …
    assert len([name for name in after if after[name] != before[name]]) == 1  # … but it was read again
    assert pdf != (warm / "_site" / PDF).read_bytes()
    assert pdf == cold_build(tmp_path, redraw_picture)


def test_a_kept_page_that_cannot_be_read_is_read_from_the_site_again(project, warm):
    for kept in (project / ".luton2040-cache" / "pdf").glob("*/pages/*"):
        kept.write_bytes(kept.read_bytes()[:100])  # cut short, as by a build killed while writing it
    forget_book(project)
    assert build_pdf(project, project / "_site").read_bytes() == (warm / "_site" / PDF).read_bytes()
    assert all(path.stat().st_size > 100 for path in (project / ".luton2040-cache" / "pdf").glob("*/pages/*"))
