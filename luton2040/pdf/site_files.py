"""The rendered files a print of the site can use, each read once and known by its SHA-256: the
book's cache key and the page cache's check of the pictures a page embedded both come from here."""
from __future__ import annotations

import hashlib
import os
from pathlib import Path

from luton2040.pdf.book import Book


class SiteFiles:
    """Digests of the files of `output_dir` a print can read: the book's pages, and every file that
    is not a page, a PDF or the search index (images and anything else a page could embed). A file
    outside that listing (``digest`` of a picture saved as ``.html``, say) is read when asked for."""

    def __init__(self, output_dir: Path, book: Book) -> None:
        self.output_dir = output_dir
        pages = {page.html for page in book.pages}
        self.listed: dict[str, str] = {}
        self._others: dict[str, str | None] = {}
        for folder, subfolders, names in os.walk(output_dir):
            subfolders[:] = sorted(d for d in subfolders if d != "pagefind")
            for name in sorted(names):
                rel = (Path(folder) / name).relative_to(output_dir).as_posix()
                if rel in pages or not name.endswith((".html", ".pdf")):
                    self.listed[rel] = _sha256(output_dir / rel)

    def digest(self, rel: str) -> str | None:
        """The SHA-256 of the file at `rel` (relative to the output folder); None when there is none."""
        if rel in self.listed:
            return self.listed[rel]
        if rel not in self._others:
            path = self.output_dir / rel
            self._others[rel] = _sha256(path) if path.is_file() else None
        return self._others[rel]

    def listing_digest(self) -> str:
        """One digest of every listed file's path and contents."""
        listed = hashlib.sha256()
        for rel, digest in self.listed.items():  # (in the order os.walk gave them, sorted per folder)
            listed.update(f"{rel}\0{digest}\0".encode())
        return listed.hexdigest()


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()
