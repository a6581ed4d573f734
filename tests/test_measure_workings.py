"""Each measure page's "How the trend and status were worked out" agrees with the rest of its page:
its counts read as English, and it never says no milestones are set beside a table of milestones."""

from pathlib import Path

import pytest

from luton2040.compute import format as fmt
from luton2040.compute import cells, measure_facts
from luton2040.site import pages

ROOT = Path(__file__).resolve().parent.parent


def workings(data, measure_id: str) -> str:
    measure = data.measure(measure_id)
    return "\n".join(pages._workings(data, measure_facts.facts_of(data, data.edition(2025), measure)))


def test_a_change_of_one_point_is_singular(data):
    series = data.measure("volunteering").series[0]  # a percentage
    assert [fmt.difference(d, series) for d in (1, -1, 5)] == ["+1 point", "−1 point", "+5 points"]
    assert "is a change of +1 point;" in workings(data, "volunteering")  # 20% (2019) to 21% (2024)


def test_a_series_without_milestones_beside_one_with_them_says_where_they_are(data):
    # The Attainment 8 score is assessed but its milestones are ranks among statistical neighbours.
    assert [t.series for t in data.targets_of("attainment-8", "rank")] and not data.targets_of("attainment-8", "score")
    text = workings(data, "attainment-8")
    assert "no milestones or target are set for it" not in text
    assert ("**Status: Cannot assess.** Not possible to assess: no milestones or target are set for the average "
            "Attainment 8 score; those on this page are for the rank among statistical neighbours, which is shown "
            "but not assessed.") in text


def test_when_the_part_with_milestones_is_assessed_the_page_does_not_say_otherwise(data):
    text = workings(data, "productivity-gva")  # total GVA has milestones and is assessed; per head has none
    assert ("Not possible to assess: no milestones or target are set for the GVA per head; those on this page "
            "are for the total GVA.") in text
    assert "not assessed" not in text


@pytest.mark.parametrize("measure_id", ["police-satisfaction", "greenest-airport", "landlord-licensing",
                                        "town-developments"])
def test_a_measure_with_no_figures_yet_is_not_said_to_have_no_better_direction(data, measure_id):
    # Satisfaction with the police is plainly better higher; it is unassessed because there is no
    # figure yet ("To be confirmed"), and the page must give that reason, not a false one.
    facts = measure_facts.facts_of(data, data.edition(2025), data.measure(measure_id))
    assert data.measure(measure_id).direction == "none" and not any(o.comparable for f in facts for o in f.history)
    text = workings(data, measure_id)
    assert "no better direction" not in text
    assert ("**Trend: Not assessed.** There are no published figures for this measure yet, so no trend is given.\n\n"
            "**Status: Cannot assess.** Not possible to assess: there are no published figures for it yet.") in text
    assert [cells.trend_reason(f) for f in facts] == ["Not assessed: there are no published figures for it yet."]
    assert [cells.status_reason(f) for f in facts] == ["Cannot assess: there are no published figures for it yet."]


def test_the_default_limit_for_a_percentage_is_also_given_in_points(data):
    # 2% of 63.5% is 1.27 points, not 2 points: a share of a share, said in the unit of the change
    facts = measure_facts.facts_of(data, data.edition(2025), data.measure("care-assessments"))
    assert data.measure("care-assessments").tolerance is None
    assert [o.value for o in facts[0].history if o.comparable][-2] == 63.5
    assert ("is a change of −12.0 points; higher is better, and a change no bigger than 2% of the earlier value "
            "(1.27 points here) counts as little change.") in workings(data, "care-assessments")
    # fly-posting's earlier value was 0%: its limit is 0 points, not "0.000 points"
    assert "2% of the earlier value (0 points here)" in workings(data, "keep-britain-tidy")
    # a measure with a recorded tolerance already gives it in points; a non-percentage needs no points
    assert "points here" not in workings(data, "volunteering") + workings(data, "weekly-wages")


def test_a_measure_pages_description_promises_a_chart_only_when_it_has_one(data):
    from luton2040.site import charts
    edition = data.edition(2025)

    def description(measure_id):
        measure = data.measure(measure_id)
        spec = charts.chart_spec(data, edition, measure)
        text = pages.measure_markdown(data, edition, measure, spec, 1000, (None, None))
        return spec, next(line for line in text.splitlines() if line.startswith("description:"))

    spec, said = description("police-satisfaction")  # "To be confirmed": nothing to draw
    assert spec is None and "chart" not in said and "every value, milestones and the 2040 target" in said
    spec, said = description("smoking")
    assert spec is not None and "Latest result, chart, every value" in said


@pytest.mark.parametrize("measure_id", ["unemployment", "smoking", "retail-leisure-offer"])
def test_a_measure_page_names_its_measure_once_in_its_opening(data, measure_id):
    # The title is the measure's name; the description under it and the opening line must not say it
    # again. The measure's full wording is given only where it says more than the title.
    measure = data.measure(measure_id)
    text = pages.measure_markdown(data, data.edition(2025), measure, None, 1000, (None, None))
    opening = text.split("## At a glance", 1)[0]
    assert opening.count(measure.short_measure) == 1, opening
    assert ("Measured as:" in opening) == (measure.measure.lower() != measure.short_measure.lower())


