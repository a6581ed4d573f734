"""Past editions are frozen: the fingerprint of everything one edition's website and PDF are made
from, so that an edition whose inputs have not changed is not rebuilt — the engine reuses its
output byte for byte (``engine.build_set(..., keys=...)``).

An edition's inputs are:

* the code: this package, the pre- and post-render scripts, and the versions of Python and of every
  installed package (pandoc and WeasyPrint among them);
* the project's files — chapters, appendix, styles, figures, ``_quarto.yml`` and the edition's own
  profile files — except the build's outputs, caches and generated sources;
* the data **as the edition saw it**: every CSV without the observations after its cut-off or the
  rows of later editions (the same rule its data download uses), the edition files up to its own;
  once it is past, its records (data/published.py) instead of the tables it recorded, so a
  milestone, a measure's words or a unit changed or added for a later edition is not one of its
  inputs (nor are a later edition's records), and of data/datapackage.json only the Table Schemas of
  the tables it still reads from data/ (``_still_read``);
* its partner files: a contribution for a later edition is not one of its inputs;
* its own prose: a page as its profiles show it (another edition's ``::: {.content-visible
  when-profile="…"}`` block left out, as Quarto and the engine leave it out) and only its own
  ``_prose/<year>/`` files (``edition_prose``).

So adding 2026's observations, tiles, edition file, partners or prose (its files and its block in
each page) leaves 2025's fingerprint unchanged, while a change to 2025's prose, to words every
edition shares, to the code or to an old observation changes it and 2025 is rebuilt.
"""
from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
import os
import re
from pathlib import Path
from typing import Callable

from luton2040 import fences
from luton2040.code_digest import code_digest
from luton2040.constants import DATAPACKAGE, EDITIONS_DIR, generated
from luton2040.data.edition_prose import prose_year
from luton2040.data.published import PARTNER_EDITION
from luton2040.data.load import Edition
from luton2040.engine.conditions import KINDS, visible
from luton2040.data.schema import parse_package
from luton2040.errors import Checked, InputError, Problem
from luton2040.site import downloads

#: top-level folders that are never inputs: version control, environments, outputs, caches, and the
#: project's own tests, docs and benchmarks (nor is what the pre-render step writes: constants.GENERATED)
NOT_INPUTS = {".git", ".venv", ".luton2040-cache", ".quarto", "_freeze", "node_modules", ".pytest_cache",
              "build", "dist", "tests", "docs", "benchmarks", "luton2040",
              "README.md"}  # Quarto never renders a README
PROFILE_FILE = re.compile(r"^_quarto-(.+)\.ya?ml$")
#: an edition's records (data/published.py): data/editions/<year>-observations.csv, -files.sha256, …
RECORD_FILE = re.compile(r"^(\d{4})-")


def _project_files(root: Path, output_dir: str) -> list[Path]:
    skip = NOT_INPUTS | {output_dir.split("/")[0]}
    found = []
    for folder, subfolders, names in os.walk(root):
        here = Path(folder)
        rel = here.relative_to(root).as_posix()
        prefix = "" if rel == "." else rel + "/"
        if here == root:
            subfolders[:] = [d for d in subfolders if d not in skip and not d.startswith("_site")]
        subfolders[:] = sorted(d for d in subfolders if d != "__pycache__" and not d.endswith(".egg-info")
                               and not generated(f"{prefix}{d}/"))  # made from the inputs (constants.GENERATED)
        found += [here / name for name in sorted(names) if not generated(prefix + name)]
    return found


