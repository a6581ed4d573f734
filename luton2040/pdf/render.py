"""Run WeasyPrint on the print HTML: tagged PDF/UA, dated from the book, warnings captured and reported."""
from __future__ import annotations

import calendar
import logging
import multiprocessing
import os
import re
import secrets
import shutil
import signal
import tempfile
import threading
import time
from datetime import date
from functools import lru_cache
from importlib.resources import files
from pathlib import Path


# WeasyPrint messages that do not change the printed result. Each needs a reason; everything else fails
# the build, because a WeasyPrint warning usually means a dropped style, image or font.
KNOWN_HARMLESS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"Using fontTools instead of HarfBuzz-Subset"),
     "without the system library libharfbuzz-subset, WeasyPrint subsets fonts with fontTools: the "
     "fonts are still subset and embedded, only more slowly"),
)


#: the temporary folder of the print under way in this process, if any (``end_when_stopped``)
_printing: set[str] = set()


def _ignore_more() -> None:
    """The first stop signal is the one obeyed: a second (Ctrl+C's SIGINT, then the build's SIGTERM)
    must not break into the clean-up the first began."""
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, signal.SIG_IGN)


def _scratch_folder() -> str:
    """A new private temporary folder for one print, known to the stop handlers before it exists:
    a stop that comes between its making and the print's ``try`` still removes it."""
    while True:
        folder = os.path.join(tempfile.gettempdir(), f"luton2040-print-{secrets.token_hex(6)}")
        _printing.add(folder)
        try:
            os.mkdir(folder, 0o700)  # fails rather than reuse a name that exists
            return folder
        except FileExistsError:
            _printing.discard(folder)


def remove_scratch_folders() -> None:
    """Remove the temporary folders of the prints under way in this process."""
    for folder in list(_printing):
        shutil.rmtree(folder, ignore_errors=True)


def _stop_worker(signum, frame) -> None:
    _ignore_more()
    remove_scratch_folders()
    os._exit(1)


def _stop(signum, frame) -> None:
    _ignore_more()
    for worker in multiprocessing.active_children():  # its print workers (pdf/workers.py), the same way
        worker.terminate()
    remove_scratch_folders()  # (also one made just before its print's ``try``)
    raise SystemExit(1)  # through every ``finally``


def end_when_stopped(worker: bool = False) -> None:
    """Make SIGTERM (and Ctrl+C's SIGINT) end this printing process cleanly, where a kill would leave
    WeasyPrint's font copies in a temporary folder: a PDF process ends through its ``finally``
    blocks, stopping its print workers first; a print worker (``worker``) removes the folder of its
    print and ends at once. Only the first signal counts. ``luton2040 build`` and ``serve`` stop a
    PDF process this way before they kill it. Either also ends the same way when the process that
    started it is gone (a build killed with SIGKILL, which no handler sees, left its PDF printing)."""
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, _stop_worker if worker else _stop)
    threading.Thread(target=_end_with_parent, args=(os.getppid(), worker), daemon=True).start()


#: how often a printing process looks whether the process that started it is still there (seconds)
PARENT_WATCH = 0.5


def _end_with_parent(parent: int, worker: bool) -> None:
    while os.getppid() == parent:
        time.sleep(PARENT_WATCH)
    if worker:
        remove_scratch_folders()
        os._exit(1)
    os.kill(os.getpid(), signal.SIGTERM)  # as when stopped: its workers first, through every ``finally``


class CapturedLog(logging.Handler):
    """Collects WeasyPrint's warning and error messages while it runs."""

    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        # a picture the print embedded (images.inline_images) is named by its type, not its bytes
        message = _DATA_URI.sub(lambda m: f"(a {m.group(1).split('/')[-1].split('+')[0]} picture of the page)",
                                record.getMessage())
        self.messages.append(f"{record.levelname.lower()}: {message}")


_DATA_URI = re.compile(r'"?data:([\w.+-]+/[\w.+-]+);base64,[A-Za-z0-9+/=]{40,}"?')


def harmful(messages: list[str]) -> list[str]:
    """The messages not explained by KNOWN_HARMLESS."""
    return [m for m in messages if not any(pattern.search(m) for pattern, _ in KNOWN_HARMLESS)]


#: The most pixels per inch a picture keeps in the PDF: a partner's phone photo (4000 × 3000 pixels,
#: printed 170 mm wide, is 600 ppi) is scaled down to what a printer can show, not embedded whole.
PICTURE_PPI = 300


def pdf_options() -> dict:
    """write_pdf options: PDF/UA-1 (tagged, with /Lang and XMP metadata) where WeasyPrint offers it,
    and pictures no finer than ``PICTURE_PPI`` at their printed size."""
    from weasyprint.pdf import VARIANTS

    options: dict = {"pdf_identifier": False, "uncompressed_pdf": False, "dpi": PICTURE_PPI}
    if "pdf/ua-1" in VARIANTS:
        options["pdf_variant"] = "pdf/ua-1"
    else:  # older WeasyPrint: tags only
        options["pdf_tags"] = True
    return options


