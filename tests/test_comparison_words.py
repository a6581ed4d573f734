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
from luton2040.compute import claims, expression_ids, measure_facts, prose_check, sections, tables
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


# ------------------------------------------------------------------ "remains above the baseline"

def test_remains_above_the_baseline_is_refused_once_the_latest_figure_falls_below_it(project_copy, capsys):
    _replace(project_copy / "data" / "observations.csv",
             "destitution,all,luton,April 2024,2024-04-30,9.9,", "destitution,all,luton,April 2024,2024-04-30,7.0,")
    code, err = _check(project_copy, capsys)
    assert code == 1
    assert (f"{POVERTY}:27: says 'above' about destitution, but the latest figure, 7.0% (April 2024), is below "
            "the baseline, 7.3% (2019) — let the data choose the word (`{python} report.above_or_below("
            "\"destitution\", \"baseline\")` gives above, below or level with), or reword the sentence to agree "
            "with the data") in err


def test_next_years_edition_made_from_this_years_words_is_held_to_next_years_figures(project_copy, capsys):
    """The 2026 page, its words carried from 2025, would say "came down from 9.9% to 7.0% … it
    remains above the 7.3%" of a figure now below the baseline."""
    assert main(["--project", str(project_copy), "new-edition", "2026"]) == 0
    observations = project_copy / "data" / "observations.csv"
    lines = observations.read_text(encoding="utf-8").splitlines()
    at = next(n for n, line in enumerate(lines) if line.startswith("destitution,all,luton,April 2024,"))
    lines.insert(at + 1, "destitution,all,luton,2025,2025-12-31,7.0,ok,false,,")
    observations.write_text("\n".join(lines) + "\n", encoding="utf-8")
    highlights = project_copy / "data" / "highlights.csv"  # (without tiles the data check stops first)
    tiles = [line for line in highlights.read_text(encoding="utf-8").splitlines() if line.startswith("2025,")]
    highlights.write_text(highlights.read_text(encoding="utf-8") + "".join("2026" + t[4:] + "\n" for t in tiles),
                          encoding="utf-8")
    capsys.readouterr()
    code, err = _check(project_copy, capsys)
    assert code == 1
    assert ("chapters/_prose/2026/poverty.qmd:27: says 'above' about destitution, but the latest figure, 7.0% "
            "(2025), is below the baseline, 7.3% (2019)") in err


@pytest.mark.parametrize("sentence, said, about", [
    ("Destitution is now below the `{python} report.baseline(\"destitution\")` of 2019.", "below", "destitution"),
    ("Destitution is already below the 2027 milestone.", "below", "destitution"),
    ("Destitution is up on the `{python} report.previous(\"destitution\")` of the year before.", "up on",
     "destitution"),
    ("Anxiety is higher than England's `{python} report.comparator(\"anxiety\")`.", "higher than", "anxiety"),
    ("`{python} report.latest(\"influence-decisions\")` of residents feel they can influence decisions "
     "(`{python} report.period(\"influence-decisions\")`), still short of the "
     "`{python} report.target(\"influence-decisions\", 2027)` hoped for by the 2027 milestone.", "short of",
     "influence-decisions"),
    ("Healthy life expectancy for men is above the national figure of "
     "`{python} report.comparator(\"healthy-life-expectancy\", \"male\")`.", "above", "healthy-life-expectancy"),
])
def test_each_kind_of_comparison_the_data_contradicts_is_caught(data, sentence, said, about):
    found = prose_check.check_pages(data, data.edition(2025), {"chapters/x.qmd": f"Intro.\n\n{sentence}\n"})
    assert [(p.file, p.line) for p in found] == [("chapters/x.qmd", 3)]
    assert found[0].message.startswith(f"says '{said}' about {about}, but ")


