"""The website's generated files, written by the pre-render step: a page per measure
(``measures/<id>.md`` with its chart ``<id>.svg`` and data ``<id>.csv``), the chapter colours
(``styles/priorities.css``) and the data package zip (see ``downloads``).

The pages are plain markdown with no code cells, so neither Quarto nor the embedded engine starts
a kernel for them; ``_quarto.yml`` selects them with ``project.render``. Charts are redrawn only
when what they show changes (``chart_svg`` draws all 36 in about 0.06 s of CPU, so none is cached).
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from luton2040.compute import cells, edition_changes
from luton2040.compute import format as fmt
from luton2040.compute import measure_facts, tables
from luton2040.compute.progress import DEFAULT_RELATIVE_TOLERANCE, ON_TRACK, TOO_SLOW
from luton2040.constants import LUTON, MEASURES_DIR, PRIORITIES_CSS, TARGET_YEAR
from luton2040.data.load import Dataset, Edition
from luton2040.data.model import HIGHER, LOWER, Measure
from luton2040.escape import attribute_in_markdown, html_in_markdown
from luton2040.file_writes import write_changed
from luton2040.yamlmarks import yaml_string
from luton2040.site import badges, chart_svg, charts, dashboard, downloads
from luton2040.site.markdown import escape, table_markdown

METHODS = "../appendix/methods.html#how-trend-and-status-are-worked-out"


@dataclass(frozen=True)
class Written:
    """What ``write_site_files`` produced (project-relative paths) and how many charts it drew."""

    files: tuple[str, ...]
    charts: int


def _text(value: str) -> str:
    """Plain data text made safe as markdown prose (no stray emphasis, links or citations)."""
    return escape(value)


def _wrapped(table: tables.Table, caption: str) -> list[str]:
    """A captioned table in a box that scrolls sideways on a narrow screen; the box can take the
    keyboard focus so it can be scrolled without a mouse (WCAG 2.1.1)."""
    label = attribute_in_markdown(caption)
    return [f'::: {{.table-wrap role="region" tabindex="0" aria-label="{label}"}}', table_markdown(table),
            f": {_text(caption)}", "", ":::", ""]


def _measure_href(measure: Measure) -> str:
    return f"{measure.id}.html"


def _chapter_href(data: Dataset, measure: Measure) -> str:
    """The measure's priority chapter, or the appendix when the project has no such chapter. The
    chapters folder is listed, not stat-ed: a listing is what the pre-render cache records as an
    input (``pre_render_cache.Recorder``), so adding or removing a chapter runs the step again."""
    try:
        chapters = os.listdir(data.root / "chapters")
    except OSError:
        chapters = []
    return f"../chapters/{measure.priority}.html" if f"{measure.priority}.qmd" in chapters else "../appendix/measures.html"


def _rule_words(data: Dataset, f: measure_facts.SeriesFacts) -> list[str]:
    """How the trend and status of one series were worked out, in words, with its numbers."""
    out = []
    values = [o for o in f.history if o.comparable]
    better = {HIGHER: "higher", LOWER: "lower"}.get(f.measure.direction)
    trend = fmt.TREND_WORDS[f.trend]
    if f.trend == "not_enough_data":
        out.append(f"**Trend: {trend}.** A trend needs two comparable Luton values; this series has "
                   f"{'one' if len(values) == 1 else 'none'}.")
    elif not values:
        out.append(f"**Trend: {trend}.** There are no published figures for this measure yet, so no trend is given.")
    elif f.trend == "not_assessed" or better is None:
        out.append(f"**Trend: {trend}.** The measure has no better direction, so no trend is given.")
    else:
        previous, latest = f.trend_rule.previous, f.trend_rule.latest
        # Every piece that comes from data (values with their unit, periods, reasons) is escaped once.
        change = _text(fmt.difference(latest.value - previous.value, f.series))
        limit = (f"the recorded tolerance of {_text(cells.tolerance_words(f))}"
                 if f.measure.tolerance is not None else f"{DEFAULT_RELATIVE_TOLERANCE:.0%} of the earlier value"
                 + cells.relative_limit_in_points(f))
        reason = f.measure.tolerance_reason if f.measure.tolerance is not None else ""
        out.append(f"**Trend: {trend}.** From {_text(fmt.observation(previous, f.series))} "
                   f"({_text(measure_facts.shown_period(previous))}) to {_text(fmt.observation(latest, f.series))} "
                   f"({_text(measure_facts.shown_period(latest))}) is a change of {change}; "
                   f"{better} is better, and a change no bigger than {limit} counts as little change."
                   + (f" {_text(reason)}" if reason else ""))
    status = fmt.STATUS_WORDS[f.status.code]
    year = f.status.milestone_year
    goal = f"the {year} {'target' if year == TARGET_YEAR else 'milestone'}" if year else "the next milestone"
    if f.status.code == "met":
        out.append(f"**Status: {status}.** The latest value has already reached {goal}.")
    elif f.status.ratio is not None:
        share = fmt.number(f.status.ratio * 100, 0) + "%"
        method = "compound growth rates" if f.status.method == "growth" else "changes per year"
        out.append(f"**Status: {status}.** Since the baseline the value has moved at {share} of the yearly "
                   f"rate needed to reach {goal} on time (comparing {method}); the rule calls "
                   f"{fmt.number(ON_TRACK * 100, 0)}% or more on track, {fmt.number(TOO_SLOW * 100, 0)}–"
                   f"{fmt.number(ON_TRACK * 100, 0)}% too slow, and anything below "
                   f"{fmt.number(TOO_SLOW * 100, 0)}% limited progress, or going backwards below zero.")
    elif f.status.code == "backwards":
        out.append(f"**Status: {status}.** The baseline had already reached {goal}, and the latest value "
                   "has slipped back from it.")
    else:
        out.append(f"**Status: {status}.** Not possible to assess: {_text(f.status.reason)}.")
    return out


def measure_markdown(data: Dataset, edition: Edition, measure: Measure, spec: charts.ChartSpec | None,
                     csv_size: int, neighbours: tuple[Measure | None, Measure | None]) -> str:
    """The markdown of one measure's page (front matter included)."""
    facts = measure_facts.facts_of(data, edition, measure)
    lines = _opening(data, measure, spec is not None)
    lines += _at_a_glance(data, edition, facts)
    lines += _in_each_report(data, edition, measure)
    lines += _chart(measure, spec, csv_size)
    lines += _values_and_targets(data, edition, measure)
    lines += _workings(data, facts)
    lines += _notes(data, edition, measure, facts)
    lines += _navigation(data, measure, neighbours)
    return "\n".join(lines)


