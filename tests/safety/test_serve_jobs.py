"""serve's background jobs (the search index, the PDF) end with every process they started, so a
stopped index cannot go on writing into the served folder."""
from __future__ import annotations

import os
import subprocess
import sys
import time

from luton2040.serve import end_job

# A job that starts a child of its own (as search_index.py starts Pagefind) and tells its pid.
PARENT = ("import subprocess, sys, time; "
          "child = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(60)']); "
          "print(child.pid, flush=True); time.sleep(60)")


def alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            return stat.read().split(")")[-1].split()[0] != "Z"
    except FileNotFoundError:
        return False


def test_ending_a_job_ends_the_processes_it_started():
    job = subprocess.Popen([sys.executable, "-c", PARENT], stdout=subprocess.PIPE, text=True,
                           start_new_session=True)
    child = int(job.stdout.readline())
    assert alive(child)
    end_job(job)
    deadline = time.monotonic() + 5
    while alive(child) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not alive(child)
    assert job.returncode is not None


def test_ending_a_finished_job_or_none_is_harmless():
    job = subprocess.Popen([sys.executable, "-c", "pass"], start_new_session=True)
    job.wait()
    end_job(job)
    end_job(None)


def test_a_job_ended_for_a_newer_build_is_not_reported_as_failed(tmp_path):
    """The PDF's process stops with status 1 when asked to (pdf/render.py): serve used to say "The
    PDF could not be printed:" with nothing after it whenever a save came while the PDF printed."""
    import io

    from luton2040.serve import Preview

    preview = Preview(tmp_path, out=io.StringIO())
    stops_with_1 = ("import signal, sys, time\n"
                    "signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))\n"
                    "print('ready', file=sys.stderr, flush=True)\ntime.sleep(60)\n")
    job = preview._background([sys.executable, "-c", stops_with_1], dict(os.environ), tmp_path, "Done", "Failed")
    time.sleep(0.5)
    end_job(job)
    time.sleep(0.5)  # (the report comes from a thread)
    assert job.returncode == 1 and preview.out.getvalue() == ""
    failing = preview._background([sys.executable, "-c", "import sys; sys.exit('broken')"], dict(os.environ),
                                  tmp_path, "Done", "Failed")
    failing.wait()
    time.sleep(0.5)
    assert preview.out.getvalue() == "Failed:\nbroken\n"


def test_a_job_after_the_pages_runs_at_a_lower_priority_than_serve(tmp_path):
    """The PDF takes both cores for seconds after a fresh start: a page saved meanwhile is rebuilt first."""
    import io

    from luton2040.serve import BACKGROUND_NICENESS, Preview

    preview = Preview(tmp_path, out=io.StringIO())
    job = preview._background([sys.executable, "-c", "import time; time.sleep(60)"], dict(os.environ), tmp_path,
                              "Done", "Failed")
    try:
        assert os.getpriority(os.PRIO_PROCESS, job.pid) == min(19, os.getpriority(os.PRIO_PROCESS, 0) + BACKGROUND_NICENESS)
    finally:
        end_job(job)


def test_serves_pdf_is_one_build_so_a_build_started_meanwhile_waits_for_it(tmp_path):
    """`serve` prints the PDF after its pages, outside its own build, into the PDF cache a build
    shares: `./make-report` run beside it deleted the parts being printed ("No such file …tmp" and
    a traceback). The print holds the project's build lock, so each waits for the other."""
    from luton2040.build import PDF_JOB
    from luton2040.engine.lock import project_lock

    with project_lock(tmp_path):  # a build is running: the print waits for it
        job = subprocess.Popen([sys.executable, "-c", PDF_JOB, str(tmp_path), str(tmp_path / "_site")],
                               stderr=subprocess.PIPE, text=True, start_new_session=True)
        time.sleep(1.5)
        assert job.poll() is None, job.stderr.read()
    # let go: it prints (here it finds no _quarto.yml, and says so as a problem, not a traceback)
    assert job.wait(timeout=60) == 1
    err = job.stderr.read()
    assert "_quarto.yml" in err and "Traceback" not in err, err
