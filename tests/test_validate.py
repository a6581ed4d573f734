"""check_project: the minimal project is clean; each bad fixture gives exactly its own messages."""
import shutil
from datetime import date
from pathlib import Path

import pytest

from luton2040.build import check_project

from minimal_project import FIXTURES, make_project, messages


def test_minimal_project_is_clean(tmp_path):
    assert messages(make_project(tmp_path)) == []


CASES = [
    ('edition-bad-date.yml', [
        "data/editions/2025.yml:4:data_cutoff: '31/03/2025' is not a date — write it as YYYY-MM-DD, e.g. 2025-03-31",
    ]),
    ('edition-broken-yaml.yml', [
        'data/editions/2025.yml:5: is not valid YAML (mapping values are not allowed here) — check the indentation and the colon after each key; put quotes around a value that contains a colon (subtitle: "Change: today")',
    ]),
    ('edition-misspelt-key.yml', [
        'data/editions/2025.yml:3: publication_date is missing or blank — rename publication-date to publication_date',
    ]),
    ('edition-year-mismatch.yml', [
        'data/editions/2025.yml:1:year: year 2024 does not match the file name 2025.yml — set year: 2025, or rename the file to 2024.yml',
    ]),
    ('highlights-edition-without-file.csv', [
        'data/highlights.csv:3:edition: 2026 has no file data/editions/2026.yml — use an edition that has one (2025), or create that file',
    ]),
    ('measures-bad-url.csv', [
        'data/measures.csv:2:source_url: "www.jrf.org.uk" is not a plain https:// web address — write the full address starting with https://, without spaces, quotes, brackets or braces',
    ]),
    ('measures-unknown-comparator.csv', [
        "data/measures.csv:2:comparator: unknown comparator 'englnd' — use an id from data/areas.csv, e.g. england",
    ]),
    ('measures-unknown-priority.csv', [
        "data/measures.csv:4:priority: unknown priority 'netzero' — use an id from data/priorities.csv, e.g. net-zero",
        "data/priorities.csv:3: priority 'net-zero' has no measures — add its measures to data/measures.csv, or remove the priority",
    ]),
    ('mis-bands-shares-not-100.csv', [
        "data/mis_bands.csv:share: shares add up to 102.7, not 100 — check each band's share against the source",
    ]),
    ('observations-bad-quoting.csv', [
        'data/observations.csv:4: bad quoting (\',\' expected after \'"\') — wrap a value containing commas or quotes in double quotes, and write a quote inside it twice ("")',
    ]),
    ('observations-blank-line-inside.csv', [
        'data/observations.csv:4: blank line inside the data — delete the empty line',
    ]),
    ('observations-boolean-yes.csv', [
        'data/observations.csv:2:baseline: "yes" is not allowed here — write true or false',
    ]),
    ('observations-comma-decimal.csv', [
        'data/observations.csv:3:value: "9,9" is not a number — use a dot for decimals, e.g. 9.9',
    ]),
    ('observations-date-not-iso.csv', [
        'data/observations.csv:3:period_end: "31/12/2023" is not a YYYY-MM-DD date — write it as 2023-12-31',
    ]),
    ('observations-duplicate-key.csv', [
        "data/observations.csv:5: duplicate row for measure 'destitution', series 'all', area 'england', period '2023' (also on line 4) — delete one of the two rows or correct its key",
    ]),
    ('observations-missing-column.csv', [
        'data/observations.csv:1: missing column: baseline — add it to the header line (measure, series, area, period, period_end, value, status, baseline, note, provenance)',
    ]),
    ('observations-negative-percent.csv', [
        'data/observations.csv:4:value: -4 is below 0, the smallest value in per cent — check the figure and its unit (percent)',
    ]),
    ('observations-no-baseline.csv', [
        "data/series.csv:2: series 'all' of measure 'destitution' has no Luton baseline in data/observations.csv — set baseline to true on its baseline row (status not_available if the report gives no figure)",
    ]),
    ('observations-not-utf8.csv', [
        'data/observations.csv:10: is not UTF-8 text (byte 0xa3 at character 88; often a £ or curly quote saved by Excel in another encoding) — save the file as "CSV UTF-8 (Comma delimited)"',
    ]),
    ('observations-ok-without-value.csv', [
        'data/observations.csv:4:value: is blank but status is ok — fill in the value, or set status to not_available, not_comparable or tbc',
    ]),
    ('observations-percent-above-100.csv', [
        'data/observations.csv:4:value: 140 is above 100, the largest value in per cent — check the figure and its unit (percent)',
    ]),
    ('observations-percent-sign.csv', [
        'data/observations.csv:3:value: "9.9%" is not a number — write the number only, e.g. 9.9 (the unit adds signs such as £ and %)',
    ]),
    ('observations-period-end-mismatch.csv', [
        "data/observations.csv:11:period_end: 2023-12-31 is not the last day of period '22/23' — it should be 2023-03-31",
    ]),
    ('observations-period-unparseable.csv', [
        "data/observations.csv:12:period: period 'autumn 2024' is not understood — write it as published in one of these forms: 2023, 2023/24 or 23/24 (financial year), 2017-19 (years), Sep-24 (month), 8/1/2024 (day) or Q1 2024",
    ]),
    ('observations-required-blank.csv', [
        'data/observations.csv:4:area: is blank — fill in the area; this column is required',
    ]),
    ('observations-semicolons.csv', [
        'data/observations.csv:1: values are separated by semicolons, not commas — use commas: save the file as "CSV UTF-8 (Comma delimited)"',
    ]),
    ('observations-status-not-allowed.csv', [
        'data/observations.csv:3:status: "OK" is not allowed — use one of: ok, not_available, not_comparable, tbc (did you mean ok?)',
    ]),
    ('observations-thousands-separator.csv', [
        'data/observations.csv:11:value: "1,690" is not a number — remove the thousands separators, e.g. 1690 (if the comma is a decimal point, use a dot)',
    ]),
    ('observations-too-few-cells.csv', [
        'data/observations.csv:8: row has 9 values but the header has 10 columns — add the missing values (leave a cell empty with nothing between two commas)',
    ]),
    ('observations-too-many-cells.csv', [
        'data/observations.csv:6: row has 11 values but the header has 10 columns — a value containing a comma must be wrapped in double quotes; remove any extra commas',
    ]),
    ('observations-two-baselines.csv', [
        'data/observations.csv:3:baseline: second Luton baseline for destitution / all (the first is on line 2) — set baseline to true on one row only',
    ]),
    ('observations-unclosed-quote.csv', [
        'data/observations.csv:4: a double quote opened on this line is never closed — add the closing " at the end of the value; keep each row on one line',
    ]),
    ('observations-unknown-area.csv', [
        "data/observations.csv:4:area: unknown area 'englnd' — use an id from data/areas.csv, e.g. england",
    ]),
    ('observations-unknown-column.csv', [  # one message: the rename says which column is missing
        "data/observations.csv:1: unknown column 'notes' — rename it to note (columns: measure, series, area, period, period_end, value, status, baseline, note, provenance)",
    ]),
    ('observations-unknown-measure.csv', [
        "data/observations.csv:3:measure: unknown measure 'destituton' — use an id from data/measures.csv, e.g. destitution",
    ]),
    ('observations-unknown-series.csv', [
        "data/observations.csv:6:series: unknown series 'males' for measure 'life-expectancy' — use a series of measure 'life-expectancy' from data/series.csv, e.g. male",
    ]),
    ('observations-value-with-status-not-ok.csv', [
        'data/observations.csv:4:status: is tbc but a value (4) is given — set status to ok, or clear the value',
    ]),
    ('priorities-bad-colour.csv', [
        'data/priorities.csv:3:colour: "0f6e66" is not a valid colour — use # and six hex digits, e.g. #0f6e66',
    ]),
    ('priorities-bad-id.csv', [  # (not also "measures.csv:4: unknown priority 'net-zero'": it may be that row)
        'data/priorities.csv:3:id: "Net Zero" is not a valid id — use lower-case letters and digits joined by single hyphens, e.g. net-zero',
        "partners/net-zero/green-streets.md:3: unknown priority 'net-zero' — use one of: poverty",
    ]),
    ('priorities-duplicate-id.csv', [  # (the refused row may be net-zero's: measures.csv:4 is not said)
        'data/priorities.csv:3:id: "poverty" is already used on line 2 — each id must be unique; change or remove one of the two rows',
        "partners/net-zero/green-streets.md:3: unknown priority 'net-zero' — use one of: poverty",
    ]),
    ('priorities-order-below-minimum.csv', [
        'data/priorities.csv:3:order: "0" is below the minimum 1 — use a value of at least 1',
    ]),
    ('priorities-without-measures.csv', [
        "data/priorities.csv:4: priority 'child-friendly' has no measures — add its measures to data/measures.csv, or remove the priority",
    ]),
    ('series-decimals-above-maximum.csv', [
        'data/series.csv:2:decimals: "5" is above the maximum 4 — use a value of at most 4',
    ]),
    ('series-decimals-not-whole.csv', [
        'data/series.csv:2:decimals: "1.5" is not a whole number — write it without decimals',
    ]),
    ('series-missing-for-measure.csv', [
        "data/measures.csv:4: measure 'emissions' has no series — add a row for it to data/series.csv (series all, when it has one)",
        "data/observations.csv:10:measure: measure 'emissions' has no rows in data/series.csv — add them there first",
        "data/observations.csv:11:measure: measure 'emissions' has no rows in data/series.csv — add them there first",
        "data/observations.csv:12:measure: measure 'emissions' has no rows in data/series.csv — add them there first",
        "data/targets.csv:9:measure: measure 'emissions' has no rows in data/series.csv — add them there first",
    ]),
    ('series-unknown-unit.csv', [
        "data/series.csv:5:unit: unknown unit 'kt_co2' — use an id from data/units.csv, e.g. kt_co2e",
    ]),
    ('targets-milestone-past-target.csv', [
        'data/targets.csv:7:value: 2040 value 63 for life-expectancy / male is lower than the 2027 value 64 (line 6), but higher is better — milestones must move step by step toward the 2040 target; check both figures',
    ]),
    ('targets-milestone-wrong-way.csv', [
        'data/targets.csv:3:value: 2031 value 8 for destitution / all is higher than the 2027 value 7 (line 2), but lower is better — milestones must move step by step toward the 2040 target; check both figures',
    ]),
    ('targets-text-without-wording.csv', [
        'data/targets.csv:9:wording: is blank but kind is text — write the target in words as the report gives it',
    ]),
    ('targets-value-missing.csv', [
        'data/targets.csv:4:value: is blank but kind is value — fill in the number, or use kind text with wording',
    ]),
    ('targets-year-not-allowed.csv', [
        'data/targets.csv:3:year: "2030" is not allowed — use one of: 2027, 2031, 2035, 2040 (did you mean 2040?)',
    ]),
]


