"""Quarto post-render step (last): remove the measure-page sources the pre-render step generated.

measures/<id>.md exist only so that Quarto and the embedded engine render a page per measure; once
the site is written they are intermediate files, like Quarto's own, and leaving them would invite
editors to change a page that the next build overwrites (and they repeat data/ text as prose). The
charts and CSVs beside them stay, so an unchanged chart's file is not written again next time.

Only `luton2040 build` tidies (it asks with LUTON2040_TIDY_SOURCES=1, given to its scripts alone).
It runs while the build holds the project's lock, so a second build waiting for the lock never
loses the sources it is rendering. Under `quarto render` / `quarto preview` the sources are kept:
Quarto's preview only finds pages that a pre-render step generates when they already exist from an
earlier run (quarto-dev/quarto-cli#14028). There, being the last step of a render that succeeded, it
also keeps the output folder (luton2040/engine/kept_output.py): the next full `quarto render` empties it
before its pre-render step, which puts this copy back if it refuses the input.
(`luton2040 build` keeps its own output when it swaps it in.)
"""
import os
import sys
from pathlib import Path

from luton2040.build import TIDY_VARIABLE
from luton2040.constants import MEASURES_DIR

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    if os.environ.get(TIDY_VARIABLE) != "1":
        from luton2040.engine.kept_output import keep

        note = keep(ROOT, Path(os.environ.get("QUARTO_PROJECT_OUTPUT_DIR", "_site")))
        if note:
            print(note, file=sys.stderr)
        print("tidy: kept the generated measure page sources (not a `luton2040 build`)")
        return 0
    removed = 0
    for page in sorted((ROOT / MEASURES_DIR).glob("*.md")):
        page.unlink()
        removed += 1
    print(f"tidy: removed {removed} generated measure page sources")
    return 0


if __name__ == "__main__":
    sys.exit(main())
