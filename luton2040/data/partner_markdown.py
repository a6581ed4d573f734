"""The markdown safety check of a partner text's body (the policy is in ``luton2040.data.partners``'
docstring): the body is read by the pandoc reader that renders the chapter, every node must be on
the allow-list in ``partner_allowlist.Checker``, and the clean body is that checked tree written back out.

``sanitise`` is the entry point; ``luton2040.data.partners`` reads the file and its front matter.
pandoc's answers (the tree it reads from a text, the markdown it writes for a checked tree) are
kept by ``PandocMemo`` on disk, keyed by the text, the pandoc binary and this module's code, so after
one partner file is edited only that file goes through pandoc again; the allow-list walk (and so
every problem and its line) always runs.
"""
from __future__ import annotations

import functools
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from luton2040.data.partner_allowlist import Checker
from luton2040.engine import pandoc
from luton2040.engine.cache import ignored_by_git
from luton2040.errors import Problem

PANDOC_SECONDS = 60


def sanitise(rel: str, lines: list[str], offset: int, root: Path,
             memo: PandocMemo | None = None) -> tuple[str, list[Problem]]:
    """Check the markdown body (``lines``, starting on file line ``offset + 1``) and return it cleaned.

    The body is parsed by the pandoc reader that renders the chapter (``engine.pandoc.READER``) and
    every node of that tree must be on the allow-list in ``partner_allowlist.Checker``; anything else is reported with
    its line, never silently dropped. Cleaning happens on the tree (HTML comments removed, headings
    moved down one level) and the clean body is that tree written back out by pandoc, so what the
    chapter renders is exactly what was checked. Returns ``""`` as the body when there are errors.
    ``memo`` keeps pandoc's answers between runs (``PandocMemo``); without it pandoc runs each time.
    """
    source = "\n".join(lines)
    if not source.strip():
        return "", [Problem(rel, offset + 1, None, "has no text after the front matter",
                            "write the contribution below the closing ---")]
    checker = Checker(rel, source, offset, root)
    try:
        document, warnings = _pandoc_read(source, memo)
    except _PandocFailed as err:
        checker.problem((), f"pandoc cannot read this file ({err})", "simplify the markdown near the line named")
        return "", checker.problems
    for line, warning in warnings:
        checker.problem((), f"pandoc cannot read this ({warning})", "correct the markdown on this line",
                        line=offset + line if line else None)
    if document.get("meta"):
        # The block opens with a --- line followed by a non-blank line (a rule has a blank line after it).
        line = next((n for n, text in enumerate(lines) if text.rstrip() == "---" and n + 1 < len(lines)
                     and lines[n + 1].strip()), 0)
        checker.problem((), "a block between a --- line and a --- or ... line is read as page settings, not text",
                        "remove the block; to draw a line across the page, leave a blank line after ---",
                        line=offset + line + 1)
    blocks = checker.blocks(document.get("blocks", []), top=True)
    if any(p.severity == "error" for p in checker.problems):
        return "", checker.problems
    document["blocks"] = blocks
    clean = _pandoc_write(document, memo)
    checker.written(clean)
    if any(p.severity == "error" for p in checker.problems):
        return "", checker.problems
    return clean, checker.problems


class _PandocFailed(Exception):
    pass


@functools.cache
def _pandoc_binary() -> str:
    """The pandoc the renderer uses (pypandoc-binary's), found without importing pypandoc.

    This runs inside the chapters' kernel, where every environment variable and folder listing a
    chapter reads becomes part of its cache key; pypandoc's own lookup copies the whole environment,
    so the first chapter with partners would rerun on every build. Looking at the package folders
    (not the working folder) reads nothing of the kind.
    """
    here = Path.cwd().resolve()
    for entry in sys.path:
        if entry and Path(entry).resolve() != here:
            candidate = Path(entry) / "pypandoc" / "files" / "pandoc"
            if candidate.is_file():
                return str(candidate)
    return pandoc.executable()


_PANDOC_WARNING = re.compile(r"^\[WARNING\]\s*(.*?)(?:\s+at line (\d+) column \d+)?\s*$")


def _pandoc_read(source: str, memo: PandocMemo | None = None) -> tuple[dict, list[tuple[int | None, str]]]:
    """The tree pandoc builds from ``source`` with the renderer's reader (ids off: any id is explicit)."""
    if memo is None:
        tree, warnings = _pandoc_read_text(source)
    else:
        answer = memo.answer("read", source, lambda: _read_answer(source))
        tree, warnings = answer["tree"].encode(), [tuple(w) for w in answer["warnings"]]
    return json.loads(tree), list(warnings)


def _read_answer(source: str) -> dict:
    tree, warnings = _pandoc_read_text(source)
    return {"tree": tree.decode(), "warnings": [list(w) for w in warnings]}