@pytest.mark.parametrize("fixture, expected", CASES, ids=[c[0] for c in CASES])
def test_bad_fixture_reports_exactly(tmp_path, fixture, expected):
    assert messages(make_project(tmp_path, fixture)) == expected


def test_every_bad_fixture_is_tested():
    tested = {c[0] for c in CASES}
    on_disk = {p.name for p in (FIXTURES / "bad").iterdir() if not p.name.startswith("partner-")}
    assert on_disk == tested


def test_broken_datapackage_is_a_problem_not_a_traceback(tmp_path):
    root = make_project(tmp_path)
    (root / "data/datapackage.json").write_text('{"resources": [\n  {"name": "x",}\n]}', encoding="utf-8")
    assert messages(root) == [
        "data/datapackage.json:2: is not valid JSON (Expecting property name enclosed in double quotes, column 16) "
        "— fix the JSON syntax there (check commas and quotes)",
    ]


def test_no_edition_files(tmp_path):
    root = make_project(tmp_path)
    (root / "data/editions/2025.yml").unlink()
    assert messages(root) == [
        "data/editions: no edition files — add data/editions/<year>.yml with: year, title, publication_date, "
        "data_cutoff, pdf_name, focus_areas",
        "data/highlights.csv:2:edition: 2025 has no file data/editions/2025.yml (and 1 more row) — use an "
        "edition that has one (none yet), or create that file",
    ]


def test_focus_areas_written_as_plain_words_are_refused(tmp_path):
    import shutil
    root = Path(__file__).resolve().parent / "fixtures" / "minimal"
    shutil.copytree(root, tmp_path / "p")
    shutil.copy(Path(__file__).resolve().parent.parent / "data" / "datapackage.json", tmp_path / "p" / "data")
    edition = tmp_path / "p" / "data" / "editions" / "2025.yml"
    text = edition.read_text()
    edition.write_text(text[:text.index("focus_areas:")] + "focus_areas:\n  - Destitution\n")
    messages = [str(p) for p in check_project(tmp_path / "p")]
    assert any("focus area 1 needs an id and a title" in m for m in messages), messages


