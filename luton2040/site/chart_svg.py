"""Drawing a measure's ChartSpec as SVG text for a phone, with no drawing library: the same spec
always gives the same bytes.

One panel per unit, stacked. Luton's series are lines with their own dash pattern and marker shape
(so nothing depends on colour), the comparator a grey dashed line with hollow circles, milestones
and the 2040 target hollow diamonds with their year written once above the highest. Every line is
named at its end (labels moved apart when the lines end close together) and every point and
diamond has a ``<title>`` with its value. Room for text is measured with ``text_width``.
"""
from __future__ import annotations

import datetime as dt

from luton2040.compute import format as fmt
from luton2040.data.model import MILESTONE_YEARS, TARGET_YEAR, Series
from luton2040.site import svg_marks as marks
from luton2040.site.charts import ChartSpec, Line, Marker, Panel
from luton2040.site.plot_scale import Scale, day, nice_ticks, tick_decimals, value_range, year_ticks
from luton2040.site.text_width import CAP_HEIGHT, USUAL_WIDER, width as text_width

COMPARATOR_COLOUR = "#595959"
SERIES_COLOURS = ("#1b1b1f", "#1f4f9c", "#8a5300", "#5a2d8c")  # after the priority colour
MARKERS = marks.SHAPES
LINE_STYLES = ("solid", "dashed", "dashdot", "dotted")
INK, AXIS, GRID = marks.INK, "#4a4a55", "#d5d5de"

# Drawn for a phone: the SVG is WIDTH inches (WIDTH × 72 user units) wide and shown at most about
# 40rem wide, so at 390 px (a 356 px image) its smallest text, MIN_TEXT units, renders above 12 px.
WIDTH = 4.8
MIN_TEXT = 12.5
LABEL_GAP = 15  # points between direct labels that would otherwise overlap
TARGETS_LABEL = "Milestones and 2040 target"

PAD = 6                 # around the picture
PANEL_HEIGHT = 252      # a panel with its x axis (3.5 in); SHORT_PANEL when there are three or more
SHORT_PANEL = 201.6
LEGEND_ROOM = 26        # the milestones' legend line under a panel's x axis
PANEL_GAP = 14
TICK, TICK_PAD = 3.5, 3.5
AXIS_END = dt.date(TARGET_YEAR + 1, 6, 30)  # room after the 2040 diamond
LINE_HEIGHT = MIN_TEXT * 1.15
NUDGES = tuple(range(-8, 9))  # places tried for a line's name, in half lines from its end
Box = tuple[float, float, float, float]  # left, top, right, bottom


def milestone_ticks(first_year: int) -> list[int]:
    """X ticks: the first year drawn, then the milestone years and 2040 (none closer than 3 years)."""
    ticks = [first_year] if first_year <= MILESTONE_YEARS[0] - 3 else []
    return ticks + [*MILESTONE_YEARS, TARGET_YEAR]


def spread(wanted: list[float], gap: float) -> list[float]:
    """Positions as near ``wanted`` as possible, each at least ``gap`` from the next (in order)."""
    order = sorted(range(len(wanted)), key=lambda i: wanted[i])
    placed = [0.0] * len(wanted)
    last = None
    for i in order:
        placed[i] = wanted[i] if last is None else max(wanted[i], last + gap)
        last = placed[i]
    shift = (sum(placed) - sum(wanted)) / len(wanted) if wanted else 0
    return [p - shift for p in placed]


def point_title(label: str, period: str, text: str) -> str:
    """A point's title: its line, its period as the report prints it, and its value."""
    return f"{label}, {period}: {text}"


LABEL_APART = 4  # points between two labels on the x axis
TICK_CLEAR = 3   # points between a label's words and any tick but its own
SHIFTS = (0.0, -0.5, 0.5, -0.8, 0.8)  # a label's places, in half its width from its tick (still under it)
AxisLabel = tuple[dt.date, str, float, float, float]  # date, words, tick, half the words' width, middle


def axis_words(line: Line) -> tuple[str, ...]:
    """Each point's period as the x axis writes it ('Sep 2023'), else as the report prints it."""
    return line.axis_periods or line.periods


