"""Print every row of issue #16's table on this machine: cold build, no-change rebuild, one partner
file edited (the page refreshed by `serve`, then a full build with the PDF), ten times the measures,
and a sixteen-edition history where only the newest edition changed — each with its wall time, its
CPU time (user + system, all processes: steadier than wall time on a busy machine), the peak memory
of the whole process tree (summed PSS) and of its largest process (RSS), and the ratios to the 1×
cold build; the 10× ratio is also taken from 1× and 10× cold builds run in turn (``pairs``).

    .venv/bin/python benchmarks/scale.py [--skip serve,10x,pairs,16] [--runs 3] [--editions 16] [--copies 9]

Every case runs `luton2040 build` (or `serve`) as a separate process in a temporary copy of the
project, so the repository's own _site/ and cache are left alone. Each timed row is the median of
``--runs`` runs (every run listed), timed with nothing watching the build; memory is sampled in one
more run of its own, because reading every process's memory map every 20 ms costs the build about
a tenth of its wall time on two cores. Not a test: timings depend on the machine and on what else
it is doing, so read them beside the load average it prints.
"""
from __future__ import annotations

import argparse
import csv
import io
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent / "luton2040"
#: what a copy of the project leaves out: the package is imported from the environment
SKIP = shutil.ignore_patterns(".git", ".venv", "_site", "_site.*", ".luton2040-cache", "__pycache__",
                              ".pytest_cache", "*.egg-info", "tests", "docs", "benchmarks", "luton2040",
                              "measures", "downloads", "priorities.css")
PARTNER = "partners/net-zero/lea-valley-benchmark.md"


@dataclass
class Run:
    seconds: float
    output: str
    cpu: float  # user + system seconds of the build and every process it waited for


@dataclass
class Measured:
    """The timed runs of one case (median first) and the peak memory of one more run of it."""

    runs: list[Run]
    peak_mb: float | None = None  # summed PSS of the whole process tree
    largest_mb: float | None = None  # the largest single process's peak resident memory

    @property
    def seconds(self) -> float:
        return statistics.median(r.seconds for r in self.runs)

    @property
    def cpu(self) -> float:
        return statistics.median(r.cpu for r in self.runs)

    @property
    def output(self) -> str:
        """The summary line of the run whose wall time is the median (or nearest it)."""
        return min(self.runs, key=lambda r: abs(r.seconds - self.seconds)).output


class PeakMemory:
    """Samples a process and all its descendants every 20 ms: the peak of their summed proportional
    set size (PSS: shared pages counted once, split among the processes sharing them) and the peak
    resident memory of the largest single process."""

    def __init__(self, pid: int) -> None:
        self.root = psutil.Process(pid)
        self.peak = 0
        self.largest = 0
        self.done = threading.Event()
        self.thread = threading.Thread(target=self._watch, daemon=True)
        self.thread.start()

    def _watch(self) -> None:
        while not self.done.is_set():
            try:
                procs = [self.root] + self.root.children(recursive=True)
                total = 0
                for p in procs:
                    try:
                        info = p.memory_full_info()
                        total += info.pss
                        self.largest = max(self.largest, info.rss)
                    except psutil.Error:
                        pass
                self.peak = max(self.peak, total)
            except psutil.Error:
                pass
            self.done.wait(0.02)

    def stop(self) -> tuple[float, float]:
        self.done.set()
        self.thread.join()
        return self.peak / 1e6, self.largest / 1e6


#: Runs a command and prints, last, the CPU seconds (user + system) of it and of every process it
#: waited for: a fresh process, so nothing the benchmark ran before is counted.
TIMED = ("import resource, subprocess, sys\n"
         "code = subprocess.run(sys.argv[1:]).returncode\n"
         "usage = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
         "print(f'\\ncpu-seconds {usage.ru_utime + usage.ru_stime:.3f}')\n"
         "sys.exit(code)\n")


def build(project: Path, *extra: str) -> Run:
    """One `luton2040 build` in ``project``, timed with nothing watching it."""
    started = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", TIMED, str(BIN), "--project", str(project), "build", "--quiet",
                           *extra], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    seconds = time.perf_counter() - started
    lines = proc.stdout.strip().splitlines()
    if proc.returncode != 0 or not lines or not lines[-1].startswith("cpu-seconds "):
        raise SystemExit(f"build failed in {project}:\n{proc.stdout}")
    cpu = float(lines[-1].split()[1])
    output = next((line for line in reversed(lines[:-1]) if line.strip()), "")
    return Run(seconds, output, cpu)


