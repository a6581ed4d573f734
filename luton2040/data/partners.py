"""Reads, checks and sanitises partner contributions: partners/<priority-id>/<slug>.md.

Each file starts with YAML front matter, then markdown::

    ---
    organisation: Luton Foodbank      # required
    priority: poverty                 # required; the folder name, an id in data/priorities.csv
    edition: 2025                     # required whole number
    website: https://example.org      # optional, https only
    order: 1                          # optional whole number; unnumbered files come after, by name
    ---
    What we did this year…

Safety policy — partner texts come from outside the council and end up in the published site and
PDF, so the markdown is parsed (markdown-it-py, CommonMark, so inline HTML, autolinks and reference
links are all seen) and anything that could inject markup or break the page is REFUSED with
``file:line`` and what to do instead:

* raw HTML of any kind (``<b>``, ``<script>``, ``<iframe>``, ``<img>``…), and pandoc's raw
  attributes (```` ```{=html} ````, ```` `x`{=html} ````) and fenced divs (``:::``);
* HTML comments are ALLOWED as notes to editors, but removed from the published text; a comment
  that is never closed is refused (it would hide the rest of the page);
* links other than ``https://``, ``mailto:`` and ``tel:`` (a phone number) (no ``javascript:``, ``data:``,
  ``file:``, relative paths or ``#anchors``), and links that open a place their words do not show
  (a user name before an ``@``, an email link with ``bcc=``/``cc=``/``body=``, words that are
  another address: ``luton2040.link_targets``);
* images that are not a png/jpg/gif/webp file under ``figures/`` (written project-relative, e.g.
  ``figures/partners/foodbank.jpg``), that do not exist, or that are larger than 2 MB; an image
  without alt text is a warning;
* headings of level 1 or 2 (the chapter owns them); level 3+ headings are moved down one level so
  they sit under the organisation's ``###`` heading;
* front matter problems: none, broken YAML (with its line), missing or mistyped keys, unknown keys,
  an unknown priority (with the valid ones and the closest), a priority that is not the folder name,
  two files from one organisation in the same edition and priority, and text that is not UTF-8.

A file with any error is left out of the partners ``read_partners`` returns. The markdown check
itself is ``luton2040.data.partner_markdown.sanitise``; the chapter's markdown of the clean texts
is written by ``luton2040.site.partner_section``.
"""
from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from luton2040 import yamlmarks
from luton2040.constants import EDITIONS_DIR
from luton2040.data import printable
from luton2040.data.partner_allowlist import PASTED_BULLETS
from luton2040.data.partner_markdown import PandocMemo, sanitise
from luton2040.data.schema import read_table
from luton2040.errors import InputError, Problem

PARTNERS_DIR = "partners"
KEYS = ("organisation", "priority", "edition", "website", "order")
DEFAULT_ORDER = 999
MAX_PARTNER_BYTES = 64 * 1024  # about 10,000 words: far more than a chapter section; stated in partners/README.md
# Deliberately narrow: the address is printed inside <…>, so no spaces, quotes or angle brackets.
WEBSITE = re.compile(r"^https://[A-Za-z0-9.-]+\.[A-Za-z]{2,}(/[A-Za-z0-9._~%/?#&=+:@!,;-]*)?$")
SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
#: The organisation names of the templates (partners/README.md, README.md, docs/partners.md): a file
#: copied from one and sent without its name changed would print the placeholder as a heading.
TEMPLATE_NAMES = {"name of the organisation", "name of organisation", "organisation name"}
#: A first line of dashes other than --- : a word processor turns --- into a long dash (— or –).
_DASHES = re.compile(r"[-\u2010-\u2015\u2212]+")


