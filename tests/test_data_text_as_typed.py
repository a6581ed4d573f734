"""Text from data/ prints as the analyst typed it wherever a chapter's code puts it into a page:
a unit, an area's name, a figure, a progress note or the welcome's author never turns into italics,
a link, a citation or a tag (Quarto and the engine both read a cell's words as markdown)."""
from pathlib import Path

import pypandoc
import pytest

from luton2040 import report
from project_copy import copy_project

#: Markup an analyst's text may contain by accident ("A&E", "<5s", a footnote star) or by design.
MARKED = "*x* <b>y</b> _z_ [w] @v"


def edited(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture(scope="module")
def marked_project(tmp_path_factory):
    project = copy_project(tmp_path_factory.mktemp("marked") / "project")
    data = project / "data"
    edited(data / "units.csv", "percent,per cent,,%,", f"percent,per cent,,% {MARKED},")
    edited(data / "areas.csv", "england,England,", f'england,"England {MARKED}",')
    edited(data / "figures.csv", 'destitution-fewer-residents,2025,"5,000"',
           f'destitution-fewer-residents,2025,"5,000 {MARKED}"')
    edited(data / "progress_notes.csv", "Footfall cannot yet be tracked", f"Footfall cannot yet be tracked {MARKED}")
    edited(data / "editions/2025.yml", "welcome_author: Luton 2040 Partnership",
           f"welcome_author: Luton 2040 Partnership {MARKED}")
    edited(data / "editions/2025.yml", "subtitle: Change today", f"subtitle: Change today {MARKED}")
    return project


@pytest.fixture
def in_marked_project(marked_project, monkeypatch):
    monkeypatch.chdir(marked_project)
    monkeypatch.delenv("LUTON2040_EDITION", raising=False)


def shown(markdown: str) -> str:
    """What a reader sees of ``markdown``: pandoc's HTML for it, as Quarto writes it."""
    return pypandoc.convert_text(markdown, "html", format="markdown", extra_args=["--wrap=none"]).strip()


TYPED = "*x* &lt;b&gt;y&lt;/b&gt; _z_ [w] @v"


@pytest.mark.parametrize("words, expected", [
    (lambda: report.moved("destitution"), f"came down from 12.1% {TYPED} to 9.9% {TYPED}"),
    (lambda: report.previous("destitution"), f"12.1% {TYPED}"),
    (lambda: report.latest("destitution"), f"9.9% {TYPED}"),
    (lambda: report.compared("anxiety"), f"lower than England {TYPED}’s 23.3% {TYPED}"),
    (lambda: report.reason("destitution", "trend"), f"Improving: 12.1% {TYPED} (2023) to 9.9% {TYPED} (April 2024)"),
    (lambda: report.figure("destitution-fewer-residents"), f"5,000 {TYPED}"),
    (lambda: report.byline(), f"Luton 2040 Partnership {TYPED}, February 2025"),
    (lambda: report.editions(), f"Change today {TYPED}. Published"),
    (lambda: report.needs_work("inclusive-economy"), f"Footfall cannot yet be tracked {TYPED}.</strong>"),
], ids=["moved", "previous", "latest", "compared", "reason", "figure", "byline", "editions", "progress notes"])
def test_words_from_the_data_reach_the_page_as_typed(in_marked_project, words, expected):
    html = shown(words())
    assert expected in html
    assert "<em>" not in html and "<b>" not in html and "<span class=\"citation" not in html


#: what the renderers read in a page's markdown before pandoc, wherever it stands: `{python} …` the engine runs,
#: a shortcode Quarto expands, a cross-reference, maths
CODE = "`{python} __import__(chr(111)).getpid()` {{< meta title >}} @tbl-x $y$ \\z"


def test_a_measures_name_holding_code_is_written_into_its_page_as_words_never_run(tmp_path):
    """The measure's name is in its chart's alt text and its table's aria-label, HTML attributes in the
    page's markdown: the engine ran `{python} …` there (the build's own process id was published)."""
    from luton2040.data.load import load
    from luton2040.engine import source
    from luton2040.site.pages import write_site_files

    project = copy_project(tmp_path / "project")
    edited(project / "data/measures.csv", ",Households in destitution,", f',"Households in destitution {CODE}",')
    data = load(project)
    write_site_files(data, data.edition())
    page = project / "measures/destitution.md"
    document = source.read(page, project)
    assert document.inlines == [] and document.refs == []  # (it raises InputError for a problem)
    text = page.read_text(encoding="utf-8")
    assert "`{python}" not in text and "{{<" not in text
    html = shown(text.split("---", 2)[2])
    typed = CODE.replace("<", "&lt;").replace(">", "&gt;")
    assert f'alt="Households in destitution {typed}' in html.replace("&#96;", "`").replace("&#123;", "{").replace(
        "&#125;", "}").replace("&#64;", "@").replace("&#36;", "$").replace("&#92;", "\\")
