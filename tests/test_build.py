"""Integration tests of the real build: a copy of this project rendered by `luton2040 build`.

The copy is built once per session (``built_project`` in conftest.py) and only read here; tests
that change something work on their own copy of it.
"""
from __future__ import annotations

import hashlib
import os
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from luton2040.cli import main
from luton2040.engine import config, render_list, source
from luton2040.engine.build import build
from luton2040.data.partners import read_partners
from luton2040.data.schema import read_table
from project_copy import warm_copy

ROOT = Path(__file__).resolve().parent.parent
_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})
#: A text node that is nothing but a pandas/JSON empty value: a missing figure leaked into the page.
_EMPTY_VALUE = re.compile(r">\s*(None|nan|NaN|NaT|<NA>|null|undefined)\s*<")


class Page(HTMLParser):
    """What the tests need from one HTML page: ids, links, images, body classes and text."""

    def __init__(self, path: Path) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[tuple[str, str, int]] = []   # (tag, url, line)
        self.images: list[tuple[dict, int]] = []
        self.body_classes: set[str] = set()
        self.text_parts: list[str] = []
        self.table_parts: list[str] = []
        self._skip = 0     # inside <script>/<style>
        self._tables = 0   # inside <table>
        self.feed(path.read_text(encoding="utf-8"))
        self.close()

    def handle_starttag(self, tag: str, attrs: list) -> None:
        a = dict(attrs)
        line = self.getpos()[0]
        if a.get("id"):
            self.ids.add(a["id"])
        if tag == "a" and a.get("name"):
            self.ids.add(a["name"])
        for key in ("href", "src"):
            if a.get(key) is not None:
                self.links.append((tag, a[key], line))
        if tag == "img":
            self.images.append((a, line))
        elif tag == "svg" and a.get("aria-hidden") != "true":
            self.images.append(({"alt": a.get("aria-label", ""), **a}, line))
        elif tag == "body":
            self.body_classes = set((a.get("class") or "").split())
        elif tag in ("script", "style"):
            self._skip += 1
        elif tag == "table":
            self._tables += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._skip = max(0, self._skip - 1)
        elif tag == "table":
            self._tables = max(0, self._tables - 1)
            self.table_parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self._skip:
            return
        self.text_parts.append(data)
        if self._tables:
            self.table_parts.append(data)

    @property
    def text(self) -> str:
        return " ".join("".join(self.text_parts).split())

    @property
    def table_text(self) -> str:
        return " ".join("".join(self.table_parts).split())


@pytest.fixture(scope="session")
def site(built_project):
    """Every HTML page of the session build, parsed: {path relative to _site: Page}."""
    out = built_project / "_site"
    return {p.relative_to(out).as_posix(): Page(p) for p in sorted(out.rglob("*.html"))}


def _plain(text: str) -> str:
    """Whitespace collapsed and pandoc's typographic quotes made straight, for comparing text."""
    return " ".join(text.translate(_QUOTES).split())


def _front_matter(project: Path, name: str) -> dict:
    """A page's front matter, read by the engine's reader (the one the build uses)."""
    return source.read(project / name, project).meta


def _priority_pages(project: Path, site: dict) -> dict[str, list[str]]:
    """Priority id → the book pages (from _quarto.yml) whose body has class priority-<id>."""
    pages: dict[str, list[str]] = {}
    for name in (Path(f).with_suffix(".html").as_posix() for f in config.load(project).files):
        for cls in site[name].body_classes:
            if cls.startswith("priority-"):
                pages.setdefault(cls[len("priority-"):], []).append(name)
    return pages


def _table(project: Path, name: str) -> list[dict]:
    """A data table's rows, read by the package's one reader of data/*.csv."""
    return [row.values for row in read_table(project, name)[0]]


def _priorities() -> list[str]:
    return [row["id"] for row in _table(ROOT, "priorities")]