def site_only_fetcher(allowed: list[Path]):
    """A WeasyPrint URL fetcher that reads only ``data:`` URLs and files under the ``allowed`` folders.

    Everything else — any network scheme, ``file:`` anywhere else (``/etc/passwd``,
    ``/proc/self/environ``), paths that climb out through ``..`` or a symlink — is refused; WeasyPrint
    logs the refusal as a warning, which fails the build (see ``harmful``).
    """
    from urllib.parse import unquote, urlsplit

    from weasyprint.urls import URLFetcher

    roots = [Path(p).resolve() for p in allowed]

    class SiteOnlyFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            scheme = url.split(":", 1)[0].lower()
            if scheme == "data":
                return super().fetch(url, headers)
            if scheme == "file":
                parts = urlsplit(url)
                path = Path(unquote(parts.path)).resolve()
                if not parts.netloc and any(path.is_relative_to(root) for root in roots):
                    return super().fetch(url, headers)
            raise ValueError(f"refused to fetch {url[:200]}: the PDF may only use files of the site being printed")

    return SiteOnlyFetcher(allowed_protocols=("file", "data"), allow_redirects=False)


def print_css() -> str:
    """The book's style sheet (styles/print.css) as the print head carries it (assemble.head_html)."""
    return (files("luton2040.pdf") / "styles" / "print.css").read_text(encoding="utf-8")


@lru_cache(maxsize=2)
def _parsed_sheet(text: str):
    """`text` parsed once per process: WeasyPrint parses a document's style sheets every time it
    prints one, and print.css (with its badge pictures) took about 0.04 s of CPU per part."""
    import weasyprint

    return weasyprint.CSS(string=text, base_url="file:///luton2040-print/")


def _shared_style(html: str) -> tuple[str, list]:
    """`html` without the book's style sheet, and that sheet parsed once per process, when `html`
    carries it; else `html` as it is and no sheet.

    The sheet is then a user style sheet: it comes before every author rule whatever their
    specificity, where in the head it came before the generated rules and the part's own rules by
    order. The result is the same: neither those rules nor the style attributes set a property
    that print.css also sets for the same element, except to override it (tests/pdf/test_pdf_render_style.py
    compares the PDFs byte for byte). User ``!important`` rules outrank author ones, and
    print.css's two (``col`` widths, the contents group margin) have no author rival.
    """
    sheet = print_css()
    if sheet not in html:
        return html, []
    return html.replace(sheet, "", 1), [_parsed_sheet(sheet)]


def render_pdf(html: str, target: Path, base_url: str, when: date = date(2000, 1, 1),
               allowed: list[Path] | None = None) -> list[str]:
    """Write `html` as a PDF to `target`; return every warning WeasyPrint logged (harmless ones too).

    `when` stands in for "now" inside the fonts: fontTools stamps the fonts it converts and subsets
    with the current time unless SOURCE_DATE_EPOCH is set, which would make every build differ.
    Only files under `allowed` (and this package) can be read, and the PDF never carries attachments:
    any ``rel="attachment"`` link or ``<link rel=attachment>`` is dropped and reported.
    """
    import weasyprint

    logger = logging.getLogger("weasyprint")
    handler = CapturedLog()
    old_level = logger.level
    logger.addHandler(handler)
    if logger.getEffectiveLevel() > logging.WARNING:
        logger.setLevel(logging.WARNING)
    old_epoch = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(calendar.timegm(when.timetuple()))
    # WeasyPrint copies the fonts into a temporary folder that only its FontConfiguration's
    # __del__ removes, and that object sits in a reference cycle: a worker that ends with os._exit
    # (or a frozen GC) would leave one folder per print in /tmp. The copies go into a folder of
    # our own, removed as soon as the PDF is written.
    scratch, old_tempdir = _scratch_folder(), tempfile.tempdir
    tempfile.tempdir = scratch
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fetcher = site_only_fetcher([*(allowed or []), Path(__file__).parent])
        options = pdf_options()
        html, sheets = _shared_style(html)
        document = weasyprint.HTML(string=html, base_url=base_url, url_fetcher=fetcher).render(
            stylesheets=sheets, **options)
        refused = [a.name or a.description or "a <link rel=attachment>" for a in document.metadata.attachments]
        document.metadata.attachments = []
        for page in document.pages:
            refused += [link[1] for link in page.links if link[0] == "attachment"]
            page.links = [link for link in page.links if link[0] != "attachment"]
        handler.messages += [f"error: refused to attach {str(url)[:200]} to the PDF: the PDF carries no "
                             "attached files" for url in refused]
        document.write_pdf(target, **options)
    finally:
        tempfile.tempdir = old_tempdir
        shutil.rmtree(scratch, ignore_errors=True)
        _printing.discard(scratch)
        logger.removeHandler(handler)
        logger.setLevel(old_level)
        if old_epoch is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = old_epoch
    return handler.messages
