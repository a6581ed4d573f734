"""Every measure has a page with a chart (or says it has no figures), an alt text naming its latest
value, a data table, and a CSV download whose rows are its rows of data/observations.csv."""
from __future__ import annotations

import csv
import io
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import pytest

from luton2040.site import charts
from luton2040.site import chart_svg
from luton2040.data import periods
from luton2040.compute import format as fmt
from luton2040.data.load import load
from luton2040.compute.measure_facts import facts_of


class Images(HTMLParser):
    def __init__(self):
        super().__init__()
        self.images, self.links, self.h1 = [], [], 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "img":
            self.images.append(attrs)
        if tag == "a":
            self.links.append(attrs)
        if tag == "h1":
            self.h1 += 1


@pytest.fixture(scope="module")
def dataset(built):
    data = load(built[0])
    return data, data.edition()


def parse(path) -> tuple[str, Images]:
    text = path.read_text(encoding="utf-8")
    parser = Images()
    parser.feed(text)
    return text, parser


def test_forty_measure_pages(site, dataset):
    data, _ = dataset
    assert len(data.measures) == 40
    pages = sorted(p.stem for p in (site / "measures").glob("*.html"))
    assert pages == sorted(m.id for m in data.measures)


def test_each_page_has_its_chart_with_alt_text_naming_the_latest_value(site, dataset):
    data, edition = dataset
    without_chart = []
    for m in data.measures:
        text, found = parse(site / "measures" / f"{m.id}.html")
        assert found.h1 == 1, f"{m.id}: expected one h1"
        charts_ = [i for i in found.images if i.get("src") == f"{m.id}.svg"]
        drawn = [f for f in facts_of(data, edition, m) if any(o.comparable for o in f.history)]
        if not drawn:
            assert not charts_ and "no published figures to draw yet" in text, m.id
            without_chart.append(m.id)
            continue
        assert len(charts_) == 1, f"{m.id}: no chart"
        picture = ET.fromstring((site / "measures" / f"{m.id}.svg").read_bytes())
        assert picture.tag == "{http://www.w3.org/2000/svg}svg", m.id
        aspect = float(picture.get("height").removesuffix("pt")) / float(picture.get("width").removesuffix("pt"))
        assert abs(int(charts_[0]["height"]) - 720 * aspect) <= 1, m.id  # the page reserves the chart's room
        alt = charts_[0]["alt"]
        for f in drawn:
            latest = [o for o in f.history if o.comparable][-1]
            assert fmt.observation(latest, f.series) in alt and periods.display(latest.period, latest.period_end) in alt, (m.id, alt)
        assert "<table" in text, f"{m.id}: no data table"
    # The measures with no numbers at all (text-only or 'to be confirmed') get a page without a chart.
    assert set(without_chart) == {"town-developments", "landlord-licensing", "greenest-airport", "police-satisfaction"}


