"""Nothing written for the editing team reaches a reader: no built page, no PDF page and no download
mentions the seed documents, board packs, project files or how a figure was patched."""
from __future__ import annotations

import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from luton2040.constants import INTERNAL_COLUMNS

# Editing vocabulary, each with why it has no place in public text.
EDITING_WORDS = [
    (re.compile(r"\bseeds?\b", re.I), "the project's source documents"),
    (re.compile(r"board pack", re.I), "an internal document"),
    (re.compile(r"\bdocs/"), "a project folder"),
    (re.compile(r"\bas published\b", re.I), "a note on how a figure was copied"),
    (re.compile(r"copied from", re.I), "a note on how a figure was copied"),
    (re.compile(r"%%"), "a doubled unit"),
    (re.compile(r"\bnot named in the report\b|\bthe report lists\b", re.I),
     "a note on what the source document left out, written as if this report were another"),
    (re.compile(r"\bbeing checked\b|\bTODO\b|\bFIXME\b|\blorem ipsum\b", re.I), "a placeholder for a figure"),
    (re.compile(r"\bcode\b|\bproject['’]s\b|\bdata files\b", re.I),
     "how the report is built, not what it says (write 'the same rules', 'the published data')"),
    (re.compile(r"\b[\w-]+\.(?:csv|py|qmd|yml)\b(?!\.)"), "a file name"),
]


class _Text(HTMLParser):
    """The text a reader sees: no scripts, styles or tags (so links to data files do not count)."""

    def __init__(self):
        super().__init__()
        self.parts, self._skip = [], 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return " ".join(parser.parts)


def editing_words(text: str, file_names: bool = True) -> list[str]:
    found = []
    for pattern, why in EDITING_WORDS if file_names else EDITING_WORDS[:-1]:
        for m in pattern.finditer(text):
            found.append(f"'{m.group(0)}' ({why}) in “…{text[max(0, m.start() - 40):m.end() + 40].strip()}…”")
    return found


def test_the_vocabulary_check_can_fail():
    assert editing_words("Appendix prints '4.3%%'; see docs/data-sources.md and the seeds.")
    assert editing_words("Published in the board pack as published.")
    assert editing_words("Luton's 9.9% of households, in April 2024.") == []
    assert editing_words("Males: 60.8 years; 2031 milestone: Being checked")
    assert editing_words("Source: Town centre footfall counts (provider not named in the report).")
    assert editing_words("Source: Not yet set (the report lists the data as TBC).")
    assert editing_words("Every figure is read from the project's data files rather than typed into the text.")
    assert editing_words("Both are worked out by the same code for every table.")
    assert editing_words("Both follow the same rules wherever they appear, in the published data.") == []


def test_no_page_shows_editing_vocabulary(site):
    found = []
    for page in sorted(site.rglob("*.html")):
        if "pagefind" in page.parts:
            continue
        words = editing_words(visible_text(page.read_text(encoding="utf-8")))
        found += [f"{page.relative_to(site)}: {w}" for w in words]
    assert found == []


def test_no_download_shows_editing_vocabulary_or_internal_columns(site):
    found = []
    files = [p for p in site.rglob("*") if p.suffix in (".csv", ".json") and "pagefind" not in p.parts
             and p.name != "search.json"]
    assert any(p.name == "observations.csv" for p in files) and any(p.parent.name == "measures" for p in files)
    for path in files:
        text = path.read_text(encoding="utf-8")
        if path.suffix == ".json":
            # datapackage.json describes the CSV files by name on purpose: its descriptions are
            # checked for the other words only.
            text = " ".join(re.findall(r'"(?:description|title)":\s*"([^"]*)"', text))
        else:
            assert not any(name in text.splitlines()[0].split(",") for name in INTERNAL_COLUMNS), path
        found += [f"{path.relative_to(site)}: {w}" for w in editing_words(text, file_names=path.suffix != ".json")]
    assert found == []


def test_the_pdf_shows_no_editing_vocabulary(site):
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext (poppler-utils) is not installed")
    pdfs = sorted(site.glob("*.pdf"))
    assert pdfs
    text = subprocess.run(["pdftotext", "-layout", str(pdfs[0]), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert editing_words(" ".join(text.split())) == []


# Words that ask a reader to use the screen: the printed report has no measure pages to open.
SCREEN_WORDS = re.compile(r"\b(?:select|click|tap)\b (?:a|one|the|this)\b", re.I)


def test_the_pdf_asks_nobody_to_select_what_paper_cannot_open(site):
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext (poppler-utils) is not installed")
    assert SCREEN_WORDS.search("Select a measure to see its chart") and not SCREEN_WORDS.search("Selective licensing")
    text = " ".join(subprocess.run(["pdftotext", str(sorted(site.glob("*.pdf"))[0]), "-"], capture_output=True,
                                   text=True, check=True).stdout.split())
    assert [text[max(0, m.start() - 40):m.end() + 40] for m in SCREEN_WORDS.finditer(text)] == []
    # the site keeps the instruction, where a reader can act on it
    assert SCREEN_WORDS.search(visible_text((site / "index.html").read_text(encoding="utf-8")))
