"""Every rule the project's input must follow; ``validate_project`` returns all problems at once, never raises.

Rules come in three layers: what datapackage.json says about each CSV (types, required, enums,
patterns, ranges, unique — checked by ``schema.read_table``), the keys between tables (primary and
foreign keys), and the report's own rules (periods, baselines, milestones, MIS shares, edition files,
partner texts). Each rule is a small function from the loaded tables (``rule_inputs.Project``)
to problems: the keys in ``key_rules``, the data's own rules in ``value_rules``, editions, profiles,
``_quarto.yml`` and partner files in ``edition_rules``. This module reads the tables and runs them.
"""
from __future__ import annotations

from pathlib import Path
from typing import Callable, Iterable

from luton2040.data.edition_rules import (edition_cutoffs, edition_files, edition_profiles, editions_have_highlights,
                                          highlight_editions, observations_no_edition_shows, partner_files, partner_includes, priorities_have_chapters,
                                          published_figures_unchanged, published_files_unchanged,
                                          published_tables_unchanged, quarto_config)
from luton2040.data.included_files import included_files_start_plainly, words_read_as_written
from luton2040.data.key_rules import foreign_keys, primary_keys
from luton2040.data.data_shortcodes import data_shortcodes
from luton2040.data.linked_files import links_out_of_the_project
from luton2040.data.page_markup import page_markup
from luton2040.data.svg_pictures import svg_pictures
from luton2040.data.printable import printable_characters
from luton2040.data.rule_inputs import Project
from luton2040.data.schema import read_table, resources
from luton2040.data.value_rules import (baselines, figures_shown, measures_have_series, measures_have_targets,
                                        milestones_move_toward_target, mis_shares,
                                        observation_periods, observation_values, one_figure_per_period,
                                        tables_have_rows, target_values, tolerances_have_reasons, unit_ranges,
                                        values_in_scale)
from luton2040.errors import InputError, Problem, in_order


def validate_project(project_dir: Path, also: tuple[Callable[[Project], Iterable[Problem]], ...] = ()) -> list[Problem]:
    """Run every rule over the project, and the rules ``also`` gives (those a later room holds: the
    site's links, ``site.page_links``); return all problems (errors and warnings), sorted by place."""
    root = Path(project_dir)
    try:
        described = resources(root)
    except InputError as err:
        return list(err.problems)
    problems: list[Problem] = []
    tables, unread, partial = {}, set(), set()
    for name in described:
        rows, found = read_table(root, name)
        tables[name] = rows
        problems += found
        if found:
            unread.add(name)
        if _lines_without_rows(rows, found):
            partial.add(name)
    project = Project(root, described, tables, unread, partial)
    for rule in (*RULES, *also):
        problems += rule(project)
    return sorted(problems, key=in_order)


def _lines_without_rows(rows: list, found: list[Problem]) -> bool:
    """True when the reader reported a problem on a line it made no row of (a row with too many
    cells, an unclosed quote; a blank line too, to be safe) or could read no row at all (a header
    without a key column, a file saved as UTF-16); a problem on the header line alone leaves every
    row read."""
    if not rows:
        return bool(found)
    lines = {row.line for row in rows}
    return any(p.line is None or (p.line != 1 and p.line not in lines) for p in found)


RULES: list[Callable[[Project], Iterable[Problem]]] = [
    quarto_config,
    primary_keys,
    foreign_keys,
    unit_ranges,
    observation_values,
    values_in_scale,
    observation_periods,
    one_figure_per_period,
    figures_shown,
    baselines,
    measures_have_series,
    target_values,
    milestones_move_toward_target,
    measures_have_targets,
    mis_shares,
    tables_have_rows,
    highlight_editions,
    editions_have_highlights,
    edition_files,
    edition_cutoffs,
    observations_no_edition_shows,
    published_figures_unchanged,
    published_files_unchanged,
    published_tables_unchanged,
    edition_profiles,
    partner_files,
    partner_includes,
    priorities_have_chapters,
    included_files_start_plainly,
    words_read_as_written,
    printable_characters,
    data_shortcodes,
    page_markup,
    links_out_of_the_project,
    svg_pictures,
    tolerances_have_reasons,
]
