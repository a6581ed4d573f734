"""Charts are drawn straight to SVG: every chart and printed panel of the report is well-formed SVG
whose text stays inside the picture and off the other labels, every plotted point and milestone
can be read from its <title>, and a changed spec draws a changed picture."""
import base64
import dataclasses
import math
import re
from html import unescape as html_unescape
from pathlib import Path
from xml.etree.ElementTree import fromstring

import pytest

from luton2040.data.load import load
from luton2040.site import chart_svg, charts, small_multiples
from luton2040.compute.format import MINUS
from luton2040.site.plot_scale import nice_ticks, value_range
from luton2040.site.text_width import CAP_HEIGHT, FALLBACK_WIDER, FALLBACK_WIDER_BOLD, width

MIN = chart_svg.MIN_TEXT

ROOT = Path(__file__).resolve().parent.parent
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def specs():
    data = load(ROOT)
    edition = data.edition()
    found = {m.id: charts.chart_spec(data, edition, m) for m in data.measures}
    return data, {k: v for k, v in found.items() if v is not None}


def labels(text) -> list[tuple[str, float, float]]:
    """(words, left, baseline) of each label of an SVG <text>: the text itself, or, where every letter
    has its own place (``svg_marks.placed_text``), each run of letters on one baseline that starts
    where the last one's advance ends (Source Sans 3's advances)."""
    xs, ys = text.get("x").split(), text.get("y").split()
    if len(xs) == 1:
        return [(text.text, float(xs[0]), float(ys[0]))]
    assert len(xs) == len(ys) == len(text.text)
    size, bold = float(text.get("font-size")), text.get("font-weight") == "700"
    found = []
    for letter, x, y in zip(text.text, map(float, xs), map(float, ys)):
        if found and y == found[-1][2] and abs(found[-1][3] - x) < 0.02:
            words, left, _, _ = found[-1]
            found[-1] = (words + letter, left, y, x + width(letter, size, bold, wider=1.0))
        else:
            found.append((letter, x, y, x + width(letter, size, bold, wider=1.0)))
    return [(words, left, y) for words, left, y, _ in found]


def text_boxes(svg: str) -> list[tuple[str, float, float, float, float]]:
    """(words, left, top, right, bottom) of each line of text, as wide as the room the layout
    promises a fallback font (Source Sans 3's advances × FALLBACK_WIDER, or FALLBACK_WIDER_BOLD);
    a line turned by ``rotate(angle x y)`` has the box around its turned box. A label whose letters
    are each placed is as wide as its letters' places and its last letter in the fallback font."""
    boxes = []
    for text in fromstring(svg).iter(SVG + "text"):
        size, bold = float(text.get("font-size")), text.get("font-weight") == "700"
        placed = len(text.get("x").split()) > 1
        for words, x, y in labels(text):
            w = width(words, size, bold=bold)
            if placed:
                w = width(words[:-1], size, bold, wider=1.0) + width(words[-1], size, bold)
            left = x if placed else {"middle": x - w / 2, "end": x - w}.get(text.get("text-anchor"), x)
            corners = [(left, y - 0.7 * size), (left + w, y - 0.7 * size), (left, y + 0.2 * size),
                       (left + w, y + 0.2 * size)]
            if text.get("transform"):
                angle, cx, cy = map(float, re.fullmatch(r"rotate\((\S+) (\S+) (\S+)\)", text.get("transform")).groups())
                cos, sin = math.cos(math.radians(angle)), math.sin(math.radians(angle))
                corners = [(cx + (px - cx) * cos - (py - cy) * sin, cy + (px - cx) * sin + (py - cy) * cos)
                           for px, py in corners]
            xs, ys = [px for px, _ in corners], [py for _, py in corners]
            boxes.append((words, min(xs), min(ys), max(xs), max(ys)))
    return boxes