def test_a_data_file_with_only_its_header_is_refused_once(tmp_path):
    root = make_project(tmp_path)
    path = root / "data" / "observations.csv"
    path.write_text(path.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
    assert "data/observations.csv:1: has a header row but no data rows — restore the rows from the previous " \
           "version of the file (git) or add them" in messages(root)


def _set_edition(root, **values):
    path = root / "data" / "editions" / "2025.yml"
    lines = path.read_text(encoding="utf-8").splitlines()
    for key, value in values.items():
        lines = [f"{key}: {value}" if line.startswith(f"{key}:") else line for line in lines]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return next(n for n, line in enumerate(lines, 1) if line.startswith(next(iter(values)) + ":"))


def test_a_cutoff_before_every_figure_is_refused(tmp_path):
    root = make_project(tmp_path)
    line = _set_edition(root, data_cutoff="2010-01-01")
    found = [m for m in messages(root) if ":data_cutoff:" in m]
    assert found and found[0].startswith(f"data/editions/2025.yml:{line}:data_cutoff: no Luton figure falls on or "
                                         "before the data cut-off 2010-01-01")


def test_a_cutoff_after_publication_is_refused(tmp_path):
    root = make_project(tmp_path)
    line = _set_edition(root, data_cutoff="2026-01-01")
    assert any(m.startswith(f"data/editions/2025.yml:{line}:data_cutoff: the data cut-off 2026-01-01 is after the "
                            "publication date") for m in messages(root))


def test_a_quoted_year_is_explained(tmp_path):
    root = make_project(tmp_path)
    line = _set_edition(root, year='"2025"')
    assert f"data/editions/2025.yml:{line}:year: year '2025' is not a number — write it without quotes: year: 2025" \
        in messages(root)


def test_a_missing_edition_file_is_reported_once_for_all_its_highlights(tmp_path):
    root = make_project(tmp_path)
    path = root / "data" / "highlights.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    rows = [line.replace("2025,", "2019,", 1) for line in lines[1:]]
    path.write_text("\n".join([lines[0], *rows]) + "\n", encoding="utf-8")
    found = [m for m in messages(root) if "has no file data/editions/2019.yml" in m]
    assert found == [f"data/highlights.csv:2:edition: 2019 has no file data/editions/2019.yml (and "
                     f"{len(rows) - 1} more row{'s' if len(rows) > 2 else ''}) — use an edition that has one "
                     "(2025), or create that file"]


PROFILE = """website:
  title: "{title}"
"""


def test_an_edition_profile_must_agree_with_its_edition_file(tmp_path):
    root = make_project(tmp_path)
    _set_edition(root, publication_date="2025-02-28", title="Luton 2040 Progress Report 2025",
                 pdf_name="luton-2040-progress-report-2025")
    (root / "_quarto-2025.yml").write_text(PROFILE.format(title="Luton 2040 Progress Report 2025"), encoding="utf-8")
    assert not [m for m in messages(root) if "_quarto-2025.yml" in m]
    (root / "_quarto-2025.yml").write_text(PROFILE.format(title="Luton 2040 Report 2025"), encoding="utf-8")
    assert "_quarto-2025.yml:2:website.title: 'Luton 2040 Report 2025' differs from title 'Luton 2040 Progress " \
           "Report 2025' in data/editions/2025.yml — make the two the same" in messages(root)
    # a no-break space pasted into one of them made two titles that look the same on the screen
    (root / "_quarto-2025.yml").write_text(PROFILE.format(title="Luton 2040\u00a0Progress Report 2025"), encoding="utf-8")
    assert "_quarto-2025.yml:2:website.title: 'Luton 2040\u00a0Progress Report 2025' differs from title 'Luton 2040 " \
           "Progress Report 2025' in data/editions/2025.yml (only in their spaces: one has a no-break space or two " \
           "spaces where the other has one space, which look alike) — make the two the same by typing each space " \
           "again" in messages(root)


def test_an_edition_without_its_profile_is_refused_once_profiles_are_used(tmp_path):
    root = make_project(tmp_path)
    (root / "_quarto-2024.yml").write_text(PROFILE.format(title="Luton 2040 Progress Report 2024"), encoding="utf-8")
    assert "data/editions/2025.yml: there is no _quarto-2025.yml for this edition — copy last year's profile to " \
           "_quarto-2025.yml and change the year, title, date and PDF name in it" in messages(root)


def test_the_only_editions_profile_deleted_is_refused_by_check_not_by_the_pdf_step(tmp_path):
    """_quarto.yml still names the profile `quarto render` builds; with its file gone (renamed, deleted)
    `check` passed and the build failed later, in the PDF step, on the missing website title."""
    root = make_project(tmp_path)
    quarto = root / "_quarto.yml"
    quarto.write_text(quarto.read_text(encoding="utf-8") + 'profile:\n  default: "2025"\n', encoding="utf-8")
    assert messages(root) == [
        "data/editions/2025.yml: there is no _quarto-2025.yml for this edition — copy last year's profile to "
        "_quarto-2025.yml and change the year, title, date and PDF name in it"]


def test_check_refuses_a_quarto_key_that_means_something_else_to_quarto(tmp_path):
    root = make_project(tmp_path)
    assert not [m for m in messages(root) if m.startswith("_quarto")]
    (root / "_quarto.yml").write_text(
        "project:\n  type: website\nwebsite:\n  title: T\n  sidebar:\n    contents:\n      - index.qmd\n"
        "book:\n  chapters:\n    - index.qmd\n", encoding="utf-8")
    assert [m for m in messages(root) if m.startswith("_quarto")] == [
        "_quarto.yml:8: this is a Quarto website project: a 'book:' section makes Quarto render only the book's "
        "chapters — move title, site-url, search, page-footer, announcement and sidebar under 'website:', the "
        "chapters into website.sidebar.contents (see docs/quarto-compatibility.md)"]


def test_check_names_the_profile_line_of_an_unsupported_website_key(tmp_path):
    root = make_project(tmp_path)
    (root / "_quarto-2025.yml").write_text('website:\n  title: "Luton 2040 Progress Report 2025"\n  navbar:\n'
                                           "    left: []\n", encoding="utf-8")
    assert [m for m in messages(root) if m.startswith("_quarto")] == [
        "_quarto-2025.yml:3: the option 'website.navbar' is not supported by the embedded engine — remove it, or "
        "use one of: announcement, favicon, page-footer, page-navigation, search, sidebar, site-url, title"]


def test_the_sidebars_pdf_link_must_name_the_editions_pdf(tmp_path):
    root = make_project(tmp_path)
    _set_edition(root, publication_date="2025-02-28", title="Luton 2040 Progress Report 2025",
                 pdf_name="luton-2040-progress-report-2025")
    profile = ('website:\n  title: "Luton 2040 Progress Report 2025"\n  sidebar:\n    tools:\n'
               '      - icon: file-pdf\n        href: {href}\n')
    (root / "_quarto-2025.yml").write_text(profile.format(href="luton-2040-progress-report-2025.pdf"), encoding="utf-8")
    assert not [m for m in messages(root) if "_quarto-2025.yml" in m]
    (root / "_quarto-2025.yml").write_text(profile.format(href="report-2024.pdf"), encoding="utf-8")
    assert [m for m in messages(root) if "_quarto-2025.yml" in m] == [
        "_quarto-2025.yml:6:website.sidebar.tools: the PDF link 'report-2024.pdf' differs from pdf_name "
        "'luton-2040-progress-report-2025' in data/editions/2025.yml — link to luton-2040-progress-report-2025.pdf, "
        "the file the PDF step writes"]


def test_an_edition_file_with_a_repeated_key_or_an_alias_is_refused_by_check(tmp_path):
    root = make_project(tmp_path)
    edition = root / "data/editions/2025.yml"
    text = edition.read_text(encoding="utf-8")
    edition.write_text(text.replace("pdf_name:", "title: Another title\npdf_name:", 1), encoding="utf-8")
    line = text.splitlines().index(next(l for l in text.splitlines() if l.startswith("pdf_name:"))) + 1
    assert messages(root) == [
        f"data/editions/2025.yml:{line}: the key 'title' is written twice (first on line 2) — keep one of the two lines"]
    edition.write_text(text.replace("title: ", "title: &t ", 1) + "subtitle: *t\n", encoding="utf-8")
    assert messages(root) == [
        f"data/editions/2025.yml:{len(text.splitlines()) + 1}: uses the YAML alias *t — write the value out in full; "
        "anchors (&) and aliases (*) are not allowed"]


def test_a_misspelt_optional_key_in_an_edition_file_is_refused_not_silently_dropped(tmp_path):
    """subtitle and welcome_author may be left out, so a typo in their names used to pass `check`
    and the report lost its subtitle; a focus area's misspelt summary vanished the same way."""
    root = make_project(tmp_path)
    edition = root / "data/editions/2025.yml"
    text = edition.read_text(encoding="utf-8")
    edition.write_text(text.replace("pdf_name:", "sub_title: Change today\nauthor: The partnership\npdf_name:", 1)
                       .replace("    summary: Ending", "    sumary: Ending", 1)
                       .replace("    summary: Cutting", "    colour: green\n    summary: Cutting", 1), encoding="utf-8")
    assert messages(root) == [
        "data/editions/2025.yml:5: unknown key 'sub_title' — rename it to subtitle",
        "data/editions/2025.yml:6: unknown key 'author' — rename it to welcome_author",
        "data/editions/2025.yml:11:focus_areas: focus area 1 has an unknown key 'sumary' — rename it to summary",
        "data/editions/2025.yml:14:focus_areas: focus area 2 has an unknown key 'colour' — remove it (keys: id, title, summary)",
    ]


def test_words_yaml_reads_as_true_false_or_a_list_are_refused_in_an_edition_file(tmp_path):
    """'subtitle: yes' printed 'True' on the cover and the editions page, and a welcome_author written
    as a list printed "['A', 'B']" under the welcome: YAML reads those as other things than words."""
    root = make_project(tmp_path)
    edition = root / "data/editions/2025.yml"
    text = edition.read_text(encoding="utf-8")
    edition.write_text(text.replace("pdf_name:", "subtitle: Yes\nwelcome_author:\n  - A\n  - B\npdf_name:", 1)
                       .replace("    summary: Cutting emissions across the town.", "    summary: no", 1),
                       encoding="utf-8")
    assert messages(root) == [
        "data/editions/2025.yml:5:subtitle: subtitle 'Yes' is read as true or false, not as words — put the words "
        'in quotes: subtitle: "Yes"',
        "data/editions/2025.yml:6:welcome_author: welcome_author should be one line of words — write the words on "
        "the welcome_author: line itself, not as a list or on indented lines below it",
        "data/editions/2025.yml:16:focus_areas: summary 'no' is read as true or false, not as words — put the words "
        'in quotes: summary: "no"',
    ]


def test_a_subtitle_left_blank_is_no_subtitle_not_the_word_none(tmp_path, monkeypatch):
    """'subtitle:' with nothing after it is YAML's null: the editions page said ': None.' and the cover
    '2025None'."""
    from luton2040 import report
    from luton2040.data.load import load_editions

    root = make_project(tmp_path)
    edition = root / "data/editions/2025.yml"
    edition.write_text(edition.read_text(encoding="utf-8").replace("pdf_name:", "subtitle:\nwelcome_author:\npdf_name:", 1),
                       encoding="utf-8")
    assert messages(root) == []
    editions, problems = load_editions(root)
    assert (editions[2025].subtitle, editions[2025].welcome_author, problems) == ("", "", [])
    monkeypatch.chdir(root)
    monkeypatch.delenv("LUTON2040_EDITION", raising=False)
    assert report.editions().startswith(
        "- **[Luton 2040 Progress Report 2025](index.html)** (this edition). Published March 2025, with figures up to "
        "31 March 2025.")


def test_an_invisible_character_pasted_into_a_cell_is_named(tmp_path):
    """A zero-width space copied from a web page made 'destitution' an unknown measure (and 9.9 not a
    number) while the message showed the very same word."""
    root = make_project(tmp_path)
    path = root / "data/observations.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[2].startswith("destitution,all,luton,2023,2023-12-31,9.9,ok,false,,")
    lines[2] = lines[2].replace(",ok,", "\u2060,ok,", 1).replace(",,", ",Survey\u200e note,", 1)
    lines[3] = lines[3].replace("destitution,", "destitution\u200b,", 1)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert messages(root) == [
        'data/observations.csv:3:note: contains an invisible left-to-right mark (U+200E) after "Survey", '
        "usually pasted from a web page or a document — delete it: retype the cell",
        'data/observations.csv:3:value: contains an invisible word joiner (U+2060) after "9.9", '
        "usually pasted from a web page or a document — delete it: retype the cell",
        'data/observations.csv:4:measure: contains an invisible zero width space (U+200B) after "destitution", '
        "usually pasted from a web page or a document — delete it: retype the cell",
    ]


def test_a_figure_dated_in_the_future_is_refused(tmp_path):
    """2062 for 2026: the row passed `check` and was silently left out of every report."""
    root = make_project(tmp_path)
    path = root / "data/observations.csv"
    path.write_text(path.read_text(encoding="utf-8") + "destitution,all,luton,2062,2062-12-31,5.0,ok,false,,\n"
                    "destitution,all,luton,2063,2063-12-31,,tbc,false,,\n", encoding="utf-8")
    line = len(path.read_text(encoding="utf-8").splitlines()) - 1
    found = [m for m in messages(root) if "2062" in m or "2063" in m]
    assert found == [f"data/observations.csv:{line}:period_end: 2062-12-31 is in the future (today is "
                     f"{date.today().isoformat()}) — check the year and the period: a published figure is for a "
                     "period that has ended"]


def test_figures_after_the_newest_cutoff_are_named_once_as_in_no_report_yet(tmp_path):
    root = make_project(tmp_path)
    path = root / "data/observations.csv"
    rows = ["destitution,all,luton,Apr-25,2025-04-30,6.0,ok,false,,",
            "destitution,all,england,Apr-25,2025-04-30,4.0,ok,false,,",
            "destitution,all,luton,Sep-25,2025-09-30,,not_available,false,,"]
    first = len(path.read_text(encoding="utf-8").splitlines()) + 1
    path.write_text(path.read_text(encoding="utf-8") + "\n".join(rows) + "\n", encoding="utf-8")
    assert messages(root) == [
        f"warning: data/observations.csv:{first}:period_end: 2025-04-30 is after the data cut-off of the newest "
        "edition (2025: 2025-03-31), so no report shows this figure yet (and 1 more row) — check the date; to "
        "report it, start the next edition (luton2040 new-edition) or move data_cutoff in data/editions/2025.yml",
    ]


def _set_line(path: Path, starts: str, text: str) -> int:
    """Replace the first line of ``path`` starting with ``starts`` by ``text``; its line number."""
    lines = path.read_text(encoding="utf-8").splitlines()
    line = next(n for n, row in enumerate(lines, 1) if row.startswith(starts))
    lines[line - 1] = text
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return line


def test_a_value_target_outside_its_unit_is_refused_as_an_observation_is(tmp_path):
    """150 typed for a 2027 milestone in per cent: observations were checked against their unit's range, targets not."""
    root = make_project(tmp_path)
    line = _set_line(root / "data/targets.csv", "destitution,all,2027,value,", "destitution,all,2027,value,150,,,")
    assert messages(root) == [
        f"data/targets.csv:{line}:value: 2027 value 150 is above 100, the largest value in per cent — check the "
        "figure and its unit (percent)",
    ]


@pytest.mark.parametrize("written, expected", [
    ("luton-2040-progress-report-2025.pdf", "'luton-2040-progress-report-2025.pdf' ends in .pdf, which the PDF step "
                                            "adds — write pdf_name: luton-2040-progress-report-2025"),
    ("Luton 2040 Report 2025", "'Luton 2040 Report 2025' is not a file name a web address can carry — use "
                               "lower-case letters, digits and hyphens, e.g. pdf_name: luton-2040-report-2025"),
], ids=["with-.pdf", "with-spaces-and-capitals"])
def test_the_pdf_name_is_a_plain_file_name(tmp_path, written, expected):
    """pdf_name: report.pdf used to publish report.pdf.pdf, and the sidebar check then asked for a link
    to '….pdf.pdf'; spaces and capitals made a PDF address that breaks when copied."""
    root = make_project(tmp_path)
    (root / "_quarto-2025.yml").write_text(
        'website:\n  title: "Luton 2040 Progress Report 2025"\n  sidebar:\n    tools:\n      - icon: file-pdf\n'
        '        href: luton-2040-progress-report-2025.pdf\n', encoding="utf-8")
    assert messages(root) == []
    line = _set_edition(root, pdf_name=written)
    assert messages(root) == [f"data/editions/2025.yml:{line}:pdf_name: {expected}"]


def test_a_header_retyped_with_capitals_is_named_once_not_followed_by_every_series(tmp_path):
    """'Measure,Series,Area,…' used to add 'missing columns' and then one 'has no Luton baseline'
    line for every series of the report (50 lines for the real data) after the three renames."""
    root = make_project(tmp_path)
    path = root / "data/observations.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("measure,series,area", "Measure,Series,Area", 1),
                    encoding="utf-8")
    columns = "measure, series, area, period, period_end, value, status, baseline, note, provenance"
    assert messages(root) == [f"data/observations.csv:1: unknown column '{name}' — rename it to {name.lower()} "
                              f"(columns: {columns})" for name in ("Area", "Measure", "Series")]


