"""The PDF draws every character of the report with the fonts it ships, on any build machine."""
from __future__ import annotations

import io
import re
import shutil
import subprocess
from pathlib import Path
from xml.etree.ElementTree import fromstring, tostring

import pikepdf
import pytest
from fontTools.ttLib import TTFont

from luton2040 import fonts
from luton2040.data import printable
from luton2040.pdf import build_pdf, glyphs

ROOT = Path(__file__).resolve().parents[2]
FONTS = ROOT / "luton2040" / "pdf" / "fonts"


def shipped_characters() -> set[int]:
    """Code points the regular face draws (its Latin and Latin Extended subsets together)."""
    drawn: set[int] = set()
    for font in FONTS.glob("*-400-normal.ttf"):
        drawn |= set(TTFont(font).getBestCmap())
    return drawn


def printed(text: str) -> str:
    """``text`` as the print writes it: subscript digits become <sub> plain digits."""
    root = fromstring(f"<p>{text}</p>")
    glyphs.plain_subscripts(root)
    return "".join(root.itertext())


def test_subscript_digits_print_as_sub_elements_with_plain_digits():
    root = fromstring("<td>595.5 kt CO₂e (2022); 2.6 t CO₂e per person <b>H₂O₁₀</b> end</td>")
    glyphs.plain_subscripts(root)
    assert tostring(root, encoding="unicode") == (
        "<td>595.5 kt CO<sub>2</sub>e (2022); 2.6 t CO<sub>2</sub>e per person "
        "<b>H<sub>2</sub>O<sub>10</sub></b> end</td>")


def test_text_without_subscripts_is_left_alone():
    root = fromstring("<p>Emissions fell by <em>3%</em> a year.</p>")
    before = tostring(root, encoding="unicode")
    glyphs.plain_subscripts(root)
    assert tostring(root, encoding="unicode") == before


def test_every_character_of_the_reports_words_is_in_the_shipped_fonts():
    drawn = shipped_characters()
    sources = [*(ROOT / "data").rglob("*.csv"), *(ROOT / "data").rglob("*.yml"),
               *(ROOT / "chapters").rglob("*.qmd"), *(ROOT / "appendix").glob("*.qmd"),
               *(ROOT / "partners").rglob("*.md"), ROOT / "index.qmd"]
    missing = {}
    for source in sources:
        for character in printed(source.read_text(encoding="utf-8").replace("<", " ").replace("&", " ")):
            if ord(character) >= 32 and ord(character) not in drawn:
                missing.setdefault(character, source.relative_to(ROOT).as_posix())
    assert missing == {}, ("characters the PDF's fonts cannot draw (the build machine's fonts would be used): "
                           + ", ".join(f"U+{ord(c):04X} {c!r} in {where}" for c, where in missing.items()))


# ---- names and greetings in the languages spoken in Luton

GREETINGS = ("Łukasz Wąsik and Ştefan Ţepeş of the Polish and Romanian clubs; Dafydd ŵ ŷ; Καλημέρα; "
             "Привет; Tiếng Việt; خوش آمدید; ঢাকা; ਪੰਜਾਬੀ")
LATIN_AND_ALPHABETS = "Łukasz Wąsik and Ştefan Ţepeş of the Polish and Romanian clubs; Dafydd ŵ ŷ; Καλημέρα; Привет; Tiếng Việt"


def glyphs_drawn(pdf: Path) -> list[tuple[str, str, bool]]:
    """For each character the PDF's text layer gives (its fonts' ToUnicode maps, one glyph to one
    character): the embedded font, the character, and whether that font's own program draws the
    character with that very glyph. WeasyPrint embedding one subset's program for another's glyph
    numbers shows right in pdftotext and wrong on paper."""
    found, seen = [], set()
    with pikepdf.open(pdf) as document:
        for page in document.pages:
            for font in page.Resources.Font.values():
                if font.objgen in seen:
                    continue
                seen.add(font.objgen)
                program = TTFont(io.BytesIO(font.DescendantFonts[0].FontDescriptor.FontFile2.read_bytes()))
                glyph_ids = {code: program.getGlyphID(name) for code, name in program.getBestCmap().items()}
                for cid, text in re.findall(r"<([0-9A-Fa-f]{4})>\s*<([0-9A-Fa-f]{4})>",
                                            font.ToUnicode.read_bytes().decode("latin-1")):
                    char = chr(int(text, 16))
                    found.append((str(font.BaseFont), char, glyph_ids.get(ord(char)) == int(cid, 16)))
    return found


