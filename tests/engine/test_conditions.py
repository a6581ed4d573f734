"""Each edition shows only its own prose: the engine keeps or drops a ``.content-visible`` /
``.content-hidden`` div by profile exactly as Quarto does (quarto-cli
src/resources/filters/customnodes/content-hidden.lua, ``propertiesMatch`` and ``is_visible``):
``when-profile`` matches when its value is one of the active profiles, ``unless-profile`` when it is
not, both must hold; a shown div is unwrapped, a hidden one dropped with everything inside it."""
from __future__ import annotations

from pathlib import Path

import pytest

from luton2040.engine import source
from luton2040.engine.conditions import matches
from luton2040.errors import InputError

PAST = ("2025", "past")  # a past edition is built with its profile and "past"


@pytest.mark.parametrize("kind, condition, profiles, shown", [
    ("content-visible", {"when-profile": "2025"}, ("2025",), True),
    ("content-visible", {"when-profile": "2025"}, PAST, True),          # any active profile matches
    ("content-visible", {"when-profile": "past"}, PAST, True),
    ("content-visible", {"when-profile": "2026"}, PAST, False),
    ("content-visible", {"when-profile": "2025 2026"}, PAST, False),    # the value is one name, whole
    ("content-visible", {"when-profile": "202"}, PAST, False),
    ("content-visible", {"unless-profile": "past"}, PAST, False),
    ("content-visible", {"unless-profile": "past"}, ("2026",), True),
    ("content-visible", {"when-profile": "2025", "unless-profile": "past"}, PAST, False),  # both must hold
    ("content-visible", {"when-profile": "2025", "unless-profile": "past"}, ("2025",), True),
    ("content-hidden", {"when-profile": "2025"}, PAST, False),          # hidden: the opposite
    ("content-hidden", {"when-profile": "2026"}, PAST, True),
    ("content-hidden", {"unless-profile": "2026"}, ("2026",), True),
    ("content-hidden", {"unless-profile": "2026"}, PAST, False),
    ("content-visible", {"when-profile": "2025"}, (), False),           # no profile active
])
def test_a_conditional_div_is_shown_by_quartos_rule(kind, condition, profiles, shown):
    assert matches(kind, condition, profiles) is shown


PAGE = '''---
title: Poverty
---

::: {.content-visible when-profile="2025"}

{{< include _prose/2025/poverty.qmd >}}

:::
::: {.content-visible when-profile="2026"}

{{< include _prose/2026/poverty.qmd >}}

:::
'''


def _project(root: Path) -> Path:
    (root / "chapters/_prose/2025").mkdir(parents=True)
    (root / "chapters/_prose/2026").mkdir(parents=True)
    (root / "chapters/_prose/2025/poverty.qmd").write_text(
        "Poverty fell in 2024.\n\n```{python}\nprint(2025)\n```\n", encoding="utf-8")
    (root / "chapters/_prose/2026/poverty.qmd").write_text(
        "::: {.callout-note}\nNew in 2026.\n:::\n\nPoverty rose in 2025.\n\n```{python}\n:::\nprint(2026)\n```\n",
        encoding="utf-8")
    page = root / "chapters/poverty.qmd"
    page.write_text(PAGE, encoding="utf-8")
    return page


def _text(doc: source.Document) -> str:
    return "\n".join(b.text if isinstance(b, source.Prose) else "<cell>" + b.code for b in doc.blocks)


