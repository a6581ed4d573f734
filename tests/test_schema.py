"""schema.read_table: typed rows with physical line numbers, awkward-but-valid files, and problems never raised."""
import datetime as dt
import re
import shutil
from pathlib import Path

import pytest

from luton2040.errors import InputError
from luton2040.data.schema import Row, read_table, resources

FIXTURES = Path(__file__).parent / "fixtures"
SCHEMA = Path(__file__).parents[1] / "data" / "datapackage.json"


def make_project(tmp_path: Path) -> Path:
    """A copy of tests/fixtures/minimal using the real data/datapackage.json."""
    root = tmp_path / "project"
    shutil.copytree(FIXTURES / "minimal", root)
    shutil.copy(SCHEMA, root / "data" / "datapackage.json")
    return root


def write(root: Path, rel: str, data: bytes) -> None:
    (root / rel).write_bytes(data)


def messages(problems) -> list[str]:
    return [str(p) for p in problems]


def test_resources_lists_every_table(tmp_path):
    names = set(resources(make_project(tmp_path)))
    assert {"priorities", "units", "areas", "measures", "series", "observations", "targets"} <= names


def test_values_are_typed_and_lines_are_physical(tmp_path):
    rows, problems = read_table(make_project(tmp_path), "observations")
    assert problems == []
    assert rows[0] == Row(2, {"measure": "destitution", "series": "all", "area": "luton", "period": "2019",
                              "period_end": dt.date(2019, 12, 31), "value": 7.4, "status": "ok",
                              "baseline": True, "note": None, "provenance": None})
    assert rows[-1].line == 12 and rows[-1].values["value"] is None
    series, _ = read_table(tmp_path / "project", "series")
    assert series[0].values["decimals"] == 1 and series[0].values["assessed"] is True


@pytest.mark.parametrize("awkward", ["bom", "crlf", "trailing-blank-lines", "excel-true-false", "all-four"])
def test_awkward_but_valid_files_read_like_the_clean_file(tmp_path, awkward):
    root = make_project(tmp_path)
    clean = read_table(root, "observations")
    data = (root / "data/observations.csv").read_bytes()
    if awkward in ("bom", "all-four"):
        data = b"\xef\xbb\xbf" + data
    if awkward in ("crlf", "all-four"):
        data = data.replace(b"\n", b"\r\n")
    if awkward in ("trailing-blank-lines", "all-four"):
        data += b"\n\n  \n"
    if awkward in ("excel-true-false", "all-four"):  # Excel saves true and false as TRUE and FALSE
        data = data.replace(b",true,", b",TRUE,").replace(b",false,", b",FALSE,")
        assert b",TRUE," in data and b",FALSE," in data
    write(root, "data/observations.csv", data)
    assert read_table(root, "observations") == clean


def test_missing_file(tmp_path):
    root = make_project(tmp_path)
    (root / "data/facts.csv").unlink()
    rows, problems = read_table(root, "facts")
    assert rows == [] and messages(problems) == [
        "data/facts.csv: file is missing — create it with the header line: id,order,value,text,source"]


def test_a_data_package_from_before_a_table_was_added_names_the_table_instead_of_failing(tmp_path):
    """An older project's datapackage.json (one without data/measure_names.csv) under a newer luton2040."""
    import json
    root = make_project(tmp_path)
    package = json.loads((root / "data/datapackage.json").read_text(encoding="utf-8"))
    package["resources"] = [r for r in package["resources"] if r["name"] != "measure_names"]
    (root / "data/datapackage.json").write_text(json.dumps(package), encoding="utf-8")
    rows, problems = read_table(root, "measure_names")
    assert rows == [] and messages(problems) == [
        "data/datapackage.json: describes no table 'measure_names' (data/measure_names.csv), which this version "
        "of luton2040 reads — add its entry under \"resources\" (the README's table of data files says what it "
        "holds) and create data/measure_names.csv with its header line"]