def test_a_header_with_every_name_capitalised_is_still_read_as_the_header(tmp_path):
    """'Measure,Series,…' all retyped (Excel's habit) is the header with its names in capitals, not
    'the first line is not the header': each name gets its rename."""
    root = make_project(tmp_path)
    path = root / "data/observations.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[0] = ",".join(name.capitalize() for name in lines[0].split(","))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    found = messages(root)
    assert found and all("rename it to" in message for message in found)
    assert "data/observations.csv:1: unknown column 'Measure' — rename it to measure" in "\n".join(found)


def test_a_page_character_the_pdf_cannot_print_is_refused_at_its_line(tmp_path):
    """A chapter's words with an emoji made the PDF step fail naming only the page's HTML."""
    root = make_project(tmp_path)
    page = root / "index.qmd"
    page.write_text(page.read_text(encoding="utf-8") + "\nA great year ✅\n", encoding="utf-8")
    line = len(page.read_text(encoding="utf-8").splitlines())
    assert messages(root) == [
        f"index.qmd:{line}: the character ✅ (white heavy check mark, U+2705) cannot be printed: the report's font "
        "has no such character — remove it, or say it in words (→ as 'to', ≥ as 'at least')"]


def test_an_id_typed_with_a_space_after_it_says_so(tmp_path):
    """'destitution ' looked the same as 'destitution' in the message and in Excel."""
    root = make_project(tmp_path)
    path = root / "data/observations.csv"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("destitution,all,england,", "destitution ,all,england,", 1), encoding="utf-8")
    line = text.splitlines().index(next(l for l in text.splitlines() if l.startswith("destitution,all,england,"))) + 1
    assert messages(root) == [f"data/observations.csv:{line}:measure: unknown measure 'destitution ' (it has a space "
                              "before or after it) — delete the space: destitution"]


