"""Quarto post-render step: index every page of the site for search with Pagefind.

Runs under `quarto render` and `luton2040 build` alike, with the project folder as the working
directory and QUARTO_PROJECT_OUTPUT_DIR naming the output folder (run by hand: `_site/`). Writes
`<output>/pagefind/`, which the search box in every page loads; the index needs no server.
With LUTON2040_SEARCH=later (set by `luton2040 serve` for its builds) it is left: serve keeps the
previous index while the new pages are shown and runs this script again once they are in place.
"""
import os
import subprocess
import sys
from pathlib import Path


def main() -> int:
    if os.environ.get("LUTON2040_SEARCH") == "later":  # luton2040.build.SEARCH_VARIABLE (not imported: kept light)
        print("search-index: left for later (luton2040 serve indexes the pages once they are in place)")
        return 0
    site = Path.cwd() / os.environ.get("QUARTO_PROJECT_OUTPUT_DIR", "_site")
    if not (site / "index.html").is_file():
        print(f"search-index: {site} has no index.html — build the site first (luton2040 build)", file=sys.stderr)
        return 1
    try:
        import pagefind_bin  # noqa: F401  (the binary ships in this wheel)
    except ImportError:
        print('search-index: Pagefind is not installed — run: .venv/bin/pip install "pagefind[bin]"', file=sys.stderr)
        return 1
    # --keep-index-url: result links name index.html, so search also works from a sub-folder.
    proc = subprocess.run([sys.executable, "-m", "pagefind", "--site", str(site), "--keep-index-url", "--quiet"],
                          capture_output=True, text=True)
    if proc.returncode != 0:
        print(f"search-index: Pagefind failed (exit code {proc.returncode}):\n{proc.stderr.strip() or proc.stdout.strip()}",
              file=sys.stderr)
        return 1
    pages = len(list(site.rglob("*.html")))
    print(f"search-index: indexed {pages} pages into {site.name}/pagefind/")
    return 0


if __name__ == "__main__":
    sys.exit(main())
