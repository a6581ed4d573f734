"""Readers can trust every sentence, not only every number: a sentence that sets a measure's latest
figure beside its baseline, a milestone, its 2040 target, its comparator or its previous figure
("it remains above the 7.3% recorded at the 2019 baseline") says what the data shows, and a sentence
never quotes a milestone the data does not have. What the check refuses, it refuses with the file,
the line and what to do."""
import csv
import io

import pytest

from luton2040 import report
from luton2040.cli import main
from luton2040.compute import expression_ids, prose_check, tables
from luton2040.data.load import load
from luton2040.site import dashboard, downloads, pages

pytestmark = pytest.mark.usefixtures("in_project")

POVERTY = "chapters/_prose/2025/poverty.qmd"


def _replace(path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{path.name} no longer has {old!r}: update the test"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _check(project, capsys) -> tuple[int, str]:
    code = main(["--project", str(project), "check"])
    return code, capsys.readouterr().err


# ------------------------------------------------------------------ a milestone that is not set

def test_a_sentence_quoting_a_milestone_the_data_does_not_have_is_refused(project_copy, capsys):
    """Not "By 2027 the road map aims to bring destitution down to Not set."."""
    _replace(project_copy / "data" / "targets.csv", "destitution,all,2027,value,7.7,,,\n", "")
    code, err = _check(project_copy, capsys)
    assert code == 1
    assert (f"{POVERTY}:27: report.target(\"destitution\", 2027): destitution has no 2027 milestone in "
            "data/targets.csv, so the sentence would print \"Not set\" (it has 2031, 2035, 2040) — add the milestone "
            "as a row of data/targets.csv (destitution,all,2027,…), or reword the sentence without it") in err
    assert main(["--project", str(project_copy), "build", "--quiet"]) == 1
    assert not (project_copy / "_site" / "chapters" / "poverty.html").exists()


def test_a_progress_item_quoting_a_milestone_the_data_does_not_have_is_refused(project_copy, capsys):
    targets = project_copy / "data" / "targets.csv"
    targets.write_text("".join(line for line in targets.read_text(encoding="utf-8").splitlines(keepends=True)
                               if not line.startswith("children-in-care,all,2027,")), encoding="utf-8")
    code, err = _check(project_copy, capsys)
    assert code == 1
    assert ("data/progress_notes.csv:30:text: {target:2027}: children-in-care has no 2027 milestone in "
            "data/targets.csv, so the sentence would print \"Not set\"; add it as a row there "
            "(children-in-care,all,2027,…), or reword the sentence without it") in err


def test_a_year_that_is_no_milestone_is_named_by_the_check_not_left_to_the_build(data):
    text = "Destitution should reach `{python} report.target(\"destitution\", 2028)` by then.\n"
    found = prose_check.check_pages(data, data.edition(2025), {"p.qmd": text})
    assert [(p.line, p.message, p.fix) for p in found] == [
        (1, "report.target(\"destitution\", 2028): 2028 is not a milestone year", "use one of 2027, 2031, 2035 or 2040")]


def test_a_status_measured_against_a_later_milestone_says_so_under_the_2027_heading(project_copy):
    """Without a 2027 milestone destitution's status is worked out against 2031 (the methods
    appendix: "the next one it does have is used instead … and the tables name it beside the
    status"): every place that heads the status "towards the 2027 milestone" names 2031 beside it,
    the charts' data download included."""
    _replace(project_copy / "data" / "targets.csv", "destitution,all,2027,value,7.7,,,\n", "")
    data = load(project_copy)
    edition = data.edition(2025)
    assert tables.status_heading(edition) == "Status towards the 2027 milestone"
    said = "Going backwards (towards the 2031 milestone)"
    for table in (tables.headline_table(data, edition), tables.headline_status_table(data, edition),
                  tables.measures_table(data, edition, "poverty")):
        row = next(r for r in table.rows if any(c.text == "Households in destitution" for c in r))
        assert table.columns[-1] == "Status towards the 2027 milestone" and row[-1].text == said, table.name
    facts = pages.measure_facts.facts_of(data, edition, data.measure("destitution"))
    assert f"Status towards the 2027 milestone\n:   " in "\n".join(pages._at_a_glance(data, edition, facts))
    assert "(towards the 2031 milestone)" in "\n".join(pages._at_a_glance(data, edition, facts))
    rows = list(csv.DictReader(io.StringIO(downloads.statuses_csv(data, edition, dashboard.statuses(data, edition)))))
    assert next(r for r in rows if r["measure"] == "destitution")["status_towards_the_2027_milestone"] == said


# ------------------------------------------------------------------ a misspelt measure id

def test_a_misspelt_measure_id_in_a_sentence_is_one_clean_line_not_a_traceback(project_copy, capsys):
    _replace(project_copy / POVERTY, 'report.period("destitution")', 'report.period("destitutoin")')
    code, err = _check(project_copy, capsys)
    assert code == 1
    assert "Traceback" not in err and "KeyError" not in err
    assert (f"{POVERTY}:25: report.period(\"destitutoin\"): there is no measure 'destitutoin' — use an id from "
            "data/measures.csv (closest: destitution)") in err
    assert main(["--project", str(project_copy), "build", "--quiet"]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err and f"{POVERTY}:25: report.period(\"destitutoin\")" in err


@pytest.mark.parametrize("function", sorted(f for f, s in expression_ids.id_functions().items()
                                            if s.parameter == "measure_id"))
def test_every_report_function_with_a_misspelt_measure_is_named_in_a_sentence_that_makes_claims(data, function):
    text = (f"Destitution has improved and is on track, and `{{python}} report.{function}(\"destitutoin\")` is "
            "above the baseline, below the 2027 milestone and down from the year before.\n")
    found = prose_check.check_pages(data, data.edition(2025), {"p.qmd": text})
    assert f"report.{function}(\"destitutoin\"): there is no measure 'destitutoin'" in [p.message for p in found]
