"""A chapter's code naming a measure, priority, figure or series that does not exist — in an inline
expression or in a code cell — is refused by the check, with its file and line, before any page is
rendered (luton2040/compute/expression_ids.py): under `quarto render` the check is the pre-render
step, which runs before Quarto renders a page (and empties `_site/`)."""
from __future__ import annotations

import inspect

from luton2040 import report
from luton2040.compute.expression_ids import ID_PARAMETERS, check_code, check_text, id_functions

KNOWN = {"measure": {"destitution", "child-poverty", "neet", "healthy-life-expectancy"},
         "priority": {"poverty", "net-zero", "child-friendly"},
         "figure": {"child-poverty-2019", "airport-jobs"}}
SERIES = {"destitution": {"all"}, "child-poverty": {"all"}, "neet": {"all"},
          "healthy-life-expectancy": {"male", "female"}}


def _messages(text: str) -> list[str]:
    return [str(p) for p in check_text("chapters/_prose/2025/poverty.qmd", text, KNOWN, SERIES)]


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


def test_a_misspelt_priority_in_a_code_cell_is_named_with_the_cells_line():
    text = ("## Progress made\n\n```{python}\n#| output: asis\nprint(report.progress_made(\"net-zeor\"))\n```\n\n"
            "```{python}\nreport.measures_table(\"child-friendly\")\n```\n")
    assert _messages(text) == [
        "chapters/_prose/2025/poverty.qmd:5: report.progress_made(\"net-zeor\"): there is no priority "
        "'net-zeor' — use an id from data/priorities.csv (closest: net-zero)"]


def test_a_series_the_measure_does_not_have_is_named_with_the_ones_it_has():
    text = ("Men `{python} report.latest(\"healthy-life-expectancy\", \"mal\")` and women "
            "`{python} report.latest(\"healthy-life-expectancy\", series=\"female\")`, "
            "against `{python} report.target(\"healthy-life-expectancy\", 2040, \"femle\")`.\n")
    assert _messages(text) == [
        "chapters/_prose/2025/poverty.qmd:1: report.latest(\"healthy-life-expectancy\", \"mal\"): "
        "there is no series 'mal' — use one of the measure's series in data/series.csv: female, male",
        "chapters/_prose/2025/poverty.qmd:1: report.target(\"healthy-life-expectancy\", \"femle\"): "
        "there is no series 'femle' — use one of the measure's series in data/series.csv: female, male"]


def test_a_measure_without_the_default_series_must_name_one():
    text = "Nationally `{python} report.comparator(\"healthy-life-expectancy\")`.\n"
    assert _messages(text) == [
        "chapters/_prose/2025/poverty.qmd:1: report.comparator(\"healthy-life-expectancy\"): the measure has no "
        "series 'all', which is used when none is named — name one of its series (data/series.csv): female, male"]


def test_ids_that_exist_other_functions_comments_and_other_code_blocks_pass():
    text = ("`{python} report.latest(\"neet\")`, `{python} report.figure(\"airport-jobs\")`, "
            "`{python} report.measures_table(\"poverty\")`, `report.latest(\"not-run\")`.\n"
            "````markdown\nWrite `{python} report.latest(\"measure-id\")` for the latest value.\n"
            "```{python}\nreport.latest(\"in-an-example\")\n```\n````\n"
            "```{python}\n# report.needs_work(\"an-example\") in a comment is not run\n"
            "x = report.latest(\"neet\")  # was report.latest(\"nete\")\n"
            "print(report.needs_work(\"child-friendly\"), report.target(\"neet\", 2027), report.appendix_table())\n```\n")
    assert _messages(text) == []
    # (the cell after the example is read: a misspelt id there is found)
    assert [m.split(": ", 1)[1] for m in _messages(text.replace("child-friendly", "child-friendy"))] == [
        "report.needs_work(\"child-friendy\"): there is no priority 'child-friendy' — use an id from "
        "data/priorities.csv (closest: child-friendly)"]


def test_an_id_the_code_works_out_and_a_cell_that_is_not_run_are_left_to_the_run():
    text = ("```{python}\nfor year in (2019, 2024):\n    print(report.figure(\"child-poverty-\" + str(year)))\n```\n\n"
            "```{python}\n#| eval: false\nreport.latest(\"your-measure-id\")\n```\n")
    assert _messages(text) == []


def test_a_call_split_over_lines_is_read_whole_and_named_at_its_first_line():
    text = ("Intro.\n\n```{python}\n#| output: asis\nprint(\n    report.progress_made(\n        \"net-zeor\",\n"
            "    )\n)\n```\n")
    assert _messages(text) == [
        "chapters/_prose/2025/poverty.qmd:6: report.progress_made(\"net-zeor\"): there is no priority "
        "'net-zeor' — use an id from data/priorities.csv (closest: net-zero)"]


def test_every_report_function_taking_an_id_is_known_from_its_first_parameter():
    """The check reads report.py's own signatures, so a new function is checked without a list to update."""
    expected = {name: next(iter(inspect.signature(f).parameters))
                for name, f in vars(report).items()
                if inspect.isfunction(f) and f.__module__ == report.__name__ and not name.startswith("_")
                and inspect.signature(f).parameters and next(iter(inspect.signature(f).parameters)) in ID_PARAMETERS}
    assert {name: signature.parameter for name, signature in id_functions().items()} == expected
    assert id_functions()["target"].series_at == list(inspect.signature(report.target).parameters).index("series")
    assert {"latest", "figure", "progress_made", "measures_table", "appendix_table"} <= set(expected)


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
    from luton2040.compute.expression_ids import report_functions

    functions = report_functions()
    assert {"latest", "moved", "figure", "progress_made", "measures_table"} <= functions
    assert all(callable(getattr(report, name)) for name in functions)
    assert "load" not in functions and "show_tables_as_markdown" not in functions  # imported, not offered


def test_an_expression_whose_closing_backtick_is_left_out_at_the_end_of_a_line_is_named():
    """Neither renderer runs it: the page would print the code as words (a reviewer's case)."""
    assert _code("Missing: `{python} report.latest(\"destitution\") and then words go on.\n") == [
        "chapters/_prose/2025/poverty.qmd:1: the backtick (`) that ends `{python} report.latest(\"destitution\")` is "
        "missing, so the page would print the code as words — type ` straight after report.latest(\"destitution\")"]
    assert _code("The latest: `{python} report.latest(\"destitution\")\n") == [
        "chapters/_prose/2025/poverty.qmd:1: the backtick (`) that ends `{python} report.latest(\"destitution\")` is "
        "missing, so the page would print the code as words — type ` straight after report.latest(\"destitution\")"]
    assert _code("Runs on: `{python} report.latest(\n\"destitution\")`.\n") == [
        "chapters/_prose/2025/poverty.qmd:1: `{python} has no closing backtick (`) on this line, so the page would "
        "print the code as words — end the expression with ` on the same line"]
    assert _code("Both closed: `{python} report.latest(\"neet\")` and `{python} report.moved(\"neet\")`.\n") == []