def _seen_by(rel: str, raw: bytes, edition: Edition, profiles: list[str]) -> bytes | None:
    """The file's bytes as ``edition`` sees them, or None when it is not one of its inputs."""
    name = rel.rsplit("/", 1)[-1]
    profile = PROFILE_FILE.match(rel)
    if profile:
        return raw if profile.group(1) in profiles else None
    if rel.startswith(f"{EDITIONS_DIR}/") and Path(name).stem.isdigit():
        return raw if int(Path(name).stem) <= edition.year else None
    recorded = RECORD_FILE.match(name) if rel.startswith(f"{EDITIONS_DIR}/") else None
    if recorded:  # what an edition published: a later edition's records are none of this one's inputs
        return raw if int(recorded.group(1)) <= edition.year else None
    if rel == f"{downloads.DATA_DIR}/{name}" and name.removesuffix(".csv") in edition.tables:
        return None  # a past edition reads this table from its record (data/editions/<year>-<table>.csv)
    if rel == DATAPACKAGE and edition.package is not None:
        return _still_read(raw, edition)
    if rel.startswith(f"{downloads.DATA_DIR}/") and name.endswith(".csv"):
        text = raw.decode("utf-8-sig", errors="replace")
        # (without the analysts' provenance notes, which no page shows: editing one rebuilds nothing)
        kept = downloads.without_internal_columns(downloads._as_of(text, edition, name))
        return raw if kept == text else kept.encode("utf-8")
    if rel.startswith("partners/") and name.endswith(".md"):
        year = PARTNER_EDITION.search(raw.decode("utf-8", errors="replace"))
        return None if year and int(year.group(1)) > edition.year else raw
    own = prose_year(rel)
    if own is not None:
        return raw if str(own) in profiles else None
    if name.endswith((".qmd", ".md")) and any(kind.encode() in raw for kind in KINDS):
        lines = [(line, None) for line in raw.decode("utf-8", errors="replace").split("\n")]
        shown = "\n".join(text for text, _ in visible(lines, profiles, lambda *_: None)).encode("utf-8")
        # the page's bytes when nothing is hidden; else what is shown (a refused div changes nothing
        # here: the build reports it)
        return raw if shown == raw else b"conditional\0" + shown
    return raw


def _still_read(raw: bytes, edition: Edition) -> bytes:
    """What a past edition with a recorded data package (data/editions/<year>-datapackage.json)
    still takes from data/datapackage.json: the Table Schemas of the tables it reads from data/ as
    they are (observations, and its own rows of highlights, progress notes and figures); the rest
    (its tables' and files' descriptions, and the words of the schemas it still reads: ``_read_by``)
    it reads from its record. The file's bytes when it does not parse (the check reports it)."""
    try:
        package = parse_package(raw.decode("utf-8-sig"))
    except (InputError, UnicodeDecodeError):
        return raw
    kept = {r.get("name"): _read_by(r.get("schema")) for r in package.get("resources", [])
            if isinstance(r, dict) and r.get("name") not in edition.tables}
    return b"schemas\0" + json.dumps(kept, sort_keys=True).encode("utf-8")


#: what a Table Schema says for its readers only: a field described anew reads the same
WORDS_ONLY = ("title", "description")


def _read_by(schema):
    """``schema`` as the CSV reader uses it: without its words (``WORDS_ONLY``), which a past edition
    takes from its own record of the package (data/editions/<year>-datapackage.json)."""
    if not isinstance(schema, dict):
        return schema
    fields = [{k: v for k, v in f.items() if k not in WORDS_ONLY} if isinstance(f, dict) else f
              for f in schema.get("fields", [])] if isinstance(schema.get("fields"), list) else schema.get("fields")
    return {**{k: v for k, v in schema.items() if k not in WORDS_ONLY}, "fields": fields}