def test_the_pages_built_are_the_pages_the_config_declares(built_project, site, tmp_path):
    """The engine writes exactly the pages Quarto would render: the sidebar's pages plus what
    project.render selects (measure pages included), no more, no fewer, and the PDF."""
    import subprocess
    import sys

    from luton2040.pdf.book import read_book

    # The measure-page sources exist between the pre-render step and the end of the build (then
    # `luton2040 build` tidies them): write them again in a copy, as Quarto sees them.
    project = warm_copy(built_project, tmp_path / "project")
    subprocess.run([sys.executable, "scripts/pre_render.py"], cwd=project, check=True, capture_output=True)
    cfg = config.load(project)
    declared = {str(Path(f).with_suffix(".html").as_posix()) for f in cfg.files + render_list.extra_pages(cfg)}
    years = {p.name for p in (built_project / "_site").iterdir() if p.is_dir() and p.name.isdigit()}
    built = {p for p in site if p.split("/")[0] not in years | {"pagefind"}}
    assert built == declared
    assert len([p for p in built if p.startswith("measures/")]) == len(list((project / "measures").glob("*.md"))) > 0
    assert (built_project / "_site" / f"{read_book(built_project).output_file}.pdf").is_file()


def test_no_quarto_source_is_copied_into_the_site(built_project):
    sources = [p.relative_to(built_project / "_site").as_posix() for p in (built_project / "_site").rglob("*")
               if p.suffix in (".qmd", ".ipynb") or (p.suffix == ".md" and p.parent.name != "pagefind")]
    assert sources == []


def test_every_priority_has_one_chapter(built_project, site):
    pages = _priority_pages(built_project, site)
    assert sorted(pages) == sorted(_priorities())
    assert all(len(names) == 1 for names in pages.values()), pages


@pytest.mark.parametrize("priority", _priorities())
def test_priority_page_shows_every_measure_and_partner(built_project, site, priority):
    (name,) = _priority_pages(built_project, site)[priority]
    page = site[name]
    outcomes = [row["outcome"] for row in _table(built_project, "measures") if row["priority"] == priority]
    partners = read_partners(built_project, priority=priority)[0]
    assert outcomes and partners
    missing = [o for o in outcomes if _plain(o) not in _plain(page.table_text)]
    assert not missing, f"outcomes missing from the tables of the {priority} page: {missing}"
    names = [p.organisation for p in partners]
    assert not [n for n in names if n not in page.text], f"partners missing from the {priority} page"


def test_no_unevaluated_code_or_error_text_on_any_page(built_project):
    problems = []
    for path in sorted((built_project / "_site").rglob("*.html")):
        html = path.read_text(encoding="utf-8")
        text = Page(path).text
        name = path.relative_to(built_project / "_site").as_posix()
        for needle, where in (("{python}", html), ("\ue000", html), ("No data", text), ("Traceback", text),
                              ("Error:", text)):
            if needle in where:
                problems.append(f"{name}: contains {needle!r}")
        for m in _EMPTY_VALUE.finditer(html):
            problems.append(f"{name}:{html.count(chr(10), 0, m.start()) + 1}: shows {m.group(1)!r}")
    assert not problems, "\n".join(problems)


def test_every_internal_link_resolves_to_a_file_and_anchor(built_project, site):
    out = built_project / "_site"
    broken = []
    for name, page in site.items():
        for tag, url, line in page.links:
            parts = urlsplit(url)
            if parts.scheme or url.startswith("//"):
                continue  # external (https:, mailto:, data:) — not ours to check here
            if parts.path.startswith("/"):  # the page not found's links start at the site's path, "/" here
                target = out / unquote(parts.path)[1:]
            else:
                target = (out / name).parent / unquote(parts.path) if parts.path else out / name
            target = target.resolve()
            if not target.is_relative_to(out.resolve()) or not target.is_file():
                broken.append(f"{name}:{line}: <{tag}> {url}: no such file")
            elif parts.fragment:
                target_name = target.relative_to(out.resolve()).as_posix()
                if target_name not in site or unquote(parts.fragment) not in site[target_name].ids:
                    broken.append(f"{name}:{line}: <{tag}> {url}: no element with id '{parts.fragment}'")
    # One line per distinct problem, with where it first occurs and how often (sidebars repeat).
    seen: dict[str, list[str]] = {}
    for line in broken:
        where, _, what = line.partition(": <")
        seen.setdefault(what.replace("../", ""), []).append(where)
    assert not seen, "\n".join(f"{w[0]}: <{what} ({len(w)} pages)" for what, w in seen.items())


