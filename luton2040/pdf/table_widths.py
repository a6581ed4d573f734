"""Column widths for the printed tables, chosen from the cells' text when the page is assembled.

WeasyPrint's automatic table layout measures every cell twice before it lays a row out: its widest
unbreakable piece (by laying the cell out at zero width, one line per word) and its whole text on
one line. On the long tables that was a quarter of the printing time, and it gives each column room
in proportion to its longest cell, so one long target sentence widened its column for the whole
table while the outcome and measure columns wrapped to five or six lines on every row.

Here the same two widths are measured from the shipped font's advance widths (``luton2040/pdf/fonts``;
they agree with what WeasyPrint sets to about half a per cent). Every column gets its widest
unbreakable piece (a word, a badge); the rest of the table's width is shared to make the table
short (``share``): the rows' heights in lines, a row as tall as its tallest cell, plus the room a
tall row is expected to leave empty at a page foot, counted on the heading and up to 48 rows. No
column gets more than its longest cell needs on one line. The widths are written as
``<col style="width: …%">`` and the table gets ``class="fitted"``, which print.css lays out with
``table-layout: fixed``. A table with merged cells, or pictures or tables in its cells, or whose
widest words do not fit side by side, keeps the automatic layout.
"""
from __future__ import annotations

import math
import random
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from xml.etree.ElementTree import Element

FONTS = Path(__file__).resolve().parent / "fonts"
PT = 25.4 / 72  # millimetres in a point

# The page's text width and a table's type and cell padding (print.css: @page margins, table, th/td).
PORTRAIT = (210 - 18 - 20, 8.8, 2 * 2.0)
LANDSCAPE = (297 - 18 - 20, 8.2, 2 * 1.6)
# The page's text height (print.css @page margins), a table's line height and a row's padding in lines
# (1.5 mm above and below a cell at 8.8 pt type and 1.3 line height).
PORTRAIT_HEIGHT, LANDSCAPE_HEIGHT = 297 - 20 - 22, 210 - 20 - 22
LINE_HEIGHT = 1.3
ROW_PADDING_LINES = 0.75
# Measured widths agree with Pango's to about 0.5% (no kerning, rounding): room added to every piece.
SAFETY = 1.01
SPARE_MM = 0.3
# A badge (print.css .badge and .badge::before): icon 0.9em, its gap 0.6 mm, padding 0.8 + 1.2 mm, border 2 × 0.5 pt.
BADGE_EM, BADGE_MM = 0.9, 0.6 + 2.0 + 2 * 0.5 * PT
# Character advance (in ems) for characters neither font file has: about an average lower-case letter.
UNKNOWN = 0.55
# Widths are tried in steps of this share of the table's width, on at most this many of its rows.
STEP = 0.01
SAMPLE_ROWS = 48
# At most this many moves of a step of width from one column to another, after the first choice.
MAX_MOVES = 40
#: the most columns fitted: the moves cost grows with the cube of the columns (a wider table, which
#: only partner text could bring, keeps the automatic layout)
MAX_COLUMNS = 16
SPACE = re.compile(r"(\s+)")
BOLD_TAGS = {"strong", "b", "th"}
LINE_BREAK_TAGS = {"br", "p", "div", "li", "ul", "ol"}
NOT_TEXT = {"img", "svg", "table", "figure", "picture", "object"}


@lru_cache(maxsize=None)
def _advances(weight: int) -> dict[int, float]:
    """Character → advance in ems for one weight of Source Sans 3 (both shipped subsets), read once.
    (The charts' ``site/text_width`` reads the same files the same way; this reader stays inside
    ``luton2040/pdf/`` because the print caches are keyed by that folder's files alone:
    ``workers.package_digest``.)"""
    from fontTools.ttLib import TTFont

    widths: dict[int, float] = {}
    for subset in ("latin-ext", "latin"):  # latin second: where both have a glyph, its width wins
        font = TTFont(FONTS / f"source-sans-3-{subset}-{weight}-normal.ttf", lazy=True)
        per_em = font["head"].unitsPerEm
        metrics = font["hmtx"].metrics
        widths.update((code, metrics[glyph][0] / per_em) for code, glyph in font.getBestCmap().items())
        font.close()
    return widths


def text_width(text: str, size_pt: float, weight: int = 400) -> float:
    """How wide `text` is set in Source Sans 3 at `size_pt`, in millimetres."""
    advances = _advances(600 if weight >= 600 else 400)
    return sum(advances.get(ord(char), UNKNOWN) for char in text) * size_pt * PT


