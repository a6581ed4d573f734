"""The text of a PDF, as poppler's pdftotext reads it (in reading order, a form feed between pages):
the same words pypdf extracts, in a tenth of a second instead of seconds for the real report."""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest


def pdf_text(pdf: Path) -> str:
    if shutil.which("pdftotext") is None:
        pytest.fail("pdftotext is not installed — run scripts/bootstrap.sh test (or apt-get install poppler-utils)",
                    pytrace=False)
    return subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