def test_every_image_has_alt_text(site):
    missing = [f"{name}:{line}: {attrs.get('src', '<svg>')}" for name, page in site.items()
               for attrs, line in page.images if not (attrs.get("alt") or "").strip()]
    assert not missing, "images without alt text:\n" + "\n".join(missing)


def test_a_new_partner_file_appears_in_its_chapter_alone_and_no_code_runs_again(built_project, tmp_path, monkeypatch):
    """The chapters include their partners' words as text (site/contributions.py): a partner's new
    file changes one chapter's page without running any chapter's code again."""
    monkeypatch.delenv("LUTON2040_EDITION", raising=False)
    monkeypatch.setenv("LUTON2040_PDF", "later")  # the post-render step skips the PDF: not what is tested here
    project = warm_copy(built_project, tmp_path / "project")
    (project / "partners" / "net-zero" / "stopsley-growers.md").write_text(
        "---\norganisation: Stopsley Allotment Growers\npriority: net-zero\nedition: 2025\norder: 9\n---\n\n"
        "We planted **forty fruit trees** on the Stopsley allotments this year.\n", encoding="utf-8")

    result = build(project, quiet=True)

    assert result.executed == [] and "kernel_start" not in result.timings
    page = Page(project / "_site" / "chapters" / "net-zero.html")
    assert "Stopsley Allotment Growers" in page.text
    assert "We planted forty fruit trees on the Stopsley allotments this year." in page.text
    assert "Stopsley Allotment Growers" not in Page(project / "_site" / "chapters" / "poverty.html").text
    # A render that is not `luton2040 build` (here the engine alone, as `quarto render`) keeps the
    # generated measure-page sources: Quarto's preview needs them.
    assert len(list((project / "measures").glob("*.md"))) > 0


def _kernels_while_checking(monkeypatch, wait: float) -> list[str]:
    """What happens, in order, to kernels and the check of a build: "a kernel starts" (with the
    report imported), "the check ended" (it waits up to ``wait`` seconds for a kernel to start first)."""
    import threading

    import luton2040.build as build_api
    from luton2040.engine import warm

    kernel_started, events, check = threading.Event(), [], build_api.check_project

    def checking(root, sound=None):
        problems = check(root, sound=sound)
        kernel_started.wait(wait)  # a kernel started after the check would keep it waiting
        events.append("the check ended")
        return problems

    class Kernel(warm.Kernel):
        def __init__(self, *args, **kwargs):
            events.append("a kernel starts")
            kernel_started.set()
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(build_api, "check_project", checking)
    monkeypatch.setattr(warm, "Kernel", Kernel)
    return events


def test_after_a_data_edit_the_kernel_starts_while_the_inputs_are_checked(built_project, tmp_path, monkeypatch):
    """The chapters' code needs a kernel and the check runs first: the kernel is started meanwhile,
    with the report imported, and it is the one kernel the build starts (issue 16)."""
    from luton2040.build import build_project

    monkeypatch.delenv("LUTON2040_EDITION", raising=False)
    monkeypatch.setenv("LUTON2040_PDF", "later")  # not what is tested here
    project = warm_copy(built_project, tmp_path / "project")
    notes = project / "data" / "progress_notes.csv"
    notes.write_text(notes.read_text(encoding="utf-8").replace("Wages are rising", "Wages keep rising"), encoding="utf-8")
    events = _kernels_while_checking(monkeypatch, wait=30)
    result, _ = build_project(project, quiet=True)
    assert events == ["a kernel starts", "the check ended"]
    assert "chapters/inclusive-economy.qmd" in result.executed
    assert "Wages keep rising" in Page(project / "_site" / "chapters" / "inclusive-economy.html").text


@pytest.mark.parametrize("edited, old, new", [
    ("partners/net-zero/luton-irish-forum.md", "\n---\n", "\n---\n\nWe also planted a hedge.\n"),
    ("chapters/_prose/2025/net-zero.qmd", "This is one of the brighter parts of the report.",
     "This is one of the brighter parts of the report. We also planted a hedge."),
])
def test_after_a_partner_or_a_chapter_sentence_is_edited_no_kernel_starts(built_project, tmp_path, monkeypatch,
                                                                          edited, old, new):
    """Only words changed: nothing reads a partner's as code, and a page's code is run again only
    when it changes, so no kernel is started during the check, or after it, to take a core from
    the build."""
    from luton2040.build import build_project

    monkeypatch.delenv("LUTON2040_EDITION", raising=False)
    monkeypatch.setenv("LUTON2040_PDF", "later")  # not what is tested here
    project = warm_copy(built_project, tmp_path / "project")
    path = project / edited
    text = path.read_text(encoding="utf-8")
    assert text.count(old) >= 1
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    events = _kernels_while_checking(monkeypatch, wait=0)
    result, _ = build_project(project, quiet=True)
    assert events == ["the check ended"]
    assert result.executed == []
    assert "We also planted a hedge." in Page(project / "_site" / "chapters" / "net-zero.html").text