@pytest.mark.parametrize("sentence", [
    # true today: 9.9% against 7.3% in 2019, and 12.1% the year before
    "It has come down from the 2023 peak to `{python} report.latest(\"destitution\")` in "
    "`{python} report.period(\"destitution\")`, still above the "
    "`{python} report.baseline(\"destitution\")` of 2019.",
    "Destitution remains above its 2019 baseline and is down from the `{python} report.previous(\"destitution\")` "
    "of the year before.",
    # an aim, not today's figure
    "By 2027 the road map aims to bring destitution below the `{python} report.target(\"destitution\", 2027)` "
    "milestone.",
    "Destitution needs to fall below the 2027 milestone.",
    # an earlier figure, a time, a size
    "When the road map began, destitution was below the 2027 milestone.",
    "Over the past two years the 2027 milestone for destitution has come no closer.",
    "Destitution is more than half the 2019 baseline again.",
    # said not to be there, which is true
    "Destitution is not yet below the 2027 milestone.",
    # the figure that came before "to" is the one compared: "from about one in five to 14.7%"
    "Smoking has fallen from about one adult in five to `{python} report.latest(\"smoking\")` in "
    "`{python} report.period(\"smoking\")`.",
    # the word chosen by the data
    "Destitution is `{python} report.above_or_below(\"destitution\", \"baseline\")` the "
    "`{python} report.baseline(\"destitution\")` of 2019.",
])
def test_comparisons_that_are_true_or_claim_nothing_about_today_pass(data, sentence):
    assert prose_check.check_pages(data, data.edition(2025), {"p.qmd": f"{sentence}\n"}) == []


def test_a_progress_item_placeholder_is_read_as_the_value_it_stands_for(project_copy, capsys):
    """"already past the 2027 milestone of {target:2027}" (data/progress_notes.csv) with a
    milestone the latest figure has not reached."""
    targets = project_copy / "data" / "targets.csv"
    _replace(targets, "influence-decisions,all,2027,value,40,", "influence-decisions,all,2027,value,42,")
    _replace(targets, "influence-decisions,all,2031,value,43,", "influence-decisions,all,2031,value,44,")
    rows = list(csv.DictReader(io.StringIO((project_copy / "data" / "progress_notes.csv").read_text(encoding="utf-8"))))
    line = next(n for n, r in enumerate(rows, start=2) if "already past the 2027 milestone of {target:2027}" in r["text"])
    code, err = _check(project_copy, capsys)
    assert code == 1
    assert (f"data/progress_notes.csv:{line}:text: says 'past' about influence-decisions, but the latest figure, "
            "41% (2024), is below the 2027 milestone, 42%") in err


def test_a_wrong_comparison_in_a_progress_item_is_reported_once(project_copy, capsys):
    """"well below England's {comparator}" is one mistake: one message, with the placeholder fix."""
    notes = project_copy / "data" / "progress_notes.csv"
    _replace(notes, "well above England's {comparator}", "well below England's {comparator}")
    rows = list(csv.DictReader(io.StringIO(notes.read_text(encoding="utf-8"))))
    line = next(n for n, r in enumerate(rows, start=2) if "well below England's {comparator}" in r["text"])
    code, err = _check(project_copy, capsys)
    assert code == 1
    assert [message for message in err.splitlines() if message.startswith(f"data/progress_notes.csv:{line}:")] == [
        f"data/progress_notes.csv:{line}:text: says 'below' about unemployment, but the latest figure, 7.6% (August "
        "2024), is above the comparator, 4.3% (August 2024) — reword the sentence to agree with the data, or let the "
        "data choose the word with the placeholder {above_or_below:comparator} (it gives above, below or level with)"]


def test_the_data_chooses_the_word():
    assert report.above_or_below("destitution", "baseline") == "above"      # 9.9% against 7.3%
    assert report.above_or_below("destitution", "previous") == "below"      # against 12.1%
    assert report.above_or_below("destitution", "target", 2027) == "above"  # against 7.7%
    assert report.above_or_below("anxiety", "comparator") == "below"        # against England's 23.3%
    with pytest.raises(ValueError, match="destitution has no comparable comparator to compare with"):
        report.above_or_below("destitution", "comparator")                 # Luton's own measure


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


# ------------------------------------------------------------------ what a comms editor writes

