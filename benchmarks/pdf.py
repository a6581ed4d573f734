"""Benchmark the PDF step: whole step vs WeasyPrint alone on the final print HTML, and peak memory.

    .venv/bin/python benchmarks/pdf.py [PROJECT_DIR] [--repeat N]

PROJECT_DIR defaults to the repository (it needs a rendered _site/: run `luton2040 build` first);
use tests/fixtures/site for the small fixture book. The overhead target is whole/floor ≤ 1.2.
Copies the project's _site to a temporary folder so the real PDF is not touched.
"""
from __future__ import annotations

import argparse
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

from luton2040.pdf import build_pdf, print_html
from luton2040.pdf.book import read_book
from luton2040.pdf.render import render_pdf

TARGET_RATIO = 1.2


def best_of(repeat: int, step) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        step()
        times.append(time.perf_counter() - start)
    return min(times)


def main(argv: list[str] | None = None) -> int:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("project", nargs="?", type=Path, default=Path(__file__).resolve().parents[1])
    options.add_argument("--repeat", type=int, default=5)
    args = options.parse_args(argv)
    source = args.project.resolve()
    book = read_book(source)
    with tempfile.TemporaryDirectory() as scratch:
        project = Path(scratch) / "project"
        project.mkdir()
        for name in ("_quarto.yml", "data"):
            if (source / name).is_dir():
                shutil.copytree(source / name, project / name)
            else:
                shutil.copy2(source / name, project / name)
        shutil.copytree(source / "_site", project / "_site")
        site = project / "_site"

        build_pdf(project, site)  # warm up: imports, font loading
        whole = best_of(args.repeat, lambda: build_pdf(project, site))
        html = print_html(project, site)
        floor = best_of(args.repeat, lambda: render_pdf(html, Path(scratch) / "floor.pdf",
                                                         "file:///luton2040-print/", book.date))
        assemble = best_of(args.repeat, lambda: print_html(project, site))
        pdf = site / f"{book.output_file}.pdf"
        size = pdf.stat().st_size
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    ratio = whole / floor
    print(f"project:               {source}")
    print(f"print HTML:            {len(html) / 1024:,.0f} KiB; PDF {size / 1024:,.0f} KiB")
    print(f"whole PDF step:        {whole:.2f} s (best of {args.repeat})")
    print(f"  of which assembling: {assemble:.2f} s")
    print(f"WeasyPrint write_pdf:  {floor:.2f} s (the floor)")
    print(f"ratio whole/floor:     {ratio:.2f} (target ≤ {TARGET_RATIO})")
    print(f"peak memory (RSS):     {peak_kib / 1024:,.0f} MiB")
    return 0 if ratio <= TARGET_RATIO else 1


if __name__ == "__main__":
    sys.exit(main())