def test_empty_file(tmp_path):
    root = make_project(tmp_path)
    write(root, "data/areas.csv", b"\xef\xbb\xbf\r\n")
    assert messages(read_table(root, "areas")[1]) == [
        "data/areas.csv:1: file is empty — start it with the header line: id,name,kind"]


def test_comma_decimal_message_in_the_documented_style(tmp_path):
    root = make_project(tmp_path)
    lines = ["measure,series,area,period,period_end,value,status,baseline,note,provenance"]
    lines += [f"destitution,all,luton,{2000 + n},{2000 + n}-12-31,1.5,ok,false,," for n in range(15)]
    lines.append('destitution,all,luton,2016,2016-12-31,"12,3",ok,false,,')
    write(root, "data/observations.csv", ("\n".join(lines) + "\n").encode())
    rows, problems = read_table(root, "observations")
    assert messages(problems) == [
        'data/observations.csv:17:value: "12,3" is not a number — use a dot for decimals, e.g. 12.3']
    assert rows[-1].line == 17 and rows[-1].values["value"] is None and rows[-1].invalid == {"value"}


@pytest.mark.parametrize("cell, message", [
    ("£618.10", '"£618.10" is not a number — write the number only, e.g. 618.10 (the unit adds signs such as £ and %)'),
    ("n/a", '"n/a" is not a number — write digits with a dot for decimals, e.g. 12.3, or leave the cell blank'),
    ("nan", '"nan" is not a number — write digits with a dot for decimals, e.g. 12.3, or leave the cell blank'),
    ("1_000", '"1_000" is not a number — write digits with a dot for decimals, e.g. 12.3, or leave the cell blank'),
])
def test_number_cells(tmp_path, cell, message):
    root = make_project(tmp_path)
    path = root / "data/observations.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("2023-12-31,9.9,", f"2023-12-31,{cell},"), encoding="utf-8")
    assert messages(read_table(root, "observations")[1]) == [f"data/observations.csv:3:value: {message}"]


def test_numbers_with_spaces_and_signs_are_read(tmp_path):
    root = make_project(tmp_path)
    path = root / "data/units.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("percent,number,0,100", "percent,number, -5 ,1e2"),
                    encoding="utf-8")
    path.write_text(path.read_text(encoding="utf-8").replace(",%,number,0,100", ",%,number, -5 ,1e2"), encoding="utf-8")
    rows, problems = read_table(root, "units")
    assert problems == []
    assert (rows[0].values["minimum"], rows[0].values["maximum"]) == (-5.0, 100.0)


def test_impossible_date(tmp_path):
    root = make_project(tmp_path)
    path = root / "data/observations.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("2023,2023-12-31,9.9", "2023,2023-02-30,9.9"),
                    encoding="utf-8")
    assert messages(read_table(root, "observations")[1]) == [
        'data/observations.csv:3:period_end: "2023-02-30" is not a real date — check the day and month (YYYY-MM-DD)']


def test_tab_separated_file(tmp_path):
    root = make_project(tmp_path)
    write(root, "data/areas.csv", b"id\tname\tkind\nluton\tLuton\tlocal\n")
    assert messages(read_table(root, "areas")[1]) == [
        'data/areas.csv:1: values are separated by tabs, not commas — use commas: save the file as '
        '"CSV UTF-8 (Comma delimited)"']


def test_every_problem_is_collected_in_one_pass(tmp_path):
    root = make_project(tmp_path)
    write(root, "data/areas.csv", b'id,name,kind,extra\nluton,Luton,Local,\n\nEngland,,national,x\n"a"b,c,d,e\n')
    assert messages(read_table(root, "areas")[1]) == [
        "data/areas.csv:1: unknown column 'extra' — remove it (columns: id, name, kind)",
        'data/areas.csv:2:kind: "Local" is not allowed — use one of: local, national, regional, peers, reference '
        "(did you mean local?)",
        "data/areas.csv:3: blank line inside the data — delete the empty line",
        'data/areas.csv:4:id: "England" is not a valid id — use lower-case letters and digits joined by single '
        "hyphens, e.g. england",
        "data/areas.csv:4:name: is blank — fill in the name; this column is required",
        'data/areas.csv:5: bad quoting (\',\' expected after \'"\') — wrap a value containing commas or quotes in '
        'double quotes, and write a quote inside it twice ("")',
    ]