@pytest.mark.parametrize("sentence", [
    # a size before the comparison is no comparison: 14.7% is 6.3 points below 21%, 9.9% 2.6 points above 7.3%
    "Smoking is more than six points below the baseline.",
    "Destitution is now less than three points above the baseline.",
    # said not to have happened, which is true: 9.9% is above the 7.7% milestone and the 7.3% baseline
    "Destitution has not yet fallen below the 2027 milestone of `{python} report.target(\"destitution\", 2027)`.",
    "Destitution isn't yet below the 2027 milestone.",
    "Destitution has never dropped below the baseline of `{python} report.baseline(\"destitution\")`.",
    "Smoking has not dropped under the 2040 target of `{python} report.target(\"smoking\")`.",
    "Smoking is down, but it has not fallen below England's rate of `{python} report.comparator(\"smoking\")`.",
    # a preposition, a year, a count: no comparison at all
    "Under the road map the 2027 milestone for destitution is `{python} report.target(\"destitution\", 2027)`.",
    "Over the baseline year smoking was common.",
    "The survey reached more than 900 smokers at the baseline of the study.",
    # each word judged against the value it is set beside: below 21%, over England's 11.6%
    "Smoking is now below the baseline and close to the 2027 milestone, though still over the "
    "`{python} report.comparator(\"smoking\")` seen across England.",
    "More people are in destitution than at the 2019 baseline.",  # 9.9% against 7.3%
])
def test_true_sentences_an_editor_writes_pass(data, sentence):
    assert prose_check.check_pages(data, data.edition(2025), {"p.qmd": f"{sentence}\n"}) == []


@pytest.mark.parametrize("sentence, said", [
    ("Smoking is more than six points above the baseline.", "above"),
    ("Destitution is now less than three points below the baseline.", "below"),
    ("Destitution has not yet risen above the 2027 milestone.", "not … above"),
    ("Destitution is no longer above the 2027 milestone.", "no longer above"),  # 9.9% is above 7.7%
    ("Destitution has never been above the baseline of `{python} report.baseline(\"destitution\")`.", "never … above"),
    ("Destitution isn't above the baseline.", "isn't above"),
    ("Smoking is down, but it is not above England's rate of `{python} report.comparator(\"smoking\")`.",
     "not above"),
])
def test_the_same_sentences_made_false_are_caught(data, sentence, said):
    found = prose_check.check_pages(data, data.edition(2025), {"p.qmd": f"{sentence}\n"})
    assert [p.message.split(", but ")[0] for p in found] == [f"says '{said}' about {sentence.split()[0].lower()}"]


def _severity(data, sentence):
    found = prose_check.check_pages(data, data.edition(2025), {"p.qmd": f"{sentence}\n"})
    assert len(found) == 1, (sentence, found)
    return found[0].severity


@pytest.mark.parametrize("sentence", [
    # the value quoted right after the word
    "Destitution is below the `{python} report.baseline(\"destitution\")` of 2019.",
    "Destitution is below the 2027 milestone of `{python} report.target(\"destitution\", 2027)`.",
    # or named in plain words right after it, about the one measure the sentence names, with one series
    "Destitution is below the baseline.",
    "Destitution is now below the 2019 baseline.",                 # 9.9% against 7.3%
    "Smoking is already below its 2027 milestone.",               # 14.7% against 14.0%
    "Destitution has reached its 2027 milestone.",                # 9.9% against 7.7%
    "Destitution is past the 2040 target.",
])
def test_a_plain_false_comparison_refuses_the_build(data, sentence):
    """The build refuses what is certainly wrong: a word set right beside a value the page quotes
    from the data, or right beside "the baseline", "the 2019 baseline", "its 2027 milestone" or "the
    2040 target" of the one measure the sentence is about."""
    assert _severity(data, sentence) == "error"


@pytest.mark.parametrize("sentence", [
    # said not to hold: the opposite is checked, and may be misread
    "Destitution is no longer above the `{python} report.baseline(\"destitution\")` of 2019.",
    "Destitution isn't above the baseline.",
    # hedged
    "Destitution is almost below the baseline.",
    "Destitution is at or below the 2027 milestone.",
    # words between the comparison and the value
    "Destitution is now below the level of the baseline.",
    # two measures: whose baseline?
    "Smoking and destitution are both below the baseline.",
    # a measure with more than one series (a score and a rank): which series' baseline?
    "Attainment 8 is below the baseline.",
    # a count set beside the baseline: which way it runs is the reader's guess
    "Fewer people are in destitution than at the 2019 baseline.",
])
def test_a_comparison_that_may_be_misread_only_warns(data, sentence):
    assert _severity(data, sentence) == "warning"


