"""The home page's dashboard pictures, drawn as accessible inline SVG (pure: data in, text out).

* ``outcomes_wheel`` — the 40 outcomes around the core mission, grouped by priority: the inner ring
  is the six priorities in their colours, the outer ring one segment per outcome coloured by its
  status, each a link to the measure's page. A list of every outcome and its status follows the
  picture as its text alternative.
* ``progress_chart`` — the number of measures with each status, one stacked bar per priority.

Colours and words come from ``badges`` (status) and data/priorities.csv (priorities); text is sized
in SVG units of a 360-unit-wide picture (``TEXT``), so it stays at least 12 px on the narrowest
phone the site serves (320 px: a 288 px column, 0.8 px a unit).
"""
from __future__ import annotations

import math
from html import escape

from luton2040.compute import tables
from luton2040.constants import PROGRESS_CHART_DESC_ID, WHEEL_LIST_ID
from luton2040.data.load import Dataset, Edition
from luton2040.data.model import Priority
from luton2040.site import badges, charts, downloads, small_multiples, text_width

#: the pictures' text size in their units: 15 units would be 12 px at 288 px for 360 units; half a
#: unit more keeps it there when the column comes out a fraction of a pixel narrower
TEXT = 15.5

ORDER = ("met", "on_track", "too_slow", "limited", "backwards", badges.MIXED, "cannot_assess")
# Segment fills: the badge's strong colour (at least 3:1 against white, WCAG 1.4.11).
FILL = {code: badges.LOOKS[code].colour for code in ORDER}
FILL["cannot_assess"] = "#6b6b78"


def _arc(cx: float, cy: float, r_in: float, r_out: float, start: float, end: float) -> str:
    """An annular segment from ``start`` to ``end`` degrees (0 at the top, clockwise) as path data."""
    def at(r, angle):
        rad = math.radians(angle - 90)
        return f"{cx + r * math.cos(rad):.2f} {cy + r * math.sin(rad):.2f}"
    large = 1 if end - start > 180 else 0
    return (f"M{at(r_out, start)} A{r_out} {r_out} 0 {large} 1 {at(r_out, end)} "
            f"L{at(r_in, end)} A{r_in} {r_in} 0 {large} 0 {at(r_in, start)} Z")


def _gap(width: float, radius: float, degrees: float) -> str:
    """The white outline between a wheel's segments: ``width`` units, but never more than a quarter
    of a segment's arc at its inner edge (``radius``), or a wheel of hundreds of outcomes would be
    all outline and no colour."""
    arc = 2 * math.pi * radius * degrees / 360
    return f"{min(width, round(arc / 4, 2)):g}"


def wheel_items(data: Dataset, edition: Edition) -> list[tuple]:
    """(priority, measure, status code) for every measure, in priority order."""
    return [(data.priority(m.priority), m, tables.measure_status(data, edition, m))
            for p in data.priorities for m in data.measures_of(p.id)]


def statuses(data: Dataset, edition: Edition) -> list[tuple[str, object, str]]:
    """(priority title, measure, status word) for every measure: the data both charts draw."""
    return [(p.short_title, m, badges.WORDS[code]) for p, m, code in wheel_items(data, edition)]


def data_file(data: Dataset, edition: Edition) -> tuple[str, str]:
    """The charts' data download: its project-relative name (``downloads.statuses_name``) and its
    CSV text, made from the rows the charts draw. The pre-render step writes it (site/pages.py);
    the pages' code makes it again only to give its size in the link (report.py: the kernel runs
    the pages while the pre-render step writes the file, so it cannot wait for the file)."""
    return downloads.statuses_name(edition), downloads.statuses_csv(data, edition, statuses(data, edition))


def data_link(href: str | None, size: int) -> str:
    """The chart's data download (on screen only: the printed report has no files beside it)."""
    if not href:
        return ""
    name = href.rsplit("/", 1)[-1]
    return (f'<p class="screen-only"><a class="download" href="{escape(href)}" download="{escape(name)}">'
            f'Download the data for this chart ({downloads.describe_size("CSV", size)})</a></p>')


