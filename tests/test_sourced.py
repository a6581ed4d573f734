"""A figure typed into a progress item's sentence says where it comes from: the row's source column
(data/progress_notes.csv). Figures taken from the data ({latest}…) carry their measure's own source."""
from pathlib import Path

from luton2040.cli import main
from luton2040.compute import sourced
from luton2040.data.load import load

ROOT = Path(__file__).resolve().parent.parent


def test_every_figure_typed_in_this_years_progress_items_has_a_source():
    data = load(ROOT)
    typed = [row for row in data.progress_notes if sourced.typed_figures(row["text"])]
    assert len(typed) >= 8  # 450 households a month, 8.5% better at Key Stage 2, £1 million…
    assert all((row.get("source") or "").strip() for row in typed)
    assert sourced.check(list(data.progress_notes), 2025) == []


def test_years_ages_and_placeholders_are_not_typed_figures():
    assert sourced.typed_figures("The share of 16 and 17 year olds has fallen from {baseline} in 2019 to {latest}, "
                                 "with a milestone of {target:2027} for 2027 (2023/24, 2010–2022).") == []
    assert sourced.typed_figures("450 households a month, 8.5% better, £1 million and 2,500 children") == [
        "450", "8.5%", "£1 million", "2,500"]


def test_a_typed_figure_without_a_source_is_a_warning_at_its_line(project_copy, capsys):
    notes = project_copy / "data" / "progress_notes.csv"
    text = notes.read_text(encoding="utf-8")
    line = text.count("\n") + 1
    notes.write_text(text + '2025,net-zero,11,,,progress,Trees,"Volunteers planted 1,200 trees last winter.",\n',
                     encoding="utf-8")
    assert main(["--project", str(project_copy), "check"]) == 0
    assert capsys.readouterr().err.splitlines() == [
        f"warning: data/progress_notes.csv:{line}:source: the sentence types '1,200' but the row gives no source — "
        "write in the source column who published the figure, and where (e.g. 'Centre for Cities, Cities "
        "Outlook 2024'), or take it from the data with a placeholder such as {latest}"]
