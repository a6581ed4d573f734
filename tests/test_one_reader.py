"""Each input file has exactly one reader (issue 13): no module parses YAML but ``yamlmarks``, no
module tokenises a CSV file but ``schema`` (the published copies use its tokeniser too), and
``datapackage.json`` is parsed only by ``schema.load_datapackage``.

The check walks the syntax tree of every module in luton2040/ and scripts/, so a call is found
however it is spelt (``yaml.safe_load``, ``from yaml import compose``, ``csv.DictReader``) and a
word in a comment or docstring is not mistaken for one.
"""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

YAML_PARSERS = {"safe_load", "load", "load_all", "safe_load_all", "full_load", "full_load_all",
                "unsafe_load", "unsafe_load_all", "compose", "compose_all", "parse", "scan"}
CSV_PARSERS = {"reader", "DictReader", "Sniffer"}
JSON_PARSERS = {"load", "loads"}

#: The one YAML reader: values and the line of every key (refuses aliases and twice-written keys).
YAML_HOME = {"luton2040/yamlmarks.py"}
#: The one reader of data/*.csv and data/datapackage.json (typed rows, file:line:column problems).
CSV_HOME = {"luton2040/data/schema.py"}
#: Modules allowed to tokenise CSV besides schema.py: only the reader of the package's own font table
#: (luton2040/pdf/fonts/faces.csv, not a project input). (The published copies in downloads.py split
#: their text with schema.text_rows, the same tokeniser read_table uses.)
CSV_ALLOWED: set[str] = {"luton2040/fonts.py"}
#: JSON that is not a project input: pandoc's and the kernel's output, the build's own caches.
JSON_ALLOWED = {
    "luton2040/engine/pandoc.py",   # pandoc's JSON AST from its stdout
    "luton2040/engine/kernel.py",   # Jupyter messages
    "luton2040/engine/cache.py",    # the engine's cache entries, written by itself
    "luton2040/data/partner_markdown.py",  # pandoc's JSON AST of a partner text, from its stdout
    "luton2040/freeze.py",          # the check stamp the build writes in .luton2040/
    "luton2040/pre_render_cache.py",  # the pre-render step's record, written by itself in the cache
}


def modules() -> list[Path]:
    return sorted(p for folder in ("luton2040", "scripts") for p in (ROOT / folder).rglob("*.py")
                  if ".venv" not in p.parts)


def parser_calls(tree: ast.AST) -> list[tuple[str, str, int]]:
    """(module, function, line) of every call to a YAML, CSV or JSON parsing function in ``tree``."""
    aliases: dict[str, tuple[str, str]] = {}  # local name → (module, function), from `from m import f`
    modules_as: dict[str, str] = {}  # local name → module, from `import m as n`
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for name in node.names:
                if name.name in ("yaml", "csv", "json"):
                    modules_as[name.asname or name.name] = name.name
        elif isinstance(node, ast.ImportFrom) and node.module in ("yaml", "csv", "json"):
            for name in node.names:
                aliases[name.asname or name.name] = (node.module, name.name)
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) and func.value.id in modules_as:
            found.append((modules_as[func.value.id], func.attr, node.lineno))
        elif isinstance(func, ast.Name) and func.id in aliases:
            found.append((*aliases[func.id], node.lineno))
    return found


def second_readers(rel: str, tree: ast.AST) -> list[str]:
    out = []
    for module, function, line in parser_calls(tree):
        if module == "yaml" and function in YAML_PARSERS and rel not in YAML_HOME:
            out.append(f"{rel}:{line}: yaml.{function} — read YAML with luton2040.yamlmarks.load")
        elif module == "csv" and function in CSV_PARSERS and rel not in CSV_HOME | CSV_ALLOWED:
            out.append(f"{rel}:{line}: csv.{function} — read data/*.csv with luton2040.data.schema.read_table")
        elif module == "json" and function in JSON_PARSERS and rel not in CSV_HOME | JSON_ALLOWED:
            out.append(f"{rel}:{line}: json.{function} — read datapackage.json with schema.load_datapackage")
    return out


def test_each_input_is_parsed_only_by_its_one_reader():
    problems = []
    for path in modules():
        rel = path.relative_to(ROOT).as_posix()
        problems += second_readers(rel, ast.parse(path.read_text(encoding="utf-8"), rel))
    assert problems == []


