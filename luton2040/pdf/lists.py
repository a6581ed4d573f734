"""Numbered lists print with the numbers the site shows.

Pandoc writes a list that starts at 3 (``3. Third``) as ``<ol start="3">`` and a lettered or roman one
(``a.``, ``i.``) as ``<ol type="a">``. A browser reads both attributes; WeasyPrint reads them only as
"presentational hints", an option the print leaves off because it would also apply every other HTML
attribute of style to the report's own markup. Without them a list continued after a paragraph
printed as "1. 2." where the site showed "3. 4.", and "a. b." printed as "1. 2.". The letters and
numerals are print.css rules (``ol[type="a" s]``); the first number is written on the list itself,
as the hint would.
"""
from __future__ import annotations

import re
from xml.etree.ElementTree import Element

_NUMBER = re.compile(r"\s*(-?\d{1,9})\s*")


def keep_start_numbers(root: Element) -> None:
    """Give each ``<ol start="N">`` under ``root`` the counter that makes its first item N."""
    for ol in root.iter("ol"):
        match = _NUMBER.fullmatch(ol.get("start") or "")
        if match:
            start = int(match.group(1))
            rule = f"counter-reset: list-item {start}; counter-increment: list-item -1"
            style = (ol.get("style") or "").strip().rstrip(";")
            ol.set("style", f"{style}; {rule}" if style else rule)
