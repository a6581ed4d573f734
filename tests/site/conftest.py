"""Fixtures for the website tests: the real project built once into a temporary copy, a headless
Chromium (Debian's /usr/bin/chromium driven by Playwright) reading it over local HTTP, and one visit
per page that takes every measurement the browser tests check (axe, and the fit at each width)."""
from __future__ import annotations

import functools
import http.server
import os
import threading
import urllib.parse
from pathlib import Path

import pytest

import site_probes
from shared_builds import once

CHROMIUM = os.environ.get("LUTON2040_CHROMIUM", "/usr/bin/chromium")
try:  # axe-core's script as axe-playwright-python ships it (None without that package: no axe checks)
    from axe_playwright_python.base import AXE_FILE_PATH as AXE_SCRIPT
except ImportError:
    AXE_SCRIPT = None
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="session")
def built(built_project):
    """(project folder, site folder) of the real report, built once per session by tests/conftest.py."""
    return built_project, built_project / "_site"


@pytest.fixture(scope="session")
def site(built):
    return built[1]


@pytest.fixture(scope="session")
def server(site):
    """Base URL of a local HTTP server over the built site (Pagefind needs http, not file://), which
    also serves axe-core's script at ``site_probes.AXE_PATH``."""

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def translate_path(self, path):  # axe-core's script beside the site, for ``visits``
            if urllib.parse.urlsplit(path).path == "/" + site_probes.AXE_PATH and AXE_SCRIPT:
                return str(AXE_SCRIPT)
            return super().translate_path(path)

        def handle(self):
            try:
                super().handle()
            except (BrokenPipeError, ConnectionResetError):
                pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()


@pytest.fixture(scope="session")
def browser(tmp_path_factory):
    """A Playwright browser context on Debian's Chromium (no `playwright install` needed)."""
    if not Path(CHROMIUM).is_file():
        pytest.skip(f"Chromium is not installed at {CHROMIUM} (apt-get install chromium) — browser checks skipped")
    sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed (pip install playwright)")
    with sync_api.sync_playwright() as p:
        context = p.chromium.launch_persistent_context(str(tmp_path_factory.mktemp("chromium")),
                                                       executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield context
        context.close()


@pytest.fixture
def page(browser):
    tab = browser.new_page()
    yield tab
    tab.close()


@pytest.fixture(scope="session")
def visits(site, request, tmp_path_factory) -> dict[str, dict]:
    """Every page (not Pagefind's) visited once per test run (shared_builds.py), measured as
    ``site_probes.visit`` says: axe-core's violations at 1280 px once loaded with its fonts (None without
    axe-playwright-python), the fit at each width, chart text at 320 px and status cells where those
    are checked. The browser and server are started only by the worker that makes the visits."""
    def make(_folder: Path) -> dict[str, dict]:
        browser, server = request.getfixturevalue("browser"), request.getfixturevalue("server")
        names = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html") if "pagefind" not in p.parts)
        return site_probes.visit(browser, server, names, axe=AXE_SCRIPT is not None)

    return once(tmp_path_factory, "visits", make)
