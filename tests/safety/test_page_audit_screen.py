"""The page audit's quick screen decides as the full audit does.

Most pages are passed by a screen (engine/page_safety._plainly_safe: one regular expression over
the page, html.parser's own start-tag reader for the few tags it cannot pass at sight) instead of
html.parser walking every token; any page it cannot show safe gets the full audit, which alone
writes the messages. These tests hold the screen to that: every obfuscated attack still fails
with the full audit's exact message, a screened page is never one the full audit would refuse
(3,000 generated pages), and the pages the engine really writes are screened (the speed).
"""
from __future__ import annotations

import random

import pytest

from luton2040.engine.page_safety import _full_audit, _plainly_safe, audit

OWN = {"site_libs/own.js", "chapters/site.js"}
# A page as the engine writes it (the chrome of templates/page.html), the case put into its body.
PAGE = """<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src &#39;self&#39; file: data:; object-src &#39;none&#39;">
<title>Net zero – Luton 2040</title>
<link rel="stylesheet" href="site_libs/engine.css">
<script src="site_libs/own.js"></script>
</head>
<body class="priority-net-zero">
<a class="skip-link" href="#quarto-document-content">Skip to main content</a>
<button type="button" class="menu-button" hidden><svg aria-hidden="true" width="20" viewBox="0 0 20 20"><path d="M2 5h16" stroke-width="2.2"/></svg>Menu</button>
<nav id="quarto-sidebar" class="sidebar" aria-label="Chapters"><ol><li class="sidebar-item"><a href="index.html" aria-current="page">Welcome</a></li></ol></nav>
<main id="quarto-document-content" class="content" data-pagefind-body>
<p>Based on the data, see <a href="appendix/methods.html#how">Methods &amp; sources</a>.</p>
<img src="chart.svg" alt="Carbon: 3.2 on 2024; transform &amp; form" width="720" height="604">
{case}
</main>
<!-- Put after the main text of every page -->
<script src="styles/table-cards.js"></script>
</body>
</html>
"""
OWN |= {"styles/table-cards.js"}


def page(case: str) -> str:
    return PAGE.replace("{case}", case)


LINE = PAGE[:PAGE.index("{case}")].count("\n") + 1  # the line the case starts on

