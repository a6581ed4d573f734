"""`luton2040 check` for words: chapter sentences and progress items whose typed direction or
comparison ("has improved", "lower than the national average", "on track" …) disagrees with the
data on the measure they name; counts ("the 40 outcomes", "five priorities") the data does not
have (``counts``); and progress items placed in the wrong section.

Reads the pages of the book (index.qmd, chapters/, appendix/) and checks them against the newest
edition, the one the chapters are written for. The rules themselves are in ``claims`` (pure).
"""
from __future__ import annotations

import ast
import re
from pathlib import Path

from luton2040 import fences
from luton2040.compute import baseline_years, carried_words, claims, counts, expression_ids, latest_periods, measure_facts, period_words, sections, sourced, versus
from luton2040.data.edition_prose import PROSE_DIR
from luton2040.data.load import Dataset, Edition, load
from luton2040.data.model import MILESTONE_YEARS, TARGET_YEAR
from luton2040.errors import InputError, Problem

PAGES = ("index.qmd", "chapters/*.qmd", "appendix/*.qmd")

class _Facts:
    """Each measure's SeriesFacts and comparator name, worked out once."""

    def __init__(self, data: Dataset, edition: Edition):
        self.data, self.edition, self._cache = data, edition, {}

    def __call__(self, measure_id: str) -> list[measure_facts.SeriesFacts]:
        """The measure's SeriesFacts; none for an id the data does not have (a misspelt
        `report.period("destitutoin")`), which ``expression_ids`` names with its line."""
        if measure_id not in self._cache:
            try:
                measure = self.data.measure(measure_id)
            except KeyError:
                self._cache[measure_id] = []
            else:
                self._cache[measure_id] = measure_facts.facts_of(self.data, self.edition, measure)
        return self._cache[measure_id]

    def area_name(self, measure_id: str) -> str:
        """The measure's comparator as it reads mid-sentence ("the national average")."""
        facts = self(measure_id)
        return measure_facts.comparator_in_sentence(self.data, facts[0].measure) if facts else ""


def names(data: Dataset) -> dict[str, list[str]]:
    """The everyday names a sentence may use for each measure (data/measure_names.csv, but for those
    marked search only), besides an inline report.…("id") expression, in the file's order."""
    named: dict[str, list[str]] = {}
    for row in data.measure_names:
        if not row.get("search_only"):  # a broad word ('social care') the search knows, no sentence's subject
            named.setdefault(row["measure"], []).append(row["name"].lower())
    return named


def opposite_names(data: Dataset) -> frozenset[str]:
    """The names whose everyday sense runs the other way from their measure's figure
    (data/measure_names.csv's ``opposite_to_figure``: lower "air quality" is a higher pollution score)."""
    return frozenset(row["name"].lower() for row in data.measure_names if row.get("opposite_to_figure"))


def check_pages(data: Dataset, edition: Edition, files: dict[str, str]) -> list[Problem]:
    """Problems in the given pages (project-relative path → text)."""
    facts, named, opposite = _Facts(data, edition), names(data), opposite_names(data)
    have = counts.counts_of(data, edition)
    found = []
    # a figure name the edition resolves: its own row <id>-<year> stands for <id> (Dataset.figure)
    own = f"-{edition.year}"
    figures = set(data.figures) | {fid.removesuffix(own) for fid in data.figures if fid.endswith(own)}
    known = {"measure": {m.id for m in data.measures}, "priority": {p.id for p in data.priorities},
             "figure": figures}
    series = {m.id: {s.id for s in m.series} for m in data.measures}
    milestones: dict[tuple[str, str], set[int]] = {}
    for t in data.targets:
        milestones.setdefault((t.measure, t.series), set()).add(t.year)
    functions = expression_ids.report_functions()
    for rel, text in files.items():
        found += expression_ids.check_text(rel, text, known, series, milestones)
        found += expression_ids.check_code(rel, text, functions)
        found += check_above_or_below(rel, text, data, facts, known["measure"], series)
        found += claims.check_text(rel, text, named, facts, facts.area_name, targets_of=data.targets_of,
                                   opposite=opposite, headings=True)
        lines = claims.prose_lines(text, headings=True)
        found += counts.check_lines(rel, lines, have) + period_words.check_lines(rel, lines)
        found += check_caption_counts(rel, text, have)
        found += latest_periods.check(rel, text, known["measure"])
    return found


_CAPTION_OPTION = re.compile(r"^#\|\s*(?:tbl|fig)-cap\s*:\s*(.*)$")


