"""The data downloads: each measure's rows of observations.csv, the whole data package as a
deterministic zip, and the list of downloads with their formats and sizes."""
from __future__ import annotations

import csv
import functools
import io
import zipfile
from pathlib import Path

from luton2040.compute import format as fmt
from luton2040.compute import cells, tables
from luton2040.compute.measure_facts import facts_of
from luton2040.constants import DATA_DIR, DOWNLOADS_DIR, DOWNLOADS_SECTIONS, INTERNAL_COLUMNS
from luton2040.data import published
from luton2040.data.load import Dataset, Edition
from luton2040.constants import LUTON, TARGET_YEAR
from luton2040.data.model import Measure
from luton2040.site import charts
from luton2040.site.charts import ChartSpec, Marker
from luton2040.data.schema import load_datapackage, text_rows
from luton2040.file_writes import write_changed



@functools.lru_cache(maxsize=64)
def _rows(text: str) -> list[list[str]]:
    """``text_rows`` of a CSV's text, parsed once however many editions read it (read only)."""
    return text_rows(text)


@functools.lru_cache(maxsize=64)
def without_internal_columns(text: str) -> str:
    """A CSV's text without its internal columns (``published.public_text``), worked out once for
    each text however many editions ask."""
    return published.public_text(text)


public_package = published.public_package  # (datapackage.json as published: no internal columns)


def describe_size(kind: str, size: int) -> str:
    """'CSV, 2 KB': the format and a size a reader can judge (kilobytes rounded up, never 0 KB)."""
    if size >= 1024 * 1024:
        return f"{kind}, {fmt.number(size / (1024 * 1024), 1)} MB"
    return f"{kind}, {fmt.number(max(1, -(-size // 1024)), 0)} KB"


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe_cell(cell: str) -> str:
    """A cell a spreadsheet cannot run: text starting with = + - @ tab or CR gets a leading ' (OWASP
    CSV-injection guidance). Numbers such as -3.2 or +1 are left as they are."""
    if not cell.startswith(_FORMULA_START):
        return cell
    try:
        float(cell)
        return cell
    except ValueError:
        return "'" + cell


def spreadsheet_safe(text: str) -> str:
    """A CSV text with every cell made spreadsheet-safe; the exact text when no cell needed it."""
    rows = text_rows(text)
    safe = [[spreadsheet_safe_cell(c) for c in row] for row in rows]
    if safe == rows:
        return text
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(safe)
    return out.getvalue()


#: The first column of a chart's download: what each row is on the chart.
KINDS = ("observation", "milestone", "target")


def measure_csv(data: Dataset, edition: Edition, measure: Measure) -> str:
    """The data of the measure's chart: its rows of data/observations.csv (every series and area,
    up to the edition's cut-off, as stored but without the internal provenance column), each of kind
    ``observation``, by series, area and period (``in_chart_order``), then a row for each milestone and target the chart draws (kind ``milestone``
    or ``target``), at the value drawn and with its ``wording`` as the chart and table give it."""
    return measure_csvs(data, edition, [measure])[measure.id]


def measure_csvs(data: Dataset, edition: Edition, measures: list[Measure],
                 specs: dict[str, ChartSpec | None] | None = None) -> dict[str, str]:
    """``measure_csv`` of each of ``measures`` (id → text), reading and splitting
    data/observations.csv once for all of them rather than once per measure; ``specs``: the
    measures' charts when already worked out (``charts.chart_spec``)."""
    text = (data.root / DATA_DIR / "observations.csv").read_bytes().decode("utf-8-sig")
    header, *rows = text_rows(without_internal_columns(_as_of(text, edition)))
    at = header.index("measure")
    groups: dict[str, list[list[str]]] = {m.id: [] for m in measures}
    for r in rows:
        if len(r) > at and r[at] in groups:
            groups[r[at]].append(r)
    out = {}
    for measure in measures:
        spec = specs[measure.id] if specs is not None else charts.chart_spec(data, edition, measure)
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(["kind", *header, "wording"])
        writer.writerows([KINDS[0], *r, ""] for r in in_chart_order(header, measure, groups[measure.id]))
        writer.writerows(_marker_row(header, measure, m) for m in _drawn_markers(spec))
        out[measure.id] = spreadsheet_safe(buffer.getvalue())
    return out


