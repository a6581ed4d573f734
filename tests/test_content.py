"""The report's promises about its own words: chapters, sections, partner files and prose.

These tests read the source files only; they need no build and no kernel.
"""
from __future__ import annotations

import ast
import csv
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from markdown_it import MarkdownIt

ROOT = Path(__file__).resolve().parents[1]
EDITION = 2025
CORE_MISSION = "poverty"
PRIORITY_SECTIONS = [
    "Introduction",
    "Progress made",
    "Areas needing more work",
    "Measures",
    "Partner contributions",
]
SETUP_CELL = "from luton2040 import report"
PROSE_WORDS = (250, 600)
PARTNER_WORDS = (120, 250)
PARTNER_KEYS = {"organisation", "priority", "edition", "order", "website"}
INLINE = re.compile(r"`\{python\}\s+([^`]+)`")
CALL = re.compile(r"report\.(\w+)\(([^)]*)\)")


# --- helpers (pure, so they can be tested on small bad inputs below) ------------------------------

def split_front_matter(text: str, where: str) -> tuple[dict, str]:
    """(front matter, body) of a Quarto or markdown file; raise ValueError naming the problem."""
    if not text.startswith("---\n"):
        raise ValueError(f"{where}:1: no front matter; start the file with a '---' line")
    end = text.find("\n---\n", 4)
    if end < 0:
        raise ValueError(f"{where}:1: front matter is never closed; add a '---' line after it")
    meta = yaml.safe_load(text[4:end]) or {}
    if not isinstance(meta, dict):
        raise ValueError(f"{where}:2: front matter must be 'key: value' lines")
    return meta, text[end + 5:]


def prose(body: str) -> str:
    """The body without its code cells: what a reader sees as written text."""
    out, in_code = [], False
    for line in body.splitlines():
        if line.strip().startswith("```"):
            in_code = not in_code
            continue
        if not in_code:
            out.append(line)
    return "\n".join(out)


def code_cells(body: str) -> list[str]:
    """The source of each ```{python} cell, in order."""
    return re.findall(r"```\{python\}\n(.*?)```", body, flags=re.S)


def headings(body: str, level: int = 2) -> list[str]:
    marks = "#" * level
    return [m.group(1).strip() for m in re.finditer(rf"^{marks} (.+)$", prose(body), flags=re.M)]


def section_problems(body: str, expected: list[str]) -> list[str]:
    """Why a chapter's level-2 sections are not exactly ``expected`` in order (empty if they are)."""
    found = headings(body)
    if found == expected:
        return []
    return [f"sections are {found}; expected {expected}"]


def section_text(body: str, title: str) -> str:
    """Everything between '## title' and the next level-2 heading (code included)."""
    m = re.search(rf"^## {re.escape(title)}\n(.*?)(?=^## |\Z)", body, flags=re.M | re.S)
    return m.group(1) if m else ""


def word_count(text: str) -> int:
    """Words a reader sees; an inline `{python} …` expression counts as one word."""
    text = INLINE.sub("X", text)
    return len(re.findall(r"[A-Za-z0-9£%][\w£%.,'’-]*", text))


def raw_html(markdown: str) -> list[str]:
    """Raw HTML fragments in a markdown text, as a CommonMark parser sees them.

    Closed comments (<!-- note to editors -->) are allowed by docs/partners.md and are not counted.
    """
    found = []
    for tok in MarkdownIt("commonmark").parse(markdown):
        fragments = [tok.content] if tok.type == "html_block" else []
        fragments += [c.content for c in tok.children or [] if c.type == "html_inline"]
        found += [f.strip() for f in fragments if not re.fullmatch(r"\s*<!--.*?-->\s*", f, flags=re.S)]
    return found