# Attacks written the ways a reader can be fooled: each must fail with these words (its line added).
OBFUSCATED = [
    ("<IMG SRC=x ONERROR=alert(1)>", ["an event attribute onerror= on <img>"]),
    ("<img src=x onerror=alert(1)>", ["an event attribute onerror= on <img>"]),
    ('<img src="a.png"onerror="alert(1)">', ["an event attribute onerror= on <img>"]),
    ('<img\nsrc="a.png"\n\tonerror\n=\n"alert(1)">', ["an event attribute onerror= on <img>"]),
    ("<img src=a.png\x0bonerror=alert(1)>", ["an event attribute onerror= on <img>"]),
    ("<svg/onload=alert(1)>", ["an event attribute onload= on <svg>"]),
    ('<p title="x" oNcLiCk="y">hi</p>', ["an event attribute onclick= on <p>"]),
    ("<svg><script>alert(1)</script></svg>", ["a <script> with inline code"]),
    ("<ScRiPt>alert(1)</sCrIpT>", ["a <script> with inline code"]),
    ('<script src="site_libs/own.js">alert(1)</script>', ["a <script> with inline code"]),
    ('<script src="site_libs/own.js" >\nalert(1)</script >', ["a <script> with inline code"]),
    ('<script src="https://evil.example/x.js"></script>',
     ["a <script> from https://evil.example/x.js, which is not a file of the site"]),
    ('<script src="//evil.example/x.js"></script>', ["a <script> from //evil.example/x.js, which is not a file of the site"]),
    ('<script src="../site_libs/own.js"></script>', ["a <script> from ../site_libs/own.js, which is not a file of the site"]),
    ('<script src=site_libs/other.js></script>', ["a <script> from site_libs/other.js, which is not a file of the site"]),
    ('<a href="&#106;avascript:alert(1)">x</a>', ["a javascript: address in <a href>"]),
    ('<a href="&#x6A;avascript&colon;alert(1)">x</a>', ["a javascript: address in <a href>"]),
    ('<a href="&#9;javascript:alert(1)">x</a>', ["a javascript: address in <a href>"]),
    # a browser drops tabs and line breaks inside an address, and control characters before it
    ('<a href="java&#x09;script:alert(1)">x</a>', ["a javascript: address in <a href>"]),
    ('<a href="java\tscript:alert(1)">x</a>', ["a javascript: address in <a href>"]),
    ('<a href="jav\nascript:alert(1)">x</a>', ["a javascript: address in <a href>"]),
    ('<a href="&#1;javascript:alert(1)">x</a>', ["a javascript: address in <a href>"]),
    ('<img src="\x01 file:///etc/passwd">', ["a file: address in <img src>"]),
    ('<a href="  JaVaScRiPt:alert(1)">x</a>', ["a javascript: address in <a href>"]),
    ("<a href='javascript:alert(1)'>x</a>", ["a javascript: address in <a href>"]),
    ("<a href=javascript:alert(1)>x</a>", ["a javascript: address in <a href>"]),
    ("<a HREF = \"vbscript:msgbox(1)\">x</a>", ["a vbscript: address in <a href>"]),
    ('<img src="file:///etc/passwd">', ["a file: address in <img src>"]),
    ('<a href="data:text/html;base64,PHNjcmlwdD4=">x</a>', ["a data: address in <a href>"]),
    ('<a href="DATA : text/html,x">x</a>', ["a data: address in <a href>"]),
    ('<img srcset="javascript:alert(1) 2x">', ["a javascript: address in <img srcset>"]),
    ('<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>', ["a javascript: address in <a xlink:href>"]),
    ('<form action="https://example.org"><button formaction="javascript:x">b</button></form>',
     ["an <form> element", "a javascript: address in <button formaction>"]),
    ('<iframe src="https://example.org"></iframe>', ["an <iframe> element"]),
    ('<IFRAME SRCDOC="x"></IFRAME>', ["an <iframe> element"]),
    ('<object data="x.swf"></object>', ["an <object> element"]),
    ("<embed src=x.swf>", ["an <embed> element"]),
    ('<base href="https://evil.example/">', ["an <base> element"]),
    ("<frameset><frame src=x></frameset>", ["an <frameset> element", "an <frame> element"]),
    # a tag hidden in an attribute value, brought out by a comment that ends inside the value
    ('<!-- <p title="--><img src=x onerror=alert(1)>"> -->', ["an event attribute onerror= on <img>"]),
]


@pytest.mark.parametrize("case, expected", OBFUSCATED, ids=[c for c, _ in OBFUSCATED])
def test_every_obfuscated_attack_still_fails_with_the_full_audits_message(case, expected):
    found = audit(page(case), "index.html", OWN)
    assert found == [f"line {LINE}: {e}" for e in expected]
    assert found == _full_audit(page(case), "index.html", OWN)
    assert not _plainly_safe(page(case), "index.html", OWN)


# Markup that looks like an attack but that html.parser does not read as one (in a comment, in an
# attribute value, in a <style>, cut off at the end of the page): the screen cannot pass these
# at sight, and the full audit must then decide exactly as it always did.
LOOKALIKES = [
    "<!-- <script>alert(1)</script> -->",
    '<p title="<script>alert(1)</script>">x</p>',
    "<style>.x::after { content: '<img src=x onerror=alert(1)>'; }</style>",
    "&lt;script&gt;alert(1)&lt;/script&gt; and &#60;img onerror=x&#62;",
    "<![CDATA[<script>alert(1)</script>]]>",
    '<p class="on">on the one hand, <a href="form.html" class="data">file</a></p>',
    '<a href="https://example.org/?a=1&amp;b=2" title="Tom &amp; Jerry">x</a>',
    '<img src="data:image/png;base64,iVBORw0KGgo=" alt="">',
    '<script src="site_libs/own.js" defer></script>',
    "<img src=x onerror=alert(1)",
]


