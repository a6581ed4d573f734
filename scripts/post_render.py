"""Quarto post-render step: make the printable PDF of the whole book from the rendered pages.

Runs under `quarto render` and `luton2040 build` alike, with the project folder as the working
directory and QUARTO_PROJECT_OUTPUT_DIR naming the output folder. A partial render (output files
listed, in the variable or a file, but QUARTO_PROJECT_RENDER_ALL unset) skips the PDF, which needs every page. Run by hand, it
builds from _site/. With LUTON2040_PDF=later (set by `luton2040 serve`) the PDF is left for the
caller to print once the site is in place; with LUTON2040_PDF=alongside (set by `luton2040 build`)
the build prints it in a process of its own beside the other post-render scripts.
"""
import os
import sys
from pathlib import Path


def main() -> int:
    project = Path.cwd()
    # Quarto lists the rendered files in QUARTO_PROJECT_OUTPUT_FILES, or in the file named by
    # QUARTO_USE_FILE_FOR_PROJECT_OUTPUT_FILES when the user sets one.
    listed = "QUARTO_PROJECT_OUTPUT_FILES" in os.environ or "QUARTO_USE_FILE_FOR_PROJECT_OUTPUT_FILES" in os.environ
    partial = listed and os.environ.get("QUARTO_PROJECT_RENDER_ALL") != "1"
    if partial:
        print("post-render: partial render, PDF not rebuilt")
        return 0
    if os.environ.get("LUTON2040_PDF") == "later":
        print("post-render: PDF left for later (luton2040 serve prints it after the site)")
        return 0
    if os.environ.get("LUTON2040_PDF") == "alongside":
        print("post-render: the PDF is being printed alongside (luton2040 build)")
        return 0
    from luton2040.errors import Luton2040Error  # (imported only here: the print code takes a while to import)
    from luton2040.pdf import build_pdf

    output_dir = project / os.environ.get("QUARTO_PROJECT_OUTPUT_DIR", "_site")
    try:
        pdf = build_pdf(project, output_dir)
    except Luton2040Error as error:
        for line in error.lines():
            print(line, file=sys.stderr)
        return 1
    print(f"post-render: wrote {pdf.relative_to(project) if pdf.is_relative_to(project) else pdf}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