def pictures(data, found):
    """Every measure chart and every printed panel's small chart, by name."""
    yield from ((name, chart_svg.render_svg(spec)) for name, spec in found.items())
    yield from ((f"small {name}", small_multiples.small_chart(spec).svg) for name, spec in found.items())


def test_every_chart_and_panel_keeps_its_text_inside_the_picture_and_apart(specs):
    for name, svg in pictures(*specs):
        view = [float(v) for v in fromstring(svg).get("viewBox").split()]
        boxes = text_boxes(svg)
        for words, left, top, right, bottom in boxes:
            assert 0 <= left and right <= view[2] and 0 <= top and bottom <= view[3], (name, words)
        for i, a in enumerate(boxes):
            for b in boxes[i + 1:]:
                apart = a[3] <= b[1] or b[3] <= a[1] or a[4] <= b[2] or b[4] <= a[2]
                assert apart, (name, a[0], b[0])


def test_every_charts_y_axis_name_is_no_taller_than_its_plot(specs):
    _, found = specs
    names = 0
    for name, spec in found.items():
        svg = chart_svg.render_svg(spec)
        plots = []  # each panel's left and bottom axes: (left, top), (left, bottom), (right, bottom)
        for polyline in fromstring(svg).iter(SVG + "polyline"):
            points = [tuple(map(float, p.split(","))) for p in polyline.get("points").split()]
            if len(points) == 3 and points[0][0] == points[1][0] and points[1][1] == points[2][1]:
                plots.append((points[0][0], points[0][1], points[1][1]))
        turned = [box for box, text in zip(text_boxes(svg), fromstring(svg).iter(SVG + "text"))
                  if text.get("transform")]
        assert len(turned) >= len(plots) == len(spec.panels), name
        for words, left, top, right, bottom in turned:
            middle = (top + bottom) / 2
            plot_left, plot_top, plot_bottom = next(p for p in plots if p[1] <= middle <= p[2])
            assert right < plot_left and plot_top <= top and bottom <= plot_bottom, (name, words, top, bottom)
            names += 1
    assert names > len(found)  # some names take two lines


def test_every_point_and_milestone_has_a_title_with_its_value(specs):
    _, found = specs
    spec = found["healthy-life-expectancy"]  # two series, their comparators and seven diamonds
    titles = re.findall(r"<title>([^<]+)</title>", chart_svg.render_svg(spec))
    points = [chart_svg.point_title(line.label, period, chart_svg.value_text(panel.series[0], value))
              for panel in spec.panels for line in panel.lines
              for (when, value), period in zip(line.points, line.periods)]
    milestones = [f"{m.label}: {m.text}" for panel in spec.panels for m in panel.markers]
    assert sorted(titles) == sorted(points + milestones)
    assert len(milestones) == 7 and "England, females, 2018–20: 63.9 years" in titles


def _points_and_texts(svg: str):
    """The titled points of a chart, as (line, period, x, y), and its texts as (words, x, y,
    anchor, bold)."""
    root = fromstring(svg)
    points = []
    for node in root.iter():
        title = node.find(SVG + "title")
        if node.tag == SVG + "title" or title is None or " milestone" in title.text or " target" in title.text:
            continue
        if node.tag == SVG + "circle":
            x, y = float(node.get("cx")), float(node.get("cy"))
        elif node.tag == SVG + "rect":
            x, y = float(node.get("x")) + float(node.get("width")) / 2, float(node.get("y")) + float(node.get("height")) / 2
        else:
            numbers = [float(n) for n in re.findall(r"-?[0-9.]+", node.get("d"))]
            x, y = (min(numbers[0::2]) + max(numbers[0::2])) / 2, (min(numbers[1::2]) + max(numbers[1::2])) / 2
        line, period = re.fullmatch(r"(.+), ([^,:]+): .+", title.text).groups()
        points.append((line, period, x, y))
    texts = [(t.text, float(t.get("x")), float(t.get("y")), t.get("text-anchor"), t.get("font-weight") == "700")
             for t in root.iter(SVG + "text") if not t.get("transform")]
    return points, texts


