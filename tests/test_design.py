"""The report's design promises that need no browser: badges say their status in words with
readable colours, the dashboard pictures cover every measure, charts tick the milestone years, and
the print book numbers its tables by chapter."""
from __future__ import annotations

import itertools
import re
import xml.etree.ElementTree as ET
from importlib.resources import files
from pathlib import Path

import pytest

from luton2040.site import badges, charts, dashboard, text_width
from luton2040.site import chart_svg
from luton2040.compute import tables
from luton2040.compute import format as fmt
from luton2040.data.load import load
from luton2040.site.markdown import escape, show_tables_as_markdown, table_markdown
from luton2040.pdf.assemble import chapter_labels, number_floats
from luton2040.pdf.book import Page

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def report():
    data = load(ROOT)
    return data, data.edition(None)


@pytest.mark.parametrize("code", sorted(badges.LOOKS))
def test_every_badge_colour_reads_at_4_5_to_1_on_its_background(code):
    look = badges.LOOKS[code]
    assert badges.contrast(look.colour, look.background) >= 4.5
    assert badges.contrast(look.colour, "#ffffff") >= 4.5


def test_every_two_statuses_can_be_told_apart_by_colour_alone():
    # the status bars and the outcomes wheel colour each segment by its status and carry no icon:
    # "Milestone met" and "On track" were once two dark greens 7 ΔE apart, one segment beside the other
    for first, second in itertools.combinations(dashboard.ORDER, 2):
        assert badges.difference(badges.LOOKS[first].colour, badges.LOOKS[second].colour) >= 20, (first, second)


def test_every_status_has_its_own_icon_shape():
    assert len({look.icon for look in badges.LOOKS.values()}) == len(badges.LOOKS)
    assert set(badges.LOOKS) == set(fmt.STATUS_WORDS) | {badges.MIXED}


def test_a_badge_hides_its_icon_and_shows_its_word():
    html = badges.badge("too_slow")
    assert html.startswith('<span class="badge status-too_slow"><svg class="badge-icon" aria-hidden="true"')
    assert html.endswith("</svg>Progressing too slowly</span>")


def test_a_two_part_status_cell_keeps_each_label_with_its_badge():
    html = badges.status_html("Men: On track; Women: Going backwards", escape)
    plain = re.sub(r"<svg.*?</svg>", "", html)
    assert plain == ('<span class="status-part">Men: <span class="badge status-on_track">On track</span>'
                     '<span class="status-sep">;</span></span> '
                     '<span class="status-part">Women: <span class="badge status-backwards">Going backwards</span></span>')


def test_a_one_part_status_cell_is_its_badge_alone():
    html = badges.status_html("Going backwards", escape)
    assert re.sub(r"<svg.*?</svg>", "", html) == '<span class="badge status-backwards">Going backwards</span>'


def test_status_cells_in_chapter_tables_render_as_badges(report):
    data, edition = report
    table = tables.measures_table(data, edition, "net-zero")
    assert [row[-1].status for row in table.rows] == [True] * len(table.rows)
    markdown = table_markdown(table)
    assert markdown.count('class="badge ') >= len(table.rows)


def test_a_chapter_cell_shows_a_table_as_its_pipe_table(report):
    """The kernel displays a Table as markdown once told to (luton2040.report does it on import)."""
    from IPython.core.formatters import DisplayFormatter

    data, edition = report
    table = tables.measures_table(data, edition, "net-zero")
    shell = type("Shell", (), {"display_formatter": DisplayFormatter()})()
    assert "text/markdown" not in shell.display_formatter.format(table)[0]
    assert show_tables_as_markdown(shell)
    assert shell.display_formatter.format(table)[0]["text/markdown"] == table_markdown(table)
    assert show_tables_as_markdown() is False  # plain Python: no kernel to tell


def test_print_css_badge_colours_match_the_badges_module():
    css = (files("luton2040.pdf") / "styles" / "print.css").read_text(encoding="utf-8")
    for line in badges.stylesheet().splitlines():
        assert line in css


