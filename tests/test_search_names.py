"""A reader who searches with an everyday word for what a measure counts finds that measure's page:
the names in data/measure_names.csv are indexed on its page (the browser test in tests/site/test_search.py
checks each one brings the page up first)."""
import html
import re
from pathlib import Path

import pytest

from luton2040.data.load import load
from luton2040.site import pages

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def data():
    return load(ROOT)


def indexed_names(data, measure_id: str) -> list[str]:
    found = re.search(r'data-names="([^"]*)"', pages._search_names(data, data.measure(measure_id)))
    if not found:
        return []
    said = html.unescape(found.group(1))
    assert said.startswith(pages.SEARCH_NAMES_LABEL) and said.endswith(".")  # (a search excerpt may quote it)
    return said[len(pages.SEARCH_NAMES_LABEL):-1].split("; ")


@pytest.mark.parametrize("word, measure_id", [
    ("jobless", "unemployment"), ("claimant count", "unemployment"),
    ("earnings", "weekly-wages"), ("looked after children", "children-in-care"),
    ("childhood obesity", "year-6-obesity"), ("air pollution", "air-quality"),
    ("greenhouse gas", "carbon-emissions"), ("deprivation", "deprived-areas"),
    ("homeless households", "temporary-accommodation"), ("school exclusions", "permanent-exclusions"),
    ("social care", "care-assessments"), ("volunteers", "volunteering"),
    # words a resident typed in the fourteenth session's trial and found nothing, or the wrong page
    ("pay", "weekly-wages"), ("salary", "weekly-wages"), ("co2", "carbon-emissions"),
    ("high street", "retail-leisure-offer"), ("private renting", "landlord-licensing"),
    ("exam results", "attainment-8"), ("foster care", "children-in-care"),
    ("poorest areas", "deprived-areas"), ("bme", "senior-staff-diversity"),
])
def test_an_everyday_word_for_what_a_measure_counts_finds_it(data, word, measure_id):
    assert word in indexed_names(data, measure_id)


def test_fly_tipping_is_not_given_as_a_name_of_the_street_cleanliness_survey(data):
    # The Keep Britain Tidy survey counts litter, detritus, graffiti and fly-posting; fly-tipping (dumped
    # rubbish) is a different count the report does not have, so no page should come up as if it did.
    assert "fly-posting" in indexed_names(data, "keep-britain-tidy")
    assert not any("fly-tip" in row["name"] for row in data.measure_names)


@pytest.mark.parametrize("sentence", [
    "Demand for social care has risen sharply since 2020.",
    "Earnings at the airport have fallen since the pandemic.",
    "The number of volunteers at the food bank has fallen this winter.",
    "Deprivation has improved in some wards.",
])
def test_a_broad_word_the_search_knows_does_not_tie_a_true_sentence_to_a_measure(data, sentence):
    # 'social care' finds the care assessments page in the search, but a sentence about demand for
    # social care says nothing about that measure's figures: the words check must not refuse it
    from luton2040.compute import prose_check
    assert prose_check.check_pages(data, data.edition(2025), {"p.qmd": f"{sentence}\n"}) == []


def test_a_search_only_name_still_finds_its_measure(data):
    row = next(r for r in data.measure_names if r["name"] == "social care")
    assert row["search_only"] is True and row["measure"] == "care-assessments"
    from luton2040.compute import prose_check
    assert "social care" not in prose_check.names(data).get("care-assessments", [])