def peak_memory(project: Path, *extra: str) -> tuple[float, float]:
    """One more `luton2040 build` in ``project``, its memory sampled (summed PSS, largest RSS; MB)."""
    proc = subprocess.Popen([str(BIN), "--project", str(project), "build", "--quiet", *extra],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    memory = PeakMemory(proc.pid)
    out, _ = proc.communicate()
    peak, largest = memory.stop()
    if proc.returncode != 0:
        raise SystemExit(f"build failed in {project}:\n{out}")
    return peak, largest


def measured(runs: int, prepare, *, memory: bool = True) -> Measured:
    """``runs`` timed builds, then one sampled for memory; ``prepare()`` gives the project each
    build runs in (a fresh copy for a cold build, the same one after an edit for the others)."""
    result = Measured([build(prepare()) for _ in range(runs)])
    if memory:
        result.peak_mb, result.largest_mb = peak_memory(prepare())
    return result


def paired(runs: int, prepare_one, prepare_other) -> tuple[list[Run], list[Run]]:
    """``runs`` pairs of timed builds, one of each case after the other: the machine's speed drifts
    over minutes (by a third within an hour on the virtual machine of benchmarks/README.md), so the
    ratio of two cases is steadier taken pair by pair than from medians measured minutes apart."""
    pairs = [(build(prepare_one()), build(prepare_other())) for _ in range(runs)]
    return [one for one, _ in pairs], [other for _, other in pairs]


def copy_project(target: Path) -> Path:
    shutil.copytree(ROOT, target, ignore=SKIP)
    return target


def write_partner(project: Path, year: int, words: str) -> None:
    path = project / PARTNER
    path.write_text(f"---\norganisation: Benchmark Cycle Club\npriority: net-zero\nedition: {year}\n"
                    f"order: 99\n---\n\n{words}\n", encoding="utf-8")


def newest_year(project: Path) -> int:
    return max(int(p.stem) for p in (project / "data" / "editions").glob("*.yml"))


# ---- the 10× data set
def _rewrite(path: Path, change) -> None:
    text = path.read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(text)))
    fields = list(rows[0].keys())
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    writer.writerows(change(rows))
    path.write_text(out.getvalue(), encoding="utf-8")


def multiply_measures(project: Path, copies: int) -> int:
    """Copy every measure ``copies`` times with new ids across measures, series, observations and
    targets (orders moved past the originals), so the data stays valid. Returns the measure count."""
    data = project / "data"
    counts = {}

    def measures(rows):
        top = max(int(r["order"]) for r in rows)
        out = list(rows)
        for k in range(1, copies + 1):
            for r in rows:
                out.append({**r, "id": f"{r['id']}-c{k}", "order": str(int(r["order"]) + k * top),
                            "short_measure": f"{r['short_measure']} (copy {k})",
                            "measure": f"{r['measure']} (copy {k})", "headline": "false"})
        counts["measures"] = len(out)
        return out

    def copied(rows):
        out = list(rows)
        for k in range(1, copies + 1):
            out += [{**r, "measure": f"{r['measure']}-c{k}"} for r in rows]
        return out

    _rewrite(data / "measures.csv", measures)
    for name in ("series.csv", "observations.csv", "targets.csv"):
        _rewrite(data / name, copied)
    return counts["measures"]


# ---- the 16-edition history
FIRST_EDITION = 2025  # the edition whose figures each later one quotes again (data/figures.csv)
def add_editions(project: Path, last: int) -> list[int]:
    """`luton2040 new-edition` for every year up to ``last`` (each edition file, profile and the
    partner template moved on), then that edition's highlight tile and its values of the figures
    its carried-forward words quote (a build refuses an edition without them), as the partnership
    will do once a year."""
    years = []
    for year in range(newest_year(project) + 1, last + 1):
        proc = subprocess.run([str(BIN), "--project", str(project), "new-edition", str(year)],
                              capture_output=True, text=True)
        if proc.returncode != 0:
            raise SystemExit(f"new-edition {year} failed:\n{proc.stdout}{proc.stderr}")
        with (project / "data" / "highlights.csv").open("a", encoding="utf-8", newline="") as tiles:
            csv.writer(tiles, lineterminator="\n").writerow([year, 1, str(year), f"The {year} edition's tile.", ""])
        figures = project / "data" / "figures.csv"
        first = [row for row in csv.DictReader(io.StringIO(figures.read_text(encoding="utf-8")))
                 if row["edition"] == str(FIRST_EDITION)]
        with figures.open("a", encoding="utf-8", newline="") as rows:
            csv.writer(rows, lineterminator="\n").writerows(
                [f"{row['id']}-{year}", year, row["value"], row["description"], row["source"], row["provenance"]]
                for row in first)
        years.append(year)
    return years


