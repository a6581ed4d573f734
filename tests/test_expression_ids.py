"""A chapter's inline expression naming a measure or figure that does not exist is refused by the
check, with its file and line, before any page is rendered (luton2040/compute/expression_ids.py):
under `quarto render` the check is the pre-render step, which runs before Quarto renders a page."""
from __future__ import annotations

from luton2040.compute.expression_ids import check_code, check_text

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


FUNCTIONS = frozenset({"latest", "moved", "period", "figure", "measures_table"})


def _code(text: str) -> list[str]:
    return [str(p) for p in check_code("chapters/_prose/2025/poverty.qmd", text, FUNCTIONS)]


def test_a_misspelt_report_function_is_named_with_its_line_and_the_closest_function():
    text = "Intro.\n\nDestitution `{python} report.moevd(\"destitution\")` since last year.\n"
    assert _code(text) == [
        "chapters/_prose/2025/poverty.qmd:3: report.moevd: there is no such report function — use report.moved"]


def test_curly_quotes_an_editor_typed_are_named_before_the_page_runs():
    text = "The latest figure is for `{python} report.period(“destitution”)`.\n"
    assert _code(text) == [
        "chapters/_prose/2025/poverty.qmd:1: `{python} report.period(“destitution”)` has curly quotes, which "
        "Python cannot read — type straight quotes (\" or ') instead of curly ones (“ ” ‘ ’): the editor changed "
        "them, so turn off its smart quotes"]


def test_a_missing_closing_backtick_is_named_with_where_it_goes():
    text = ("It `{python} report.moved(\"destitution\")` (the latest figure is for "
            "`{python} report.period(\"destitution\")), about `{python} report.figure(\"airport-jobs\")` fewer.\n")
    assert _code(text) == [
        "chapters/_prose/2025/poverty.qmd:1: the backtick (`) that ends `{python} report.period(\"destitution\")` is "
        "missing, so the words after it are read as code — type ` straight after report.period(\"destitution\")"]


def test_an_unclosed_bracket_is_named_with_pythons_reason():
    assert _code("At `{python} report.period(\"destitution\"`.\n") == [
        "chapters/_prose/2025/poverty.qmd:1: `{python} report.period(\"destitution\"` is not a Python expression "
        "('(' was never closed) — check the brackets and quotes against an expression that works, such as "
        "`{python} report.latest(\"destitution\")`"]


def test_readable_expressions_known_functions_other_names_and_code_blocks_pass():
    text = ("`{python} report.latest(\"neet\")`, `{python} round(share * 100)`, `{python} f\"{n:,}\"`, "
            "`{python} report.measures_table(\"poverty\")`, `report.latset(\"shown, not run\")`.\n"
            "```markdown\nWrite `{python} report.latset(\"measure-id\"` for the latest value.\n```\n")
    assert _code(text) == []


def test_the_check_knows_every_function_the_report_module_offers_a_page():
    from luton2040 import report
    from luton2040.compute.prose_check import report_functions

    functions = report_functions()
    assert {"latest", "moved", "figure", "progress_made", "measures_table"} <= functions
    assert all(callable(getattr(report, name)) for name in functions)
    assert "load" not in functions and "show_tables_as_markdown" not in functions  # imported, not offered
