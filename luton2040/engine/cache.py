"""Quarto's "freeze" idea: keep each document's executed outputs and reuse them while nothing they
depend on has changed.

A document's entry is valid when its key (full source after includes, engine version, execution
settings) matches and every dependency the kernel probe recorded is unchanged: the files it read,
the directory listings and globs it made, the environment variables it looked up, and the
project-local modules loaded in the kernel. Converted HTML fragments are cached by a hash of
their markdown and pandoc settings. Everything lives in ``<project>/.luton2040-cache/``.
"""
from __future__ import annotations

import glob
import hashlib
import json
import os
import shutil
import sys
from pathlib import Path

from .execute import Executed
from .kept_output import link_or_copy as _link_or_copy
from .pandoc import Fragment

CACHE_DIR = ".luton2040-cache"
FORMAT = 1


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _file_hash(path: Path) -> str | None:
    try:
        return _sha(path.read_bytes())
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError, PermissionError):
        return None


def _listing_hash(path: Path) -> str | None:
    try:
        return _sha("\n".join(sorted(os.listdir(path))).encode())
    except (FileNotFoundError, NotADirectoryError, PermissionError):
        return None


def _glob_hash(root: Path, pattern: str, recursive: bool) -> str:
    return _sha("\n".join(sorted(glob.glob(pattern, root_dir=root, recursive=recursive))).encode())


def _env_hash(name: str, overlay: dict[str, str] | None = None) -> str | None:
    value = (overlay or {}).get(name, os.environ.get(name))
    return None if value is None else _sha(value.encode())


def ignored_by_git(folder: Path) -> None:
    """Mark a cache folder (existing) as nothing git should track: a ``.gitignore`` of ``*`` in it."""
    if not (folder / ".gitignore").exists():
        (folder / ".gitignore").write_text("*\n")


class Cache:
    """Read and write cache entries for one project."""

    def __init__(self, project_dir: Path, namespace: str = "", env: dict[str, str] | None = None) -> None:
        """``namespace`` keeps one profile's entries apart from another's (each edition of a book
        keeps its own cache, so building every edition in turn reuses all of them); ``env`` holds
        the variables the kernel gets on top of this process's (QUARTO_PROFILE)."""
        self.env = dict(env or {})
        self.root = project_dir
        self.dir = project_dir / CACHE_DIR / namespace if namespace else project_dir / CACHE_DIR
        self.used_fragments: set[str] = set()

    def key(self, source: str, digest: str, settings: dict, engine_version: str) -> str:
        text = json.dumps([FORMAT, engine_version, sys.version, source, digest, settings], sort_keys=True)
        return _sha(text.encode())

    def _write(self, path: Path, data: dict) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        ignored_by_git(self.dir)
        tmp = path.with_suffix(f".tmp{os.getpid()}")
        tmp.write_text(json.dumps(data), encoding="utf-8")
        os.replace(tmp, path)

    def _exec_path(self, source: str) -> Path:
        return self.dir / "execute" / (_sha(source.encode())[:24] + ".json")

    def snapshot(self, deps: dict) -> dict:
        """Hashes of everything a run depended on, as it is now."""
        root = self.root
        return {
            "files": {f: _file_hash(root / f) for f in sorted(set(deps.get("reads", [])) | set(deps.get("modules", [])))},
            "listings": {d: _listing_hash(root / d) for d in deps.get("listings", [])},
            "globs": {f"{int(r)}:{p}": _glob_hash(root, p, r) for p, r in deps.get("globs", [])},
            "env": dict(deps.get("env", {})),
        }

    def stale(self, snapshot: dict) -> str | None:
        """The first dependency that changed (a description), or None if all are unchanged."""
        for f, h in snapshot["files"].items():
            if _file_hash(self.root / f) != h:
                return f
        for d, h in snapshot["listings"].items():
            if _listing_hash(self.root / d) != h:
                return f"{d}/ (listing)"
        for key, h in snapshot["globs"].items():
            recursive, pattern = key.split(":", 1)
            if _glob_hash(self.root, pattern, recursive == "1") != h:
                return f"glob {pattern}"
        for name, h in snapshot["env"].items():
            if _env_hash(name, self.env) != h:
                return f"${name}"
        return None

    def load_execution(self, source: str, key: str) -> Executed | None:
        path = self._exec_path(source)
        try:
            entry = json.loads(path.read_text(encoding="utf-8"))
        except (FileNotFoundError, ValueError):
            return None
        if entry.get("key") != key or self.stale(entry["snapshot"]) is not None:
            return None
        return Executed.from_json(entry["executed"])

    def store_execution(self, source: str, key: str, executed: Executed) -> None:
        self._write(self._exec_path(source), {"key": key, "snapshot": self.snapshot(executed.deps),
                                              "executed": executed.to_json()})

    def load_fragment(self, fingerprint: str) -> Fragment | None:
        self.used_fragments.add(fingerprint)
        try:
            return Fragment(**json.loads((self.dir / "html" / f"{fingerprint}.json").read_text(encoding="utf-8")))
        except (FileNotFoundError, ValueError, TypeError):
            return None

    def store_fragment(self, fingerprint: str, fragment: Fragment) -> None:
        self.used_fragments.add(fingerprint)
        self._write(self.dir / "html" / f"{fingerprint}.json", fragment.to_json())

    def prune(self) -> None:
        """Drop converted fragments this build did not use (old versions of pages)."""
        folder = self.dir / "html"
        if folder.is_dir():
            for path in folder.glob("*.json"):
                if path.stem not in self.used_fragments:
                    path.unlink(missing_ok=True)


