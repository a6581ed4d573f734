"""The report's promises about its own words: chapters, sections, partner files and prose.

These tests read the source files only; they need no build and no kernel. Chapters are read with
the engine's reader (``engine/source.py``) and partner files with ``partners.read_partners``, so the
checks here are about the report's content, not second copies of the package's rules.
"""
from __future__ import annotations

import ast
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from luton2040.engine import config, source
from luton2040.data.partners import DEFAULT_ORDER, read_partners
from luton2040.data.schema import read_table
from luton2040.compute.stale import hand_typed
from luton2040.data.edition_prose import include_line

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
INLINE = re.compile(r"`\{python\}\s+([^`]+)`")
CALL = re.compile(r"report\.(\w+)\(([^)]*)\)")


# --- helpers (pure, so they can be tested on small bad inputs below) ------------------------------

def body_of(doc: source.Document) -> str:
    """A page's markdown after its front matter, as the engine read it: includes expanded, each
    ``{python}`` cell as a fenced block and each inline expression written back in place."""
    inline = re.compile(re.escape(source.INLINE_OPEN) + r"(\d+)" + re.escape(source.INLINE_CLOSE))
    parts = []
    for block in doc.blocks:
        if isinstance(block, source.Cell):
            parts.append(f"```{{python}}\n{block.code}\n```")
        else:
            parts.append(inline.sub(lambda m: f"`{{python}} {doc.inlines[int(m.group(1))].code}`", block.text))
    return "\n".join(parts) + "\n"


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
    # (an explicit id, `## Measures {#measures}`, is not part of the title)
    return [re.sub(r"\s*\{[^{}]*\}\s*$", "", m.group(1)).strip()
            for m in re.finditer(rf"^{marks} (.+)$", prose(body), flags=re.M)]


def section_problems(body: str, expected: list[str]) -> list[str]:
    """Why a chapter's level-2 sections are not exactly ``expected`` in order (empty if they are)."""
    found = headings(body)
    if found == expected:
        return []
    return [f"sections are {found}; expected {expected}"]


def section_text(body: str, title: str) -> str:
    """Everything between '## title' and the next level-2 heading (code included)."""
    m = re.search(rf"^## {re.escape(title)}(?: *\{{[^{{}}]*\}})?\n(.*?)(?=^## |\Z)", body, flags=re.M | re.S)
    return m.group(1) if m else ""


def word_count(text: str) -> int:
    """Words a reader sees; an inline `{python} …` expression counts as one word."""
    text = INLINE.sub("X", text)
    return len(re.findall(r"[A-Za-z0-9£%][\w£%.,'’-]*", text))


def read_csv(path: Path) -> list[dict]:
    """A data table's rows (``data/<name>.csv``), read by the package's one reader of data/*.csv."""
    return [row.values for row in read_table(ROOT, path.stem)[0]]


# --- project facts -------------------------------------------------------------------------------

def book_files() -> list[str]:
    """The report's pages: those the website's sidebar names (chapters and appendices)."""
    from luton2040.engine.config import load

    return load(ROOT).files


def priority_ids() -> list[str]:
    return [row["id"] for row in read_csv(ROOT / "data" / "priorities.csv")]


FIVE_PRIORITIES = [p for p in priority_ids() if p != CORE_MISSION]
PARTNER_FILES = sorted((ROOT / "partners").glob("*/*.md"))


def chapter(name: str) -> tuple[dict, str]:
    """(front matter, body) of a page of the book, read by the engine's reader."""
    doc = source.read(ROOT / name, ROOT, config.load(ROOT).profiles)  # as the current edition shows it
    return doc.meta, body_of(doc)


def own_prose(pid: str) -> str:
    """The current edition's own prose of a chapter, as written (its includes not expanded)."""
    return (ROOT / "chapters" / "_prose" / str(EDITION) / f"{pid}.qmd").read_text(encoding="utf-8")


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
    assert section_text(own_prose(pid), "Partner contributions").strip() == include_line(EDITION, pid)
    assert f"#| label: tbl-{pid}-measures" in section_text(body, "Measures")


@pytest.mark.parametrize("pid", FIVE_PRIORITIES)
def test_each_priority_chapter_uses_only_its_own_priority_in_table_and_partner_contributions(pid):
    _, body = chapter(f"chapters/{pid}.qmd")
    tables = re.findall(r"report\.measures_table\(\"([^\"]+)\"\)", body)
    partners = re.findall(r"include /chapters/_partners/(\d{4})/([a-z-]+)\.md", own_prose(pid))
    assert tables and set(tables) == {pid}
    assert partners == [(str(EDITION), pid)]


@pytest.mark.parametrize("pid", FIVE_PRIORITIES)
def test_each_priority_chapter_is_a_readable_length(pid):
    # The chapter's own prose plus its progress items, which live in data/progress_notes.csv.
    _, body = chapter(f"chapters/{pid}.qmd")
    partners = section_text(body, "Partner contributions")  # the partners' words, not the chapter's
    body = body.replace(partners, "\n") if partners.strip() else body
    items = [r for r in read_csv(ROOT / "data" / "progress_notes.csv") if r["priority"] == pid]
    words = word_count(prose(body)) + sum(word_count(f"{r['heading']}. {r['text']}") for r in items)
    low, high = PROSE_WORDS
    assert low <= words <= high, f"chapters/{pid}.qmd has {words} words of prose; aim for {low}-{high}"


