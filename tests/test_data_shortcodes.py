"""Data words never hold a Quarto shortcode (luton2040/data/data_shortcodes.py): quarto render expands
{{< … >}} in a page's title and in an element's attributes whatever the escaping, and a measure's name is both
on its page (under Quarto 1.10.18 '{{< env HOME >}}' printed the build machine's home folder there)."""
import pytest

from minimal_project import make_project, messages

SHORTCODE = ("data/measures.csv:2: {{ followed by < is read by quarto render as a shortcode ({{< … >}}), even in a "
             "measure's name or a title, where it would run (it can print the build machine's settings) — put a space "
             "between {{ and <, or leave the braces out")


@pytest.mark.parametrize("name", ["Destitution {{< env HOME >}}", "Destitution {{&lt; env HOME >}}",
                                  "Destitution {{\\< env HOME \\>}}", "Destitution \\{\\{\\< meta title \\>\\}\\}"])
def test_a_shortcode_in_a_measures_name_is_refused_at_its_line_however_it_is_written(tmp_path, name):
    root = make_project(tmp_path)
    path = root / "data/measures.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(",Destitution,", f',"{name}",', 1), encoding="utf-8")
    assert messages(root) == [SHORTCODE]


def test_braces_and_angle_brackets_apart_are_words(tmp_path):
    root = make_project(tmp_path)
    path = root / "data/measures.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(",Destitution,", ',"Destitution {{ <5% } >}",', 1),
                    encoding="utf-8")
    assert messages(root) == []