def in_chart_order(header: list[str], measure: Measure, rows: list[list[str]]) -> list[list[str]]:
    """A measure's observation rows by series (in the measure's order), area (Luton, then its
    comparator, then any other by id) and period_end, oldest first, whatever order data/observations.csv
    has them in (a row added later for an earlier month goes before the ones after it); rows alike
    in all three keep the file's order."""
    series = {s.id: i for i, s in enumerate(measure.series)}
    areas = {LUTON: 0, measure.comparator: 1} if measure.comparator else {LUTON: 0}
    at = {name: header.index(name) for name in ("series", "area", "period_end")}

    def key(row: list[str]) -> tuple:
        cell = {name: row[i] if i < len(row) else "" for name, i in at.items()}
        return (series.get(cell["series"], len(series)), cell["series"], areas.get(cell["area"], len(areas)),
                cell["area"], cell["period_end"])
    return sorted(rows, key=key)


def _drawn_markers(spec: ChartSpec | None) -> list[Marker]:
    return [m for panel in spec.panels for m in panel.markers] if spec is not None else []


def _marker_row(header: list[str], measure: Measure, marker: Marker) -> list[str]:
    """A milestone's or the target's diamond as a row under the observations' columns: the value
    drawn (a target set against the comparator worked out as the chart places it)."""
    cells = {"measure": measure.id, "series": marker.series, "area": LUTON, "period": str(marker.when.year),
             "period_end": marker.when.isoformat(), "value": f"{marker.value:.6f}".rstrip("0").rstrip("."),
             "note": marker.note}
    kind = KINDS[2] if marker.when.year == TARGET_YEAR else KINDS[1]
    return [kind, *(cells.get(name, "") for name in header), marker.text]


def edition_package(root: Path, edition: Edition | None = None) -> dict:
    """The data package's description as ``edition`` publishes it: a past edition's as recorded
    (``Edition.package``, data/published.py), else data/datapackage.json as it is."""
    recorded = getattr(edition, "package", None)
    return recorded.package if recorded is not None else load_datapackage(root)


def package_files(root: Path, edition: Edition | None = None) -> list[str]:
    """datapackage.json and every resource it lists (as ``edition`` publishes it: ``edition_package``),
    as paths under data/ (sorted)."""
    package = edition_package(root, edition)
    paths = {"datapackage.json"} | {r["path"] for r in package.get("resources", []) if isinstance(r.get("path"), str)}
    return sorted(paths)


def zip_name(edition: Edition) -> str:
    return f"{DOWNLOADS_DIR}/luton-2040-data-{edition.year}.zip"


def statuses_name(edition: Edition) -> str:
    """The data of the dashboard charts (the progress chart and the outcomes wheel): each measure
    and its status, downloads/luton-2040-statuses-<year>.csv."""
    return f"{DOWNLOADS_DIR}/luton-2040-statuses-{edition.year}.csv"


def statuses_csv(data: Dataset, edition: Edition, statuses: list[tuple[str, Measure, str]]) -> str:
    """The dashboard charts' data: for each (priority title, measure, status word), in report order,
    the priority, the measure's id, its outcome, its name and its status. The progress chart counts
    these rows; the wheel draws one segment for each. The column is headed as the tables head it
    (status_towards_the_2027_milestone), and a status measured against another milestone says
    which, as the tables' cells do (destitution without a 2027 milestone: "Going backwards
    (towards the 2031 milestone)")."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    heading = tables.status_heading(edition).lower().replace(" ", "_")  # status_towards_the_2027_milestone
    writer.writerow(["priority", "measure", "outcome", "measure_name", heading])
    year = tables.next_milestone(edition.year)
    for priority, measure, status in statuses:
        years = {f.status.milestone_year for f in facts_of(data, edition, measure)
                 if f.series.assessed and f.status.code != "cannot_assess"}
        # every part judged against one milestone, not the heading's (parts judged against different
        # milestones are a mixed status, which the tables' cells explain part by part)
        if len(years) == 1 and None not in years and year not in years:
            status += f" (towards {cells.goal_words(years.pop())})"
        writer.writerow([spreadsheet_safe_cell(c) for c in (priority, measure.id, measure.outcome,
                                                            measure.short_measure, status)])
    return out.getvalue()


def snapshot_dir(edition: Edition) -> str:
    """Where the edition's copy of the data package is published: downloads/luton-2040-data-<year>/."""
    return f"{DOWNLOADS_DIR}/luton-2040-data-{edition.year}"