# ---- serve
class Serve:
    """`luton2040 serve` on a free port in ``project``; reads its output lines as they come."""

    def __init__(self, project: Path) -> None:
        # serve's own settings (it looks for saved files ten times a second): what a user gets
        self.proc = subprocess.Popen([str(BIN), "--project", str(project), "serve", "--port", "0"], stdout=subprocess.PIPE,
                                     stderr=subprocess.STDOUT, text=True, bufsize=1)
        self.lines: list[str] = []
        self.seen = threading.Condition()
        threading.Thread(target=self._read, daemon=True).start()
        line = self.wait_for(r"Serving .* at (http://\S+?)/? ")
        self.url = re.search(r"(http://[\d.:]+)", line).group(1)

    def _read(self) -> None:
        for line in self.proc.stdout:
            with self.seen:
                self.lines.append(line.rstrip())
                self.seen.notify_all()

    def wait_for(self, pattern: str, after: int = 0, timeout: float = 600) -> str:
        deadline = time.monotonic() + timeout
        with self.seen:
            while True:
                for line in self.lines[after:]:
                    if re.search(pattern, line):
                        return line
                left = deadline - time.monotonic()
                if left <= 0 or self.proc.poll() is not None:
                    raise SystemExit("serve did not say " + pattern + ":\n" + "\n".join(self.lines))
                self.seen.wait(left)

    def page_has(self, path: str, words: str) -> bool:
        try:
            with urllib.request.urlopen(f"{self.url}/{path}", timeout=5) as response:
                return words in response.read().decode("utf-8")
        except OSError:
            return False

    def stop(self) -> None:
        self.proc.send_signal(signal.SIGINT)
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def serve_refresh(project: Path, edits: int) -> list[tuple[float, float | None]]:
    """For each of ``edits`` saves of a partner file in one `serve` session: seconds until the served
    chapter shows its words, and until the PDF has followed (None when serve prints no PDF line)."""
    serve = Serve(project)
    times = []
    try:
        serve.wait_for(r"^Rebuilt|problem")
        year = newest_year(project)
        for _ in range(edits):
            words = f"Served words {time.time_ns()}."
            mark = len(serve.lines)
            started = time.perf_counter()
            write_partner(project, year, words)
            while not serve.page_has("chapters/net-zero.html", words):
                if time.perf_counter() - started > 300:
                    raise SystemExit("serve never showed the edited partner file:\n" + "\n".join(serve.lines))
                time.sleep(0.02)
            page = time.perf_counter() - started
            pdf = None
            try:
                serve.wait_for(r"PDF (updated|written)", after=mark, timeout=120)
                pdf = time.perf_counter() - started
            except SystemExit:
                pass
            times.append((page, pdf))
            time.sleep(1)  # the search index follows the pages: let it finish before the next save
        return times
    finally:
        serve.stop()


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = psutil.virtual_memory().total / 2**30
    return (f"{os.cpu_count()} cores ({cpu}), {memory:.1f} GiB, {platform.system()} {platform.release()}, "
            f"Python {platform.python_version()}")


def _listed(values: list[float]) -> str:
    return ", ".join(f"{v:.2f}" for v in values)