@pytest.fixture(scope="module")
def greeted(tmp_path_factory) -> Path:
    """The fixture book printed with a partner's greetings in the home page's text."""
    project = Path(shutil.copytree(ROOT / "tests" / "fixtures" / "site", tmp_path_factory.mktemp("greet") / "p"))
    page = project / "_site" / "index.html"
    html = page.read_text(encoding="utf-8")
    page.write_text(html.replace("</main>", f"<p>{GREETINGS}</p><p><strong>{GREETINGS}</strong></p>"
                                            f"<p><em>{GREETINGS}</em></p></main>", 1), encoding="utf-8")
    return build_pdf(project, project / "_site")


def test_polish_romanian_welsh_greek_cyrillic_and_vietnamese_letters_print_as_themselves(greeted):
    drawn = [(font, char, right) for font, char, right in glyphs_drawn(greeted) if char in LATIN_AND_ALPHABETS]
    wrong = [(font, char) for font, char, right in drawn if not right]
    assert {char for _, char, _ in drawn} >= set("ŁąŞŢşŵŷΚαλημέρПриветếệ")
    assert wrong == []


def test_urdu_bengali_and_punjabi_print_in_the_shipped_noto_faces(greeted):
    with pikepdf.open(greeted) as document:
        names = {str(f.BaseFont).split("+", 1)[1] for page in document.pages for f in page.Resources.Font.values()}
    assert {"Noto-Naskh-Arabic", "Noto-Naskh-Arabic-Bold", "Noto-Sans-Bengali", "Noto-Sans-Gurmukhi"} <= names
    text = subprocess.run(["pdftotext", str(greeted), "-"], capture_output=True, text=True).stdout
    assert "ঢাকা" in text and "ਪੰਜਾਬੀ" in text and "Łukasz Wąsik" in text


def test_a_book_in_latin_script_declares_no_other_face():
    assert fonts.rules_for("Café naïve £5 – “quoted” … 50% ½") == []
    declared = [rule.split("font-family: '")[1].split("'")[0] for rule in fonts.rules_for("ঢাকা and Καλημέρα")]
    assert sorted(set(declared)) == ["Noto Sans Bengali", "Source Sans 3 Greek"]


def test_every_family_of_the_table_is_in_the_print_font_list_in_order():
    families = [face.family for face in fonts.faces()]
    listed = [name.strip().strip('"') for name in fonts.stack().split(",")]
    assert listed == [*dict.fromkeys(families), "sans-serif"]
    assert all((fonts.FOLDER / face.file).is_file() for face in fonts.faces())


def test_the_check_accepts_the_scripts_the_fonts_draw_and_still_refuses_emoji_and_arrows():
    assert printable.unprintable(GREETINGS) is None
    assert printable.unprintable("We planted trees 🎉") == "🎉"
    assert printable.unprintable("From 5 → 10") == "→"
    assert printable.unprintable("日本語") == "日"


def test_every_letter_of_the_report_is_drawn_in_a_shipped_font_charts_included(built_project):
    """The home page's and the progress appendix's charts are inline SVG on the site; in print they
    are pictures, which inherit no font: their text is set in the print's own font list, not the
    build machine's default sans-serif (DejaVu Sans here, something else elsewhere)."""
    (pdf,) = (built_project / "_site").glob("*.pdf")
    shipped = {family.replace(" ", "-") for family in dict.fromkeys(face.family for face in fonts.faces())}
    with pikepdf.open(pdf) as document:
        used = {str(font.BaseFont).split("+", 1)[1].rstrip(",") for page in document.pages
                for font in page.Resources.Font.values()}
    assert used and {name for name in used if not any(name.startswith(f) for f in shipped)} == set()