def test_every_allowed_module_still_exists():
    """An allow-list entry for a module that is gone would let a new module of that name in unseen."""
    missing = [rel for rel in YAML_HOME | CSV_HOME | CSV_ALLOWED | JSON_ALLOWED | FENCE_HOME | FENCE_WRITERS | FENCE_LOOKUPS
               if not (ROOT / rel).is_file()]
    assert missing == []


@pytest.mark.parametrize("code, expected", [
    ("import yaml\nyaml.safe_load(text)\n", ["luton2040/x.py:2: yaml.safe_load — read YAML with luton2040.yamlmarks.load"]),
    ("from yaml import compose as c\nc(text)\n", ["luton2040/x.py:2: yaml.compose — read YAML with luton2040.yamlmarks.load"]),
    ("import csv\nwith open(p) as f:\n    rows = list(csv.DictReader(f))\n",
     ["luton2040/x.py:3: csv.DictReader — read data/*.csv with luton2040.data.schema.read_table"]),
    ("import json as j\nj.loads(p.read_text())\n",
     ["luton2040/x.py:2: json.loads — read datapackage.json with schema.load_datapackage"]),
    ("import yaml\ntext = yaml.safe_dump(front)  # yaml.safe_load(...) in a comment\n", []),
])
def test_the_check_finds_a_second_reader_however_it_is_spelt(code, expected):
    assert second_readers("luton2040/x.py", ast.parse(code)) == expected


#: The one reader of code fences: which lines of a page are code (CommonMark, as pandoc reads them),
#: and which cells Quarto runs.
FENCE_HOME = {"luton2040/fences.py"}
#: Writes a fence (longer than any run of backticks in a cell's output) and reads none.
FENCE_WRITERS = {"luton2040/engine/markdown.py"}
_FENCE_TEXT = ("```", "~~~", "`{3", "~{3")


#: Asks whether the line before a raw block of pandoc's tree opened it as a fence, at any indent
#: (a list item's too): it finds where a node was written, and reads no page's fences.
FENCE_LOOKUPS = {"luton2040/data/partner_allowlist.py"}


def _strings(node: ast.AST) -> list[str]:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    return [e.value for e in getattr(node, "elts", []) if isinstance(e, ast.Constant) and isinstance(e.value, str)]


def fence_patterns(rel: str, tree: ast.AST) -> list[str]:
    """Every regular expression in ``tree`` (a string given to a ``re`` function) that looks for a
    code fence, and every ``startswith`` of a fence, outside the fence reader."""
    out = []
    if rel in FENCE_HOME | FENCE_WRITERS:
        return out
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.args):
            continue
        fence = any(text in string for string in _strings(node.args[0]) for text in _FENCE_TEXT)
        if fence and isinstance(node.func.value, ast.Name) and node.func.value.id == "re":
            out.append(f"{rel}:{node.lineno}: re.{node.func.attr} looks for a code fence — "
                       "use luton2040.fences (blocks, fenced)")
        elif fence and node.func.attr == "startswith" and rel not in FENCE_LOOKUPS:
            out.append(f"{rel}:{node.lineno}: startswith looks for a code fence — "
                       "use luton2040.fences (blocks, fenced)")
    return out


def test_code_fences_are_read_only_by_the_fence_reader():
    problems = []
    for path in modules():
        rel = path.relative_to(ROOT).as_posix()
        problems += fence_patterns(rel, ast.parse(path.read_text(encoding="utf-8"), rel))
    assert problems == []


def test_the_check_finds_a_second_fence_reader():
    code = ('import re\n_FENCE = re.compile(r"^\\s*(```+|~~~+)")\nre.sub("`x`", "", t)\n'
            'in_code = line.strip().startswith("```")\nline.startswith(("#", "~~~"))\nline.startswith("`")\n')
    assert fence_patterns("luton2040/x.py", ast.parse(code)) == [
        "luton2040/x.py:2: re.compile looks for a code fence — use luton2040.fences (blocks, fenced)",
        "luton2040/x.py:4: startswith looks for a code fence — use luton2040.fences (blocks, fenced)",
        "luton2040/x.py:5: startswith looks for a code fence — use luton2040.fences (blocks, fenced)"]
