"""The book printed in parts and merged: one consistent tagged PDF, numbered and linked as if it had
been printed as one document, and a part printed again only when its own page changed."""
from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
from xml.etree import ElementTree
from pathlib import Path

import pikepdf
import pytest
from pypdf import PdfReader

import luton2040.pdf
from luton2040.pdf import build_pdf, print_html
from luton2040.pdf.parts import CROSS_PART, first_pages, point_across
from luton2040.pdf.render import render_pdf

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "site"
PDF = "testtown-report-2025.pdf"
CHAPTERS = ["Welcome", "Our number one priority: poverty", "Net zero", "Appendix: all 40 measures"]
LONG_PARAGRAPH = "<p>" + "A longer account of what the partners did this year. " * 12 + "</p>"



@pytest.fixture(scope="module")
def merged(warm) -> pikepdf.Pdf:
    return pikepdf.open(warm / "_site" / PDF)


@pytest.fixture(scope="module")
def one_document(warm, tmp_path_factory) -> Path:
    """The same book printed by WeasyPrint as one document, for comparison."""
    target = tmp_path_factory.mktemp("one") / "one.pdf"
    assert render_pdf(print_html(warm, warm / "_site"), target, "file:///x/", allowed=[warm / "_site"]) == []
    return target


def part_files(project: Path) -> set[str]:
    return {path.name for path in (project / ".luton2040-cache" / "pdf").glob("*/parts/*.pdf")}


def parent_tree_keys(pdf: pikepdf.Pdf) -> set[int]:
    nums = pdf.Root.StructTreeRoot.ParentTree.Nums
    return {int(key) for key in nums[::2]}


def structure_elements(node) -> list:
    found = []
    kids = node.get("/K")
    for kid in (kids if isinstance(kids, pikepdf.Array) else [kids] if kids is not None else []):
        if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
            found += [kid, *structure_elements(kid)]
    return found


def outline_pages(path: Path) -> list[tuple[str, int]]:
    reader = PdfReader(path)
    return [(item.title, reader.get_destination_page_number(item)) for item in reader.outline if not isinstance(item, list)]


def page_texts(path: Path) -> list[str]:
    return [page.extract_text() for page in PdfReader(path).pages]


def contents_numbers(path: Path) -> dict[str, int]:
    """Each entry of the contents page and the page number it gives."""
    text = page_texts(path)[1]
    return {title: int(number) for title in CHAPTERS
            for number in re.findall(re.escape(title) + r" \.+ (\d+)", text)}


def test_a_link_to_an_id_outside_its_part_points_across_and_others_stay():
    root = ElementTree.fromstring('<div><a href="#here">a</a><a href="#there">b</a><a href="https://x.example/#y">c</a>'
                                  '<svg><a xlink:href="#there">d</a></svg></div>'.replace("xlink:href", "href2"))
    for element in root.iter():
        if "href2" in element.attrib:
            element.set("xlink:href", element.attrib.pop("href2"))
    point_across(root, {"here"})
    assert [e.get("href") or e.get("xlink:href") for e in root.iter("a")] == [
        "#here", CROSS_PART + "#there", "https://x.example/#y", CROSS_PART + "#there"]


def test_parts_start_after_the_pages_before_them():
    assert first_pages([2, 1, 3, 5]) == [1, 3, 4, 7]