def _severities(data, sentence):
    return [p.severity for p in prose_check.check_pages(data, data.edition(2025), {"p.qmd": f"{sentence}\n"})]


# Unemployment is 7.6% against a 2027 milestone of 7.0%, destitution 9.9% against a 7.3% baseline and a
# 7.7% milestone, smoking 14.7% against a 21% baseline and a 14.0% milestone: each sentence below has a
# word the latest figure contradicts, but does not plainly say it of today's figure.
@pytest.mark.parametrize("sentence", [
    "Before the pandemic, unemployment sat below its 2027 milestone.",
    "Unemployment stood below the 2027 milestone before the pandemic.",
    "Unemployment started below the 2027 milestone but has since risen above it.",
    "Until 2020 unemployment stayed below the 2027 milestone.",
    "Unemployment fell below the 2027 milestone in 2019.",
    "Destitution dropped below the baseline in 2021 before climbing again.",
])
def test_a_sentence_about_an_earlier_time_is_at_most_a_warning(data, sentence):
    assert "error" not in _severities(data, sentence)


@pytest.mark.parametrize("sentence", [
    "Is destitution below the baseline?",
    "Is destitution below the baseline yet?",
    "Is destitution below the `{python} report.baseline(\"destitution\")` of 2019?",
    "Is it below the 2027 milestone? Not yet.",
])
def test_a_question_claims_nothing_sure_so_is_at_most_a_warning(data, sentence):
    assert "error" not in _severities(data, sentence)


@pytest.mark.parametrize("sentence", [
    "If destitution falls below the 2027 milestone, we will celebrate.",
    "Our aim is to bring smoking below the 2027 milestone.",
    "We expect destitution to drop below the baseline by 2027.",
    "Destitution should be below the baseline by 2027.",
])
def test_an_aim_claims_nothing(data, sentence):
    assert _severities(data, sentence) == []


@pytest.mark.parametrize("sentence", [
    "Bringing destitution below the 2027 milestone remains the priority.",
    "Getting destitution below the baseline is the first task.",
    "Our ambition is destitution below the 2027 milestone.",
    "The road map's ambition is for destitution to sit below its 2027 milestone.",
    "The road map sets out how destitution can get below its 2027 milestone.",
    "We are determined to see destitution below the 2027 milestone.",
    "We intend destitution to be below the 2027 milestone.",
    "Partners are committed to getting destitution below the 2027 milestone.",
    "Once destitution is below the baseline, the next milestone is 5.1%.",
    "Only when destitution is below the baseline will the job be done.",
    "Until destitution is below the baseline, poverty remains the first priority.",
])
def test_an_aim_in_words_the_check_does_not_know_is_at_most_a_warning(data, sentence):
    assert "error" not in _severities(data, sentence)


@pytest.mark.parametrize("sentence", [
    "Our aim for 2027: destitution is below the baseline.",
    "The aim: destitution below the baseline.",
    "Priorities for 2027: bringing destitution below the baseline.",
    "The question is: is destitution below the baseline?",
    "What we want to see: destitution below the 2027 milestone.",
])
def test_an_aim_or_question_before_or_after_a_colon_is_at_most_a_warning(data, sentence):
    assert "error" not in _severities(data, sentence)


@pytest.mark.parametrize("sentence", [
    "Destitution is far from being below the baseline.",  # true: 9.9% is above 7.3%
    "Destitution is nowhere near below the baseline.",
    "Destitution has yet to fall below the baseline.",
])
def test_a_comparison_said_to_be_far_off_is_read_as_not_holding(data, sentence):
    assert _severities(data, sentence) == []


