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
#: a chart's label (the home page's charts are inline SVG, pictures in print): its own letters only
CHART_LABEL = "Łódź Ζ Ж"
LATIN_AND_ALPHABETS = "Łukasz Wąsik and Ştefan Ţepeş of the Polish and Romanian clubs; Dafydd ŵ ŷ; Καλημέρα; Привет; Tiếng Việt"


def embedded_fonts(pdf: Path) -> list[pikepdf.Dictionary]:
    """Every font the PDF embeds, those of its pictures (form XObjects) included, once each."""
    found, seen = [], set()

    def walk(resources) -> None:
        for font in resources.get("/Font", {}).values():
            if font.objgen not in seen:
                seen.add(font.objgen)
                found.append(font)
        for xobject in resources.get("/XObject", {}).values():
            if "/Resources" in xobject and xobject.objgen not in seen:
                seen.add(xobject.objgen)
                walk(xobject.Resources)

    with pikepdf.open(pdf) as document:
        for page in document.pages:
            walk(page.Resources)
        return [(str(font.BaseFont), font.DescendantFonts[0].FontDescriptor.FontFile2.read_bytes(),
                 font.ToUnicode.read_bytes().decode("latin-1")) for font in found]


def glyphs_drawn(pdf: Path) -> list[tuple[str, str, bool]]:
    """For each character the PDF's text layer gives (its fonts' ToUnicode maps, one glyph to one
    character): the embedded font, the character, and whether that font's own program draws the
    character with that very glyph. WeasyPrint embedding one subset's program for another's glyph
    numbers shows right in pdftotext and wrong on paper."""
    found = []
    for name, program_bytes, to_unicode in embedded_fonts(pdf):
        program = TTFont(io.BytesIO(program_bytes))
        glyph_ids = {code: program.getGlyphID(glyph) for code, glyph in program.getBestCmap().items()}
        for cid, text in re.findall(r"<([0-9A-Fa-f]{4})>\s*<([0-9A-Fa-f]{4})>", to_unicode):
            char = chr(int(text, 16))
            found.append((name, char, glyph_ids.get(ord(char)) == int(cid, 16)))
    return found


def shipped_file(embedded_name: str) -> Path:
    """The shipped file an embedded font ('ABCDEF+Luton-2040-Noto-Sans-Bengali-Bold') comes from."""
    name = embedded_name.split("+", 1)[1]
    weight = 700 if name.endswith("-Bold") else 400
    family = name.removesuffix("-Bold").removesuffix("-Italic")
    (face,) = {face.file for face in fonts.faces() if face.family.replace(" ", "-") == family and face.weight == weight}
    return fonts.FOLDER / face


@pytest.fixture(scope="module")
def greeted(tmp_path_factory) -> Path:
    """The fixture book printed with a partner's greetings in the home page's text."""
    project = Path(shutil.copytree(ROOT / "tests" / "fixtures" / "site", tmp_path_factory.mktemp("greet") / "p"))
    page = project / "_site" / "index.html"
    html = page.read_text(encoding="utf-8")
    chart = ('<svg viewBox="0 0 300 40" width="300" height="40" xmlns="http://www.w3.org/2000/svg">'
             f'<title>Visits by town</title><text x="4" y="24" font-size="14">{CHART_LABEL}</text></svg>')
    page.write_text(html.replace("</main>", f"<p>{GREETINGS}</p><p><strong>{GREETINGS}</strong></p>"
                                            f"<p><em>{GREETINGS}</em></p>{chart}</main>", 1), encoding="utf-8")
    return build_pdf(project, project / "_site")


def test_polish_romanian_welsh_greek_cyrillic_and_vietnamese_letters_print_as_themselves(greeted):
    drawn = [(font, char, right) for font, char, right in glyphs_drawn(greeted) if char in LATIN_AND_ALPHABETS]
    wrong = [(font, char) for font, char, right in drawn if not right]
    assert {char for _, char, _ in drawn} >= set("ŁąŞŢşŵŷΚαλημέρПриветếệ")
    assert wrong == []


def test_a_charts_labels_in_other_alphabets_print_as_themselves_in_the_shipped_faces(greeted):
    drawn = {(name.split("+", 1)[1], char, right) for name, char, right in glyphs_drawn(greeted) if char in "źΖЖ"}
    assert drawn == {("Luton-2040-Source-Sans-3-Latin-Extended", "ź", True), ("Luton-2040-Source-Sans-3-Greek", "Ζ", True),
                     ("Luton-2040-Source-Sans-3-Cyrillic", "Ж", True)}


