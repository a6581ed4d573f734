"""The project's fixed names and years, in one place: where the inputs live and what the road map counts to."""

PROJECT_FILE = "_quarto.yml"
DATA_DIR = "data"
DATAPACKAGE = f"{DATA_DIR}/datapackage.json"
EDITIONS_DIR = f"{DATA_DIR}/editions"

MILESTONE_YEARS = (2027, 2031, 2035)
TARGET_YEAR = 2040
TARGET_YEARS = (*MILESTONE_YEARS, TARGET_YEAR)

#: The area id of Luton's own values in data/areas.csv (every other area is a comparator).
LUTON = "luton"

#: Characters pasted with text from a web page or a word processor that print as nothing (zero-width
#: spaces and joiners, direction marks and embeddings, invisible operators, a stray byte-order mark):
#: in an id they make 'destitution' unknown while a message shows the same word.
INVISIBLE = "\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2060\u2061\u2062\u2063\u2064\ufeff"
#: Spaces pasted from a document that look like an ordinary one: no-break, figure, narrow no-break.
PASTED_SPACES = "\u00a0\u2007\u202f"

#: The ids the report's own cells give elements of a page, which a page's words may link to
#: (site/page_links.py): the outcomes list's summary and the progress chart's description
#: (site/dashboard.py), the downloads page's sections (site/downloads.py: each id with its heading).
WHEEL_LIST_ID = "wheel-list-title"
PROGRESS_CHART_DESC_ID = "progress-chart-desc"
DOWNLOADS_SECTIONS = (("the-report", "The report"), ("all-the-data", "All the data"), ("each-file", "Each file"))
CELL_IDS = (WHEEL_LIST_ID, PROGRESS_CHART_DESC_ID, *(ident for ident, _ in DOWNLOADS_SECTIONS))

#: Columns of data/*.csv for the analysts only (provenance notes): never published, never printed.
INTERNAL_COLUMNS = ("provenance",)

#: What the pre-render step writes (scripts/pre_render.py): a page, chart and CSV per measure
#: (site/pages.py), the priorities' stylesheet, the data downloads (site/downloads.py), and each
#: edition's partner contributions, one markdown file per edition and priority, for the chapters to
#: include (site/contributions.py; the leading underscore keeps Quarto from rendering them as pages)
#: and the web-sized copy of each partner photo they show (site/partner_photos.py).
#: Made from the inputs, never edited, so never inputs themselves (freeze.py, serve's watch, the checks).
MEASURES_DIR = "measures"
PRIORITIES_CSS = "styles/priorities.css"
DOWNLOADS_DIR = "downloads"
CONTRIBUTIONS_DIR = "chapters/_partners"
PHOTOS_DIR = "partner-photos"
GENERATED = (f"{MEASURES_DIR}/", PRIORITIES_CSS, f"{DOWNLOADS_DIR}/", f"{CONTRIBUTIONS_DIR}/", f"{PHOTOS_DIR}/")


def generated(rel: str) -> bool:
    """Is the project-relative path one the pre-render step writes (``GENERATED``)?"""
    return any(rel == g or rel.startswith(g) for g in GENERATED)