def axis_labels(panel: Panel, xs: Scale, room: tuple[float, float],
                ticks: list[dt.date]) -> list[tuple[dt.date, str, float]]:
    """The x axis's labels: each plotted point's period under it, in the axis's short words
    ('2023', 'Apr 2024', 'Apr–Jun 2023': ``periods.short_display``; the alt text and the "Every
    value" table give the full words), and the milestone years: (date, words, the middle of the
    words). A label is centred under its tick or moved aside with its tick still under it, and is
    placed only where it stays clear of every other tick (``ticks``, the milestone years' that are
    always drawn, and those of the labels already placed: TICK_CLEAR), its middle is nearer its own
    point than any other plotted point, it is no closer than LABEL_APART to another label and
    inside ``room`` (left, right); a label with no such place is left off (and its point gets no
    tick, so no words sit under a tick that is not theirs); when one finds no place, one label
    already placed may move to another of its places to make room. They are placed in this order: the
    milestone years with no diamond in this panel (the axis's only years there), then the periods
    of earlier points, then each line's latest point (which, left off, is named in the line's label
    instead: ``latest_period_off_axis``), and last the milestone years written above their diamonds
    anyway."""
    years_marked = {m.when.year for m in panel.markers}
    every = {(when, words) for line in panel.lines for (when, _), words in zip(line.points, axis_words(line))}
    ends = {(line.points[-1][0], axis_words(line)[-1]) for line in panel.lines if axis_words(line)}
    milestones = [(dt.date(y, 12, 31), str(y)) for y in (*MILESTONE_YEARS, TARGET_YEAR)]
    wanted = ([m for m in milestones if int(m[1]) not in years_marked] + sorted(every - ends) + sorted(ends)
              + [m for m in milestones if int(m[1]) in years_marked])
    points = sorted({xs(day(when)) for when, _ in every})
    drawn = [xs(day(when)) for when in ticks]
    placed: list[AxisLabel] = []

    def fits(x: float, half: float, middle: float, others: list[AxisLabel]) -> bool:
        left, right = middle - half, middle + half
        ticks_there = [t for t in drawn + [o[2] for o in others] if abs(t - x) > 0.01]
        return (room[0] <= left and right <= room[1]
                and not any(left - TICK_CLEAR < t < right + TICK_CLEAR for t in ticks_there)
                and not any(abs(p - middle) <= abs(x - middle) for p in points if abs(p - x) > 0.01)
                and not any(left < o[4] + o[3] + LABEL_APART and o[4] - o[3] < right + LABEL_APART for o in others))

    def place(x: float, half: float, others: list[AxisLabel]) -> float | None:
        return next((x + shift * half for shift in SHIFTS if fits(x, half, x + shift * half, others)), None)

    for when, words in wanted:
        x, half = xs(day(when)), text_width(words, MIN_TEXT) / 2
        middle = place(x, half, placed)
        if middle is not None:
            placed.append((when, words, x, half, middle))
            continue
        for i, old in enumerate(placed):  # no room: make some by moving one label to another of its places
            rest = placed[:i] + placed[i + 1:]
            for shift in SHIFTS:
                mover = (*old[:4], old[2] + shift * old[3])
                if abs(mover[4] - old[4]) < 0.01 or not fits(old[2], old[3], mover[4], rest):
                    continue
                middle = place(x, half, rest + [mover])
                if middle is not None and fits(old[2], old[3], mover[4], rest + [(when, words, x, half, middle)]):
                    placed[i] = mover
                    placed.append((when, words, x, half, middle))
                    break
                middle = None
            if middle is not None:
                break
    return sorted((when, words, middle) for when, words, _, _, middle in placed)


def latest_period_off_axis(line: Line, labels: list[tuple[dt.date, str, float]]) -> str:
    """The period of the line's latest point, in full, when the axis has no room for it ('' when it has)."""
    words = axis_words(line)
    if not words or (line.points[-1][0], words[-1]) in {(when, said) for when, said, _ in labels}:
        return ""
    return line.periods[-1] if line.periods else words[-1]


def tick_labels(series: Series, ticks: list[float]) -> list[tuple[float, str]]:
    """Each y tick with its words, every tick written exactly and all with the same decimals (from
    the axis's step: 2.5, 5.0, 7.5, 10.0 — never rounded to the series' own decimals, which would
    write 2.5 as "3"): ranks as '1st' (whole ranks only), worded units without their words (the
    axis label says them), other units as their values read."""
    if series.unit.format == "ordinal":
        return [(t, fmt.ordinal(int(t)) if t >= 1 and float(t).is_integer() else "") for t in ticks]
    decimals = tick_decimals(ticks)
    if series.unit.suffix.startswith(" "):  # worded units (" journeys") are in the axis label
        return [(t, series.unit.prefix + fmt.number(t, decimals)) for t in ticks]
    return [(t, fmt.value(t, series.unit, decimals).strip()) for t in ticks]


def value_text(series: Series, value: float) -> str:
    if series.unit.format == "ordinal":
        return fmt.ordinal(int(round(value)))
    return fmt.value(value, series.unit, series.decimals).strip()


