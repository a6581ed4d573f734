"""The package's modules depend on each other one way only: no import cycle, counting imports made
inside functions too (a deferred import is still a dependency)."""
from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "luton2040"


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path, modules: set[str]) -> set[str]:
    """The package modules ``path`` imports (``from . import x`` counts as importing module x)."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                origin = ".".join(base + ([node.module] if node.module else []))
            else:
                origin = node.module or ""
            # `from pkg import x` imports the module pkg.x when there is one, else a name of pkg.
            found |= {f"{origin}.{alias.name}" if f"{origin}.{alias.name}" in modules else origin
                      for alias in node.names}
    return {m for m in found if m in modules and m != name}


def import_graph() -> dict[str, set[str]]:
    paths = sorted(PACKAGE.rglob("*.py"))
    modules = {module_name(p) for p in paths}
    return {module_name(p): imports_of(p, modules) for p in paths}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """One example cycle through each strongly connected group of modules (Tarjan's algorithm)."""
    index, low, stack, on_stack, groups = {}, {}, [], set(), []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph[node]):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return groups


def test_the_cycle_finder_finds_a_cycle():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_the_graph_sees_relative_and_deferred_imports():
    graph = import_graph()
    assert "luton2040.errors" in graph["luton2040.data.schema"]
    assert "luton2040.engine.config" in graph["luton2040.engine.build"]  # (from . import config as config_mod)


def test_the_package_has_no_import_cycle():
    assert cycles(import_graph()) == []


#: The rooms data flows through, in order: a module may import its own room and the rooms before it.
ROOMS = ("luton2040.data", "luton2040.compute", "luton2040.site")


def room_of(module: str) -> int | None:
    return next((i for i, room in enumerate(ROOMS) if module == room or module.startswith(room + ".")), None)


def backward_arrows(graph: dict[str, set[str]]) -> list[str]:
    """Every import from a room to a later one (data → compute, data → site, compute → site)."""
    found = []
    for module, imported in sorted(graph.items()):
        here = room_of(module)
        for other in sorted(imported):
            there = room_of(other)
            if here is not None and there is not None and there > here:
                found.append(f"{module} imports {other}")
    return found


def test_the_arrow_finder_finds_a_backward_arrow():
    graph = {"luton2040.data.load": {"luton2040.compute.tables", "luton2040.errors"},
             "luton2040.compute.tables": {"luton2040.data.load"},
             "luton2040.site.pages": {"luton2040.compute.tables", "luton2040.data.load"}}
    assert backward_arrows(graph) == ["luton2040.data.load imports luton2040.compute.tables"]


def test_the_three_rooms_exist_and_hold_modules():
    modules = import_graph()
    for room in ROOMS:
        assert room in modules and sum(room_of(m) == ROOMS.index(room) for m in modules) > 2, room


def test_imports_run_data_to_compute_to_site_only():
    """data/ reads and checks the inputs, compute/ derives from them, site/ writes markup and files:
    no module in data/ imports compute/ or site/, none in compute/ imports site/."""
    assert backward_arrows(import_graph()) == []


def test_the_engine_knows_nothing_of_the_report():
    """luton2040/engine/ renders any Quarto website: it imports only itself, errors, the YAML
    reader (yamlmarks, with the one front-matter splitter), pandoc's heading names (heading_ids,
    shared with the partner sections) and the one reader of code fences (fences, shared with the
    checks), never a room of the report."""
    graph = import_graph()
    allowed = {"luton2040.errors", "luton2040.yamlmarks", "luton2040.heading_ids", "luton2040.fences"}
    found = sorted(f"{module} imports {other}" for module, imported in graph.items()
                   if module.startswith("luton2040.engine") for other in imported
                   if not other.startswith("luton2040.engine") and other not in allowed)
    assert found == []
