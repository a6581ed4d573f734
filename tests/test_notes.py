"""Notes for readers and notes for analysts are kept apart: the reader's note is plain English and
is published; the provenance note is kept in data/ and never published."""
import csv
import io
import json
from pathlib import Path

from luton2040.site import downloads
from minimal_project import make_project, messages

ROOT = Path(__file__).resolve().parent.parent
EDITING = ("seed", "board pack", "docs/", "as published", "copied from", "%%", ".csv", "appendix prints")


def test_reader_notes_are_free_of_editing_vocabulary(data):
    notes = [("measure", m.id, m.note) for m in data.measures]
    notes += [("observation", f"{o.measure} {o.area} {o.period}", o.note) for o in data.observations]
    notes += [("target", f"{t.measure} {t.year}", t.note) for t in data.targets]
    found = [f"{kind} {key}: {note}" for kind, key, note in notes
             if any(word in note.lower() for word in EDITING)]
    assert found == []


def test_corrections_are_recorded_for_analysts(data):
    gld = next(t for t in data.targets if (t.measure, t.year) == ("good-level-of-development", 2027))
    assert gld.value == 62 and "exclusions" in gld.provenance and gld.note == ""


def test_downloads_leave_out_the_provenance_column(data):
    files = downloads.edition_files(ROOT, data.edition(2025))
    for name in ("observations.csv", "targets.csv", "measures.csv"):
        header = next(csv.reader(io.StringIO(files[name].decode("utf-8"))))
        assert "provenance" not in header and "note" in header, name
    package = json.loads(files["datapackage.json"])
    fields = [f["name"] for r in package["resources"] for f in r["schema"]["fields"]]
    assert "provenance" not in fields and "note" in fields
    measure = downloads.measure_csv(data, data.edition(2025), data.measure("unemployment"))
    assert measure.splitlines()[0] == "kind,measure,series,area,period,period_end,value,status,baseline,note,wording"


def test_a_tolerance_without_its_reason_is_reported(tmp_path):
    root = make_project(tmp_path)
    path = root / "data" / "measures.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "A change of half a year is within the estimate's precision.", ""), encoding="utf-8")
    assert messages(root) == [
        "data/measures.csv:3:tolerance_reason: is blank but life-expectancy has a tolerance of 0.5 — say why "
        "changes this small count as little change (e.g. the survey's precision)"]


def test_every_published_observation_is_in_exactly_its_measures_csv(data):
    # the measures' CSVs are cut from one reading of observations.csv: together they hold every row
    # the edition publishes, each once, under its own measure (by series, area and period)
    edition = data.edition(2025)
    published = downloads.edition_files(ROOT, edition)["observations.csv"].decode("utf-8")
    header, *rows = list(csv.reader(io.StringIO(published)))
    csvs = downloads.measure_csvs(data, edition, data.measures)
    assert list(csvs) == [m.id for m in data.measures]
    at = header.index("measure")
    for measure in data.measures:
        own_header, *own = list(csv.reader(io.StringIO(csvs[measure.id])))
        observed = [r[1:-1] for r in own if r[0] == "observation"]
        mine = [r for r in rows if r[at] == measure.id]
        assert own_header[1:-1] == header and observed == downloads.in_chart_order(header, measure, mine), measure.id
        assert csvs[measure.id] == downloads.measure_csv(data, edition, measure)
    assert sum(1 for text in csvs.values() for line in text.splitlines() if line.startswith("observation,")) == len(rows)


def test_a_charts_download_holds_every_mark_it_draws(data):
    """Each point and each milestone or target diamond of a measure's chart is a row of
    measures/<id>.csv (its kind, period and value), and nothing drawn is left out."""
    from luton2040.site import charts
    edition = data.edition(2025)
    csvs = downloads.measure_csvs(data, edition, data.measures)
    diamonds = 0
    for measure in data.measures:
        spec = charts.chart_spec(data, edition, measure)
        rows = list(csv.DictReader(io.StringIO(csvs[measure.id])))
        assert {r["kind"] for r in rows} <= {"observation", "milestone", "target"}, measure.id
        if spec is None:
            continue
        given = {(r["kind"], r["period_end"], float(r["value"])) for r in rows if r["value"]}
        for panel in spec.panels:
            for line in panel.lines:
                for when, value in line.points:
                    assert ("observation", when.isoformat(), value) in given, (measure.id, line.label, when)
            for m in panel.markers:
                kind = "target" if m.label.endswith("target") else "milestone"
                row = next(r for r in rows if (r["kind"], r["series"], r["period"]) == (kind, m.series, str(m.when.year)))
                assert abs(float(row["value"]) - m.value) < 1e-6 and row["wording"] == m.text, (measure.id, m)
                diamonds += 1
        assert sum(1 for r in rows if r["kind"] != "observation") == sum(len(p.markers) for p in spec.panels)
    assert diamonds > 100
    destitution = csvs["destitution"].splitlines()
    assert destitution[-4:] == ["milestone,destitution,all,luton,2027,2027-12-31,7.7,,,,7.7%",
                                "milestone,destitution,all,luton,2031,2031-12-31,5.1,,,,5.1%",
                                "milestone,destitution,all,luton,2035,2035-12-31,2.6,,,,2.6%",
                                "target,destitution,all,luton,2040,2040-12-31,0,,,,0%"]


def test_a_charts_download_lists_its_values_by_series_area_and_period_whatever_the_files_order(project_copy):
    """Rows added to data/observations.csv later (September 2023 and March 2024, after August 2024)
    come in period order in measures/unemployment.csv: Luton's, then England's, each oldest
    first, then the milestones and the target."""
    from luton2040.data.load import load
    path = project_copy / "data" / "observations.csv"
    path.write_text(path.read_text(encoding="utf-8")
                    + "unemployment,all,england,Sep-23,2023-09-30,3.9,ok,false,,\n"
                    + "unemployment,all,luton,September 2023,2023-09-30,7.1,ok,false,,\n"
                    + "unemployment,all,luton,Mar-24,2024-03-31,7.4,ok,false,,\n", encoding="utf-8")
    data = load(project_copy)
    rows = list(csv.DictReader(io.StringIO(downloads.measure_csv(data, data.edition(2025), data.measure("unemployment")))))
    assert [(r["kind"], r["area"], r["period"]) for r in rows] == [
        ("observation", "luton", "2019"), ("observation", "luton", "September 2023"), ("observation", "luton", "Mar-24"),
        ("observation", "luton", "August 2024"), ("observation", "england", "Sep-23"),
        ("observation", "england", "August 2024"),
        ("milestone", "luton", "2027"), ("milestone", "luton", "2031"), ("milestone", "luton", "2035"),
        ("target", "luton", "2040")]