def test_every_page_and_link_is_a_key_of_the_one_parent_tree_and_finds_itself_there(merged):
    nums = merged.Root.StructTreeRoot.ParentTree.Nums
    tree = {int(key): value for key, value in zip(nums[::2], nums[1::2])}
    annotations = [a for page in merged.pages for a in page.obj.get("/Annots", [])]
    for page in merged.pages:
        marked = [element for element in tree[int(page.obj.StructParents)] if isinstance(element, pikepdf.Dictionary)]
        assert marked and all(element.Pg.objgen == page.obj.objgen for element in marked)
    assert annotations
    for annotation in annotations:
        kids = tree[int(annotation.StructParent)].K
        references = [kid for kid in (kids if isinstance(kids, pikepdf.Array) else [kids])
                      if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/OBJR"]
        assert [kid.Obj.objgen for kid in references] == [annotation.objgen]
    assert set(tree) == {int(page.obj.StructParents) for page in merged.pages} | {int(a.StructParent) for a in annotations}
    assert int(merged.Root.StructTreeRoot.ParentTreeNextKey) == max(tree) + 1


def test_every_structure_element_is_on_a_page_of_the_file(merged):
    pages = {page.obj.objgen for page in merged.pages}
    elements = structure_elements(merged.Root.StructTreeRoot)
    on_pages = [element.Pg.objgen for element in elements if "/Pg" in element]
    assert len(on_pages) > 100
    assert set(on_pages) <= pages


def test_the_document_holds_the_parts_kids_in_part_order(merged, warm):
    (document,) = merged.Root.StructTreeRoot.K
    assert document.S == "/Document"
    index = {page.obj.objgen: n for n, page in enumerate(merged.pages)}

    def first_page(element) -> int:
        pages = [index[e.Pg.objgen] for e in [element, *structure_elements(element)] if "/Pg" in e]
        return min(pages)

    firsts = [first_page(kid) for kid in document.K]
    assert all(kid.P.objgen == document.objgen for kid in document.K)
    assert firsts == sorted(firsts)
    openers = [page for _, page in outline_pages(warm / "_site" / PDF)]
    assert {0, *openers} <= set(firsts)


def test_the_outline_lists_every_chapter_at_its_opener_as_one_print_does(warm, one_document):
    parts = outline_pages(warm / "_site" / PDF)
    assert [title for title, _ in parts] == ["Contents", *CHAPTERS]
    assert parts == outline_pages(one_document)
    texts = page_texts(warm / "_site" / PDF)
    for title, page in parts[1:]:
        assert title in texts[page]
    assert len(PdfReader(warm / "_site" / PDF).outline) == len(PdfReader(one_document).outline)


def test_links_between_parts_go_to_named_destinations_that_exist(merged):
    names = merged.Root.Names.Dests.Names
    destinations = {str(name) for name in names[::2]}
    internal = 0
    for page in merged.pages:
        for annotation in page.obj.get("/Annots", []):
            action = annotation.get("/A")
            assert "luton2040-print.invalid" not in str(action.get("/URI", "") if action else "")
            assert "luton2040-print.invalid" not in str(annotation.get("/Contents", ""))
            if "/Dest" in annotation:
                assert str(annotation.Dest) in destinations
                internal += 1
            if action is not None and action.get("/S") == "/GoTo":
                assert str(action.D) in destinations
    assert internal >= len(CHAPTERS) + 1  # the contents' entries, and the chapters' links to the appendix
    assert [str(name) for name in names[::2]] == sorted(str(name) for name in names[::2])


def test_each_page_shows_its_own_number_in_the_footer_as_an_artifact(merged, warm):
    texts = page_texts(warm / "_site" / PDF)
    assert not texts[0].rstrip().endswith("1")  # the cover has none
    assert [text.rstrip().splitlines()[-1] for text in texts[1:]] == [str(n) for n in range(2, len(texts) + 1)]
    for page in merged.pages[1:]:
        stamp = page.Resources.XObject.Folio.read_bytes()
        assert b"/Artifact BMC" in stamp and b"/MCID" not in stamp


def test_each_page_reads_as_in_the_one_document_print(warm, one_document):
    parts = [" ".join(text.split()) for text in page_texts(warm / "_site" / PDF)]
    assert parts == [" ".join(text.split()) for text in page_texts(one_document)]


def test_catalogue_and_metadata_are_the_first_parts(merged):
    assert str(merged.Root.Lang) == "en-GB"
    assert merged.Root.MarkInfo.Marked is True
    assert merged.Root.ViewerPreferences.DisplayDocTitle is True
    assert str(merged.docinfo.Title) == "Testtown 2040 Progress Report 2025"
    with merged.open_metadata() as xmp:
        assert xmp.get("pdfuaid:part") == "1"


def test_an_edited_page_is_printed_again_alone(project):
    before = part_files(project)
    page = project / "_site" / "chapters" / "net-zero.html"
    page.write_text(page.read_text().replace("Two new community orchards", "Two new community gardens"))
    build_pdf(project, project / "_site")
    assert len(part_files(project) - before) == 1
    assert len(before - part_files(project)) == 1  # the page's old print is not kept
    assert "Two new community gardens" in PdfReader(project / "_site" / PDF).pages[4].extract_text()


def test_a_merge_of_cached_parts_gives_the_cold_builds_bytes(project, warm):
    for book_pdf in (project / ".luton2040-cache" / "pdf").glob("*/*.pdf"):
        book_pdf.unlink()  # so the parts are merged again
    before = {path: path.stat().st_mtime_ns for path in (project / ".luton2040-cache").rglob("parts/*.pdf")}
    assert build_pdf(project, project / "_site").read_bytes() == (warm / "_site" / PDF).read_bytes()
    assert {path: path.stat().st_mtime_ns for path in (project / ".luton2040-cache").rglob("parts/*.pdf")} == before


def test_an_edit_undone_gives_the_cold_builds_bytes(project, warm):
    page = project / "_site" / "chapters" / "net-zero.html"
    original = page.read_text()
    page.write_text(original.replace("Two new community orchards", "Two new community gardens"))
    assert build_pdf(project, project / "_site").read_bytes() != (warm / "_site" / PDF).read_bytes()
    page.write_text(original)
    assert build_pdf(project, project / "_site").read_bytes() == (warm / "_site" / PDF).read_bytes()


def test_a_chapter_one_page_longer_moves_the_later_numbers_and_contents(project, warm):
    before_files = part_files(project)
    before = outline_pages(warm / "_site" / PDF)
    page = project / "_site" / "chapters" / "poverty.html"
    page.write_text(page.read_text().replace("</main>", LONG_PARAGRAPH * 6 + "</main>"))
    build_pdf(project, project / "_site")
    after = outline_pages(project / "_site" / PDF)
    grown = len(PdfReader(project / "_site" / PDF).pages) - len(PdfReader(warm / "_site" / PDF).pages)
    assert grown >= 1
    assert after == before[:3] + [(title, number + grown) for title, number in before[3:]]
    assert contents_numbers(project / "_site" / PDF) == {title: number + 1 for title, number in after[1:]}
    texts = page_texts(project / "_site" / PDF)
    assert [text.rstrip().splitlines()[-1] for text in texts[1:]] == [str(n) for n in range(2, len(texts) + 1)]
    assert len(part_files(project) - before_files) == 2  # the chapter and the contents (the folio is kept)


def test_a_front_longer_than_assumed_is_printed_again_with_the_right_numbers(warm, tmp_path, monkeypatch):
    project = Path(shutil.copytree(FIXTURE, tmp_path / "project"))
    monkeypatch.setattr(luton2040.pdf, "FRONT_PAGES", 3)
    assert build_pdf(project, project / "_site").read_bytes() == (warm / "_site" / PDF).read_bytes()


def _children(pid: int) -> set[int]:
    found = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.add(int(stat.parent.name))
    return found


def _slow_project(tmp_path: Path) -> Path:
    """A copy of the fixture whose two chapters take seconds to print, with no PDF printed yet."""
    project = Path(shutil.copytree(FIXTURE, tmp_path / "project"))
    for name in ("poverty", "net-zero"):
        page = project / "_site" / "chapters" / f"{name}.html"
        page.write_text(page.read_text().replace("</main>", LONG_PARAGRAPH * 300 + "</main>"))
    for old in (project / "_site").glob("*.pdf"):
        old.unlink()
    return project


def _still_running(pids: set[int]) -> set[int]:
    """Those of ``pids`` still running (a zombie has ended); each is killed, so that a failing test
    leaves none behind."""
    left = {pid for pid in pids if Path(f"/proc/{pid}").exists()
            and Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"}
    for pid in left:
        os.kill(pid, signal.SIGKILL)
    return left


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads processes from /proc")
def test_the_workers_end_when_the_build_is_killed(tmp_path):
    project = _slow_project(tmp_path)
    build = subprocess.Popen([sys.executable, "-c", "import sys; from luton2040.pdf import build_pdf; "
                              "build_pdf(sys.argv[1], sys.argv[1] + '/_site')", str(project)])
    deadline = time.monotonic() + 60
    workers: set[int] = set()
    while len(workers) < 2 and build.poll() is None and time.monotonic() < deadline:
        workers = _children(build.pid)
        time.sleep(0.02)
    assert len(workers) == 2, "the build did not print its parts on two worker processes"
    time.sleep(0.5)
    build.kill()
    build.wait()
    time.sleep(1.5)  # a worker looks for its parent every half second
    assert _still_running(workers) == set()


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads processes from /proc")
def test_the_pdf_process_and_its_workers_end_when_the_build_is_killed(tmp_path):
    """A build killed with SIGKILL (no handler runs) left its PDF process printing, and its workers."""
    from luton2040.build import PDF_JOB

    project = _slow_project(tmp_path)
    build = subprocess.Popen([sys.executable, "-c", "import subprocess, sys; subprocess.run([sys.executable, '-c', "
                              "sys.argv[1], sys.argv[2], sys.argv[2] + '/_site'])", PDF_JOB, str(project)])
    deadline = time.monotonic() + 60
    printing: set[int] = set()
    workers: set[int] = set()
    while len(workers) < 2 and build.poll() is None and time.monotonic() < deadline:
        printing = _children(build.pid)
        workers = {worker for pid in printing for worker in _children(pid)}
        time.sleep(0.02)
    assert len(printing) == 1 and len(workers) == 2, "the PDF process did not print its parts on two workers"
    build.kill()
    build.wait()
    time.sleep(2.5)  # the PDF process looks for its parent every half second, then stops its workers
    assert _still_running(printing | workers) == set()
    assert list((project / "_site").glob("*.pdf")) == [], "the print was not cut short: it finished first"
