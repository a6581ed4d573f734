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
    assert measure.splitlines()[0] == "measure,series,area,period,period_end,value,status,baseline,note"


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
    # the edition publishes, each once, in the file's order, under its own measure
    edition = data.edition(2025)
    published = downloads.edition_files(ROOT, edition)["observations.csv"].decode("utf-8")
    header, *rows = list(csv.reader(io.StringIO(published)))
    csvs = downloads.measure_csvs(data, edition, data.measures)
    assert list(csvs) == [m.id for m in data.measures]
    at = header.index("measure")
    for measure in data.measures:
        own_header, *own = list(csv.reader(io.StringIO(csvs[measure.id])))
        assert own_header == header and own == [r for r in rows if r[at] == measure.id], measure.id
        assert csvs[measure.id] == downloads.measure_csv(data, edition, measure)
    assert sum(len(text.splitlines()) - 1 for text in csvs.values()) == len(rows)