def test_the_wheel_links_every_measure_page_once(report):
    data, edition = report
    html = dashboard.outcomes_wheel(data, edition)
    wheel = html[html.index("<svg"):html.index("</svg>") + 6]
    links = re.findall(r'<a href="(measures/[^"]+\.html)"', wheel)
    assert sorted(links) == sorted(f"measures/{m.id}.html" for m in data.measures)
    assert len(links) == len(data.measures) == 40


def test_the_wheel_lists_every_outcome_with_its_status_in_words(report):
    data, edition = report
    html = dashboard.outcomes_wheel(data, edition)
    listing = html[html.index('<details class="wheel-list">'):]
    for m in data.measures:
        word = badges.WORDS[tables.measure_status(data, edition, m)]
        assert re.search(re.escape(escape_html(m.outcome)) + r"</a> <span class=\"badge [^\"]+\">.*?"
                         + re.escape(word) + "</span>", listing), m.id


def escape_html(text):
    from html import escape as esc
    return esc(text)


def test_the_progress_chart_counts_every_measure(report):
    data, edition = report
    svg = dashboard.progress_chart(data, edition)
    counts = [int(n) for n in re.findall(r"<title>[^<]*?: (\d+) [A-Z]", svg)]
    assert sum(counts) == len(data.measures)
    assert svg.count("<rect ") == len(counts)


def _bar_labels(svg):
    """(segment width, the count written on it or None) for each segment of the progress chart."""
    found = re.findall(r'<rect x="[\d.]+" y="\d+" width="([\d.]+)"[^>]*><title>[^<]*</title></rect>'
                       r'(?:<text [^>]*font-weight="700"[^>]*>(\d+)</text>)?', svg)
    return [(float(w), n or None) for w, n in found]


def test_a_count_too_wide_for_its_segment_is_left_out_not_run_into_the_next(report, monkeypatch):
    """Ten times the measures: the narrowest segments (10 of a bar of 90) cannot hold "10", and the
    count is not drawn over its neighbour's ("1010 20" in the printed text); the segment's title,
    the chart's description and the bar's total still give it."""
    data, edition = report
    many = {p.id: {"met": 10, "on_track": 10, "too_slow": 20, "limited": 10, "cannot_assess": 40}
            for p in data.priorities}
    monkeypatch.setattr(tables, "status_counts", lambda data, edition: many)
    svg = dashboard.progress_chart(data, edition)
    labels = _bar_labels(svg)
    assert len(labels) == 5 * len(data.priorities)
    assert all(text_width.width(n, dashboard.TEXT, bold=True) + 4 <= w for w, n in labels if n)
    assert {n for _, n in labels} == {None, "20", "40"}  # the tens left out, the wider segments labelled
    assert "Poverty: 10 milestone met, 10 on track, 20 progressing too slowly" in svg  # the description


def test_the_published_progress_chart_writes_every_count_on_its_segment(report):
    data, edition = report
    labels = _bar_labels(dashboard.progress_chart(data, edition))
    assert labels and all(n is not None for _, n in labels)


def test_the_outcomes_wheel_keeps_each_outcomes_colour_however_many_there_are(report, monkeypatch):
    """Ten times the outcomes: the white between segments narrows with them (at most a quarter of a
    segment's inner arc), so every one still shows its status colour; 40 keep the 1.5-unit outline."""
    data, edition = report

    def widths(svg):
        return [float(w) for w in re.findall(r'<a href[^>]*><path d="[^"]*" fill="[^"]*" stroke="#ffffff" '
                                             r'stroke-width="([\d.]+)"', svg)]

    assert set(widths(dashboard.outcomes_wheel(data, edition))) == {1.5}
    items = dashboard.wheel_items(data, edition)
    monkeypatch.setattr(dashboard, "wheel_items", lambda data, edition: items * 10)
    many = widths(dashboard.outcomes_wheel(data, edition))
    arc = 2 * 3.141592653589793 * 104 / (10 * len(items))
    assert len(many) == 10 * len(items) and max(many) <= arc / 4 + 0.005