def baseline(middle: float, size: float) -> float:
    """The baseline that centres capitals and digits of ``size`` on ``middle``."""
    return middle + CAP_HEIGHT * size / 2


def _panel_tops(spec: ChartSpec) -> tuple[list[float], float, float]:
    """Where each panel starts, each panel's height (its x axis included) and the picture's height:
    panels stacked, each with room for the milestones' legend line when it has milestones."""
    height = PANEL_HEIGHT if len(spec.panels) <= 2 else SHORT_PANEL
    tops, top = [], PAD
    for panel in spec.panels:
        tops.append(top)
        top += height + (LEGEND_ROOM if panel.markers else 0) + PANEL_GAP
    return tops, height, top - PANEL_GAP + PAD


def size(spec: ChartSpec) -> tuple[float, float]:
    """The chart's width and height in points (for the page to reserve its room before it loads)."""
    return WIDTH * 72, _panel_tops(spec)[2]


def render_svg(spec: ChartSpec) -> str:
    """The chart as SVG text; the same spec always gives the same bytes."""
    width = WIDTH * 72
    tops, height, total = _panel_tops(spec)
    colours = (spec.colour,) + SERIES_COLOURS
    body: list[str] = []
    for panel, top in zip(spec.panels, tops):
        body += _panel(panel, colours, (PAD, top, width - PAD, top + height))
    return marks.document(width, total, body)


def _panel(panel: Panel, colours: tuple[str, ...], box: tuple[float, float, float, float]) -> list[str]:
    """One panel inside ``box`` (left, top, right, bottom; the x axis's labels included), with its
    milestones' legend line below the box."""
    left_edge, top, right_edge, bottom = box
    series = panel.series[0]
    first_year = min(p[0].year for line in panel.lines for p in line.points)
    values = [p[1] for line in panel.lines for p in line.points] + [m.value for m in panel.markers]
    low, high = value_range(values, 1.5)
    ranks = series.unit.format == "ordinal"
    ticks = tick_labels(series, nice_ticks(low, high, 5, whole=ranks))
    plot_bottom = bottom - TICK - TICK_PAD - MIN_TEXT * 1.15
    ys = _y_scale(panel, (low, high), ranks, top, plot_bottom)
    # the y axis's name, in as many lines as keep it within the plot's height
    name = wrap(panel.unit_label[:1].upper() + panel.unit_label[1:], abs(ys.span[1] - ys.span[0]), MIN_TEXT)
    years = year_ticks(first_year, milestone_ticks(first_year))
    first_period = min((p for line in panel.lines for p in zip(line.points, axis_words(line))), default=None)
    first_words = first_period[1] if first_period else years[0][1]
    left = max(left_edge + MIN_TEXT * 1.2 + (len(name) - 1) * LINE_HEIGHT + 5
               + max(text_width(t, MIN_TEXT) for _, t in ticks) + TICK + TICK_PAD,
               left_edge + text_width(first_words, MIN_TEXT) / 2)
    xs = _x_scale(first_year, left, right_edge, years)
    right = xs(day(AXIS_END))
    milestone_x = sorted({when for when, _ in years if when.year in (*MILESTONE_YEARS, TARGET_YEAR)})
    periods = axis_labels(panel, xs, (left_edge, right_edge), milestone_x)
    ticks_x = sorted(set(milestone_x) | {when for when, _, _ in periods})
    out = [_grid_and_axes(ticks, (ticks_x, periods), xs, ys, (left, right, ys.span), name)]
    ends = []
    luton = 0
    for line in panel.lines:
        if line.comparator:
            colour, shape, style = COMPARATOR_COLOUR, "circle", "dashed"
        else:
            colour, shape, style = colours[luton % len(colours)], MARKERS[luton % 5], LINE_STYLES[luton % 4]
            luton += 1
        out.append(_line(line, series, xs, ys, colour, shape, style))
        ends.append((line, colour))
    diamonds, covered = _targets(panel.markers, xs, ys)
    out.append(diamonds)
    out.append(_direct_labels(ends, xs, ys, covered, (top, plot_bottom, right_edge), periods))
    if panel.markers:  # the legend's one entry, under the x axis
        middle = bottom + LEGEND_ROOM / 2
        out.append(marks.marker("diamond", left + 6, middle, 7.5, fill="#ffffff", stroke=INK, stroke_width="1.4"))
        out.append(marks.text(left + 20, baseline(middle, MIN_TEXT), TARGETS_LABEL, MIN_TEXT))
    return out


