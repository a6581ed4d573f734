"""The "Progress made" and "Areas needing more work" lists of each priority chapter (pure).

Each item is a row of data/progress_notes.csv: the editor's heading and sentence, about a measure
or about something the measures do not cover. An item about a measure goes under the section its
trend and status decide (``claims.placement``); the editor's ``section`` is used only where the
data leaves it open, and a ``section`` that contradicts the data is a problem. Figures in the
sentence come from the data through placeholders: ``{latest}``, ``{baseline}``, ``{comparator}``,
``{period}``, ``{trend}``, ``{status}``, ``{compared}``, ``{target:2027}``, and the word
``{above_or_below:baseline}`` (``…:comparator``, ``…:previous``, ``…:target:2027``: above, below or
level with, as ``report.above_or_below`` gives it); a series follows a
colon (``{latest:male}``, ``{target:2040:detritus}``) and another measure follows ``@``
(``{target:2027:per_head@carbon-emissions}``).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from luton2040 import escape
from luton2040.compute import cells, claims, versus
from luton2040.compute.tables import TREND_HEADING, next_milestone, status_heading
from luton2040.compute import format as fmt
from luton2040.compute import measure_facts
from luton2040.data.load import Dataset, Edition
from luton2040.data.model import MILESTONE_YEARS, TARGET_YEAR
from luton2040.errors import Problem

FILE = "data/progress_notes.csv"
PLACEHOLDER = re.compile(r"\{([a-z_]+)((?::[a-z0-9_]+)*)(?:@([a-z0-9-]+))?\}")
WORDS = ("latest", "baseline", "comparator", "period", "trend", "status", "compared", "target", "above_or_below")


@dataclass(frozen=True)
class Item:
    line: int
    priority: str
    order: int
    measure: str | None
    section: str | None
    heading: str
    text: str  # with the placeholders filled in
    written: str = ""  # as typed, placeholders and all: "still above the 2027 milestone of {target:2027}"
    series: str | None = None  # the series a placeholder without one names


def fill(data: Dataset, edition: Edition, text: str, measure_id: str | None,
         series_id: str | None) -> tuple[str, list[str]]:
    """The sentence with every placeholder replaced by its figure or words; the problems found."""
    problems: list[str] = []

    def one(match: re.Match) -> str:
        word, args, other = match.group(1), [a for a in match.group(2).split(":") if a], match.group(3)
        target_measure = other or measure_id
        if word not in WORDS:
            problems.append(f"unknown placeholder {match.group(0)} (use one of: {', '.join(WORDS)})")
            return match.group(0)
        if target_measure is None:
            problems.append(f"{match.group(0)} needs a measure: fill in the measure column or add @<measure id>")
            return match.group(0)
        year, against = None, None
        if word == "above_or_below":
            if not args or args[0] not in versus.AGAINST:
                problems.append(f"{match.group(0)} needs what the figure is set beside: "
                                + ", ".join(f"{{above_or_below:{a}}}" for a in versus.AGAINST[:-1])
                                + " or {above_or_below:target:2027}")
                return match.group(0)
            against, args = args[0], args[1:]
            if against == "target":
                word = "target"  # its year is read (and checked) as {target:2027}'s
        if word == "target":
            if not args or not args[0].isdigit() or int(args[0]) not in (*MILESTONE_YEARS, TARGET_YEAR):
                problems.append(f"{match.group(0)} needs a milestone year: {{target:2027}} (2027, 2031, 2035 or 2040)")
                return match.group(0)
            year, args = int(args[0]), args[1:]
        try:
            measure = data.measure(target_measure)
            series = measure.get_series(args[0] if args else (series_id or measure.series[0].id))
        except KeyError as err:
            problems.append(f"{match.group(0)}: {err.args[0]}")
            return match.group(0)
        if word == "target" and not any(t.year == year for t in data.targets_of(measure.id, series.id)):
            kind = "target" if year == TARGET_YEAR else "milestone"
            problems.append(f"{match.group(0)}: {measure.id} has no {year} {kind} in data/targets.csv, so the sentence "
                            f"would print \"Not set\"; add it as a row there ({measure.id},{series.id},{year},…), or "
                            "reword the sentence without it")
            return match.group(0)
        if against is not None:
            f = measure_facts.series_facts(data, edition, measure, series)
            try:
                return versus.word(f, against, data.targets_of(measure.id, series.id), year or TARGET_YEAR)
            except ValueError as err:
                problems.append(f"{match.group(0)}: {err.args[0]}")
                return match.group(0)
        return words(data, edition, measure.id, series.id, word, year)

    return PLACEHOLDER.sub(one, text), problems


def _stray_brace(text: str) -> str | None:
    """The first brace of ``text`` outside its placeholders, with what follows it up to its closing
    brace (or a few words), as typed; None when every brace belongs to a placeholder."""
    spans = [m.span() for m in PLACEHOLDER.finditer(text)]
    for found in re.finditer(r"[{}]", text):
        at = found.start()
        if not any(start <= at < end for start, end in spans):
            shown = re.match(r"\{[^{}]{0,30}\}?|\}", text[at:]).group(0)
            return shown.rstrip()
    return None


def words(data: Dataset, edition: Edition, measure_id: str, series_id: str, word: str, year: int | None = None) -> str:
    """One figure or phrase about a series, as the report API gives it."""
    measure = data.measure(measure_id)
    f = measure_facts.series_facts(data, edition, measure, measure.get_series(series_id))
    area = data.areas.get(measure.comparator) if measure.comparator else None
    if word == "latest":
        return fmt.observation(f.latest, f.series)
    if word == "baseline":
        return fmt.observation(f.baseline, f.series)
    if word == "comparator":
        return fmt.observation(f.comparator, f.series)
    if word == "period":
        return measure_facts.shown_period(f.latest) if f.latest is not None else "no data yet"
    if word == "trend":
        return claims.TREND_SAYS[f.trend]
    if word == "status":
        return fmt.STATUS_WORDS[f.status.code].lower()
    if word == "compared":
        return claims.compared(f, measure_facts.comparator_in_sentence(data, measure))
    found = {t.year: t for t in data.targets_of(measure.id, f.series.id)}
    return fmt.target(found.get(year), f.series, area, cells.comparator_value(f))


def items(data: Dataset, edition: Edition, rows: list[dict], priority_id: str | None = None
          ) -> tuple[list[Item], list[Problem]]:
    """The edition's items (of one priority, or all), each under its section, and the problems:
    a section the data contradicts, a section missing where the data leaves it open, a placeholder
    that cannot be filled, and a measure the data places in a section but no item mentions."""
    out, problems = [], []
    for row in rows:
        if row.get("edition") != edition.year or (priority_id and row.get("priority") != priority_id):
            continue
        line, measure_id, series_id = row["line"], row.get("measure"), row.get("series")
        section = row.get("section")
        if measure_id:
            try:
                measure = data.measure(measure_id)
                chosen = [measure.get_series(series_id)] if series_id else list(measure.series)
            except KeyError as err:
                problems.append(Problem(FILE, line, "series" if series_id else "measure", err.args[0],
                                        "use an id from data/series.csv"))
                continue
            facts = [measure_facts.series_facts(data, edition, measure, s) for s in chosen]
            decided = claims.placement(facts)
            if decided and section and section != decided:
                problems.append(Problem(
                    FILE, line, "section",
                    f"puts {measure_id} under '{claims.SECTIONS[section]}', but its data places it under "
                    f"'{claims.SECTIONS[decided]}' ({claims.why_placed(facts)})",
                    "leave section blank so the data decides, or rewrite the item"))
            elif not decided and not section:
                problems.append(Problem(
                    FILE, line, "section",
                    f"is blank, and the data on {measure_id} does not decide it ({claims.why_placed(facts)})",
                    "write progress or needs_work"))
            section = decided or section
        elif not section:
            problems.append(Problem(FILE, line, "section", "is blank for an item that is not about a measure",
                                    "write progress or needs_work"))
        text, found = fill(data, edition, row.get("text") or "", measure_id, series_id)
        problems += [Problem(FILE, line, "text", p, "see the placeholders in data/datapackage.json") for p in found]
        stray = _stray_brace(row.get("text") or "")
        if stray:  # {Latest}, { latest }, {latest: male} or a brace left open: printed as typed
            problems.append(Problem(FILE, line, "text", f"'{stray}' is not a placeholder, so the item would "
                                    "print it as it is", "write placeholders in lower case without spaces, such as "
                                    "{latest} or {target:2027}, or take the brace out"))
        written = row.get("text") or ""
        default_series = series_id or (data.measure(measure_id).series[0].id if measure_id else None)
        out.append(Item(line, row["priority"], row["order"], measure_id, section, row.get("heading") or "", text,
                        written, default_series))
    # A measure the data places in a section is listed there, with the editor's sentence.
    mentioned = {(i.priority, i.measure) for i in out}
    priorities = [priority_id] if priority_id else [p.id for p in data.priorities]
    for pid in priorities:
        has_items = any(i.priority == pid for i in out)
        for m in data.measures_of(pid):
            facts = measure_facts.facts_of(data, edition, m)
            decided = claims.placement(facts)
            if decided and not has_items:
                # No items written for this edition yet (a new edition): list what the data says.
                out.append(Item(0, pid, 1000 + m.order, m.id, decided, m.short_measure, generated_text(data, edition, m)))
            elif decided and (pid, m.id) not in mentioned:
                problems.append(Problem(
                    FILE, None, None,
                    f"{m.id} belongs under '{claims.SECTIONS[decided]}' in the {pid} chapter "
                    f"({claims.why_placed(facts)}) but has no item",
                    f"add a row for edition {edition.year}, priority {pid}, measure {m.id} with your sentence",
                    severity="warning"))
    return out, problems


def generated_text(data: Dataset, edition: Edition, measure) -> str:
    """A plain sentence from the data alone, for a measure no editor has written about yet, with
    its trend and status in the tables' words and under their headings (``cells``, ``tables``):
    "£6,600m in 2022; trend since last figure: little change; status towards the 2027 milestone: on
    track." — and "its status cannot be assessed yet", not the label "Cannot assess"."""
    parts = []
    milestone = next_milestone(edition.year)
    for s in measure.series:
        if not s.assessed:
            continue
        f = measure_facts.series_facts(data, edition, measure, s)
        who = f"{s.label}: " if len(measure.series) > 1 and s.label else ""
        latest = words(data, edition, measure.id, s.id, "latest")
        period = words(data, edition, measure.id, s.id, "period")
        status = "its status cannot be assessed yet" if f.status.code == "cannot_assess" else \
            f"{status_heading(edition).lower()}: {_lower_first(cells.status_cell([f], milestone))}"
        parts.append(f"{who}{latest} in {period}; {TREND_HEADING.lower()}: {cells.trend_cell([f]).lower()}; {status}")
    return ". ".join(parts) + "."


def _lower_first(words: str) -> str:
    return words[:1].lower() + words[1:]


def section_markdown(found: list[Item], section: str) -> str:
    """The items of one section as a markdown list (`output: asis`)."""
    chosen = sorted((i for i in found if i.section == section), key=lambda i: i.order)
    if not chosen:
        return "Nothing to report in this edition.\n"
    md = escape.markdown  # the words are data: they print as written, never as markup
    return "\n".join(f"- **{md(i.heading)}.** {md(i.text)}" for i in chosen) + "\n"
