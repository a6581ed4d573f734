"""Published period labels (2023, 22/23, 2023-24, 2017-19, Sep-24, 8/1/2024, Q1 2024) → (first day, last day).

The report prints periods the way each source publishes them. The rules, in order:

* ``2023`` — a calendar year.
* ``22/23``, ``2022/23``, ``2022/2023``, ``23-24``, ``2023-24`` — a financial year, 1 April to 31 March
  (the second year must follow the first).
* ``2017-19``, ``2017-2019`` — a run of calendar years (three-year averages such as life expectancy).
* ``Sep-24``, ``Sep 24``, ``Sept 2024``, ``September 2024`` — a calendar month.
* ``8/1/2024`` — a single day, written day/month/year as in the UK (8 January 2024); ``2024-01-08`` too.
  When day and month could be swapped, ``readings`` also gives the US reading (1 August 2024).
* ``Q1 2024`` / ``2024 Q1`` / ``2024-Q1`` — a calendar quarter (the last as statistics tables write it); ``Q1 2024/25`` — a quarter of a financial year.

Anything else gives ``None``: the validator then asks for a label in one of these forms.
"""
from __future__ import annotations

import calendar
import datetime as dt
import re

MONTHS = {name.lower(): number for number, name in enumerate(calendar.month_abbr) if name}
MONTHS.update({name.lower(): number for number, name in enumerate(calendar.month_name) if name})
MONTHS["sept"] = 9

_YEAR = re.compile(r"^(\d{4})$")
_SPAN = re.compile(r"^(\d{2}|\d{4})\s*[/-]\s*(\d{2}|\d{4})$")
_MONTH = re.compile(r"^([A-Za-z]+)\.?[\s-]*(\d{2}|\d{4})$")
_UK_DAY = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_ISO_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_QUARTER = re.compile(r"^Q([1-4])\s+(\d{4})(?:\s*/\s*(\d{2}|\d{4}))?$|^(\d{4})(?:\s+|\s*-\s*)Q([1-4])$",
                      re.IGNORECASE)

FORMS = "2023, 2023/24 or 23/24 (financial year), 2017-19 (years), Sep-24 (month), 8/1/2024 (day) or Q1 2024"


def parse_period(label: str) -> tuple[dt.date, dt.date] | None:
    """The first and last day of a published period label, or None if the label is not understood.

    >>> parse_period("22/23")
    (datetime.date(2022, 4, 1), datetime.date(2023, 3, 31))
    >>> parse_period("2017-19")
    (datetime.date(2017, 1, 1), datetime.date(2019, 12, 31))
    """
    text = " ".join(str(label).split())
    for parser in (_year, _span, _month, _day, _quarter):
        try:
            found = parser(text)
        except ValueError:  # an impossible date such as 31/2/2024
            return None
        if found:
            return found
    return None


def readings(label: str) -> list[tuple[dt.date, dt.date]]:
    """Every sensible reading of a label: one, or two for a numeric date such as ``8/1/2024`` whose
    day and month could be either way round (spreadsheets exported in US style print 1 August 2024
    that way). The first reading is the UK one; the data's ``period_end`` and ``note`` say which
    was meant. An unparseable label gives an empty list."""
    first = parse_period(label)
    if first is None:
        return []
    found = [first]
    match = _UK_DAY.match(" ".join(str(label).split()))
    if match:
        day, month, year = (int(g) for g in match.groups())
        if day != month and day <= 12:
            us = dt.date(year, day, month)
            found.append((us, us))
    return found


def period_end(label: str) -> dt.date | None:
    """The last day of the period a label describes, or None if it is not understood."""
    found = parse_period(label)
    return found[1] if found else None


def _full_year(text: str, before: int | None = None) -> int:
    """A four-digit year from '2023' or '23'; a two-digit year after ``before`` takes its century."""
    if len(text) == 4:
        return int(text)
    century = (before // 100 * 100) if before else 2000
    year = century + int(text)
    if before is not None and year < before:
        year += 100
    return year


def _year(text: str):
    match = _YEAR.match(text)
    if match:
        year = int(match.group(1))
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    return None


def _span(text: str):
    match = _SPAN.match(text)
    if not match:
        return None
    first_text, last_text = match.groups()
    first = _full_year(first_text)
    last = _full_year(last_text, before=first)
    if last // 100 != first // 100 and last - first > 10:
        return None  # 2024-04 is not 2024 to 2104 (a year and month, as ISO writes them: Apr-24)
    if last == first + 1:
        return dt.date(first, 4, 1), dt.date(last, 3, 31)
    # A run of calendar years is always written with a four-digit start (2017-19), never 17-19.
    if len(first_text) == 4 and last > first + 1 and "-" in text:
        return dt.date(first, 1, 1), dt.date(last, 12, 31)
    return None


def _month(text: str):
    match = _MONTH.match(text)
    if not match or match.group(1).lower() not in MONTHS:
        return None
    month, year = MONTHS[match.group(1).lower()], _full_year(match.group(2))
    return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])