#: The front-matter fields of a measure page that Quarto reads as markdown.
MARKDOWN_FIELDS = ("title", "subtitle", "description")


def _opening(data: Dataset, measure: Measure, has_chart: bool = True) -> list[str]:
    """Front matter, and the line naming the measure's priority and what it measures. The
    description (search results' snippet) promises a chart only when the page has one."""
    priority = data.priority(measure.priority)
    front = {
        "title": measure.short_measure,
        "subtitle": f"Outcome: {measure.outcome}",
        # shown under the title, so it does not repeat the measure's name
        "description": f"Latest result, {'chart, ' if has_chart else ''}every value, milestones and the 2040 "
                       "target for this Luton 2040 measure.",
        "body-classes": f"priority-{measure.priority} measure-page",
    }
    # Quarto (and pandoc) read a title, subtitle and description as markdown: data text is escaped
    # like any other, or "A&E *now*" would print in italics and "<b>" would reach the page as a tag.
    lines = ["---", *(f"{key}: {yaml_string(_text(value) if key in MARKDOWN_FIELDS else value)}"
                      for key, value in front.items()), "toc: false", "---", ""]
    # The measure's full wording only when it says more than the title does.
    wording = "" if _same_words(measure.measure, measure.short_measure) else f" Measured as: {_text(measure.measure)}."
    return lines + [f"Part of **[{_text(priority.title)}]({_chapter_href(data, measure)})**."
                    f"{wording}{_search_names(data, measure)}", ""]


def _same_words(a: str, b: str) -> bool:
    """Whether two names say the same words, whatever their case and punctuation."""
    def words(s: str) -> list[str]:
        return re.findall(r"[a-z0-9]+", s.lower())
    return words(a) == words(b)


