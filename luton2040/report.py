"""The small API chapter cells call: tables, markdown blocks and formatted figures for one edition.

Every function finds the project from the working directory (Quarto and the embedded engine run
cells in the chapter's folder) and uses the edition ``editions.current`` chooses: the Quarto
profile being rendered (QUARTO_PROFILE, e.g. ``2025`` or ``2024,past``), else LUTON2040_EDITION,
else the newest.
The data is parsed once per version of data/: each call reads every file under data/ again (so
the engine's freeze cache sees every file a chapter depends on) and reuses the last Dataset when
those bytes are unchanged — in a kernel running many chapters, or kept warm by `serve`.
"""
from __future__ import annotations

import hashlib
import os
from pathlib import Path

from luton2040 import escape
from luton2040.compute import cells
from luton2040.compute import format as fmt
from luton2040.compute import counts, measure_facts, progress, tables
from luton2040.data.editions import EDITION_VARIABLE, PROFILE_VARIABLE, current, requested_year  # noqa: F401
from luton2040.data.load import Dataset, Edition, find_root, load
from luton2040.data.model import MILESTONE_YEARS, TARGET_YEAR
from luton2040.constants import DATA_DIR
from luton2040.errors import InputError
from luton2040.site import dashboard
from luton2040.site.markdown import show_tables_as_markdown

show_tables_as_markdown()  # a chapter cell whose value is a Table shows its pipe table


def edition_year(environ=None) -> int | None:
    """The edition year asked for (``editions.requested_year``), else None for the newest."""
    return requested_year(environ=environ)


_LOADED: dict[Path, tuple[str, Dataset]] = {}  # project → (the bytes of data/, as a hash; its Dataset)


def _data_stamp(root: Path) -> str:
    """A hash of every file under data/ and their names (each file is read)."""
    h = hashlib.sha256()
    for folder, names, files in os.walk(root / DATA_DIR):
        names.sort()
        for name in sorted(files):
            path = Path(folder, name)
            h.update(f"\0{path.relative_to(root).as_posix()}\0".encode() + path.read_bytes())
    return h.hexdigest()


def _context() -> tuple[Dataset, Edition]:
    root = find_root()
    stamp = _data_stamp(root)
    known = _LOADED.get(root)
    if known is None or known[0] != stamp:
        known = _LOADED[root] = (stamp, load(root))
    edition = current(known[1])
    return known[1].for_edition(edition), edition


def edition() -> Edition:
    """The edition being built (year, title, dates, focus areas)."""
    return _context()[1]


def _link(data: Dataset):
    """Measure → href of its page (measures/<id>.html), relative to the page being rendered
    (cells run in the page's folder, under Quarto and the embedded engine alike)."""
    folder = os.path.relpath(data.root / "measures", Path.cwd())

    def href(measure) -> str:
        return Path(folder, f"{measure.id}.html").as_posix()
    return href


def measures_table(priority_id: str) -> tables.Table:
    """A priority's measures; each measure's name links to its page."""
    data, ed = _context()
    return tables.measures_table(data, ed, priority_id, _link(data))


def headline_table() -> tables.Table:
    data, ed = _context()
    return tables.headline_table(data, ed, _link(data))


def measure_count() -> str:
    """How many measures the road map has (the appendix's count, never written into prose by hand)."""
    return str(counts.counts_of(*_context()).measures)


def _count_word(n: int, capital: bool = False) -> str:
    """A count as a sentence writes it: 'six' (twenty and below), else its digits; 'Six' to start one."""
    word = next((word for word, value in counts.NUMBER_WORDS.items() if value == n), str(n))
    return word.capitalize() if capital else word


def focus_area_count() -> str:
    """How many focus areas the edition has, as a word for a sentence: focus_area_count() → 'six'
    (a count typed by hand stays behind when next year's edition is made from this one's words)."""
    return _count_word(len(edition().focus_areas))


def headline_count(capital: bool = False) -> str:
    """How many headline measures the road map has (the headline column of data/measures.csv), as a
    word for a sentence: headline_count() → 'six'; headline_count(capital=True) → 'Six', to start one."""
    return _count_word(counts.counts_of(*_context()).headline, capital)


def appendix_table(priority_id: str | None = None) -> tables.Table:
    """Every measure, or one priority's; each measure links to its page."""
    data, ed = _context()
    return tables.appendix_table(data, ed, priority_id, _link(data))


def headline_status_table() -> tables.Table:
    """The headline measures with latest result, trend and status (home page), linked to their pages."""
    data, ed = _context()
    return tables.headline_status_table(data, ed, _link(data))


