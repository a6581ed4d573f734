"""A timeline of one command: which process ran when, and the CPU time each used.

    .venv/bin/python benchmarks/timeline.py [--copy] -- .venv/bin/luton2040 --project DIR build --quiet

Samples the command's process tree every 30 ms and prints, per process that lived at least 50 ms
or used at least 50 ms of CPU: when it was first and last seen (seconds after the start), its CPU
time (user + system), its peak resident memory (RSS) and proportional set size (PSS: pages shared
with other processes, such as pandoc's 140 MB of program code, split among them) and its command
line; then the wall time, the CPU time of all of them and the peak of their summed PSS.
With ``--copy`` the project is first copied (as `git archive` would: tracked files only) into a
temporary folder, so the build is cold and the repository's own _site/ and cache are untouched;
``{project}`` in the command stands for that copy. Not a test: read it beside the load average.
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent


def sample(command: list[str]) -> tuple[float, str, dict[int, dict], int, float]:
    """Run ``command``; its wall time, its output, per pid first/last seen, CPU, peak RSS and PSS,
    command line and PSS at the summed peak (``at_peak``), the peak of all processes' summed PSS
    (bytes) and when it was sampled (seconds after the start)."""
    started = time.perf_counter()
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    root = psutil.Process(proc.pid)
    seen: dict[int, dict] = {}
    peak = 0  # the largest summed PSS of one sample
    at_peak: list[tuple[int, int]] = []  # (pid, PSS) of each process in that sample
    peak_at = 0.0
    output: list[str] = []
    reader = __import__("threading").Thread(target=lambda: output.extend(proc.stdout), daemon=True)
    reader.start()
    while proc.poll() is None:
        now = time.perf_counter() - started
        try:
            procs = [root] + root.children(recursive=True)
        except psutil.Error:
            procs = [root]
        summed, sampled = 0, []
        for p in procs:
            try:
                cpu = sum(p.cpu_times()[:2])
                cmd = " ".join(p.cmdline())
                memory = p.memory_full_info()
            except psutil.Error:
                continue
            summed += memory.pss
            sampled.append((p.pid, memory.pss))
            entry = seen.setdefault(p.pid, {"cmd": cmd, "first": now, "last": now, "cpu": 0.0, "rss": 0,
                                            "pss": 0})
            entry.update(last=now, cpu=max(entry["cpu"], cpu), rss=max(entry["rss"], memory.rss),
                         pss=max(entry["pss"], memory.pss))
            if len(cmd) > len(entry["cmd"]):
                entry["cmd"] = cmd
        if summed > peak:
            peak, at_peak, peak_at = summed, sampled, now
        time.sleep(0.03)
    reader.join()
    for pid, pss in at_peak:
        seen[pid]["at_peak"] = pss
    return time.perf_counter() - started, "".join(output), seen, peak, peak_at


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copy", action="store_true", help="run in a fresh copy of the project's tracked files")
    parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args(argv)
    command = [c for c in args.command if c != "--"]
    if not command:
        parser.error("give the command to time after --")
    with tempfile.TemporaryDirectory(prefix="luton2040-timeline-") as tmp:
        if args.copy:
            archive = subprocess.run(["git", "-C", str(ROOT), "archive", "HEAD"], capture_output=True, check=True)
            subprocess.run(["tar", "-x", "-C", tmp], input=archive.stdout, check=True)
            command = [c.replace("{project}", tmp) for c in command]
        print(f"load average at start: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
        wall, output, seen, peak, peak_at = sample(command)
    print(output.rstrip()[-2000:])
    total = 0.0
    for pid, e in sorted(seen.items(), key=lambda kv: kv[1]["first"]):
        total += e["cpu"]
        if e["last"] - e["first"] >= 0.05 or e["cpu"] >= 0.05:
            print(f"{e['first']:6.2f} – {e['last']:6.2f} s  CPU {e['cpu']:5.2f} s  "
                  f"RSS {e['rss'] / 2**20:4.0f} MB  PSS {e['pss'] / 2**20:4.0f} MB  {e['cmd'][:100]}")
    print(f"wall {wall:.2f} s, CPU {total:.2f} s, peak {peak / 2**20:.0f} MB summed PSS (every process seen); "
          f"load average at end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(f"at the peak ({peak_at:.2f} s): " + ", ".join(
        f"{e['at_peak'] / 2**20:.0f} MB {e['cmd'].split(' -c ')[0].split('/')[-1][:40]}"
        for e in sorted(seen.values(), key=lambda e: -e.get("at_peak", 0)) if e.get("at_peak")))
    return 0


if __name__ == "__main__":
    sys.exit(main())