def test_a_data_character_the_pdf_cannot_print_is_refused_at_its_line(tmp_path):
    """A note or a focus area written with an arrow; subscript digits (kt CO₂e) print as <sub> digits."""
    root = make_project(tmp_path)
    path = root / "data/observations.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[2] = lines[2].replace(",,", ",Method changed → not comparable,", 1)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert "CO₂e" in (root / "data/units.csv").read_text(encoding="utf-8")  # and passes: printed as CO<sub>2</sub>e
    assert messages(root) == [
        "data/observations.csv:3: the character → (rightwards arrow, U+2192) cannot be printed: the report's font "
        "has no such character — remove it, or say it in words (→ as 'to', ≥ as 'at least')"]


def test_a_new_measure_without_targets_is_a_warning(tmp_path):
    """Published as 'cannot assess: no milestones or target are set' with check silent about it."""
    root = make_project(tmp_path)
    path = root / "data/targets.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join(l for l in lines if not l.startswith("destitution,")) + "\n", encoding="utf-8")
    measures = (root / "data/measures.csv").read_text(encoding="utf-8").splitlines()
    line = next(n for n, l in enumerate(measures, 1) if l.startswith("destitution,"))
    assert messages(root) == [
        f"warning: data/measures.csv:{line}: measure 'destitution' has no milestones or 2040 target in "
        "data/targets.csv, so its status cannot be assessed — add its 2027, 2031, 2035 and 2040 rows there (kind "
        "text, with the wording, for a target in words)"]


def test_a_no_break_space_pasted_into_an_edition_file_is_named_at_its_line(tmp_path):
    """It used to be 'is not valid YAML (could not find expected ':')' on the line after it. One
    inside a value ("Luton 2040" kept on one line) is the writer's choice, and YAML reads it as typed."""
    root = make_project(tmp_path)
    path = root / "data/editions/2025.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("data_cutoff: ", "data_cutoff:\u00a0"), encoding="utf-8")
    cutoff = next(n for n, l in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if l.startswith("data_cutoff"))
    assert messages(root) == [
        f"data/editions/2025.yml:{cutoff}: has a no-break space (U+00A0) after 'data_cutoff:', pasted from a "
        "document — retype it as an ordinary space"]


def test_a_no_break_space_inside_a_front_matter_value_is_the_writers(tmp_path):
    """'Clearhead Media' held together by a no-break space is valid YAML and prints as typed (a reviewer
    found it refused, and the partner's whole text dropped)."""
    root = make_project(tmp_path)
    path = root / "partners/net-zero/green-streets.md"
    path.write_text(path.read_text(encoding="utf-8").replace("organisation: Green Streets",
                                                             'organisation: "Green\u00a0Streets"'), encoding="utf-8")
    assert 'organisation: "Green\u00a0Streets"' in path.read_text(encoding="utf-8")
    assert messages(root) == []


