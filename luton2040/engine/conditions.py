"""Quarto's conditional content by profile: ``::: {.content-visible when-profile="2025"}`` … ``:::``.

The rule is Quarto's own (quarto-cli src/resources/filters/customnodes/content-hidden.lua,
``propertiesMatch``): ``when-profile="p"`` matches when ``p`` is one of the active profiles,
``unless-profile="p"`` when it is not, both must hold when both are given; ``.content-visible``
keeps the div's content when the condition matches (the div itself goes, its content stays),
``.content-hidden`` when it does not. The value is one profile name, compared whole.

Only the profile conditions are accepted: a condition on the format or on metadata, another class,
an id or any other attribute on a conditional div is refused rather than read differently from
Quarto. Works on lines (text, origin) after includes, as Quarto expands includes before filtering.
"""
from __future__ import annotations

import re
from typing import Callable, TypeVar

from luton2040 import fences

T = TypeVar("T")

KINDS = ("content-visible", "content-hidden")
CONDITIONS = ("when-profile", "unless-profile")
FIX = 'write ::: {.content-visible when-profile="2025"} (or .content-hidden, or unless-profile="…")'

_DIV_OPEN = re.compile(r"^\s*(:{3,})\s*(\S.*?)\s*$")
_DIV_CLOSE = re.compile(r"^\s*:{3,}\s*$")
_ATTR = re.compile(r'\s*(?:\.([\w-]+)|#([\w:.-]+)|([\w-]+)=(?:"([^"]*)"|(\S+)))')


def matches(kind: str, condition: dict[str, str], profiles: tuple[str, ...] | list[str]) -> bool:
    """Whether Quarto keeps a ``kind`` div with ``condition`` when ``profiles`` are active."""
    match = True
    if "when-profile" in condition:
        match = match and condition["when-profile"] in profiles
    if "unless-profile" in condition:
        match = match and condition["unless-profile"] not in profiles
    return match if kind == "content-visible" else not match


def parse(attrs: str) -> tuple[str, dict[str, str]] | str | None:
    """A div's ``{…}`` attributes → (kind, condition) for a conditional div, None for any other
    div, or the reason it is refused (a string)."""
    inner = attrs.strip()
    if not (inner.startswith("{") and inner.endswith("}")):
        return None if not any(k in inner for k in KINDS) else "write the attributes in braces: {.content-visible when-profile=\"2025\"}"
    classes, ids, pairs, rest = [], [], {}, inner[1:-1]
    while rest.strip():
        m = _ATTR.match(rest)
        if not m:
            return None if not any(k in inner for k in KINDS) else f"cannot read the attributes '{attrs}'"
        if m.group(1):
            classes.append(m.group(1))
        elif m.group(2):
            ids.append(m.group(2))
        else:
            if m.group(3) in pairs:
                return f"'{m.group(3)}' is given twice"
            pairs[m.group(3)] = m.group(4) if m.group(4) is not None else m.group(5)
        rest = rest[m.end():]
    kinds = [c for c in classes if c in KINDS]
    if not kinds:
        return None
    if len(classes) != 1 or ids:
        return "a conditional div may carry only its one class (.content-visible or .content-hidden)"
    others = sorted(set(pairs) - set(CONDITIONS))
    if others:
        return (f"the condition '{others[0]}' is not supported by the embedded engine "
                "(only when-profile and unless-profile)")
    if not pairs:
        return "a conditional div needs a condition: when-profile=\"…\" or unless-profile=\"…\""
    if any(not v for v in pairs.values()):
        return "the profile name is empty"
    return kinds[0], pairs


def visible(lines: list[tuple[str, T]], profiles: tuple[str, ...] | list[str],
            fail: Callable[[T, str], None]) -> list[tuple[str, T]]:
    """``lines`` as Quarto shows them under ``profiles``: hidden blocks dropped, the fences of
    shown ones removed. ``fail(origin, reason)`` is called for each refused conditional div."""
    out: list[tuple[str, T]] = []
    stack: list[bool | None] = []   # per open div: None (an ordinary div), True/False (conditional: shown?)
    for (text, origin), code in zip(lines, fences.fenced([text for text, _ in lines])):
        hidden = any(s is False for s in stack)
        if code:
            pass
        elif _DIV_CLOSE.match(text) and stack:
            if stack.pop() is None and not hidden:
                out.append((text, origin))
            continue
        elif (div := _DIV_OPEN.match(text)) is not None:
            found = parse(div.group(2))
            if isinstance(found, str):
                if not hidden:
                    fail(origin, found)
                stack.append(True)  # reported once; its fences dropped like a shown block's
                continue
            if found is None:
                stack.append(None)
            else:
                stack.append(matches(found[0], found[1], profiles))
                continue
        if not hidden:
            out.append((text, origin))
    return out
