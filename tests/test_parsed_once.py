"""What a process has parsed is reused only while the text it came from is the same, and never shared:
`luton2040 serve` keeps its process between saves, so a page, a settings file or a data file read on
an earlier save must not be what a later save sees once the file has changed, and a caller that
changes what it was given must not change what the next caller gets."""
from __future__ import annotations

import shutil
from pathlib import Path

from luton2040.data.schema import load_datapackage, read_table
from luton2040.engine import source
from luton2040.yamlmarks import load

ROOT = Path(__file__).resolve().parents[1]
MINIMAL = ROOT / "tests" / "fixtures" / "minimal"


def test_each_caller_gets_its_own_yaml_values():
    text = "title: Report\nfocus_areas:\n  - id: green\n"
    first = load(text)
    first.value["focus_areas"].append({"id": "added by a caller"})
    first.value["title"] = "changed by a caller"
    again = load(text)
    assert again.value == {"title": "Report", "focus_areas": [{"id": "green"}]}
    assert again.line("focus_areas", 0, "id") == 3


def test_the_same_text_at_another_line_keeps_its_own_lines():
    assert load("priority: poverty\n", first_line=1).line("priority") == 1
    assert load("priority: poverty\n", first_line=2).line("priority") == 2


def _project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    shutil.copytree(MINIMAL, root)
    shutil.copy(ROOT / "data" / "datapackage.json", root / "data" / "datapackage.json")
    return root


def test_a_data_file_is_read_again_when_its_bytes_change(tmp_path):
    root = _project(tmp_path)
    rows, _ = read_table(root, "observations")
    first = next(r for r in rows if r.values["measure"] == "destitution" and r.values["period"] == "2023")
    assert first.values["value"] == 9.9
    first.values["value"] = -1.0  # a caller changing its rows changes no one else's
    rows, _ = read_table(root, "observations")
    assert next(r for r in rows if r.line == first.line).values["value"] == 9.9
    path = root / "data" / "observations.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "destitution,all,luton,2023,2023-12-31,9.9,", "destitution,all,luton,2023,2023-12-31,8.8,"), encoding="utf-8")
    rows, problems = read_table(root, "observations")
    assert next(r for r in rows if r.line == first.line).values["value"] == 8.8 and problems == []
    path.write_text(path.read_text(encoding="utf-8").replace(",8.8,", ",lots,"), encoding="utf-8")
    _, problems = read_table(root, "observations")
    assert [(p.file, p.line, p.column) for p in problems] == [("data/observations.csv", first.line, "value")]


def test_the_data_package_is_a_fresh_copy_each_time(tmp_path):
    root = _project(tmp_path)
    load_datapackage(root)["resources"].clear()
    assert [r["name"] for r in load_datapackage(root)["resources"]][:1] == ["priorities"]


def test_a_page_is_read_again_when_a_file_it_includes_changes(tmp_path):
    (tmp_path / "_prose").mkdir()
    intro = tmp_path / "_prose" / "intro.qmd"
    intro.write_text("First words.\n", encoding="utf-8")
    page = tmp_path / "page.qmd"
    page.write_text("---\ntitle: Page\n---\n\n{{< include _prose/intro.qmd >}}\n", encoding="utf-8")
    first = source.read(page, tmp_path)
    assert "First words." in "\n".join(b.text for b in first.blocks if hasattr(b, "text"))
    first.meta["title"] = "changed by a caller"
    assert source.read(page, tmp_path).meta == {"title": "Page"}
    intro.write_text("Second words.\n", encoding="utf-8")
    again = source.read(page, tmp_path)
    assert "Second words." in "\n".join(b.text for b in again.blocks if hasattr(b, "text"))
    assert again.included == ["_prose/intro.qmd"]
