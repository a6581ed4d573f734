"""Last year's words that count time from when they were written are flagged when carried into a
new edition unchanged: "two years from now" was 2027 in the 2025 report and is 2028 in the 2026 one."""
import pytest

from luton2040.compute import carried_words


@pytest.mark.parametrize("line, said", [
    ("The 2027 milestones describe what should be different two years from now.", "two years from now"),
    ("Twice as many households as eighteen months ago ask for help.", "eighteen months ago"),
    ("Last winter we found shelter for 67 people.", "Last winter"),
    ("The new homes will be ready in two years' time.", "two years' time"),
    ("The new homes will be ready in two years’ time.", "two years’ time"),
    ("This year the partnership agreed a road map.", "This year"),
])
def test_a_carried_line_that_counts_time_from_its_writing_is_flagged(line, said):
    problems = carried_words.check("chapters/_prose/2026/x.qmd", f"# X\n\n{line}\n", f"# X\n\n{line}\n", 2026, 2025)
    assert [p.message for p in problems] == [
        f"is the 2025 report's words unchanged, and says '{said}', which may not be true of the 2026 report"]


def test_a_line_that_names_its_years_is_not_flagged():
    line = "The 2027 milestones describe what should be different by the end of 2027."
    assert carried_words.check("x.qmd", f"# X\n\n{line}\n", f"# X\n\n{line}\n", 2026, 2025) == []