def _axis_words(spec) -> dict[tuple[str, str], str]:
    """(line, period as the report prints it) → the period as the x axis writes it."""
    return {(line.label, period): short for panel in spec.panels for line in panel.lines
            for period, short in zip(line.periods, line.axis_periods)}


def test_every_plotted_points_period_can_be_read_on_its_chart(specs):
    """The period of every point is written on the x axis with its point's tick under the words
    (in the axis's short words: 'Aug 2024' for the alt text's and the "Every value" table's
    'August 2024'), or, for a line's latest point when the axis has no room, in full under the
    line's name at its end."""
    _, found = specs
    in_labels = shortened = 0
    for name, spec in found.items():
        points, texts = _points_and_texts(chart_svg.render_svg(spec))
        middles = [t for t in texts if t[3] == "middle"]
        rows = {y for _, _, y, _, _ in middles if sum(1 for t in middles if t[2] == y) >= 3}  # the x axes
        last = {line.label: line.periods[-1] for panel in spec.panels for line in panel.lines}
        short = _axis_words(spec)
        for line, period, x, y in points:
            row = min(r for r in rows if r > y)
            half_widths = [(words, tx, width(words, MIN) / 2) for words, tx, ty, _, _ in middles if ty == row]
            on_axis = any(words == short[line, period] and tx - half <= x <= tx + half for words, tx, half in half_widths)
            names = [(tx, ty) for words, tx, ty, anchor, bold in texts if bold and line.startswith(words.split(",")[0])]
            by_name = period == last[line] and any(
                words == period and not bold and any(abs(tx - nx) < 0.01 and 0 < ty - ny < 3 * MIN for nx, ny in names)
                for words, tx, ty, anchor, bold in texts)
            assert on_axis or by_name, (name, line, period)
            in_labels += by_name and not on_axis
            shortened += on_axis and short[line, period] != period
    assert in_labels >= 1  # destitution's April 2024, four months after its 2023 point
    assert shortened >= 2  # unemployment's Aug 2024, care assessments' Sep 2024


MONTHS = ["September 2023", "Oct-23", "Nov 2023", "Dec-23", "January 2024", "Feb-24", "Mar 2024",
          "April 2024", "May-24", "June 2024", "Jul-24"]
QUARTERS = ["Q1 2023", "Q2 2023", "Q3 2023", "Q4 2023", "2024 Q1", "Q2 2024", "Q3 2024"]


def _dense_specs(project):
    """Unemployment with monthly values from September 2023 to its August 2024, and bus journeys
    with quarterly ones from January to March 2023 to July to September 2024, in a copy of the
    project (rows added at the end of data/observations.csv, as a later update would add them)."""
    from luton2040.data.periods import period_end
    rows = [f"unemployment,all,luton,{p},{period_end(p)},{7.0 + i / 20:.2f},ok,false,," for i, p in enumerate(MONTHS)]
    rows += [f"bus-journeys,all,luton,{p},{period_end(p)},{3300000 + i * 20000},ok,false,," for i, p in enumerate(QUARTERS)]
    path = project / "data" / "observations.csv"
    path.write_text(path.read_text(encoding="utf-8") + "\n".join(rows) + "\n", encoding="utf-8")
    data = load(project)
    return {m: charts.chart_spec(data, data.edition(), data.measure(m)) for m in ("unemployment", "bus-journeys")}