def _as_of(text: str, edition: Edition, name: str = "", current: tuple | None = None) -> str:
    """A CSV file (``name``, as in data/) as the edition saw it: observations after its cut-off and
    rows of later editions (an ``edition`` column) left out, a past edition's published figures as it
    published them (a row revised since is written back from its record), and, in a past edition,
    no row of a measure or series it did not report (one added for a later edition). The newest
    edition, given the ``current`` (measure, series) pairs and measures (``current_series``), has no
    row of a measure or series retired from them (a past edition's published figures of it, or its
    progress item naming it), so its package's keys hold. Unchanged files keep their exact text."""
    rows = _rows(text)
    if not rows:
        return text
    header = rows[0]
    keep_row = None  # row → False (left out), True (kept as written) or the Recorded row to write back
    if edition.record is not None and all(name in header for name in published.KEY):
        keep_row = _published_rows(header, edition)
    elif "period_end" in header:
        at = header.index("period_end")
        keep_row = lambda r: len(r) <= at or not r[at] or r[at] <= edition.data_cutoff.isoformat()  # noqa: E731
    elif "edition" in header:
        at = header.index("edition")
        keep_row = lambda r: len(r) <= at or not r[at].strip().isdigit() or int(r[at]) <= edition.year  # noqa: E731
    reported = _reported(header, edition, name, current)
    if reported is not None:
        dated = keep_row
        keep_row = lambda r: (dated(r) if dated is not None else True) if reported(r) else False  # noqa: E731
    if keep_row is None:
        return text
    fates = [keep_row(r) for r in rows[1:]]
    if all(fate is True for fate in fates):
        return text
    # each row is one line of the file (schema.text_rows): the kept lines as they are written, so a
    # later edition's rows leave the earlier edition's copy (and its fingerprint) as it was
    lines = list(io.StringIO(text, newline=""))
    kept = [lines[0]]
    for line, r, fate in zip(lines[1:], rows[1:], fates):
        if fate is False:
            continue
        if fate is not True:  # published, and revised since: written back as it was published
            line = published.recorded_line(header, r, fate, line[len(line.rstrip("\r\n")):])
        kept.append(line)
    return "".join(kept)


def _reported(header: list[str], edition: Edition, name: str, current: tuple | None = None):
    """For a past edition's copy of a file naming measures (``id`` in measures.csv, else a
    ``measure`` column, with its ``series`` where given): whether a row is of a measure and series
    the edition reported (``Edition.published_series``; for the newest, ``current``'s); None when
    nothing is to be left out."""
    pairs, measures = edition.published_series, edition.published_measures
    if pairs is None and current is not None:
        pairs, measures = current
    return published.reports_row(header, name.removesuffix(".csv"), pairs, measures)


def current_series(root: Path) -> tuple[frozenset, frozenset]:
    """The (measure, series) pairs of data/series.csv and the measures of data/measures.csv as they
    are now: what the newest edition reports (a measure retired from them is in past editions only)."""
    def rows(name: str) -> list[dict[str, str]]:
        header, *rest = _rows((root / DATA_DIR / name).read_bytes().decode("utf-8-sig")) or [[]]
        return [dict(zip(header, r)) for r in rest]
    return (frozenset((r.get("measure", ""), r.get("series", "")) for r in rows("series.csv")),
            frozenset(r.get("id", "") for r in rows("measures.csv")))


def _published_rows(header: list[str], edition: Edition):
    """For a past edition's observations: each row it published kept as written (False for the
    others, a figure added later for an earlier period among them), or, when the row has been
    revised since, the Recorded row to write back. A row word for word as recorded is found
    without reading its date (this runs for every past edition on every build)."""
    columns = [header.index(name) for name in published.COLUMNS if name in header]
    names = [header[i] for i in columns]
    as_recorded = {tuple(row.cells.get(name, "") for name in names) for row in edition.record.values()}
    at = header.index("period_end")

    def fate(r: list[str]):
        if tuple(r[i] if i < len(r) else "" for i in columns) in as_recorded or len(r) <= at or not r[at]:
            return True
        return edition.record.get(published.key_of(dict(zip(header, r))), False)
    return fate