def check_caption_counts(rel: str, text: str, have: counts.Counts) -> list[Problem]:
    """A count typed in a cell's caption (``#| tbl-cap: "The 40 Luton 2040 outcomes"``), which no
    code can fill in: a cell option is never run, so the fix is a table div whose last paragraph,
    the caption, is a sentence like any other."""
    lines = text.splitlines()
    options = [(n, m.group(1).strip().strip("'\"")) for n, (line, code) in
               enumerate(zip(lines, fences.fenced(lines)), start=1)
               if code and (m := _CAPTION_OPTION.match(line.strip()))]
    return [Problem(p.file, p.line, None, p.message,
                    "a cell option cannot run code: put the cell in a table div, ::: {#tbl-…}, with the caption "
                    "as its last paragraph, where `{python} report.measure_count()` (or another count) can "
                    "stand for the number")
            for p in counts.check_lines(rel, options, have)]


def check_above_or_below(rel: str, text: str, data: Dataset, facts: _Facts, measures: set[str],
                         series: dict[str, set[str]]) -> list[Problem]:
    """Each ``report.above_or_below(…)`` of a page that could give no word when the page runs: a
    comparison it does not know, a year that is no milestone year, or a value the data does not have
    as a number (a milestone in words, a rank, one not set). Named here with the line, as a missing
    milestone of ``report.target`` is, rather than left to stop the build. (Misspelt ids and series
    are named by ``expression_ids``.)"""
    found = []
    for line, call, shown in expression_ids.calls_of(text, "above_or_below"):
        given = [expression_ids.argument(call, at, name) for at, name in
                 ((0, "measure_id"), (1, "against"), (2, "year"), (3, "series"))]
        if any(g is not None and not isinstance(g, ast.Constant) for g in given):
            continue  # worked out by code: left to the run
        measure, against, year, series_id = (g.value if g is not None else default for g, default in
                                              zip(given, (None, "baseline", TARGET_YEAR, "all")))
        if measure not in measures or series_id not in series.get(measure, set()):
            continue
        if against not in versus.AGAINST:
            found.append(Problem(rel, line, None, f"{shown}: '{against}' is not something the figure can be set beside",
                                 "use one of " + ", ".join(f'"{a}"' for a in versus.AGAINST)))
            continue
        if against == "target" and year not in (*MILESTONE_YEARS, TARGET_YEAR):
            found.append(Problem(rel, line, None, f"{shown}: {year} is not a milestone year",
                                 f"use one of {', '.join(map(str, MILESTONE_YEARS))} or {TARGET_YEAR}"))
            continue
        targets = data.targets_of(measure, series_id)
        if against == "target" and not any(t.year == year for t in targets):
            kind = "target" if year == TARGET_YEAR else "milestone"
            have = ", ".join(str(t.year) for t in targets)
            found.append(Problem(rel, line, None, f"{shown}: {measure} has no {year} {kind} in data/targets.csv"
                                 + (f" (it has {have})" if have else ""),
                                 f"add the {kind} as a row of data/targets.csv ({measure},{series_id},{year},…), or "
                                 "compare with another value"))
            continue
        f = next(f for f in facts(measure) if f.series.id == series_id)
        try:
            versus.word(f, against, targets, year)
        except ValueError as err:
            found.append(Problem(rel, line, None, f"{shown}: {err.args[0].split('; ')[0]}",
                                 "compare with a value the data has as a number (as it is, the page cannot be "
                                 "built), or reword the sentence"))
    return found


_FIGURE = re.compile(r"report\.figure\(\s*[\"']([a-z0-9-]+)[\"']")


def check_figures(data: Dataset, edition: Edition, files: dict[str, str]) -> list[Problem]:
    """A figure of an earlier report quoted in this edition's pages: words carried forward from last
    year ("about 5,000 fewer residents") would print last year's fact beside this year's data."""
    found = []
    for rel, text in files.items():
        for number, line in enumerate(text.splitlines(), start=1):
            for match in _FIGURE.finditer(line):
                figure_id = match.group(1)
                row = data.figure(figure_id, edition.year)
                if row is None or row.get("edition") == edition.year:
                    continue  # an unknown id is reported when the page runs
                found.append(Problem(
                    rel, number, None,
                    f"quotes '{figure_id}', a figure of the {row.get('edition')} report ({row.get('value')}, "
                    f"data/figures.csv:{row.get('line')}), which may no longer be true in {edition.year}",
                    f"add its {edition.year} value to data/figures.csv as a new row with the id "
                    f"{figure_id}-{edition.year} and edition {edition.year} (the page then quotes it), or take "
                    "the figure out of the sentence"))
    return found