def _x_axes(svg: str):
    """Each x axis of a chart: the x of its ticks, and its labels as (words, middle)."""
    root = fromstring(svg)
    ticks: dict[float, list[float]] = {}
    for node in root.iter(SVG + "line"):
        x1, y1, x2, y2 = (float(node.get(k)) for k in ("x1", "y1", "x2", "y2"))
        if x1 == x2 and abs(y2 - y1 - chart_svg.TICK) < 0.01:
            ticks.setdefault(y1, []).append(x1)
    axes = []
    for bottom, xs in ticks.items():
        under = bottom + chart_svg.TICK + chart_svg.TICK_PAD + 1 + CAP_HEIGHT * MIN
        labels = [(t.text, float(t.get("x"))) for t in root.iter(SVG + "text")
                  if t.get("text-anchor") == "middle" and abs(float(t.get("y")) - under) < 0.01]
        axes.append((sorted(xs), labels))
    return axes


def _own_places(svg: str, spec) -> dict[str, set[float]]:
    """Axis words → the x of every point or diamond they name ('Sep 2023', '2027')."""
    points, _ = _points_and_texts(svg)
    short = _axis_words(spec)
    own: dict[str, set[float]] = {}
    for line, period, x, _ in points:
        own.setdefault(short[line, period], set()).add(x)
    for node in fromstring(svg).iter(SVG + "path"):
        title = node.find(SVG + "title")
        if title is not None and re.match(r"\d{4} (milestone|target):", title.text):
            numbers = [float(n) for n in re.findall(r"-?[0-9.]+", node.get("d"))]
            own.setdefault(title.text[:4], set()).add((min(numbers[0::2]) + max(numbers[0::2])) / 2)
    return own


def _near(x: float, places: set[float]) -> bool:
    """Whether ``x`` is one of ``places`` (as far as the SVG's two decimals tell)."""
    return any(abs(x - p) < 0.05 for p in places)


def test_no_axis_label_covers_a_tick_but_its_own_even_with_monthly_and_quarterly_values(specs, project_copy):
    """Every x axis label has exactly one tick under its words, its own point's (or milestone's),
    clear of every other tick, and its middle is nearer its own point than any other plotted point
    (so a label moved aside never reads as a neighbour's, ticked or not): on the real charts, and
    with unemployment's monthly and bus journeys' quarterly values, whose periods are written short
    ('Sep 2023'); the points the axis has no room for get no tick."""
    _, found = specs
    dense = _dense_specs(project_copy)
    assert [len(p.lines[0].points) for p in dense["unemployment"].panels] == [2 + len(MONTHS)]
    checked, short_words = 0, set()
    for name, spec in [*found.items(), *(("dense " + k, v) for k, v in dense.items())]:
        svg = chart_svg.render_svg(spec)
        own = _own_places(svg, spec)
        plotted = [p[2] for p in _points_and_texts(svg)[0]]
        for ticks, labels in _x_axes(svg):
            labelled = set()
            years = dict(zip(map(str, (*chart_svg.MILESTONE_YEARS, chart_svg.TARGET_YEAR)), ticks[-4:]))
            for words, middle in labels:
                own[words] = own.get(words, set()) | ({years[words]} if words in years else set())
                half = width(words, MIN) / 2
                under = [t for t in ticks if middle - half - chart_svg.TICK_CLEAR < t < middle + half + chart_svg.TICK_CLEAR]
                assert len(under) == 1 and _near(under[0], own[words]), (name, words, middle, under)
                nearest = min([*plotted, under[0]], key=lambda x: abs(x - middle))
                assert _near(nearest, own[words]), (name, words, middle, nearest)
                labelled.add(under[0])
                checked += 1
                if name.startswith("dense"):
                    short_words.add(words)
            # a tick with no words over it is a milestone year's (the last four), never a point's
            assert set(ticks) - labelled <= set(ticks[-4:]), (name, sorted(set(ticks) - labelled))
    assert checked > 100
    assert "Sep 2023" in short_words  # a month written short, under its own tick
    axis = [w for _, labels in _x_axes(chart_svg.render_svg(dense["bus-journeys"])) for w, _ in labels]
    assert "Apr to Jun 2023" not in axis and not any(" to " in w for w in axis)
    for spec in dense.values():  # the alt text and the points' titles keep the full words
        titles = re.findall(r"<title>([^<]+)</title>", chart_svg.render_svg(spec))
        assert any("September 2023:" in t or "January to March 2023:" in t for t in titles)