@pytest.mark.parametrize("sentence", [
    # something else is the subject: funding, spending, England's rate
    "Government funding to tackle destitution is still below the 2019 baseline.",
    "Spending on smoking cessation services remains above the baseline.",
    "England's smoking rate is already below the 2027 milestone.",
    "Nationally, smoking is already below the 2027 milestone.",
    "Smoking is the only measure now below its 2027 milestone.",
    # or more follows the value than the end of the sentence or another clause
    "Destitution is below the baseline, according to some measures.",
    "Destitution is below the baseline for the first time.",
])
def test_a_comparison_whose_subject_or_ending_is_not_plain_is_at_most_a_warning(data, sentence):
    assert "error" not in _severities(data, sentence)


@pytest.mark.parametrize("sentence", [
    "Destitution is well below the 2027 milestone.",
    "Destitution has now fallen below the 2019 baseline.",
    "- Destitution is below the baseline.",
    "Luton's smoking rate is below the 2027 milestone.",
    "The smoking rate is still below its 2027 milestone.",
    "Destitution is below the baseline, and smoking has fallen.",
])
def test_a_plain_false_comparison_said_another_plain_way_refuses_the_build(data, sentence):
    assert _severities(data, sentence) == ["error"]


# Destitution is 9.9% against a 7.3% baseline: each sentence says it plainly of today's figure, so it refuses
# the build with "below" and passes with "above".
@pytest.mark.parametrize("sentence", [
    "Destitution has fallen over the past year, with about 1,000 fewer residents than a year before, and "
    "destitution is now {} the 2019 baseline.",                    # a clause after ", and"
    "Smoking has fallen; destitution is {} the baseline.",        # after ";", naming another measure before it
    "Today destitution is {} the baseline.",
    "This year, destitution is {} the baseline.",
    "Destitution, the deepest form of poverty, is now {} the baseline.",  # a description set off by commas
    "Destitution in Luton is now {} the baseline.",
    "Destitution is now back {} the baseline.",
    "Destitution is {} the baseline again.",
    "Destitution is {} the 2019 baseline of 7.3%.",
    "Good news: destitution is now {} the baseline.",             # a clause after a colon
])
def test_a_plain_comparison_said_in_everyday_words_is_refused_when_false_and_passes_when_true(data, sentence):
    assert _severities(data, sentence.format("below")) == ["error"]
    assert _severities(data, sentence.format("above")) == []


@pytest.mark.parametrize("text, found", [
    ("Intro.\n\nDestitution is\nbelow the baseline.\n", [(3, "error")]),  # read whole, at the line it starts on
    ("Intro.\n\nBy 2027 we want to see\ndestitution below its 2027 milestone.\n", []),  # an aim, on two lines
    ("- Smoking has fallen.\n- Destitution is below the baseline.\n", [(2, "error")]),  # each list item is its own
])
def test_a_sentence_wrapped_over_several_lines_is_read_whole(data, text, found):
    problems = prose_check.check_pages(data, data.edition(2025), {"p.qmd": text})
    assert [(p.line, p.severity) for p in problems] == found


def _progress_item(data, sentence, measure="smoking"):
    """The comparison problems of a sentence in ``measure``'s progress item (data/progress_notes.csv)."""
    found = claims.check_versus("data/progress_notes.csv", 2, sentence, [(measure, -1)],
                                prose_check._Facts(data, data.edition(2025)), data.targets_of, None,
                                placeholders=True, names=prose_check.names(data))
    return [p.severity for p in found.values()]


@pytest.mark.parametrize("sentence", [
    "Vaping among young people is above the baseline.",
    "The cost of stop-smoking services remains above the baseline.",
    "Getting it below the 2027 milestone is the next task.",
    "Smoking fell below the 2027 milestone in 2022 but has risen again since, to {latest}.",
])
def test_a_progress_item_sentence_about_something_else_is_at_most_a_warning(data, sentence):
    assert "error" not in _progress_item(data, sentence)


@pytest.mark.parametrize("sentence", [
    "Smoking is already below its 2027 milestone.",  # 14.7% against 14.0%
    "It is already below its 2027 milestone.",       # "it": the item's own measure
    "Smoking is below {target:2027}.",
])
def test_a_plain_false_comparison_in_a_progress_item_refuses_the_build(data, sentence):
    assert _progress_item(data, sentence) == ["error"]


