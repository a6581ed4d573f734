"""`luton2040 serve`: a real preview process on a copy of the safety book — saving a file updates the
page, a broken file shows its problem in the browser and the terminal, fixing it clears the banner."""
from __future__ import annotations

import http.server
import json
import os
import queue
import re
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from luton2040.serve import LONG_POLL, MAX_WAITING, _Server, changes, snapshot

FOOD = "partners/poverty/example-food-project.md"
SCRIPT_PROBLEM = ('partners/poverty/example-food-project.md:11: raw HTML is not allowed (<script>alert(1)</script>) — '
                  'write it in plain markdown: **bold**, *italic*, [text](https://…), ![alt](figures/…)')
NOT_CHECKED = ("The words of the chapters, progress items and tiles were not checked yet: they will be once the "
               "problems above are fixed.")


class Server:
    """A `luton2040 serve` subprocess with its output collected line by line."""

    def __init__(self, book: Path) -> None:
        env = {k: v for k, v in os.environ.items() if not k.startswith("LUTON2040_")}
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "luton2040.cli", "--project", str(book), "serve", "--port", "0", "--interval", "0.1"],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
        self.lines: queue.Queue[str] = queue.Queue()
        self.err: list[str] = []
        self.readers = [threading.Thread(target=self._read, args=(stream, put), daemon=True)
                        for stream, put in ((self.proc.stdout, self.lines.put), (self.proc.stderr, self.err.append))]
        for reader in self.readers:
            reader.start()
        first = self.lines.get(timeout=30)
        found = re.search(r"http://127\.0\.0\.1:(\d+)/", first)
        assert found, first
        self.url = found.group(0)

    @staticmethod
    def _read(stream, put) -> None:
        for line in stream:
            put(line.rstrip("\n"))

    def wait_for(self, start: str, timeout: float = 60) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=0.2)
            except queue.Empty:
                assert self.proc.poll() is None, "\n".join(self.err)
                continue
            if line.startswith(start):
                return line
        raise AssertionError(f"no line starting {start!r}; stderr: {self.err}")

    def get(self, path: str) -> tuple[int, str]:
        try:
            with urllib.request.urlopen(self.url + path.lstrip("/"), timeout=10) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as err:
            return err.code, err.read().decode()

    def status(self) -> dict:
        return json.loads(self.get("/__luton2040__/status")[1])

    def stop(self) -> None:
        """End serve; the readers finish its output (reading it here too would close their streams)."""
        self.proc.terminate()
        self.proc.wait(timeout=30)
        for reader in self.readers:
            reader.join(timeout=30)
        self.proc.stdout.close()
        self.proc.stderr.close()


@pytest.fixture
def server(book):
    running = Server(book)
    yield running
    running.stop()


