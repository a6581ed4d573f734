"""Every internal link and image of the built site resolves; the downloads are all there, the data
zip is deterministic, and the priority colours are readable."""
from __future__ import annotations

import csv
import io
import posixpath
import zipfile
from html.parser import HTMLParser
from urllib.parse import unquote, urljoin, urlsplit

from luton2040.site import downloads
from luton2040.data.load import load
from luton2040.data.schema import load_datapackage


class Refs(HTMLParser):
    def __init__(self):
        super().__init__()
        self.refs, self.ids = [], set()

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name == "id":
                self.ids.add(value)
            if name in ("href", "src") and value is not None:
                self.refs.append(value)


def test_every_internal_link_resolves(site):
    pages = {p.relative_to(site).as_posix(): p for p in site.rglob("*.html") if "pagefind" not in p.parts}
    parsed = {}
    for rel, path in pages.items():
        parser = Refs()
        parser.feed(path.read_text(encoding="utf-8"))
        parsed[rel] = parser
    broken = []
    for rel, parser in parsed.items():
        for ref in parser.refs:
            parts = urlsplit(ref)
            if parts.scheme or parts.netloc:
                continue
            target = _resolved(rel, unquote(parts.path)) if parts.path else rel
            if not (site / target).is_file():
                broken.append(f"{rel}: {ref}")
            elif parts.fragment and target in parsed and parts.fragment not in parsed[target].ids:
                broken.append(f"{rel}: {ref} (no id '{parts.fragment}')")
    assert not broken, "\n".join(broken)
    assert len(pages) >= 53  # 13 book pages, 40 measure pages, downloads


def _resolved(page: str, path: str) -> str:
    """The site file a page's link reaches; a link from the site's path (the page not found's, for
    site-url https://luton2040.co.uk) starts at the site's root."""
    if path.startswith("/"):
        return posixpath.normpath(path[1:])
    return posixpath.normpath(posixpath.join(posixpath.dirname(page), path))


def test_the_page_not_found_works_at_any_depth(site):
    """A server shows 404.html for /chapters/no-such-page as for /no-such-page: every link,
    stylesheet, script and picture of it starts at the site's path (as Quarto writes the page), so
    it reaches the same file of the site from any address; and it says what a reader can do."""
    page = (site / "404.html").read_text(encoding="utf-8")
    parser = Refs()
    parser.feed(page)
    local = [ref for ref in parser.refs if not urlsplit(ref).scheme and not ref.startswith("#")]
    assert local and [ref for ref in local if not ref.startswith("/")] == []
    for depth in ("/no-such-page", "/chapters/no-such-page", "/measures/a/b/c"):
        reached = {urlsplit(urljoin("https://luton2040.co.uk" + depth, ref)).path for ref in local}
        assert sorted(r for r in reached if not (site / r.lstrip("/")).is_file()) == [], depth
    assert "<title>Page not found – Luton 2040 Progress Report 2025</title>" in page
    assert '<a href="/index.html">home page</a>' in page


def test_downloads_page_offers_every_file(site, built):
    text = (site / "downloads.html").read_text(encoding="utf-8")
    names = downloads.package_files(built[0])
    snapshot = "downloads/luton-2040-data-2025"  # the 2025 edition's copy of the data package
    for name in names:
        assert f'href="{snapshot}/{name}"' in text, name
        # Nothing in data/ is newer than the 2025 cut-off, so its copy is the file itself, less the
        # analysts' provenance column (and its description in datapackage.json).
        published = (site / snapshot / name).read_bytes()
        source = (built[0] / "data" / name).read_bytes()
        if name == "datapackage.json":
            assert published == downloads.public_package(load_datapackage(built[0])) and b'"provenance"' not in published
        elif b"provenance" in source.split(b"\n", 1)[0]:
            assert published.decode() == downloads.without_internal_columns(source.decode())
            assert b"provenance" not in published.split(b"\n", 1)[0]
        else:
            assert published == source
    assert 'href="downloads/luton-2040-data-2025.zip"' in text and (site / "downloads" / "luton-2040-data-2025.zip").is_file()
    assert 'href="luton-2040-progress-report-2025.pdf"' in text and (site / "luton-2040-progress-report-2025.pdf").is_file()
    assert "(CSV, " in text and "(ZIP, " in text and "(JSON, " in text