def test_characters_that_never_reach_the_pdf_are_not_refused(tmp_path):
    """A comment in a code cell, an HTML comment and a provenance note are never printed: an arrow
    there is no problem (a reviewer found each refused); the same arrow in a plain code block is."""
    root = make_project(tmp_path)
    page = root / "index.qmd"
    page.write_text(page.read_text(encoding="utf-8")
                    + "\n```{python}\n# 2023 → 2024\nx = 1\n```\n\n<!-- 2023 → 2024 -->\n", encoding="utf-8")
    path = root / "data/observations.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[0].endswith(",provenance")
    lines[2] = lines[2] + "Board pack → report" if lines[2].endswith(",") else lines[2]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert "Board pack → report" in path.read_text(encoding="utf-8")
    assert messages(root) == []
    page.write_text(page.read_text(encoding="utf-8") + "\n```\n2023 → 2024\n```\n", encoding="utf-8")
    line = len(page.read_text(encoding="utf-8").splitlines()) - 1
    assert messages(root) == [
        f"index.qmd:{line}: the character → (rightwards arrow, U+2192) cannot be printed: the report's font "
        "has no such character — remove it, or say it in words (→ as 'to', ≥ as 'at least')"]


def test_a_percentage_typed_as_a_fraction_is_refused_with_the_number_to_type(tmp_path):
    """0.099 typed for 9.9%: inside 0–100, so the range lets it through, and the page would say
    "came down from 12.1% to 0.1%" and judge the milestone met. In a series whose other figures
    are all 2% or more, a figure below 1 that is in scale with them as a percentage is a fraction."""
    root = make_project(tmp_path)
    line = _set_line(root / "data/observations.csv", "destitution,all,luton,2023,",
                     "destitution,all,luton,2023,2023-12-31,0.099,ok,false,,")
    assert messages(root) == [
        f"data/observations.csv:{line}:value: 0.099 is a fraction, not a percentage: the other value of destitution "
        "(all) for luton is 7.4% — write 9.9 for 9.9% (the unit adds the %)",
    ]


def test_a_baseline_typed_as_a_fraction_is_refused_and_the_figure_after_it_is_not_named(tmp_path):
    """Of two figures, the fraction is the one below 1: the newer figure is not called out of scale."""
    root = make_project(tmp_path)
    line = _set_line(root / "data/observations.csv", "destitution,all,luton,2019,",
                     "destitution,all,luton,2019,2019-12-31,0.074,ok,true,,")
    assert messages(root) == [
        f"data/observations.csv:{line}:value: 0.074 is a fraction, not a percentage: the other value of destitution "
        "(all) for luton is 9.9% — write 7.4 for 7.4% (the unit adds the %)",
    ]


def test_a_percentage_ten_times_too_large_is_named(tmp_path):
    """67 typed for 6.7 in a series of 7.4 and 9.9 is only 7.8 times their median: a slipped
    decimal point leaves the figure about ten times its true value, not ten times the median."""
    root = make_project(tmp_path)
    path = root / "data/observations.csv"
    path.write_text(path.read_text(encoding="utf-8") + "destitution,all,luton,2024,2024-12-31,67,ok,false,,\n",
                    encoding="utf-8")
    line = len(path.read_text(encoding="utf-8").splitlines())
    assert messages(root) == [
        f"warning: data/observations.csv:{line}:value: 67 is about 8 times larger than the other values of "
        "destitution (all) for luton: 7.4% to 9.9% — check the figure for a slipped decimal point, and its unit "
        "(per cent)",
    ]


def _add_rows(root: Path, *rows: str) -> list[int]:
    """Append observation rows; their line numbers."""
    path = root / "data/observations.csv"
    first = len(path.read_text(encoding="utf-8").splitlines()) + 1
    path.write_text(path.read_text(encoding="utf-8") + "".join(row + "\n" for row in rows), encoding="utf-8")
    return list(range(first, first + len(rows)))


def test_two_fractions_caught_up_at_once_are_both_refused(tmp_path):
    """Two years caught up at once, both typed as fractions (0.095 and 0.091 for 9.5% and 9.1%):
    each is a fraction beside the figures of 2 or more, and the other fraction does not hide it."""
    root = make_project(tmp_path)
    first, second = _add_rows(root, "destitution,all,luton,2020,2020-12-31,0.095,ok,false,,",
                              "destitution,all,luton,2021,2021-12-31,0.091,ok,false,,")
    assert [m for m in messages(root) if "data/observations.csv" in m] == [
        f"data/observations.csv:{first}:value: 0.095 is a fraction, not a percentage: the other values of destitution "
        "(all) for luton are 7.4% to 9.9% — write 9.5 for 9.5% (the unit adds the %)",
        f"data/observations.csv:{second}:value: 0.091 is a fraction, not a percentage: the other values of destitution "
        "(all) for luton are 7.4% to 9.9% — write 9.1 for 9.1% (the unit adds the %)",
    ]


def test_two_slipped_decimal_points_caught_up_at_once_are_both_named(tmp_path):
    """73 and 81 typed for 7.3 and 8.1 after 7.4 and 9.9: two slips against two figures; each slip
    is named (the newer side of the tie), and neither of the printed figures before them is."""
    root = make_project(tmp_path)
    first, second = _add_rows(root, "destitution,all,luton,2024,2024-12-31,73,ok,false,,",
                              "destitution,all,luton,2025,2025-03-31,81,ok,false,,")
    assert [m for m in messages(root) if "times" in m] == [
        f"warning: data/observations.csv:{first}:value: 73 is about 7 times larger than the other values of "
        "destitution (all) for luton: 7.4% to 81% — check the figure for a slipped decimal point, and its unit (per cent)",
        f"warning: data/observations.csv:{second}:value: 81 is about 8 times larger than the other values of "
        "destitution (all) for luton: 7.4% to 73% — check the figure for a slipped decimal point, and its unit (per cent)",
    ]


def test_a_small_percentage_in_a_series_of_small_percentages_is_no_fraction(tmp_path):
    """0.13% of pupils excluded, after 0.06%: a series with no figure of 2 or more is not refused."""
    root = make_project(tmp_path)
    _set_line(root / "data/observations.csv", "destitution,all,luton,2019,", "destitution,all,luton,2019,2019-12-31,0.06,ok,true,,")
    _set_line(root / "data/observations.csv", "destitution,all,luton,2023,", "destitution,all,luton,2023,2023-12-31,0.13,ok,false,,")
    assert not [m for m in messages(root) if "data/observations.csv" in m]


def test_a_milestone_typed_as_a_fraction_is_named(tmp_path):
    root = make_project(tmp_path)
    line = _set_line(root / "data/targets.csv", "destitution,all,2027,value,", "destitution,all,2027,value,0.07,,,")
    assert [m for m in messages(root) if "times" in m] == [
        f"warning: data/targets.csv:{line}:value: the 2027 value 0.07 is about 124 times smaller than the values of "
        "destitution (all) for luton: 7.4% to 9.9% — check the figure: a percentage is typed as 9.9, not 0.099",
    ]