def test_saving_a_partner_file_updates_the_page_and_a_broken_one_shows_its_problem(server, book):
    server.wait_for("Rebuilt 3 pages")
    status, page = server.get("/chapters/poverty.html")
    assert status == 200 and "food parcels" in page
    reload = re.search(r'<script src="(/__luton2040__/reload\.js\?seen=\d+)"></script>', page)
    assert reload, "the reload script is a file: the pages' CSP forbids inline script"
    status, script = server.get(reload.group(1))
    assert status == 200 and "/__luton2040__/status" in script
    assert "luton2040-build-problems" not in page
    assert server.get("/%00")[0] == 404 and server.get("/site_libs/")[0] == 404  # no traceback, no listing
    assert not (book / "_site/chapters/poverty.html").read_text().count("__luton2040__"), "served pages only"

    # the page's script asks to be told of the next change (a long poll), not once a second
    assert "after=" in script and "setInterval" not in script
    assert "visibilitychange" in script, "a tab not shown does not hold a connection"
    seen = server.status()["generation"]
    told: list[tuple[float, dict]] = []
    asked = time.monotonic()
    waiting = [threading.Thread(target=lambda: told.append(
        (time.monotonic(), json.loads(server.get(f"/__luton2040__/status?after={seen}")[1]))))
        for _ in range(MAX_WAITING)]
    for thread in waiting:
        thread.start()
    time.sleep(0.5)
    assert not told, "nothing has changed yet: the status address waits"
    # more tabs than that are answered at once, and told to ask again: pages still load
    started = time.monotonic()
    assert json.loads(server.get(f"/__luton2040__/status?after={seen}")[1]) == {
        "generation": seen, "problems": [], "again": 1000}
    assert server.get("/chapters/poverty.html")[0] == 200 and time.monotonic() - started < 5

    partner = book / FOOD
    partner.write_text(partner.read_text().replace("food parcels", "warm meals"))
    server.wait_for("Saved: partners/poverty/example-food-project.md; rebuilding")
    for thread in waiting:
        thread.join(timeout=LONG_POLL)
    assert len(told) == MAX_WAITING and all(answer["generation"] > seen for _, answer in told), \
        "every waiting page is told once the pages are written"
    assert max(when for when, _ in told) - asked < LONG_POLL - 1, "answered on the change, not when the wait ran out"
    assert server.wait_for("Rebuilt 3 pages").endswith("(0 run, 3 from cache).")  # a partner's words: no code runs
    status, page = server.get("/chapters/poverty.html")
    assert status == 200 and "warm meals" in page and "food parcels" not in page

    partner.write_text(partner.read_text().replace("<!--", "<script>alert(1)</script>\n\n<!--"))
    server.wait_for("1 problem(s); the browser shows them too")
    deadline = time.monotonic() + 5
    while NOT_CHECKED not in server.err and time.monotonic() < deadline:  # stderr is read by another thread
        time.sleep(0.05)
    assert server.err[-2:] == [SCRIPT_PROBLEM, NOT_CHECKED], "a partner file's problem: the words are checked after"
    assert server.status()["problems"] == [SCRIPT_PROBLEM]
    status, page = server.get("/chapters/poverty.html")
    assert status == 200
    assert "The last save could not be built (1 problem)" in page
    assert "raw HTML is not allowed (&lt;script&gt;alert(1)&lt;/script&gt;)" in page
    assert "<script>alert(1)" not in page
    assert "warm meals" in page, "the previous version stays visible under the banner"

    partner.write_text(partner.read_text().replace("<script>alert(1)</script>\n\n", ""))
    server.wait_for("Rebuilt 3 pages")
    assert server.status()["problems"] == []
    assert "luton2040-build-problems" not in server.get("/chapters/poverty.html")[1]


def test_a_book_that_never_built_shows_an_error_page(book):
    (book / "data/editions/2025.yml").write_text((book / "data/editions/2025.yml").read_text().replace(
        "year: 2025", "year: 2024"))
    running = Server(book)
    try:
        running.wait_for("1 problem(s)")
        status, page = running.get("/")
        assert status == 500
        assert ("data/editions/2025.yml:2:year: year 2024 does not match the file name 2025.yml — set year: 2025, "
                "or rename the file to 2024.yml") in page
    finally:
        running.stop()


def test_the_port_in_use_is_a_clean_error(book, capsys):
    import socket

    from luton2040.cli import main

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert main(["--project", str(book), "serve", "--port", str(port)]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"cannot serve on 127.0.0.1:{port} (")
    assert err.rstrip().endswith("— stop the other preview, or choose another port with --port 8000")


def test_only_real_changes_count(book):
    before = snapshot(book)
    page = book / "chapters/net-zero.qmd"
    page.write_text(page.read_text())  # saved without a change
    os.utime(page, ns=(time.time_ns(), time.time_ns() + 10**9))
    assert changes(before, snapshot(book, before)) == []
    page.write_text(page.read_text() + "\nMore.\n")
    (book / "figures/new.png").write_bytes(b"png")
    (book / "_site").mkdir()
    (book / "_site/ignored.html").write_text("not watched")
    assert changes(before, snapshot(book, before)) == ["chapters/net-zero.qmd", "figures/new.png"]


def test_a_browser_gone_before_its_answer_is_not_reported_but_a_fault_is(capsys):
    """A tab closed (or reloaded) while its status request waits has gone when the answer is written."""
    server = _Server(("127.0.0.1", 0), http.server.BaseHTTPRequestHandler)
    try:
        for fault in (BrokenPipeError(32, "Broken pipe"), ConnectionResetError(104, "Connection reset"),
                      ValueError("a fault of the server's own")):
            try:
                raise fault
            except Exception:
                server.handle_error(None, ("127.0.0.1", 1))
    finally:
        server.server_close()
    printed = capsys.readouterr().err
    assert "Broken pipe" not in printed and "Connection reset" not in printed
    assert "a fault of the server's own" in printed

