"""pandoc's answers for partner texts are kept between runs (``PandocMemo``, issue 16): after one
partner file is edited, the check and the chapter send only that file through pandoc, and what
they report — the clean texts and every problem with its file:line — is what a run without any
kept answer reports."""
import shutil

import pytest

import luton2040.data.partner_markdown as partner_markdown
from luton2040.data.partners import read_partners

from minimal_project import make_project, messages

EDITED = "partners/poverty/example-food-project.md"


class Asked(list):
    """The texts sent to pandoc; ``forget()`` drops what this process holds in memory, as a new
    process starts (only the answers kept on disk are left)."""


@pytest.fixture
def pandoc_runs(monkeypatch):
    asked = Asked()
    run = partner_markdown.subprocess.run

    def counting(args, *rest, **options):
        asked.append(options.get("input", b"").decode())
        return run(args, *rest, **options)

    def forget():
        partner_markdown.PandocMemo._here.clear()
        partner_markdown._pandoc_read_text.cache_clear()
        partner_markdown._pandoc_write_text.cache_clear()

    forget()
    monkeypatch.setattr(partner_markdown.subprocess, "run", counting)
    asked.forget = forget
    yield asked
    forget()


def edit(root, words: str) -> None:
    path = root / EDITED
    path.write_text(path.read_text(encoding="utf-8").replace("We hand out food parcels", words), encoding="utf-8")


def test_after_one_file_is_edited_only_its_text_goes_through_pandoc(tmp_path, pandoc_runs):
    root = make_project(tmp_path)
    read_partners(root)
    assert len(pandoc_runs) == 4  # two files, each read and written back once
    edit(root, "We now hand out hot meals")
    pandoc_runs.clear()
    pandoc_runs.forget()  # a new process: only the answers kept on disk
    partners, problems = read_partners(root)
    assert len(pandoc_runs) == 2 and "We now hand out hot meals" in pandoc_runs[0]
    assert partners[0].body.startswith("We now hand out hot meals")

    fresh = tmp_path / "fresh"
    shutil.copytree(root, fresh, ignore=shutil.ignore_patterns(".luton2040-cache"))
    pandoc_runs.forget()
    assert read_partners(fresh) == (partners, problems)  # the same records, read with nothing kept


@pytest.mark.parametrize("fixture, expected", [
    ("partner-fenced-div.md", [
        "partners/poverty/example-food-project.md:9: fenced divs (:::) are not allowed — remove the ::: line; "
        "the chapter adds its own",
        "partners/poverty/example-food-project.md:11: raw HTML is not allowed (<b>) — write **bold** instead"]),
    ("partner-image-without-alt.md", [
        "partners/poverty/example-food-project.md:7: image 'figures/partners/tree.png' has no alt text, which the "
        "PDF needs (a screen reader reads it out) — describe the picture between the brackets: ![what it shows](…)"]),
])
def test_kept_answers_give_the_same_problems_on_the_same_lines(tmp_path, pandoc_runs, fixture, expected):
    root = make_project(tmp_path, fixture)
    assert messages(root) == expected
    pandoc_runs.clear()
    pandoc_runs.forget()
    assert messages(root) == expected
    assert pandoc_runs == []


@pytest.mark.parametrize("changed", ["the pandoc binary's modification time", "the reader", "the code"])
def test_a_kept_answer_is_not_used_for_another_pandoc_or_other_code(tmp_path, pandoc_runs, monkeypatch, changed):
    root = make_project(tmp_path)
    read_partners(root)
    pandoc_runs.clear()
    pandoc_runs.forget()
    read_partners(root)
    assert pandoc_runs == []  # kept
    identity = list(partner_markdown._pandoc_identity())
    position = {"the pandoc binary's modification time": 2, "the reader": 3, "the code": 4}[changed]
    identity[position] = str(identity[position]) + "-changed"
    monkeypatch.setattr(partner_markdown, "_pandoc_identity", lambda: identity)
    pandoc_runs.forget()
    read_partners(root)
    assert len(pandoc_runs) == 4


def test_answers_for_texts_no_file_holds_any_more_are_dropped(tmp_path, pandoc_runs):
    root = make_project(tmp_path)
    read_partners(root)
    for n in range(3):
        edit(root, f"Edit number {n}")
        read_partners(root)
    kept = root / ".luton2040-cache" / "partner-pandoc"
    assert len(list(kept.glob("*.json"))) == 4
    read_partners(root, priority="poverty")  # one folder: the other folder's answers stay
    assert len(list(kept.glob("*.json"))) == 4