def test_a_build_refused_for_a_bad_data_file_starts_no_kernel(built_project, tmp_path, monkeypatch):
    """The kernel is started once the files themselves are found sound: a typo in a CSV is
    reported at once, without a kernel started and shut down for nothing."""
    from luton2040.build import build_project
    from luton2040.engine import warm
    from luton2040.errors import InputError

    monkeypatch.delenv("LUTON2040_EDITION", raising=False)
    project = warm_copy(built_project, tmp_path / "project")
    observations = project / "data" / "observations.csv"
    lines = observations.read_text(encoding="utf-8").splitlines(keepends=True)
    fields = lines[1].split(",")
    fields[5] = "7.3x"  # the value column: not a number
    lines[1] = ",".join(fields)
    observations.write_text("".join(lines), encoding="utf-8")
    kernels = []

    class Kernel(warm.Kernel):
        def __init__(self, *args, **kwargs):
            kernels.append("a kernel starts")
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(warm, "Kernel", Kernel)
    with pytest.raises(InputError) as refused:
        build_project(project, quiet=True)
    assert any(p.file == "data/observations.csv" and p.line == 2 for p in refused.value.problems)
    assert kernels == []


def test_luton2040_build_removes_the_generated_measure_page_sources(built_project):
    assert sorted((built_project / "measures").glob("*.md")) == []
    assert list((built_project / "measures").glob("*.svg"))  # the charts stay, so an unchanged chart file is not written again


def test_outside_luton2040_build_the_generated_sources_stay_for_quarto_preview(built_project, tmp_path):
    """quarto preview (quarto-cli#14028) finds generated pages only when they exist from an earlier run."""
    import subprocess
    import sys

    project = warm_copy(built_project, tmp_path / "project")
    (project / "measures" / "destitution.md").write_text("kept", encoding="utf-8")
    run = subprocess.run([sys.executable, "scripts/tidy_sources.py"], cwd=project, capture_output=True, text=True,
                         env={k: v for k, v in os.environ.items() if k != "LUTON2040_TIDY_SOURCES"})
    assert run.returncode == 0 and (project / "measures" / "destitution.md").is_file()