def test_a_latest_point_too_close_to_the_one_before_has_its_period_by_its_lines_name(specs):
    _, found = specs
    points, texts = _points_and_texts(chart_svg.render_svg(found["destitution"]))
    words = [t[0] for t in texts]
    assert [p[1] for p in points] == ["2019", "2023", "April 2024"]
    assert words[words.index("Luton") + 1] == "April 2024" and "2023" in words and "2019" in words
    assert found["destitution"].alt.startswith("Households in destitution: 7.3% in 2019, 9.9% in April 2024")


def test_a_rank_is_drawn_upside_down_with_ordinal_ticks(specs):
    _, found = specs
    svg = chart_svg.render_svg(found["attainment-8"])
    ticks = [(float(t.get("y")), t.text) for t in fromstring(svg).iter(SVG + "text") if t.text.endswith(("rd", "th"))]
    assert [words for _, words in sorted(ticks)][:4] == ["3rd", "4th", "5th", "6th"]  # 3rd at the top


def test_a_changed_spec_draws_a_changed_picture_and_the_same_spec_the_same_bytes(specs):
    _, found = specs
    spec = found["destitution"]
    assert chart_svg.render_svg(spec) == chart_svg.render_svg(dataclasses.replace(spec))
    changed = chart_svg.render_svg(dataclasses.replace(spec, colour="#123456"))
    assert 'stroke="#123456"' in changed and changed != chart_svg.render_svg(spec)


def cells(html: str) -> list[dict]:
    """Each cell of a printed panel: its title lines, its picture's alt text and SVG."""
    found = []
    for cell in re.findall(r'<div class="panel-chart">(.*?)</div>', html):
        title = re.search(r'<p class="panel-title"[^>]*>(.*?)</p>', cell).group(1)
        alt = re.search(r' alt="([^"]*)"', cell).group(1)
        svg = base64.b64decode(re.search(r'src="data:image/svg\+xml;base64,([^"]+)"', cell).group(1)).decode()
        found.append({"title": [html_unescape(line) for line in title.split("<br>")], "alt": html_unescape(alt),
                      "svg": svg})
    return found


def test_the_printed_panels_have_a_small_chart_per_measure_titled_and_described(specs):
    data, found = specs
    for priority in data.priorities:
        mine = [found[m.id] for m in data.measures_of(priority.id) if m.id in found]
        if not mine:
            continue
        html = small_multiples.measures_panel_html(mine)
        drawn = cells(html)
        assert [" ".join(c["title"]) for c in drawn] == [s.measure.short_measure for s in mine], priority.id
        assert [c["alt"] for c in drawn] == [s.alt for s in mine]
        assert html == small_multiples.measures_panel_html(list(mine))


def test_a_printed_small_charts_labels_are_one_text_and_its_marks_few_elements(specs):
    """WeasyPrint lays out an SVG <text> letter by letter and sets up every element's paint anew:
    a small chart's tick labels are one <text> (every letter placed), its grid, axes, each line's
    markers and the diamonds one path each; the title is HTML."""
    _, found = specs
    for name, spec in found.items():
        (cell,) = cells(small_multiples.measures_panel_html([spec]))
        root = fromstring(cell["svg"])
        (text,) = root.iter(SVG + "text")
        words = [w for w, _, _ in labels(text)]
        assert words[-2:] == ["2027", "2040"] and len(words) >= 4, (name, words)
        assert spec.measure.short_measure not in text.text and "<text" not in cell["title"][0], name
        lines = len([line for line in spec.panels[0].lines if not line.comparator])
        assert len(list(root)) == 1 + 3 + 2 * lines + (1 if spec.panels[0].markers else 0), name