def test_milestone_ticks_are_the_start_and_the_milestone_years():
    assert chart_svg.milestone_ticks(2015) == [2015, 2027, 2031, 2035, 2040]
    assert chart_svg.milestone_ticks(2025) == [2027, 2031, 2035, 2040]


def test_direct_labels_are_moved_apart_but_keep_their_order():
    placed = chart_svg.spread([10.0, 12.0, 40.0], 15)
    assert placed[1] - placed[0] >= 15 and placed[2] - placed[1] >= 15 - 1e-9


def test_each_plotted_point_of_a_chart_has_a_title_with_its_value(report):
    data, edition = report
    measure = next(m for m in data.measures if m.id == "destitution")
    spec = charts.chart_spec(data, edition, measure)
    svg = chart_svg.render_svg(spec)
    titles = re.findall(r"<title>([^<]+)</title>", svg)
    points = sum(len(line.points) for panel in spec.panels for line in panel.lines)
    assert len([t for t in titles if t.startswith(("Luton", "England"))]) == points
    root = ET.fromstring(svg)
    width = float(root.get("viewBox").split()[2])
    texts = list(root.iter("{http://www.w3.org/2000/svg}text"))
    sizes = [float(t.get("font-size")) for t in texts]
    assert len(sizes) == len(texts) > 10
    assert min(sizes) * 356 / width >= 12  # a 356 px wide image on a 390 px phone


def test_print_chapters_are_numbered_and_appendices_lettered():
    pages = [Page(source=f"{n}.qmd", html=f"{n}.html", appendix=n.startswith("a"), part="", slug=n)
             for n in ("welcome", "poverty", "a-measures", "a-methods")]
    assert chapter_labels(pages) == {"welcome.html": "1", "poverty.html": "2", "a-measures.html": "A",
                                     "a-methods.html": "B"}


def test_captions_and_cross_references_take_the_chapter_number():
    main = ET.fromstring('<main><table><caption>Table 1: Net zero measures</caption></table>'
                         '<p>See <a href="#tbl-x">Table 1</a>.</p><figure><figcaption>Figure\u00a02: Wheel'
                         '</figcaption></figure><p><a href="https://x/">Table 9</a></p></main>')
    number_floats(main, "6")
    assert [e.text for e in main.iter() if e.tag in ("caption", "figcaption", "a")] == [
        "Table 6.1: Net zero measures", "Table 6.1", "Figure 6.2: Wheel", "Table 9"]


def test_the_sidebar_logo_is_a_picture_of_the_project_with_its_recorded_alt_text():
    """The wordmark heads the sidebar under both renderers (website.sidebar.logo); its alt text is
    the one figures/alt.yml records for that file, and the picture says the same in its <title>."""
    import yaml

    from luton2040.engine import config

    site = config.load(ROOT)
    recorded = yaml.safe_load((ROOT / "figures/alt.yml").read_text(encoding="utf-8"))
    name = Path(site.logo).relative_to("figures").as_posix()
    assert site.logo_alt == recorded[name]["alt"]
    title = ET.parse(ROOT / site.logo).getroot().find("{http://www.w3.org/2000/svg}title")
    assert title is not None and title.text == site.logo_alt


def test_the_sites_icon_is_the_wordmarks_ring_in_the_priority_colours():
    """Every page names the favicon (website.favicon, so no browser asks for a /favicon.ico that is
    not there): six segments in the priorities' colours, in data/priorities.csv's order, titled
    as figures/alt.yml records it."""
    import csv
    import yaml

    from luton2040.engine import config

    site = config.load(ROOT)
    assert site.favicon == "figures/favicon.svg"
    svg = ET.parse(ROOT / site.favicon).getroot()
    colours = [p.get("fill") for p in svg.iter("{http://www.w3.org/2000/svg}path")]
    with (ROOT / "data/priorities.csv").open(encoding="utf-8") as f:
        assert colours == [row["colour"] for row in sorted(csv.DictReader(f), key=lambda r: int(r["order"]))]
    recorded = yaml.safe_load((ROOT / "figures/alt.yml").read_text(encoding="utf-8"))
    assert svg.find("{http://www.w3.org/2000/svg}title").text == recorded["favicon.svg"]["alt"]