def read_csv(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


# --- project facts -------------------------------------------------------------------------------

def book_files() -> list[str]:
    book = yaml.safe_load((ROOT / "_quarto.yml").read_text(encoding="utf-8"))["book"]
    return list(book["chapters"]) + list(book.get("appendices", []))


def priority_ids() -> list[str]:
    return [row["id"] for row in read_csv(ROOT / "data" / "priorities.csv")]


FIVE_PRIORITIES = [p for p in priority_ids() if p != CORE_MISSION]
PARTNER_FILES = sorted((ROOT / "partners").glob("*/*.md"))


def chapter(name: str) -> tuple[dict, str]:
    path = ROOT / name
    return split_front_matter(path.read_text(encoding="utf-8"), name)


# --- the book ------------------------------------------------------------------------------------

def test_every_page_in_the_book_exists():
    missing = [name for name in book_files() if not (ROOT / name).is_file()]
    assert missing == [], f"_quarto.yml lists pages that do not exist: {missing}"


@pytest.mark.parametrize("name", book_files())
def test_every_page_has_a_title_and_starts_with_the_report_setup_cell(name):
    meta, body = chapter(name)
    assert meta.get("title"), f"{name}: give the page a title in its front matter"
    cells = code_cells(body)
    assert cells and cells[0].strip() == SETUP_CELL, (
        f"{name}: the first cell must be exactly '{SETUP_CELL}'")


@pytest.mark.parametrize("pid", FIVE_PRIORITIES)
def test_each_priority_chapter_follows_the_one_pattern(pid):
    name = f"chapters/{pid}.qmd"
    assert name in book_files(), f"{name} is not in _quarto.yml"
    meta, body = chapter(name)
    assert meta.get("body-classes") == f"priority-{pid}"
    assert section_problems(body, PRIORITY_SECTIONS) == []
    assert f'report.measures_table("{pid}")' in section_text(body, "Measures")
    assert f'report.partner_contributions("{pid}")' in section_text(body, "Partner contributions")
    assert f"#| label: tbl-{pid}-measures" in section_text(body, "Measures")


@pytest.mark.parametrize("pid", FIVE_PRIORITIES)
def test_each_priority_chapter_uses_only_its_own_priority_in_table_and_partner_cells(pid):
    _, body = chapter(f"chapters/{pid}.qmd")
    used = re.findall(r"report\.(?:measures_table|partner_contributions)\(\"([^\"]+)\"\)", body)
    assert used and set(used) == {pid}


@pytest.mark.parametrize("pid", FIVE_PRIORITIES)
def test_each_priority_chapter_is_a_readable_length(pid):
    # The chapter's own prose plus its progress items, which live in data/progress_notes.csv.
    _, body = chapter(f"chapters/{pid}.qmd")
    items = [r for r in read_csv(ROOT / "data" / "progress_notes.csv") if r["priority"] == pid]
    words = word_count(prose(body)) + sum(word_count(f"{r['heading']}. {r['text']}") for r in items)
    low, high = PROSE_WORDS
    assert low <= words <= high, f"chapters/{pid}.qmd has {words} words of prose; aim for {low}-{high}"


def test_poverty_chapter_has_the_bands_the_headlines_and_its_partners():
    meta, body = chapter(f"chapters/{CORE_MISSION}.qmd")
    assert meta.get("body-classes") == f"priority-{CORE_MISSION}"
    for call in ("report.mis_bands_table()", "report.headline_table()",
                 f'report.partner_contributions("{CORE_MISSION}")'):
        assert call in body, f"chapters/{CORE_MISSION}.qmd should call {call}"


def test_focus_areas_chapter_has_a_section_for_each_focus_area():
    _, body = chapter("chapters/focus-areas.qmd")
    assert headings(body) == [
        "Better off Luton", "Keeping the Luton pound in Luton", "Green corridors",
        "Smoking cessation", "The most generous town in the country", "Trusted adults"]


def test_appendix_and_vision_tables_are_called():
    body = chapter("appendix/measures.qmd")[1]
    assert all(f"report.appendix_table(\"{p}\")" in body for p in priority_ids())
    assert "report.outcomes_table()" in chapter("chapters/vision.qmd")[1]
    assert "report.milestones_table(2027)" in chapter("chapters/luton-in-2040.qmd")[1]
    assert "How trend and status are worked out" in headings(chapter("appendix/methods.qmd")[1])


def report_functions() -> set[str]:
    """Public functions of luton2040/report.py, read without importing the package."""
    tree = ast.parse((ROOT / "luton2040" / "report.py").read_text(encoding="utf-8"))
    return {n.name for n in tree.body if isinstance(n, ast.FunctionDef) and not n.name.startswith("_")}


def test_inline_expressions_only_call_the_report_api():
    api = report_functions()
    bad = []
    for name in book_files():
        for expr in INLINE.findall(prose(chapter(name)[1])):
            m = CALL.fullmatch(expr.strip())
            if not m or m.group(1) not in api:
                bad.append(f"{name}: `{{python}} {expr}`")
    assert bad == [], "inline expressions should be one report.<function>(…) call:\n" + "\n".join(bad)


MEASURE_FUNCTIONS = {"latest", "baseline", "comparator", "period", "target", "trend", "status", "says", "compared",
                     "previous", "reason", "moved"}


def test_inline_expressions_name_measures_and_series_that_exist():
    measures_csv, series_csv = ROOT / "data" / "measures.csv", ROOT / "data" / "series.csv"
    if not (measures_csv.is_file() and series_csv.is_file()):
        pytest.skip("data/measures.csv and data/series.csv are not written yet")
    series = {(r["measure"], r["series"]) for r in read_csv(series_csv)}
    measures = {m for m, _ in series} | {r["id"] for r in read_csv(measures_csv)}
    bad = []
    for name in book_files():
        for expr in INLINE.findall(prose(chapter(name)[1])):
            args = re.findall(r"\"([^\"]*)\"", expr)
            call = CALL.fullmatch(expr.strip())
            if not args or not call or call.group(1) not in MEASURE_FUNCTIONS:
                continue
            measure, series_id = args[0], (args[1] if len(args) > 1 else "all")
            if measure not in measures:
                bad.append(f"{name}: unknown measure '{measure}' in `{expr}`")
            elif (measure, series_id) not in series:
                bad.append(f"{name}: measure '{measure}' has no series '{series_id}'")
    assert bad == [], "\n".join(bad)


def test_figures_from_the_data_are_not_typed_into_prose(monkeypatch):
    """A latest, baseline or comparator value written out by hand would go stale next edition."""
    if not (ROOT / "data" / "observations.csv").is_file():
        pytest.skip("data/observations.csv is not written yet")
    from luton2040 import report

    monkeypatch.chdir(ROOT)
    figures = set()
    for row in read_csv(ROOT / "data" / "series.csv"):
        for fn in (report.latest, report.baseline, report.comparator):
            text = fn(row["measure"], row["series"])
            if re.search(r"\d", text) and re.search(r"[%£.,]", text):
                figures.add(text)
    typed = []
    for name in book_files():
        text = INLINE.sub(" ", prose(chapter(name)[1]))
        for fig in figures:
            if re.search(rf"(?<![\w.£]){re.escape(fig)}(?![\w%])", text):
                typed.append(f"{name}: '{fig}'")
    assert typed == [], "write these with an inline report.… expression instead:\n" + "\n".join(typed)


def test_no_copied_prose_from_the_seed_documents():
    tool = ROOT.parent / "shared" / "tools" / "copied-prose"
    if not tool.is_file():
        pytest.skip("copied-prose needs /work/shared (the seed documents), which CI does not have")
    result = subprocess.run([sys.executable, str(tool), str(ROOT)],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


# --- partner contributions -----------------------------------------------------------------------

def test_there_are_partner_contributions_for_every_priority_this_edition():
    have = {p.parent.name for p in PARTNER_FILES
            if split_front_matter(p.read_text(encoding="utf-8"), str(p))[0].get("edition") == EDITION}
    assert set(priority_ids()) <= have


@pytest.mark.parametrize("path", PARTNER_FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_partner_file_front_matter_is_complete_and_valid(path):
    where = str(path.relative_to(ROOT))
    meta, _ = split_front_matter(path.read_text(encoding="utf-8"), where)
    assert set(meta) <= PARTNER_KEYS, f"{where}: unknown keys {set(meta) - PARTNER_KEYS}"
    assert isinstance(meta.get("organisation"), str) and meta["organisation"].strip()
    assert meta.get("priority") in priority_ids(), f"{where}: unknown priority {meta.get('priority')!r}"
    assert meta["priority"] == path.parent.name, f"{where}: priority must match its folder"
    assert isinstance(meta.get("edition"), int), f"{where}: edition must be a year, e.g. 2025"
    if "order" in meta:  # optional (docs/partners.md): files without one follow, by name
        assert isinstance(meta["order"], int) and meta["order"] >= 1, f"{where}: order must be 1, 2, …"
    if "website" in meta:
        assert str(meta["website"]).startswith("https://"), f"{where}: website must use https"


def test_partner_orders_are_unique_within_each_priority():
    seen: dict[tuple, str] = {}
    for path in PARTNER_FILES:
        meta, _ = split_front_matter(path.read_text(encoding="utf-8"), str(path))
        if "order" not in meta:
            continue
        key = (meta["priority"], meta["edition"], meta["order"])
        assert key not in seen, f"{path.name} and {seen[key]} share order {meta['order']}"
        seen[key] = path.name


@pytest.mark.parametrize("path", PARTNER_FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_partner_text_is_plain_markdown_of_the_right_length(path):
    where = str(path.relative_to(ROOT))
    _, body = split_front_matter(path.read_text(encoding="utf-8"), where)
    assert raw_html(body) == [], f"{where}: raw HTML is not allowed; use markdown"
    assert not re.search(r"^#{1,2} ", body, flags=re.M), f"{where}: use ### or smaller headings"
    links = re.findall(r"\]\(([^)]+)\)", body)
    assert all(link.startswith("https://") for link in links), f"{where}: links must use https"
    words = word_count(body)
    low, high = PARTNER_WORDS
    assert low <= words <= high, f"{where}: {words} words; aim for {low}-{high}"


# --- the helpers catch what they should ----------------------------------------------------------

def test_section_check_reports_sections_out_of_order():
    body = "## Introduction\n\n## Measures\n\n## Progress made\n"
    assert section_problems(body, ["Introduction", "Progress made", "Measures"]) != []
    assert section_problems(body, ["Introduction", "Measures", "Progress made"]) == []


def test_headings_inside_code_cells_are_not_sections():
    body = "## Introduction\n```{python}\n## not a heading\n```\n"
    assert headings(body) == ["Introduction"]


def test_raw_html_is_found_in_blocks_and_inline():
    assert raw_html("<div>hi</div>\n") != []
    assert raw_html("Some <b>bold</b> text.\n") != []
    assert raw_html("Plain **bold** and a [link](https://example.org).\n") == []
    assert raw_html("<!-- a note to editors -->\n\nText.\n") == []
    assert raw_html("<!-- never closed\n\nText.\n") != []


def test_unclosed_front_matter_is_reported_with_file_and_line(tmp_path):
    bad = tmp_path / "partners" / "poverty" / "x.md"
    bad.parent.mkdir(parents=True)
    bad.write_text("---\norganisation: X\npriority: poverty\n\nText.\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"x\.md:1: front matter is never closed"):
        split_front_matter(bad.read_text(encoding="utf-8"), str(bad))


def test_word_count_counts_an_inline_figure_as_one_word():
    assert word_count('Destitution is `{python} report.latest("destitution")` now.') == 4
