"""The pre-render step is not repeated while nothing it read has changed: its files are put back
byte for byte (a partner's edit or a rebuild in `serve` does not regenerate forty measure pages),
and any change to what it read makes it run again."""
from __future__ import annotations

from pathlib import Path

from luton2040 import pre_render_cache


def _step(root: Path) -> str:
    """A stand-in for the pre-render step: reads a data file, writes a page and clears stale ones."""
    recorder = pre_render_cache.Recorder(root)
    text = (root / "data" / "measures.csv").read_text()
    (root / "measures").mkdir(exist_ok=True)
    for stale in (root / "measures").iterdir():
        stale.unlink()
    (root / "measures" / "a.md").write_text(f"# {text.strip()}\n")
    message = f"pre-render: page for {text.strip()}"
    pre_render_cache.store(root, root / "script.py", recorder, message)
    return message


def _project(tmp_path: Path) -> Path:
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "measures.csv").write_text("destitution\n")
    (tmp_path / "script.py").write_text("# the step\n")
    return tmp_path


def test_an_unchanged_step_puts_its_files_back_and_removes_what_it_would_have_removed(tmp_path):
    root = _project(tmp_path)
    message = _step(root)
    (root / "measures" / "a.md").unlink()  # the tidy step removes the generated sources after a build
    (root / "measures" / "old.md").write_text("a measure removed from the data\n")
    assert pre_render_cache.restore(root, root / "script.py") == message
    assert (root / "measures" / "a.md").read_text() == "# destitution\n"
    assert sorted(p.name for p in (root / "measures").iterdir()) == ["a.md"]


def test_a_changed_input_or_script_runs_the_step_again(tmp_path):
    root = _project(tmp_path)
    _step(root)
    (root / "data" / "measures.csv").write_text("poverty\n")
    assert pre_render_cache.restore(root, root / "script.py") is None
    _step(root)
    (root / "script.py").write_text("# the step, changed\n")
    assert pre_render_cache.restore(root, root / "script.py") is None


def test_the_edition_asked_for_has_its_own_record(tmp_path, monkeypatch):
    root = _project(tmp_path)
    monkeypatch.setenv("QUARTO_PROFILE", "2025")
    _step(root)
    monkeypatch.setenv("QUARTO_PROFILE", "2026")
    assert pre_render_cache.restore(root, root / "script.py") is None


def test_adding_or_removing_a_chapter_runs_the_step_again(tmp_path):
    """A measure page links to its priority's chapter only when the project has one, so whether the
    chapter exists is an input of the step (the real rule: site/pages.py's _chapter_href)."""
    from types import SimpleNamespace

    from luton2040.site.pages import _chapter_href

    root = _project(tmp_path)
    (root / "chapters").mkdir()
    (root / "chapters" / "net-zero.qmd").write_text("---\ntitle: Net zero\n---\n")
    recorder = pre_render_cache.Recorder(root)
    link = _chapter_href(SimpleNamespace(root=root), SimpleNamespace(priority="net-zero"))
    assert link == "../chapters/net-zero.html"
    pre_render_cache.store(root, root / "script.py", recorder, "pre-render: one page")
    (root / "chapters" / "net-zero.qmd").unlink()
    assert pre_render_cache.restore(root, root / "script.py") is None
    assert _chapter_href(SimpleNamespace(root=root), SimpleNamespace(priority="net-zero")) == "../appendix/measures.html"


def test_the_variables_can_be_given_rather_than_read_from_the_environment(tmp_path, monkeypatch):
    """`luton2040 serve` asks in its own process with the variables it would give the script."""
    root = _project(tmp_path)
    monkeypatch.setenv("QUARTO_PROFILE", "2025")
    message = _step(root)
    monkeypatch.setenv("QUARTO_PROFILE", "2026")
    assert pre_render_cache.restore(root, root / "script.py", {"QUARTO_PROFILE": "2025"}) == message
    assert pre_render_cache.restore(root, root / "script.py", {"QUARTO_PROFILE": "2026"}) is None


def test_a_build_runs_the_script_itself_unless_it_would_only_put_files_back_and_write_the_contributions(
        tmp_path, monkeypatch):
    """The shortcut builds and serve's builds take: only for scripts/pre_render.py alone, only after
    the check (unchecked, the script checks first), and only when the measure pages' record still
    stands; the partner contributions are written in the build's own process either way."""
    from luton2040.build import CHECKED_VARIABLE, PRE_RENDER_SCRIPT, _reused_pre_render
    from luton2040.site import contributions

    monkeypatch.setattr(contributions, "contributions_and_photos",
                        lambda root: ({"chapters/_partners/2025/a.md": "Words.\n"}, {}))

    root = _project(tmp_path)
    (root / "scripts").mkdir()
    (root / "script.py").rename(root / PRE_RENDER_SCRIPT)
    recorder = pre_render_cache.Recorder(root)
    (root / "data" / "measures.csv").read_text()
    (root / "measures").mkdir()
    (root / "measures" / "a.md").write_text("# destitution\n")
    pre_render_cache.store(root, root / PRE_RENDER_SCRIPT, recorder, "pre-render: one page")
    (root / "measures" / "a.md").unlink()
    attempt = _reused_pre_render(root)
    checked = {CHECKED_VARIABLE: "1"}
    assert attempt((PRE_RENDER_SCRIPT, "scripts/other.py"), checked) is None
    assert attempt((PRE_RENDER_SCRIPT,), {}) is None
    assert not (root / "measures" / "a.md").exists()
    said = "pre-render: every edition's partner contributions (chapters/_partners/)"
    assert attempt((PRE_RENDER_SCRIPT,), checked) == f"{said}\npre-render: one page"
    assert (root / "measures" / "a.md").read_text() == "# destitution\n"
    assert (root / "chapters" / "_partners" / "2025" / "a.md").read_text().endswith("Words.\n")
    assert pre_render_cache.restore(root, root / PRE_RENDER_SCRIPT, step="contributions") == said
    (root / "data" / "measures.csv").write_text("poverty\n")
    assert attempt((PRE_RENDER_SCRIPT,), checked) is None


def test_each_step_is_put_back_on_its_own(tmp_path):
    """A partner's edit makes the contributions step run again and leaves the measure pages' record standing."""
    root = _project(tmp_path)
    message = _step(root)
    (root / "partners").mkdir()
    (root / "partners" / "a.md").write_text("first words\n")
    recorder = pre_render_cache.Recorder(root)
    text = (root / "partners" / "a.md").read_text()
    (root / "chapters" / "_partners").mkdir(parents=True)
    (root / "chapters" / "_partners" / "a.md").write_text(text)
    pre_render_cache.store(root, root / "script.py", recorder, "contributions", step="contributions")
    (root / "partners" / "a.md").write_text("edited words\n")
    assert pre_render_cache.restore(root, root / "script.py", step="contributions") is None
    assert pre_render_cache.restore(root, root / "script.py", step="site") == message


def test_a_recorder_records_its_own_thread_until_it_is_stopped(tmp_path):
    """A build records the step in its own process, where other threads read files meanwhile."""
    import threading

    root = _project(tmp_path)
    (root / "other.txt").write_text("read by another thread\n")
    (root / "later.txt").write_text("read after the step\n")
    recorder = pre_render_cache.Recorder(root)
    reader = threading.Thread(target=(root / "other.txt").read_text)
    reader.start()
    reader.join()
    (root / "data" / "measures.csv").read_text()
    recorder.stop()
    (root / "later.txt").read_text()
    assert recorder.opened == {"data/measures.csv"}
