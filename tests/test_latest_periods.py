"""A chapter sentence quoting a measure's latest figure says which period the figure is for."""
from luton2040.cli import main
from luton2040.compute import latest_periods

UNDATED = ('An estimated `{python} report.latest("smoking")` of adults in Luton smoke, compared with '
           '`{python} report.comparator("smoking")` nationally.')


def test_a_latest_figure_without_its_period_is_a_warning_at_its_line():
    problems = latest_periods.check("chapters/x.qmd", f"# X\n\n{UNDATED}\n")
    assert [str(p) for p in problems] == [
        "warning: chapters/x.qmd:3: quotes the latest figure of smoking without saying which period it is for — "
        "add `{python} report.period(\"smoking\")` to the sentence (\"… in 2023\")"]


def test_a_sentence_with_the_measures_period_is_dated():
    dated = ('On the latest figures, for `{python} report.period("healthy-life-expectancy", "male")`, it is '
             '`{python} report.latest("healthy-life-expectancy", "male")` for men and '
             '`{python} report.latest("healthy-life-expectancy", "female")` for women.')
    assert latest_periods.check("x.qmd", f"{dated} Another sentence.\n") == []
    # the period in another sentence does not date this one
    assert len(latest_periods.check("x.qmd", 'It was `{python} report.period("smoking")`. ' + UNDATED + "\n")) == 1


def test_the_report_dates_every_latest_figure_its_chapters_quote(project_copy, capsys):
    assert main(["--project", str(project_copy), "check"]) == 0
    assert "without saying which period" not in capsys.readouterr().err
    page = project_copy / "chapters/_prose/2025/focus-areas.qmd"
    page.write_text(page.read_text(encoding="utf-8") + f"\n{UNDATED}\n", encoding="utf-8")
    assert main(["--project", str(project_copy), "check"]) == 0
    assert "focus-areas.qmd" in capsys.readouterr().err


def test_a_sentence_over_several_lines_is_read_whole_and_named_at_the_figures_line():
    dated = 'Destitution now stands at\n`{python} report.latest("destitution")` in `{python} report.period("destitution")`.\n'
    assert latest_periods.check("x.qmd", "# X\n\n" + dated) == []
    undated = 'Destitution was high.\nIt now stands at\n`{python} report.latest("destitution")`.\n\nNext paragraph.\n'
    assert [p.line for p in latest_periods.check("x.qmd", "# X\n\n" + undated)] == [5]


def test_a_decimal_an_address_or_ie_inside_the_sentence_does_not_end_it():
    # the dot of 2.5, of www.ons.gov.uk or of "i.e." is no full stop: the period later in the
    # same sentence still dates the figure
    for middle in ("about 2.5 points lower,", "([ONS](https://www.ons.gov.uk/x))", "i.e. the latest survey,"):
        text = (f'Smoking fell to `{{python}} report.latest("smoking")`, {middle} in '
                f'`{{python}} report.period("smoking")`.\n')
        assert latest_periods.check("x.qmd", text) == [], middle
