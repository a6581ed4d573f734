"""Quarto post-render step: index every page of the site for search with Pagefind.

Runs under `quarto render` and `luton2040 build` alike, with the project folder as the working
directory and QUARTO_PROJECT_OUTPUT_DIR naming the output folder (run by hand: `_site/`). Writes
`<output>/pagefind/`, which the search box in every page loads; the index needs no server.
The index covers this site's own pages: a sub-folder with an `index.html` of its own is another
site (a past edition rendered into `_site/<year>/`, with its own index), left out, so that a
`quarto render chapters/x.qmd` after a past edition was rendered indexes what a full render
indexes. The index is written beside the old one and swapped in: Pagefind leaves files of an
earlier index in its folder and rewrites `pagefind-entry.json` in place, which would change a
build's hard-linked copies of it (the frozen editions, the kept site).
With LUTON2040_SEARCH=later (set by `luton2040 serve` for its builds) it is left: serve keeps the
previous index while the new pages are shown and runs this script again once they are in place.
"""
import os
import shutil
import subprocess
import sys
from pathlib import Path

INDEX = "pagefind"  # luton2040.build.SEARCH_DIR (not imported: kept light)
NOT_FOUND = "404.html"  # luton2040.engine.not_found.OUTPUT (not imported: kept light)


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
    glob, pages = own_pages(site)
    for stale in site.glob(f"{INDEX}.*-*"):  # what a stopped run left (pagefind.new-<pid>, pagefind.old-<pid>)
        shutil.rmtree(stale, ignore_errors=True)
    fresh = site / f"{INDEX}.new-{os.getpid()}"
    # --keep-index-url: result links name index.html, so search also works from a sub-folder.
    proc = subprocess.run([sys.executable, "-m", "pagefind", "--site", str(site), "--glob", glob,
                           "--output-path", str(fresh), "--keep-index-url", "--quiet"],
                          capture_output=True, text=True)
    if proc.returncode != 0:
        shutil.rmtree(fresh, ignore_errors=True)
        print(f"search-index: Pagefind failed (exit code {proc.returncode}):\n{proc.stderr.strip() or proc.stdout.strip()}",
              file=sys.stderr)
        return 1
    old = site / f"{INDEX}.old-{os.getpid()}"
    if (site / INDEX).exists():
        os.replace(site / INDEX, old)
    os.replace(fresh, site / INDEX)
    shutil.rmtree(old, ignore_errors=True)
    print(f"search-index: indexed {pages} pages into {site.name}/{INDEX}/")
    return 0


def own_pages(site: Path) -> tuple[str, int]:
    """Pagefind's glob for the site's own pages, and how many there are: every `.html` file except
    those of a past edition's site (a folder named for its year, with an `index.html` of its own),
    of the index itself (and of an index a stopped run left half-made) and the "page not found"
    page, which Quarto leaves out of its own search and sitemap (quarto-cli v1.7.34
    src/project/types/website/website.ts, websitePostRender)."""
    folders = sorted(p.name for p in site.iterdir()
                     if p.is_dir() and not _past_edition(p) and not p.name.startswith(INDEX))
    top = sorted(p.name for p in site.glob("*.html") if p.name != NOT_FOUND)
    pages = len(top) + sum(len(list((site / f).rglob("*.html"))) for f in folders)
    return "{" + ",".join(top + [f"{f}/**/*.html" for f in folders]) + "}", pages


def _past_edition(folder: Path) -> bool:
    """A past edition's own site inside this one (``_site/2025/``): its name a year, its own home page."""
    return folder.name.isdigit() and len(folder.name) == 4 and (folder / "index.html").is_file()


if __name__ == "__main__":
    sys.exit(main())
