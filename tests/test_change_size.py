"""The report says how big a change was only as its figures show it: "halved", "doubled", "less than
half" and "grew by around 8%" next to a measure's name agree with that measure's data."""

import pytest

from luton2040.cli import main
from luton2040.compute import change_size, prose_check


pytestmark = pytest.mark.usefixtures("in_project")


def found(data, sentence: str) -> list[str]:
    return [p.message for p in prose_check.check_pages(data, data.edition(2025), {"p.qmd": f"{sentence}\n"})]


@pytest.mark.parametrize("sentence, message", [
    ("Average wages in Luton have grown by more than a fifth since 2019.",
     "says 'grown by more than a fifth' about weekly-wages, but the figures went from £560.50 (2019) to "
     "£618.10 (2023), +10.3%"),
    ("Bus journeys have doubled since before the pandemic.",
     "says 'doubled' about bus-journeys, but the figures went from 12,200,000 journeys (2019) to "
     "13,600,000 journeys (2024), +11.5%"),
    ("Bus journeys have more than doubled since before the pandemic.",
     "says 'more than doubled' about bus-journeys, but the figures went from 12,200,000 journeys (2019) to "
     "13,600,000 journeys (2024), +11.5%"),
    ("Children in care rose by 12 per cent.",
     "says 'rose by 12 per cent' about children-in-care, but the figures went from 406 (2019) to 420 (2023), +3.4%"),
    ("Year 6 obesity has gone up by a quarter.",
     "says 'gone up by a quarter' about year-6-obesity, but the figures went from 39.6% (2019) to 42.5% (2023), +7.3%"),
])
def test_a_size_the_figures_do_not_show_is_reported(data, sentence, message):
    assert found(data, sentence) == [message]


@pytest.mark.parametrize("sentence", [
    "Average wages in Luton have grown by more than a tenth since 2019.",  # +10.3%
    "Permanent exclusions are less than half the 2019 rate.",  # 0.13% to 0.06%
    "Bus journeys have gone up by around 11%.",  # +11.5%
    "Unemployment has gone up by 138%.",  # +137.5%, as typed to the nearest whole number
    "Smoking has dropped by about 6 per cent.",  # 21% to 14.7%: 6.3 percentage points
    "Emissions have fallen by about 3% a year since 2005.",  # a yearly rate, not the change shown
    "Anti-social behaviour has halved since 2016.",  # names no measure
    "Unemployment has more than doubled since 2019.",  # +137.5%: a qualifier before the ratio word is read
    "Less than half of adults report high anxiety.",  # a share, not a change
])
def test_sizes_the_figures_show_or_cannot_judge_pass(data, sentence):
    assert found(data, sentence) == []


def test_the_words_read_as_sizes():
    assert [(s.said, s.percent, s.qualifier, s.ratio) for s in change_size.sizes_in(
        "Wages grew by more than a tenth, output rose by around 8% and litter halved; "
        "emissions fell by about 3% a year.")] == [
        ("grew by more than a tenth", 10.0, "more than", ""), ("rose by around 8%", 8.0, "around", ""),
        ("halved", None, "", "halved")]


def test_a_planted_size_in_a_progress_item_fails_the_check(project_copy, capsys):
    notes = project_copy / "data" / "progress_notes.csv"
    text = notes.read_text(encoding="utf-8")
    assert "grew by around 8% between 2019" in text
    # said plainly of the measure: refused ("The value of the town's economic output grew by around 20%" names
    # the measure only inside its subject, so is a warning, as "Spending on … has risen" is)
    notes.write_text(text.replace("The value of the town's economic output grew by around 8% between 2019 and "
                                  "{period:total}", "Economic output has grown by around 20% since 2019"),
                     encoding="utf-8")
    line = next(i for i, row in enumerate(text.splitlines(), start=1) if "grew by around 8%" in row)
    assert main(["--project", str(project_copy), "check"]) == 1
    err = capsys.readouterr().err
    assert (f"data/progress_notes.csv:{line}:text: says 'grown by around 20%' about productivity-gva, but the "
            "figures went from Total GVA: £6,100m (2019) to £6,600m (2022), +8.2%; GVA per head: £27,496 (2019) "
            "to £29,293 (2022), +6.5% — correct the size of the change, or leave it to the measure's table and "
            "chart") in err


