"""What `luton2040 build` shows while it works: one self-updating line on a terminal, nothing otherwise.

The engine calls ``progress(stage, source)`` ("pre-render", "executing", "cached", "writing",
"post-render"); this turns those calls into ``[ 4/13] running chapters/poverty.qmd`` and the like.
"""
from __future__ import annotations

import sys
import time
from typing import TextIO

STAGES = {
    "pre-render": "checking the data",
    "executing": "running",
    "cached": "reusing",
    "frozen": "inputs unchanged, reusing the built",
    "writing": "writing the pages to",
    "post-render": "making the PDF",
}


class ProgressDisplay:
    """A ``progress(stage, source)`` callback; ``total`` is the number of documents in the book."""

    def __init__(self, total: int, stream: TextIO | None = None, enabled: bool | None = None) -> None:
        self.stream = stream or sys.stdout
        self.total = total
        self.done = 0
        self.enabled = self.stream.isatty() if enabled is None else enabled
        self.started = time.perf_counter()
        self._width = 0

    def __call__(self, stage: str, source: str) -> None:
        if stage == "written":  # the pages are final (serve shows them); the scripts come next
            return
        if stage in ("executing", "cached"):
            self.done += 1
            prefix = f"[{self.done:>{len(str(self.total))}}/{self.total}] "
        else:
            prefix = ""
        words = STAGES.get(stage, stage)
        self.show(f"{prefix}{words} {source}".rstrip() + "…")

    def show(self, text: str) -> None:
        if not self.enabled:
            return
        text = text[:max(20, _columns() - 1)]
        self.stream.write("\r" + text.ljust(self._width))
        self.stream.flush()
        self._width = len(text)

    def clear(self) -> None:
        """Remove the progress line before the summary or any problem is printed."""
        if self.enabled and self._width:
            self.stream.write("\r" + " " * self._width + "\r")
            self.stream.flush()
            self._width = 0


def _columns() -> int:
    import shutil

    return shutil.get_terminal_size((80, 24)).columns


def summary(result, output_dir, seconds: float, check_seconds: float) -> str:
    """One line: what was built, where, and where the time went, e.g.
    ``Built 13 pages and the PDF into _site/ in 9.5 s: checks 0.4 s, Python 3.1 s (13 run, 0 from cache), …``.

    Pandoc's time is how long any pandoc process was running, and the PDF's how long it took from
    its start; the two run side by side, so the parts can add up to more than the total."""
    pdfs = sorted(p.name for p in output_dir.glob("*.pdf"))
    what = f"{len(result.pages)} page{'s' if len(result.pages) != 1 else ''}" + (" and the PDF" if pdfs else "")
    t = result.timings
    parts = [f"checks {check_seconds:.1f} s"]
    frozen = len(getattr(result, "frozen", []))
    if frozen:  # inputs unchanged: the edition's output put back byte for byte
        parts.append(f"{frozen} edition{'s' if frozen != 1 else ''} reused unchanged")
    if result.executed or result.cached:
        parts.append(f"Python {t.get('execute', 0):.1f} s ({len(result.executed)} run, "
                     f"{len(result.cached)} from cache)")
    parts.append(f"pandoc {t.get('pandoc', 0):.1f} s")
    if pdfs and t.get("companion"):  # printed beside the pages' conversion: its whole time, overlap and all
        parts.append(f"PDF {t['companion']:.1f} s")
    elif t.get("post_render", 0) >= 0.05:
        parts.append(f"{'PDF' if pdfs else 'post-render'} {t['post_render']:.1f} s")
    return f"Built {what} into {output_dir.name}/ in {seconds:.1f} s: {', '.join(parts)}."