def test_csv_download_is_the_measure_rows_of_observations_then_its_milestones(site, built, dataset):
    data, edition = dataset
    with open(built[0] / "data" / "observations.csv", encoding="utf-8-sig", newline="") as handle:
        source = list(csv.DictReader(handle))
    for m in data.measures:
        download = site / "measures" / f"{m.id}.csv"
        rows = list(csv.DictReader(io.StringIO(download.read_text(encoding="utf-8"))))
        observed = [{k: v for k, v in r.items() if k not in ("kind", "wording")} for r in rows
                    if r["kind"] == "observation"]
        # every column but the analysts' provenance note, which is never published
        expected = [{k: v for k, v in r.items() if k != "provenance"} for r in source
                    if r["measure"] == m.id and r["period_end"] <= edition.data_cutoff.isoformat()]
        assert observed == expected, m.id
        # the diamonds the chart draws follow, each a milestone year or 2040 (tests/test_notes.py)
        assert [r["kind"] for r in rows] == ["observation"] * len(observed) + [r["kind"] for r in rows[len(observed):]]
        assert all(r["kind"] in ("milestone", "target") and r["period"] in ("2027", "2031", "2035", "2040")
                   for r in rows[len(observed):]), m.id
        text, found = parse(site / "measures" / f"{m.id}.html")
        link = [a for a in found.links if a.get("href") == f"{m.id}.csv"]
        assert link, f"{m.id}: no CSV link"
        # "this measure" where there is no chart to speak of ("no published figures to draw yet")
        what = "this measure" if "no published figures to draw" in text else "this chart"
        size = re.search(rf"Download the data for {what} \(CSV, (\d+) KB\)", text)
        assert size and int(size.group(1)) == -(-download.stat().st_size // 1024), m.id


def test_previous_and_next_stay_within_the_priority(site, dataset):
    data, _ = dataset
    for p in data.priorities:
        group = data.measures_of(p.id)
        for i, m in enumerate(group):
            text, found = parse(site / "measures" / f"{m.id}.html")
            rels = {a.get("rel"): a.get("href") for a in found.links if a.get("rel") in ("prev", "next")}
            assert rels.get("prev") == (f"{group[i - 1].id}.html" if i else None), m.id
            assert rels.get("next") == (f"{group[i + 1].id}.html" if i + 1 < len(group) else None), m.id
            assert f'<body class="priority-{p.id} measure-page">' in text


def test_chapter_tables_and_appendix_link_to_measure_pages(site, dataset):
    data, _ = dataset
    for p in data.priorities:
        chapter = site / "chapters" / f"{p.id}.html"
        if chapter.is_file():
            text = chapter.read_text(encoding="utf-8")
            for m in data.measures_of(p.id):
                assert f'href="../measures/{m.id}.html"' in text, (p.id, m.id)
    appendix = (site / "appendix" / "measures.html").read_text(encoding="utf-8")
    assert all(f'href="../measures/{m.id}.html"' in appendix for m in data.measures)
    home = (site / "index.html").read_text(encoding="utf-8")
    headline = home[home.index('id="tbl-headline-status"'):home.index('id="dashboard"')]
    for m in data.measures:
        assert (f'href="measures/{m.id}.html"' in headline) == m.headline, m.id
        assert f'<a href="measures/{m.id}.html" aria-label=' in home, m.id  # the outcomes wheel


def test_chart_svg_is_deterministic_and_undated(dataset):
    data, edition = dataset
    spec = charts.chart_spec(data, edition, data.measure("healthy-life-expectancy"))
    first, second = chart_svg.render_svg(spec), chart_svg.render_svg(spec)
    assert first == second
    assert not re.search(r'<metadata|\bid="|20[0-9]{2}-[0-9]{2}-[0-9]{2}', first)  # no date, no generated ids
    assert len(spec.panels) == 1 and len(spec.panels[0].series) == 2  # male and female share a panel
    two_units = charts.chart_spec(data, edition, data.measure("productivity-gva"))
    assert len(two_units.panels) == 2  # £ million total and £ per head are drawn apart


def test_alt_text_reads_as_a_sentence(dataset):
    data, edition = dataset
    spec = charts.chart_spec(data, edition, data.measure("destitution"))
    assert spec.alt == "Households in destitution: 7.3% in 2019, 9.9% in April 2024; the 2027 milestone is 7.7%"


# A measure's names as an analyst may type them ("A&E", "<5s", a starred footnote mark); and text
# that would run as script if it reached the page as markup.
MARKED_UP = {
    "short_measure": "A&E <script>alert('measure')</script> *now* [x] @home",
    "outcome": "People <img src=x onerror=alert(1)> get help *fast* | _today_",
    "measure": "Journeys by <b>bus</b> ~per~ ^year^ $5 `each` #1",
}


def test_a_measures_names_reach_its_page_as_typed_never_as_markup(built, tmp_path):
    # Quarto reads a page's title, subtitle and description, and the words of its chart caption,
    # as markdown: the names from data/measures.csv must print as the text the analyst typed
    # there, not in italics, not as a link or citation, and never as a tag.
    from luton2040.cli import main
    from project_copy import warm_copy
    project = warm_copy(built[0], tmp_path / "project")
    path = project / "data/measures.csv"
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    row = next(r for r in rows if r["id"] == "bus-journeys")
    row.update(MARKED_UP)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")
    assert main(["--project", str(project), "build", "--quiet", "--edition", "2025"]) == 0
    page = (project / "_site/measures/bus-journeys.html").read_text(encoding="utf-8")
    title = "A&amp;E &lt;script&gt;alert(‘measure’)&lt;/script&gt; *now* [x] @home"
    assert f'<h1 class="title">{title}</h1>' in page
    assert f"<title>{title} – " in page
    assert '<p class="subtitle">Outcome: People &lt;img src=x onerror=alert(1)&gt; get help *fast* | _today_</p>' in page
    words = "Journeys by &lt;b&gt;bus&lt;/b&gt; ~per~ ^year^ $5 `each` #1"
    assert f"Measured as: {words}." in page
    # (the caption's quotes stay straight: it is HTML, whose &#x27; pandoc leaves as typed)
    caption = "A&amp;E &lt;script&gt;alert('measure')&lt;/script&gt; *now* [x] @home"
    assert f"<figcaption> <strong>{caption}:" in " ".join(page.split())
    assert "<script>alert" not in page and "<img src=x" not in page and "<em>" not in page
