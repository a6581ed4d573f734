"""The printed chapter's small multiples: one small chart per measure (Luton's first panel: its
lines and its milestones as diamonds), three a row, as HTML: each chart is a cell with the measure's
short name as its title (HTML text) and a picture of the chart with its alt text: an SVG drawn with
no drawing library (the same specs always give the same bytes) whose tick labels are the outlines
of their letters. The measure pages have the full charts.

Why no SVG text: WeasyPrint lays out and draws an SVG ``<text>`` letter by letter, so a panel's
titles and tick labels cost it about as much as the rest of the chapter; a title as HTML is laid
out a line at a time, and a label's outlines are one path. Each label as an HTML box placed over the
picture costs WeasyPrint about as much as the SVG text did. And a panel of HTML cells can break
across pages between rows, where one picture of every chart had to fit on one page."""
from __future__ import annotations

import base64
import datetime as dt
import textwrap
from dataclasses import dataclass
from html import escape

from luton2040.data.model import MILESTONE_YEARS, TARGET_YEAR
from luton2040.site import svg_marks as marks
from luton2040.site.chart_svg import AXIS, AXIS_END, GRID, LINE_STYLES, MARKERS, SERIES_COLOURS, baseline, tick_labels
from luton2040.site.charts import ChartSpec
from luton2040.site.plot_scale import Scale, day, nice_ticks, value_range, year_ticks
from luton2040.site.text_width import CAP_HEIGHT, width as text_width

PANEL_COLUMNS = 3  # print.css gives each cell a third of the column
ROWS_ON_A_PAGE = 4  # with the caption: a longer panel is printed across pages
PANEL_TEXT = 8  # points, as drawn; the panel is printed about 170 mm (6.7 in) wide, so about 7.7 pt
TICK_TEXT = PANEL_TEXT - 0.5
CELL_WIDTH = 168  # 7 in for three cells
PLOT_HEIGHT = 117.2  # the picture under the title: 1.95 in a cell in all, with two lines of title
TITLE_LINE = 27  # characters


@dataclass(frozen=True)
class SmallChart:
    """One measure's cell: its title lines, its picture (SVG text) and the picture's alt text."""

    title: list[str]
    title_at: float  # where the title starts, in per cent of the width (over the plot's left edge)
    svg: str
    alt: str


def measures_panel_html(specs: list[ChartSpec]) -> str:
    """Every measure's cell, in order (print.css sets them three a row). Same bytes for the same specs."""
    return "".join(cell_html(small_chart(spec)) for spec in specs)


def cell_html(chart: SmallChart) -> str:
    """One cell: the title, then the picture with its alt text."""
    source = "data:image/svg+xml;base64," + base64.b64encode(chart.svg.encode("utf-8")).decode("ascii")
    title = "<br>".join(escape(line) for line in chart.title)
    return (f'<div class="panel-chart"><p class="panel-title" style="padding-left:{marks.num(chart.title_at)}%">'
            f'{title}</p><img src="{source}" alt="{escape(chart.alt)}"></div>')


def title_lines(name: str) -> list[str]:
    """The short name in at most two lines; a longer name is cut short with "…" (the table has it in full)."""
    title = textwrap.wrap(name, TITLE_LINE, max_lines=2, placeholder="…")
    title[-1] = title[-1][:-1].rstrip(",;:") + "…" if title[-1].endswith("…") else title[-1]
    return title


def small_chart(spec: ChartSpec) -> SmallChart:
    """One measure's small chart: its lines, its milestones as diamonds, the grid and the axes."""
    panel = spec.panels[0]
    series = panel.series[0]
    luton = [line for line in panel.lines if not line.comparator]
    title = title_lines(spec.measure.short_measure)
    values = [p[1] for line in luton for p in line.points] + [m.value for m in panel.markers]
    low, high = value_range(values, 1.0)
    ranks = series.unit.format == "ordinal"
    ticks = tick_labels(series, nice_ticks(low, high, 3, whole=ranks))
    first = min(p[0].year for line in luton for p in line.points)
    shown = ([first] if first <= MILESTONE_YEARS[0] - 5 else []) + [MILESTONE_YEARS[0], TARGET_YEAR]
    years = year_ticks(first, shown)
    left = 6 + max(text_width(t, TICK_TEXT) for _, t in ticks) + 3 + 2
    right = CELL_WIDTH - 6 - text_width(str(TARGET_YEAR), TICK_TEXT) / 2
    # over the plot's left edge, moved left when a wide fallback font would run into the next cell
    at = min(left, CELL_WIDTH - 4 - max(text_width(words, PANEL_TEXT, bold=True) for words in title))
    top, bottom = 6, PLOT_HEIGHT - TICK_TEXT * 1.15 - 9
    xs = Scale((day(dt.date(first, 1, 1)), day(AXIS_END)), (left, right))
    ys = Scale((low, high), (top, bottom) if ranks else (bottom, top))
    grid, axes, labels = [], [], []
    for value, label in ticks:
        grid.append([(left, ys(value)), (right, ys(value))])
        axes.append([(left - 3, ys(value)), (left, ys(value))])
        if label:
            labels.append((left - 5, baseline(ys(value), TICK_TEXT), label, "end"))
    for when, label in years:
        axes.append([(xs(day(when)), bottom), (xs(day(when)), bottom + 3)])
        labels.append((xs(day(when)), bottom + 5 + CAP_HEIGHT * TICK_TEXT, label, "middle"))
    axes.append([(left, top), (left, bottom), (right, bottom)])
    out = [marks.lines(grid, stroke=GRID, stroke_width="0.5"), marks.lines(axes, stroke=AXIS, stroke_width="0.8"),
           marks.placed_text(labels, TICK_TEXT)]
    for index, line in enumerate(luton):
        colour = spec.colour if index == 0 else SERIES_COLOURS[(index - 1) % len(SERIES_COLOURS)]
        points = [(xs(day(when)), ys(value)) for when, value in line.points]
        out.append(marks.polyline(points, stroke=colour, stroke_width="1.6", stroke_linejoin="round",
                                  stroke_dasharray=marks.dash_array(LINE_STYLES[index % 4], 1.6)))
        out.append(marks.markers(MARKERS[index % 5], points, 3.5, stroke=colour, fill=colour))
    if panel.markers:
        out.append(marks.markers("diamond", [(xs(day(m.when)), ys(m.value)) for m in panel.markers], 4,
                                 fill="#ffffff", stroke=marks.INK))
    return SmallChart(title, at / CELL_WIDTH * 100, marks.document(CELL_WIDTH, PLOT_HEIGHT, out), spec.alt)