def _search_names(data: Dataset, measure: Measure) -> str:
    """The everyday names of the measure (data/measure_names.csv: "smokers", "school readiness") for
    the site's search; the page shows nothing of them. Labelled (``SEARCH_NAMES_LABEL``): a search
    result's excerpt may quote them, and "smoking; smokers." alone read as a broken sentence. Empty for
    a measure with no such names.

    Each renderer's search box reads them its own way:
    - Pagefind (the engine's box) indexes the attribute it is told to (``data-pagefind-index-attrs``),
      and skips the hidden words (``data-pagefind-ignore``), which would otherwise count twice;
    - Quarto's box searches its ``search.json``, whose page entry holds the text of the first
      paragraph of ``main``, elements hidden by CSS or ``hidden`` included (quarto-cli
      src/project/types/website/website-search.ts: ``textContent``, "we'd like [css hidden elements]
      to be searchable"). The ``hidden`` words are neither shown nor read out by a screen reader."""
    names = [row["name"] for row in data.measure_names if row["measure"] == measure.id]
    if not names:
        return ""
    words = SEARCH_NAMES_LABEL + "; ".join(names) + "."
    return (f'<span data-pagefind-index-attrs="data-names" data-names="{attribute_in_markdown(words)}"></span>'
            f'<span hidden data-pagefind-ignore="all"> {_text(words)}</span>')


#: what the everyday names of a measure are introduced with, where the search quotes them
SEARCH_NAMES_LABEL = "Also known as: "


def _at_a_glance(data: Dataset, edition: Edition, facts: list[measure_facts.SeriesFacts]) -> list[str]:
    """Latest result, baseline, comparator, trend and status (as a badge), as a definition list."""
    lines = ["## At a glance", "", "::: {.glance}"]
    for term, value in (("Latest result", cells.latest_cell(facts)), ("Baseline", cells.baseline_cell(facts)),
                        ("Comparator", cells.comparator_cell(data, facts)),
                        (tables.TREND_HEADING, cells.trend_cell(facts)),
                        (tables.status_heading(edition), cells.status_cell(facts, tables.next_milestone(edition.year)))):
        is_status = term == tables.status_heading(edition)
        shown = badges.status_html(value, _text) if is_status else _text(value)
        lines += [term, f":   {shown}", ""]
    return lines + [":::", ""]


def _in_each_report(data: Dataset, edition: Edition, measure: Measure) -> list[str]:
    """From the second edition on: what each report said, and what moved (nothing for the first)."""
    changes = edition_changes.edition_changes(data, edition, measure)
    if not changes:
        return []
    lines = ["## In each report", ""]
    lines += [_text(c) + "\n" for c in changes]
    return lines + _wrapped(edition_changes.edition_history_table(data, edition, measure),
                            "The latest result, trend and status in each edition of the report")


def chart_key(spec: charts.ChartSpec) -> str:
    """How to read the chart, naming only what it draws: no comparator line where the measure has no
    comparison figures (destitution), no diamonds where no milestone is a number (footfall), and
    Luton's series in one panel each with its own dash and marker (chart_svg.LINE_STYLES), as for
    men and women."""
    if any(sum(not line.comparator for line in panel.lines) > 1 for panel in spec.panels):
        parts = ["Luton's series are drawn as lines with filled markers, each with its own dash pattern and "
                 "marker shape and named at its end"]
    else:
        parts = ["Luton is drawn as solid lines with filled markers"]
    if any(line.comparator for panel in spec.panels for line in panel.lines):
        parts.append("the comparator as a grey dashed line with hollow circles")
    if any(panel.markers for panel in spec.panels):
        parts.append("milestones as hollow diamonds labelled with their year")
    if len(parts) == 1:
        return parts[0] + "."
    return ", ".join(parts[:-1]) + ", and " + parts[-1] + "."