@dataclass
class Measure:
    """One cell's text as lines (forced breaks) of pieces that cannot break, each with the width of
    the space before it (0 where the line may break without one, as at a <wbr>)."""

    lines: list[list[tuple[float, float]]] = field(default_factory=lambda: [[]])
    _piece: float = 0.0
    _space: float = 0.0

    def glue(self, width: float) -> None:
        """Add text that cannot break from what comes before it."""
        self._piece += width

    def space(self, width: float) -> None:
        """A place the line may break, `width` wide if it does not."""
        self.end_piece()
        self._space += width if self.lines[-1] else 0.0

    def end_piece(self) -> None:
        if self._piece:
            self.lines[-1].append((self._space, self._piece))
            self._piece = self._space = 0.0

    def end_line(self) -> None:
        self.end_piece()
        self._space = 0.0
        if self.lines[-1]:
            self.lines.append([])

    @property
    def widest_piece(self) -> float:
        return max((piece for line in self.lines for _, piece in line), default=0.0)

    @property
    def widest_line(self) -> float:
        return max((sum(space + piece for space, piece in line) for line in self.lines), default=0.0)

    def count_lines(self, width: float) -> int:
        """How many lines the text takes in `width` (greedy filling, as a browser does)."""
        count = 0
        for line in self.lines:
            if not line:
                continue
            count += 1
            filled = 0.0
            for space, piece in line:
                if filled and filled + space + piece > width:
                    count += 1
                    filled = piece
                else:
                    filled += (space if filled else 0.0) + piece
        return max(count, 1)


class NotText(Exception):
    """A cell holds something other than text (a picture, a table): its width is not measured."""


@dataclass
class _Walk:
    size: float
    measure: Measure = field(default_factory=Measure)

    def text(self, text: str, weight: int, nowrap: bool) -> None:
        for piece in SPACE.split(text):
            if not piece:
                continue
            width = text_width(" " if piece.isspace() else piece, self.size, weight)
            if piece.isspace() and not nowrap:
                self.measure.space(width)
            else:
                self.measure.glue(width)

    def element(self, element: Element, weight: int, nowrap: bool) -> None:
        tag = element.tag if isinstance(element.tag, str) else ""
        if tag in NOT_TEXT:
            raise NotText(tag)
        classes = (element.get("class") or "").split()
        if tag in BOLD_TAGS:
            weight = 600
        if tag == "wbr":
            self.measure.space(0.0)
        elif tag in LINE_BREAK_TAGS:
            self.measure.end_line()
        if "badge" in classes:
            weight, nowrap = 600, True
            self.measure.glue(BADGE_EM * self.size * PT + BADGE_MM)
        self.text(element.text or "", weight, nowrap)
        for child in element:
            self.element(child, weight, nowrap)
            self.text(child.tail or "", weight, nowrap)
        if tag in LINE_BREAK_TAGS:
            self.measure.end_line()


def measure_cell(cell: Element, size_pt: float) -> Measure:
    """The widths of one cell's text at `size_pt` (th in the heading weight); NotText for pictures."""
    walk = _Walk(size_pt)
    walk.element(cell, 400, False)
    walk.measure.end_line()
    return walk.measure


def _score(lines: list[list[int]], page_lines: float) -> float:
    """What a choice of widths costs, in lines: each row as tall as its tallest cell (and its padding),
    plus the room a row is expected to leave empty at the foot of a page, since a row is never split
    (a row `h` lines tall meets a page break about `h / page_lines` of the time and then leaves about
    `h / 2` empty), plus a little for every line, so that of two choices giving the same heights the
    one with fewer lines wins."""
    cost = 0.0
    for row in zip(*lines):
        height = max(row) + ROW_PADDING_LINES
        cost += height + height * height / (2 * page_lines)
    return cost + 0.01 * sum(map(sum, lines))


def share(cells: list[list[Measure]], least: list[float], most: list[float], room: float, padding: float,
          page_lines: float = 60.0) -> list[float]:
    """Widths for columns that need at least `least` and at most `most`, together `room` (the least
    widths fit), costing as little as it can (``_score``) on `cells` (rows of measured cells).

    Two starts: room given out step by step to the column whose widening saves the most per
    millimetre, and the automatic layout's share (each column's least, then the rest in proportion
    to what its widest line needs beyond that). From the cheaper, one step of width at a time moves
    from one column to another while that lowers the cost.
    """
    columns = len(least)
    step = room * STEP
    known: dict[tuple[int, float], list[int]] = {}

    def lines(column: int, width: float) -> list[int]:
        key = (column, round(width, 4))
        if key not in known:
            inner = (width - padding - SPARE_MM) / SAFETY
            known[key] = [row[column].count_lines(inner) for row in cells]
        return known[key]

    def cost(widths: list[float]) -> float:
        return _score([lines(c, width) for c, width in enumerate(widths)], page_lines)

    beyond = [m - l for m, l in zip(most, least)]
    automatic = [l + (room - sum(least)) * b / sum(beyond) for l, b in zip(least, beyond)] if sum(beyond) > 0 else least
    widths = min((_greedy(lines, cost, least, most, room, step), automatic), key=cost)
    score = cost(widths)
    for _ in range(MAX_MOVES):
        best = None
        for grow in range(columns):
            for shrink in range(columns):
                move = min(step, most[grow] - widths[grow], widths[shrink] - least[shrink])
                if grow == shrink or move < 0.05:
                    continue
                trial = list(widths)
                trial[grow] += move
                trial[shrink] -= move
                trial_score = cost(trial)
                if trial_score < score - 1e-9 and (best is None or trial_score < best[0]):
                    best = (trial_score, trial)
        if best is None:
            break
        score, widths = best
    return widths