def test_a_measure_whose_title_is_its_full_wording_has_no_second_wording(data):
    measure = data.measure("unemployment")
    assert measure.measure == measure.short_measure
    text = pages.measure_markdown(data, data.edition(2025), measure, None, 1000, (None, None))
    assert "Part of **[Inclusive economy](../chapters/inclusive-economy.html)**.<span" in text


@pytest.mark.parametrize("measure_id", ["police-satisfaction", "greenest-airport", "landlord-licensing",
                                        "town-developments"])
def test_a_measure_with_no_figures_lists_no_dated_placeholders_as_published_values(data, measure_id):
    # its rows in observations.csv carry placeholder years (2019, 2024) with 'To be confirmed' or
    # 'Not available'; the page must not present '2019 (baseline): To be confirmed' as a published value
    from luton2040.site import charts
    edition = data.edition(2025)
    measure = data.measure(measure_id)
    assert data.observations_of(measure_id, "all", area="luton", edition=edition)
    text = pages.measure_markdown(data, edition, measure, charts.chart_spec(data, edition, measure), 1000,
                                  (None, None))
    every_value = text.split("## Every value", 1)[1].split("## Milestones", 1)[0]
    assert "No values have been published for this measure yet." in every_value
    assert "(baseline)" not in every_value and "2024" not in every_value


def test_a_measure_with_a_figure_still_lists_a_missing_baseline_as_such(data):
    edition = data.edition(2025)
    measure = data.measure("local-spend")  # 39.4% in 2023/24; no 2019 figure
    text = pages.measure_markdown(data, edition, measure, None, 1000, (None, None))
    every_value = text.split("## Every value", 1)[1].split("## Milestones", 1)[0]
    assert "2019 (baseline)" in every_value and "39.4%" in every_value


def test_the_methods_appendix_states_the_status_rule_as_the_measure_pages_do(data):
    # a measure page: "moved at 78% of the yearly rate needed … the rule calls 95% or more on track";
    # the appendix printed the same rule as ratios ("0.95", "0.60"), two names for one thing
    from luton2040 import report
    text = workings(data, "weekly-wages")  # progressing too slowly: its page states the rule
    assert f"the rule calls {report.threshold('on_track')} or more on track" in text
    assert f"anything below {report.threshold('too_slow')} limited progress" in text
    methods = (ROOT / "appendix/methods.qmd").read_text(encoding="utf-8")
    assert '`{python} report.threshold("on_track")` or more of the needed rate is *on track*' in methods


def test_the_methods_appendix_does_not_call_a_single_figure_at_its_milestone_met(data):
    # Feeling part of the community: 70% in 2024, the first figure, and a 2027 milestone of 70%. The
    # status is "Cannot assess" (one figure shows no progress); the appendix must not say a latest
    # figure at its milestone is always "milestone met".
    facts = measure_facts.facts_of(data, data.edition(2025), data.measure("belonging"))
    assert facts[0].status.code == "cannot_assess" and facts[0].latest.value == 70
    methods = (ROOT / "appendix/methods.qmd").read_text(encoding="utf-8")
    assert "A latest figure already at or beyond the milestone is *milestone met*.\n" not in methods
    assert "once there is an earlier figure to compare it with" in methods


def test_a_measure_page_names_its_chapter_as_the_chapter_is_headed(data):
    # "Part of Child friendly Luton" at the top, and the link at the foot said "Child friendly"
    text = pages.measure_markdown(data, data.edition(2025), data.measure("children-in-care"), None, 1000,
                                  (None, None))
    title = data.priority("child-friendly").title
    assert f"Part of **[{title}](../chapters/child-friendly.html)**" in text
    assert f"[Back to {title}](../chapters/child-friendly.html)" in text
    assert data.priority("child-friendly").short_title + "]" not in text


def test_a_measure_page_gives_a_caveat_once(data):
    # the children-in-care page said both "How the comparison figure of 426 was worked out has not been
    # explained, so read the comparison with care" and, as the figure's own note, the same in other words
    text = pages.measure_markdown(data, data.edition(2025), data.measure("children-in-care"), None, 1000,
                                  (None, None))
    notes = text.split("## Notes", 1)[1]
    assert notes.count("has not been explained") == 1


def test_a_comparator_from_another_period_says_its_period(data):
    # Feeling part of the community: Luton's 70% is from 2024, England's 63% from 2021/22; "England: 63%"
    # beside "70% (2024)" reads as the same year
    edition = data.edition(2025)
    assert cells.comparator_cell(data, measure_facts.facts_of(data, edition, data.measure("belonging"))) == \
        "England: 63% (2021/22)"
    # where the periods match, the latest result's period stands for both
    assert cells.comparator_cell(data, measure_facts.facts_of(data, edition, data.measure("unemployment"))) == \
        "England: 4.3%"