def _chart(measure: Measure, spec: charts.ChartSpec | None, csv_size: int) -> list[str]:
    """The chart with its alt text and caption (or why there is none), and its data download."""
    lines = ["## Chart", ""]
    if spec is None:
        lines += ["This measure has no published figures to draw yet, so there is no chart. "
                  "The milestones and target below say what it is working towards.", ""]
    else:
        lines += ['<figure class="measure-chart">',
                  f'<img src="{measure.id}.svg" alt="{attribute_in_markdown(spec.alt)}" width="720" '
                  f'height="{round(720 * chart_svg.size(spec)[1] / chart_svg.size(spec)[0])}">',
                  f'<figcaption><strong>{html_in_markdown(spec.title)}.</strong> {chart_key(spec)} '
                  'The table below lists every value.</figcaption>', "</figure>", ""]
    what = "this measure" if spec is None else "this chart"  # no chart: its (unavailable) values still download
    return lines + [f"[Download the data for {what} ({downloads.describe_size('CSV', csv_size)})]"
                    f"({measure.id}.csv){{.download download=\"luton2040-{measure.id}.csv\"}}", ""]


def _values_and_targets(data: Dataset, edition: Edition, measure: Measure) -> list[str]:
    """Every published value with its source, then the milestones and 2040 target."""
    values = tables.measure_values_table(data, edition, measure)
    lines = ["## Every value", ""]
    if values.rows:
        lines += _wrapped(values, "Every published value, with its period")
    else:
        lines += ["No values have been published for this measure yet.", ""]
    if measure.source_url:
        lines += [f"Source: [{_text(measure.source)}]({measure.source_url}).", ""]
    else:
        lines += [f"Source: {_text(measure.source)}.", ""]
    lines += ["## Milestones and 2040 target", ""]
    targets = tables.measure_targets_table(data, measure, edition)
    if targets.rows:
        return lines + _wrapped(targets, f"{measure.short_measure}: milestones and target")
    return lines + ["No milestones or target have been set yet.", ""]


def _workings(data: Dataset, facts: list[measure_facts.SeriesFacts]) -> list[str]:
    """How each assessed series' trend and status were worked out, in words."""
    lines = ["## How the trend and status were worked out", ""]
    assessed = [f for f in facts if f.series.assessed]
    for f in assessed:
        if len(assessed) > 1 and f.series.label:
            lines += [f"### {_text(f.series.label)}", ""]
        words = _rule_words(data, f)
        # A series with no milestones of its own beside one that has them (the Attainment 8 score
        # beside the rank): "no milestones are set" must not contradict the milestones table.
        if f.status.code == "cannot_assess" and not data.targets_of(f.measure.id, f.series.id):
            others = [g for g in facts if g is not f and g.series.label and data.targets_of(f.measure.id, g.series.id)]
            if others and f.series.label:
                names = " and ".join(charts.lower_first(g.series.label) for g in others)
                aside = "" if any(g.series.assessed for g in others) else ", which is shown but not assessed"
                words[-1] = (f"**Status: {fmt.STATUS_WORDS[f.status.code]}.** Not possible to assess: no milestones "
                             f"or target are set for the {_text(charts.lower_first(f.series.label))}; those on this "
                             f"page are for the {_text(names)}{aside}.")
        lines += [p + "\n" for p in words]
    return lines + [f"The rules are set out in full in [Methods and sources]({METHODS}).", ""]


def _notes(data: Dataset, edition: Edition, measure: Measure, facts: list[measure_facts.SeriesFacts]) -> list[str]:
    """The measure's note, each value's and each target's note, once each."""
    many = len([f for f in facts if f.series.assessed]) > 1
    notes = [n for n in [measure.note] if n]
    notes += [f"{measure_facts.shown_period(o)} ({'Luton' if o.area == LUTON else data.areas[o.area].name}"
              f"{', ' + charts.lower_first(f.series.label) if many and f.series.label else ''}): {o.note}"
              for f in facts for o in _all_observations(data, edition, measure, f.series.id) if o.note]
    notes += [f"{t.year} {'target' if t.year == TARGET_YEAR else 'milestone'}: {t.note}"
              for s in measure.series for t in data.targets_of(measure.id, s.id) if t.note]
    lines = ["## Notes", ""]
    lines += [f"- {_text(n)}" for n in dict.fromkeys(notes)] or ["There are no notes on this measure."]
    return lines + [""]


