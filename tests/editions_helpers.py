"""The sample 2026 edition (INVENTED TEST DATA, tests/fixtures/edition-2026/) laid over a project copy."""
from __future__ import annotations

import shutil
from pathlib import Path

from luton2040.data import edition_prose

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "edition-2026"


def overlay(project: Path, fixture: Path = FIXTURE) -> Path:
    """Copy the fixture's files over ``project``: ``x.append`` adds its lines to ``x``; any other
    file replaces or adds the file at its path. The fixture's README stays behind. Then each
    chapter's 2025 words are carried forward into 2026's own prose, as `luton2040 new-edition 2026`
    does (a file the fixture gives under _prose/2026/ is kept)."""
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
    files, _ = edition_prose.carried_forward(project, 2025, 2026)
    for rel, text in files.items():
        if not (edition_prose.prose_year(rel) and (project / rel).exists()):
            (project / rel).parent.mkdir(parents=True, exist_ok=True)
            (project / rel).write_text(text, encoding="utf-8")
    return project


#: What ``edit_2026`` writes: a paragraph of 2026's own prose, and a sentence in a 2026 partner file.
NEW_2026_PROSE = "In 2026 the town writes new words about poverty; the 2025 report keeps its own."
NEW_2026_PARTNER = "A sentence added for 2026 only."
#: The two files ``edit_2026`` changes; neither is an input of the 2025 edition.
EDITED_2026 = ("chapters/_prose/2026/poverty.qmd", "partners/net-zero/lea-valley-cycle-collective.md")


def edit_2026(project: Path) -> Path:
    """In a project with the sample 2026 edition laid over it: new 2026 prose before the poverty
    chapter's heading "Why poverty comes first", and a new last sentence in a 2026 partner file."""
    prose, partner = (project / name for name in EDITED_2026)
    text = prose.read_text(encoding="utf-8")
    assert "Aiming for a town without poverty" in text  # started from 2025's words by new-edition
    prose.write_text(text.replace("## Why poverty comes first", f"{NEW_2026_PROSE}\n\n## Why poverty comes first"),
                     encoding="utf-8")
    partner.write_text(partner.read_text(encoding="utf-8") + f"\n{NEW_2026_PARTNER}\n", encoding="utf-8")
    return project
