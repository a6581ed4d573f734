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