def _day(text: str):
    match = _UK_DAY.match(text)
    if match:
        day, month, year = (int(g) for g in match.groups())
    else:
        match = _ISO_DAY.match(text)
        if not match:
            return None
        year, month, day = (int(g) for g in match.groups())
    date = dt.date(year, month, day)
    return date, date


def _quarter(text: str):
    match = _QUARTER.match(text)
    if not match:
        return None
    quarter, year, fy_end, year_first, quarter_after = match.groups()
    if year_first:
        quarter, year = quarter_after, year_first
    quarter, year = int(quarter), int(year)
    if fy_end:
        if _full_year(fy_end, before=year) != year + 1:
            return None
        month = 4 + 3 * (quarter - 1)  # Q1 of 2024/25 is April–June 2024
        year += (month - 1) // 12
        month = (month - 1) % 12 + 1
    else:
        month = 1 + 3 * (quarter - 1)
    last_month = month + 2
    return dt.date(year, month, 1), dt.date(year, last_month, calendar.monthrange(year, last_month)[1])


def display(label: str, end: dt.date | None = None) -> str:
    """A period as a UK reader reads it without doubt, from the published label: ``2023``,
    ``22/23`` or ``23-24`` → '2022/23' (financial or school year), ``2017-19`` → '2017–19',
    ``Sep-24`` → 'September 2024', ``8/1/2024`` → '8 January 2024' (or '1 August 2024' when
    ``end``, the data's period_end, says the US reading was meant), ``Q1 2024`` → 'January to
    March 2024'. A label that is not understood is returned as it is.

    >>> display("23-24"), display("2018-20"), display("Sep-24")
    ('2023/24', '2018–20', 'September 2024')
    """
    return _worded(label, end, lambda day: f"{day:%B}", " to ")


def short_display(label: str, end: dt.date | None = None) -> str:
    """``display`` in fewer letters, for a chart's axis (where one period's words must stay clear
    of the next tick), as unambiguous: month names cut to their first three letters (``Sep-24`` → 'Sep 2024',
    ``8/1/2024`` → '8 Jan 2024', ``Q1 2024`` → 'Jan–Mar 2024', ``Q4 2024/25`` → 'Jan–Mar 2025'),
    years, financial years and runs of years as ``display`` gives them (they are short already).

    >>> short_display("September 2023"), short_display("Q2 2023"), short_display("23-24")
    ('Sep 2023', 'Apr–Jun 2023', '2023/24')
    """
    return _worded(label, end, _abbr, "\u2013")


def _worded(label: str, end: dt.date | None, month, between: str) -> str:
    """``display`` and ``short_display``: the period with each month named by ``month`` (a date →
    its name) and a range's two ends joined by ``between``; whole years, financial and school years
    and runs of years are written alike by both."""
    text = " ".join(str(label).split())
    found = readings(text)
    if not found:
        return text
    first, last = _meant(found, end)
    if first == last:
        return f"{first.day} {month(first)} {first.year}"
    if first.year == last.year and first.month == last.month:
        return f"{month(first)} {first.year}"
    if first.month == 1 and first.day == 1 and last.month == 12 and last.day == 31:
        return str(first.year) if first.year == last.year else f"{first.year}\u2013{last.year % 100:02d}"
    if (first.month, first.day, last.month, last.day) == (4, 1, 3, 31) and last.year == first.year + 1:
        return f"{first.year}/{last.year % 100:02d}"
    if first.year == last.year:
        return f"{month(first)}{between}{month(last)} {last.year}"
    return f"{month(first)} {first.year}{between}{month(last)} {last.year}"


def _meant(found: list[tuple[dt.date, dt.date]], end: dt.date | None) -> tuple[dt.date, dt.date]:
    """The reading whose last day is ``end`` (the data's period_end), else the UK one."""
    return next((r for r in found if end is not None and r[1] == end), found[0])




def _abbr(day: dt.date) -> str:
    """The month's name in three letters, in English whatever the machine's language ('Sep')."""
    return _MONTH_ABBR[day.month - 1]


_MONTH_ABBR = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
