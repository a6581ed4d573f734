"""Drawing a ChartSpec as a deterministic SVG with matplotlib (the same spec always gives the same
bytes): a measure's chart drawn for a phone, and the printed chapter's small-multiples panel."""
from __future__ import annotations

import datetime as dt
import io

from luton2040.compute import format as fmt
from luton2040.data.model import MILESTONE_YEARS, TARGET_YEAR, Series
from luton2040.site.charts import ChartSpec, Panel

COMPARATOR_COLOUR = "#595959"
SERIES_COLOURS = ("#1b1b1f", "#1f4f9c", "#8a5300", "#5a2d8c")  # after the priority colour
MARKERS = ("o", "s", "^", "D", "v")
LINE_STYLES = ("-", "--", "-.", ":")



def _tick_formatter(series: Series):
    from matplotlib.ticker import FuncFormatter

    def label(value, _position):
        if series.unit.format == "ordinal":
            return fmt.ordinal(int(round(value))) if value >= 1 and float(value).is_integer() else ""
        decimals = 0 if float(value).is_integer() else min(series.decimals, 2)
        if series.unit.suffix.startswith(" "):  # worded units (" journeys") are in the axis label
            return series.unit.prefix + fmt.number(value, decimals)
        return fmt.value(value, series.unit, decimals).strip()
    return FuncFormatter(label)


# Drawn for a phone: the SVG is WIDTH inches (WIDTH × 72 user units) wide and shown at most about
# 40rem wide, so at 390 px (a 356 px image) its smallest text, MIN_TEXT units, renders above 12 px.
WIDTH = 4.8
MIN_TEXT = 12.5
LABEL_GAP = 15  # points between direct labels that would otherwise overlap


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


def point_title(label: str, when: dt.date, text: str) -> str:
    return f"{label}, {when.year}: {text}"


def _add_titles(svg: str, titles: dict[str, list[str]]) -> str:
    """Give each plotted point (a <use> in the group matplotlib writes for an artist's gid) a
    <title> with its value, so hovering or a screen reader exploring the SVG can read it."""
    import re
    from html import escape

    for gid, texts in titles.items():
        start = svg.find(f'<g id="{gid}"')
        if start < 0:
            continue
        end = svg.find("</g>", start)
        group = svg[start:end]
        queue = iter(texts)

        def titled(match, queue=queue):
            text = next(queue, None)
            return match.group(0) if text is None else f"{match.group(1)}><title>{escape(text)}</title></use>"
        group = re.sub(r"(<use [^>]*?)\s*/>", titled, group)
        svg = svg[:start] + group + svg[end:]
    return svg


#: matplotlib settings for a measure chart: text at MIN_TEXT, light grid, no top or right spine
STYLE = {
    "svg.hashsalt": "luton2040", "svg.fonttype": "none",
    "font.family": "sans-serif", "font.sans-serif": ["Source Sans 3", "DejaVu Sans", "Arial"],
    "font.size": MIN_TEXT, "axes.spines.top": False, "axes.spines.right": False,
    "axes.edgecolor": "#4a4a55", "axes.labelcolor": "#1b1b1f", "xtick.color": "#1b1b1f",
    "ytick.color": "#1b1b1f", "axes.grid": True, "grid.color": "#d5d5de", "grid.linewidth": 0.6,
    "legend.frameon": False, "path.simplify": False, "axes.labelsize": MIN_TEXT,
    "xtick.labelsize": MIN_TEXT, "ytick.labelsize": MIN_TEXT, "legend.fontsize": MIN_TEXT,
}
TARGETS_LABEL = "Milestones and 2040 target"


