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

import luton2040.pdf
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


def weasyprint_split(html: str, site: Path, repeat: int) -> tuple[float, float, float, float]:
    """Best wall and CPU seconds of WeasyPrint's two halves on `html`: layout (render) and write_pdf."""
    import weasyprint

    from luton2040.pdf.render import pdf_options, site_only_fetcher

    options = pdf_options()
    fetcher = site_only_fetcher([site, Path(luton2040.pdf.__file__).parent])
    best = [float("inf")] * 4
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        document = weasyprint.HTML(string=html, base_url="file:///luton2040-print/", url_fetcher=fetcher).render(**options)
        middle_wall, middle_cpu = time.perf_counter(), time.process_time()
        document.write_pdf(site / "split.pdf", **options)
        end_wall, end_cpu = time.perf_counter(), time.process_time()
        times = (middle_wall - wall, middle_cpu - cpu, end_wall - middle_wall, end_cpu - middle_cpu)
        best = [min(b, t) for b, t in zip(best, times)]
    return tuple(best)


def main(argv: list[str] | None = None) -> int:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("project", nargs="?", type=Path, default=Path(__file__).resolve().parents[1])
    options.add_argument("--repeat", type=int, default=5)
    args = options.parse_args(argv)
    source = args.project.resolve()
    book = read_book(source)
    with tempfile.TemporaryDirectory() as scratch:
        project = Path(scratch) / "project"
        # The whole project but its environment, caches and build folders: the PDF step reads
        # _quarto.yml (which names files that must exist), the edition files and data/.
        skip = shutil.ignore_patterns(".git", ".venv", "_site", "_site.*", ".luton2040-cache", "__pycache__",
                                      "*.egg-info", ".pytest_cache")
        shutil.copytree(source, project, ignore=lambda folder, names: skip(folder, names) if folder == str(source) else
                        shutil.ignore_patterns("__pycache__")(folder, names))
        shutil.copytree(source / "_site", project / "_site")
        site = project / "_site"

        cache = project / ".luton2040-cache"

        def uncached_build():  # the PDF cache would otherwise answer every run after the first
            shutil.rmtree(cache, ignore_errors=True)
            build_pdf(project, site)

        uncached_build()  # warm up: imports
        whole = best_of(args.repeat, uncached_build)
        html = print_html(project, site)
        floor = best_of(args.repeat, lambda: render_pdf(html, Path(scratch) / "floor.pdf",
                                                         "file:///luton2040-print/", book.date))
        assemble = best_of(args.repeat, lambda: print_html(project, site))
        layout_wall, layout_cpu, write_wall, write_cpu = weasyprint_split(html, site, args.repeat)
        pdf = site / f"{book.output_file}.pdf"
        size = pdf.stat().st_size
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    ratio = whole / floor
    print(f"project:               {source}")
    print(f"print HTML:            {len(html) / 1024:,.0f} KiB; PDF {size / 1024:,.0f} KiB")
    print(f"whole PDF step:        {whole:.2f} s (best of {args.repeat})")
    print(f"  of which assembling: {assemble:.2f} s")
    print(f"WeasyPrint alone:      {floor:.2f} s (the floor)")
    print(f"  layout (render):     {layout_wall:.2f} s wall, {layout_cpu:.2f} s CPU (best of {args.repeat})")
    print(f"  write_pdf:           {write_wall:.2f} s wall, {write_cpu:.2f} s CPU")
    print(f"ratio whole/floor:     {ratio:.2f} (target ≤ {TARGET_RATIO})")
    print(f"peak memory (RSS):     {peak_kib / 1024:,.0f} MiB")
    return 0 if ratio <= TARGET_RATIO else 1


if __name__ == "__main__":
    sys.exit(main())
