"""What a build did, for the caller to report; and the progress callback's type."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

Progress = Callable[[str, str], None]


@dataclass
class BuildResult:
    """What a build did. Times are in seconds."""

    output_dir: Path
    pages: list[str] = field(default_factory=list)          # HTML pages written (relative to output_dir)
    files: list[str] = field(default_factory=list)          # every file written
    executed: list[str] = field(default_factory=list)       # sources run in the kernel
    cached: list[str] = field(default_factory=list)         # sources whose outputs came from the cache
    execute_seconds: dict[str, float] = field(default_factory=dict)
    pandoc_seconds: dict[str, float] = field(default_factory=dict)
    pandoc_runs: list[tuple[float, float]] = field(default_factory=list)  # each pandoc process's start and end (perf_counter)
    timings: dict[str, float] = field(default_factory=dict)  # stage → seconds, plus "total"
    frozen: list[str] = field(default_factory=list)         # output folders reused unchanged ("" = root)

    @property
    def irreducible_seconds(self) -> float:
        """Time spent in kernel execution and pandoc: the work any renderer has to do."""
        return sum(self.execute_seconds.values()) + sum(self.pandoc_seconds.values())


def busy_seconds(runs: list[tuple[float, float]]) -> float:
    """How long at least one of ``runs`` (start, end) was going: side-by-side runs count once."""
    total, reached = 0.0, float("-inf")
    for start, end in sorted(runs):
        if end > reached:
            total += end - max(start, reached)
            reached = end
    return total