def check_tiles(data: Dataset, edition: Edition) -> list[Problem]:
    """The words of the edition's highlight tiles and of the 'This is Luton' facts: their counts
    and periods; and a tile that links to a measure (its ``measure`` column) is about that measure,
    so a direction or comparison its words type ("has improved", "lower than England", "below the
    2027 milestone") is checked against the measure's data as a chapter sentence's is."""
    have = counts.counts_of(data, edition)
    facts, named, opposite = _Facts(data, edition), names(data), opposite_names(data)
    found = []
    for file, rows in (("data/highlights.csv", [h for h in data.highlights if h.get("edition") == edition.year]),
                       ("data/facts.csv", list(data.facts))):
        for row in rows:
            lines = [(row["line"], f"{row.get('value') or ''} {row.get('text') or ''}")]
            found += [Problem(p.file, p.line, "text", p.message, p.fix, p.severity)
                      for p in counts.check_lines(file, lines, have) + period_words.check_lines(file, lines)]
            measure = row.get("measure")
            if measure and facts(measure):
                found += [Problem(p.file, row["line"], "text", p.message, _tile_fix(p.fix), p.severity)
                          for p in claims.check_text(file, lines[0][1], named, facts, facts.area_name,
                                                     always=[measure], targets_of=data.targets_of,
                                                     opposite=opposite)]
    return found


def _tile_fix(fix: str) -> str:
    """A tile's words are data, where no code runs: the fix is the words, not a report.… call."""
    return "reword the tile to agree with the data, or take the comparison out of it" if "report." in fix else fix


#: A progress item's heading that names no subject of its own: "It" under it is the item's measure.
_GENERIC_HEADING = re.compile(r"(?:an?\s+|the\s+|our\s+)?(?:update|progress|news|latest|headline|"
                              r"this\s+year|what\s+(?:has\s+)?changed|where\s+we\s+are)", re.I)


def check_progress_items(data: Dataset, edition: Edition) -> list[Problem]:
    """Placement problems of data/progress_notes.csv and typed claims in its filled-in sentences."""
    items, problems = sections.items(data, edition, list(data.progress_notes))
    facts = _Facts(data, edition)
    have, named, opposite = counts.counts_of(data, edition), names(data), opposite_names(data)
    series_named = {row["line"] for row in data.progress_notes if row.get("series")}
    for item in items:
        text = f"{item.heading}. {item.text}"
        for p in counts.check_lines(sections.FILE, [(item.line, text)], have) + period_words.check_lines(
                sections.FILE, [(item.line, text)]):
            problems.append(Problem(p.file, item.line, "text", p.message, p.fix, p.severity))
        # a comparison is read in the sentence as typed, where "{target:2027}" still names the milestone,
        # and the other claims in the sentence as printed: "below England's {comparator}" is one problem
        mentions = [(item.measure, -1)] if item.measure else []
        always = [item.measure] if item.measure else []
        written = [(None, f"{item.heading}.")] + [(s, sections.fill(data, edition, s, item.measure, item.series)[0])
                                                   for _, s in claims.sentences(item.written)] \
            if item.written else [(None, text)]  # (an item the data wrote alone has no typed sentence)
        # "It" opening the text's first sentence is the item's measure; after another it may be that
        # sentence's subject ("Vaping is the new worry. It keeps rising.": ``claims.it_stands_for``)
        # "It" opening the text is the item's measure when the heading names it (or the figure, or has no
        # words of its own); under a heading about something else ("Vaping", "The waiting list") it may
        # be that, so a claim it opens is only warned about
        heading = written[0][1] if item.written else ""
        it_own = not heading.strip(" .") or _GENERIC_HEADING.fullmatch(heading.strip(" .")) is not None or any(m == item.measure for m, _ in claims.measures_named(heading, named)) \
            or claims.it_stands_for(heading, True, always, named)
        for at, (sentence, printed) in enumerate(written):
            if at > 1:
                it_own = claims.it_stands_for(written[at - 1][1], it_own, always, named)
            then = written[at + 1][1] if at + 1 < len(written) else ""
            compared = {} if sentence is None else claims.check_versus(
                sections.FILE, item.line, sentence, mentions, facts, data.targets_of, item.series, placeholders=True,
                series_named=item.line in series_named, names=named, opposite=opposite, it_own=it_own)
            for p in [*compared.values(), *claims.check_text(sections.FILE, printed, named, facts, facts.area_name,
                                                             always=always, judged=frozenset(compared),
                                                             opposite=opposite, it_own=it_own, then=then)]:
                problems.append(Problem(p.file, item.line, "text", p.message, p.fix, p.severity))
    rows = list(data.progress_notes)
    return problems + sourced.check(rows, edition.year) + baseline_years.check(data, edition, rows)


_LISTS = re.compile(r"report\.(?:progress_made|needs_work)\(\s*[\"']([a-z0-9-]+)[\"']")


