"""Measure charts: what each chart shows (pure ``ChartSpec``) and its deterministic SVG (matplotlib).

A chart has one panel per unit (GVA total and per head get two; male and female healthy life
expectancy share one). Luton's values are solid lines with markers, each series with its own
marker shape and line style so nothing depends on colour; the comparator is grey and dashed; the
2027, 2031 and 2035 milestones and the 2040 target are hollow diamonds labelled with their year.
Text and rank targets have no point to plot and are shown as text on the page instead. Every label
goes through ``format.py``; the title states the message and ``alt_text`` says what the chart shows.
"""
from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass

from luton2040.compute import format as fmt
from luton2040.data.load import Dataset, Edition
from luton2040.data.model import MILESTONE_YEARS, TARGET_YEAR, Measure, Observation, Series
from luton2040.compute.progress import resolve_target
from luton2040.compute.measure_facts import SeriesFacts, facts_of
from luton2040.compute.measure_facts import shown_period as tables_period

COMPARATOR_COLOUR = "#595959"
SERIES_COLOURS = ("#1b1b1f", "#1f4f9c", "#8a5300", "#5a2d8c")  # after the priority colour
MARKERS = ("o", "s", "^", "D", "v")
LINE_STYLES = ("-", "--", "-.", ":")
TREND_PHRASES = {
    "improving": "improving",
    "worsening": "getting worse",
    "little_change": "little changed",
    "not_enough_data": "only one comparable value so far",
}


@dataclass(frozen=True)
class Line:
    label: str
    points: tuple[tuple[dt.date, float], ...]
    comparator: bool = False


@dataclass(frozen=True)
class Marker:
    label: str          # "2027 milestone", "2040 target"
    when: dt.date
    value: float
    text: str           # the formatted value


@dataclass(frozen=True)
class Panel:
    series: tuple[Series, ...]
    lines: tuple[Line, ...]
    markers: tuple[Marker, ...]

    @property
    def unit_label(self) -> str:
        return self.series[0].unit.label


@dataclass(frozen=True)
class ChartSpec:
    """Everything drawn in a measure's chart, as data."""

    measure: Measure
    title: str
    alt: str
    panels: tuple[Panel, ...]
    colour: str


def _points(observations: list[Observation]) -> tuple[tuple[dt.date, float], ...]:
    return tuple((o.period_end, float(o.value)) for o in observations if o.comparable)


def _markers(data: Dataset, f: SeriesFacts) -> tuple[Marker, ...]:
    comparator = f.comparator.value if f.comparator is not None and f.comparator.comparable else None
    area = data.areas.get(f.measure.comparator) if f.measure.comparator else None
    out = []
    for t in data.targets_of(f.measure.id, f.series.id):
        goal = t.value if t.kind == "rank" else resolve_target(t, comparator)
        if goal is None:
            continue
        label = f"{t.year} target" if t.year == TARGET_YEAR else f"{t.year} milestone"
        out.append(Marker(label, dt.date(t.year, 12, 31), float(goal), fmt.target(t, f.series, area, comparator)))
    return tuple(out)


def lower_first(text: str) -> str:
    """'Males' → 'males', but 'GVA per head' stays as it is."""
    return text[:1].lower() + text[1:] if text[1:2].islower() else text


def _series_name(f: SeriesFacts, many: bool) -> str:
    return f"Luton, {lower_first(f.series.label)}" if many and f.series.label else "Luton"


def _next_target_text(data: Dataset, f: SeriesFacts, edition: Edition) -> str:
    area = data.areas.get(f.measure.comparator) if f.measure.comparator else None
    ahead = [t for t in data.targets_of(f.measure.id, f.series.id) if t.year > edition.year]
    if not ahead:
        return ""
    t = ahead[0]
    name = "target" if t.year == TARGET_YEAR else "milestone"
    if t.kind == "text" or t.value is None:
        return f"the {t.year} {name} reads \u201c{fmt.target(t, f.series, area)}\u201d"
    return f"the {t.year} {name} is {fmt.target(t, f.series, area)}"


