"""The report counts only what its data has: "the 40 outcomes", "five priorities", "six headline
measures" and "six focus areas" typed in a page or a progress item agree with the data, so a road
map that gains a measure next year cannot leave a sentence counting the old number."""
from pathlib import Path

import pytest

from luton2040 import report
from luton2040.cli import main
from luton2040.compute import counts, prose_check
from luton2040.data.load import load
from project_copy import warm_copy

ROOT = Path(__file__).resolve().parent.parent
HAVE = counts.Counts(measures=40, headline=6, priorities=5, focus_areas=6, per_priority=frozenset({1, 6, 7, 8, 9}),
                     headline_by_priority=(("inclusive-economy", 1), ("population-wellbeing", 1),
                                           ("child-friendly", 1), ("net-zero", 1), ("strong-fair-community", 1)))


pytestmark = pytest.mark.usefixtures("in_project")


def said(line: str, have: counts.Counts = HAVE) -> list[str]:
    return [p.message for p in counts.check_lines("p.qmd", [(1, line)], have)]


def test_the_published_counts_are_the_datas():
    data = load(ROOT)
    assert counts.counts_of(data, data.edition(2025)) == HAVE


@pytest.mark.parametrize("line, message", [
    ("The road map has all 41 measures.",
     "says '41 measures', but the data has 40 measures (data/measures.csv)"),
    ("## The road map: 39 outcomes",
     "says '39 outcomes', but the data has 40 measures (data/measures.csv)"),
    ("Ending poverty is the core mission, and six priorities serve it.",
     "says 'six priorities', but the data has 5 priorities besides the core mission (data/priorities.csv)"),
    ("Together the seven headline measures tell the story.",
     "says 'seven headline measures', but the data has 6 headline measures "
     "(the headline column of data/measures.csv)"),
    ("Together these seven headline measures are the quickest way to see it.",  # one set: these are all of them
     "says 'seven headline measures', but the data has 6 headline measures "
     "(the headline column of data/measures.csv)"),
    ("There are five focus areas at present.",
     "says 'five focus areas', but the data has 6 focus areas "
     "(focus_areas in the edition's data/editions/<year>.yml)"),
])
def test_a_count_the_data_does_not_have_is_reported(line, message):
    assert said(line) == [message]


@pytest.mark.parametrize("line", [
    "The partnership has agreed a road map of 40 outcomes.",
    "Five priorities serve that mission, and the six headline measures sum it up.",
    "Six of the outcomes, one for each priority, are headline measures.",  # a part, not a total
    "Three measures are going backwards.",  # a count of something else
    "Each of our 2040 outcomes has one measure.",  # a year
    "This appendix lists all `{python} report.measure_count()` measures.",  # code, not prose
    # a chapter's own measures, or some of them (a reviewer's sentences, refused before)
    "This chapter reports on its eight measures.",
    "Of these eight measures, three are improving.",
    "The eight measures of this chapter are in the table below.",
    "In two priorities, most measures are improving.",
    "Three headline measures are going backwards.",
])
def test_counts_that_agree_or_are_not_totals_pass(line):
    assert said(line) == []


@pytest.mark.parametrize("line", [
    "Six of the outcomes, one for poverty and one for each priority, are headline measures.",
    "The six headline measures: the core poverty measure and one from each priority.",
    "Progress is tracked alongside one headline measure from each of the five priorities.",
])
def test_headline_measures_said_to_be_one_from_each_priority_must_be(line):
    assert said(line) == []
    two = counts.Counts(**{**HAVE.__dict__, "headline_by_priority": (("inclusive-economy", 0), ("net-zero", 2))})
    assert said(line, two) == [
        "says the headline measures are one from each priority, but inclusive-economy has none, net-zero has 2 "
        "(the headline column of data/measures.csv)"]


def test_one_from_each_priority_about_something_else_is_not_about_headline_measures():
    two = counts.Counts(**{**HAVE.__dict__, "headline_by_priority": (("net-zero", 2),)})
    assert said("Partners came, one from each priority, to the conference.", two) == []


def test_a_count_typed_in_a_cells_caption_is_checked_and_the_fix_is_a_table_div():
    """A caption in a cell option cannot hold code, so "The 40 Luton 2040 outcomes" typed there
    stayed 40 when the data had 400; the check reads it as it reads a sentence."""
    cell = '```{python}\n#| label: tbl-outcomes\n#| tbl-cap: "The 40 Luton 2040 outcomes, by priority"\n' \
           'report.outcomes_table()\n```\n'
    assert prose_check.check_caption_counts("p.qmd", cell, HAVE) == []
    (problem,) = prose_check.check_caption_counts("p.qmd", cell, counts.Counts(**{**HAVE.__dict__, "measures": 400}))
    assert str(problem) == (
        "p.qmd:3: says '40 Luton 2040 outcomes', but the data has 400 measures (data/measures.csv) — a cell "
        "option cannot run code: put the cell in a table div, ::: {#tbl-…}, with the caption as its last "
        "paragraph, where `{python} report.measure_count()` (or another count) can stand for the number")


def test_the_same_words_fail_once_the_road_map_gains_a_measure():
    line = "This appendix lists all 40 measures."
    assert said(line) == []
    assert said(line, counts.Counts(measures=41, headline=6, priorities=5, focus_areas=6)) == [
        "says '40 measures', but the data has 41 measures (data/measures.csv)"]


