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
* links other than ``https://``, ``http://`` and ``mailto:`` (no ``javascript:``, ``data:``,
  ``file:``, relative paths or ``#anchors``);
* images that are not a png/jpg/gif/webp file under ``figures/`` (written project-relative, e.g.
  ``figures/partners/foodbank.jpg``), that do not exist, or that are larger than 2 MB; an image
  without alt text is a warning;
* headings of level 1 or 2 (the chapter owns them); level 3+ headings are moved down one level so
  they sit under the organisation's ``###`` heading;
* front matter problems: none, broken YAML (with its line), missing or mistyped keys, unknown keys,
  an unknown priority (with the valid ones and the closest), a priority that is not the folder name,
  two files from one organisation in the same edition and priority, and text that is not UTF-8.

A file with any error is left out of the partners ``read_partners`` returns.
"""
from __future__ import annotations

import difflib
import posixpath
import re
from dataclasses import dataclass
from pathlib import Path

import yaml
from markdown_it import MarkdownIt

from luton2040.errors import InputError, Problem
from luton2040.schema import read_table

PARTNERS_DIR = "partners"
KEYS = ("organisation", "priority", "edition", "website", "order")
DEFAULT_ORDER = 999
MAX_IMAGE_BYTES = 2 * 1024 * 1024
IMAGE_TYPES = (".png", ".jpg", ".jpeg", ".gif", ".webp")
LINK_SCHEMES = ("https://", "http://", "mailto:")
# Deliberately narrow: the address is printed inside <…>, so no spaces, quotes or angle brackets.
WEBSITE = re.compile(r"^https://[A-Za-z0-9.-]+\.[A-Za-z]{2,}(/[A-Za-z0-9._~%/?#&=+:@!,;-]*)?$")
SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
# Pandoc reads {…} straight after a link, image, [span], code or autolink, at the end of a heading,
# and after a reference-link definition as HTML attributes (onclick=…, {=html}): never let one through.
_ATTRIBUTES = re.compile(r"[\]\)`>]\{|^\s{0,3}#{1,6}\s.*\{[^}]*\}\s*#*\s*$|^\s{0,3}\[[^\]]+\]:.*\{")
_COMMENT = re.compile(r"^\s*(<!--.*?-->\s*)+$", re.DOTALL)
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|~^$@:])")
EMPTY_TEXT = "*No partner contributions have been published for this priority yet.*"


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


def read_partners(project_dir: Path, edition: int | None = None,
                  priority: str | None = None) -> tuple[list[Partner], list[Problem]]:
    """Every partner file under partners/ checked; returns the clean ones (of ``edition``, if given) and all problems.

    With ``priority``, only partners/<priority>/ is read, so a chapter depends on its own partner
    files alone (the build's cache then re-runs only that chapter when one of them changes).

    Partners are sorted by priority (report order), then ``order``, then organisation.
    """
    root = Path(project_dir)
    priorities = _priority_order(root)
    folder = root / PARTNERS_DIR
    if not folder.is_dir():
        return [], []
    partners, problems = [], []
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
        partner, found = read_partner(root, path, priorities)
        problems += found
        if partner and not any(p.severity == "error" for p in found):
            partners.append(partner)
    problems += _duplicates(partners, root)
    bad = {p.file for p in problems if p.severity == "error"}
    partners = [p for p in partners if p.path not in bad and (edition is None or p.edition == edition)]
    rank = {pid: n for n, pid in enumerate(priorities or [])}
    partners.sort(key=lambda p: (rank.get(p.priority, len(rank)), p.priority, p.order, p.organisation.casefold()))
    return partners, problems


def _priority_order(root: Path) -> list[str] | None:
    """Priority ids in report order, or None when data/priorities.csv cannot be read (reported elsewhere)."""
    try:
        rows, _ = read_table(root, "priorities")
    except (InputError, KeyError):
        return None
    rows = [r for r in rows if r.values.get("id")]
    rows.sort(key=lambda r: (r.values.get("order") or 0, r.line))
    ids = list(dict.fromkeys(r.values["id"] for r in rows))
    return ids or None


def read_partner(root: Path, path: Path, priorities: list[str] | None) -> tuple[Partner | None, list[Problem]]:
    """Check one partner file; returns the Partner (None if its front matter is unusable) and its problems."""
    rel = path.relative_to(root).as_posix()
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data[:err.start].count(b"\n") + 1
        return None, [Problem(rel, line, None, "is not UTF-8 text", "save the file with UTF-8 encoding")]
    lines = text.splitlines()
    if not lines or lines[0].strip() != "---":
        return None, [Problem(rel, 1, None, "has no front matter",
                              "start the file with a line ---, then organisation:, priority: and edition: "
                              "lines, then another ---")]
    close = next((i for i in range(1, len(lines)) if lines[i].strip() in ("---", "...")), None)
    if close is None:
        return None, [Problem(rel, 1, None, "front matter is never closed", "add a line --- after the last key")]
    meta, problems = _front_matter(rel, "\n".join(lines[1:close]), root, path, priorities)
    body, body_problems = sanitise(rel, lines[close + 1:], close + 1, root)
    problems += body_problems
    if meta is None:
        return None, problems
    return Partner(body=body, path=rel, **meta), problems


def _front_matter(rel: str, text: str, root: Path, path: Path, priorities: list[str] | None):
    """(fields for Partner or None, problems); lines are file lines (front matter starts on line 2)."""
    try:
        node = yaml.compose(text)
        data = yaml.safe_load(text)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        return None, [Problem(rel, mark.line + 2 if mark else None, None,
                              f"front matter is not valid YAML ({getattr(err, 'problem', None) or 'syntax error'})",
                              "write one 'key: value' per line; put quotes around a value containing a colon")]
    if not isinstance(data, dict):
        return None, [Problem(rel, 2, None, "front matter should be 'key: value' lines",
                              "give organisation:, priority: and edition:")]
    at = {k.value: k.start_mark.line + 2 for k, _ in node.value} if isinstance(node, yaml.MappingNode) else {}
    problems = []

    def report(key, message, fix):
        problems.append(Problem(rel, at.get(key, 1), None, message, fix))

    renamed = set()
    for key in data:
        if key not in KEYS:
            near = difflib.get_close_matches(str(key), [k for k in KEYS if k not in data], n=1)
            renamed.update(near)
            report(key, f"unknown key '{key}'", f"rename it to {near[0]}" if near else
                   f"remove it (keys: {', '.join(KEYS)})")
    organisation = data.get("organisation")
    if "organisation" in renamed:
        pass  # the misspelt key is reported above
    elif not isinstance(organisation, str) or not organisation.strip():
        report("organisation", "organisation is missing or not text", "add a line 'organisation: Name of organisation'")
    priority = data.get("priority")
    folder = path.parent.name
    if "priority" in renamed:
        pass
    elif not isinstance(priority, str) or not priority:
        report("priority", "priority is missing", f"add a line 'priority: {folder}'")
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
    edition = data.get("edition")
    if type(edition) is not int and "edition" not in renamed:
        report("edition", "edition is missing or not a year", "add a line 'edition: 2025' (the report year)")
    website = data.get("website")
    if website is not None and (not isinstance(website, str) or not WEBSITE.match(website)):
        fix = "use the https:// address" if str(website).startswith("http://") else \
            "write the full address starting with https://, or remove the line"
        report("website", f"website '{website}' is not an https:// address", fix)
    order = data.get("order", DEFAULT_ORDER)
    if type(order) is not int:
        report("order", f"order '{order}' is not a whole number", "write a number such as 1, or remove the line")
    if not SLUG.match(path.stem):
        problems.append(Problem(rel, None, None, "file name should be lower-case words joined by hyphens",
                                "rename it, e.g. " + (re.sub(r"[^a-z0-9]+", "-", path.stem.lower()).strip("-")
                                                      or "organisation-name") + ".md"))
    if problems:
        return None, problems
    return dict(organisation=organisation.strip(), priority=priority, edition=edition,
                website=website, order=order), []


def sanitise(rel: str, lines: list[str], offset: int, root: Path) -> tuple[str, list[Problem]]:
    """Check the markdown body (``lines``, starting on file line ``offset + 1``) and return it cleaned.

    Cleaning removes HTML comments and moves level 3+ headings down one level; everything unsafe is
    reported as a problem rather than silently dropped.
    """
    md = MarkdownIt("commonmark").enable("table")
    md.validateLink = lambda url: True  # see every link: we judge schemes ourselves, with line numbers
    problems: list[Problem] = []
    drop_lines: set[int] = set()
    inline_drops: list[tuple[int, str]] = []
    demote: list[int] = []
    source = "\n".join(lines)

    def problem(index, message, fix, severity="error"):
        problems.append(Problem(rel, offset + index + 1, None, message, fix, severity))

    for number, line in enumerate(lines):
        if line.lstrip().startswith(":::"):
            problem(number, "fenced divs (:::) are not allowed", "remove the ::: line; the chapter adds its own")
    if not source.strip():
        problem(0, "has no text after the front matter", "write the contribution below the closing ---")
    tokens = md.parse(source)
    literal = {n for t in tokens if t.type in ("fence", "code_block") and t.map for n in range(*t.map)}
    for number, line in enumerate(lines):
        if number not in literal and _ATTRIBUTES.search(line):
            problem(number, "attributes in braces ({…}) after a link, span, heading or code are not allowed",
                    "remove the {…}; to show a brace as text, put a space before it")
    for token in tokens:
        start = token.map[0] if token.map else 0
        if token.type == "html_block":
            if _COMMENT.match(token.content):
                drop_lines.update(range(token.map[0], token.map[1]))
            elif token.content.lstrip().startswith("<!--"):
                problem(start, "an HTML comment here is never closed", "end it with --> (or delete it)")
            else:
                problem(start, f"raw HTML is not allowed ({_snippet(token.content)})",
                        "write it in plain markdown: **bold**, *italic*, [text](https://…), ![alt](figures/…)")
        elif token.type == "heading_open":
            level = int(token.tag[1])
            if level <= 2:
                problem(start, f"level {level} headings are not allowed (the chapter owns them)",
                        "start the heading with ### (or leave it out)")
            elif token.markup.startswith("#"):
                demote.append(start)
        elif token.type == "fence" and token.info.strip().startswith("{="):
            problem(start, f"raw output blocks ({token.info.strip()}) are not allowed", "write it in plain markdown")
        elif token.type == "fence" and "{" in token.info:
            problem(start, f"code blocks with attributes ({token.info.strip()}) are not allowed",
                    "start the block with ``` alone")
        elif token.type == "inline":
            _check_inline(token, start, problem, inline_drops, root)
    body = _clean(lines, drop_lines, inline_drops, demote)
    return body, problems


def _check_inline(token, start: int, problem, inline_drops: list, root: Path) -> None:
    line = start
    previous = None
    for child in token.children or []:
        if child.type in ("softbreak", "hardbreak"):
            line += 1
        elif child.type == "html_inline":
            if _COMMENT.match(child.content):
                inline_drops.append((start, child.content))
            elif child.content.startswith("<!--"):
                problem(line, "an HTML comment here is never closed", "end it with --> (or delete it)")
            else:
                problem(line, f"raw HTML is not allowed ({_snippet(child.content)})",
                        "write it in plain markdown: **bold**, *italic*, [text](https://…)")
        elif child.type == "link_open":
            href = child.attrs.get("href", "")
            if not href.lower().startswith(LINK_SCHEMES):
                problem(line, f"link to '{_snippet(href)}' is not allowed",
                        "links must be full web addresses (https://…) or mailto: addresses")
        elif child.type == "image":
            _check_image(child, line, problem, root)
        elif child.type == "text" and previous == "code_inline" and child.content.startswith("{="):
            problem(line, "raw output attributes ({=…}) are not allowed", "remove the {=…} after the code")
        previous = child.type


def _check_image(child, line: int, problem, root: Path) -> None:
    src = child.attrs.get("src", "")
    normal = posixpath.normpath(src) if src else ""
    if not normal.startswith("figures/") or "://" in src or src.startswith("/"):
        problem(line, f"image '{_snippet(src)}' is not under figures/",
                "put the image in the project's figures/ folder and write its path as figures/…")
        return
    if not normal.lower().endswith(IMAGE_TYPES):
        problem(line, f"image '{src}' is not a png, jpg, gif or webp file", "save it as .png or .jpg")
        return
    path = root / normal
    if not path.is_file():
        problem(line, f"image '{src}' does not exist", f"add the file {normal} or correct the path")
    elif path.stat().st_size > MAX_IMAGE_BYTES:
        size = path.stat().st_size / 1024 / 1024
        problem(line, f"image '{src}' is {size:.1f} MB, more than the 2 MB allowed",
                "make it smaller (about 1600 pixels wide is plenty)")
    if not child.content.strip():
        problem(line, f"image '{src}' has no alt text", "describe the picture: ![what it shows](…)", "warning")


def _clean(lines: list[str], drop_lines: set[int], inline_drops: list[tuple[int, str]], demote: list[int]) -> str:
    out = list(lines)
    for index in demote:
        if out[index].lstrip().startswith("######"):
            continue
        stripped = out[index].lstrip()
        out[index] = out[index][:len(out[index]) - len(stripped)] + "#" + stripped
    for start, comment in inline_drops:
        # A comment may span lines: replace it in the joined paragraph text from its first line on.
        joined = "\n".join(out[start:])
        joined = joined.replace(comment, "", 1)
        out[start:] = joined.split("\n")
    kept = [line for n, line in enumerate(out) if n not in drop_lines]
    return "\n".join(kept).strip("\n") + "\n"


def _duplicates(partners: list[Partner], root: Path) -> list[Problem]:
    seen: dict[tuple, str] = {}
    problems = []
    for partner in sorted(partners, key=lambda p: p.path):
        key = (partner.edition, partner.priority, partner.organisation.casefold())
        if key in seen:
            problems.append(Problem(partner.path, key_line(root / partner.path, "organisation"), None,
                                    f"{partner.organisation} already has a {partner.edition} contribution "
                                    f"for {partner.priority} in {seen[key]}",
                                    "merge the two texts into one file"))
        else:
            seen[key] = partner.path
    return problems


def key_line(path: Path, key: str) -> int | None:
    """The line of a YAML file on which ``key`` (written with its indentation) starts, if any."""
    for number, line in enumerate(path.read_text(encoding="utf-8-sig").splitlines(), start=1):
        if line.startswith(f"{key}:"):
            return number
    return None


def _snippet(text: str, limit: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1] + "…"


def escape(text: str) -> str:
    """Markdown-escape plain text (organisation names) so it can never become markup."""
    return _MD_SPECIAL.sub(r"\\\1", text)


def contribution_markdown(partners: list[Partner], figures_prefix: str = "../") -> str:
    """Markdown for a chapter: one ``.partner-contribution`` div per partner, or a short note if none.

    Image paths in partner files are project-relative (``figures/…``); ``figures_prefix`` makes them
    relative to the page the markdown lands on (chapters/ → ``../``).
    """
    if not partners:
        return EMPTY_TEXT + "\n"
    blocks = []
    for partner in partners:
        body = re.sub(r"(\]\(\s*<?|^\s{0,3}\[[^\]]+\]:\s*<?)figures/", lambda m: m.group(1) + figures_prefix + "figures/",
                      partner.body, flags=re.MULTILINE)
        parts = ["::: {.partner-contribution}", f"### {escape(partner.organisation)}", "", body.strip(), ""]
        if partner.website:
            parts += [f"Website: <{partner.website}>", ""]
        parts.append(":::")
        blocks.append("\n".join(parts))
    return "\n\n".join(blocks) + "\n"