def _greedy(lines, cost, least: list[float], most: list[float], room: float, step: float) -> list[float]:
    """From the least widths, room goes to the column whose next wider step saves the most per
    millimetre; room no column can use goes out in proportion to what each still lacks, or to the
    widths once every column has its most."""
    columns = len(least)
    widths = list(least)
    score = cost(widths)
    while room - sum(widths) > 1e-6:
        left = room - sum(widths)
        best = None  # (saving per millimetre, column, width, score)
        for column in range(columns):
            limit = min(most[column], widths[column] + left)
            width, now = widths[column], lines(column, widths[column])
            trial = now
            while width < limit and trial == now:  # the next width that saves a line
                width = min(least[column] + step * (math.floor((width - least[column]) / step + 1e-9) + 1), limit)
                trial = lines(column, width)
            if trial == now:
                continue
            new_score = cost(widths[:column] + [width] + widths[column + 1:])
            saving = (score - new_score) / (width - widths[column])
            if saving > 0 and (best is None or saving > best[0]):
                best = (saving, column, width, new_score)
        if best is None:
            break
        _, column, widths[column], score = best
    left = room - sum(widths)
    lacking = [max(0.0, most[c] - widths[c]) for c in range(columns)]
    shares = lacking if sum(lacking) > 1e-6 else widths
    return [width + left * part / sum(shares) for width, part in zip(widths, shares)]


def _rows(table: Element) -> list[list[Element]]:
    return [[cell for cell in row if cell.tag in ("td", "th")] for row in table.iter("tr")]


def column_widths(table: Element, landscape: bool) -> list[float] | None:
    """Each column's share of the table's width in percent, or None to keep the automatic layout."""
    room, size, padding = LANDSCAPE if landscape else PORTRAIT
    rows = _rows(table)
    if not rows or any(cell.get("colspan", "1") != "1" or cell.get("rowspan", "1") != "1"
                       for row in rows for cell in row):
        return None
    columns = len(rows[0])
    if not 2 <= columns <= MAX_COLUMNS or any(len(row) != columns for row in rows):
        return None
    try:
        measures = [[measure_cell(cell, size) for cell in row] for row in rows]
    except NotText:
        return None
    least = [max(row[c].widest_piece for row in measures) * SAFETY + SPARE_MM + padding for c in range(columns)]
    most = [max(row[c].widest_line for row in measures) * SAFETY + SPARE_MM + padding for c in range(columns)]
    if sum(least) > room:
        return None
    body = measures[1:]
    if len(body) > SAMPLE_ROWS:  # rows drawn at random, the same every time (a stride would miss rows that repeat)
        body = [body[i] for i in sorted(random.Random(len(body)).sample(range(len(body)), SAMPLE_ROWS))]
    sample = measures[:1] + body  # (the heading row too)
    page_lines = (LANDSCAPE_HEIGHT if landscape else PORTRAIT_HEIGHT) / (size * LINE_HEIGHT * PT)
    widths = share(sample, least, most, room, padding, page_lines)
    return [round(100 * width / room, 2) for width in widths]


def fits_portrait(table: Element) -> bool:
    """Does the table read on a portrait page: every body cell on one line in its column, and no
    heading word wider than its column (headings may wrap)? A table of short figures, such as a count
    of statuses by priority, does, however many columns it has; a table of sentences does not."""
    rows = _rows(table)
    if not rows:
        return True
    columns = max(len(row) for row in rows)
    if any(len(row) != columns or cell.get("colspan", "1") != "1" for row in rows for cell in row):
        return False
    room, size, padding = PORTRAIT
    try:
        measures = [[measure_cell(cell, size) for cell in row] for row in rows]
    except NotText:
        return False
    heading, body = measures[0], measures[1:] or measures[:1]
    need = [max(max(row[c].widest_line for row in body), heading[c].widest_piece) * SAFETY + SPARE_MM + padding
            for c in range(columns)]
    return sum(need) <= room


def fit_tables(root: Element, landscape: bool) -> None:
    """Give every table under `root` whose columns can be fitted fixed column widths (see the module)."""
    for table in list(root.iter("table")):
        widths = column_widths(table, landscape)
        if widths is None:
            continue
        for old in [child for child in table if child.tag == "colgroup"]:
            table.remove(old)
        colgroup = Element("colgroup")
        for width in widths:
            colgroup.append(Element("col", {"style": f"width: {width:.2f}%"}))
        at = 1 if len(table) and table[0].tag == "caption" else 0
        table.insert(at, colgroup)
        table.set("class", " ".join([*(table.get("class") or "").split(), "fitted"]))