def _x_scale(first_year: int, left: float, right_edge: float, years: list[tuple[dt.date, str]]) -> Scale:
    """Days from the first year's start to mid-2041, as wide as fits with the last year's label
    ending inside the picture."""
    start, end = day(dt.date(first_year, 1, 1)), day(AXIS_END)
    last_when, last_label = years[-1]
    fraction = (day(last_when) - start) / (end - start)
    right = min(right_edge, left + (right_edge - text_width(last_label, MIN_TEXT) / 2 - left) / fraction)
    return Scale((start, end), (left, right))


def _y_scale(panel: Panel, domain: tuple[float, float], ranks: bool, top: float, plot_bottom: float) -> Scale:
    """Values to heights (ranks upside down: 1st at the top), leaving room above the highest
    diamond of each year for its year."""
    plot_top = top
    for _ in range(3):
        ys = Scale(domain, (plot_top, plot_bottom) if ranks else (plot_bottom, plot_top))
        heads = [ys(m.value) - 9 - CAP_HEIGHT * MIN_TEXT for m in _year_heads(panel.markers, ys)]
        short = top - min(heads, default=top)
        if short <= 0.5:
            return ys
        plot_top += short
    return ys


def _year_heads(markers: tuple[Marker, ...], ys: Scale) -> list[Marker]:
    """The diamond of each year that is highest on the picture (where its year is written)."""
    top: dict[int, Marker] = {}
    for m in markers:
        if m.when.year not in top or ys(m.value) < ys(top[m.when.year].value):
            top[m.when.year] = m
    return list(top.values())


def _grid_and_axes(ticks, years, xs: Scale, ys: Scale, frame, name: list[str]) -> str:
    """The light horizontal grid, the left and bottom axes with their ticks and labels (``years``:
    the dates ticked on the x axis, and the (date, words, middle) written under it), and the y axis's
    name (the unit, first letter capitalised, in its lines), turned to read upwards."""
    left, right, (y0, y1) = frame
    plot_top, plot_bottom = min(y0, y1), max(y0, y1)
    grid, axes, labels = [], [], []
    for value, label in ticks:
        y = ys(value)
        grid.append(marks.line(left, y, right, y))
        axes.append(marks.line(left - TICK, y, left, y))
        if label:
            labels.append(marks.text(left - TICK - TICK_PAD, baseline(y, MIN_TEXT), label, MIN_TEXT, "end"))
    under = plot_bottom + TICK + TICK_PAD + 1 + CAP_HEIGHT * MIN_TEXT  # the years' baseline
    marked, worded = years
    for when in marked:
        x = xs(day(when))
        axes.append(marks.line(x, plot_bottom, x, plot_bottom + TICK))
    for _, label, middle in worded:
        labels.append(marks.text(middle, under, label, MIN_TEXT, "middle"))
    axes.append(marks.polyline([(left, plot_top), (left, plot_bottom), (right, plot_bottom)]))
    last = left - TICK - TICK_PAD - max((text_width(t, MIN_TEXT) for _, t in ticks), default=0) - 5 - MIN_TEXT * 0.35
    middle = (plot_top + plot_bottom) / 2
    for i, words in enumerate(name):  # turned, a name's next line is to the right of the one before
        x = last - (len(name) - 1 - i) * LINE_HEIGHT
        labels.append(marks.text(x, middle, words, MIN_TEXT, "middle",
                                 transform=f"rotate(-90 {marks.num(x)} {marks.num(middle)})"))
    return (marks.group(grid, stroke=GRID, stroke_width="0.6")
            + marks.group(axes, stroke=AXIS, stroke_width="0.8") + "".join(labels))


def _line(line: Line, series: Series, xs: Scale, ys: Scale, colour: str, shape: str, style: str) -> str:
    """A series: its line, and a marker with a title per point (hollow circles for the comparator)."""
    points = [(xs(day(when)), ys(value)) for when, value in line.points]
    wide = 1.5 if line.comparator else 2.2
    size = 6 if line.comparator else 6.5
    drawn = [marks.polyline(points, stroke_width=marks.num(wide), stroke_dasharray=marks.dash_array(style, wide),
                            stroke_linejoin="round")]
    for (x, y), (when, value), period in zip(points, line.points, line.periods or [str(p[0].year) for p in line.points]):
        drawn.append(marks.marker(shape, x, y, size, point_title(line.label, period, value_text(series, value))))
    return marks.group(drawn, stroke=colour, fill="#ffffff" if line.comparator else colour)