def test_zip_is_deterministic_sorted_and_complete(built, tmp_path):
    project = built[0]
    data = load(project)
    edition = data.edition()
    first = downloads.zip_bytes(project, edition)
    # Same files, fresh modification times: the same bytes.
    for path in (project / "data").glob("*.csv"):
        path.touch()
    assert downloads.zip_bytes(project, edition) == first
    archive = tmp_path / "data.zip"
    archive.write_bytes(first)
    with zipfile.ZipFile(archive) as z:
        names = z.namelist()
        assert names == sorted(names)
        assert {n.split("/", 1)[1] for n in names} == set(downloads.package_files(project))
        assert {i.date_time for i in z.infolist()} == {(2025, 2, 28, 0, 0, 0)}
        assert z.read("luton-2040-data/observations.csv").decode() == downloads.without_internal_columns(
            (project / "data" / "observations.csv").read_text(encoding="utf-8"))
    assert (project / "downloads" / "luton-2040-data-2025.zip").read_bytes() == first


def _luminance(colour: str) -> float:
    channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_every_priority_colour_reads_as_text_on_the_page_and_the_tiles(site, built):
    css = (site / "styles" / "priorities.css").read_text(encoding="utf-8")
    for p in load(built[0]).priorities:
        assert f"body.priority-{p.id} {{ --accent: {p.colour}; }}" in css
        for background in ("#ffffff", "#f4f4f7"):  # page and tile backgrounds in styles/site.css
            assert contrast(p.colour, background) >= 4.5, (p.id, p.colour, background)


def test_contrast_helper_can_fail():
    assert contrast("#777777", "#ffffff") < 4.5


class Charts(HTMLParser):
    """In reading order: each chart of a page (a measure chart, a dashboard figure) and each CSV
    download link (its href), as ("chart", class) and ("csv", href) events."""

    def __init__(self):
        super().__init__()
        self.events = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        classes = (attrs.get("class") or "").split()
        if tag == "figure" and ({"measure-chart", "dashboard-figure"} & set(classes)):
            self.events.append(("chart", " ".join(classes)))
        if tag == "a" and "download" in classes and (attrs.get("href") or "").endswith(".csv"):
            self.events.append(("csv", attrs["href"]))


def test_every_chart_on_the_site_is_followed_by_the_download_of_its_data(site):
    """Each chart, a measure's or the home page's and the progress appendix's dashboard figures, has a
    CSV download before the next chart, and the file is in the site."""
    charts, missing = 0, []
    for path in sorted(p for p in site.rglob("*.html") if "pagefind" not in p.parts):
        rel = path.relative_to(site).as_posix()
        parser = Charts()
        parser.feed(path.read_text(encoding="utf-8"))
        events = parser.events + [("chart", "(end)")]
        for at, (kind, what) in enumerate(events[:-1]):
            if kind != "chart":
                continue
            charts += 1
            following = next((e for e in events[at + 1:] if e[0] == "csv" or e[0] == "chart"), None)
            if following is None or following[0] != "csv":
                missing.append(f"{rel}: {what} has no data download")
            elif not (site / posixpath.normpath(posixpath.join(posixpath.dirname(rel), following[1]))).is_file():
                missing.append(f"{rel}: {what}'s data {following[1]} is not in the site")
    assert charts >= 39  # 36 measure charts, two on the home page, one in the progress appendix
    assert missing == []


def test_the_dashboard_charts_data_has_each_measure_and_its_status_once(site, built):
    data = load(built[0])
    text = (site / "downloads" / "luton-2040-statuses-2025.csv").read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [r["measure"] for r in rows] == [m.id for p in data.priorities for m in data.measures_of(p.id)]
    assert set(rows[0]) == {"priority", "measure", "outcome", "measure_name", "status_towards_the_2027_milestone"}
    assert {r["status_towards_the_2027_milestone"] for r in rows} <= {
        "Milestone met", "On track", "Progressing too slowly", "Limited progress", "Going backwards", "Mixed",
        "Cannot assess"}