def test_a_wrong_direction_is_reported_once_not_again_as_a_wrong_size(data):
    assert found(data, "Year 6 obesity has halved.") == [
        "says 'has halved' about year-6-obesity, but the figures went from 39.6% to 42.5%"]


# The third review's false refusals: a fraction is a round word and a whole number is typed rounded or cut,
# and the last change counts as well as the change since the baseline (destitution 12.1% → 9.9% since 2023).
@pytest.mark.parametrize("sentence", [
    "NEET has fallen by a fifth.",                         # 4.7% → 3.7%: −21.3%
    "The NEET rate has fallen by a fifth, to 3.7%.",
    "**NEET has fallen by a fifth.**",
    "Bus journeys have risen by a tenth.",                  # +11.5%
    "Emissions have fallen by a tenth.",                    # total −10.8%, per person −13.3%
    "Emissions have fallen by 10%.",
    "Graffiti has fallen by 70%.",                          # −70.6%: a whole number typed cut, not rounded
    "Permanent exclusions have fallen by a half.",          # −53.8%, as "have halved" passes
    "Smoking has fallen by a third.",                       # −30.0%
    "Detritus has fallen by a quarter.",                    # −28.5%
    "Destitution has risen by a third since 2019.",         # +35.6%
    "Destitution has fallen by a fifth.",                   # 12.1% (2023) → 9.9%: −18.2%
    "Destitution has fallen by a fifth since 2023.",
    "Destitution has dropped by a fifth from its peak.",
])
def test_a_size_said_as_the_report_would_round_it_passes(data, sentence):
    assert found(data, sentence) == []


@pytest.mark.parametrize("sentence", [
    "Destitution has fallen by a third since 2019.",  # it rose by a third: the size fits only the other way
    "Litter has fallen by a tenth.",                  # −50%: "a tenth" is of the figure, never 10.7 points
    "Smoking has halved.",                            # 21% → 14.7% is 0.7 of it
    "Emissions have fallen by a fifth since 2019.",   # −10.8% and −13.3%: plainly more than they fell
])
def test_a_size_plainly_not_the_figures_still_refuses_the_build(data, sentence):
    assert "error" in [p.severity for p in prose_check.check_pages(data, data.edition(2025), {"p.qmd": f"{sentence}\n"})]


def test_the_message_gives_the_last_change_as_well_as_the_change_since_the_baseline(data):
    assert found(data, "Destitution has fallen by a half.") == [
        "says 'fallen by a half' about destitution, but the figures went from 7.3% (2019) to 9.9% (April 2024), "
        "+35.6%, and from 12.1% (2023), -18.2%"]


def test_a_whole_number_is_read_as_typed_rounded_or_cut_not_a_point_below(data):
    # children in care +3.4%: "by 3 per cent" is it cut, "by 4 per cent" is not (the final review)
    assert found(data, "Children in care rose by 3 per cent.") == []
    assert found(data, "Children in care rose by 4 per cent.") != []


def test_a_size_said_of_a_name_read_the_other_way_round_is_turned_too(project_copy):
    """Air quality is a pollution score: a score falling by a fifth is air quality rising by a fifth."""
    from luton2040.data.load import load

    observations = project_copy / "data" / "observations.csv"
    observations.write_text(observations.read_text(encoding="utf-8")
                            + "air-quality,all,luton,2022,2022-12-31,0.86,ok,false,,a second figure for the test\n",
                            encoding="utf-8")
    data = load(project_copy)
    assert found(data, "Air quality has risen by a fifth.") == []  # 0.86 → 0.69: the score fell by 19.8%
    assert found(data, "Air quality has fallen by a fifth.") != []
