"""`luton2040 check` is the check `luton2040 build` runs first: data, partner and edition files, and
_quarto.yml with the profile of every edition the build would render — every problem in one run."""
from __future__ import annotations

import contextlib
import io

from editions_helpers import overlay
from luton2040.cli import main


def check(project) -> tuple[int, list[str]]:
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        code = main(["--project", str(project), "check"])
    return code, err.getvalue().splitlines()


def test_a_broken_past_edition_profile_and_a_data_problem_are_listed_together(project_copy, monkeypatch):
    monkeypatch.delenv("QUARTO_PROFILE", raising=False)
    monkeypatch.delenv("LUTON2040_EDITION", raising=False)
    project = overlay(project_copy)  # two editions: 2025 is built with the past profile
    (project / "_quarto-past.yml").write_text("website:\n  announcment: Old report\n", encoding="utf-8")
    measures = project / "data/measures.csv"
    measures.write_text(measures.read_text(encoding="utf-8").replace("https://", "www.", 1), encoding="utf-8")
    code, lines = check(project)
    assert code == 1
    assert [line.split(":")[0] for line in lines[:-2]] == ["_quarto-past.yml", "data/measures.csv"]
    assert lines[0].startswith("_quarto-past.yml:2: the option 'website.announcment' is not supported")
    assert "is not a plain https:// web address" in lines[1]
    assert lines[-2:] == ["2 problem(s) found; nothing was built.", NOT_CHECKED]


NOT_CHECKED = ("The words of the chapters, progress items and tiles were not checked yet: they will be once the "
               "problems above are fixed.")


def test_with_a_data_error_it_says_the_words_are_checked_once_the_data_is_fixed(project_copy, monkeypatch):
    """The words are checked against the data, so only once it reads: the summary says they are still to
    check, and the next check, with the data fixed, finds the misspelt id in the chapter too."""
    monkeypatch.delenv("LUTON2040_EDITION", raising=False)
    _edit_net_zero(project_copy, INCLUDE_2025, INCLUDE_2025 + '\n\nNew figure: `{python} report.latest("no-such-measure")`.')
    measures = project_copy / "data/measures.csv"
    clean = measures.read_text(encoding="utf-8")
    measures.write_text(clean.replace("https://", "www.", 1), encoding="utf-8")
    code, lines = check(project_copy)
    assert code == 1
    assert [line.split(":")[0] for line in lines[:-2]] == ["data/measures.csv"]
    assert lines[-2:] == ["1 problem(s) found; nothing was built.", NOT_CHECKED]

    measures.write_text(clean, encoding="utf-8")
    code, lines = check(project_copy)
    assert code == 1
    assert lines[0].startswith("chapters/_prose/2025/net-zero.qmd:")
    assert "there is no measure 'no-such-measure'" in lines[0]
    assert lines[1:] == ["1 problem(s) found; nothing was built."]


INCLUDE_2025 = "{{< include /chapters/_partners/2025/net-zero.md >}}"


def _edit_net_zero(project, old: str, new: str) -> None:
    prose = project / "chapters/_prose/2025/net-zero.qmd"
    text = prose.read_text(encoding="utf-8")
    assert old in text
    prose.write_text(text.replace(old, new), encoding="utf-8")


def test_a_chapter_that_no_longer_includes_its_partners_is_refused(project_copy, monkeypatch):
    """Without the line the chapter's partners would vanish from it without a word."""
    monkeypatch.delenv("LUTON2040_EDITION", raising=False)
    _edit_net_zero(project_copy, INCLUDE_2025 + "\n", "")
    code, lines = check(project_copy)
    assert code == 1
    assert lines[0] == ("chapters/_prose/2025/net-zero.qmd: does not include its partner contributions, so the "
                        f"chapter would show none — add the line {INCLUDE_2025} under '## Partner contributions'")


def test_a_chapter_that_includes_another_years_or_chapters_partners_is_refused(project_copy, monkeypatch):
    """Prose copied by hand from last year keeps last year's line: its partners would be shown."""
    monkeypatch.delenv("LUTON2040_EDITION", raising=False)
    _edit_net_zero(project_copy, INCLUDE_2025, "{{< include /chapters/_partners/2024/net-zero.md >}}\n\n" + INCLUDE_2025
                   + "\n\n" + INCLUDE_2025)
    code, lines = check(project_copy)
    assert code == 1
    prose = "chapters/_prose/2025/net-zero.qmd"
    line = next(n for n, text in enumerate((project_copy / prose).read_text().splitlines(), 1) if "2024" in text)
    assert lines[:2] == [
        f"{prose}:{line}: includes the partner contributions of net-zero in 2024 — this is the 2025 net-zero "
        f"chapter — write the line as {INCLUDE_2025}",
        f"{prose}:{line + 4}: includes its partner contributions a second time — remove this line"]