def test_poverty_chapter_has_the_bands_the_headlines_and_its_partners():
    meta, body = chapter(f"chapters/{CORE_MISSION}.qmd")
    assert meta.get("body-classes") == f"priority-{CORE_MISSION}"
    for call in ("report.mis_bands_table()", "report.headline_table()"):
        assert call in body, f"chapters/{CORE_MISSION}.qmd should call {call}"
    assert section_text(own_prose(CORE_MISSION), "Partner contributions").strip() == include_line(EDITION, CORE_MISSION)


def test_focus_areas_chapter_has_a_section_for_each_focus_area():
    _, body = chapter("chapters/focus-areas.qmd")
    assert headings(body) == [
        "Better Off Luton", "Keeping the Luton pound in Luton", "Green corridors",
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


def test_figures_from_the_data_are_not_typed_into_prose(monkeypatch):
    """A latest, baseline, comparator or target value written out by hand would go stale next edition."""
    monkeypatch.delenv("LUTON2040_EDITION", raising=False)
    assert [str(p) for p in hand_typed(ROOT)] == []


def test_no_copied_prose_from_the_seed_documents(tmp_path):
    """The project's prose repeats no sentence of the seed documents (../shared beside the checkout)."""
    shared = ROOT.parent / "shared"
    if not shared.is_dir():
        pytest.skip("there is no ../shared folder beside this checkout, so there are no seed documents "
                    "to compare the prose with")
    tool = shared / "tools" / "copied-prose"
    assert tool.is_file(), "../shared is here but has no tools/copied-prose to run"
    # The prose people write: every .qmd/.md except the measure pages the pre-render step generates
    # from data/ (they stay on disk after a build, ignored by git).
    from luton2040.site.pages import MEASURES_DIR

    skip = {MEASURES_DIR, "_site", ".venv", "node_modules", ".git"}
    for source in ROOT.rglob("*"):
        rel = source.relative_to(ROOT)
        if source.suffix in (".qmd", ".md") and not skip & {rel.parts[0]} and not rel.parts[0].startswith("_site"):
            (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
            (tmp_path / rel).write_bytes(source.read_bytes())
    result = subprocess.run([sys.executable, str(tool), str(tmp_path)], capture_output=True, text=True,
                            check=False, env={**os.environ, "SEEDS_DIR": str(shared / "seeds")})
    assert result.returncode == 0, result.stdout + result.stderr


# --- partner contributions -----------------------------------------------------------------------

def test_every_partner_file_passes_the_partner_checks_and_is_published():
    partners, problems = read_partners(ROOT)
    assert [str(p) for p in problems] == []
    assert sorted(p.path for p in partners) == sorted(f.relative_to(ROOT).as_posix() for f in PARTNER_FILES)


def test_there_are_partner_contributions_for_every_priority_this_edition():
    have = {p.priority for p in read_partners(ROOT, edition=EDITION)[0]}
    assert set(priority_ids()) <= have


def test_partner_orders_are_unique_within_each_priority():
    seen: dict[tuple, str] = {}
    for partner in read_partners(ROOT)[0]:
        if partner.order == DEFAULT_ORDER:  # no order: follows the numbered ones, by name
            continue
        key = (partner.priority, partner.edition, partner.order)
        assert key not in seen, f"{partner.path} and {seen[key]} share order {partner.order}"
        seen[key] = partner.path


@pytest.mark.parametrize("path", PARTNER_FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_partner_text_is_the_right_length(path):
    where = path.relative_to(ROOT).as_posix()
    partner = next(p for p in read_partners(ROOT, priority=path.parent.name)[0] if p.path == where)
    words = word_count(partner.body)
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


def test_a_page_body_keeps_its_cells_and_inline_expressions(tmp_path):
    (tmp_path / "page.qmd").write_text(
        "---\ntitle: T\n---\n\n## Intro\n\nIt is `{python} report.latest(\"x\")` now.\n\n"
        "```{python}\n#| label: tbl-x\nreport.measures_table(\"x\")\n```\n", encoding="utf-8")
    doc = source.read(tmp_path / "page.qmd", tmp_path)
    assert doc.meta == {"title": "T"}
    assert body_of(doc) == ('\n## Intro\n\nIt is `{python} report.latest("x")` now.\n\n'
                            '```{python}\n#| label: tbl-x\nreport.measures_table("x")\n```\n')


def test_word_count_counts_an_inline_figure_as_one_word():
    assert word_count('Destitution is `{python} report.latest("destitution")` now.') == 4


def test_the_poverty_chapter_tells_its_two_child_poverty_figures_apart():
    # 45% → 39% (children in relative poverty after housing costs, Loughborough's estimates) sits a few
    # lines from the road map's 24.3% → 23.4% (children in the deepest poverty): a reader must be told
    # which is which, not left to think one figure contradicts the other.
    text = own_prose(CORE_MISSION)
    start = text.index('report.figure("child-poverty-2019")')
    sentence = text[text.rindex(".", 0, start) + 1:text.index("\n", start)]
    assert "relative poverty, after housing costs" in sentence and "Loughborough" in sentence
    assert "deepest poverty" in sentence


def test_the_vision_chapter_claims_no_strong_recovery_that_the_measures_contradict():
    # Since 2019 unemployment has more than doubled and adult anxiety has risen: "the town has
    # recovered strongly ... in both its economy and its wellbeing" was a judgement the data does not bear.
    from luton2040.compute import measure_facts
    from luton2040.data.load import load
    data = load(ROOT)
    edition = data.edition(EDITION)
    trends = {m: measure_facts.facts_of(data, edition, data.measure(m))[0].trend for m in ("unemployment", "anxiety")}
    assert trends == {"unemployment": "worsening", "anxiety": "worsening"}
    assert "recovered strongly" not in own_prose("vision")
