"""Builds made once per test run and shared, read-only, by every test that needs them — also across
pytest-xdist's worker processes (``./run-tests`` runs two or more): the first worker to ask builds
under a file lock, the others wait for it and read the same folder; a failed build is reported to
each of them with the same message, not built again (a skip, such as no Chromium, is not).

Each result is read-only for the tests: copy it (``project_copy.warm_copy``) to change it."""
from __future__ import annotations

import fcntl
import os
import pickle
import shutil
import traceback
from pathlib import Path
from typing import Any, Callable

import pytest


def once(tmp_path_factory: pytest.TempPathFactory, name: str, make: Callable[[Path], Any]) -> Any:
    """``make(folder)`` run once per test run into an empty ``folder``; returns what it returned
    (kept with pickle for the other workers). Under xdist the folder is beside the workers' own
    temporary folders, in the run's one base folder; without xdist it is a fresh ``mktemp``."""
    if "PYTEST_XDIST_WORKER" not in os.environ:
        return make(tmp_path_factory.mktemp(name))
    folder = tmp_path_factory.getbasetemp().parent / name
    done, failed = folder.with_name(name + ".done"), folder.with_name(name + ".failed")
    with open(folder.with_name(name + ".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file is closed, even if make() raises
        if done.exists():
            return pickle.loads(done.read_bytes())
        if failed.exists():
            pytest.fail(failed.read_text(encoding="utf-8"), pytrace=False)
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir()
        try:
            value = make(folder)
        except BaseException as error:
            if not isinstance(error, pytest.skip.Exception):  # a skip is each worker's own to take
                failed.write_text(f"the shared build {name!r} failed in another test:\n"
                                  + "".join(traceback.format_exception_only(error)), encoding="utf-8")
            raise
        done.write_bytes(pickle.dumps(value))
        return value