def test_a_planted_count_fails_the_check_with_its_file_and_line(project_copy, capsys):
    page = project_copy / "chapters" / "_prose" / "2025" / "vision.qmd"
    lines = page.read_text(encoding="utf-8").splitlines()
    at = next(n for n, line in enumerate(lines) if line.startswith("## Five priorities")) + 2
    lines.insert(at, "The partnership has settled on four priorities for the town.\n")
    page.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert main(["--project", str(project_copy), "check"]) == 1
    err = capsys.readouterr().err
    assert (f"chapters/_prose/2025/vision.qmd:{at + 1}: says 'four priorities', but the data has 5 priorities "
            "besides the core mission (data/priorities.csv) — correct the number") in err


def test_a_count_in_a_progress_item_is_checked_on_its_row(project_copy, capsys):
    notes = project_copy / "data" / "progress_notes.csv"
    rows = notes.read_text(encoding="utf-8").splitlines()
    at = next(i for i, row in enumerate(rows) if ",Anti-social behaviour," in row)
    rows[at] = rows[at].replace("Anti-social behaviour has halved since 2016.",
                                "Anti-social behaviour has halved since 2016 and helps all 38 measures.")
    notes.write_text("\n".join(rows) + "\n", encoding="utf-8")
    assert main(["--project", str(project_copy), "check"]) == 1
    err = capsys.readouterr().err
    assert (f"data/progress_notes.csv:{at + 1}:text: says '38 measures', but the data has 40 measures "
            "(data/measures.csv) — write `{python} report.measure_count()` instead of the number") in err


#: A 41st measure (INVENTED TEST DATA): a road map of 41 outcomes.
EXTRA_MEASURE = {
    "data/measures.csv": "tree-cover,net-zero,9,Luton is a green town,Share of the town's area under tree canopy,"
                         "Tree canopy cover,higher_is_better,false,england,,,Forest Research canopy survey,,,",
    "data/series.csv": "tree-cover,all,,percent,1,1,true",
    "data/observations.csv": "tree-cover,all,luton,2019,2019-12-31,9.1,ok,true,,\n"
                             "tree-cover,all,luton,2023,2023-12-31,10.2,ok,false,,\n"
                             "tree-cover,all,england,2023,2023-12-31,16.5,ok,false,,",
    "data/targets.csv": "tree-cover,all,2027,value,11,,,\ntree-cover,all,2040,value,16,,,",
}


def append_rows(project, rows_by_file):
    for name, rows in rows_by_file.items():
        path = project / name
        text = path.read_text(encoding="utf-8")
        path.write_text(text + ("" if text.endswith("\n") else "\n") + rows + "\n", encoding="utf-8")


def set_headline(project, measure_id, value):
    path = project / "data/measures.csv"
    rows = path.read_text(encoding="utf-8").splitlines()
    at = next(i for i, row in enumerate(rows) if row.startswith(measure_id + ","))
    fields = rows[at].split(",")
    assert fields[7] in ("true", "false")  # the headline column
    fields[7] = value
    rows[at] = ",".join(fields)
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")


@pytest.fixture(scope="module")
def built_with_41_measures(built_project, tmp_path_factory):
    project = warm_copy(built_project, tmp_path_factory.mktemp("forty-one") / "project")
    append_rows(project, EXTRA_MEASURE)
    assert main(["--project", str(project), "build", "--quiet"]) == 0
    return project


def page_text(project, page):
    """A built page's words, tags left out."""
    import re
    html = (project / "_site" / page).read_text(encoding="utf-8")
    return " ".join(re.sub(r"<[^>]+>", " ", html[html.index("<main"):]).split())


def test_the_visions_outcome_count_and_its_tables_caption_follow_the_data(built_with_41_measures):
    vision = page_text(built_with_41_measures, "chapters/vision.html")
    assert "The road map: 41 outcomes" in vision
    assert "It is built from 41 outcomes" in vision
    assert "Table 1: The 41 Luton 2040 outcomes, by priority" in vision
    assert "Tree canopy cover" in vision  # the table the caption counts
    assert " 40 " not in vision.replace("2040", "")


def test_the_headline_measures_are_counted_from_the_data(monkeypatch, project_copy):
    set_headline(project_copy, "weekly-wages", "false")
    monkeypatch.chdir(project_copy)
    assert report.headline_count() == "five" and report.headline_count(capital=True) == "Five"
    assert len(report.headline_table().rows) == 5


def test_the_counts_a_page_prints_are_the_counts_its_sentences_are_checked_against(monkeypatch):
    """report.headline_count and report.measure_count print counts.counts_of, the one count the prose
    checks hold a typed "six headline measures" to: never a second computation that could drift."""
    monkeypatch.setattr(counts, "counts_of", lambda data, edition: counts.Counts(
        measures=41, headline=7, priorities=5, focus_areas=6))
    assert (report.headline_count(), report.headline_count(capital=True), report.measure_count()) == \
        ("seven", "Seven", "41")


def test_a_headline_measure_taken_from_a_priority_is_refused_where_the_words_say_one_from_each(project_copy, capsys):
    """With five headline measures, "five headline measures" is a true count, but "one from each
    priority" is not: the check names each sentence that says it."""
    set_headline(project_copy, "weekly-wages", "false")
    assert main(["--project", str(project_copy), "check"]) == 1
    err = capsys.readouterr().err
    against = ("says the headline measures are one from each priority, but inclusive-economy has none (the headline "
               "column of data/measures.csv) — mark one measure of each priority headline, or reword the sentence")
    for page, words in (("vision", "of the outcomes, one for poverty and one for each priority"),
                        ("welcome", "the core poverty measure and one from each priority"),
                        ("poverty", "one headline measure from each of the five priorities")):
        lines = (project_copy / f"chapters/_prose/2025/{page}.qmd").read_text(encoding="utf-8").splitlines()
        line = next(n for n, text in enumerate(lines, 1) if words in text)
        assert f"chapters/_prose/2025/{page}.qmd:{line}: {against}" in err
    assert "headline measures'" not in err  # the counts themselves follow the data