def slug_of(name: str) -> str:
    """A file name for ``name`` in lower-case letters, digits and hyphens: accents dropped and ß, æ, œ
    and ø spelt out ('Grüne Straße (2)' → grune-strasse-2), as a reader would type it."""
    plain = name.lower().translate(str.maketrans({"ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "đ": "d", "ł": "l"}))
    plain = unicodedata.normalize("NFKD", plain).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", plain).strip("-") or "organisation-name"


@dataclass(frozen=True)
class Partner:
    """One checked contribution; ``body`` is the sanitised markdown, ``path`` is project-relative."""

    organisation: str
    priority: str
    edition: int
    website: str | None
    order: int
    path: str
    body: str
    lines: dict[str, int] = field(default_factory=dict, compare=False, repr=False)  # front-matter key → file line


def read_partners(project_dir: Path, edition: int | None = None,
                  priority: str | None = None) -> tuple[list[Partner], list[Problem]]:
    """Every partner file under partners/ checked; returns the clean ones (of ``edition``, if given) and all problems.

    With ``priority``, only partners/<priority>/ is read, so a chapter depends on its own partner
    files alone (the build's cache then re-runs only that chapter when one of them changes).

    Partners are sorted by priority (report order), then ``order``, then organisation.
    """
    root = Path(project_dir)
    priorities = priority_order(root)
    folder = root / PARTNERS_DIR
    if not folder.is_dir():
        return [], []
    partners, problems = [], []
    memo = PandocMemo(root)
    for path in sorted((folder if priority is None else folder / priority).rglob("*")):
        rel = path.relative_to(root).as_posix()
        if not path.is_file() or path.name.lower() == "readme.md" or path.name.startswith("."):
            continue
        if path.suffix.lower() != ".md":
            problems.append(Problem(rel, None, None, "is not a markdown (.md) file, so it is not published",
                                    "save the contribution as a .md file (plain text, UTF-8), or remove this file",
                                    "warning"))
            continue
        depth = len(path.relative_to(folder).parts)
        if depth != 2:
            problems.append(Problem(rel, None, None, "partner files go one folder deep",
                                    "move it to partners/<priority-id>/<organisation>.md"))
            continue
        partner, found = read_partner(root, path, priorities, memo)
        problems += found
        if partner and not any(p.severity == "error" for p in found):
            partners.append(partner)
    if priority is None:
        memo.prune()
    problems += _duplicates(partners, root)
    bad = {p.file for p in problems if p.severity == "error"}
    partners = [p for p in partners if p.path not in bad and (edition is None or p.edition == edition)]
    rank = {pid: n for n, pid in enumerate(priorities or [])}
    partners.sort(key=lambda p: (rank.get(p.priority, len(rank)), p.priority, p.order, p.organisation.casefold()))
    return partners, problems


def priority_order(root: Path) -> list[str] | None:
    """Priority ids in report order, or None when data/priorities.csv cannot be read (reported elsewhere)."""
    try:
        rows, _ = read_table(root, "priorities")
    except (InputError, KeyError):
        return None
    rows = [r for r in rows if r.values.get("id")]
    rows.sort(key=lambda r: (r.values.get("order") or 0, r.line))
    ids = list(dict.fromkeys(r.values["id"] for r in rows))
    return ids or None


def read_partner(root: Path, path: Path, priorities: list[str] | None,
                 memo: PandocMemo | None = None) -> tuple[Partner | None, list[Problem]]:
    """Check one partner file; returns the Partner (None if its front matter is unusable) and its
    problems. ``memo`` reuses pandoc's answers for texts it has read before."""
    rel = path.relative_to(root).as_posix()
    if path.is_symlink():
        return None, [Problem(rel, None, None, "is a link to another file, which is not published",
                              "copy the contribution itself into this folder")]
    size = path.stat().st_size
    if size > MAX_PARTNER_BYTES:
        return None, [Problem(rel, None, None, f"is {size // 1024} KB, more than the {MAX_PARTNER_BYTES // 1024} KB "
                              "allowed for one contribution", "shorten the text (images go in figures/, not in the file)")]
    data = path.read_bytes()
    if data.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0", b"{\\rtf")):
        return None, [Problem(rel, None, None, "is a Word document (or another word processor's file) renamed "
                              ".md, not plain text", "copy the text into a plain-text editor (Notepad, TextEdit in "
                              "plain-text mode) and save it as UTF-8 with the .md name")]
    try:
        # composed (NFC), as keyboards type it: "e" followed by a combining acute (U+0301), which some
        # copies from PDFs and Mac file names give, becomes "é", one character the fonts draw whole
        # rather than a letter and an accent taken from two different faces
        text = unicodedata.normalize("NFC", data.decode("utf-8-sig"))
    except UnicodeDecodeError as err:
        line = data[:err.start].count(b"\n") + 1
        return None, [Problem(rel, line, None, "is not UTF-8 text", "save the file with UTF-8 encoding")]
    lines = text.splitlines()
    unprintable = printable.problems(rel, lines)
    if lines and lines[0].strip() != "---" and _DASHES.fullmatch(lines[0].strip()):
        return None, [Problem(rel, 1, None, f"the first line is '{lines[0].strip()}', not three hyphens: a word "
                              "processor turns --- into a long dash",
                              "type --- (three hyphens) on this line and on the line that closes the front "
                              "matter, in a plain-text editor")]
    if not lines or lines[0].strip() != "---":
        return None, [Problem(rel, 1, None, "has no front matter",
                              "start the file with a line ---, then organisation:, priority: and edition: "
                              "lines, then another ---")]
    close = yamlmarks.front_matter_end(lines)
    if close is None:
        return None, [_never_closed(rel, lines)]
    pasted = [Problem(p.file, p.line, None, "the front matter " + p.message, p.fix)
              for p in yamlmarks.pasted_characters(rel, lines[1:close], first_line=2)]
    if pasted:
        return None, pasted + sanitise(rel, lines[close + 1:], close + 1, root, memo)[1]
    meta, problems = _front_matter(rel, "\n".join(lines[1:close]), root, path, priorities)
    body, body_problems = sanitise(rel, lines[close + 1:], close + 1, root, memo)
    problems += body_problems
    # one message a line; a pasted bullet (● or Word's symbol bullet) is the pasted-list message's
    problems += [p for p in unprintable if p.line not in {q.line for q in problems}
                 and lines[p.line - 1].lstrip()[:1] not in PASTED_BULLETS]
    if meta is None:
        return None, problems
    return Partner(body=body, path=rel, **meta), problems


def _never_closed(rel: str, lines: list[str]) -> Problem:
    """The front matter opens with --- but no --- line closes it: at the line a word processor turned
    into a long dash (— or --), else after the key lines at its top."""
    for number, line in enumerate(lines[1:], 2):
        if line.strip() and _DASHES.fullmatch(line.strip()):
            return Problem(rel, number, None, f"this line is '{line.strip()}', not three hyphens, so the front "
                           "matter is never closed", "type --- (three hyphens) on this line, in a plain-text editor")
    keys = 1
    while keys < len(lines) and _KEY_LINE.match(lines[keys]):
        keys += 1
    return Problem(rel, keys, None, "front matter is never closed",
                   "add a line --- after the last key" + (f" (line {keys})" if keys > 1 else ""))


#: A line of the front matter's keys: ``organisation: …``, or a value continued on the next line.
_KEY_LINE = re.compile(r"^(\s*[A-Za-z_-]+\s*:|\s+\S)")


def _newest_edition(root: Path) -> int | None:
    """The year of the newest data/editions/<year>.yml: the edition a new contribution is for."""
    folder = root / EDITIONS_DIR
    years = [int(p.stem) for p in folder.glob("*.yml") if p.stem.isdigit()] if folder.is_dir() else []
    return max(years, default=None)


def _front_matter(rel: str, text: str, root: Path, path: Path, priorities: list[str] | None):
    """(fields for Partner or None, problems); lines are file lines (front matter starts on line 2)."""
    try:
        marked = yamlmarks.load(text, first_line=2)
    except yamlmarks.YamlRefused as err:
        problem = err.problem(rel, "write one 'key: value' per line; put quotes around a value containing a colon")
        if err.syntax:
            problem = Problem(rel, problem.line, None, "front matter " + problem.message, problem.fix)
        return None, [problem]
    data = marked.value
    if not isinstance(data, dict):
        return None, [Problem(rel, 2, None, "front matter should be 'key: value' lines",
                              "give organisation:, priority: and edition:")]
    at = {key: marked.line(key) for key in data}
    problems = []

    def report(key, message, fix):
        problems.append(Problem(rel, at.get(key, 1), None, message, fix))

    renamed = _unknown_keys(data, report)
    organisation = data.get("organisation")
    if "organisation" not in renamed:  # a misspelt key is reported above
        _check_organisation(organisation, report)
    priority = data.get("priority")
    if "priority" not in renamed:
        _check_priority(priority, path.parent.name, priorities, report)
    edition = data.get("edition")
    if isinstance(edition, str) and re.fullmatch(r"\s*20[0-9]{2}\s*", edition):
        edition = int(edition)  # edition: "2025", the year in quotes
    if type(edition) is not int and "edition" not in renamed:
        year = _newest_edition(root)
        report("edition", "edition is missing or not a year",
               f"add a line 'edition: {year}' (the year of the report it is for)" if year
               else "add a line 'edition: ' and the year of the report it is for")
    named = re.search(r"-(20[0-9]{2})$", path.stem)
    # Only a year next to the edition's is read as a copy's (noah-2026.md saying 2025): a name that
    # ends in a year of its own (luton-2040.md, vision-2030.md) is an organisation's name.
    if type(edition) is int and named and abs(int(named.group(1)) - edition) == 1:
        report("edition", f"edition is {edition} but the file name says {named.group(1)}",
               f"set edition: {named.group(1)} (a copy of last year's file keeps last year's edition), "
               "or correct the year in the file name")
    website = data.get("website")
    _check_website(website, report)
    order = data.get("order", DEFAULT_ORDER)
    if order is None:  # 'order:' with nothing after it
        report("order", "order is blank", "write a number such as 1, or remove the line")
    elif type(order) is not int:
        report("order", f"order '{order}' is not a whole number", "write a number such as 1, or remove the line")
    if not SLUG.match(path.stem):
        problems.append(Problem(rel, None, None, "file name should be lower-case words joined by hyphens",
                                f"rename it, e.g. {slug_of(path.stem)}.md"))
    if problems:
        return None, problems
    return dict(organisation=organisation.strip(), priority=priority, edition=edition,
                website=website, order=order, lines={str(key): line for key, line in at.items()}), []


def _unknown_keys(data: dict, report) -> set[str]:
    """Report each key that is not a partner key; returns the keys the unknown ones are near
    (taken as misspelt, so their absence is not reported again)."""
    renamed = set()
    for key in data:
        if key not in KEYS:
            near = difflib.get_close_matches(str(key), [k for k in KEYS if k not in data], n=1)
            renamed.update(near)
            value = data[key]
            if not near and isinstance(value, str) and re.search(r"\.(?:png|jpe?g|gif|webp)$", value.strip(), re.I):
                # (a logo or photo given as a key: the words carry pictures, not the front matter)
                fix = (f"remove it, and show the picture in the text below the front matter, on a line of its own: "
                       f"![what the picture shows]({value.strip()}) (keys: {', '.join(KEYS)})")
            else:
                fix = f"rename it to {near[0]}" if near else f"remove it (keys: {', '.join(KEYS)})"
            report(key, f"unknown key '{key}'", fix)
    return renamed


def _check_organisation(organisation: object, report) -> None:
    """One line of text, at most 200 characters."""
    if not isinstance(organisation, str) or not organisation.strip():
        report("organisation", "organisation is missing or not text", "add a line 'organisation: Name of organisation'")
    elif len(organisation) > 200 or re.search(r"[\x00-\x1f\x7f]", organisation):
        report("organisation", "organisation should be one line of at most 200 characters",
               "write the name alone on the organisation: line")
    elif organisation.strip().casefold() in TEMPLATE_NAMES:
        report("organisation", f"organisation '{organisation.strip()}' is the template's placeholder",
               "write the organisation's own name, as it should be printed")


def _check_priority(priority: object, folder: str, priorities: list[str] | None, report) -> None:
    """A priority id that exists and matches the file's folder."""
    if priority is None or priority == "":
        report("priority", "priority is missing", f"add a line 'priority: {folder}'")
    elif not isinstance(priority, str):
        report("priority", f"priority '{priority}' is not a priority id", f"write priority: {folder}"
               if priorities is None or folder in priorities else f"use one of: {', '.join(priorities)}")
    elif priorities is not None and priority not in priorities:
        near = difflib.get_close_matches(priority, priorities, n=1)
        hint = f" (closest: {near[0]})" if near else ""
        report("priority", f"unknown priority '{priority}'", f"use one of: {', '.join(priorities)}{hint}")
    elif priority != folder:
        fix = f"move the file to partners/{priority}/"
        if priorities is None or folder in priorities:
            fix += f" or set priority: {folder}"
        else:
            fix += f" (there is no priority '{folder}', so the folder name is wrong)"
        report("priority", f"priority '{priority}' does not match the folder partners/{folder}/", fix)


def _check_website(website: object, report) -> None:
    """Absent, or an https:// address."""
    if website is not None and (not isinstance(website, str) or not WEBSITE.match(website)):
        fix = "use the https:// address" if str(website).startswith("http://") else \
            "write the full address starting with https://, or remove the line"
        report("website", f"website '{website}' is not an https:// address", fix)


def _duplicates(partners: list[Partner], root: Path) -> list[Problem]:
    seen: dict[tuple, str] = {}
    problems = []
    for partner in sorted(partners, key=lambda p: p.path):
        key = (partner.edition, partner.priority, partner.organisation.casefold())
        if key in seen:
            problems.append(Problem(partner.path, partner.lines.get("organisation"), None,
                                    f"{partner.organisation} already has a {partner.edition} contribution "
                                    f"for {partner.priority} in {seen[key]}",
                                    "merge the two texts into one file"))
        else:
            seen[key] = partner.path
    return problems