def alt_text(data: Dataset, edition: Edition, facts: list[SeriesFacts]) -> str:
    """What the chart shows in words, with the first and latest values and the next milestone:
    'Households in destitution: 7.3% in 2019, 9.9% in April 2024; the 2027 milestone is 7.7%'."""
    drawn = [f for f in facts if _points(list(f.history))]
    many = len(drawn) > 1
    parts = []
    for f in drawn:
        values = [o for o in f.history if o.comparable]
        first, last = values[0], values[-1]
        said = f"{fmt.observation(first, f.series)} in {tables_period(first)}"
        if last is not first:
            said += f", {fmt.observation(last, f.series)} in {tables_period(last)}"
        extra = []
        if f.comparator is not None and f.comparator.comparable:
            area = data.areas.get(f.measure.comparator)
            extra.append(f"{area.name if area else f.measure.comparator} "
                         f"{fmt.observation(f.comparator, f.series)} in {tables_period(f.comparator)}")
        target = _next_target_text(data, f, edition)
        if target:
            extra.append(target)
        label = f"{f.series.label}: " if many and f.series.label else ""
        parts.append(label + said + ("; " + "; ".join(extra) if extra else ""))
    head = facts[0].measure.short_measure
    if not many:
        return f"{head}: {parts[0]}"
    return f"{head}. " + ". ".join(parts) + "."


def _phrase(f: SeriesFacts) -> str:
    trend = TREND_PHRASES.get(f.trend, "")
    code, year = f.status.code, f.status.milestone_year
    name = "target" if year == TARGET_YEAR else "milestone"
    but = ", but" if f.trend == "improving" else ","
    status = {
        "met": f"{', and' if f.trend == 'improving' else ','} the {year} {name} is already met",
        "on_track": f"{', and' if f.trend == 'improving' else ', but'} on track for the {year} {name}",
        "too_slow": f"{but} too slowly to reach the {year} {name}" if f.trend == "improving"
        else f"{but} progressing too slowly for the {year} {name}",
        "limited": f"{but} making limited progress towards the {year} {name}",
        "backwards": f"{but} further from the {year} {name} than at the baseline",
    }.get(code, "")
    return trend + status


def title(facts: list[SeriesFacts]) -> str:
    """A title that states the chart's message, from the trend and status of each series."""
    assessed = [f for f in facts if f.series.assessed and f.trend in TREND_PHRASES]
    head = facts[0].measure.short_measure
    if not assessed:
        return f"{head}: values so far"
    phrases = [_phrase(f) for f in assessed]
    if len(set(phrases)) == 1:
        return f"{head}: {phrases[0]}"
    return f"{head}: " + "; ".join(f"{lower_first(f.series.label) or 'all'} {p}" for f, p in zip(assessed, phrases))


def chart_spec(data: Dataset, edition: Edition, measure: Measure) -> ChartSpec | None:
    """The chart of a measure, or None when it has no comparable Luton values to plot."""
    facts = [f for f in facts_of(data, edition, measure) if _points(list(f.history))]
    if not facts:
        return None
    area = data.areas.get(measure.comparator) if measure.comparator else None
    by_unit: dict[str, list[SeriesFacts]] = {}
    for f in facts:
        by_unit.setdefault(f.series.unit.id, []).append(f)
    panels = []
    # More than two series of one unit (the four street-cleanliness parts) are drawn as small
    # multiples, one panel each, rather than eight crossing lines.
    groups = [g for group in by_unit.values() for g in (([f] for f in group) if len(group) > 2 else [group])]
    for group in groups:
        many = len(facts) > 1
        lines, markers = [], []
        for f in group:
            lines.append(Line(_series_name(f, many), _points(list(f.history))))
            if measure.comparator:
                found = data.observations_of(measure.id, f.series.id, area=measure.comparator,
                                             cutoff=edition.data_cutoff)
                if _points(found):
                    name = area.name if area else measure.comparator
                    label = f"{name}, {lower_first(f.series.label)}" if many and f.series.label else name
                    lines.append(Line(label, _points(found), comparator=True))
            markers.extend(_markers(data, f))
        panels.append(Panel(tuple(f.series for f in group), tuple(lines), tuple(markers)))
    colour = data.priority(measure.priority).colour
    return ChartSpec(measure, title(facts), alt_text(data, edition, facts), tuple(panels), colour)


