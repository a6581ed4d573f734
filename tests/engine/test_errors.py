"""Bad books fail with one clean file:line message each, and leave the previous site in place."""
import pytest

from luton2040.engine.build import build
from luton2040.errors import BuildError, InputError
from project_copy import warm_copy

CASES = {
    "r-chunk": "index.qmd:5: {r} code chunks are not supported (only {python} runs) — "
               "rewrite the chunk in Python, or make it a plain code block",
    "unknown-shortcode": "index.qmd:5: the shortcode {{< video >}} is not supported — "
                         "use {{< include file >}} or plain markdown",
    "missing-include": "chapters/x.qmd:7: cannot include '_missing.md': file not found — "
                       "fix the path (it is relative to the page, even in an included file; start it with / to give "
                       "it from the project's folder)",
    "failing-cell": "index.qmd:10: Python error in cell: KeyError: 'missing' — fix the code in this cell",
    "failing-inline": "index.qmd:5: Python error in inline expression `undefined_name`: "
                      "NameError: name 'undefined_name' is not defined — fix the expression",
    # Word or an editor's smart quotes turned "destitution" into “destitution”: the fix says so.
    "curly-quotes": "index.qmd:5: Python error in inline expression `len(“destitution”)`: SyntaxError: invalid "
                    "character '“' (U+201C) (<string>, line 1) — type straight quotes (\" or ') instead of curly "
                    "ones (“ ” ‘ ’): the editor changed them, so turn off its smart quotes",
    # A curly quote inside a string of code that fails for another reason is the writer's: no quotes fix.
    "curly-string": "index.qmd:5: Python error in inline expression `int(\"“7”\")`: ValueError: invalid literal "
                    "for int() with base 10: '“7”' — fix the expression",
    "missing-ref": "index.qmd:5: '@tbl-nope' refers to a label that does not exist — "
                   "check the spelling, or add '#| label: tbl-nope' to the cell",
    "tabset": "index.qmd:5: the '.panel-tabset' layout is not supported by the embedded engine — "
              "use plain markdown sections instead",
    "unsupported-config": "_quarto.yml:8: the option 'bibliography' is not supported by the embedded engine — "
                          "remove it, or use one of: execute, format, lang, number-sections, profile, project, website",
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_input_gives_the_exact_message(book, case):
    folder = book(f"bad/{case}")
    with pytest.raises(InputError) as info:
        build(folder, quiet=True)
    assert info.value.lines() == [CASES[case]]
    assert "Traceback" not in str(info.value)
    assert not (folder / "_site").exists() and not list(folder.glob("_site.*"))


def test_failing_script_fails_the_build_with_its_stderr(book):
    folder = book("bad/failing-script")
    with pytest.raises(BuildError) as info:
        build(folder, quiet=True)
    assert str(info.value) == ("_quarto.yml: the pre-render script 'fail.py' failed (exit code 1):\n"
                               "pre-render says no\n— fix the script or the files it reads")


def test_a_failed_build_keeps_the_previous_site(basic_site, tmp_path):
    folder = warm_copy(basic_site[0], tmp_path / "basic")  # built once already, as by an earlier build
    before = (folder / "_site/chapters/words.html").read_text()
    page = folder / "chapters/words.qmd"
    page.write_text(page.read_text() + "\n```{python}\n1 / 0\n```\n")
    with pytest.raises(InputError) as info:
        build(folder, quiet=True)
    assert info.value.lines() == [
        "chapters/words.qmd:15: Python error in cell: ZeroDivisionError: division by zero — fix the code in this cell"]
    assert (folder / "_site/chapters/words.html").read_text() == before
    assert not list(folder.glob("_site.*"))


def test_every_failing_document_is_reported_at_once(book):
    folder = book("basic")
    for name in ("chapters/numbers.qmd", "chapters/words.qmd"):
        page = folder / name
        page.write_text(page.read_text().replace("{{< include _shared.md >}}", "{{< include _gone.md >}}")
                        + "\n{{< pagebreak >}}\n")
    with pytest.raises(InputError) as info:
        build(folder, quiet=True)
    assert [line.split(":")[0] for line in info.value.lines()] == [
        "chapters/numbers.qmd", "chapters/numbers.qmd", "chapters/words.qmd"]


def test_pandoc_warnings_fail_the_build_naming_the_page(book):
    folder = book("basic")
    page = folder / "appendix/notes.qmd"
    # (a heading id used twice, pandoc's warning this test once used, is now refused with its own line first)
    page.write_text(page.read_text() + "\n[a][r] and more.\n\n[r]: https://a.org\n[r]: https://b.org\n")
    with pytest.raises(BuildError) as info:
        build(folder, quiet=True)
    message = str(info.value)
    assert message.startswith("appendix/notes.qmd: pandoc reported: [WARNING] Duplicate link reference '[r]'")
    assert message.endswith("— fix the markdown it points at")
