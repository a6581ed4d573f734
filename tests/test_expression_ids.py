"""A chapter's inline expression naming a measure or figure that does not exist is refused by the
check, with its file and line, before any page is rendered (luton2040/compute/expression_ids.py):
under `quarto render` the check is the pre-render step, which runs before Quarto renders a page."""
from __future__ import annotations

from luton2040.compute.expression_ids import check_text

MEASURES = {"destitution", "child-poverty", "neet"}
FIGURES = {"child-poverty-2019", "airport-jobs"}


def _messages(text: str) -> list[str]:
    return [str(p) for p in check_text("chapters/_prose/2025/poverty.qmd", text, MEASURES, FIGURES)]


def test_a_misspelt_measure_id_is_named_with_its_line_and_the_closest_id():
    text = "Intro.\n\nDestitution `{python} report.moved(\"destitutoin\")` since last year.\n"
    assert _messages(text) == [
        "chapters/_prose/2025/poverty.qmd:3: report.moved(\"destitutoin\"): there is no measure 'destitutoin' — "
        "use an id from data/measures.csv (closest: destitution)"]


def test_a_misspelt_figure_name_is_named_against_figures_csv():
    text = "It stood at `{python} report.figure('child-poverty-2091')` in 2019.\n"
    assert _messages(text) == [
        "chapters/_prose/2025/poverty.qmd:1: report.figure(\"child-poverty-2091\"): there is no figure "
        "'child-poverty-2091' — use an id from data/figures.csv (closest: child-poverty-2019)"]


def test_ids_that_exist_other_functions_and_code_blocks_pass():
    text = ("`{python} report.latest(\"neet\")`, `{python} report.figure(\"airport-jobs\")`, "
            "`{python} report.measures_table(\"poverty\")`, `report.latest(\"not-run\")`.\n"
            "```markdown\nWrite `{python} report.latest(\"measure-id\")` for the latest value.\n```\n")
    assert _messages(text) == []