def test_header_with_spaces_and_duplicate_column(tmp_path):
    root = make_project(tmp_path)
    write(root, "data/areas.csv", b"id, name,kind,kind\nluton,Luton,local,local\n")
    assert messages(read_table(root, "areas")[1]) == [
        "data/areas.csv:1: column name ' name' has spaces around it — rename it to name",
        "data/areas.csv:1: column 'kind' appears twice — delete one of them",
    ]


def test_a_rule_the_reader_does_not_check_is_refused_at_its_line(tmp_path):
    """Table Schema offers more than the reader implements; asking for the rest must not pass silently."""
    (tmp_path / "data").mkdir()
    (tmp_path / "data/datapackage.json").write_text("""{
  "resources": [
    {"name": "places", "path": "places.csv", "schema": {"fields": [
      {"name": "id", "type": "string", "constraints": {"required": true}},
      {"name": "opened",
       "type": "datetime"},
      {"name": "code", "type": "string",
       "constraints": {"required": true, "minLength": 2}},
      {"name": "contact", "type": "string", "format": "email"}
    ]}}
  ]
}
""", encoding="utf-8")
    with pytest.raises(InputError) as info:
        resources(tmp_path)
    assert info.value.lines() == [
        "data/datapackage.json:6: field 'opened' of 'places' has type 'datetime', which the data reader "
        "does not check — use one of: string, number, integer, boolean, date",
        "data/datapackage.json:8: field 'code' of 'places' has the constraint 'minLength', which the data reader "
        "does not check — remove it, or use one of: required, unique, enum, pattern, minimum, maximum",
        "data/datapackage.json:9: field 'contact' of 'places' has the format 'email', which the data reader "
        "does not check — remove it, or use one of: default, uri",
    ]


def test_a_column_of_dates_excel_rewrote_is_one_problem_with_excels_fix(tmp_path):
    """Opening observations.csv in Excel and saving it turns every 2019-12-31 into 31/12/2019: one
    message for the column, saying how to make Excel write them back, not one per row."""
    root = make_project(tmp_path)
    path = root / "data/observations.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    rewritten = [lines[0]] + [re.sub(r",(\d{4})-(\d{2})-(\d{2}),", r",\3/\2/\1,", line, count=1) for line in lines[1:]]
    assert len(rewritten) > 5 and rewritten[1] != lines[1]
    path.write_text("\n".join(rewritten) + "\n", encoding="utf-8")
    rows, problems = read_table(root, "observations")
    assert messages(problems) == [
        f'data/observations.csv:2:period_end: "31/12/2019" and {len(lines) - 2} more dates in this column are written '
        "DD/MM/YYYY, as Excel saves them — in Excel, select the period_end column, choose Format Cells > Custom, "
        "type yyyy-mm-dd, then save again as CSV UTF-8"]


def test_a_few_dates_written_dd_mm_yyyy_are_named_row_by_row(tmp_path):
    root = make_project(tmp_path)
    path = root / "data/observations.csv"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(",2019-12-31,", ",31/12/2019,", 1), encoding="utf-8")
    assert messages(read_table(root, "observations")[1]) == [
        'data/observations.csv:2:period_end: "31/12/2019" is not a YYYY-MM-DD date — write it as 2019-12-31']


