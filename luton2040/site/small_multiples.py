"""The printed chapter's small multiples: one small chart per measure (Luton's first panel: its
lines and its milestones as diamonds) in a grid three wide, drawn as SVG text with no drawing
library (the same specs always give the same bytes). The measure pages have the full charts."""
from __future__ import annotations

import datetime as dt
import textwrap

from luton2040.data.model import MILESTONE_YEARS, TARGET_YEAR
from luton2040.site import svg_marks as marks
from luton2040.site.chart_svg import AXIS, AXIS_END, GRID, LINE_STYLES, MARKERS, SERIES_COLOURS, baseline, tick_labels
from luton2040.site.charts import ChartSpec
from luton2040.site.plot_scale import Scale, day, nice_ticks, value_range, year_ticks
from luton2040.site.text_width import CAP_HEIGHT, width as text_width

PANEL_COLUMNS = 3
PANEL_TEXT = 8  # points, for a panel printed about 170 mm (6.7 in) wide
TICK_TEXT = PANEL_TEXT - 0.5
CELL_WIDTH, CELL_HEIGHT = 168, 140.4  # 7 in wide in all; 1.95 in a row
TITLE_ROOM = PANEL_TEXT * 1.2 * 2 + 4  # two lines of title


def measures_panel_svg(specs: list[ChartSpec]) -> str:
    """One small chart per measure, in rows of three. Same bytes for the same specs."""
    rows = max(1, -(-len(specs) // PANEL_COLUMNS))
    body = []
    for index, spec in enumerate(specs):
        row, column = divmod(index, PANEL_COLUMNS)
        body.append(_cell(spec, column * CELL_WIDTH, row * CELL_HEIGHT))
    return marks.document(CELL_WIDTH * PANEL_COLUMNS, CELL_HEIGHT * rows, body)


def _cell(spec: ChartSpec, x0: float, y0: float) -> str:
    """One measure's small chart with its short name as a bold title of at most two lines (a longer
    name cut short with "…")."""
    panel = spec.panels[0]
    series = panel.series[0]
    luton = [line for line in panel.lines if not line.comparator]
    title = textwrap.wrap(spec.measure.short_measure, 27, max_lines=2, placeholder="…")  # the table has it in full
    title[-1] = title[-1][:-1].rstrip(",;:") + "…" if title[-1].endswith("…") else title[-1]
    values = [p[1] for line in luton for p in line.points] + [m.value for m in panel.markers]
    low, high = value_range(values, 1.0)
    ranks = series.unit.format == "ordinal"
    ticks = tick_labels(series, nice_ticks(low, high, 3, whole=ranks))
    first = min(p[0].year for line in luton for p in line.points)
    shown = ([first] if first <= MILESTONE_YEARS[0] - 5 else []) + [MILESTONE_YEARS[0], TARGET_YEAR]
    years = year_ticks(first, shown)
    left = x0 + 6 + max(text_width(t, TICK_TEXT) for _, t in ticks) + 3 + 2
    right = x0 + CELL_WIDTH - 6 - text_width(str(TARGET_YEAR), TICK_TEXT) / 2
    # over the plot's left edge, moved left when a wide fallback font would run into the next cell
    at = min(left, x0 + CELL_WIDTH - 4 - max(text_width(words, PANEL_TEXT, bold=True) for words in title))
    out = [marks.text(at, y0 + 4 + PANEL_TEXT * (1 + 1.2 * i), words, PANEL_TEXT, bold=True)
           for i, words in enumerate(title)]
    top, bottom = y0 + TITLE_ROOM + 2, y0 + CELL_HEIGHT - TICK_TEXT * 1.15 - 9
    xs = Scale((day(dt.date(first, 1, 1)), day(AXIS_END)), (left, right))
    ys = Scale((low, high), (top, bottom) if ranks else (bottom, top))
    grid, axes, labels = [], [], []
    for value, label in ticks:
        grid.append(marks.line(left, ys(value), right, ys(value)))
        axes.append(marks.line(left - 3, ys(value), left, ys(value)))
        if label:
            labels.append(marks.text(left - 5, baseline(ys(value), TICK_TEXT), label, TICK_TEXT, "end"))
    for when, label in years:
        axes.append(marks.line(xs(day(when)), bottom, xs(day(when)), bottom + 3))
        labels.append(marks.text(xs(day(when)), bottom + 5 + CAP_HEIGHT * TICK_TEXT, label, TICK_TEXT, "middle"))
    axes.append(marks.polyline([(left, top), (left, bottom), (right, bottom)]))
    out += [marks.group(grid, stroke=GRID, stroke_width="0.5"), marks.group(axes, stroke=AXIS, stroke_width="0.8")]
    out += labels
    for index, line in enumerate(luton):
        colour = spec.colour if index == 0 else SERIES_COLOURS[(index - 1) % len(SERIES_COLOURS)]
        points = [(xs(day(when)), ys(value)) for when, value in line.points]
        drawn = [marks.polyline(points, stroke_width="1.6", stroke_linejoin="round",
                                stroke_dasharray=marks.dash_array(LINE_STYLES[index % 4], 1.6))]
        drawn += [marks.marker(MARKERS[index % 5], x, y, 3.5) for x, y in points]
        out.append(marks.group(drawn, stroke=colour, fill=colour))
    diamonds = [marks.marker("diamond", xs(day(m.when)), ys(m.value), 4) for m in panel.markers]
    if diamonds:
        out.append(marks.group(diamonds, fill="#ffffff", stroke=marks.INK, stroke_width="1"))
    return "".join(out)
