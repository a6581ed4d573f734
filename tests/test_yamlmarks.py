"""yamlmarks: YAML values with the line of every key; aliases and repeated keys refused with their line."""
from __future__ import annotations

import pytest
import yaml

from luton2040.yamlmarks import YamlRefused, load, yaml_string

EDITION = """year: 2025
title: Report
data_cutoff: 2025-03-31
focus_areas:
  - id: green
    title: Green corridors
  - id: smoking
    title: Smoking
"""


def test_values_are_what_safe_load_gives_and_every_key_has_its_line():
    marked = load(EDITION)
    assert marked.value["data_cutoff"] == "2025-03-31"  # dates stay text; callers check them with their line
    assert marked.value["focus_areas"][1] == {"id": "smoking", "title": "Smoking"}
    assert [marked.line(k) for k in ("year", "title", "data_cutoff", "focus_areas")] == [1, 2, 3, 4]
    assert (marked.line("focus_areas", 1), marked.line("focus_areas", 1, "title")) == (7, 8)
    assert marked.line("missing") is None


def test_lines_count_from_where_the_text_starts_in_its_file():
    assert load("organisation: X\npriority: poverty\n", first_line=2).line("priority") == 3


def test_an_empty_document_has_no_value():
    assert load("").value is None and load("# only a comment\n").value is None


def refused(text: str, first_line: int = 1) -> str:
    with pytest.raises(YamlRefused) as info:
        load(text, first_line)
    return str(info.value.problem("data/editions/2025.yml"))


def test_an_alias_is_refused_at_its_line():
    bomb = 'a: &a ["x","x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: [*b,*b,*b]\n'
    assert refused(bomb) == ("data/editions/2025.yml:2: uses the YAML alias *a — write the value out in full; "
                             "anchors (&) and aliases (*) are not allowed")


def test_a_key_written_twice_is_refused_at_the_second():
    assert refused("year: 2025\ntitle: A\nfocus_areas: []\ntitle: B\n", first_line=2) == (
        "data/editions/2025.yml:5: the key 'title' is written twice (first on line 3) — keep one of the two lines")


def test_nested_repeated_keys_are_refused_too():
    assert refused("focus_areas:\n  - id: a\n    id: b\n") == (
        "data/editions/2025.yml:3: the key 'id' is written twice (first on line 2) — keep one of the two lines")


def test_broken_syntax_names_the_line_and_the_caller_words_the_fix():
    with pytest.raises(YamlRefused) as info:
        load("title: A\n  bad: indent\n", first_line=2)
    assert str(info.value.problem("x.md", fix="write one 'key: value' per line")) == (
        "x.md:3: is not valid YAML (mapping values are not allowed here) — write one 'key: value' per line")


@pytest.mark.parametrize("quote", ['"', "'"])
def test_a_quote_never_closed_is_named_on_the_line_it_opens_not_where_the_text_ends(quote):
    """PyYAML reports the end of the text ('found unexpected end of stream'), lines below the typo."""
    with pytest.raises(YamlRefused) as info:
        load(f"organisation: {quote}Luton Foodbank\npriority: poverty\nedition: 2025\n", first_line=2)
    assert str(info.value.problem("x.md", fix="write one 'key: value' per line")) == (
        f"x.md:2: the quote mark {quote} opened on this line is never closed — end the value with {quote} on the "
        f"same line, or remove the opening {quote}")


def test_a_tab_that_indents_a_key_is_named_with_its_line_and_the_fix():
    """PyYAML says "found character '\\t' that cannot start any token", which names nothing to do."""
    with pytest.raises(YamlRefused) as info:
        load("organisation: Luton Foodbank\n\tpriority: poverty\n", first_line=2)
    assert str(info.value.problem("x.md", fix="write one 'key: value' per line")) == (
        "x.md:3: a tab on this line is not allowed in YAML — replace the tab with spaces (one space after the "
        "colon is enough)")


@pytest.mark.parametrize("text, end", [
    ("---\ntitle: A\n---\nBody", 2),
    ("---\ntitle: A\n...\nBody", 2),           # pandoc also closes a YAML block with ...
    ("---\ntitle: A\nBody, never closed", None),
    ("Body\n---\ntitle: A\n---", None),         # a block later in the file is not front matter
    ("", None),
])
def test_front_matter_ends_where_pandoc_ends_it(text, end):
    from luton2040.yamlmarks import front_matter_end

    assert front_matter_end(text.splitlines()) == end


def test_claims_skip_front_matter_closed_with_dots():
    from luton2040.compute.claims import sentences

    assert sentences("---\ntitle: Poverty fell.\n...\n\nPoverty rose.\n") == [(5, "Poverty rose.")]


def test_libyaml_reads_every_settings_file_of_the_project_as_the_python_parser_does():
    """The fast parser (libyaml) must give the same values and lines as the Python one it stands in
    for; an alias or a refusal is left to the Python parser, whose words and lines are reported."""
    from pathlib import Path

    from luton2040 import yamlmarks

    root = Path(__file__).resolve().parent.parent
    texts = [p.read_text(encoding="utf-8") for p in sorted(root.glob("_quarto*.yml"))]
    texts += [p.read_text(encoding="utf-8") for p in sorted((root / "data" / "editions").glob("*.yml"))]
    for page in sorted(root.glob("chapters/*.qmd")) + sorted(root.glob("partners/*/*.md")):
        lines = page.read_text(encoding="utf-8").split("\n")
        end = yamlmarks.front_matter_end(lines)
        if end is not None:
            texts.append("\n".join(lines[1:end]))
    assert len(texts) > 10
    for text in texts:
        fast = yamlmarks._parse_fast(text, 2)
        assert fast is not None and fast == yamlmarks._parse_python(text, 2)
    assert yamlmarks._parse_fast("a: &x [1]\nb: *x\n", 1) is None  # an alias: the Python parser words it
    assert yamlmarks._parse_fast("a: 1\na: 2\n", 1) is None  # a repeated key: likewise


@pytest.mark.parametrize("text", ["Air quality (AHAH domain score)", "1e3", "no: colon", "# not a comment",
                                  "tab\there", "Wi\x85ndows' line break", "\x7f\x9f", "café “quoted” – dash",
                                  "yes", "null", "'single' and \"double\" quotes", "back\\slash"])
def test_front_matter_strings_read_back_as_exactly_the_same_string(text):
    assert yaml.safe_load(f"title: {yaml_string(text)}")["title"] == text