def progress_summary_table() -> tables.Table:
    """How many measures of each priority have each status."""
    data, ed = _context()
    return tables.progress_summary_table(data, ed)


def coverage_table() -> tables.Table:
    """Which measures have a baseline, a recent value, a comparator and numeric targets."""
    data, ed = _context()
    return tables.coverage_table(data, ed, _link(data))


def downloads() -> str:
    """The downloads list (PDF, data zip, datapackage.json, every CSV) as markdown (`output: asis`)."""
    from luton2040.site.downloads import downloads_markdown
    data, ed = _context()
    return downloads_markdown(data, ed, Path.cwd())


def home_dashboard() -> str:
    """The home page's progress chart and outcomes wheel, each outcome linking to its measure page,
    as a raw-HTML block (``print(report.home_dashboard())`` in a cell with ``#| output: asis``)."""
    data, ed = _context()
    return dashboard.home(data, ed, _link(data), *_statuses_file(data, ed))


def progress_chart() -> str:
    """The progress chart alone, for the "Progress at a glance" appendix (print it ``asis``)."""
    data, ed = _context()
    return "```{=html}\n" + dashboard.progress_chart(data, ed, *_statuses_file(data, ed)) + "\n```\n"


def _statuses_file(data: Dataset, ed: Edition) -> tuple[str, int]:
    """The dashboard charts' data file (written by the pre-render step), relative to the page being
    rendered, and its size in bytes."""
    name, text = dashboard.data_file(data, ed)
    href = Path(os.path.relpath(data.root / name, Path.cwd())).as_posix()
    return href, len(text.encode("utf-8"))


def measures_panel(priority_id: str) -> str:
    """A printed chapter's small multiples of its measures (print it ``asis``; print only)."""
    data, ed = _context()
    return "```{=html}\n" + dashboard.measures_panel(data, ed, priority_id) + "\n```\n"


def outcomes_table() -> tables.Table:
    data, _ = _context()
    return tables.outcomes_table(data)


def milestones_table(year: int) -> tables.Table:
    data, ed = _context()
    return tables.milestones_table(data, ed, year)


def mis_bands_table() -> tables.Table:
    data, _ = _context()
    return tables.mis_bands_table(data)


def _facts(measure_id: str, series: str):
    data, ed = _context()
    m = data.measure(measure_id)
    return data, measure_facts.series_facts(data, ed, m, m.get_series(series))


def latest(measure_id: str, series: str = "all") -> str:
    """The latest Luton value, formatted: report.latest("destitution") → '9.9%'."""
    _, f = _facts(measure_id, series)
    return escape.markdown(fmt.observation(f.latest, f.series))


def baseline(measure_id: str, series: str = "all") -> str:
    _, f = _facts(measure_id, series)
    return escape.markdown(fmt.observation(f.baseline, f.series))


def comparator(measure_id: str, series: str = "all") -> str:
    _, f = _facts(measure_id, series)
    return escape.markdown(fmt.observation(f.comparator, f.series))


def period(measure_id: str, series: str = "all") -> str:
    _, f = _facts(measure_id, series)
    return escape.markdown(measure_facts.shown_period(f.latest)) if f.latest is not None else "no data yet"


def target(measure_id: str, year: int = TARGET_YEAR, series: str = "all") -> str:
    """A milestone (2027, 2031, 2035) or the 2040 target, formatted: report.target("destitution", 2027) → '7.7%'."""
    if year not in (*MILESTONE_YEARS, TARGET_YEAR):
        raise ValueError(f"{year} is not a milestone year; use one of {', '.join(map(str, MILESTONE_YEARS))} "
                         f"or {TARGET_YEAR}")
    data, f = _facts(measure_id, series)
    found = {t.year: t for t in data.targets_of(measure_id, series)}
    area = data.areas.get(f.measure.comparator) if f.measure.comparator else None
    return escape.markdown(fmt.target(found.get(year), f.series, area, cells.comparator_value(f)))


def trend(measure_id: str, series: str = "all") -> str:
    _, f = _facts(measure_id, series)
    return fmt.TREND_WORDS[f.trend].lower()


def status(measure_id: str, series: str = "all") -> str:
    _, f = _facts(measure_id, series)
    return fmt.STATUS_WORDS[f.status.code].lower()


FRAME_COLUMNS = ("measure", "series", "area", "period", "period_end", "value", "status", "baseline", "note")