# ---------------------------------------------------------------- drawing

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


def _spread(wanted: list[float], gap: float) -> list[float]:
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


def render_svg(spec: ChartSpec) -> str:
    """The chart as SVG text; the same spec always gives the same bytes."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.dates as mdates
    import matplotlib.pyplot as plt

    style = {
        "svg.hashsalt": "luton2040", "svg.fonttype": "none",
        "font.family": "sans-serif", "font.sans-serif": ["Source Sans 3", "DejaVu Sans", "Arial"],
        "font.size": MIN_TEXT, "axes.spines.top": False, "axes.spines.right": False,
        "axes.edgecolor": "#4a4a55", "axes.labelcolor": "#1b1b1f", "xtick.color": "#1b1b1f",
        "ytick.color": "#1b1b1f", "axes.grid": True, "grid.color": "#d5d5de", "grid.linewidth": 0.6,
        "legend.frameon": False, "path.simplify": False, "axes.labelsize": MIN_TEXT,
        "xtick.labelsize": MIN_TEXT, "ytick.labelsize": MIN_TEXT, "legend.fontsize": MIN_TEXT,
    }
    titles: dict[str, list[str]] = {}
    with matplotlib.rc_context(style):
        tall = 3.6 if len(spec.panels) <= 2 else 2.9
        fig, axes = plt.subplots(len(spec.panels), 1, figsize=(WIDTH, tall * len(spec.panels) + 0.5),
                                 squeeze=False)
        colours = (spec.colour,) + SERIES_COLOURS
        for number, (ax, panel) in enumerate(zip(axes[:, 0], spec.panels)):
            luton = 0
            ends = []  # (last point, label, colour) for the direct labels
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
            top = {}  # each year is labelled once, above its highest marker
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
                        linestyle="none", label="Milestones and 2040 target")
            first_year = min(p[0].year for l in panel.lines for p in l.points)
            ax.set_xlim(dt.date(first_year, 1, 1), dt.date(TARGET_YEAR + 1, 6, 30))
            ax.set_xticks([dt.date(y, 12, 31) if y != first_year else dt.date(y, 1, 1)
                           for y in milestone_ticks(first_year)])
            ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
            ax.yaxis.set_major_formatter(_tick_formatter(panel.series[0]))
            ax.yaxis.set_major_locator(matplotlib.ticker.MaxNLocator(5))
            values = [p[1] for l in panel.lines for p in l.points] + [m.value for m in panel.markers]
            low, high = min(values), max(values)
            pad = (high - low) * 0.15 or abs(high) * 0.1 or 1
            ax.set_ylim(max(low - pad, 0) if low >= 0 else low - pad, high + pad * 1.5)
            if panel.series[0].unit.format == "ordinal":
                ax.invert_yaxis()
            ax.set_ylabel(panel.unit_label[:1].upper() + panel.unit_label[1:])
            _direct_labels(fig, ax, ends)
            handles = [h for h in ax.get_legend_handles_labels()[0] if h.get_label() == "Milestones and 2040 target"]
            if handles:
                ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(0, -0.1), ncol=1)
        fig.tight_layout()
        buffer = io.StringIO()
        fig.savefig(buffer, format="svg", metadata={"Date": None})
        plt.close(fig)
    return _add_titles(buffer.getvalue(), titles)


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
    placed = _spread(wanted, LABEL_GAP)
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


__all__ = ["ChartSpec", "chart_spec", "render_svg", "alt_text", "title", "MILESTONE_YEARS"]