def test_next_years_welcome_cannot_publish_a_figure_on_the_wrong_side_of_its_baseline_or_milestone(project_copy, capsys):
    """The 2026 trial's welcome page published both sentences with only a warning."""
    welcome = project_copy / "chapters" / "_prose" / "2025" / "welcome.qmd"
    _replace(welcome, "Both sides of the story are in the pages that follow.",
             "Destitution is now below the 2019 baseline. Smoking is already below its 2027 milestone.\n\n"
             "Both sides of the story are in the pages that follow.")
    line = welcome.read_text(encoding="utf-8").splitlines().index(
        "Destitution is now below the 2019 baseline. Smoking is already below its 2027 milestone.") + 1
    code, err = _check(project_copy, capsys)
    assert code == 1
    rel = "chapters/_prose/2025/welcome.qmd"
    refused = [message.split(" — ")[0] for message in err.splitlines() if message.startswith(f"{rel}:{line}:")]
    assert refused == [
        f"{rel}:{line}: says 'below' about destitution, but the latest figure, 9.9% (April 2024), is above the "
        "baseline, 7.3% (2019)",
        f"{rel}:{line}: says 'below' about smoking, but the latest figure, 14.7% (2023), is above the 2027 milestone, "
        "14.0%"]
    assert main(["--project", str(project_copy), "build", "--quiet"]) == 1
    assert not (project_copy / "_site" / "index.html").exists()


def test_a_progress_item_is_offered_a_fix_that_works_in_its_cell(project_copy, capsys):
    """In data/progress_notes.csv code is not run: the fix is a placeholder, and the placeholder works."""
    notes = project_copy / "data" / "progress_notes.csv"
    _replace(notes, "already past the 2027 milestone of {target:2027}", "short of the 2027 milestone of {target:2027}")
    code, err = _check(project_copy, capsys)
    assert code == 1
    assert ("says 'short of' about influence-decisions, but the latest figure, 41% (2024), is above the 2027 "
            "milestone, 40% — reword the sentence to agree with the data, or let the data choose the word with the "
            "placeholder {above_or_below:target:2027} (it gives above, below or level with)") in err
    _replace(notes, "short of the 2027 milestone of {target:2027}",
             "{above_or_below:target:2027} the 2027 milestone of {target:2027}")
    code, err = _check(project_copy, capsys)
    assert code == 0, err
    data = load(project_copy)
    text, problems = sections.fill(data, data.edition(2025), "It is {above_or_below:target:2027} the "
                                         "milestone and {above_or_below:baseline} the baseline.", "influence-decisions", None)
    assert (text, problems) == ("It is above the milestone and below the baseline.", [])
    assert sections.fill(data, data.edition(2025), "{above_or_below:average}", "smoking", None)[1] == [
        "{above_or_below:average} needs what the figure is set beside: {above_or_below:baseline}, "
        "{above_or_below:target}, {above_or_below:comparator} or {above_or_below:target:2027}"]


@pytest.mark.parametrize("call, message", [
    ('report.above_or_below("smoking", "target", 2029)', "2029 is not a milestone year"),
    ('report.above_or_below("smoking", "average")', "'average' is not something the figure can be set beside"),
    ('report.above_or_below("town-centre-footfall", "target", 2027)',
     "town-centre-footfall has no numeric 2027 milestone to compare with, so no word can be given"),
    ('report.above_or_below("attainment-8", "target", 2027, series="rank")',
     "attainment-8 has no numeric 2027 milestone to compare with, so no word can be given"),
    ('report.above_or_below("town-developments", "target", 2031)',
     "town-developments has no 2031 milestone in data/targets.csv (it has 2027, 2040)"),
])
def test_a_word_the_data_cannot_choose_is_named_by_the_check_not_left_to_the_build(data, call, message):
    text = f"Intro.\n\nIt is `{{python}} {call}` it.\n"
    found = prose_check.check_pages(data, data.edition(2025), {"p.qmd": text})
    assert [(p.line, p.message, p.severity) for p in found] == [(3, f"{call}: {message}", "error")]
    assert found[0].fix


# ------------------------------------------------------------------ a comparison with a year's figure