def edition_files(root: Path, edition: Edition) -> dict[str, bytes]:
    """The data package as of the edition: datapackage.json and each resource, name → bytes, so a
    past edition's downloads never include figures published after it, nor the internal columns;
    a past edition's recorded tables (``Edition.tables``) as it published them."""
    files = {}
    current = current_series(root) if edition.published_series is None else None
    for name in package_files(root, edition):
        recorded = edition.tables.get(name.removesuffix(".csv"))
        if recorded is not None:  # a past edition's table as it published it (data/published.py)
            files[name] = spreadsheet_safe(recorded.text).encode("utf-8")
            continue
        raw = (root / DATA_DIR / name).read_bytes()
        if name.endswith(".csv"):
            # as a text editor would save it: a file saved again by Excel (a byte-order mark, Windows
            # line ends, a blank line at the end) is the same data and publishes the same bytes
            lines = published.as_text(raw).split(b"\n")
            while lines and not lines[-1].strip():  # (blank lines at the end are no rows: schema._parse_csv)
                lines.pop()
            raw = b"\n".join(lines) + b"\n"
            text = raw.decode("utf-8")
            kept = spreadsheet_safe(without_internal_columns(_as_of(text, edition, name, current)))
            raw = raw if kept == text else kept.encode("utf-8")
        elif name == "datapackage.json":
            raw = edition.package.raw if edition.package is not None else public_package(load_datapackage(root))
        files[name] = raw
    return files


def zip_bytes(root: Path, edition: Edition) -> bytes:
    """The edition's data package as a zip whose bytes depend only on the files: sorted entries,
    the edition's publication date as every timestamp, fixed permissions and compression level."""
    stamp = (edition.publication_date.year, edition.publication_date.month, edition.publication_date.day, 0, 0, 0)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, content in sorted(edition_files(root, edition).items()):
            info = zipfile.ZipInfo(f"luton-2040-data/{name}", date_time=stamp)
            info.external_attr = 0o100644 << 16
            info.create_system = 3
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, content, compresslevel=9)
    return out.getvalue()


def write_zip(data: Dataset, edition: Edition) -> str:
    """Write the edition's copy of the data package (downloads/luton-2040-data-<year>/) and its zip
    downloads/luton-2040-data-<year>.zip, each only when its bytes change; return the zip's path."""
    for name, content in edition_files(data.root, edition).items():
        write_changed(data.root / snapshot_dir(edition) / name, content)
    write_changed(data.root / zip_name(edition), zip_bytes(data.root, edition))
    return zip_name(edition)


def downloads_markdown(data: Dataset, edition: Edition, page_dir: Path) -> str:
    """The downloads page's list: the report PDF, the zip, datapackage.json and each CSV, each
    with its format and size, linked relative to ``page_dir`` (the folder of the page)."""
    import os

    def href(rel: str) -> str:
        return Path(os.path.relpath(data.root / rel, page_dir)).as_posix()

    def size(rel: str) -> int:
        return len((data.root / rel).read_bytes())

    snapshot = snapshot_dir(edition)
    package = edition_package(data.root, edition)
    titles = {r["path"]: (r.get("title") or r["path"], r.get("description") or "") for r in package["resources"]}
    (report_id, report), (data_id, every), (file_id, each) = DOWNLOADS_SECTIONS
    lines = [f"## {report} {{#{report_id}}}", "",
             f"- [{edition.title} (PDF)]({href(edition.pdf_name + '.pdf')}): the whole report, ready to print.", "",
             f"## {every} {{#{data_id}}}", "",
             f"- [The whole data package ({describe_size('ZIP', size(zip_name(edition)))})]"
             f"({href(zip_name(edition))}): every CSV file below with its description, `datapackage.json`.",
             f"- [datapackage.json ({describe_size('JSON', size(snapshot + '/datapackage.json'))})]"
             f"({href(snapshot + '/datapackage.json')}): what every file and column means, in the "
             "[Frictionless Data](https://specs.frictionlessdata.io/) format.", "",
             f"## {each} {{#{file_id}}}", ""]
    for name in package_files(data.root, edition):
        if name == "datapackage.json":
            continue
        title, description = titles.get(name, (name, ""))
        kind = name.rsplit(".", 1)[-1].upper()
        lines.append(f"- [{title} ({describe_size(kind, size(snapshot + '/' + name))})]({href(snapshot + '/' + name)})"
                     + (f": {description}" if description else ""))
    return "\n".join(lines) + "\n"