def test_a_slipped_decimal_point_in_a_count_is_named(tmp_path):
    root = make_project(tmp_path)
    line = _set_line(root / "data/observations.csv", "emissions,all,luton,22/23,",
                     "emissions,all,luton,22/23,2023-03-31,6900,ok,false,,")
    path = root / "data/observations.csv"
    path.write_text(path.read_text(encoding="utf-8") + "emissions,all,luton,23/24,2024-03-31,680,ok,false,,\n",
                    encoding="utf-8")
    assert [m for m in messages(root) if "times" in m] == [
        f"warning: data/observations.csv:{line + 2}:value: 680 is about 10 times smaller than the other value of "
        f"emissions (all) for luton, on line {line} (check both): 6,900 kt CO₂e — check the figure for a slipped "
        "decimal point, and its unit (kilotonnes of CO2 equivalent)",
    ]


def test_milestones_heading_towards_zero_are_a_path_not_a_slip(tmp_path):
    """Milestones of 0.3, 0.2 and 0.1 towards a 2040 target of 0, for a rate now at 7.4 to 9.9: each is
    in step with the others, so none is named, though each is ten or more times below the figures."""
    root = make_project(tmp_path)
    path = root / "data/targets.csv"
    for year, value in ((2027, 0.3), (2031, 0.2), (2035, 0.1)):
        _set_line(path, f"destitution,all,{year},value,", f"destitution,all,{year},value,{value},,,")
    assert not [m for m in messages(root) if "times" in m]


def test_a_rank_has_no_scale_to_slip(tmp_path):
    """From 10th of 11 to 1st is a climb, not a slipped decimal point."""
    root = make_project(tmp_path)
    units = root / "data/units.csv"
    units.write_text(units.read_text(encoding="utf-8") + "rank_of_11,rank among 11,, of 11,ordinal,1,11\n",
                     encoding="utf-8")
    series = root / "data/series.csv"
    series.write_text(series.read_text(encoding="utf-8").replace("destitution,all,,percent,", "destitution,all,,rank_of_11,"),
                      encoding="utf-8")
    _set_line(root / "data/observations.csv", "destitution,all,luton,2019,", "destitution,all,luton,2019,2019-12-31,10,ok,true,,")
    _set_line(root / "data/observations.csv", "destitution,all,luton,2023,", "destitution,all,luton,2023,2023-12-31,1,ok,false,,")
    assert "rank_of_11" in series.read_text(encoding="utf-8")
    assert not [m for m in messages(root) if "times" in m]


def test_the_real_data_has_no_value_out_of_scale(data):
    """The largest real step between a value and the rest of its series is 3.4 times (graffiti)."""
    from luton2040.data.validate import validate_project
    from luton2040.data.load import find_root

    assert not [p for p in validate_project(find_root()) if "times" in p.message]


def _edit_line(root: Path, rel: str, number: int, old: str, new: str) -> None:
    path = root / rel
    lines = path.read_text(encoding="utf-8").splitlines()
    assert old in lines[number - 1], lines[number - 1]
    lines[number - 1] = lines[number - 1].replace(old, new, 1)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


@pytest.mark.parametrize("rel, number, old, new, expected", [
    # a series row with a stray comma is not read: its measure is not also "without series", nor
    # every figure of the measure "without rows in series.csv"
    ("data/series.csv", 2, "destitution,all,", "destitution,all,,", [
        "data/series.csv:2: row has 8 values but the header has 7 columns — a value containing a comma must be "
        "wrapped in double quotes; remove any extra commas"]),
    # the baseline row with a cell short: its series is not also said to have no baseline
    ("data/observations.csv", 2, ",ok,true,", ",ok,", [
        "data/observations.csv:2: row has 9 values but the header has 10 columns — add the missing values (leave a "
        "cell empty with nothing between two commas)"]),
    # a measure whose id did not read: what refers to it is not also "unknown"
    ("data/measures.csv", 2, "destitution,poverty,", "Destitution,poverty,", [
        'data/measures.csv:2:id: "Destitution" is not a valid id — use lower-case letters and digits joined by '
        "single hyphens, e.g. destitution"]),
])
def test_a_row_that_does_not_read_is_refused_on_its_line_and_nothing_is_said_missing_for_it(
        tmp_path, rel, number, old, new, expected):
    root = make_project(tmp_path)
    _edit_line(root, rel, number, old, new)
    assert messages(root) == expected


def test_a_number_on_a_measure_described_in_words_is_refused(tmp_path):
    """Police satisfaction is described in words (unit text): 62 typed as its 2025 figure was
    published as a bare "62 (2025)", charted on an axis labelled "Described in words"."""
    root = make_project(tmp_path)
    _set_line(root / "data/series.csv", "emissions,all,", "emissions,all,,text,0,1,true")
    line = _set_line(root / "data/observations.csv", "emissions,all,luton,22/23,",
                     "emissions,all,luton,22/23,2023-03-31,62,ok,false,,")
    target = _set_line(root / "data/targets.csv", "emissions,all,2040,", "emissions,all,2040,value,0,,,")
    assert messages(root) == [
        f"data/observations.csv:{line}:value: 62 is given, but emissions is described in words (unit text): its "
        "rows have no number, and 62 would print bare, with no unit — clear the value, set status to not_available "
        "or tbc and say the result in words in the note (shown on the measure's page); if the measure now has "
        "figures, give its series a numeric unit in data/series.csv (e.g. percent)",
        f"data/targets.csv:{target}:value: is 0, but emissions is described in words (unit text), so its "
        "milestones and target are words too — use kind text, clear the value and write the milestone in words "
        "in wording",
    ]
    _set_line(root / "data/observations.csv", "emissions,all,luton,22/23,",
              "emissions,all,luton,22/23,2023-03-31,,tbc,false,First survey under way,")
    _set_line(root / "data/targets.csv", "emissions,all,2040,", "emissions,all,2040,text,,Net zero,,")
    assert messages(root) == []


def test_a_measure_in_words_marked_ok_is_told_to_say_its_result_in_the_note_not_to_fill_in_a_value(tmp_path):
    """A text measure's row with status ok and no value was told "fill in the value", and the value
    filled in was then refused as a number given in words: the one message says what will pass."""
    root = make_project(tmp_path)
    _set_line(root / "data/series.csv", "emissions,all,", "emissions,all,,text,0,1,true")
    _set_line(root / "data/targets.csv", "emissions,all,2040,", "emissions,all,2040,text,,Net zero,,")
    line = _set_line(root / "data/observations.csv", "emissions,all,luton,22/23,",
                     "emissions,all,luton,22/23,2023-03-31,,ok,false,,")
    assert [m for m in messages(root) if "observations.csv" in m] == [
        f"data/observations.csv:{line}:status: is ok, but emissions is described in words (unit text): a measure in "
        "words has no value — set status to tbc or not_available and write the result in the note"]
    _set_line(root / "data/observations.csv", "emissions,all,luton,22/23,",
              "emissions,all,luton,22/23,2023-03-31,,tbc,false,Most residents feel safe,")
    assert [m for m in messages(root) if "observations.csv" in m] == []