# destitution 7.3% (2019), 12.1% (2023), 9.9% (April 2024); smoking 21% (2019), 14.7% (2023); unemployment
# 3.2% (2019), 7.6% (August 2024); bus journeys 12.2 million (2019), 13.6 million (2024)
@pytest.mark.parametrize("sentence", [
    "Destitution is lower than in 2019.",
    "Destitution is now higher than in 2023.",
    "Destitution is below 2019 levels.",
    "Smoking is higher than in 2019.",
    "Unemployment is lower than it was in 2019.",
    "In short: destitution is lower than in 2019.",
])
def test_a_plain_false_comparison_with_a_year_refuses_the_build(data, sentence):
    assert _severities(data, sentence) == ["error"]


def test_a_comparison_with_a_year_names_that_years_figure(data):
    found = prose_check.check_pages(data, data.edition(2025), {"p.qmd": "Destitution is lower than in 2019.\n"})
    assert [(p.message, p.fix) for p in found] == [
        ("says 'lower than' about destitution, but the latest figure, 9.9% (April 2024), is above the 2019 figure, "
         "7.3% (2019)", "reword the sentence to agree with the data (the measure's table and chart give every figure)")]


@pytest.mark.parametrize("sentence", [
    "Destitution is higher than in 2019, but lower than in 2023.",
    "Destitution is now lower than it was in 2023.",
    "Destitution remains higher than in 2019.",
    "Destitution is lower than in 2023, but still above the baseline.",
    "Smoking is lower than in 2019.",
    "Smoking is well below 2019 levels.",
    "Fewer adults smoke than in 2019.",
    "More households are in destitution than in 2019.",
    "Unemployment is higher than in 2019, when it was 3.2%.",
    "Bus journeys are up on 2019.",
    "Bus journeys are above 2019 levels.",
    "Wages are higher than in 2019.",
    "Year 6 obesity is higher than in 2019.",
    # an earlier time, a question's answer left open, an aim, a peak, another place's year
    "In 2023 destitution was higher than in 2019.",
    "Unemployment was lower than in 2019 last year.",
    "Unemployment should be lower than in 2019 by 2027.",
    "Destitution is lower than at its 2023 peak.",
    "Smoking is higher than England's rate in 2019.",
    "Over 2019 and 2023 destitution rose.",
])
def test_a_comparison_with_a_year_that_holds_or_claims_nothing_passes(data, sentence):
    assert _severities(data, sentence) == []


@pytest.mark.parametrize("sentence", [
    "Is destitution lower than in 2019?",
    "Nationally, smoking is higher than in 2019.",
    "Fewer people are in destitution than in 2019.",   # a count: which way it runs is the reader's guess
])
def test_a_comparison_with_a_year_that_may_be_misread_only_warns(data, sentence):
    assert _severities(data, sentence) == ["warning"]


@pytest.mark.parametrize("sentence, lacks", [
    ("Destitution is lower than in 2015.", "the data has no single figure for 2015 to set it beside (it has 2019, "
     "2023, April 2024)"),
    ("Anxiety is higher than in 2022.", "the data has no single figure for 2022 to set it beside (it has 2019, 2022/23)"),
    ("Unemployment is lower than in 2024.", "the latest figure the data has is of 2024 (it has 2019, August 2024)"),
])
def test_a_year_the_data_cannot_set_the_figure_beside_is_a_warning_saying_so(data, sentence, lacks):
    found = prose_check.check_pages(data, data.edition(2025), {"p.qmd": f"{sentence}\n"})
    assert [p.severity for p in found] == ["warning"]
    assert found[0].message.endswith(f", but {lacks}, so the sentence cannot be checked")


def test_a_progress_item_comparing_with_a_year_is_held_to_that_years_figure(data):
    assert _progress_item(data, "It is higher than in 2019.") == ["error"]  # smoking: 14.7% against 21%
    assert _progress_item(data, "It is lower than in 2019.") == []
    assert _progress_item(data, "{latest} of adults smoke, lower than in 2019.") == []


