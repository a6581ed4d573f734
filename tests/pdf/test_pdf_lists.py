"""Numbered lists print with the numbers and letters the site shows them with."""
from __future__ import annotations

import shutil
from pathlib import Path

from luton2040.pdf import build_pdf
from pdf_text import pdf_text

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "site"

# pandoc's HTML for "3. Third\n4. Fourth", "a. Apples\nb. Pears" and "i. One\nii. Two" (a partner's
# or a chapter's markdown)
LISTS = ('<p>Continued:</p>\n<ol start="3" type="1">\n<li>Third step</li>\n<li>Fourth step</li>\n</ol>\n'
         '<ol type="a">\n<li>Apples</li>\n<li>Pears</li>\n</ol>\n'
         '<ol type="i">\n<li>Roman one</li>\n<li>Roman two</li>\n</ol>\n'
         '<ol>\n<li>Plain one</li>\n</ol>\n')


def test_a_list_starting_at_3_and_lettered_and_roman_lists_print_as_the_site_shows_them(tmp_path):
    project = Path(shutil.copytree(FIXTURE, tmp_path / "project"))
    page = project / "_site" / "chapters" / "net-zero.html"
    text = page.read_text(encoding="utf-8")
    page.write_text(text.replace("</main>", LISTS + "</main>", 1), encoding="utf-8")
    printed = pdf_text(build_pdf(project, project / "_site"))
    lines = [line.strip() for line in printed.splitlines()]
    start = lines.index("Continued:")
    assert [line for line in lines[start + 1:] if line][:7] == [
        "3. Third step", "4. Fourth step", "a. Apples", "b. Pears", "i. Roman one", "ii. Roman two", "1. Plain one"]