def test_a_number_computed_with_numpy_is_written_as_a_plain_one():
    """numpy 2 writes its float as 'np.float64(6.7)', which crashed the writer of numbers in messages."""
    import numpy as np

    from luton2040.data.cell_types import number_text

    assert [number_text(v) for v in (np.float64(6.7), np.float32(0.5), np.int64(13600000), 13600000.0)] == \
        ["6.7", "0.5", "13600000", "13600000"]
    assert number_text(np.float64(13600000.0), grouped=True) == "13,600,000"
    assert number_text(np.float64("nan")) == "nan"


def test_numbers_in_messages_are_written_as_people_write_them(tmp_path):
    """Bus journeys 1,290,000 and 13,600,000 were said as "1.29e+06 journeys to 1.36e+07 journeys"."""
    root = make_project(tmp_path)
    units = root / "data/units.csv"
    units.write_text(units.read_text(encoding="utf-8") + "journeys,passenger journeys,, journeys,number,0,\n",
                     encoding="utf-8")
    _set_line(root / "data/series.csv", "emissions,all,", "emissions,all,,journeys,0,1,true")
    line = _set_line(root / "data/observations.csv", "emissions,all,luton,22/23,",
                     "emissions,all,luton,22/23,2023-03-31,1290000,ok,false,,")
    path = root / "data/observations.csv"
    path.write_text(path.read_text(encoding="utf-8") + "emissions,all,luton,23/24,2024-03-31,13600000,ok,false,,\n",
                    encoding="utf-8")
    assert [m for m in messages(root) if "times" in m] == [
        f"warning: data/observations.csv:{line + 2}:value: 13,600,000 is about 11 times larger than the other value "
        f"of emissions (all) for luton, on line {line} (check both): 1,290,000 journeys — check the figure for a "
        "slipped decimal point, and its unit (passenger journeys)",
    ]


@pytest.mark.parametrize("typed, shown", [
    ("{Latest}", "{Latest}"),                    # a capital letter
    ("{ latest }", "{ latest }"),                # spaces inside the braces
    ("{latest in 2024", "{latest in 2024."),     # the closing brace left out
    ("latest}", "}"),                            # the opening one left out
])
def test_a_brace_in_a_progress_item_that_is_not_a_placeholder_is_refused(tmp_path, typed, shown):
    """Only a placeholder written exactly ({latest}, {target:2027}) is filled in; anything else in
    braces was printed as typed, '{Latest}' and all, under 'Progress made'."""
    root = make_project(tmp_path)
    notes = root / "data/progress_notes.csv"
    notes.write_text(notes.read_text(encoding="utf-8")
                     + f'2025,poverty,1,destitution,,,Destitution,"Destitution is {typed}.",\n', encoding="utf-8")
    assert [m for m in messages(root) if not m.startswith("warning:")] == [
        f"data/progress_notes.csv:2:text: '{shown}' is not a placeholder, so the item would print it as it is — write "
        "placeholders in lower case without spaces, such as {latest} or {target:2027}, or take the brace out"]


def test_a_unit_whose_minimum_is_above_its_maximum_is_named_once(tmp_path):
    """The two typed in each other's cells gave one message per figure of every series in that unit,
    each 'below the smallest value', and none naming data/units.csv."""
    root = make_project(tmp_path)
    units = root / "data/units.csv"
    units.write_text(units.read_text(encoding="utf-8").replace("percent,per cent,,%,number,0,100",
                                                               "percent,per cent,,%,number,100,0"), encoding="utf-8")
    assert messages(root) == [
        "data/units.csv:2:minimum: minimum 100 is above maximum 0 — swap the two, or correct the one that is wrong"]


def test_a_figure_for_an_area_that_is_not_the_measures_comparator_is_named_as_shown_nowhere(tmp_path):
    """England's figure added for a measure whose comparator is blank was published in the data
    download and on no page, and `check` said nothing (a warning: the row may be kept for the download)."""
    root = make_project(tmp_path)  # (emissions has no comparator in the minimal project's measures.csv)
    observations = root / "data/observations.csv"
    observations.write_text(observations.read_text(encoding="utf-8")
                            + "emissions,all,england,2023,2023-12-31,5.0,ok,false,,\n", encoding="utf-8")
    assert messages(root) == [
        "warning: data/observations.csv:13:area: the comparator of emissions is not set in data/measures.csv, so this "
        "figure for england is shown on no page (only in the data download) — set the comparator of emissions to "
        "england in data/measures.csv to show it, or remove the row"]


def test_a_target_set_beside_a_comparator_the_measure_does_not_have_or_a_rank_that_is_no_place_is_refused(tmp_path):
    """'85% of the comparator' was printed for a measure with no comparator, and a rank of 1.5 as
    'Top 2': the check passed both."""
    root = make_project(tmp_path)
    targets = root / "data/targets.csv"
    targets.write_text(targets.read_text(encoding="utf-8")
                       .replace("emissions,all,2040,text,,Net zero,,", "emissions,all,2040,ratio_to_comparator,0.85,,,")
                       .replace("destitution,all,2035,value,3,,,", "destitution,all,2035,rank,1.5,,,"), encoding="utf-8")
    assert messages(root) == [
        "data/targets.csv:4:value: rank 1.5 is not a place (1 for first, 2 for second…): it would be printed rounded, "
        "as 'Top 2' — write the place as a whole number of 1 or more",
        "data/targets.csv:9:kind: is ratio_to_comparator, but emissions has no comparator in data/measures.csv — set "
        "the measure's comparator there (an id from data/areas.csv), or give the milestone as kind value",
    ]


def test_a_slip_is_named_by_counting_the_far_figures_one_by_one_or_by_halving_alike():
    """The slipped-decimal warning's count (value_rules._Spread, which halves a sorted series so that a
    long one checks quickly) agrees with the rule as written: a figure is the odd one out when more
    figures of its series are SLIPPED times or more from it than in scale with it (itself counted),
    the newer side named on a tie."""
    import datetime
    import random
    from types import SimpleNamespace

    from luton2040.data import value_rules

    def by_hand(row, rows):
        far = [r for r in rows if r is not row and r.values["value"] and row.values["value"]
               and (r.values["value"] > 0) == (row.values["value"] > 0)
               and max(r.values["value"] / row.values["value"], row.values["value"] / r.values["value"])
               >= value_rules.SLIPPED]
        near = len(rows) - len(far)
        return len(far) > near or (len(far) == near > 0 and all(row.values["period_end"] > r.values["period_end"]
                                                                  for r in far))

    sizes = [0, 0.2, 1, 2, 3.2, 5, 7.3, 10, 16, 25, 50, 73, -1, -5, -25]
    chance = random.Random(2040)
    for _ in range(3000):
        rows = [SimpleNamespace(values={"value": chance.choice(sizes) if chance.random() < 0.7 else chance.uniform(-80, 80),
                                        "period_end": datetime.date(chance.randint(2019, 2024), 12, 31)})
                for _ in range(chance.randint(1, 8))]
        spread = value_rules._Spread(rows)
        assert [spread.outnumbered(row) for row in rows] == [by_hand(row, rows) for row in rows]