# ------------------------------------------------------------------ "than last year", "over the past year"
# Destitution went from 12.1% (2023) to 9.9% (April 2024), feeling safe from 27% (2023) to 33% (2024): the
# figure before the latest is about a year earlier, so "than last year" and "over the past year" name that
# change. Smoking went from 21% (2019) to 14.7% (2023), unemployment from 3.2% (2019) to 7.6% (August 2024):
# no figure of a year earlier.
@pytest.mark.parametrize("sentence", [
    "Destitution has risen over the past year.",
    "Destitution has gone up over the past year.",
    "Destitution has risen in the last year.",
    "Destitution is higher than last year.",
    "Destitution is higher than a year ago.",
    "Destitution is up on last year.",
    "Since last year, destitution has risen.",
    "Over the past year, destitution has risen.",
    "Feeling safe is lower than last year.",
    "Feeling safe has fallen since last year.",
])
def test_a_plain_false_change_over_the_past_year_refuses_the_build(data, sentence):
    """Since destitution's baseline (7.3%) the figure rose; over the past year it fell: "over the
    past year" is the last change, not any change the data has."""
    assert _severities(data, sentence) == ["error"]


@pytest.mark.parametrize("sentence", [
    "Destitution has fallen over the past year.",
    "Destitution has come down in the last year.",
    "Destitution is lower than last year.",
    "Destitution is lower than a year ago.",
    "Destitution is down on last year.",
    "Since last year, destitution has fallen.",
    "Feeling safe is higher than last year.",
    "Feeling safe is up on last year.",
    "Feeling safe has risen since last year.",
    # not the figure, or not today's, or no claim
    "Destitution was higher than a year earlier in 2023.",
    "The cost is higher than last year.",
    "Destitution has risen over the past five years.",
])
def test_a_true_change_over_the_past_year_passes(data, sentence):
    assert _severities(data, sentence) == []


@pytest.mark.parametrize("sentence", [
    "Nationally, destitution is higher than last year.",
    "Is destitution higher than last year?",
    # no figure a year before the latest: which figure is "last year's" is the reader's guess
    "Smoking is higher than last year.",
    "Unemployment is lower than a year ago.",
])
def test_a_change_from_last_year_that_may_be_misread_only_warns(data, sentence):
    assert _severities(data, sentence) == ["warning"]


def test_last_year_is_about_a_year_before_the_latest_figure(data):
    """2023 to April 2024 and 2023 to 2024 are a year apart; 2019 to 2023 and 2019 to August 2024 are not."""
    def yearly(measure):
        return [claims.about_a_year(f) for f in measure_facts.facts_of(data, data.edition(2025), data.measure(measure))]
    assert [yearly(m) for m in ("destitution", "feeling-safe", "smoking", "unemployment")] == [[True], [True], [False], [False]]


# ------------------------------------------------------------------ "lower here than across England"
@pytest.mark.parametrize("sentence", [
    "Unemployment is lower here than across England.",   # 7.6% against England's 4.3%
    "Unemployment is lower in Luton than in England.",
    "Anxiety is higher in Luton than across England.",   # 19.9% against 23.3%
    "Smoking is lower in Luton than across England.",    # 14.7% against 11.6%
])
def test_a_plain_false_comparison_with_england_said_of_here_refuses_the_build(data, sentence):
    assert _severities(data, sentence) == ["error"]


@pytest.mark.parametrize("sentence", [
    "Unemployment is higher here than across England.",
    "Unemployment is higher in Luton than in England.",
    "Anxiety is lower in Luton than across England.",
    "Smoking is higher in Luton than across England.",
])
def test_a_true_comparison_with_england_said_of_here_passes(data, sentence):
    assert _severities(data, sentence) == []


# cohesion (people from different backgrounds get on well together): 86% (2019), 77% (2024)
@pytest.mark.parametrize("sentence, severities", [
    ("Cohesion is higher than in 2019.", ["error"]),
    ("Community cohesion is rising.", ["error"]),
    ("Cohesion is lower than in 2019.", []),
    ("Funding for community cohesion projects is rising.", ["warning"]),  # another subject: the writer reads it
])
def test_cohesion_is_called_by_its_everyday_name(data, sentence, severities):
    assert _severities(data, sentence) == severities
