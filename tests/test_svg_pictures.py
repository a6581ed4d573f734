"""An SVG picture of the project carries no script and reaches no other site (luton2040/data/svg_pictures.py):
both renderers publish it as it is, and a reader who opens it runs its script on the report's site."""
from luton2040.data.svg_pictures import problems

DRAWING = ('<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 10 10">\n'
           '<defs><linearGradient id="g"/></defs><rect fill="url(#g)" width="10" height="10"/>\n'
           '<use xlink:href="#g"/><image href="data:image/png;base64,iVBORw0KGgo="/>\n'
           '<text>Someone = one; onload = the words</text><a href="../chapters/poverty.html">Poverty</a>\n</svg>\n')


def test_a_plain_drawing_with_its_own_gradients_links_and_embedded_picture_passes():
    assert problems("figures/x.svg", DRAWING) == []


def test_what_runs_or_reaches_another_site_is_refused_at_its_line():
    text = ('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)">\n<SCRIPT>alert(2)</SCRIPT>\n'
            '<image xlink:href=" https://tracker.example/p.png"/>\n'
            '<style>@import url(//x.example/a.css); .b{background:url( \'https://t.example/b.png\')}</style>\n'
            '<a href="javascript:alert(3)">x</a><foreignObject/><image href="data:image/svg+xml;base64,PHN2Zz4="/>\n'
            '<!DOCTYPE svg [<!ENTITY a "aaa">]>\n</svg>\n')
    assert [(p.line, p.message.removeprefix("the picture holds ")) for p in problems("figures/x.svg", text)] == [
        (1, "an event attribute (onload), which runs script when the picture is opened"),
        (2, "a <script> element, which runs when the picture is opened"),
        (3, "a reference to another site or a script address (https://tracker.example/p.png)"),
        (4, "a picture or font from another site (//x.example/a.css)"),
        (4, "a picture or font from another site (https://t.example/b.png)"),
        (4, "an @import of another style sheet"),
        (5, "a <foreignObject>, which can hold a web page's HTML"),
        (5, "a reference to another site or a script address (javascript:alert(3))"),
        (5, "a reference to another site or a script address (data:image/svg+xml;base64,PHN2Zz4=)"),
        (6, "an entity declared in a <!DOCTYPE> (the XML could ask for gigabytes when read)")]