def frame(measure_id: str, series: str | None = None):
    """A measure's observations as a pandas DataFrame, for notebooks: one row per published value
    (every series and area, or one ``series``) up to the edition's data cut-off, so the figures
    match the report; ``period_end`` as dates, a blank ``value`` as NaN. Columns as in
    data/observations.csv.

        df = report.frame("destitution")
        df[df.area == "luton"].plot(x="period_end", y="value")
    """
    import pandas as pd

    data, ed = _context()
    measure = data.measure(measure_id)
    if series is not None:
        measure.get_series(series)  # an unknown series raises KeyError naming the measure's series
    rows = sorted((data.as_shown(ed, o) for o in data.observations
                   if o.measure == measure.id and (series is None or o.series == series)
                   and ed.shows(o.measure, o.series, o.area, o.period_end)),
                  key=lambda o: (o.series, o.area, o.period_end))
    table = pd.DataFrame([[getattr(o, c) for c in FRAME_COLUMNS] for o in rows], columns=list(FRAME_COLUMNS))
    table["period_end"] = pd.to_datetime(table["period_end"])
    table["value"] = table["value"].astype(float)
    return table


def threshold(name: str) -> str:
    """A trend or status threshold as the methods appendix prints it ('on_track' → '95%',
    'too_slow' → '60%', 'tolerance' → '2%'), read from progress.py so the text cannot drift. The
    pace is a share of the rate needed, as each measure's page writes it ("95% or more on track")."""
    values = {
        "on_track": f"{progress.ON_TRACK:.0%}",
        "too_slow": f"{progress.TOO_SLOW:.0%}",
        "tolerance": f"{progress.DEFAULT_RELATIVE_TOLERANCE:.0%}",
    }
    return values[name]


def highlights() -> str:
    """The edition's highlight tiles as a markdown block (print it in an `output: asis` cell)."""
    data, ed = _context()
    tiles = [h for h in data.highlights if h["edition"] == ed.year]
    md = escape.markdown
    items = [f"::: {{.highlight}}\n**{md(h['value'])}**\n\n{md(h['text'])}\n:::" for h in tiles]
    return "::: {.highlights}\n" + "\n\n".join(items) + "\n:::\n"


def facts() -> str:
    """The 'This is Luton' facts as a markdown block (`output: asis`)."""
    data, _ = _context()
    md = escape.markdown
    items = [f"::: {{.fact}}\n**{md(f['value'])}**\n\n{md(f['text'])}\n:::" for f in data.facts]
    return "::: {.facts}\n" + "\n\n".join(items) + "\n:::\n"


def mission() -> str:
    """The core mission, the first row of data/priorities.csv: its statement in one sentence."""
    data, _ = _context()
    return escape.markdown(data.priorities[0].description)


def priorities_list() -> str:
    """The five priorities that serve the core mission, as a markdown list (`output: asis`); the
    mission itself (the first row of data/priorities.csv) is not one of them."""
    data, _ = _context()
    md = escape.markdown
    return "\n".join(f"- **{md(p.title)}.** {md(p.description)}" for p in data.priorities[1:]) + "\n"


def focus_areas() -> list:
    """The edition's focus areas (id, title, summary)."""
    return list(edition().focus_areas)


def editions() -> str:
    """Every edition up to this one, newest first, each with its website and PDF, as markdown
    (`output: asis`). Older editions are linked where `luton2040 build` publishes them: <year>/."""
    from luton2040.data.editions import edition_links

    data, ed = _context()
    folder = os.path.relpath(data.root, Path.cwd())
    lines = []
    for link in edition_links(data, ed):
        e = link.edition
        page = Path(folder, link.page).as_posix()
        pdf = Path(folder, link.pdf).as_posix()
        label = " (this edition)" if link.current else ""
        subtitle = f": {escape.markdown(e.subtitle)}" if e.subtitle else ""
        lines.append(f"- **[{escape.markdown(e.title)}]({page})**{label}{subtitle}. Published "
                     f"{e.publication_date:%B %Y}, with figures up to "
                     f"{e.data_cutoff.day} {e.data_cutoff:%B %Y}. [The report as a PDF]({pdf}).")
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------- words from the data (claims)

def says(measure_id: str, what: str = "trend", series: str = "all") -> str:
    """What the data says about a measure, in words for a sentence:
    says("anxiety", "trend") → 'getting worse'; says("smoking", "status") → 'on track'."""
    from luton2040.compute import claims
    _, f = _facts(measure_id, series)
    if what == "trend":
        return claims.TREND_SAYS[f.trend]
    if what == "status":
        return fmt.STATUS_WORDS[f.status.code].lower()
    raise ValueError(f"report.says can say 'trend' or 'status', not {what!r}")


