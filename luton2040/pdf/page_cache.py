"""Each book page as read for the print (``assemble.read_chapter``: parsed, site chrome dropped,
pictures embedded), kept between builds, so that a build after one page changed parses that page
alone instead of all of them (the parse is most of the time the PDF step spends outside WeasyPrint).

An entry is found by a key of everything the reading depends on but the pictures: the page's bytes,
its place in the book (``Page``), the priorities, this package's files and WeasyPrint's version
(``package_digest``), tinyhtml5's and Python's versions. It records the digest of each picture file
the page embedded and is used only while every one of them is unchanged. Entries are pickles this
package writes under ``.luton2040-cache/pdf/<book>/pages/``; one that cannot be read, or that was
written by another version of any of the above, is not used: the page is read again.
"""
from __future__ import annotations

import hashlib
import os
import pickle
import sys
from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path
from xml.etree.ElementTree import Element

from luton2040.pdf.assemble import Chapter, read_chapter
from luton2040.pdf.book import Page, Priority
from luton2040.pdf.site_files import SiteFiles


@dataclass
class PageCache:
    """``read_chapter`` with its results kept in `cache_dir`, the site's files known from `site`."""

    cache_dir: Path
    site: SiteFiles
    package: str  # workers.package_digest()
    parsed: list[str] = field(default_factory=list)  # pages read from their HTML by this cache (not kept ones)
    used: set[Path] = field(default_factory=set)
    _versions: str = ""

    def read(self, output_dir: Path, page: Page, priorities: dict[str, Priority], priority_numbers: dict[str, int],
             problems: list[str]) -> tuple[Chapter, Element] | None:
        """``read_chapter``'s result: the kept one when its inputs are unchanged, else read and kept."""
        page_digest = self.site.digest(page.html)
        if page_digest is None:  # missing: read_chapter says so
            return read_chapter(output_dir, page, priorities, priority_numbers, problems)
        if not self._versions:
            self._versions = f"{self.package} tinyhtml5 {version('tinyhtml5')} Python {sys.version}"
        key = hashlib.sha256(repr((self._versions, page, page_digest,
                                   sorted(priorities.items()), sorted(priority_numbers.items()))).encode())
        path = self.cache_dir / f"{key.hexdigest()[:32]}.pickle"
        self.used.add(path)
        kept = self._load(path)
        if kept is not None:
            return kept
        before, pictures = len(problems), []
        read = read_chapter(output_dir, page, priorities, priority_numbers, problems, pictures)
        self.parsed.append(page.html)
        if read is not None and len(problems) == before:
            self._keep(path, {rel: self.site.digest(rel) for rel in pictures}, read)
        return read

    def _load(self, path: Path) -> tuple[Chapter, Element] | None:
        try:
            pictures, read = pickle.loads(path.read_bytes())
        except Exception:  # absent, or unreadable (another version's, cut short): read the page again
            return None
        if any(self.site.digest(rel) != digest for rel, digest in pictures.items()):
            return None
        return read

    def _keep(self, path: Path, pictures: dict[str, str | None], read: tuple[Chapter, Element]) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")  # another build may keep the same page
        tmp.write_bytes(pickle.dumps((pictures, read), protocol=pickle.HIGHEST_PROTOCOL))
        os.replace(tmp, path)

    def forget_unused(self) -> None:
        """Delete the kept pages this cache did not use (pages of older builds)."""
        for path in self.cache_dir.glob("*.pickle"):
            if path not in self.used:
                path.unlink(missing_ok=True)