def outcomes_wheel(data: Dataset, edition: Edition, href=lambda m: f"measures/{m.id}.html",
                   data_href: str | None = None, data_size: int = 0) -> str:
    """The outcomes wheel and its text alternative, as an HTML fragment; ``data_href`` (with the
    file's size) links the CSV of its data (``downloads.statuses_name``)."""
    items = wheel_items(data, edition)
    size, c = 360, 180
    step = 360 / max(len(items), 1)
    name = (f"Outcomes wheel: the {len(items)} outcomes of Luton 2040 around the core mission, coloured by "
            "status; the list below gives each one")
    parts = [f'<svg class="outcomes-wheel" viewBox="0 0 {size} {size}" width="{size}" height="{size}" '
             f'role="group" aria-label="{escape(name)}" aria-describedby="wheel-list-title">',
             f'<title>{escape(name)}</title>']
    at = 0.0
    for priority in data.priorities:
        count = sum(1 for p, _m, _s in items if p.id == priority.id)
        if count:
            parts.append(f'<path d="{_arc(c, c, 62, 100, at, at + count * step)}" fill="{priority.colour}" '
                         f'stroke="#ffffff" stroke-width="{_gap(2, 62, count * step)}">'
                         f'<title>{escape(priority.short_title)}</title></path>')
        at += count * step
    outline = _gap(1.5, 104, step)
    for index, (priority, measure, code) in enumerate(items):
        word = badges.WORDS[code]
        label = f"{measure.outcome} ({priority.short_title}): {word}"
        parts.append(f'<a href="{escape(href(measure))}" aria-label="{escape(label)}">'
                     f'<path d="{_arc(c, c, 104, 172, index * step, (index + 1) * step)}" fill="{FILL[code]}" '
                     f'stroke="#ffffff" stroke-width="{outline}"><title>{escape(label)}</title></path></a>')
    parts.append(f'<circle cx="{c}" cy="{c}" r="58" fill="#14213d"/>')
    for dy, word in ((-12, "No one"), (6, "in poverty"), (24, "by 2040")):
        parts.append(f'<text x="{c}" y="{c + dy}" text-anchor="middle" fill="#ffffff" font-size="{TEXT}" '
                     f'font-weight="700">{word}</text>')
    parts.append("</svg>")
    legend = "".join(f"<li>{badges.badge(code)}</li>" for code in ORDER
                     if any(s == code for _p, _m, s in items))
    rows = []
    for priority in data.priorities:
        mine = [(m, s) for p, m, s in items if p.id == priority.id]
        if mine:
            entries = "".join(f'<li><a href="{escape(href(m))}">{escape(m.outcome)}</a> {badges.badge(s)}</li>'
                              for m, s in mine)
            rows.append(f"<li>{escape(priority.short_title)}<ol>{entries}</ol></li>")
    return ('<figure class="dashboard-figure wheel">' + "".join(parts)
            + f'<figcaption>Each outer segment is one outcome, grouped by priority (inner ring) and coloured '
              f'by status.<span class="screen-only"> Select one to open its measure.</span></figcaption>'
            + f'<ul class="status-legend" aria-label="Status colours">{legend}</ul>'
            + data_link(data_href, data_size) + '</figure>'
            + f'<details class="wheel-list"><summary id="{WHEEL_LIST_ID}">Every outcome and its status</summary>'
            + f'<ul>{"".join(rows)}</ul></details>')