def test_each_edition_reads_only_its_own_prose(tmp_path):
    page = _project(tmp_path)
    past = source.read(page, tmp_path, PAST)
    current = source.read(page, tmp_path, ("2026",))
    assert "Poverty fell in 2024." in _text(past) and "2026" not in _text(past)
    assert [c.code for c in past.cells] == ["print(2025)"]
    assert [c.loc for c in past.cells] == [source.Loc("chapters/_prose/2025/poverty.qmd", 3)]
    # the 2026 prose keeps its own divs (and a ':::' inside a code cell is code, not a fence)
    assert "Poverty rose in 2025." in _text(current) and "fell" not in _text(current)
    assert "::: {.callout-note}\nNew in 2026.\n:::" in _text(current)
    assert [c.code for c in current.cells] == [":::\nprint(2026)"]
    assert "content-visible" not in _text(current)
    # what 2025 reads (and so its cache key) does not change when 2026's prose does
    (tmp_path / "chapters/_prose/2026/poverty.qmd").write_text("Rewritten for 2026.\n", encoding="utf-8")
    assert _text(source.read(page, tmp_path, PAST)) == _text(past)
    assert source.read(page, tmp_path, PAST).code_digest == past.code_digest
    assert source.read(page, tmp_path, ("2026",)).code_digest != current.code_digest


def test_a_label_repeated_in_another_editions_block_is_refused_as_quarto_refuses_it(tmp_path):
    """Quarto runs the cells of a hidden block too and refuses a page whose cells repeat a label
    (quarto-cli src/core/jupyter/labels.ts): so does the engine, whichever profile is active."""
    page = _project(tmp_path)
    for year in ("2025", "2026"):
        (tmp_path / f"chapters/_prose/{year}/poverty.qmd").write_text(
            "Words.\n\n```{python}\n#| label: tbl-bands\nprint(1)\n```\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        source.read(page, tmp_path, PAST)
    assert info.value.lines() == [
        "chapters/_prose/2026/poverty.qmd:4: the cell label 'tbl-bands' is already used at "
        "chapters/_prose/2025/poverty.qmd:4 (Quarto refuses a repeated label in a page, even in another "
        "edition's hidden block) — give this cell its own label (new-edition ends each edition's labels "
        "with its year)"]


def test_a_heading_another_editions_block_already_names_needs_an_explicit_id(tmp_path):
    """Pandoc names every heading of the page before Quarto drops the other edition's block, so a
    heading the 2025 block also has is 'where-we-are-1' in 2026 under `quarto render` (checked with
    Quarto 1.7.34). The engine refuses it with the fix; with an explicit id (pandoc keeps those,
    warning "Duplicate identifier") both write 'where-we-are'. The past edition, whose block comes
    first, is named alike by both and is not refused."""
    page = _project(tmp_path)
    (tmp_path / "chapters/_prose/2025/poverty.qmd").write_text(
        "## Where we are {#where-we-are}\n\n## Why\n\nOld.\n", encoding="utf-8")
    (tmp_path / "chapters/_prose/2026/poverty.qmd").write_text(
        "## Where we are\n\n## Why {#why}\n\n## New *this* year\n\nNew.\n", encoding="utf-8")
    source.read(page, tmp_path, PAST)
    with pytest.raises(InputError) as info:
        source.read(page, tmp_path, ("2026",))
    assert info.value.lines() == [
        "chapters/_prose/2026/poverty.qmd:1: the heading 'Where we are' is named 'where-we-are-1' by "
        "quarto render but 'where-we-are' by the engine (another edition's block has a heading named "
        "'where-we-are' before it) — give it an explicit id: ## Where we are {#where-we-are}"]
    (tmp_path / "chapters/_prose/2026/poverty.qmd").write_text(
        "## Where we are {#where-we-are}\n\n## Why {#why}\n\n## New *this* year\n\nNew.\n", encoding="utf-8")
    source.read(page, tmp_path, ("2026",))


@pytest.mark.parametrize("text", [
    "Why poverty comes first", "Luton’s 2040: the “plan” (draft)!", "2040 target", "Café -- naïve ünïcode",
    "Partner [link](x.html) `code` here", "Smith & \\<Sons\\> \\*Ltd\\*", "snake_case and v1.2 --- ok...",
])
def test_a_headings_name_is_the_one_pandoc_gives_it(text):
    import pypandoc

    from luton2040.heading_ids import auto_identifier

    html = pypandoc.convert_text(f"## {text}\n", "html", format="markdown")
    plain = pypandoc.convert_text(f"{text}\n", "plain", format="markdown").strip()
    assert auto_identifier(plain) == html.split('id="', 1)[1].split('"', 1)[0]
