"""Each book page as read for the print (``assemble.read_chapter``: parsed, site chrome dropped,
pictures embedded), kept between builds, so that a build after one page changed parses that page
alone instead of all of them (the parse is most of the time the PDF step spends outside WeasyPrint).

An entry is found by a key of everything the reading depends on but the pictures: the page's bytes,
its place in the book (``Page``), the priorities, this package's files and WeasyPrint's version
(``package_digest``), tinyhtml5's and Python's versions. It records the digest of each picture file
the page embedded and is used only while every one of them is unchanged. Entries are pickles this
package writes under ``.luton2040-cache/pdf/<book>/pages/`` (the pictures' digests, then the reading, so that
whether an entry stands is known without loading it: ``kept``); one that cannot be read, or that was
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

    def _path(self, page: Page, priorities: dict[str, Priority], priority_numbers: dict[str, int]) -> Path | None:
        """Where the page as it is now is kept (None: the page is missing)."""
        page_digest = self.site.digest(page.html)
        if page_digest is None:
            return None
        if not self._versions:
            self._versions = f"{self.package} tinyhtml5 {version('tinyhtml5')} Python {sys.version}"
        key = hashlib.sha256(repr((self._versions, page, page_digest,
                                   sorted(priorities.items()), sorted(priority_numbers.items()))).encode())
        return self.cache_dir / f"{key.hexdigest()[:32]}.pickle"

    def kept(self, page: Page, priorities: dict[str, Priority], priority_numbers: dict[str, int]) -> bool:
        """Is the page as it is now (and every picture it embedded) kept, so not read again? Its
        part is then most likely printed already too."""
        path = self._path(page, priorities, priority_numbers)
        return path is not None and self._pictures(path) is not None

    def read(self, output_dir: Path, page: Page, priorities: dict[str, Priority], priority_numbers: dict[str, int],
             problems: list[str]) -> tuple[Chapter, Element] | None:
        """``read_chapter``'s result: the kept one when its inputs are unchanged, else read and kept."""
        path = self._path(page, priorities, priority_numbers)
        if path is None:  # missing: read_chapter says so
            return read_chapter(output_dir, page, priorities, priority_numbers, problems)
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

    def _pictures(self, path: Path):
        """The entry's file, open at its reading, when its pictures are unchanged; else None. An
        entry is two pickles, the pictures' digests first, so this reads no more than them."""
        try:
            kept = path.open("rb")
        except OSError:  # absent: read the page again
            return None
        try:
            pictures = pickle.load(kept)
            if all(self.site.digest(rel) == digest for rel, digest in pictures.items()):
                return kept
        except Exception:  # unreadable (another version's, cut short): read the page again
            pass
        kept.close()
        return None

    def _load(self, path: Path) -> tuple[Chapter, Element] | None:
        kept = self._pictures(path)
        if kept is None:
            return None
        with kept:
            try:
                return pickle.load(kept)
            except Exception:  # cut short: read the page again
                return None

    def _keep(self, path: Path, pictures: dict[str, str | None], read: tuple[Chapter, Element]) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")  # another build may keep the same page
        tmp.write_bytes(pickle.dumps(pictures, protocol=pickle.HIGHEST_PROTOCOL)
                        + pickle.dumps(read, protocol=pickle.HIGHEST_PROTOCOL))
        os.replace(tmp, path)

    def forget_unused(self) -> None:
        """Delete the kept pages this cache did not use (pages of older builds)."""
        for path in self.cache_dir.glob("*.pickle"):
            if path not in self.used:
                path.unlink(missing_ok=True)
