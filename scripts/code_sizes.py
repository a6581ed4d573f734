"""Modules over 400 lines and functions over 60 lines in luton2040/ and scripts/ (issue 13, item 3:
"no module over 400 lines, no function over 60"). Prints one line per offender, largest first, and
exits 1 when there is any, so CI can run it once the last offender is split.

    python scripts/code_sizes.py [--module-lines 400] [--function-lines 60]
"""
from __future__ import annotations

import argparse
import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def sizes(root: Path, module_lines: int, function_lines: int) -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
    """(modules, functions) over the limits, each as (lines, name), largest first."""
    modules, functions = [], []
    for path in sorted(p for folder in ("luton2040", "scripts") for p in (root / folder).rglob("*.py")):
        rel = path.relative_to(root).as_posix()
        text = path.read_text(encoding="utf-8")
        count = len(text.splitlines())
        if count > module_lines:
            modules.append((count, rel))
        for node in ast.walk(ast.parse(text, rel)):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                length = node.end_lineno - node.lineno + 1
                if length > function_lines:
                    functions.append((length, f"{rel}:{node.lineno} {node.name}"))
    return sorted(modules, reverse=True), sorted(functions, reverse=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--module-lines", type=int, default=400)
    parser.add_argument("--function-lines", type=int, default=60)
    args = parser.parse_args(argv)
    modules, functions = sizes(ROOT, args.module_lines, args.function_lines)
    for count, name in modules:
        print(f"module   {count:5d} lines  {name}")
    for count, name in functions:
        print(f"function {count:5d} lines  {name}")
    return 1 if modules or functions else 0


if __name__ == "__main__":
    sys.exit(main())
