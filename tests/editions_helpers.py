"""The sample 2026 edition (INVENTED TEST DATA, tests/fixtures/edition-2026/) laid over a project copy."""
from __future__ import annotations

import shutil
from pathlib import Path

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "edition-2026"


def overlay(project: Path, fixture: Path = FIXTURE) -> Path:
    """Copy the fixture's files over ``project``: ``x.append`` adds its lines to ``x``; any other
    file replaces or adds the file at its path. The fixture's README stays behind."""
    for path in sorted(fixture.rglob("*")):
        rel = path.relative_to(fixture)
        if not path.is_file() or rel.as_posix() == "README.md":
            continue
        if path.name.endswith(".append"):
            target = project / rel.parent / path.name[: -len(".append")]
            text = target.read_text(encoding="utf-8")
            target.write_text(text + ("" if text.endswith("\n") else "\n") + path.read_text(encoding="utf-8"),
                              encoding="utf-8")
        else:
            (project / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, project / rel)
    return project