def main(argv: list[str] | None = None) -> int:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--skip", default="", help="comma-separated cases to leave out: serve,10x,pairs,16")
    options.add_argument("--runs", type=int, default=3, help="timed runs of each case; the median is shown (default 3)")
    options.add_argument("--copies", type=int, default=9, help="extra copies of each measure (default 9: 10×)")
    options.add_argument("--editions", type=int, default=16, help="editions in the history (default 16)")
    args = options.parse_args(argv)
    skip = set(filter(None, args.skip.split(",")))
    runs = max(1, args.runs)

    def row(label: str, case: Measured | None = None, seconds: list[float] | None = None,
            base: Measured | None = None, note: str = "") -> None:
        took = case.seconds if case else (statistics.median(seconds) if seconds else None)
        text = f"{took:6.2f} s" if took is not None else "   n/a  "
        if case:
            text += f", CPU {case.cpu:6.2f} s"
            if case.peak_mb is not None:
                text += f", peak {case.peak_mb:4.0f} MB all processes ({case.largest_mb:4.0f} MB the largest)"
        if base and took is not None:
            text += f", {took / base.seconds:4.2f}× the 1× cold build"
            if case and base.cpu:
                text += f" ({case.cpu / base.cpu:4.2f}× its CPU)"
        listed = [r.seconds for r in case.runs] if case else (seconds or [])
        if len(listed) > 1:
            text += f"  [median of {_listed(listed)} s]"
        if note:
            text += f"  ({note})"
        print(f"{label:<58} {text}", flush=True)

    print(f"machine: {machine()}")
    print(f"load average at start: {' '.join(f'{x:.2f}' for x in os.getloadavg())}\n", flush=True)
    with tempfile.TemporaryDirectory(prefix="luton2040-bench-") as tmp:
        copies: list[Path] = []

        def cold_copy(name: str, change=None):
            """A fresh copy of the project for each cold build (``change`` applied to it); the copy
            before it is deleted, so earlier builds' files do not crowd the machine's memory."""
            def prepare() -> Path:
                if copies:
                    shutil.rmtree(copies[-1], ignore_errors=True)
                copies.append(copy_project(Path(tmp) / f"{name}-{len(copies)}"))
                if change is not None:
                    change(copies[-1])
                return copies[-1]
            return prepare

        one = copy_project(Path(tmp) / "one")
        cold = measured(runs, cold_copy("one"))
        row("cold build, site + PDF (1×)", cold, note=cold.output)
        build(one)
        row("no-change rebuild", measured(runs, lambda: one), base=cold)
        if "serve" not in skip:
            times = serve_refresh(one, runs)
            row("partner file edited: page updated in `serve`", seconds=[page for page, _ in times])
            followed = [pdf for _, pdf in times if pdf is not None]
            if followed:
                row("partner file edited: PDF followed in `serve`", seconds=followed)
            build(one)

        def edited() -> Path:
            write_partner(one, newest_year(one), f"Built words {time.time_ns()}.")
            return one

        row("partner file edited: full build incl. PDF", measured(runs, edited), base=cold)

        if "10x" not in skip:
            counts = []

            def ten(project: Path) -> None:
                counts.append(multiply_measures(project, args.copies))

            case = measured(runs, cold_copy("ten", ten))
            row(f"{args.copies + 1}× the measures ({counts[0]} measures), cold build", case, base=cold,
                note=case.output)
            built = copies[-1]
            if "pairs" not in skip:
                ones, tens = paired(runs, cold_copy("pair-one"), cold_copy("pair-ten", ten))
                ratios = [t.seconds / o.seconds for o, t in zip(ones, tens)]
                print(f"{f'{args.copies + 1}× / 1× cold, built one after the other':<58} "
                      f"{statistics.median(ratios):4.2f}× (pairs: "
                      + "; ".join(f"{t.seconds:.2f} / {o.seconds:.2f} s = {r:.2f}×" for o, t, r in zip(ones, tens, ratios))
                      + ")", flush=True)
                built = copies[-1]
            row(f"{args.copies + 1}× the measures, no-change rebuild", measured(runs, lambda: built, memory=False),
                base=cold)

        if "16" not in skip:
            many = copy_project(Path(tmp) / "many")
            years = add_editions(many, newest_year(many) + args.editions - 1)
            total = len(years) + 1
            first = Measured([build(many)])
            row(f"{total} editions, cold build", first, base=cold)
            row(f"{total} editions, no-change rebuild", measured(runs, lambda: many, memory=False), base=cold)

            def newest_edited() -> Path:
                write_partner(many, newest_year(many), f"Newest words {time.time_ns()}.")
                return many

            row(f"{total} editions, only the newest changed", measured(runs, newest_edited), base=cold)
    print(f"\nload average at end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