class Inputs:
    """The project's input files and the code, read once; fingerprints of what they hold."""

    def __init__(self, root: Path, output_dir: str = "_site") -> None:
        self.root = Path(root).resolve()
        self.code = code_digest()
        self.files = [(p.relative_to(self.root).as_posix(), p.read_bytes())
                      for p in _project_files(self.root, output_dir)]

    @functools.cached_property
    def _file_digests(self) -> dict[str, str]:
        digests = {rel: hashlib.sha256(raw).hexdigest() for rel, raw in self.files}
        for rel, raw in self.files:
            if rel.endswith(".qmd"):
                digests[f"code:{rel}"] = hashlib.sha256(code_lines(raw).encode()).hexdigest()
        return digests

    def file_digests(self) -> dict[str, str]:
        """Each input file's sha256, and each page's (``.qmd``) code's under ``code:<file>``
        (``code_lines``): worked out once (a build asks while its check runs, and the check's
        record keeps them)."""
        return dict(self._file_digests)

    def key(self) -> str:
        """Every input file as it is, and the code: what a check of the whole project reads."""
        h = hashlib.sha256(self.code)
        for rel, raw in self.files:
            h.update(rel.encode() + b"\0" + hashlib.sha256(raw).digest())
        return h.hexdigest()[:32]

    def edition_keys(self, editions: list[tuple[Edition, str]]) -> dict[str, str]:
        """profile → fingerprint of the inputs of each (edition, Quarto profile) to build."""
        keys = {}
        for edition, profile in editions:
            profiles = profile.split(",")
            h = hashlib.sha256(self.code + profile.encode())
            for rel, raw in self.files:
                seen = _seen_by(rel, raw, edition, profiles)
                if seen is not None:
                    h.update(rel.encode() + b"\0" + hashlib.sha256(seen).digest())
            keys[profile] = h.hexdigest()[:32]
        return keys


def edition_keys(root: Path, editions: list[tuple[Edition, str]], output_dir: str = "_site") -> dict[str, str]:
    """profile → fingerprint of the inputs of each (edition, Quarto profile) to build."""
    return Inputs(root, output_dir).edition_keys(editions)


CHECKED = ".luton2040-cache/checked.json"


def checked(inputs: Inputs, check: Callable[[Path], Checked]) -> Checked:
    """``check(root)``'s problems, reused from the last check while no input or code has changed
    (the warnings are kept, so they are still reported on every build, and so is whether the check
    got as far as the words)."""
    path = inputs.root / CHECKED
    # The hand-typed figure warnings look at the edition $LUTON2040_EDITION names (else the newest).
    key = inputs.key() + ":" + os.environ.get("LUTON2040_EDITION", "")
    try:
        stored = json.loads(path.read_text(encoding="utf-8"))
        if stored["key"] == key:
            return Checked([Problem(**p) for p in stored["problems"]], words_checked=stored["words_checked"])
    except (OSError, ValueError, KeyError, TypeError):
        pass
    problems = check(inputs.root)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f"{path.name}.tmp{os.getpid()}")
    tmp.write_text(json.dumps({"key": key, "problems": [dataclasses.asdict(p) for p in problems],
                               "words_checked": problems.words_checked, "files": inputs.file_digests()}),
                   encoding="utf-8")
    os.replace(tmp, path)
    return problems


_CODE_LINE = re.compile(r"^(?:---|\s*:::|\s*\{\{<\s*include\s)")
_INLINE_CODE = re.compile(r"`\{python\}[^`]*`")


def code_lines(raw: bytes) -> str:
    """What in a page's text could change the code a build runs, roughly: its front matter, its
    fenced blocks (cells), its inline `` `{python} …` `` expressions, its includes and its divs
    (which may hide an edition's block). A sentence edited leaves this unchanged. Only a guess for
    speed (whether to start a kernel early), read from the raw text before anything is parsed:
    what decides whether code runs again is the engine's own reading, engine/source.py
    ``code_digest``."""
    lines, front = [], False
    text = raw.decode("utf-8", errors="replace").splitlines()
    for number, (line, fenced) in enumerate(zip(text, fences.fenced(text))):
        starts = _CODE_LINE.match(line)
        if number == 0 and line.strip() == "---":
            front = True
        elif front and line.strip() in ("---", "..."):
            front = False
            lines.append(line)
            continue
        if front or fenced or starts:
            lines.append(line)
        lines += _INLINE_CODE.findall(line)
    return "\n".join(lines)


def changed_since_checked(inputs: Inputs) -> set[str] | None:
    """The input files added, removed or changed since the last check was stored (the code
    aside), each page whose code changed also named as ``code:<file>``; None when there is no
    record of one. A build asks while its check runs, before the check stores its own record."""
    try:
        stored = json.loads((inputs.root / CHECKED).read_text(encoding="utf-8"))["files"]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    now = inputs.file_digests()
    return {rel for rel in stored.keys() | now.keys() if stored.get(rel) != now.get(rel)}
