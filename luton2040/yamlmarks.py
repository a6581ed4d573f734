"""YAML read once, with the line of every key: the one YAML reader for the files people edit.

``load(text)`` gives the values ``yaml.safe_load`` would give plus the 1-based line of each key
(``marked.line("book", "chapters")``), found from ``yaml.compose``'s marks rather than by searching
the text. It refuses what has no place in a hand-written settings file, with the line:

* aliases (``*name``): a few lines of anchors and aliases can expand to gigabytes (the "billion
  laughs"), and nothing here needs them;
* a key written twice in one mapping, which YAML loaders silently resolve to the last value;
* dates stay text (``2025-02-30`` would otherwise raise from inside the parser): callers check them
  with ``datetime.date.fromisoformat`` and report the line.

Broken YAML and refusals raise ``YamlRefused``; the caller turns it into a ``Problem`` naming its
file (``err.problem(file)``), so each reader keeps its own wording for the syntax case.

A text parsed once is not parsed again in the same process (``serve`` reads ``_quarto.yml``, the
profiles and every page's front matter on each save, most of them unchanged): the result is kept
by the text itself and each caller gets its own copy, so nothing a caller changes is seen by another.
"""
from __future__ import annotations

import copy
import json
import re
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any

import yaml

from luton2040.constants import INVISIBLE, PASTED_SPACES
from luton2040.errors import Problem


class YamlRefused(Exception):
    """A file that cannot be used: ``line`` (1-based, in the file), ``reason`` and ``fix``."""

    def __init__(self, line: int | None, reason: str, fix: str, syntax: bool = False) -> None:
        super().__init__(f"line {line}: {reason}")
        self.line, self.reason, self.fix, self.syntax = line, reason, fix, syntax

    def problem(self, file: str, fix: str | None = None) -> Problem:
        """The Problem for ``file``; ``fix`` replaces the advice for broken syntax only."""
        message = f"is not valid YAML ({self.reason})" if self.syntax else self.reason
        return Problem(file, self.line, None, message, fix if fix and self.syntax else self.fix)


@dataclass(frozen=True)
class Marked:
    """Plain values (dicts, lists, strings, numbers, dates) and the line of each key and list item."""

    value: Any
    lines: dict[tuple[str, ...], int] = field(default_factory=dict)

    def line(self, *path: object) -> int | None:
        """The line of the key at ``path`` (mapping keys and list positions): ``line("focus_areas", 0, "id")``."""
        return self.lines.get(tuple(str(p) for p in path))


class _Loader(yaml.SafeLoader):
    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise YamlRefused(event.start_mark.line + self.first_line, f"uses the YAML alias *{event.anchor}",
                              "write the value out in full; anchors (&) and aliases (*) are not allowed")
        return super().compose_node(parent, index)


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


#: Characters a document or web page pastes in that YAML does not read as the writer meant: a no-break
#: space after a colon is no separator ("mapping values are not allowed", a line later), and an
#: invisible one in a value makes a different value that looks the same.
_PASTED = PASTED_SPACES + INVISIBLE


def pasted_characters(rel: str, lines: list[str], first_line: int = 1) -> list[Problem]:
    """One problem per line of YAML holding a pasted space or invisible character, at its file line."""
    import unicodedata

    def misread(line: str, i: int) -> bool:
        """Whether the character at ``i`` is one YAML reads wrongly: an invisible one anywhere; a
        no-break space only where YAML looks for a separator (in the indentation, next to a key's
        colon) — inside a value ("Clearhead Media" with a no-break space) it is the writer's."""
        if line[i] not in PASTED_SPACES:
            return True
        before, after = line[:i].rstrip(PASTED_SPACES + " "), line[i + 1:].lstrip(PASTED_SPACES + " ")
        return not before or before.endswith(":") or after.startswith(":")

    problems = []
    for number, line in enumerate(lines, first_line):
        at = next((i for i, char in enumerate(line) if char in _PASTED and misread(line, i)), None)
        if at is not None:
            char, before = line[at], line[:at].strip()
            where = f" after '{before}'" if before else ""
            problems.append(Problem(rel, number, None, f"has a {unicodedata.name(char).lower()} (U+{ord(char):04X})"
                                    f"{where}, pasted from a document",
                                    "retype it as an ordinary space" if char in PASTED_SPACES else "delete it"))
    return problems