def test_a_printed_small_charts_tick_labels_sit_by_their_ticks(specs):
    """Read back from the letters' places: each y label ends 5 points left of the axis with its
    capitals centred on its tick, each year is centred under its tick (the labels' boxes stay in
    the picture and apart: ``test_every_chart_and_panel_keeps_its_text_inside_the_picture_and_apart``)."""
    _, found = specs
    size = small_multiples.TICK_TEXT
    for name, spec in found.items():
        root = fromstring(small_multiples.small_chart(spec).svg)
        strokes = [[tuple(map(float, part.replace("L", " ").split())) for part in path.get("d").split("M")[1:]]
                   for path in root.findall(SVG + "path")[:2]]
        *ticks, (left, _, _, bottom, _, _) = strokes[1]  # the axes: ticks, then the axes' corner line
        y_ticks = [y0 for _, y0, x1, y1 in ticks if x1 == left and y1 == y0]
        x_ticks = [x0 for x0, y0, x1, _ in ticks if x1 == x0 and y0 == bottom]
        years_at = bottom + 5 + size * CAP_HEIGHT  # the years' baseline
        placed = labels(next(root.iter(SVG + "text")))
        ys = sorted((y, x + width(words, size, wider=1.0), words) for words, x, y in placed if abs(y - years_at) > 0.02)
        xs = [(x + width(words, size, wider=1.0) / 2, words) for words, x, y in placed if abs(y - years_at) <= 0.02]
        assert 2 <= len(ys) <= len(y_ticks), (name, ys)
        for y, end, words in ys:
            assert abs(end - (left - 5)) < 0.02, (name, words)
            assert any(abs(y - size * CAP_HEIGHT / 2 - tick) < 0.02 for tick in y_ticks), (name, words)
        assert len(xs) == len(x_ticks) and all(abs(c - t) < 0.02 for (c, _), t in zip(xs, x_ticks)), (name, xs)


def test_a_panel_title_too_long_for_two_lines_ends_in_an_ellipsis(specs):
    _, found = specs
    spec = found["destitution"]
    long = "Households in destitution across the whole borough, counted in the winter survey"
    (cell,) = cells(small_multiples.measures_panel_html([dataclasses.replace(spec, measure=dataclasses.replace(
        spec.measure, short_measure=long))]))
    assert cell["title"] == ["Households in destitution", "across the whole borough…"]
    (short,) = cells(small_multiples.measures_panel_html([spec]))
    assert short["title"] == [spec.measure.short_measure]


def test_axis_ticks_are_round_numbers_at_most_five_intervals_apart():
    assert nice_ticks(0, 13.2) == [0, 3, 6, 9, 12]
    assert nice_ticks(5800, 8200) == [6000, 6500, 7000, 7500, 8000]
    assert nice_ticks(0.5, 12.8, whole=True) == [3, 6, 9, 12]
    assert nice_ticks(0, 1, 3) == [0, 0.4, 0.8]


def first_series(found, measure_id):
    return found[measure_id].panels[0].series[0]


def test_a_tick_between_whole_numbers_is_written_exactly_not_rounded_to_the_series_decimals(specs):
    _, found = specs
    footfall = first_series(found, "town-centre-footfall")  # written with no decimals
    assert footfall.decimals == 0
    ticks = nice_ticks(*value_range([2, 10], 1.5))
    assert chart_svg.tick_labels(footfall, ticks) == [(2.5, "2.5"), (5, "5.0"), (7.5, "7.5"), (10, "10.0")]
    destitution = first_series(found, "destitution")  # a percentage with one decimal
    ticks = nice_ticks(*value_range([0.1, 0.5], 1.5))
    assert chart_svg.tick_labels(destitution, ticks) == [(0.15, "0.15%"), (0.3, "0.30%"), (0.45, "0.45%")]


def read_back(label: str) -> float:
    """The number a tick label writes (its unit's words and signs, and thousands commas, dropped)."""
    return float(re.sub(r"[^0-9.\-]", "", label.replace(MINUS, "-").replace("CO₂e", "")))


