"""`luton2040 check` warns when chapter prose types a figure the data provides (it would go stale next year)."""
from __future__ import annotations

import pytest

from luton2040.cli import main

LATEST = ("warning: {file}:{line}: '9.9%' is typed by hand; it is the latest Luton value of destitution — "
          "write `{{python}} report.latest(\"destitution\")` so the text follows the data")


def check(capsys, book) -> tuple[int, list[str], str]:
    code = main(["--project", str(book), "check"])
    out, err = capsys.readouterr()
    return code, err.splitlines(), out


def add(book, file: str, text: str) -> int:
    """Append ``text`` to ``file``; return the line number its first line lands on."""
    path = book / file
    before = path.read_text()
    path.write_text(before + text)
    return before.count("\n") + 1 + (len(text) - len(text.lstrip("\n")))


def test_the_safety_book_types_no_figures(capsys, book):
    assert check(capsys, book) == (0, [], "Data and partner files are valid (0 warning(s)).\n")


@pytest.mark.parametrize("file", ["chapters/poverty.qmd", "index.qmd", "appendix/notes.qmd"])
def test_a_typed_latest_value_is_a_warning_naming_file_line_and_measure(capsys, book, file):
    (book / "appendix").mkdir(exist_ok=True)
    (book / "appendix/notes.qmd").write_text("# Notes\n")
    line = add(book, file, "\nDestitution reached 9.9% in 2023.\n")
    code, err, out = check(capsys, book)
    assert (code, err) == (0, [LATEST.format(file=file, line=line)])
    assert out == "Data and partner files are valid (1 warning(s)).\n"


def test_baselines_comparators_and_milestones_are_found_too(capsys, book):
    line = add(book, "chapters/poverty.qmd", "\nFrom 7.4% to a 2027 milestone of 7.0%, against 4.0% in England.\n")
    code, err, _ = check(capsys, book)
    assert code == 0
    assert sorted(err) == sorted([
        f"warning: chapters/poverty.qmd:{line}: '7.0%' is typed by hand; it is the 2027 milestone of destitution — "
        "write `{python} report.target(\"destitution\", 2027)` so the text follows the data",
        f"warning: chapters/poverty.qmd:{line}: '7.4%' is typed by hand; it is the baseline of destitution — "
        "write `{python} report.baseline(\"destitution\")` so the text follows the data",
        f"warning: chapters/poverty.qmd:{line}: '4.0%' is typed by hand; it is the comparator value of destitution — "
        "write `{python} report.comparator(\"destitution\")` so the text follows the data",
    ])


@pytest.mark.parametrize("text", [
    "\n```{python}\nshare = '9.9%'\n```\n",                      # a code cell
    "\nDestitution is `{python} report.latest(\"destitution\")` in `{python} report.period(\"destitution\")`.\n",  # the right way
    "\nThe cell prints `9.9%` as code.\n",                        # inline code
    "\n<!-- was 9.9% last year -->\n",                            # a comment
    "\nRates of 19.9% and 9.95% and 9.9 per cent are other figures.\n",  # not the same figure
])
def test_code_comments_and_other_numbers_are_not_warned_about(capsys, book, text):
    add(book, "chapters/poverty.qmd", text)
    assert check(capsys, book)[:2] == (0, [])


def test_partner_texts_and_front_matter_are_not_checked(capsys, book):
    partner = book / "partners/poverty/example-food-project.md"
    partner.write_text(partner.read_text() + "\nDestitution in Luton is 9.9%.\n")
    page = book / "chapters/poverty.qmd"
    # (the title stays the priority's, data/priorities.csv's: a chapter titled otherwise is named)
    page.write_text(page.read_text().replace('title: "Our number one priority: poverty"',
                                             'title: "Our number one priority: poverty"\nsubtitle: "9.9% destitute"'))
    assert check(capsys, book)[:2] == (0, [])


def test_a_typed_fact_of_the_year_from_figures_csv_is_a_warning_naming_its_figure(capsys, book):
    """'22,000 residents' typed where report.figure("destitution-residents") belongs says 22,000 again
    in next year's report; a row <id>-<year> is quoted by its name <id>."""
    (book / "data/figures.csv").write_text(
        "id,edition,value,description,source,provenance\n"
        'volunteers,2025,"1,200",Volunteers who gave time in 2024.,Partnership survey,\n'
        'food-parcels-2025,2025,"3,400",Food parcels given out in 2024.,Luton Foodbank,\n'
        "volunteer-groups,2025,12,Groups the volunteers came from.,Partnership survey,\n")
    line = add(book, "chapters/poverty.qmd", "\nThis year 1,200 volunteers from 12 groups packed 3,400 food parcels.\n")
    code, err, _ = check(capsys, book)
    assert code == 0
    assert sorted(err) == sorted([
        f"warning: chapters/poverty.qmd:{line}: '1,200' is typed by hand; it is the figure volunteers of "
        "data/figures.csv — write `{python} report.figure(\"volunteers\")` so the text follows the data",
        f"warning: chapters/poverty.qmd:{line}: '3,400' is typed by hand; it is the figure food-parcels of "
        "data/figures.csv — write `{python} report.figure(\"food-parcels\")` so the text follows the data",
    ])  # (a bare 12 is too common in writing to be told apart from the figure)