class FrozenOutputs:
    """Whole outputs of earlier builds, kept by the fingerprint of their inputs, so an unchanged
    profile's output folder is put back byte for byte instead of being built again.

    One entry per output folder (``<cache>/frozen/<folder>/``): a manifest (the key, and each
    file's size and modification time) and the files. Files are hard-linked in and out where the
    file system allows (copied otherwise); an entry whose files no longer match its manifest —
    someone edited an output file in place — is ignored and replaced by the next build.
    """

    def __init__(self, project_dir: Path) -> None:
        self.dir = project_dir / CACHE_DIR / "frozen"

    def _entry(self, folder: str) -> Path:
        return self.dir / (folder.replace("/", "+") or "_root")

    def holds(self, folder: str, key: str) -> bool:
        """Is ``folder``'s output kept under ``key`` (``restore`` then puts it back unless its files were edited)?"""
        try:
            manifest = json.loads((self._entry(folder) / "manifest.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return False
        return manifest.get("key") == key

    def restore(self, folder: str, key: str, into: Path) -> list[str] | None:
        """Put the output stored under ``key`` into ``into``; the files' relative paths, or None."""
        entry = self._entry(folder)
        try:
            manifest = json.loads((entry / "manifest.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if manifest.get("key") != key:
            return None
        files = manifest["files"]
        for rel, (size, mtime) in files.items():
            try:
                stat = (entry / "files" / rel).stat()
            except OSError:
                return None
            if (stat.st_size, stat.st_mtime_ns) != (size, mtime):
                return None
        for rel in files:
            target = into / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            _link_or_copy(entry / "files" / rel, target)
        return sorted(files)

    def store(self, folder: str, key: str, source: Path, leave_out: set[str]) -> None:
        """Keep every file under ``source`` (but not its top-level folders in ``leave_out``, other
        builds' output) as ``folder``'s output for ``key``, replacing what was kept before."""
        entry = self._entry(folder)
        fresh = entry.with_name(f"{entry.name}.new-{os.getpid()}")
        shutil.rmtree(fresh, ignore_errors=True)
        files = {}
        for path in sorted(source.rglob("*")):
            rel = path.relative_to(source)
            if rel.parts[0] in leave_out or not path.is_file():
                continue
            target = fresh / "files" / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            _link_or_copy(path, target)
            stat = target.stat()
            files[rel.as_posix()] = (stat.st_size, stat.st_mtime_ns)
        (fresh / "manifest.json").write_text(json.dumps({"key": key, "files": files}), encoding="utf-8")
        ignored_by_git(self.dir.parent)
        old = entry.with_name(f"{entry.name}.old-{os.getpid()}")
        if entry.exists():
            os.replace(entry, old)
        os.replace(fresh, entry)
        shutil.rmtree(old, ignore_errors=True)