def _tree(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_an_unsupported_chunk_is_refused_by_line_and_the_site_is_kept(built_project, tmp_path, monkeypatch,
                                                                       capsys):
    project = warm_copy(built_project, tmp_path / "project")
    chapter = project / "chapters" / "net-zero.qmd"
    text = chapter.read_text(encoding="utf-8").rstrip("\n") + "\n\n```{r}\nsummary(cars)\n```\n"
    chapter.write_text(text, encoding="utf-8")
    fence_line = text.splitlines().index("```{r}") + 1
    before = _tree(project / "_site")

    code = main(["--project", str(project), "build", "--quiet"])

    err = capsys.readouterr().err
    assert code == 1
    assert err.splitlines()[0] == (f"chapters/net-zero.qmd:{fence_line}: {{r}} code chunks are not supported "
                                   "(only {python} runs) — rewrite the chunk in Python, or make it a plain code block")
    assert "Traceback" not in err
    assert _tree(project / "_site") == before
    assert not [p.name for p in project.iterdir() if p.name.startswith("_site.")]


@pytest.fixture(scope="session")
def pdf(built_project):
    from pypdf import PdfReader
    from luton2040.pdf.book import read_book
    return PdfReader(built_project / "_site" / f"{read_book(built_project).output_file}.pdf")


def test_the_pdf_prints_every_measures_latest_value_as_the_site_does(built_project, built_pdf_text, monkeypatch):
    from luton2040 import report
    from luton2040.data.load import load

    monkeypatch.chdir(built_project)
    # The PDF prints a subscript digit as a <sub> plain digit ("CO<sub>2</sub>e" for "CO₂e"): compare as plain digits.
    print_form = str.maketrans({"\u2212": "-", **{chr(0x2080 + d): str(d) for d in range(10)}})
    text = _plain(built_pdf_text).translate(print_form)
    missing = []
    for measure in load(built_project).measures:
        for series in measure.series:
            value = report.latest(measure.id, series.id).translate(print_form)
            if any(ch.isdigit() for ch in value) and value not in text:
                missing.append(f"{measure.id}/{series.id}: {value}")
    assert missing == []


def test_the_pdf_has_a_bookmark_per_chapter_and_is_a_tagged_a4_report(built_project, pdf):
    titles = [item.title for item in pdf.outline if not isinstance(item, list)]
    for name in config.load(built_project).files:
        title = _front_matter(built_project, name).get("title")
        assert title in titles, f"no bookmark for {name} ({title!r}); bookmarks: {titles}"
    assert bool(pdf.trailer["/Root"]["/MarkInfo"]["/Marked"])
    assert 30 <= len(pdf.pages) <= 120
    width, height = (float(v) for v in pdf.pages[1].mediabox[2:])
    assert (round(width), round(height)) == (595, 842)  # A4 portrait, in points


HEADINGS = ("/H2", "/H3", "/H4", "/H5", "/H6")


def test_no_heading_is_left_at_the_foot_of_a_page_alone_or_with_only_its_intro(pdf):
    """A heading starts on the page where what it heads starts: the block after it, and, when that
    block is its intro paragraph, the block the intro leads into (the headline measures' heading
    and intro used to end the welcome's page 4, their table on page 5)."""
    from pdf_text import structure

    items = structure(pdf)

    def following(i):  # the next element with content after element i and everything inside it
        j = items[i][2]
        while j < len(items) and items[j][1] is None:
            j += 1
        return j if j < len(items) else None

    stranded = []
    headings = 0
    for i, (kind, span, _) in enumerate(items):
        if kind not in HEADINGS or span is None or (j := following(i)) is None:
            continue
        headings += 1
        if items[j][1][0] > span[1]:
            stranded.append((kind, span[1], "alone"))
        elif items[j][0] == "/P" and (k := following(j)) is not None and items[k][0] not in HEADINGS \
                and items[k][1][0] > items[j][1][1]:
            stranded.append((kind, span[1], "with only its intro"))
    assert headings > 50 and stranded == []


def test_the_chapter_openers_kickers_copy_as_whole_words(built_pdf_text):
    """Spaced capitals ('CHAPTER 1 · PRIORITY 2') come out of the PDF's text as they read: not
    'C HAPTER 1', as pdftotext, copy-paste and screen readers had them."""
    lines = built_pdf_text.splitlines()  # a page's first line follows a form feed
    kickers = [line for line in lines if re.match(r"(CHAPTER|APPENDIX) [0-9A-Z]+\b", line)]
    assert len(kickers) >= 12
    assert "CHAPTER 1" in kickers and "APPENDIX A" in [k.split(" ·")[0] for k in kickers]
    assert [line for line in lines if re.match(r"[A-Z] [A-Z]{2,}", line)] == []


def test_every_page_loads_the_table_card_script_from_its_own_folder(built_project, site):
    """Tables become cards on a phone under both renderers: _quarto.yml's include-after-body loads
    styles/table-cards.js on every page, by a path that works from the page's folder."""
    out = built_project / "_site"
    years = {p.name for p in out.iterdir() if p.is_dir() and p.name.isdigit()}
    for name in (n for n in site if n.split("/")[0] not in years | {"pagefind"}):
        html = (out / name).read_text(encoding="utf-8")
        found = re.findall(r'<script src="([^"]*table-cards\.js)"></script>', html)
        assert len(found) == 1, name
        # the page not found's paths start at the site's path ("/" here), as Quarto writes them
        script = out / found[0][1:] if found[0].startswith("/") else out / Path(name).parent / found[0]
        assert script.resolve() == (out / "styles/table-cards.js").resolve(), name
    assert "cards()" in (out / "styles/table-cards.js").read_text(encoding="utf-8")