def _navigation(data: Dataset, measure: Measure, neighbours: tuple[Measure | None, Measure | None]) -> list[str]:
    """Links to the previous and next measure and back to the chapter, left out of the search index
    (a result's excerpt showed "Previous measure: Bus passenger journeys. Back to Net zero." for a
    page that is not about buses)."""
    previous, following = neighbours
    lines = ['::: {.measure-navigation data-pagefind-ignore="all"}']
    if previous:
        lines += [f"[Previous measure: {_text(previous.short_measure)}]({_measure_href(previous)}){{rel=\"prev\"}}", ""]
    # named as the page it opens is headed ("Child friendly Luton", not the short "Child friendly")
    href = _chapter_href(data, measure)
    back = data.priority(measure.priority).title if href.startswith("../chapters/") else "Every measure"
    lines += [f"[Back to {_text(back)}]({href})", ""]
    if following:
        lines += [f"[Next measure: {_text(following.short_measure)}]({_measure_href(following)}){{rel=\"next\"}}", ""]
    return lines + [":::", ""]


def _all_observations(data: Dataset, edition: Edition, measure: Measure, series_id: str):
    areas = [LUTON] + ([measure.comparator] if measure.comparator else [])
    for area in areas:
        yield from data.observations_of(measure.id, series_id, area=area, edition=edition)


def priorities_css(data: Dataset) -> str:
    """``body.priority-<id>`` rules setting each chapter's accent colour from data/priorities.csv."""
    lines = ["/* Generated from data/priorities.csv by the pre-render step; do not edit. */"]
    for p in data.priorities:
        lines.append(f"body.priority-{p.id} {{ --accent: {p.colour}; }}")
        lines.append(f".priority-{p.id} {{ --priority: {p.colour}; }}")
    # The wordmark's ring: the priorities' colours in order (the outcomes wheel in miniature).
    step = 360 / max(len(data.priorities), 1)
    stops = ", ".join(f"{p.colour} {i * step:g}deg {(i + 1) * step:g}deg" for i, p in enumerate(data.priorities))
    lines.append(f":root {{ --brand-ring: conic-gradient({stops}); }}")
    return "\n".join(lines) + "\n" + badges.stylesheet()


def write_site_files(data: Dataset, edition: Edition) -> Written:
    """Write every measure page, chart and CSV, the priorities stylesheet, the dashboard charts' CSV
    and the data zip."""
    root = data.root
    folder = root / MEASURES_DIR
    folder.mkdir(exist_ok=True)
    specs = {m.id: charts.chart_spec(data, edition, m) for m in data.measures}
    svgs = {k: chart_svg.render_svg(v).encode("utf-8") for k, v in specs.items() if v is not None}
    csvs = downloads.measure_csvs(data, edition, data.measures, specs)
    files, keep = [], set()
    for priority in data.priorities:
        group = data.measures_of(priority.id)
        for i, measure in enumerate(group):
            spec = specs[measure.id]
            csv_text = csvs[measure.id]
            write_changed(folder / f"{measure.id}.csv", csv_text)
            keep |= {f"{measure.id}.md", f"{measure.id}.csv"}
            files.append(f"{MEASURES_DIR}/{measure.id}.csv")
            if spec is not None:
                write_changed(folder / f"{measure.id}.svg", svgs[measure.id])
                keep.add(f"{measure.id}.svg")
                files.append(f"{MEASURES_DIR}/{measure.id}.svg")
            neighbours = (group[i - 1] if i > 0 else None, group[i + 1] if i + 1 < len(group) else None)
            page = measure_markdown(data, edition, measure, spec, len(csv_text.encode("utf-8")), neighbours)
            write_changed(folder / f"{measure.id}.md", page)
            files.append(f"{MEASURES_DIR}/{measure.id}.md")
    for stale in folder.iterdir():  # a measure removed from the data loses its page
        if stale.is_file() and stale.name not in keep:
            stale.unlink()
    write_changed(root / PRIORITIES_CSS, priorities_css(data))
    files.append(PRIORITIES_CSS)
    # The data of the home page's and the progress appendix's charts (report.py links it).
    name, text = dashboard.data_file(data, edition)
    write_changed(root / name, text)
    files.append(name)
    files.append(downloads.write_zip(data, edition))
    return Written(tuple(files), len(svgs))