def check_lists_written(data: Dataset, edition: Edition, files: dict[str, str]) -> list[Problem]:
    """A warning for each chapter whose "Progress made" and "Areas needing more work" lists the
    edition's pages print (``report.progress_made("…")``) while data/progress_notes.csv has no row
    of the edition for it: the lists would be written from the data alone, in no editor's words.
    (Once a row exists, ``sections.items`` names each measure the data places but no row mentions.)"""
    printed = dict.fromkeys(m.group(1) for text in files.values() for m in _LISTS.finditer(text))
    written = {row.get("priority") for row in data.progress_notes if row.get("edition") == edition.year}
    earlier = [year for year in data.editions if year < edition.year]
    found = []
    known = {p.id for p in data.priorities}
    for pid in printed:
        if pid not in known:
            continue  # a misspelt id: ``expression_ids`` names it with its line
        measures = data.measures_of(pid)
        if pid in written or not measures:
            continue
        placed = {claims.SECTIONS[d]: [] for d in (claims.PROGRESS, claims.NEEDS_WORK)}
        for m in measures:
            decided = claims.placement(measure_facts.facts_of(data, edition, m))
            if decided:
                placed[claims.SECTIONS[decided]].append(m.id)
        where = "; ".join(f"'{section}': {', '.join(ids)}" for section, ids in placed.items() if ids)
        found.append(Problem(
            sections.FILE, None, None,
            f"has no row for the {edition.year} report's {pid} chapter, so its 'Progress made' and 'Areas needing "
            "more work' lists are written from the data alone" + (f" ({where})" if where else ""),
            f"add a row for edition {edition.year}, priority {pid} for each item, with your heading and sentence"
            + (f" (the {max(earlier)} rows are a start: copy them and change the edition)" if earlier else ""),
            severity="warning"))
    return found


def check_project(root: Path) -> list[Problem]:
    """Every words problem of the project, for `luton2040 check` (nothing when the data itself
    cannot be read: those problems are reported by the data checks)."""
    root = Path(root)
    try:
        data = load(root)
    except InputError:
        return []
    if not data.editions:
        return []
    edition = data.edition(None)
    files = {}
    for pattern in PAGES + (f"chapters/{PROSE_DIR}/{edition.year}/*.qmd",):  # the edition's own prose
        for path in sorted(root.glob(pattern)):
            files[path.relative_to(root).as_posix()] = path.read_text(encoding="utf-8")
    return (check_pages(data, edition, files) + check_figures(data, edition, files)
            + check_carried(root, data, edition, files)
            + check_progress_items(data, edition) + check_lists_written(data, edition, files)
            + check_tiles(data, edition) + check_focus_sections(edition, files))


#: The chapter whose sections (``##`` headings) are the edition's focus areas, one each.
FOCUS_AREAS_PAGE = "focus-areas.qmd"
_SECTION = re.compile(r"^##\s+\S")


def check_focus_sections(edition: Edition, files: dict[str, str]) -> list[Problem]:
    """A focus area written into the focus-areas chapter but not listed in the edition file (or
    listed and not written) leaves ``report.focus_area_count()`` counting one fewer (or more) than the
    sections under it: "There are six focus areas", then seven."""
    rel = f"chapters/{PROSE_DIR}/{edition.year}/{FOCUS_AREAS_PAGE}"
    if rel not in files:
        return []
    lines = files[rel].splitlines()
    code = fences.fenced(lines)
    sections_at = [n for n, (line, in_code) in enumerate(zip(lines, code), 1) if not in_code and _SECTION.match(line)]
    listed = len(edition.focus_areas)
    if not sections_at or len(sections_at) == listed:
        return []
    where = f"data/editions/{edition.year}.yml"
    said = next((word for word, n in counts.NUMBER_WORDS.items() if n == listed), str(listed))
    if len(sections_at) > listed:
        return [Problem(rel, sections_at[listed], None,
                        f"has {len(sections_at)} sections, one for each focus area, but {where} lists {listed} focus "
                        f"areas, so report.focus_area_count() counts {said}",
                        f"add the new focus area to focus_areas in {where} (its id, title and summary), or remove "
                        "the section", severity="warning")]
    return [Problem(where, edition.lines.get("focus_areas"), "focus_areas",
                    f"lists {listed} focus areas, but {rel} has {len(sections_at)} sections, one for each, so "
                    f"report.focus_area_count() counts {said}",
                    f"write a section (## heading) for each focus area in {rel}, or remove the one no longer meant",
                    severity="warning")]


def check_carried(root: Path, data: Dataset, edition: Edition, files: dict[str, str]) -> list[Problem]:
    """Warnings for the lines of the edition's own prose still as the previous edition wrote them
    that name a time ("this year", "This edition is the first", the previous year): ``carried_words``."""
    earlier = [year for year in data.editions if year < edition.year]
    if not earlier:
        return []
    previous = max(earlier)
    own = f"chapters/{PROSE_DIR}/{edition.year}/"
    found = []
    for rel, text in files.items():
        if not rel.startswith(own):
            continue
        old = root / f"chapters/{PROSE_DIR}/{previous}/{rel[len(own):]}"
        if old.is_file():
            found += carried_words.check(rel, text, old.read_text(encoding="utf-8"), edition.year, previous)
    return found