def render_svg(spec: ChartSpec) -> str:
    """The chart as SVG text; the same spec always gives the same bytes."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    titles: dict[str, list[str]] = {}
    with matplotlib.rc_context(STYLE):
        tall = 3.6 if len(spec.panels) <= 2 else 2.9
        fig, axes = plt.subplots(len(spec.panels), 1, figsize=(WIDTH, tall * len(spec.panels) + 0.5),
                                 squeeze=False)
        for number, (ax, panel) in enumerate(zip(axes[:, 0], spec.panels)):
            ends = _plot_lines(ax, panel, number, (spec.colour,) + SERIES_COLOURS, titles)
            _plot_targets(ax, panel, number, titles)
            _shape_axes(ax, panel)
            _direct_labels(fig, ax, ends)
            handles = [h for h in ax.get_legend_handles_labels()[0] if h.get_label() == TARGETS_LABEL]
            if handles:
                ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(0, -0.1), ncol=1)
        fig.tight_layout()
        buffer = io.StringIO()
        fig.savefig(buffer, format="svg", metadata={"Date": None})
        plt.close(fig)
    return _add_titles(buffer.getvalue(), titles)


def _plot_lines(ax, panel: Panel, number: int, colours: tuple[str, ...], titles: dict[str, list[str]]) -> list:
    """Luton's series and the comparator; each point's title goes into ``titles``. Returns
    (last point, label, colour) of each line, for the direct labels."""
    luton = 0
    ends = []
    for index, line in enumerate(panel.lines):
        xs = [p[0] for p in line.points]
        ys = [p[1] for p in line.points]
        gid = f"points-{number}-{index}"
        if line.comparator:
            colour = COMPARATOR_COLOUR
            ax.plot(xs, ys, linestyle="--", marker="o", markerfacecolor="white", color=colour,
                    linewidth=1.5, markersize=6, label=line.label, clip_on=False, gid=gid)
        else:
            colour = colours[luton % len(colours)]
            ax.plot(xs, ys, linestyle=LINE_STYLES[luton % 4], marker=MARKERS[luton % 5],
                    color=colour, linewidth=2.2, markersize=6.5, label=line.label, clip_on=False, gid=gid)
            luton += 1
        titles[gid] = [point_title(line.label, x, _value_text(panel.series[0], y)) for x, y in line.points]
        ends.append((line.points[-1], line.label, colour))
    return ends


def _plot_targets(ax, panel: Panel, number: int, titles: dict[str, list[str]]) -> None:
    """The milestones and target as hollow diamonds, each year labelled once above its highest."""
    top = {}
    for index, m in enumerate(panel.markers):
        gid = f"targets-{number}-{index}"
        ax.plot([m.when], [m.value], marker="D", markersize=7.5, markerfacecolor="white",
                markeredgecolor="#1b1b1f", markeredgewidth=1.4, linestyle="none", clip_on=False, gid=gid)
        titles[gid] = [f"{m.label}: {m.text}"]
        if m.when.year not in top or m.value > top[m.when.year].value:
            top[m.when.year] = m
    for m in top.values():
        ax.annotate(m.when.strftime("%Y"), (m.when, m.value), textcoords="offset points",
                    xytext=(0, 9), ha="center", fontsize=MIN_TEXT, color="#1b1b1f", annotation_clip=False)
    if panel.markers:
        ax.plot([], [], marker="D", markerfacecolor="white", markeredgecolor="#1b1b1f",
                linestyle="none", label=TARGETS_LABEL)


def _shape_axes(ax, panel: Panel) -> None:
    """Years from the first value to 2040 (milestone ticks), values with room above, unit label."""
    import matplotlib.dates as mdates
    from matplotlib.ticker import MaxNLocator

    first_year = min(p[0].year for l in panel.lines for p in l.points)
    ax.set_xlim(dt.date(first_year, 1, 1), dt.date(TARGET_YEAR + 1, 6, 30))
    ax.set_xticks([dt.date(y, 12, 31) if y != first_year else dt.date(y, 1, 1)
                   for y in milestone_ticks(first_year)])
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
    ax.yaxis.set_major_formatter(_tick_formatter(panel.series[0]))
    ax.yaxis.set_major_locator(MaxNLocator(5))
    values = [p[1] for l in panel.lines for p in l.points] + [m.value for m in panel.markers]
    low, high = min(values), max(values)
    pad = (high - low) * 0.15 or abs(high) * 0.1 or 1
    ax.set_ylim(max(low - pad, 0) if low >= 0 else low - pad, high + pad * 1.5)
    if panel.series[0].unit.format == "ordinal":
        ax.invert_yaxis()
    ax.set_ylabel(panel.unit_label[:1].upper() + panel.unit_label[1:])


def _value_text(series: Series, value: float) -> str:
    if series.unit.format == "ordinal":
        return fmt.ordinal(int(round(value)))
    return fmt.value(value, series.unit, series.decimals).strip()


def _direct_labels(fig, ax, ends) -> None:
    """Name each line beside its last point (so no legend is needed to tell them apart), moving
    labels apart when their lines end close together."""
    if not ends:
        return
    fig.canvas.draw()
    to_points = 72 / fig.dpi
    wanted = [ax.transData.transform((mdates_num(p[0]), p[1]))[1] * to_points for p, _l, _c in ends]
    placed = spread(wanted, LABEL_GAP)
    for (point, label, colour), want, put in zip(ends, wanted, placed):
        ax.annotate(label, point, textcoords="offset points", xytext=(8, put - want), va="center",
                    fontsize=MIN_TEXT, color=colour, fontweight="bold", annotation_clip=False,
                    bbox={"boxstyle": "round,pad=0.1", "facecolor": "white", "edgecolor": "none", "alpha": 0.85})


def mdates_num(when: dt.date) -> float:
    import matplotlib.dates as mdates
    return mdates.date2num(when)


# ---------------------------------------------------------------- small multiples (print)

PANEL_COLUMNS = 3
PANEL_TEXT = 8  # points, for a panel printed about 170 mm (6.7 in) wide


def measures_panel_svg(specs: list[ChartSpec]) -> str:
    """One small chart per measure (Luton's first panel: its lines and milestones), in a grid, for
    the printed chapter. Same bytes for the same specs."""
    import textwrap

    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.dates as mdates
    import matplotlib.pyplot as plt

    rows = max(1, -(-len(specs) // PANEL_COLUMNS))
    style = {
        "svg.hashsalt": "luton2040-panel", "svg.fonttype": "none",
        "font.family": "sans-serif", "font.sans-serif": ["Source Sans 3", "DejaVu Sans", "Arial"],
        "font.size": PANEL_TEXT, "axes.spines.top": False, "axes.spines.right": False,
        "axes.edgecolor": "#4a4a55", "xtick.color": "#1b1b1f", "ytick.color": "#1b1b1f",
        "axes.grid": True, "grid.color": "#d5d5de", "grid.linewidth": 0.5, "path.simplify": False,
        "xtick.labelsize": PANEL_TEXT - 0.5, "ytick.labelsize": PANEL_TEXT - 0.5,
    }
    with matplotlib.rc_context(style):
        fig, axes = plt.subplots(rows, PANEL_COLUMNS, figsize=(7.0, 1.95 * rows), squeeze=False)
        for ax in axes.flat[len(specs):]:
            ax.set_visible(False)
        for ax, spec in zip(axes.flat, specs):
            panel = spec.panels[0]
            luton = [line for line in panel.lines if not line.comparator]
            for index, line in enumerate(luton):
                ax.plot([p[0] for p in line.points], [p[1] for p in line.points], color=spec.colour if index == 0
                        else SERIES_COLOURS[(index - 1) % len(SERIES_COLOURS)], linestyle=LINE_STYLES[index % 4],
                        marker=MARKERS[index % 5], markersize=3.5, linewidth=1.6, clip_on=False)
            for m in panel.markers:
                ax.plot([m.when], [m.value], marker="D", markersize=4, markerfacecolor="white",
                        markeredgecolor="#1b1b1f", markeredgewidth=1, linestyle="none", clip_on=False)
            first = min(p[0].year for l in luton for p in l.points)
            ax.set_xlim(dt.date(first, 1, 1), dt.date(TARGET_YEAR + 1, 6, 30))
            ax.set_xticks([dt.date(y, 12, 31) for y in (MILESTONE_YEARS[0], TARGET_YEAR)]
                          + ([dt.date(first, 1, 1)] if first <= MILESTONE_YEARS[0] - 5 else []))
            ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
            ax.yaxis.set_major_formatter(_tick_formatter(panel.series[0]))
            ax.yaxis.set_major_locator(matplotlib.ticker.MaxNLocator(3))
            values = [p[1] for l in luton for p in l.points] + [m.value for m in panel.markers]
            low, high = min(values), max(values)
            pad = (high - low) * 0.15 or abs(high) * 0.1 or 1
            ax.set_ylim(max(low - pad, 0) if low >= 0 else low - pad, high + pad)
            if panel.series[0].unit.format == "ordinal":
                ax.invert_yaxis()
            ax.set_title("\n".join(textwrap.wrap(spec.measure.short_measure, 27)[:2]), fontsize=PANEL_TEXT,
                         loc="left", fontweight="bold")
        fig.tight_layout(h_pad=1.2, w_pad=1.0)
        buffer = io.StringIO()
        fig.savefig(buffer, format="svg", metadata={"Date": None})
        plt.close(fig)
    return buffer.getvalue()