def _targets(markers: tuple[Marker, ...], xs: Scale, ys: Scale) -> tuple[str, list[Box]]:
    """Milestones and the target as hollow diamonds, each year written once above its highest;
    and the boxes they cover (for the lines' names to keep clear of)."""
    if not markers:
        return "", []
    drawn, covered = [], []
    for m in markers:
        x, y = xs(day(m.when)), ys(m.value)
        drawn.append(marks.marker("diamond", x, y, 7.5, f"{m.label}: {m.text}"))
        covered.append((x - 6, y - 6, x + 6, y + 6))
    years = []
    for m in _year_heads(markers, ys):
        x, y, words = xs(day(m.when)), ys(m.value) - 9, m.when.strftime("%Y")
        years.append(marks.text(x, y, words, MIN_TEXT, "middle"))
        half = text_width(words, MIN_TEXT) / 2
        covered.append((x - half, y - CAP_HEIGHT * MIN_TEXT - 1, x + half, y + 2))
    return marks.group(drawn, fill="#ffffff", stroke=INK, stroke_width="1.4") + "".join(years), covered


def wrap(words: str, room: float, size: float, bold: bool = False) -> list[str]:
    """``words`` in as few lines as fit ``room`` (a word longer than the room has a line of its own)."""
    lines: list[str] = []
    for word in words.split():
        if lines and text_width(f"{lines[-1]} {word}", size, bold) <= room:
            lines[-1] += f" {word}"
        else:
            lines.append(word)
    return lines or [words]


def _candidate(x: float, w: float, half: float, y: float) -> tuple[float, Box]:
    return y, (x - 2, y - half, x + w + 2, y + half)


def _overlap(box: Box, taken: list[Box], top: float, bottom: float) -> float:
    """How much of ``box`` lies on what is already drawn, or outside the plot (an area)."""
    def shared(b: Box) -> float:
        return max(0.0, min(box[2], b[2]) - max(box[0], b[0])) * max(0.0, min(box[3], b[3]) - max(box[1], b[1]))
    outside = (max(0.0, top - box[1]) + max(0.0, box[3] - bottom)) * (box[2] - box[0])
    return sum(shared(b) for b in taken) + outside


def _direct_labels(ends: list[tuple[Line, str]], xs: Scale, ys: Scale, covered: list[Box],
                   room: tuple[float, float, float], on_axis: list[tuple[dt.date, str, float]]) -> str:
    """Name each line beside its last point (so no legend is needed to tell them apart), wrapped
    to fit the picture, with that point's period in a line of its own when the x axis had no room
    for it (``latest_period_off_axis``), moved apart when lines end close together and off the
    diamonds and their years, each on a white backing."""
    if not ends:
        return ""
    top, bottom, right_edge = room
    named = []
    for line, colour in ends:
        x = xs(day(line.points[-1][0])) + 8
        lines = [(t, True) for t in wrap(line.label, right_edge - x - 2, MIN_TEXT, bold=True)]
        period = latest_period_off_axis(line, on_axis)
        lines += [(t, False) for t in (wrap(period, right_edge - x - 2, MIN_TEXT) if period else [])]
        named.append((lines, colour, x))
    gap = max(LABEL_GAP, max(len(lines) for lines, _, _ in named) * LINE_HEIGHT)
    wanted = spread([ys(line.points[-1][1]) for line, _ in ends], gap)
    taken = list(covered)
    out = []
    for (lines, colour, x), middle in sorted(zip(named, wanted), key=lambda item: item[1]):
        w = max(text_width(t, MIN_TEXT, bold=bold) for t, bold in lines)
        half = len(lines) * LINE_HEIGHT / 2
        y, box = min((_candidate(x, w, half, middle + nudge * LINE_HEIGHT / 2) for nudge in NUDGES),
                     key=lambda c: (_overlap(c[1], taken, top, bottom), abs(c[0] - middle)))
        taken.append(box)  # room for the widest fallback font; the backing covers the usual ones
        backing = max(text_width(t, MIN_TEXT, bold=bold, wider=USUAL_WIDER) for t, bold in lines) + 4
        out.append(marks.element("rect", x=marks.num(box[0]), y=marks.num(box[1]), width=marks.num(backing),
                                 height=marks.num(box[3] - box[1]), rx="2", fill="#ffffff", fill_opacity="0.85"))
        for i, (words, bold) in enumerate(lines):
            out.append(marks.text(x, baseline(y - half + (i + 0.5) * LINE_HEIGHT, MIN_TEXT), words, MIN_TEXT,
                                  bold=bold, fill=colour))
    return "".join(out)


# The printed chapters' small multiples are drawn by ``small_multiples``.