def compared(measure_id: str, series: str = "all") -> str:
    """Luton's latest value against its comparator's: compared("anxiety") → "lower than England's 23.3%"."""
    from luton2040.compute import claims
    data, f = _facts(measure_id, series)
    return escape.markdown(claims.compared(f, measure_facts.comparator_in_sentence(data, f.measure)))


def reason(measure_id: str, what: str = "trend", series: str = "all") -> str:
    """The one-line reason behind a trend or status, with its numbers (for a tooltip or a note)."""
    _, f = _facts(measure_id, series)
    if what == "trend":
        return escape.markdown(cells.trend_reason(f))
    if what == "status":
        return escape.markdown(cells.status_reason(f))
    raise ValueError(f"report.reason explains 'trend' or 'status', not {what!r}")


def figure(figure_id: str) -> str:
    """A fact of the year quoted in the text, from data/figures.csv: figure("airport-jobs") → '27,000'.
    A later edition's value is the row ``<id>-<year>`` (``airport-jobs-2026``), so words carried
    forward from last year's prose quote this year's figure (``Dataset.figure``)."""
    data, ed = _context()
    row = data.figure(figure_id, ed.year)
    if row is None:
        known = ", ".join(sorted(data.figures))
        raise KeyError(f"no figure '{figure_id}' in data/figures.csv (it has: {known})")
    return escape.markdown(row["value"])


def previous(measure_id: str, series: str = "all") -> str:
    """The figure before the latest, formatted: previous("destitution") → '12.1%'."""
    _, f = _facts(measure_id, series)
    values = [o for o in f.history if o.comparable]
    return escape.markdown(fmt.observation(values[-2], f.series)) if len(values) >= 2 else "no earlier figure"


def moved(measure_id: str, series: str = "all") -> str:
    """How the latest figure moved from the one before, in words for a sentence (the verb comes
    from the data, so it stays true when new figures arrive): moved("destitution") →
    'came down from 12.1% to 9.9%'; 'rose from … to …'; 'stayed at …'."""
    _, f = _facts(measure_id, series)
    values = [o for o in f.history if o.comparable]
    if not values:  # "stands at To be confirmed" would make a number of a placeholder
        return "has no published figure yet"
    if len(values) < 2:
        return f"stands at {escape.markdown(fmt.observation(values[-1], f.series))}, its first comparable figure"
    before, now = (escape.markdown(fmt.observation(o, f.series)) for o in values[-2:])
    if before == now:
        return f"stayed at {now}"
    return f"{'rose' if values[-1].value > values[-2].value else 'came down'} from {before} to {now}"


def above_or_below(measure_id: str, against: str = "baseline", year: int = TARGET_YEAR, series: str = "all") -> str:
    """Whether the latest figure is above, below or level with its baseline, its comparator, the
    figure before it, or the milestone or target of ``year`` ("target"), as a word for a sentence
    that stays true when new figures arrive: above_or_below("destitution", "baseline") → 'above'
    ("it is `{python} report.above_or_below("destitution", "baseline")` the 7.3% of 2019")."""
    from luton2040.compute import versus
    data, f = _facts(measure_id, series)
    return versus.word(f, against, data.targets_of(measure_id, f.series.id), year)


def date(which: str = "publication") -> str:
    """An edition date as the report prints it: date() → 'February 2025'; date("cutoff") → '28 January 2025'.

    A report is published in a month (its launch day may be planned, or, for 2025, not known: see
    docs/data-sources.md, "Edition dates"); the data's cut-off is a day."""
    ed = edition()
    if which == "publication":
        return f"{ed.publication_date:%B %Y}"
    return f"{ed.data_cutoff.day} {ed.data_cutoff:%B %Y}"


def _section(priority_id: str, section: str) -> str:
    from luton2040.compute import sections
    data, ed = _context()
    found, problems = sections.items(data, ed, list(data.progress_notes), priority_id)
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise InputError(errors)
    return sections.section_markdown(found, section)


def progress_made(priority_id: str) -> str:
    """The chapter's "Progress made" list as markdown (`output: asis`): the items of
    data/progress_notes.csv whose measure's trend and status put them there."""
    return _section(priority_id, "progress")


def needs_work(priority_id: str) -> str:
    """The chapter's "Areas needing more work" list as markdown (`output: asis`)."""
    return _section(priority_id, "needs_work")


def byline() -> str:
    """Who signs the welcome and when: 'Luton 2040 Partnership, February 2025'."""
    ed = edition()
    return escape.markdown(", ".join(part for part in (ed.welcome_author, date()) if part))
