"""The bad-input corpus, end to end through `luton2040 check` and `luton2040 build`.

Each row of CASES is (case name, file to change, change, expected message lines). A data or partner
case runs through both commands and must print exactly those lines, then the summary, exit 1, show
no traceback and leave the previously built _site/ byte-for-byte as it was. Adding a case is one
line. AWKWARD lists valid files in awkward shapes (Excel's "CSV UTF-8" byte-order mark, Windows line
ends, a trailing blank line): they must be accepted and build exactly the same site as the clean files.
"""
from __future__ import annotations

import shutil
from pathlib import Path
from typing import Callable

import pytest

from safety_helpers import hashes, make_book
from luton2040.cli import main

BAD = Path(__file__).resolve().parents[1] / "fixtures" / "bad"
OBS, TARGETS, EDITION = "data/observations.csv", "data/targets.csv", "data/editions/2025.yml"
FOOD, STREETS = "partners/poverty/example-food-project.md", "partners/net-zero/green-streets.md"
NET_ZERO = "chapters/net-zero.qmd"
SUMMARY = "{n} problem(s) found; nothing was built."

Change = Callable[[Path], None]  # gets the path of the file to change (which may not exist yet)


def use(name: str) -> Change:
    """Replace the file with tests/fixtures/bad/<name>."""
    return lambda path: shutil.copy(BAD / name, path)


def sub(old: str, new: str) -> Change:
    """Replace the first ``old`` in the file with ``new``."""
    def change(path: Path) -> None:
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} is not in {path}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return change


def append(text: str) -> Change:
    return lambda path: path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def write(text: str) -> Change:
    return lambda path: path.write_text(text, encoding="utf-8")


def also(first: Change, other: str, then: Change) -> Change:
    """Two changes: ``first`` to the case's file, ``then`` to ``other`` (a path in the project)."""
    def change(path: Path) -> None:
        root = next(p for p in path.parents if (p / "_quarto.yml").is_file())
        first(path)
        (root / other).parent.mkdir(parents=True, exist_ok=True)
        then(root / other)
    return change


def big_file(size: int) -> Change:
    return lambda path: path.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * size)


def nothing(path: Path) -> None:
    pass


def _bytes(transform: Callable[[bytes], bytes]) -> Change:
    return lambda path: path.write_bytes(transform(path.read_bytes()))