# What a YAML double-quoted scalar cannot hold as it is: C1 controls (NEL, U+0085, included: a YAML 1.1
# reader such as PyYAML reads it as a line break, a YAML 1.2 one such as Quarto's js-yaml keeps it),
# surrogates and the two non-characters; JSON leaves them unescaped
_NOT_PRINTABLE = re.compile("[\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def yaml_string(text: object) -> str:
    """``text`` as a YAML double-quoted scalar that every YAML reader reads back as exactly this string
    (always a string: a plain scalar such as ``1e3`` would be read as a number): JSON's string with
    what YAML would not keep escaped, fifty times faster than ``yaml.safe_dump`` writes front matter."""
    return _NOT_PRINTABLE.sub(lambda m: f"\\u{ord(m.group()):04x}", json.dumps(str(text), ensure_ascii=False))


def front_matter_end(lines: list[str]) -> int | None:
    """The index in ``lines`` of the line closing a markdown file's front matter — the file opens
    with a ``---`` line and the block ends at the next ``---`` or ``...`` line, as pandoc reads it —
    or None when there is no front matter or it is never closed. The YAML is ``lines[1:end]``,
    starting on file line 2."""
    if not lines or lines[0].strip() != "---":
        return None
    return next((i for i in range(1, len(lines)) if lines[i].strip() in ("---", "...")), None)


#: texts parsed in this process: (text, first line) → Marked, the most recently used last
_PARSED: OrderedDict[tuple[str, int], Marked] = OrderedDict()
_KEPT = 4096  # more than the pages, partner files and settings files of a ten-times-larger project
_LOCK = threading.Lock()  # the check runs on a thread beside the build


def page_front_matter(path) -> Marked | None:
    """The front matter of the page at ``path`` (a mapping, with each key's line), or None when it has
    none, or when the file or its YAML cannot be read (a page's own problems are reported where the
    page is read)."""
    try:
        lines = path.read_text(encoding="utf-8-sig").splitlines()
        end = front_matter_end(lines)
        marked = load("\n".join(lines[1:end]), first_line=2) if end is not None else None
    except (OSError, UnicodeDecodeError, YamlRefused):
        return None
    return marked if marked is not None and isinstance(marked.value, dict) else None


def load(text: str, first_line: int = 1) -> Marked:
    """Parse ``text`` (whose first line is line ``first_line`` of its file, e.g. 2 for front matter)."""
    key = (text, first_line)
    with _LOCK:
        kept = _PARSED.get(key)
        if kept is not None:
            _PARSED.move_to_end(key)
    if kept is None:
        kept = _parse(text, first_line)  # raises YamlRefused, which is not kept
        with _LOCK:
            _PARSED[key] = kept
            if len(_PARSED) > _KEPT:
                _PARSED.popitem(last=False)
    return Marked(copy.deepcopy(kept.value), dict(kept.lines))


class _FastLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """libyaml's parser (when PyYAML has it) with the same resolvers: the same nodes, marks and
    values as ``_Loader`` at about a fifth of the cost (a measure page's front matter took 4 ms)."""


_FastLoader.yaml_implicit_resolvers = _Loader.yaml_implicit_resolvers


def _parse(text: str, first_line: int) -> Marked:
    """libyaml first; the Python parser whenever that fails or meets an alias, so every refusal
    (its line and its words) is the Python parser's."""
    return _parse_fast(text, first_line) or _parse_python(text, first_line)


def _parse_fast(text: str, first_line: int) -> Marked | None:
    if not getattr(yaml, "__with_libyaml__", False):
        return None
    loader = _FastLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return Marked(None)
        if _aliased(node):
            return None
        lines: dict[tuple[str, ...], int] = {}
        _walk(node, (), lines, first_line)
        return Marked(loader.construct_document(node), lines)
    except (yaml.YAMLError, YamlRefused):
        return None
    finally:
        loader.dispose()


def _aliased(root: yaml.Node) -> bool:
    """Does a node appear twice in the tree (an alias: the composer hands back the anchored node)?"""
    seen: set[int] = set()
    todo = [root]
    while todo:
        node = todo.pop()
        if id(node) in seen:
            return True
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                todo += (key, value)
        elif isinstance(node, yaml.SequenceNode):
            todo += node.value
    return False


def _parse_python(text: str, first_line: int) -> Marked:
    loader = _Loader(text)
    loader.first_line = first_line
    try:
        node = loader.get_single_node()
        if node is None:
            return Marked(None)
        lines: dict[tuple[str, ...], int] = {}
        _walk(node, (), lines, first_line)
        return Marked(loader.construct_document(node), lines)
    except yaml.MarkedYAMLError as err:
        if err.context == "while scanning a quoted scalar" and err.context_mark is not None:
            # PyYAML names where the text ran out (the end of the front matter, lines later)
            quote = err.context_mark.buffer[err.context_mark.pointer] if err.context_mark.buffer else '"'
            raise YamlRefused(err.context_mark.line + first_line, f"the quote mark {quote} opened on this line "
                              "is never closed", f"end the value with {quote} on the same line, or remove the "
                              f"opening {quote}") from None
        mark = err.problem_mark or err.context_mark
        if err.problem and "'\\t'" in err.problem and mark is not None:
            # a tab pasted or typed to line the values up: YAML takes only spaces there
            raise YamlRefused(mark.line + first_line, "a tab on this line is not allowed in YAML",
                              "replace the tab with spaces (one space after the colon is enough)") from None
        problem = err.problem or err.context or "syntax error"
        fix = "check the indentation and the colon after each key"
        if problem == "mapping values are not allowed here":  # a second colon on the line, mostly
            fix += "; put quotes around a value that contains a colon (subtitle: \"Change: today\")"
        raise YamlRefused(None if mark is None else mark.line + first_line, problem, fix, syntax=True) from None
    except yaml.YAMLError as err:
        raise YamlRefused(None, str(err), "check the indentation and the colon after each key", syntax=True) from None
    finally:
        loader.dispose()


def _walk(node: yaml.Node, path: tuple[str, ...], lines: dict, first_line: int) -> None:
    if isinstance(node, yaml.MappingNode):
        seen: dict[str, int] = {}
        for key, value in node.value:
            name = str(key.value)
            line = key.start_mark.line + first_line
            if name in seen and key.tag != "tag:yaml.org,2002:merge":
                raise YamlRefused(line, f"the key '{name}' is written twice (first on line {seen[name]})",
                                  "keep one of the two lines")
            seen[name] = line
            lines[path + (name,)] = line
            _walk(value, path + (name,), lines, first_line)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            lines[path + (str(index),)] = item.start_mark.line + first_line
            _walk(item, path + (str(index),), lines, first_line)
