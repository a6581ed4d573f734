"""The print step: the rendered site pages, in book order, made into one designed PDF by WeasyPrint.

Works on the embedded engine's HTML and on Quarto's alike (see docs/architecture.md, "Engine ↔ PDF
contract"). Only `build_pdf` is public. Besides `luton2040.errors`, `luton2040.pdf` uses the engine's
reader of _quarto.yml (the reading order) and the edition files' loader (cover, date, PDF name).
"""
from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

from luton2040.errors import BuildError
from luton2040.pdf.assemble import assemble
from luton2040.pdf.book import read_book, read_priorities
from luton2040.pdf.render import harmful, render_pdf

__all__ = ["build_pdf", "print_html"]


def print_html(project_dir: Path, output_dir: Path) -> str:
    """The one print HTML document for the book rendered in `output_dir` (no PDF written)."""
    project_dir = Path(project_dir)
    output_dir = Path(output_dir)
    return assemble(read_book(project_dir), read_priorities(project_dir), output_dir)


def build_pdf(project_dir: Path, output_dir: Path) -> Path:
    """Write `<output_dir>/<pdf_name>.pdf` (data/editions/<year>.yml) from the rendered pages and return its path.

    Raises InputError for a bad _quarto.yml or data/priorities.csv, and BuildError for missing or
    malformed pages and for any WeasyPrint warning not listed in `render.KNOWN_HARMLESS`.
    """
    project_dir = Path(project_dir).resolve()
    output_dir = Path(output_dir)
    if not output_dir.is_absolute():
        output_dir = project_dir / output_dir
    book = read_book(project_dir)
    html = assemble(book, read_priorities(project_dir), output_dir)
    target = output_dir / f"{book.output_file}.pdf"
    cached = _cache_path(project_dir, html, book.date)
    if cached.is_file():  # the same print HTML gives the same bytes: no need to print it again
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(cached, target)
        return target
    # Every resource is inlined or a package file, so the base URL is only a fallback; a fixed one
    # keeps the output independent of where the project lives.
    messages = harmful(render_pdf(html, target, base_url="file:///luton2040-print/",
                                   when=book.date, allowed=[output_dir]))
    if messages:
        target.unlink(missing_ok=True)
        raise BuildError(f"{target.name}: WeasyPrint reported problems, so the PDF was not kept:\n"
                         + "\n".join(messages))
    shutil.rmtree(cached.parent, ignore_errors=True)  # keep only the newest PDF
    cached.parent.mkdir(parents=True)
    shutil.copyfile(target, cached)
    return target


def _cache_path(project_dir: Path, html: str, when) -> Path:
    """Where the PDF of this exact print HTML is kept between builds. The key covers the HTML, the
    date, the WeasyPrint version and every file of this package (styles and fonts included)."""
    import weasyprint

    digest = hashlib.sha256(f"{weasyprint.__version__}|{when}|".encode() + html.encode("utf-8"))
    here = Path(__file__).parent
    for path in sorted(p for p in here.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        digest.update(path.relative_to(here).as_posix().encode() + path.read_bytes())
    return project_dir / ".luton2040-cache" / "pdf" / f"{digest.hexdigest()[:32]}.pdf"