@pytest.mark.parametrize("case", LOOKALIKES)
def test_what_is_not_an_attack_passes_as_before(case):
    html = page(case) if not case.startswith("<img src=x onerror") else PAGE.replace("{case}\n</main>", "").rstrip() + case
    assert audit(html, "index.html", OWN) == _full_audit(html, "index.html", OWN)


def _random_tag(rng: random.Random) -> str:
    name = rng.choice(["a", "img", "p", "svg", "script", "SCRIPT", "sCrIpt", "iframe", "form", "formula", "base",
                       "baseline", "embed", "frame", "x-y", "on", "button", "object", "style", "td", "a\u212a"])
    parts = [f"<{name}"]
    for _ in range(rng.randint(0, 3)):
        attr = rng.choice(["href", "HREF", "src", "srcset", "xlink:href", "action", "formaction", "data", "data-x",
                           "poster", "onerror", "ONLOAD", "oNcLiCk", "on", "one", "title", "class", "alt", "id",
                           "\u212aey", "hrefx", "o\u0274"])
        value = rng.choice(["javascript:alert(1)", "&#106;avascript:x", "&#x6A;avascript&colon;x", "JaVaScRiPt:x",
                            " file:///x", "\tvbscript:x", "data:text/html,x", "data : text/html", "data:image/png;x",
                            "https://ok.example", "site_libs/own.js", "chapters/site.js", "../own.js", "own.js?v=1",
                            "/own.js", "&amp;", "x>y", "x<y", "", "a\"b", "a'b", "on the one hand", "&#9;javascript:x",
                            "java\u017fcript:x", "\u00a0javascript:x"])
        quote = rng.choice(['"', "'", "", '"', '"'])
        space = rng.choice([" ", " ", "\n", "\t", "/", "", "\x0b", "\u00a0", "\x0c", "  "])
        equals = rng.choice(["=", "=", " = ", "==", ""])
        parts.append(f"{space}{attr}" + (f"{equals}{quote}{value}{quote}" if equals else ""))
    parts.append(rng.choice([">", ">", "/>", " />", "", " >", "\n>"]))
    parts.append(rng.choice(["</script>", "alert(1)</script>", "", "\n", " </script>", "</SCRIPT>", "x</" + name + ">"]))
    tag = "".join(parts)
    return rng.choice(["{}", "{}", "{}", "<!-- {} -->", "<style>{}</style>", "<svg>{}</svg>", '<p title="{}">',
                       "<textarea>{}</textarea>", "{}<![CDATA[x]]>", '<!-- <p title="-->{}">'])\
        .format(tag)


def test_the_screen_never_passes_a_page_the_full_audit_refuses():
    rng = random.Random(2040)
    screened = refused = 0
    for _ in range(3000):
        html = page("\n".join(_random_tag(rng) for _ in range(rng.randint(1, 3))))
        found = _full_audit(html, "index.html", OWN)
        if _plainly_safe(html, "index.html", OWN):
            assert found == [], html
            screened += 1
        refused += bool(found)
        assert audit(html, "index.html", OWN) == found
    # both answers were really put to the test
    assert screened > 300 and refused > 1000, (screened, refused)


def test_the_pages_the_engine_writes_are_screened_without_the_full_audit(built_book):
    site = built_book / "_site"
    files = {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()}
    pages = sorted(p for p in files if p.endswith(".html") and not p.startswith("pagefind/"))
    assert len(pages) >= 3
    for name in pages:
        html = (site / name).read_text(encoding="utf-8")
        assert _plainly_safe(html, name, files), name
        assert _full_audit(html, name, files) == []