def test_urdu_bengali_and_punjabi_print_in_the_shipped_noto_faces_not_a_look_alike(greeted):
    """The embedded programs are the shipped files' (their version and creation date), not a font
    of the same name the build machine may have installed."""
    noto = [(name, TTFont(io.BytesIO(program))) for name, program, _ in embedded_fonts(greeted) if "Noto" in name]
    assert {name.split("+", 1)[1] for name, _ in noto} >= {
        "Luton-2040-Noto-Naskh-Arabic", "Luton-2040-Noto-Naskh-Arabic-Bold", "Luton-2040-Noto-Sans-Bengali",
        "Luton-2040-Noto-Sans-Gurmukhi"}
    for name, embedded in noto:
        shipped = TTFont(shipped_file(name))
        assert (embedded["head"].created, embedded["name"].getDebugName(5)) == (
            shipped["head"].created, shipped["name"].getDebugName(5)), name
    text = subprocess.run(["pdftotext", str(greeted), "-"], capture_output=True, text=True).stdout
    assert "ঢাকা" in text and "ਪੰਜਾਬੀ" in text and "Łukasz Wąsik" in text  # (pdftotext breaks up right-to-left words)


def test_a_book_in_latin_script_declares_no_other_face():
    assert fonts.rules_for("Café naïve £5 – “quoted” … 50% ½") == []
    declared = [rule.split("font-family: '")[1].split("'")[0] for rule in fonts.rules_for("ঢাকা and Καλημέρα")]
    assert sorted(set(declared)) == ["Luton 2040 Noto Sans Bengali", "Luton 2040 Source Sans 3 Greek"]


def test_each_family_is_named_for_the_report_so_no_installed_font_can_stand_in():
    assert all(family.startswith("Luton 2040 ") for family in fonts.families())
    subsets = {re.sub(r"-\d00-(normal|italic)\.ttf$", "", face.file) for face in fonts.faces()}
    assert len(fonts.families()) == len(subsets)


def test_the_charts_font_list_has_no_space_after_a_comma_which_weasyprint_would_keep_in_the_name():
    from luton2040.site.text_width import FAMILY
    assert ", " not in FAMILY and ", " not in fonts.svg_stack()
    assert FAMILY.startswith(fonts.svg_stack().removesuffix(",sans-serif") + ",")


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


def test_a_part_whose_only_greek_is_a_charts_label_declares_the_greek_face():
    import base64
    from luton2040.pdf.parts import document
    svg = '<svg xmlns="http://www.w3.org/2000/svg"><text>Αθήνα</text></svg>'
    body = f'<p>Plain English.</p><img alt="A chart" src="data:image/svg+xml;base64,{base64.b64encode(svg.encode()).decode()}">'
    declared = document("<html><head>", body, "")
    assert "font-family: 'Luton 2040 Source Sans 3 Greek'" in declared
    assert "Luton 2040 Source Sans 3 Greek'" not in document("<html><head>", "<p>Plain English.</p>", "")


def test_a_mistyped_row_of_the_font_table_is_refused_with_its_line(tmp_path, monkeypatch):
    table = tmp_path / "faces.csv"
    rows = fonts.TABLE.read_text(encoding="utf-8").splitlines()
    table.write_text("\n".join([rows[0], rows[1].replace(",always", ",Always")]) + "\n", encoding="utf-8")
    monkeypatch.setattr(fonts, "TABLE", table)
    fonts.faces.cache_clear()
    try:
        with pytest.raises(ValueError, match=r"faces.csv:2: printed must be one of \['always', 'when-used'\]"):
            fonts.faces()
    finally:
        monkeypatch.undo()
        fonts.faces.cache_clear()


def test_code_a_partner_or_chapter_writes_prints_in_the_shipped_faces_not_a_machine_font(tmp_path):
    """`code` in a partner's text used to embed the build machine's DejaVu Sans Mono in the PDF."""
    project = Path(shutil.copytree(ROOT / "tests" / "fixtures" / "site", tmp_path / "p"))
    page = project / "_site" / "index.html"
    page.write_text(page.read_text(encoding="utf-8").replace(
        "</main>", "<p>Text <code>LU1 2AA</code> here.</p><pre><code>opening hours 9-5</code></pre></main>", 1),
        encoding="utf-8")
    pdf = build_pdf(project, project / "_site")
    assert "LU1 2AA" in subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    names = sorted({name.split("+", 1)[1] for name, _, _ in embedded_fonts(pdf)})
    assert [name for name in names if not name.startswith("Luton-2040-")] == []