@functools.lru_cache(maxsize=256)  # a long-running process (serve, its kernel) reads unchanged texts again
def _pandoc_read_text(source: str) -> tuple[bytes, tuple[tuple[int | None, str], ...]]:
    args = [_pandoc_binary(), "-f", pandoc.READER + "-auto_identifiers", "-t", "json"]
    try:
        proc = subprocess.run(args, input=source.encode(), capture_output=True, timeout=PANDOC_SECONDS)
    except subprocess.TimeoutExpired:
        raise _PandocFailed(f"it took more than {PANDOC_SECONDS} seconds") from None
    if proc.returncode != 0:
        raise _PandocFailed(" ".join(proc.stderr.decode(errors="replace").split())[:200])
    warnings = []
    for text in proc.stderr.decode(errors="replace").splitlines():
        m = _PANDOC_WARNING.match(text.strip())
        if m:
            warnings.append((int(m.group(2)) if m.group(2) else None, m.group(1)))
    return proc.stdout, tuple(warnings)


def _pandoc_write(document: dict, memo: PandocMemo | None = None) -> str:
    """Markdown for a checked tree, escaped by pandoc's own writer for its own reader."""
    tree = json.dumps(document)
    if memo is None:
        return _pandoc_write_text(tree)
    return memo.answer("write", tree, lambda: {"markdown": _pandoc_write_text(tree)})["markdown"]


@functools.lru_cache(maxsize=256)
def _pandoc_write_text(tree: str) -> str:
    args = [_pandoc_binary(), "-f", "json", "-t", "markdown", "--wrap=none"]
    proc = subprocess.run(args, input=tree.encode(), capture_output=True, timeout=PANDOC_SECONDS, check=True)
    return proc.stdout.decode().strip("\n") + "\n"


class PandocMemo:
    """pandoc's answers for partner texts, kept on disk (``<project>/.luton2040-cache/partner-pandoc/``)
    and in this process, so a check or a chapter reads each unchanged text without starting pandoc.

    An answer is keyed by what pandoc was asked (read or write, and the exact text), by the pandoc
    binary (its path, size and modification time) and by this module's code (the options pandoc
    is given and how its output is read), so a hit is the answer pandoc would give; nothing is
    kept when pandoc fails. ``prune()`` drops the answers this memo was not
    asked for: call it after reading every partner file (the whole check), never after a subset.
    """

    FORMAT = 1
    _here: dict[str, dict] = {}  # key → answer, shared by every memo of this process

    def __init__(self, root: Path) -> None:
        from luton2040.engine.cache import CACHE_DIR

        self.dir = Path(root) / CACHE_DIR / "partner-pandoc"
        self.used: set[str] = set()

    def answer(self, kind: str, text: str, ask) -> dict:
        """The answer kept for (``kind``, ``text``), else ``ask()``'s, which is kept."""
        key = hashlib.sha256(json.dumps([self.FORMAT, kind, _pandoc_identity()]).encode() + b"\0"
                             + text.encode()).hexdigest()
        self.used.add(key)
        found = self._here.get(key)
        if found is None:
            found = self._recall(key)
        if found is None:
            found = ask()
            self._keep(key, found)
        if len(self._here) > 512:
            self._here.clear()
        self._here[key] = found
        return found

    def _recall(self, key: str) -> dict | None:
        try:
            return json.loads((self.dir / f"{key}.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None

    def _keep(self, key: str, answer: dict) -> None:
        try:
            self.dir.mkdir(parents=True, exist_ok=True)
            ignored_by_git(self.dir.parent)
            handle, temporary = tempfile.mkstemp(dir=self.dir, prefix=f"{key}.", suffix=".tmp")
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                out.write(json.dumps(answer))
            os.replace(temporary, self.dir / f"{key}.json")
        except OSError:  # a read-only project: pandoc simply runs again next time
            pass

    def prune(self) -> None:
        """Remove the kept answers not asked for since this memo was made (texts since edited)."""
        try:
            kept = list(self.dir.glob("*.json"))
            left = list(self.dir.glob("*.tmp"))  # writes cut short
        except OSError:
            return
        for path in kept:
            if path.stem not in self.used:
                path.unlink(missing_ok=True)
        for path in left:
            path.unlink(missing_ok=True)


@functools.cache
def _pandoc_identity() -> list:
    """What an answer depends on besides the text: the pandoc binary partner texts go through (its
    path, size and modification time) and this module, which asks pandoc and reads its answers."""
    binary = _pandoc_binary()
    binary = shutil.which(binary) or binary  # pypandoc may name it bare ("pandoc", found on PATH)
    try:
        stat = os.stat(binary)
        size, changed = stat.st_size, stat.st_mtime_ns
    except OSError:  # not a file we can see: the version then identifies it
        size, changed = None, pandoc.version()
    return [binary, size, changed, pandoc.READER, hashlib.sha256(Path(__file__).read_bytes()).hexdigest()]