def test_every_tick_label_reads_back_as_its_tick_and_no_two_on_an_axis_read_alike(specs):
    _, found = specs
    units = {}
    for spec in found.values():
        for panel in spec.panels:
            series = panel.series[0]
            if series.unit.format != "ordinal":
                units.setdefault((series.unit.prefix, series.unit.suffix, series.decimals), series)
    assert len(units) >= 8  # £, %, £m, worded units, plain numbers; none to three decimals
    checked = 0
    for series in units.values():
        for power in range(-3, 7):
            for low, high in [(0, 1), (0.1, 0.5), (2, 10), (1, 1.3), (0.3, 7.7), (12, 13.1), (55, 98), (1.05, 1.25)]:
                for most in (3, 5):  # a printed panel's axis, a measure page's
                    ticks = nice_ticks(*value_range([low * 10 ** power, high * 10 ** power], 1.5), most)
                    labels = chart_svg.tick_labels(series, ticks)
                    for tick, label in labels:
                        assert read_back(label) == pytest.approx(tick, rel=1e-12, abs=1e-12), (series.unit, label, tick)
                    assert len({label for _, label in labels}) == len(labels), labels
                    places = {len(label.split(".")[1].rstrip("%m")) if "." in label else 0 for _, label in labels}
                    assert len(places) == 1, labels  # every tick of an axis has the same decimals
                    checked += 1
    assert checked > 1000


def test_rank_ticks_are_whole_ordinals(specs):
    _, found = specs
    rank = found["attainment-8"].panels[1].series[0]
    assert chart_svg.tick_labels(rank, [1.0, 1.5, 2.0, 4.0]) == [(1, "1st"), (1.5, ""), (2, "2nd"), (4, "4th")]


def test_text_room_allows_for_a_wider_fallback_font():
    # "2040" is four digits of about half an em in Source Sans 3, drawn at 10 points
    assert 4 * 0.5 * 10 * FALLBACK_WIDER * 0.9 < width("2040", 10) < 4 * 0.5 * 10 * FALLBACK_WIDER * 1.1
    assert width("Luton", 10, bold=True) > width("Luton", 10)


DEJAVU = Path("/usr/share/fonts/truetype/dejavu")


def test_the_room_promised_holds_the_widest_fallback_font_drawing_every_label(specs):
    """DejaVu Sans (the Linux default sans-serif, the widest common fallback) and its bold fit the
    room every chart and panel leaves for each line of its text."""
    from fontTools.ttLib import TTFont

    if not (DEJAVU / "DejaVuSans-Bold.ttf").exists():
        pytest.skip(f"DejaVu Sans is not installed in {DEJAVU} (apt-get install fonts-dejavu-core)")
    fonts = {}
    for bold, name in ((False, "DejaVuSans.ttf"), (True, "DejaVuSans-Bold.ttf")):
        font = TTFont(DEJAVU / name)
        fonts[bold] = (font.getBestCmap(), font["hmtx"].metrics, font["head"].unitsPerEm)
    widest = {False: 0.0, True: 0.0}
    for name, svg in pictures(*specs):
        for text in fromstring(svg).iter(SVG + "text"):
            size, bold = float(text.get("font-size")), text.get("font-weight") == "700"
            cmap, metrics, per_em = fonts[bold]
            drawn = sum(metrics[cmap[ord(c)]][0] for c in text.text) / per_em * size
            assert drawn <= width(text.text, size, bold), (name, text.text)
            widest[bold] = max(widest[bold], drawn / width(text.text, size, bold, wider=1))
    assert FALLBACK_WIDER - 0.03 < widest[False] <= FALLBACK_WIDER  # the room is not much more than needed
    assert FALLBACK_WIDER_BOLD - 0.03 < widest[True] <= FALLBACK_WIDER_BOLD
