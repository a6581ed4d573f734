"""Warn when chapter prose types a figure that lives in the data, so next year's report cannot go stale.

Every latest, baseline and comparator value and every numeric milestone or target is formatted
exactly as the report prints it (``format.py``), with the edition's facts of the year as
``data/figures.csv`` gives them, and the prose of ``index.qmd``, ``chapters/`` and
``appendix/`` is searched for those strings. Code cells, inline code and ``{python}`` expressions,
HTML comments and front matter are not prose and are skipped; partner texts are the partners' own
words and are not checked. Each edition's own prose (``_prose/<year>/``) is checked only for the
edition it belongs to. A bare whole number below 1,000 (``45``) is too common in ordinary
writing to be a useful match and is left out.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from luton2040 import comments, fences
from luton2040.compute import format as fmt
from luton2040.constants import TARGET_YEAR, generated
from luton2040.data.edition_prose import prose_year
from luton2040.errors import Problem
from luton2040.yamlmarks import front_matter_end

PROSE_FILES = ("index.qmd",)
PROSE_DIRS = ("chapters", "appendix")
_INLINE_CODE = re.compile(r"(`+)(?:(?!\1).)+?\1")
_BARE = re.compile(r"^\d+$")


@dataclass(frozen=True)
class Figure:
    """One formatted value and how to write it instead: ``report.latest("destitution")``."""

    text: str
    what: str        # "the latest Luton value of destitution"
    expression: str  # report.latest("destitution")


def _current(root: Path):
    """(data, the current edition), or None when the data cannot load."""
    from luton2040.data.editions import current
    from luton2040.data.load import load

    try:
        data = load(root)
        return data, current(data)
    except Exception:  # noqa: BLE001 — bad data can break loading anywhere; the other rules report it
        return None


def figures(root: Path, loaded=None) -> list[Figure]:
    """Every formatted value the report API can give for the current edition (empty if the data cannot load)."""
    from luton2040.compute.measure_facts import series_facts

    loaded = loaded or _current(root)
    if loaded is None:
        return []
    data, edition = loaded
    found: list[Figure] = []
    for measure in data.measures:
        area = data.areas.get(measure.comparator) if measure.comparator else None
        for series in measure.series:
            extra = "" if series.id == "all" else f', "{series.id}"'
            name = measure.id if series.id == "all" else f"{measure.id} ({series.id})"
            try:
                facts = series_facts(data, edition, measure, series)
            except Exception:  # noqa: BLE001 — as above: an unreadable series is reported elsewhere
                continue
            for obs, what, call in ((facts.latest, "the latest Luton value", "latest"),
                                    (facts.baseline, "the baseline", "baseline"),
                                    (facts.comparator, "the comparator value", "comparator")):
                if obs is not None and obs.comparable:
                    found.append(Figure(fmt.observation(obs, series), f"{what} of {name}",
                                        f'report.{call}("{measure.id}"{extra})'))
            for target in data.targets_of(measure.id, series.id):
                if target.kind == "text" or target.value is None:
                    continue
                label = "target" if target.year == TARGET_YEAR else "milestone"
                series_arg = "" if series.id == "all" else f', series="{series.id}"'
                found.append(Figure(fmt.target(target, series, area), f"the {target.year} {label} of {name}",
                                    f'report.target("{measure.id}", {target.year}{series_arg})'))
    found += edition_figures(data, edition.year)
    return [f for f in found if any(c.isdigit() for c in f.text) and not _BARE.match(f.text)]


def edition_figures(data, year: int) -> list[Figure]:
    """The edition's own facts of the year (data/figures.csv): "22,000" typed where
    ``report.figure("destitution-residents")`` belongs would still say 22,000 next year. A row
    ``<id>-<year>`` is quoted by its name ``<id>``, as ``Dataset.figure`` resolves it."""
    found = []
    for fid, row in data.figures.items():
        if row.get("edition") != year or not isinstance(row.get("value"), str):
            continue
        name = fid.removesuffix(f"-{year}") if data.figure(fid.removesuffix(f"-{year}"), year) is row else fid
        found.append(Figure(row["value"].strip(), f"the figure {name} of data/figures.csv", f'report.figure("{name}")'))
    return found


def prose_files(root: Path, year: int | None = None) -> list[Path]:
    """The prose files; with ``year``, another edition's own prose (``_prose/<other year>/``) left
    out. The partner contributions the chapters include (``constants.GENERATED``) are partners' words."""
    files = [root / name for name in PROSE_FILES if (root / name).is_file()]
    for folder in PROSE_DIRS:
        if (root / folder).is_dir():
            files += sorted(p for p in (root / folder).rglob("*") if p.suffix in (".qmd", ".md") and p.is_file()
                            and prose_year(rel := p.relative_to(root).as_posix()) in (None, year)
                            and not generated(rel))
    return files


def prose_lines(text: str) -> list[tuple[int, str]]:
    """(line number, prose) pairs with front matter, code cells, inline code and comments blanked out."""
    text = comments.removed(text)
    lines = text.splitlines()
    out: list[tuple[int, str]] = []
    close = front_matter_end(lines)
    start = close + 1 if close is not None else 0
    for number, (line, code) in enumerate(zip(lines[start:], fences.fenced(lines[start:])), start=start + 1):
        if not code:
            out.append((number, _INLINE_CODE.sub(" ", line)))
    return out


def _pattern(text: str) -> re.Pattern:
    """The figure as written, not inside a longer number; a minus may be typed as a hyphen."""
    body = re.escape(text).replace(re.escape(fmt.MINUS), f"[{fmt.MINUS}-]")
    return re.compile(rf"(?<![\w.,£$€{fmt.MINUS}-]){body}(?!\w|[.,]\d)")


def hand_typed(root: Path) -> list[Problem]:
    """A warning for each line of chapter prose that types a figure the data provides."""
    root = Path(root)
    loaded = _current(root)
    by_text: dict[str, list[Figure]] = {}
    for figure in figures(root, loaded):
        by_text.setdefault(figure.text, []).append(figure)
    if not by_text:
        return []
    # Each figure's plain text (a minus also as a hyphen) is looked for first: a line without it
    # cannot match its pattern, and the substring test is far cheaper than the regular expression,
    # which is compiled only for the figures some line holds (about a millisecond each; most never do).
    patterns = [(text, text.replace(fmt.MINUS, "-")) for text in sorted(by_text, key=len, reverse=True)]
    compiled: dict[str, re.Pattern] = {}
    problems = []
    for path in prose_files(root, loaded[1].year):
        rel = path.relative_to(root).as_posix()
        try:
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError):
            continue
        for number, line in prose_lines(text):
            taken: list[tuple[int, int]] = []
            plain_line = line.replace(fmt.MINUS, "-")
            for value, plain in patterns:
                if plain not in plain_line:
                    continue
                pattern = compiled.get(value) or compiled.setdefault(value, _pattern(value))
                for match in pattern.finditer(line):
                    if any(a < match.end() and match.start() < b for a, b in taken):
                        continue  # part of a longer figure already reported ("−2.0 points" vs "2.0 points")
                    taken.append(match.span())
                    problems.append(_warning(rel, number, value, by_text[value]))
    return problems


def _warning(rel: str, line: int, value: str, matches: list[Figure]) -> Problem:
    first = matches[0]
    what = first.what + (f" (and {len(matches) - 1} other figure{'s' if len(matches) > 2 else ''})"
                         if len(matches) > 1 else "")
    return Problem(rel, line, None, f"'{value}' is typed by hand; it is {what}",
                   f"write `{{python}} {first.expression}` so the text follows the data", severity="warning")
