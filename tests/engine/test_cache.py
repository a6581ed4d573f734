"""Freeze: unchanged documents are not re-executed; a changed input re-executes only its reader.
The first test builds from nothing; the others start from a warm copy of the session's build of
the basic book (``basic_site``), as a second build in the same folder would."""
from pathlib import Path

from luton2040.engine.build import build
from project_copy import warm_copy


def test_no_change_rebuild_uses_the_cache_and_starts_no_kernel(book):
    folder = book("basic")
    first = build(folder, quiet=True)
    assert first.executed == ["index.qmd", "chapters/numbers.qmd", "chapters/words.qmd"]
    pages = {p.relative_to(folder / "_site"): p.read_bytes() for p in (folder / "_site").rglob("*.html")}
    second = build(folder, quiet=True)
    assert second.executed == []
    assert second.cached == ["index.qmd", "chapters/numbers.qmd", "chapters/words.qmd"]
    assert "kernel_start" not in second.timings
    assert second.pandoc_seconds == {}  # converted HTML reused too
    assert (folder / "_site/chapters/numbers_files/figure-html/fig-bars-output-1.png").is_file()
    # The rebuilt site is the one the first build wrote, page for page, byte for byte.
    assert {p.relative_to(folder / "_site"): p.read_bytes() for p in (folder / "_site").rglob("*.html")} == pages


def test_changing_a_read_file_re_executes_only_that_page(basic_site, tmp_path):
    folder = warm_copy(basic_site[0], tmp_path / "basic")
    (folder / "data/words.txt").write_text("fresh words\n")
    result = build(folder, quiet=True)
    assert result.executed == ["chapters/words.qmd"]
    assert "The words file says: fresh words." in (folder / "_site/chapters/words.html").read_text()
    (folder / "data/values.csv").write_text("name,value\na,1\nb,3\nc,2\nd,9\n")
    result = build(folder, quiet=True)
    assert result.executed == ["chapters/numbers.qmd"]
    assert "There are 4 rows;" in (folder / "_site/chapters/numbers.html").read_text()


def test_editing_prose_runs_no_code_and_editing_code_or_an_imported_module_runs_it_again(basic_site, tmp_path):
    """Quarto gives the kernel a document's code alone, so words edited in a page or in a file it
    includes need no code run again (engine/source.py, ``code_digest``); changed code does."""
    folder = warm_copy(basic_site[0], tmp_path / "basic")
    shared = folder / "chapters/_shared.md"
    shared.write_text("Edited shared text.\n")
    result = build(folder, quiet=True)
    assert result.executed == [] and "kernel_start" not in result.timings
    assert "<p>Edited shared text.</p>" in (folder / "_site/chapters/numbers.html").read_text()
    words = folder / "chapters/words.qmd"
    words.write_text(words.read_text().replace("The words file says:", "The file of words says:"))
    assert build(folder, quiet=True).executed == []
    assert "The file of words says: hello from words." in (folder / "_site/chapters/words.html").read_text()
    words.write_text(words.read_text().replace(".read_text().strip()", ".read_text().strip().upper()"))
    assert build(folder, quiet=True).executed == ["chapters/words.qmd"]
    assert "The file of words says: HELLO FROM WORDS." in (folder / "_site/chapters/words.html").read_text()
    helpers = folder / "chapters/helpers.py"
    helpers.write_text(helpers.read_text().replace("**{name}**", "*{name}*"))
    result = build(folder, quiet=True)
    assert "chapters/numbers.qmd" in result.executed
    assert "<li><em>b</em>: 3</li>" in (folder / "_site/chapters/numbers.html").read_text()


def test_environment_variables_read_by_a_cell_are_dependencies(basic_site, tmp_path, monkeypatch):
    folder = warm_copy(basic_site[0], tmp_path / "basic")
    page = folder / "chapters/words.qmd"
    page.write_text(page.read_text() + "\nEdition `{python} __import__('os').environ.get('FIXTURE_EDITION', 'none')`.\n")
    monkeypatch.setenv("FIXTURE_EDITION", "2024")
    build(folder, quiet=True)
    assert build(folder, quiet=True).executed == []
    monkeypatch.setenv("FIXTURE_EDITION", "2025")
    assert build(folder, quiet=True).executed == ["chapters/words.qmd"]
    assert "Edition 2025." in (folder / "_site/chapters/words.html").read_text()


def test_a_module_of_this_package_installed_outside_the_project_is_a_dependency(basic_site, tmp_path):
    """The report's chapters import luton2040, which may be installed outside the project (pip
    install, or an editable install of another checkout): a run that imported one of its modules
    depends on that module by its full path, so changed code runs the page again."""
    import json

    import luton2040.escape
    from luton2040.engine.cache import Cache

    folder = warm_copy(basic_site[0], tmp_path / "basic")
    words = folder / "chapters/words.qmd"
    words.write_text(words.read_text() + "\nEscaped: `{python} __import__('luton2040.escape').escape.markdown('*a*')`.\n")
    assert build(folder, quiet=True).executed == ["chapters/words.qmd"]
    module = str(Path(luton2040.escape.__file__).resolve())
    assert not module.startswith(str(folder.resolve()))
    stored = [json.loads(p.read_text()) for p in (folder / ".luton2040-cache/execute").glob("*.json")]
    recorded = [entry["snapshot"]["files"] for entry in stored if module in entry["snapshot"]["files"]]
    assert len(recorded) == 1  # the page that imported it, and only that one
    snapshot = {"files": {module: "a digest of an older version"}, "listings": {}, "globs": {}, "env": {}}
    assert Cache(folder).stale(snapshot) == module