def progress_chart(data: Dataset, edition: Edition, data_href: str | None = None, data_size: int = 0) -> str:
    """Stacked bars: how many measures of each priority have each status (an HTML fragment);
    ``data_href`` (with the file's size) links the CSV of its data, a row per measure."""
    counts = tables.status_counts(data, edition)
    most = max((sum(c.values()) for c in counts.values()), default=1)
    # The labels' column is as wide as the longest label in the widest fallback font (text_width).
    # The totals after the bars likewise: the largest total's digits, the 4-unit gap before them and 2 to spare.
    width, bar_h, gap = 360, 24, 32
    label_w = math.ceil(max((text_width.width(p.short_title, TEXT) for p in data.priorities), default=0)) + 8
    total_w = math.ceil(text_width.width(str(most), TEXT)) + 6
    scale = (width - label_w - total_w) / most
    height = 16 + gap * len(data.priorities)
    name = "Progress at a glance: measures by status in each priority"
    parts = [f'<svg class="progress-chart" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
             f'role="img" aria-label="{name}" aria-describedby="progress-chart-desc">',
             f'<title>{name}</title>']
    said = []

    def fits(label: str, room: float) -> bool:
        # A count too wide for its segment would run into the next one's ("1010 20"): it is left
        # out, as the segment's <title>, the chart's description, the total and the data file
        # still give it. Measured in the widest fallback bold, with 2 units of white either side.
        return text_width.width(label, TEXT, bold=True) + 4 <= room

    for row, priority in enumerate(data.priorities):
        found = counts.get(priority.id, {})
        y = 8 + row * gap
        parts.append(f'<text x="{label_w - 6}" y="{y + 17}" text-anchor="end" font-size="{TEXT}" '
                     f'fill="#1b1b1f">{escape(priority.short_title)}</text>')
        x = label_w
        for code in ORDER:
            n = found.get(code, 0)
            if not n:
                continue
            w = n * scale
            parts.append(f'<rect x="{x:.1f}" y="{y}" width="{w:.1f}" height="{bar_h}" fill="{FILL[code]}" '
                         f'stroke="#ffffff"><title>{escape(priority.short_title)}: {n} {escape(badges.WORDS[code])}'
                         f'</title></rect>')
            if fits(str(n), w):
                parts.append(f'<text x="{x + w / 2:.1f}" y="{y + 17}" text-anchor="middle" font-size="{TEXT}" '
                             f'font-weight="700" fill="#ffffff" aria-hidden="true">{n}</text>')
            x += w
        total = sum(found.values())
        parts.append(f'<text x="{x + 4:.1f}" y="{y + 17}" font-size="{TEXT}" fill="#1b1b1f">{total}</text>')
        said.append(f"{priority.short_title}: " + ", ".join(
            f"{found[c]} {badges.WORDS[c].lower()}" for c in ORDER if found.get(c)))
    parts.insert(2, f'<desc id="{PROGRESS_CHART_DESC_ID}">{escape("; ".join(said))}.</desc>')
    parts.append("</svg>")
    legend = "".join(f"<li>{badges.badge(code)}</li>" for code in ORDER
                     if any(c.get(code) for c in counts.values()))
    return ('<figure class="dashboard-figure status-counts">' + "".join(parts)
            + '<figcaption>Number of measures with each status, by priority (the figure after each bar is '
              'the priority\u2019s total).</figcaption>'
            + f'<ul class="status-legend" aria-label="Status colours">{legend}</ul>'
            + data_link(data_href, data_size) + '</figure>')


def home(data: Dataset, edition: Edition, href=lambda m: f"measures/{m.id}.html",
         data_href: str | None = None, data_size: int = 0) -> str:
    """The dashboard block for the home page, as a raw-HTML markdown block (print it ``asis``)."""
    html = ('<div class="dashboard">' + progress_chart(data, edition, data_href, data_size)
            + outcomes_wheel(data, edition, href, data_href, data_size) + "</div>")
    return "```{=html}\n" + html + "\n```\n"




def measures_panel(data: Dataset, edition: Edition, priority_id: str) -> str:
    """A printed chapter's small multiples: each measure's latest trend and milestones, as a figure
    of small charts (``panel_figure``; on screen the measure pages show the full charts, so the site
    hides it — class ``print-only``)."""
    specs = [s for s in (charts.chart_spec(data, edition, m) for m in data.measures_of(priority_id)) if s]
    return panel_figure(data.priority(priority_id), specs) if specs else ""


def panel_figure(priority: Priority, specs: list[charts.ChartSpec]) -> str:
    """The figure of `specs`' small charts, each with its title and the alt text saying what it
    shows, and a caption (an HTML fragment). A panel that fits on a page is kept whole (class
    ``keep-whole``), a longer one breaks between rows. The site's search leaves it out, as the site
    hides it."""
    whole = " keep-whole" if len(specs) <= small_multiples.PANEL_COLUMNS * small_multiples.ROWS_ON_A_PAGE else ""
    return (f'<figure class="measures-panel print-only{whole}" data-pagefind-ignore="all"><div class="panel-charts">'
            f'{small_multiples.measures_panel_html(specs)}</div>'
            f'<figcaption>{escape(priority.short_title)}: each measure\u2019s values so far and its milestones '
            '(diamonds); the measure pages on the website have the full charts.</figcaption></figure>')