@pytest.mark.parametrize("start, what", [
    (b"PK\x03\x04", "an Excel workbook (.xlsx), not a CSV file"),
    (b"\xd0\xcf\x11\xe0", "an old Excel workbook (.xls), not a CSV file"),
    (b"\xff\xfe", "saved as UTF-16 (Excel's \"Unicode Text\"), not as UTF-8"),
], ids=["xlsx", "xls", "utf-16"])
def test_a_file_excel_saved_as_another_type_is_named_once(tmp_path, start, what):
    """A workbook saved over observations.csv used to give three header messages, one of them the
    zip file's bytes as an 'unknown column'; UTF-16 text a line per £ sign."""
    root = make_project(tmp_path)
    text = (root / "data/observations.csv").read_text(encoding="utf-8")
    body = text.encode("utf-16-le") if start == b"\xff\xfe" else b"\x00\x14\x00[Content_Types].xml\x00" * 20
    write(root, "data/observations.csv", start + body)
    assert messages(read_table(root, "observations")[1]) == [
        f"data/observations.csv: is {what} — open it in Excel and save it again with Save As > "
        "\"CSV UTF-8 (Comma delimited)\""]


def test_empty_columns_after_the_table_are_one_problem(tmp_path):
    """Excel writes a comma for each column right of the table that ever held something: the header
    ended in ',,' and was "column '' appears twice" and "unknown column ''"."""
    root = make_project(tmp_path)
    text = (root / "data/observations.csv").read_text(encoding="utf-8")
    write(root, "data/observations.csv", "".join(line + ",,\n" for line in text.splitlines()).encode())
    assert messages(read_table(root, "observations")[1]) == [
        "data/observations.csv:1: the header ends with 2 empty columns (commas after 'provenance') — delete the "
        "empty columns to the right of the table (in Excel: select them, Delete), then save again; or delete the "
        "commas at the end of each line"]


def test_a_header_sorted_into_the_rows_is_found(tmp_path):
    """Sorting in Excel without "My data has headers" moves the header among the rows: line 1 was
    read as a header of a dozen unknown columns ('destitution', '2019', '7.4' …)."""
    root = make_project(tmp_path)
    lines = (root / "data/observations.csv").read_text(encoding="utf-8").splitlines()
    ordered = sorted(lines)
    write(root, "data/observations.csv", ("\n".join(ordered) + "\n").encode())
    assert messages(read_table(root, "observations")[1]) == [
        f"data/observations.csv:1: the header line is line {ordered.index(lines[0]) + 1}, not line 1 — move it back "
        "to the top (in Excel, sort with \"My data has headers\" ticked, so the header stays first)"]
    write(root, "data/observations.csv", ("\n".join(lines[1:]) + "\n").encode())
    assert messages(read_table(root, "observations")[1]) == [
        "data/observations.csv:1: the first line is not the header: none of its values is a column name — put the "
        "header line first: measure,series,area,period,period_end,value,status,baseline,note,provenance"]


def test_an_editions_record_is_read_once_typed_and_with_its_cells_as_written(tmp_path, monkeypatch):
    """published.read_record reads the record file once: the schema reader types each row and keeps
    its text as written (the cells a revised row is written back with)."""
    from luton2040.data import published
    record = tmp_path / published.record_file(2025)
    record.parent.mkdir(parents=True)
    record.write_text(",".join(published.COLUMNS) + "\n"
                      "obesity,all,luton,2023/24,2024-03-31,9.90,,,a note \n", encoding="utf-8")
    observations = {"fields": [{"name": name, "type": "number" if name == "value" else
                                "date" if name == "period_end" else "string"} for name in published.COLUMNS]}
    opened = []
    real_read_bytes, real_read_text = Path.read_bytes, Path.read_text
    monkeypatch.setattr(Path, "read_bytes", lambda self: opened.append(self.name) or real_read_bytes(self))
    monkeypatch.setattr(Path, "read_text", lambda self, *a, **k: opened.append(self.name) or real_read_text(self, *a, **k))
    rows, problems = published.read_record(tmp_path, 2025, observations)
    assert problems == [] and opened == ["2025-observations.csv"]
    (recorded,) = rows.values()
    assert recorded.line == 2 and recorded.values["value"] == 9.9
    assert recorded.cells["value"] == "9.90" and recorded.cells["note"] == "a note "