bom = _bytes(lambda b: b"\xef\xbb\xbf" + b)
crlf = _bytes(lambda b: b.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n"))
blank_end = _bytes(lambda b: b + b"\n")
excel = _bytes(lambda b: b"\xef\xbb\xbf" + b.replace(b"\n", b"\r\n") + b"\r\n")

PARTNER = """---
organisation: Example Food Project
priority: poverty
edition: 2025
---

{body}
"""

# (case, file to change, change, expected lines). Data and partner cases: `check` and `build`.
CASES = [
    ("csv-bad-quoting", OBS, use("observations-bad-quoting.csv"), [
        'data/observations.csv:4: bad quoting (\',\' expected after \'"\') — wrap a value containing commas or quotes in double quotes, and write a quote inside it twice ("")',
    ]),
    ("csv-unclosed-quote", OBS, use("observations-unclosed-quote.csv"), [
        'data/observations.csv:4: a double quote opened on this line is never closed — add the closing " at the end of the value; keep each row on one line',
    ]),
    ("csv-semicolon-delimiter", OBS, use("observations-semicolons.csv"), [
        'data/observations.csv:1: values are separated by semicolons, not commas — use commas: save the file as "CSV UTF-8 (Comma delimited)"',
    ]),
    ("csv-latin-1-bytes", OBS, use("observations-not-utf8.csv"), [
        'data/observations.csv:10: is not UTF-8 text (byte 0xa3 at character 88; often a £ or curly quote saved by Excel in another encoding) — save the file as "CSV UTF-8 (Comma delimited)"',
    ]),
    ("csv-blank-line-inside", OBS, use("observations-blank-line-inside.csv"), [
        'data/observations.csv:4: blank line inside the data — delete the empty line',
    ]),
    ("csv-missing-column", OBS, use("observations-missing-column.csv"), [
        'data/observations.csv:1: missing column: baseline — add it to the header line (measure, series, area, period, period_end, value, status, baseline, note, provenance)',
    ]),
    ("csv-extra-column", OBS, use("observations-unknown-column.csv"), [
        'data/observations.csv:1: missing column: note — add it to the header line (measure, series, area, period, period_end, value, status, baseline, note, provenance)',
        "data/observations.csv:1: unknown column 'notes' — rename it to note (columns: measure, series, area, period, period_end, value, status, baseline, note, provenance)",
    ]),
    ("csv-too-many-cells", OBS, use("observations-too-many-cells.csv"), [
        'data/observations.csv:6: row has 11 values but the header has 10 columns — a value containing a comma must be wrapped in double quotes; remove any extra commas',
    ]),
    ("csv-unknown-measure", OBS, use("observations-unknown-measure.csv"), [
        "data/observations.csv:3:measure: unknown measure 'destituton' — use an id from data/measures.csv, e.g. destitution",
    ]),
    ("csv-duplicate-key", OBS, use("observations-duplicate-key.csv"), [
        "data/observations.csv:5: duplicate row for measure 'destitution', series 'all', area 'england', period '2023' (also on line 4) — delete one of the two rows or correct its key",
    ]),
    ("csv-text-in-number-column", OBS, sub("2023-12-31,9.9,", "2023-12-31,nine point nine,"), [
        'data/observations.csv:3:value: "nine point nine" is not a number — write digits with a dot for decimals, e.g. 12.3, or leave the cell blank',
    ]),
    ("csv-comma-decimal", OBS, use("observations-comma-decimal.csv"), [
        'data/observations.csv:3:value: "9,9" is not a number — use a dot for decimals, e.g. 9.9',
    ]),
    ("csv-percent-sign", OBS, use("observations-percent-sign.csv"), [
        'data/observations.csv:3:value: "9.9%" is not a number — write the number only, e.g. 9.9 (the unit adds signs such as £ and %)',
    ]),
    ("csv-negative-percentage", OBS, use("observations-negative-percent.csv"), [
        'data/observations.csv:4:value: -4 is below 0, the smallest value in per cent — check the figure and its unit (percent)',
    ]),
    ("csv-period-does-not-parse", OBS, use("observations-period-unparseable.csv"), [
        "data/observations.csv:12:period: period 'autumn 2024' is not understood — write it as published in one of these forms: 2023, 2023/24 or 23/24 (financial year), 2017-19 (years), Sep-24 (month), 8/1/2024 (day) or Q1 2024",
    ]),
    ("csv-period-end-wrong", OBS, use("observations-period-end-mismatch.csv"), [
        "data/observations.csv:11:period_end: 2023-12-31 is not the last day of period '22/23' — it should be 2023-03-31",
    ]),
    ("csv-status-not-allowed", OBS, use("observations-status-not-allowed.csv"), [
        'data/observations.csv:3:status: "OK" is not allowed — use one of: ok, not_available, not_comparable, tbc (did you mean ok?)',
    ]),
    ("csv-two-baselines", OBS, use("observations-two-baselines.csv"), [
        'data/observations.csv:3:baseline: second Luton baseline for destitution / all (the first is on line 2) — set baseline to true on one row only',
    ]),
    ("milestone-moving-wrong-way", TARGETS, use("targets-milestone-wrong-way.csv"), [
        'data/targets.csv:3:value: 2031 value 8 for destitution / all is higher than the 2027 value 7 (line 2), but lower is better — milestones must move step by step toward the 2040 target; check both figures',
    ]),
    ("target-value-missing", TARGETS, use("targets-value-missing.csv"), [
        'data/targets.csv:4:value: is blank but kind is value — fill in the number, or use kind text with wording',
    ]),
    ("measure-unknown-priority", "data/measures.csv", use("measures-unknown-priority.csv"), [
        "data/measures.csv:4:priority: unknown priority 'netzero' — use an id from data/priorities.csv, e.g. net-zero",
        "data/priorities.csv:3: priority 'net-zero' has no measures — add its measures to data/measures.csv, or remove the priority",
    ]),
    ("measure-bad-web-address", "data/measures.csv", use("measures-bad-url.csv"), [
        'data/measures.csv:2:source_url: "www.jrf.org.uk" is not a web address — write the full address starting with https://',
    ]),
    ("series-unknown-unit", "data/series.csv", use("series-unknown-unit.csv"), [
        "data/series.csv:5:unit: unknown unit 'kt_co2' — use an id from data/units.csv, e.g. kt_co2e",
    ]),
    ("mis-shares-not-100", "data/mis_bands.csv", use("mis-bands-shares-not-100.csv"), [
        "data/mis_bands.csv:share: shares add up to 102.7, not 100 — check each band's share against the source",
    ]),
    ("edition-wrong-year", EDITION, sub("year: 2025", "year: 2024"), [
        'data/editions/2025.yml:2:year: year 2024 does not match the file name 2025.yml — set year: 2025, or rename the file to 2024.yml',
    ]),
    ("edition-broken-yaml", EDITION, use("edition-broken-yaml.yml"), [
        'data/editions/2025.yml:5: is not valid YAML (mapping values are not allowed here) — check the indentation and the colon after each key',
    ]),
    ("edition-bad-date", EDITION, sub("data_cutoff: 2025-03-31", "data_cutoff: 31/03/2025"), [
        "data/editions/2025.yml:6:data_cutoff: '31/03/2025' is not a date — write it as YYYY-MM-DD, e.g. 2025-03-31",
    ]),
    ("partner-no-front-matter", FOOD, use("partner-no-front-matter.md"), [
        'partners/poverty/example-food-project.md:1: has no front matter — start the file with a line ---, then organisation:, priority: and edition: lines, then another ---',
    ]),
    ("partner-broken-yaml", FOOD, use("partner-broken-yaml.md"), [
        "partners/poverty/example-food-project.md:2: front matter is not valid YAML (mapping values are not allowed here) — write one 'key: value' per line; put quotes around a value containing a colon",
    ]),
    ("partner-unknown-priority", FOOD, use("partner-unknown-priority.md"), [
        "partners/poverty/example-food-project.md:3: unknown priority 'povrty' — use one of: poverty, net-zero (closest: poverty)",
    ]),
    ("partner-misspelt-key", FOOD, use("partner-misspelt-key.md"), [
        "partners/poverty/example-food-project.md:2: unknown key 'organization' — rename it to organisation",
    ]),
    ("partner-duplicate-organisation", "partners/poverty/example-food-project-again.md",
     write(PARTNER.format(body="More about our food parcels.")), [
        'partners/poverty/example-food-project.md:2: Example Food Project already has a 2025 contribution for poverty in partners/poverty/example-food-project-again.md — merge the two texts into one file',
    ]),
    ("partner-missing-image", FOOD, use("partner-image-missing.md"), [
        "partners/poverty/example-food-project.md:7: image 'figures/partners/van.png' does not exist — add the file figures/partners/van.png or correct the path",
    ]),
    ("partner-oversized-image", STREETS, also(sub("figures/partners/tree.png", "figures/partners/huge.png"),
                                              "figures/partners/huge.png", big_file(3 * 1024 * 1024)), [
        "partners/net-zero/green-streets.md:9: image 'figures/partners/huge.png' is 3.0 MB, more than the 2 MB allowed — make it smaller (about 1600 pixels wide is plenty)",
    ]),
    ("partner-raw-html", FOOD, sub("**sort out debts**", "<b>sort out debts</b>"), [
        'partners/poverty/example-food-project.md:9: raw HTML is not allowed (</b>) — write it in plain markdown: **bold**, *italic*, [text](https://…)',
        'partners/poverty/example-food-project.md:9: raw HTML is not allowed (<b>) — write it in plain markdown: **bold**, *italic*, [text](https://…)',
    ]),
    ("partner-img-tag", FOOD, use("partner-inline-img-tag.md"), [
        'partners/poverty/example-food-project.md:7: raw HTML is not allowed (<img src="x.png" onerror="alert(1)">) — write it in plain markdown: **bold**, *italic*, [text](https://…)',
    ]),
    ("partner-script", FOOD, use("partner-script-tag.md"), [
        'partners/poverty/example-food-project.md:9: raw HTML is not allowed (<script>alert("hi")</script>) — write it in plain markdown: **bold**, *italic*, [text](https://…), ![alt](figures/…)',
    ]),
    ("partner-javascript-link", FOOD, use("partner-javascript-link.md"), [
        "partners/poverty/example-food-project.md:8: link to 'javascript:alert(1)' is not allowed — links must be full web addresses (https://…) or mailto: addresses",
    ]),
    ("partner-data-link", FOOD, use("partner-data-link.md"), [
        "partners/poverty/example-food-project.md:7: link to 'data:text/html;base64,PHNjcmlwdD4=' is not allowed — links must be full web addresses (https://…) or mailto: addresses",
    ]),
    ("partner-iframe", FOOD, use("partner-iframe.md"), [
        'partners/poverty/example-food-project.md:9: raw HTML is not allowed (<iframe src="https://example.org/film">…) — write it in plain markdown: **bold**, *italic*, [text](https://…), ![alt](figures/…)',
    ]),
    ("partner-raw-block", FOOD, use("partner-raw-block.md"), [
        'partners/poverty/example-food-project.md:9: raw output blocks ({=html}) are not allowed — write it in plain markdown',
    ]),
    ("partner-fenced-div", FOOD, use("partner-fenced-div.md"), [
        'partners/poverty/example-food-project.md:9: fenced divs (:::) are not allowed — remove the ::: line; the chapter adds its own',
        'partners/poverty/example-food-project.md:11: raw HTML is not allowed (</b>) — write it in plain markdown: **bold**, *italic*, [text](https://…)',
        'partners/poverty/example-food-project.md:11: raw HTML is not allowed (<b>) — write it in plain markdown: **bold**, *italic*, [text](https://…)',
    ]),
    ("partner-heading-level-2", FOOD, use("partner-heading-level-2.md"), [
        'partners/poverty/example-food-project.md:7: level 2 headings are not allowed (the chapter owns them) — start the heading with ### (or leave it out)',
    ]),
    ("partner-not-utf8", FOOD, use("partner-not-utf8.md"), [
        'partners/poverty/example-food-project.md:7: is not UTF-8 text — save the file with UTF-8 encoding',
    ]),
    ("partner-unclosed-comment", FOOD, use("partner-unclosed-comment.md"), [
        'partners/poverty/example-food-project.md:9: an HTML comment here is never closed — end it with --> (or delete it)',
    ]),
]

# Problems only the build finds (they need the chapters executed): `build` only.
BUILD_CASES = [
    ("chapter-cell-raises", NET_ZERO, append("\n```{python}\nshare = 1 / 0\n```\n"), [
        'chapters/net-zero.qmd:25: Python error in cell: ZeroDivisionError: division by zero — fix the code in this cell',
    ]),
    ("chapter-inline-expression-raises", "chapters/poverty.qmd",
     append('\nNew figure: `{python} report.latest("no-such-measure")`.\n'), [
        'chapters/poverty.qmd:21: Python error in inline expression `report.latest("no-such-measure")`: KeyError: "unknown measure \'no-such-measure\'; see data/measures.csv for the ids" — fix the expression',
    ]),
    ("chapter-unsupported-shortcode", NET_ZERO, append("\n{{< video https://example.org/film.mp4 >}}\n"), [
        'chapters/net-zero.qmd:24: the shortcode {{< video >}} is not supported — use {{< include file >}} or plain markdown',
    ]),
    ("chapter-missing-include", NET_ZERO, append("\n{{< include _missing.md >}}\n"), [
        "chapters/net-zero.qmd:24: cannot include '_missing.md': file not found — fix the path (it is relative to this file)",
    ]),
    ("chapter-r-chunk", NET_ZERO, append("\n```{r}\nsummary(x)\n```\n"), [
        'chapters/net-zero.qmd:24: {r} code chunks are not supported (only {python} runs) — rewrite the chunk in Python, or make it a plain code block',
    ]),
    ("chapter-unknown-cross-reference", NET_ZERO, append("\nSee @tbl-nope.\n"), [
        "chapters/net-zero.qmd:24: '@tbl-nope' refers to a label that does not exist — check the spelling, or add '#| label: tbl-nope' to the cell",
    ]),
    ("config-missing-chapter", "_quarto.yml", sub("chapters/net-zero.qmd", "chapters/netzero.qmd"), [
        "_quarto.yml: book.chapters lists 'chapters/netzero.qmd', which does not exist — create it or fix the path",
    ]),
    ("config-unsupported-option", "_quarto.yml", append("bibliography: references.bib\n"), [
        "_quarto.yml: the option 'bibliography' is not supported by the embedded engine — remove it, or use one of: book, execute, format, lang, number-sections, profile, project",
    ]),
]

AWKWARD = [
    ("csv-excel-utf8-bom", OBS, bom),
    ("csv-windows-line-ends", OBS, crlf),
    ("csv-trailing-blank-line", OBS, blank_end),
    ("csv-excel-bom-crlf-and-blank-end", "data/measures.csv", excel),
    ("targets-excel-bom-crlf", TARGETS, excel),
    ("partner-bom-and-windows-line-ends", FOOD, excel),
    ("edition-windows-line-ends", EDITION, crlf),
    ("chapter-windows-line-ends", NET_ZERO, crlf),
]


@pytest.fixture(scope="module")
def built_book(tmp_path_factory) -> Path:
    """The safety book built once; tests copy it (with its _site/ and cache) before changing it."""
    folder = make_book(tmp_path_factory.mktemp("clean") / "book")
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv("LUTON2040_VALIDATED", raising=False)
        assert main(["--project", str(folder), "build", "--quiet"]) == 0
    return folder


def run(capsys, root: Path, command: str) -> tuple[int, str, str]:
    args = ["--project", str(root), command] + (["--quiet"] if command == "build" else [])
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


def changed_copy(built_book: Path, tmp_path: Path, file: str, change: Change) -> Path:
    root = tmp_path / "book"
    shutil.copytree(built_book, root)
    change(root / file)
    return root


def check_refused(capsys, root: Path, command: str, expected: list[str]) -> None:
    before = hashes(root / "_site")
    code, out, err = run(capsys, root, command)
    assert "Traceback" not in out + err
    assert err.splitlines() == expected + [SUMMARY.format(n=len(expected))]
    assert code == 1
    assert hashes(root / "_site") == before, "a refused build must leave _site/ exactly as it was"
    assert not [p.name for p in root.iterdir() if p.name.startswith("_site.")]


@pytest.mark.parametrize("command", ["check", "build"])
@pytest.mark.parametrize("case, file, change, expected", CASES, ids=[c[0] for c in CASES])
def test_bad_input_is_refused_with_its_exact_message(capsys, tmp_path, built_book, case, file, change, expected,
                                                     command):
    root = changed_copy(built_book, tmp_path, file, change)
    check_refused(capsys, root, command, expected)


@pytest.mark.parametrize("case, file, change, expected", BUILD_CASES, ids=[c[0] for c in BUILD_CASES])
def test_bad_chapter_fails_the_build_with_its_exact_message(capsys, tmp_path, built_book, case, file, change,
                                                            expected):
    root = changed_copy(built_book, tmp_path, file, change)
    check_refused(capsys, root, "build", expected)


@pytest.mark.parametrize("case, file, change", AWKWARD, ids=[c[0] for c in AWKWARD])
def test_awkward_but_valid_file_builds_the_same_site(capsys, tmp_path, built_book, case, file, change):
    clean = hashes(built_book / "_site")
    root = make_book(tmp_path / "book")
    change(root / file)
    assert (root / file).read_bytes() != (built_book / file).read_bytes(), "the change must change the file"
    code, out, err = run(capsys, root, "check")
    assert (code, err) == (0, "")
    assert out == "Data and partner files are valid (0 warning(s)).\n"
    code, out, err = run(capsys, root, "build")
    assert (code, err) == (0, "")
    assert hashes(root / "_site") == clean


def test_the_corpus_is_big_enough():
    assert len(CASES) + len(BUILD_CASES) >= 40
    assert len({c[0] for c in CASES + BUILD_CASES + AWKWARD}) == len(CASES) + len(BUILD_CASES) + len(AWKWARD)
