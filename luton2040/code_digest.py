"""The fingerprint of the code a build runs: this package's files and every installed
distribution's name and version. Standard library only, so the pre-render step can use it
before importing the rest of the package (``pre_render_cache``), as ``freeze`` does."""
from __future__ import annotations

import hashlib
import os
import sys
import sysconfig
from pathlib import Path


def code_digest() -> bytes:
    """SHA-256 of the Python version, every file of this package and the installed distributions."""
    h = hashlib.sha256(sys.version.encode())
    package = Path(__file__).parent
    for path in sorted(package.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            h.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    for folder in sorted({sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}):
        try:
            h.update("\n".join(sorted(n for n in os.listdir(folder) if n.endswith(".dist-info"))).encode())
        except OSError:
            pass
    return h.digest()
