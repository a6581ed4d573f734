"""A measure page's caption says how to read its chart, and names only what that chart draws: a
reader told of "the comparator as a grey dashed line" looks for one."""
import pytest

from luton2040.site import charts, pages

FULL = ("Luton is drawn as solid lines with filled markers, the comparator as a grey dashed line with hollow "
        "circles, and milestones as hollow diamonds labelled with their year.")


def key(data, measure_id: str) -> str:
    return pages.chart_key(charts.chart_spec(data, data.edition(2025), data.measure(measure_id)))


def test_a_chart_with_luton_england_and_milestones_names_all_three(data):
    assert key(data, "unemployment") == FULL


def test_no_comparator_line_is_promised_where_the_measure_has_no_comparison(data):
    # destitution is Luton's own measure: no national figure, so no grey line on its chart
    assert data.measure("destitution").comparator is None
    assert key(data, "destitution") == ("Luton is drawn as solid lines with filled markers, and milestones as "
                                        "hollow diamonds labelled with their year.")


def test_no_diamonds_are_promised_where_no_milestone_is_a_number(data):
    # footfall's milestones read "Awaiting a new dataset": nothing to draw
    assert key(data, "town-centre-footfall") == "Luton is drawn as solid lines with filled markers."


def test_men_and_women_in_one_chart_are_told_apart_by_dash_and_marker_not_as_solid_lines(data):
    text = key(data, "healthy-life-expectancy")
    assert "solid lines" not in text and "each with its own dash pattern and marker shape" in text


@pytest.mark.parametrize("measure_id", ["destitution", "town-centre-footfall", "unemployment"])
def test_the_measure_page_carries_the_key(data, measure_id):
    spec = charts.chart_spec(data, data.edition(2025), data.measure(measure_id))
    caption = next(line for line in pages._chart(data.measure(measure_id), spec, 100) if "<figcaption>" in line)
    assert pages.chart_key(spec) in caption and caption.endswith("The table below lists every value.</figcaption>")
