"""Dates a reader sees are as exact as the report knows them: the month it was published (its
launch day is not recorded: docs/data-sources.md, "Edition dates") and the day its data stops."""

import pytest

from luton2040 import report


pytestmark = pytest.mark.usefixtures("in_project")


def test_the_welcome_is_signed_with_the_month_of_publication():
    assert report.date() == "February 2025"
    assert report.date("cutoff") == "28 January 2025"
    assert report.byline() == "Luton 2040 Partnership, February 2025"


def test_the_editions_list_gives_the_month_published_and_the_day_the_figures_stop():
    assert ("Published February 2025, with figures up to 28 January 2025." in report.editions())
