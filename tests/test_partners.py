"""Partner contributions: front matter, the safety policy, sanitising and the chapter markdown."""
import re
import shutil
from pathlib import Path

import pytest

from luton2040.data.partners import Partner, read_partners
from luton2040.site.partner_section import contribution_markdown
from luton2040.build import check_project

from minimal_project import FIXTURES, make_project, messages


CASES = [
    ('partner-bad-edition-and-http-website.md', [
        "partners/poverty/example-food-project.md:4: edition is missing or not a year — add a line 'edition: 2025' (the year of the report it is for)",
        "partners/poverty/example-food-project.md:5: website 'http://example.org' is not an https:// address — use the https:// address",
    ]),
    ('partner-broken-yaml.md', [
        "partners/poverty/example-food-project.md:2: front matter is not valid YAML (mapping values are not allowed here) — write one 'key: value' per line; put quotes around a value containing a colon",
    ]),
    ('partner-data-link.md', [
        "partners/poverty/example-food-project.md:7: link to 'data:text/html;base64,PHNjcmlwdD4=' is not allowed — links must be full web addresses (https://…), mailto: addresses or tel: phone numbers",
    ]),
    ('partner-empty-body.md', [
        'partners/poverty/example-food-project.md:6: has no text after the front matter — write the contribution below the closing ---',
    ]),
    ('partner-fenced-div.md', [
        'partners/poverty/example-food-project.md:9: fenced divs (:::) are not allowed — remove the ::: line; the chapter adds its own',
        'partners/poverty/example-food-project.md:11: raw HTML is not allowed (<b>) — write **bold** instead',
    ]),
    ('partner-heading-level-2.md', [
        'partners/poverty/example-food-project.md:7: level 2 headings are not allowed (the chapter owns them) — start the heading with ### (or leave it out)',
    ]),
    ('partner-heading-setext.md', [
        'partners/poverty/example-food-project.md:7: level 1 headings are not allowed (the chapter owns them) — start the heading with ### (or leave it out)',
    ]),
    ('partner-iframe.md', [
        'partners/poverty/example-food-project.md:9: raw HTML is not allowed (<iframe src="https://example.org/film">) — write it in plain markdown: **bold**, *italic*, [text](https://…), ![alt](figures/…)',
    ]),
    ('partner-image-missing.md', [
        "partners/poverty/example-food-project.md:7: image 'figures/partners/van.png' does not exist — add the file figures/partners/van.png or correct the path",
    ]),
    ('partner-image-outside-figures.md', [
        "partners/poverty/example-food-project.md:7: image 'https://tracker.example.com/pixel.png' is not under figures/ — put the image in the project's figures/ folder and write its path as figures/…",
    ]),
    ('partner-image-without-alt.md', [
        "partners/poverty/example-food-project.md:7: image 'figures/partners/tree.png' " + "has no alt text, which the PDF needs (a screen reader reads it out) — describe the picture between the brackets: ![what it shows](…)",
    ]),
    ('partner-inline-img-tag.md', [
        'partners/poverty/example-food-project.md:7: raw HTML is not allowed (<img src="x.png" onerror="alert(1)">) — write ![what it shows](figures/…) instead',
    ]),
    ('partner-javascript-link.md', [
        "partners/poverty/example-food-project.md:8: link to 'javascript:alert(1)' is not allowed — links must be full web addresses (https://…), mailto: addresses or tel: phone numbers",
    ]),
    ('partner-misspelt-key.md', [
        "partners/poverty/example-food-project.md:2: unknown key 'organization' — rename it to organisation",
    ]),
    ('partner-logo-key.md', [
        "partners/poverty/example-food-project.md:5: unknown key 'logo' — remove it, and show the picture in the text below the front matter, on a line of its own: ![what the picture shows](figures/partners/example-food-project.png) (keys: organisation, priority, edition, website, order)",
    ]),
    ('partner-no-front-matter.md', [
        'partners/poverty/example-food-project.md:1: has no front matter — start the file with a line ---, then organisation:, priority: and edition: lines, then another ---',
    ]),
    ('partner-not-utf8.md', [
        'partners/poverty/example-food-project.md:7: is not UTF-8 text — save the file with UTF-8 encoding',
    ]),
    ('partner-priority-not-folder.md', [
        "partners/poverty/example-food-project.md:3: priority 'net-zero' does not match the folder partners/poverty/ — move the file to partners/net-zero/ or set priority: poverty",
    ]),
    ('partner-raw-block.md', [
        'partners/poverty/example-food-project.md:9: raw output blocks ({=html}) are not allowed — write it in plain markdown',
    ]),
    ('partner-reference-link-file.md', [
        "partners/poverty/example-food-project.md:9: link to 'file:///etc/passwd' is not allowed — links must be full web addresses (https://…), mailto: addresses or tel: phone numbers",
    ]),
    ('partner-relative-link.md', [
        "partners/poverty/example-food-project.md:7: link to 'about-us.html' is not allowed — links must be full web addresses (https://…), mailto: addresses or tel: phone numbers; to link a page of this report, write its address on the published site in full (https://…/chapters/net-zero.html)",
    ]),
    ('partner-script-tag.md', [
        'partners/poverty/example-food-project.md:9: raw HTML is not allowed (<script>alert("hi")</script>) — write it in plain markdown: **bold**, *italic*, [text](https://…), ![alt](figures/…)',
    ]),
    ('partner-unclosed-comment.md', [
        'partners/poverty/example-food-project.md:9: an HTML comment here is never closed — end it with --> (or delete it)',
    ]),
    ('partner-unknown-priority.md', [
        "partners/poverty/example-food-project.md:3: unknown priority 'povrty' — use one of: poverty, net-zero (closest: poverty)",
    ]),
]


@pytest.mark.parametrize("fixture, expected", CASES, ids=[c[0] for c in CASES])
def test_bad_partner_file_reports_exactly(tmp_path, fixture, expected):
    assert messages(make_project(tmp_path, fixture)) == expected


def test_every_bad_partner_fixture_is_tested():
    tested = {c[0] for c in CASES}
    assert {p.name for p in (FIXTURES / "bad").glob("partner-*")} == tested


def test_clean_partners_sorted_by_priority_order_then_organisation(tmp_path):
    root = make_project(tmp_path)
    (root / "partners/poverty/a-first-charity.md").write_text(
        "---\norganisation: A First Charity\npriority: poverty\nedition: 2025\n---\n\nWe help.\n", encoding="utf-8")
    partners, problems = read_partners(root)
    assert problems == []
    # poverty comes before net-zero (priorities.csv order); order 1 before the unnumbered file.
    assert [(p.priority, p.organisation, p.order) for p in partners] == [
        ("poverty", "Example Food Project", 1), ("poverty", "A First Charity", 999), ("net-zero", "Green Streets", 999)]
    assert partners[0].website == "https://example.org/food"
    assert partners[0].path == "partners/poverty/example-food-project.md"


def test_edition_filter(tmp_path):
    root = make_project(tmp_path)
    assert len(read_partners(root, edition=2025)[0]) == 2
    assert read_partners(root, edition=2026)[0] == []


def test_body_is_sanitised_comments_removed_and_headings_moved_down(tmp_path):
    partners, _ = read_partners(make_project(tmp_path))
    body = partners[0].body
    assert "Editor's note" not in body and "<!--" not in body
    assert "#### What we did this year" in body
    assert body.startswith("We hand out food parcels")


def test_file_with_errors_is_left_out(tmp_path):
    root = make_project(tmp_path, "partner-script-tag.md")
    partners, problems = read_partners(root)
    assert [p.organisation for p in partners] == ["Green Streets"]
    assert len(problems) == 1


def test_duplicate_organisation_in_one_edition_and_priority(tmp_path):
    root = make_project(tmp_path)
    shutil.copy(root / "partners/poverty/example-food-project.md", root / "partners/poverty/example-food-project-2.md")
    assert messages(root) == [
        "partners/poverty/example-food-project.md:2: Example Food Project already has a 2025 contribution for "
        "poverty in partners/poverty/example-food-project-2.md — merge the two texts into one file",
    ]


def test_oversized_image(tmp_path):
    root = make_project(tmp_path)
    (root / "figures/partners/tree.png").write_bytes(b"\x89PNG" + b"\0" * (2 * 1024 * 1024 + 10))
    assert messages(root) == [
        "partners/net-zero/green-streets.md:9: image 'figures/partners/tree.png' is 2.0 MB, more than the 2 MB "
        "allowed — make it smaller (about 1600 pixels wide is plenty)",
    ]


def _picture_named(root, written: str, file: str, contents: bytes | None = None) -> None:
    """green-streets.md shows the picture as ``written``; the file on disk is figures/partners/<file>."""
    tree = root / "figures/partners/tree.png"
    picture = tree.read_bytes()
    tree.unlink()
    (root / "figures/partners" / file).write_bytes(contents if contents is not None else picture)
    path = root / "partners/net-zero/green-streets.md"
    path.write_text(path.read_text(encoding="utf-8").replace("figures/partners/tree.png", written), encoding="utf-8")


@pytest.mark.parametrize("written, file, expected", [
    ("figures/partners/our tree.png", "our tree.png",
     "image 'figures/partners/our tree.png' has spaces or other special characters in its file name — rename the "
     "file to our-tree.png and write figures/partners/our-tree.png"),
    ("figures/partners/tree.png", "Tree.PNG",
     "image 'figures/partners/tree.png' does not exist: the file is called Tree.PNG — write "
     "figures/partners/Tree.PNG, capitals exactly as in the file name"),
    ("figures/partners/tree.jpg", "tree.jpeg",
     "image 'figures/partners/tree.jpg' does not exist — correct the path to figures/partners/tree.jpeg, or add "
     "the file figures/partners/tree.jpg"),
    # the sixteenth session's trial: "add the file figures/partners/volunteers%20planting.jpg" (pandoc's %20)
    ("figures/partners/volunteers planting.jpg", "logo.png",
     "image 'figures/partners/volunteers planting.jpg' does not exist — correct the path, or save the picture as "
     "figures/partners/volunteers-planting.jpg, a name without spaces, and write that path"),
], ids=["spaces-in-the-file-name", "other-capitals", "near-name", "spaces-and-no-such-file"])
def test_a_missing_image_names_the_file_that_is_there(tmp_path, written, file, expected):
    """The picture was copied in, but under a name the text does not spell exactly."""
    root = make_project(tmp_path)
    _picture_named(root, written, file)
    assert messages(root) == [f"partners/net-zero/green-streets.md:9: {expected}"]


@pytest.mark.parametrize("written, link", [("figures/partners/sent/tree.png", "figures/partners/sent"),
                                            ("figures/partners/sent.png", "figures/partners/sent.png")],
                         ids=["a-folder-that-is-a-link", "a-picture-that-is-a-link"])
def test_a_picture_reached_through_a_link_is_refused_so_no_file_of_the_build_machine_is_published(tmp_path,
                                                                                                   written, link):
    """A link in figures/ (a folder of pictures unpacked with its links, say) would have the build
    publish whatever it points at on the build machine, outside the project too."""
    root = make_project(tmp_path)
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "tree.png").write_bytes((root / "figures/partners/tree.png").read_bytes())
    (root / link).symlink_to(outside if link.endswith("sent") else outside / "tree.png")
    path = root / "partners/net-zero/green-streets.md"
    path.write_text(path.read_text(encoding="utf-8").replace("figures/partners/tree.png", written), encoding="utf-8")
    kind = "folder" if link.endswith("sent") else "file"
    assert messages(root) == [
        f"{link}: is a link to a {kind} outside the project ({outside.resolve()}{'' if kind == 'folder' else '/tree.png'}): "
        f"a page that shows or links it would publish that {kind} of the build machine — copy the {kind} itself into "
        "the project in place of the link",
        f"partners/net-zero/green-streets.md:9: image '{written}' is reached through a link to another place "
        f"({link} is a link), so it is not published — copy the picture itself into figures/partners/ and write "
        "its path"]


def test_an_image_with_a_space_and_no_alt_text_is_named_as_typed_at_its_own_line(tmp_path):
    """Pandoc writes a space in an image's path as %20: the messages still name the path as the
    partner typed it, at the line it is on (not at the paragraph before it)."""
    root = make_project(tmp_path)
    (root / "figures/partners/tree.png").rename(root / "figures/partners/Our Team.PNG")
    path = root / "partners/net-zero/green-streets.md"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "![Volunteers planting a tree](figures/partners/tree.png)",
        "More words.\n\nAnd more.\n\nAnd the last.\n\n\n![](figures/partners/Our Team.PNG)"), encoding="utf-8")
    assert path.read_text(encoding="utf-8").splitlines()[15] == "![](figures/partners/Our Team.PNG)"
    assert messages(root) == [
        "partners/net-zero/green-streets.md:16: image 'figures/partners/Our Team.PNG' has no alt text, which the "
        "PDF needs (a screen reader reads it out) — describe the picture between the brackets: ![what it shows](…)",
        "partners/net-zero/green-streets.md:16: image 'figures/partners/Our Team.PNG' has spaces or other special "
        "characters in its file name — rename the file to Our-Team.PNG and write figures/partners/Our-Team.PNG",
    ]


@pytest.mark.parametrize("contents, holds", [
    (b"%PDF-1.7 a poster saved as tree.png", "something else"),
    (b"\0\0\0\x18ftypheic\0\0\0\0mif1heic", "an iPhone HEIC photo"),
], ids=["renamed-document", "heic-photo"])
def test_a_file_that_is_not_really_a_picture_is_refused_at_its_line(tmp_path, contents, holds):
    """The PDF printer used to fail on it with only 'Failed to load image at data:…', no file or line."""
    root = make_project(tmp_path)
    _picture_named(root, "figures/partners/tree.png", "tree.png", contents)
    assert messages(root) == [
        f"partners/net-zero/green-streets.md:9: image 'figures/partners/tree.png' is not really a png, jpg, gif or "
        f"webp picture: the file holds {holds} — open it in an image editor and export it as .jpg or .png",
    ]


def test_partner_edition_needs_an_edition_file(tmp_path):
    root = make_project(tmp_path)
    path = root / "partners/net-zero/green-streets.md"
    path.write_text(path.read_text(encoding="utf-8").replace("edition: 2025", "edition: 2024"), encoding="utf-8")
    assert messages(root) == [
        "partners/net-zero/green-streets.md:4: edition 2024 has no file data/editions/2024.yml — use one of: 2025",
    ]


def test_unsafe_website_is_refused(tmp_path):
    root = make_project(tmp_path)
    path = root / "partners/net-zero/green-streets.md"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "edition: 2025", "edition: 2025\nwebsite: https://x.org/><script>alert(1)</script>"), encoding="utf-8")
    assert messages(root) == [
        "partners/net-zero/green-streets.md:5: website 'https://x.org/><script>alert(1)</script>' is not an https:// "
        "address — write the full address starting with https://, or remove the line",
    ]


def test_contribution_markdown(tmp_path):
    partner = Partner(organisation="Smith & <Sons> *Ltd*", priority="poverty", edition=2025,
                      website="https://example.org", order=1, path="partners/poverty/smith.md",
                      body="We help.\n\n![Van](figures/partners/van.png)\n")
    assert contribution_markdown([partner]) == (
        "::: {.partner-contribution}\n"
        "### Smith & \\<Sons\\> \\*Ltd\\* {#smith-sons-ltd}\n"
        "\n"
        "We help.\n\n![Van](../partner-photos/partners/van.png){fig-alt=\"\"}\n"  # (its web-sized copy)
        "\n"
        "Website: <https://example.org>\n"
        "\n"
        ":::\n")


def test_contribution_markdown_when_empty():
    assert contribution_markdown([]) == "*No partner contributions have been published for this priority yet.*\n"


def test_reading_one_priority_reads_only_its_folder(tmp_path):
    import shutil
    from luton2040.data.partners import read_partners
    root = Path(__file__).resolve().parent.parent
    shutil.copytree(root / "partners", tmp_path / "partners")
    shutil.copytree(root / "data", tmp_path / "data")
    (tmp_path / "partners" / "poverty" / "broken.md").write_text("no front matter\n", encoding="utf-8")
    partners, problems = read_partners(tmp_path, 2025, "net-zero")
    assert problems == []
    assert {p.priority for p in partners} == {"net-zero"}
    assert len(partners) == len(list((root / "partners" / "net-zero").glob("*.md")))
    _, problems = read_partners(tmp_path, 2025)
    assert [p.file for p in problems] == ["partners/poverty/broken.md"]


@pytest.mark.parametrize("text", [
    "[our site](https://example.org){onmouseover=alert(1)}",
    "![a chart](figures/x.png){onload=alert(1)}",
    "<https://example.org>{onclick=alert(1)}",
    "```{onclick=alert(1)}\ncode\n```",
])
def test_pandoc_attributes_never_reach_the_page(tmp_path, text):
    from luton2040.data.partner_markdown import sanitise
    _, problems = sanitise("partners/poverty/x.md", text.split("\n"), 5, tmp_path)
    assert problems and all(p.line == 6 for p in problems if p.severity == "error"), problems


@pytest.mark.parametrize("text", ["We raised £1,000 {with help from friends}.", "```\n[a](b){c}\n```",
                                  "Braces { like this } in prose are fine."])
def test_braces_in_ordinary_text_and_code_are_allowed(tmp_path, text):
    from luton2040.data.partner_markdown import sanitise
    _, problems = sanitise("partners/poverty/x.md", text.split("\n"), 5, tmp_path)
    assert problems == []


def test_a_partner_saved_as_a_text_file_is_named_not_silently_skipped(tmp_path):
    root = make_project(tmp_path)
    (root / "partners" / "poverty" / "new-partner.txt").write_text("We did things.\n", encoding="utf-8")
    assert "warning: partners/poverty/new-partner.txt: is not a markdown (.md) file, so it is not published" \
        " — save the contribution as a .md file (plain text, UTF-8), or remove this file" in messages(root)


def test_a_misnamed_folder_is_not_offered_as_the_fix(tmp_path):
    root = make_project(tmp_path)
    source = root / "partners" / "poverty" / "example-food-project.md"
    (root / "partners" / "povrty").mkdir()
    source.rename(root / "partners" / "povrty" / "example-food-project.md")
    found = [m for m in messages(root) if "does not match the folder" in m]
    assert found and all("set priority: povrty" not in m and "folder name is wrong" in m for m in found)


def test_a_metadata_block_is_found_after_a_rule(tmp_path):
    from luton2040.data.partner_markdown import sanitise
    text = "Text\n\n---\n\nMore\n\n---\ntitle: x\n...\n\nEnd"
    _, problems = sanitise("partners/poverty/x.md", text.split("\n"), 6, tmp_path)
    assert [str(p) for p in problems] == [
        "partners/poverty/x.md:13: a block between a --- line and a --- or ... line is read as page settings, "
        "not text — remove the block; to draw a line across the page, leave a blank line after ---"]


def test_the_clean_body_reads_back_as_the_text_that_was_checked(tmp_path):
    from luton2040.data.partner_markdown import _pandoc_read, sanitise
    text = ("Hello <scr<!-- x -->ipt>alert(1)</scr<!-- x -->ipt>, \\@luton2040 and \\{python\\}.\n\n"
            "### Our year\n\n- one *two* [three](https://example.org)\n\n1. first\n\n> quote")
    body, problems = sanitise("partners/poverty/x.md", text.split("\n"), 6, tmp_path)
    assert problems == []
    # read again (without the heading's id, which a partner may not write but the clean body carries)
    again, again_problems = sanitise("partners/poverty/x.md", body.replace(" {#x-our-year}", "").split("\n"), 6, tmp_path)
    assert again_problems == []
    tree = _pandoc_read(body)[0]["blocks"]
    assert "RawInline" not in str(tree) and "RawBlock" not in str(tree)
    words = " ".join(i["c"] for i in tree[0]["c"] if i["t"] == "Str")
    assert words == "Hello <script>alert(1)</script>, @luton2040 and {python}."  # the comments gone, all text
    assert tree[1]["t"] == "Header" and tree[1]["c"][0] == 4  # moved down one level
    assert tree[1]["c"][1] == ["x-our-year", [], []]  # with an id of its own, from the file's name
    assert "\\@luton2040" in body  # stays text for Quarto, which reads citations
    _, refused = sanitise("partners/poverty/x.md", ["Follow @luton2040."], 6, tmp_path)
    assert [p.message for p in refused] == ["an @name is read as a citation, which is not supported"]


@pytest.mark.parametrize("bullet", ["•", "●", "\uf0b7"], ids=["bullet", "black-circle", "word-symbol-font"])
def test_a_list_pasted_with_its_bullets_is_refused_at_its_first_item(tmp_path, bullet):
    """Pasted from Word, '• First' lines are one paragraph to markdown: the site used to print
    "• Training • Advice" on one line."""
    root = make_project(tmp_path)
    path = root / "partners/net-zero/green-streets.md"
    path.write_text(path.read_text(encoding="utf-8") + f"\nWe offer:\n\n{bullet}\tTraining\n{bullet} Advice\n",
                    encoding="utf-8")
    assert messages(root) == [
        "partners/net-zero/green-streets.md:13: a line starting with a bullet (•) is not a list item in markdown: "
        "the lines would run together into one paragraph — start each item on its own line with - and a space "
        "(a hyphen, not a bullet)",
    ]


@pytest.mark.parametrize("text", ["Our score went from 3 • 4 to 5.", "```\n• code\n```"])
def test_a_bullet_inside_a_line_or_a_list_or_code_is_text(tmp_path, text):
    root = make_project(tmp_path)
    path = root / "partners/net-zero/green-streets.md"
    path.write_text(path.read_text(encoding="utf-8") + f"\n{text}\n", encoding="utf-8")
    assert messages(root) == []


@pytest.mark.parametrize("first", ["—", "–", "--"], ids=["em-dash", "en-dash", "two-hyphens"])
def test_front_matter_opened_with_a_long_dash_says_so(tmp_path, first):
    """Word's autocorrect turns --- into —: the file used to be 'has no front matter', which it has."""
    root = make_project(tmp_path)
    path = root / "partners/net-zero/green-streets.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("---\n", first + "\n"), encoding="utf-8")
    assert messages(root) == [
        f"partners/net-zero/green-streets.md:1: the first line is '{first}', not three hyphens: a word processor "
        "turns --- into a long dash — type --- (three hyphens) on this line and on the line that closes the front "
        "matter, in a plain-text editor",
    ]


def test_the_templates_placeholder_name_is_refused(tmp_path):
    """A file copied from the template in partners/README.md and sent without its name filled in."""
    root = make_project(tmp_path)
    path = root / "partners/net-zero/green-streets.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("organisation: Green Streets", "organisation: Name of the organisation"),
                    encoding="utf-8")
    assert messages(root) == [
        "partners/net-zero/green-streets.md:2: organisation 'Name of the organisation' is the template's "
        "placeholder — write the organisation's own name, as it should be printed",
    ]
    template = (Path(__file__).resolve().parents[1] / "partners/README.md").read_text(encoding="utf-8")
    assert "organisation: Name of the organisation" in template


def test_next_years_copy_that_keeps_last_years_edition_names_the_year_to_set(tmp_path):
    """partners/README.md says to copy last year's file to <organisation>-<year>.md; a copy whose
    edition was not changed used to be 'already has a 2025 contribution … merge the two texts'."""
    root = make_project(tmp_path)
    shutil.copy(root / "partners/net-zero/green-streets.md", root / "partners/net-zero/green-streets-2026.md")
    assert messages(root) == [
        "partners/net-zero/green-streets-2026.md:4: edition is 2025 but the file name says 2026 — set edition: 2026 "
        "(a copy of last year's file keeps last year's edition), or correct the year in the file name",
    ]


def test_an_organisation_whose_name_ends_in_a_year_is_not_read_as_a_copy(tmp_path):
    """luton-2040.md (the partnership's own words) is not 'next year's copy' of a 2025 file."""
    root = make_project(tmp_path)
    path = root / "partners/net-zero/green-streets.md"
    path.rename(path.with_name("luton-2040.md"))
    assert messages(root) == []


@pytest.mark.parametrize("line, expected", [
    ("organisation:\u00a0Green Streets", "partners/net-zero/green-streets.md:2: the front matter has a no-break space "
     "(U+00A0) after 'organisation:', pasted from a document — retype it as an ordinary space"),
    ("organisation: Green Streets\u200b", "partners/net-zero/green-streets.md:2: the front matter has a zero width "
     "space (U+200B) after 'organisation: Green Streets', pasted from a document — delete it"),
], ids=["no-break-space-after-the-colon", "zero-width-space-after-the-name"])
def test_a_character_pasted_into_the_front_matter_is_named_at_its_line(tmp_path, line, expected):
    """A no-break space after a colon used to be 'front matter is not valid YAML (mapping values are
    not allowed here) … put quotes around a value containing a colon', on the next line."""
    root = make_project(tmp_path)
    path = root / "partners/net-zero/green-streets.md"
    path.write_text(path.read_text(encoding="utf-8").replace("organisation: Green Streets", line), encoding="utf-8")
    assert messages(root) == [expected]


@pytest.mark.parametrize("start", [b"PK\x03\x04\x14\x00\x06\x00", b"{\\rtf1\\ansi "], ids=["docx", "rtf"])
def test_a_word_document_renamed_md_is_named_as_one(tmp_path, start):
    """It used to be 'is not UTF-8 text' (or, for RTF, 'has no front matter')."""
    root = make_project(tmp_path)
    (root / "partners/net-zero/green-streets.md").write_bytes(start + b"word/document.xml" + b"\x00\x9c" * 40)
    assert messages(root) == [
        "partners/net-zero/green-streets.md: is a Word document (or another word processor's file) renamed .md, not "
        "plain text — copy the text into a plain-text editor (Notepad, TextEdit in plain-text mode) and save it as "
        "UTF-8 with the .md name",
    ]


def test_a_character_the_pdf_cannot_print_is_refused_at_its_line(tmp_path):
    """An emoji or an arrow pasted into a partner text: the PDF step failed on it with only
    'chapters/poverty.html: warning: .notdef glyph rendered …' and no file to fix."""
    root = make_project(tmp_path)
    path = root / "partners/net-zero/green-streets.md"
    path.write_text(path.read_text(encoding="utf-8") + "\nWe planted 120 trees 🎉\n\nFrom 5 → 10 streets. "
                    "Café, £5, 50%, “quotes” and – dashes print.\n", encoding="utf-8")
    fix = "remove it, or say it in words (→ as 'to', ≥ as 'at least')"
    assert messages(root) == [
        f"partners/net-zero/green-streets.md:11: the character 🎉 (party popper, U+1F389) cannot be printed: the "
        f"report's font has no such character — {fix}",
        f"partners/net-zero/green-streets.md:13: the character → (rightwards arrow, U+2192) cannot be printed: the "
        f"report's font has no such character — {fix}",
    ]


@pytest.mark.parametrize("char, name", [("\u202e", "U+202E (right-to-left override)"),
                                        ("\u202d", "U+202D (left-to-right override)")])
def test_an_invisible_character_that_prints_the_words_backwards_is_refused_at_its_line(tmp_path, char, name):
    """An override makes the words after it read differently on the site and in the PDF from what the
    file holds ("\u202emoc.elpmaxe" reads "example.com"); Arabic-script text needs none. (In the front
    matter it is refused as a character pasted from a document.) A page's words and the data files
    are held to the same rule (printable.py)."""
    root = make_project(tmp_path)
    path = root / "partners/net-zero/green-streets.md"
    path.write_text(path.read_text(encoding="utf-8") + f"\nVisit {char}moc.elpmaxe today.\n", encoding="utf-8")
    assert messages(root) == [
        f"partners/net-zero/green-streets.md:11: the invisible character {name} prints the words after it "
        "backwards, so they read differently from what was typed — delete it (retype the words after it in a "
        "plain-text editor)"]


def test_arabic_script_text_with_its_direction_marks_is_accepted(tmp_path):
    root = make_project(tmp_path)
    path = root / "partners/net-zero/green-streets.md"
    path.write_text(path.read_text(encoding="utf-8") + "\nWe say \u200fشكرا\u200f to our volunteers.\n", encoding="utf-8")
    assert messages(root) == []


def test_letters_typed_as_a_letter_and_a_combining_accent_are_read_composed(tmp_path):
    """'Tie\\u0302\\u0301t' and 'Cafe\\u0301' as a copy from a PDF may give them: read as 'Tiết' and 'Café',
    which the PDF's fonts draw whole (a lone U+0302 is in no shipped face; U+0301 would come from
    another face than its letter)."""
    root = make_project(tmp_path)
    path = root / "partners/net-zero/green-streets.md"
    path.write_text(path.read_text(encoding="utf-8") + "\nThe Tie\u0302\u0301t Cafe\u0301 opened.\n", encoding="utf-8")
    partners, problems = read_partners(root)
    assert problems == []
    (body,) = [p.body for p in partners if p.path == "partners/net-zero/green-streets.md"]
    assert "The Tiết Café opened." in body and "\u0301" not in body


@pytest.mark.parametrize("box", ["[ ]", "[x]", "[X]"])
@pytest.mark.parametrize("mark", ["-", "2."])
def test_a_checkbox_list_item_is_refused_at_its_line(tmp_path, box, mark):
    """'- [ ] to do' (or '2. [x] done') is a checkbox to pandoc: the site's sanitiser drops the checkbox
    and the PDF's fonts have no box to draw, so 'done' and 'to do' items printed alike."""
    root = make_project(tmp_path)
    path = root / "partners/net-zero/green-streets.md"
    first = "-" if mark == "-" else "1."
    path.write_text(path.read_text(encoding="utf-8") + f"\nOur plan:\n\n{first} Plant trees\n{mark} {box} Water them\n",
                    encoding="utf-8")
    assert messages(root) == [
        "partners/net-zero/green-streets.md:14: a list item starting with [ ] or [x] is read as a checkbox, which is "
        "not supported — write the list without the brackets, saying in words what is done",
    ]


def test_brackets_inside_a_list_item_are_text(tmp_path):
    root = make_project(tmp_path)
    path = root / "partners/net-zero/green-streets.md"
    path.write_text(path.read_text(encoding="utf-8") + "\n- Trees [planted in March]\n- [ ]\n", encoding="utf-8")
    assert messages(root) == []


def test_a_phone_link_is_kept_on_the_page(tmp_path):
    """'Call us' links are what a partner's contact line has; tel: runs nothing."""
    root = make_project(tmp_path)
    path = root / "partners/net-zero/green-streets.md"
    path.write_text(path.read_text(encoding="utf-8")
                    + "\nCall [01582 000000](tel:01582000000) or [+44 1582 000 000](tel:+44 1582 000 000).\n",
                    encoding="utf-8")
    partners, problems = read_partners(root)
    assert problems == []
    streets = next(p for p in partners if p.organisation == "Green Streets")
    assert "[01582 000000](tel:01582000000)" in streets.body
    assert "[+44 1582 000 000](tel:+44%201582%20000%20000)" in streets.body


@pytest.mark.parametrize("address", ["tel:javascript:alert(1)", "tel:", "tel:call-us"])
def test_a_tel_link_that_is_not_a_phone_number_is_refused(tmp_path, address):
    root = make_project(tmp_path)
    path = root / "partners/net-zero/green-streets.md"
    path.write_text(path.read_text(encoding="utf-8") + f"\nCall [us]({address}).\n", encoding="utf-8")
    assert messages(root) == [
        f"partners/net-zero/green-streets.md:11: link to '{address}' is not a phone number — write tel: and the "
        "number in digits, such as [call us](tel:+441582000000)"]


def test_a_number_for_the_priority_is_named_as_such_and_a_quoted_year_is_the_edition(tmp_path):
    root = make_project(tmp_path)
    path = root / "partners/net-zero/green-streets.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("priority: net-zero", "priority: 5"), encoding="utf-8")
    assert messages(root) == [
        "partners/net-zero/green-streets.md:3: priority '5' is not a priority id — write priority: net-zero"]
    path.write_text(text.replace("edition: 2025", 'edition: "2025"'), encoding="utf-8")
    assert messages(root) == []
    assert [p.edition for p in read_partners(root)[0] if p.organisation == "Green Streets"] == [2025]


@pytest.mark.parametrize("html, fix", [
    ("Line one<br>\nline two", "for a new line, write a backslash (\\) at the end of the line instead; for a new "
                               "paragraph, leave a blank line"),
    ("<p>Our year</p>", "remove the <p> and </p> tags and leave a blank line between paragraphs"),
    ("We <strong>grew</strong>.", "write **bold** instead"),
    ("See <a href=\"https://example.org\">our site</a>.", "write [the words](https://…) instead"),
    ("<ul><li>Food</li></ul>", "start each item on its own line with - and a space"),
    ("<video src=\"x.mp4\"></video>", "write it in plain markdown: **bold**, *italic*, [text](https://…), ![alt](figures/…)"),
])
def test_html_pasted_from_an_email_is_refused_with_the_markdown_to_write_instead(tmp_path, html, fix):
    root = make_project(tmp_path)
    path = root / "partners/net-zero/green-streets.md"
    path.write_text(path.read_text(encoding="utf-8") + f"\n{html}\n", encoding="utf-8")
    tag = html[html.index("<"):html.index(">") + 1]
    assert messages(root) == [f"partners/net-zero/green-streets.md:11: raw HTML is not allowed ({tag}) — {fix}"]


def test_an_image_path_from_the_projects_folder_with_a_leading_slash_is_the_same_picture(tmp_path):
    """Quarto reads /figures/… from the project's folder; the check used to call it 'not under figures/'."""
    root = make_project(tmp_path)
    path = root / "partners/net-zero/green-streets.md"
    path.write_text(path.read_text(encoding="utf-8").replace("](figures/partners/tree.png)",
                                                             "](/figures/partners/tree.png)"), encoding="utf-8")
    partners, problems = read_partners(root)
    assert problems == []
    (streets,) = [p for p in partners if p.organisation == "Green Streets"]
    assert "![Volunteers planting a tree](../partner-photos/partners/tree.png)" in contribution_markdown([streets])
    path.write_text(path.read_text(encoding="utf-8").replace("](/figures/partners/tree.png)",
                                                             "](/figures/../../secret.png)"), encoding="utf-8")
    assert messages(root) == [
        "partners/net-zero/green-streets.md:9: image '/figures/../../secret.png' is not under figures/ — put the "
        "image in the project's figures/ folder and write its path as figures/…"]


def test_a_web_address_pasted_into_the_words_becomes_a_link_and_the_full_stop_after_it_stays_text(tmp_path):
    """Pandoc's reader (Quarto's too) links only <https://…>: an address pasted from an email showed as
    text that could not be clicked, on the site and in the PDF."""
    from luton2040.data.partner_markdown import sanitise
    text = ("Donate at https://example.org/donate. Or see (https://example.org/a?b=1), [our site](https://x.org),\n"
            "**https://bold.example.org** but not http://old.example.org, `https://code.example.org` or\n"
            "![a poster of https://poster.example.org](figures/partners/tree.png).")
    project = make_project(tmp_path)
    body, problems = sanitise("partners/net-zero/green-streets.md", text.split("\n"), 6, project)
    assert problems == []
    assert body == ("Donate at <https://example.org/donate>. Or see (<https://example.org/a?b=1>), "
                    "[our site](https://x.org), **<https://bold.example.org>** but not http://old.example.org, "
                    "`https://code.example.org` or ![a poster of https://poster.example.org](figures/partners/tree.png).\n")
    # an address a formatting mark splits is left as it is written, not linked cut short
    body, problems = sanitise("partners/net-zero/green-streets.md", ["See https://x.org/a*b* and https://x.org/c~d~."],
                              6, project)
    assert problems == [] and "<https://" not in body, body


@pytest.mark.parametrize("written", ["See {url} for courses.", "See [our courses]({url})."])
def test_a_link_rewritten_by_an_email_security_service_is_refused_with_the_real_address(tmp_path, written):
    """Outlook's safe links send readers through Microsoft and carry the recipient's address."""
    from luton2040.data.partner_markdown import sanitise
    url = ("https://eur03.safelinks.protection.outlook.com/?url=https%3A%2F%2Fexample.org%2Fcourses&data=05%7C02%7C"
           "jane.doe%40luton.gov.uk%7C0a1b")
    _, problems = sanitise("partners/net-zero/green-streets.md", ["", written.format(url=url)], 6, make_project(tmp_path))
    assert [str(p) for p in problems] == [
        "partners/net-zero/green-streets.md:8: link to 'https://eur03.safelinks.protection.outl…' goes through an email "
        "security service (eur03.safelinks.protection.outlook.com), not to the page itself — paste the page's own "
        "address: https://example.org/courses"]


@pytest.mark.parametrize("closing, expected", [
    ("\u2014", "partners/net-zero/green-streets.md:5: this line is '\u2014', not three hyphens, so the front matter is "
               "never closed — type --- (three hyphens) on this line, in a plain-text editor"),
    ("--", "partners/net-zero/green-streets.md:5: this line is '--', not three hyphens, so the front matter is never "
           "closed — type --- (three hyphens) on this line, in a plain-text editor"),
    ("", "partners/net-zero/green-streets.md:4: front matter is never closed — add a line --- after the last key "
         "(line 4)"),
])
def test_front_matter_never_closed_is_named_where_the_closing_line_went_wrong(tmp_path, closing, expected):
    """It was always line 1, whatever the writer's closing line had become."""
    root = make_project(tmp_path)
    path = root / "partners/net-zero/green-streets.md"
    lines = path.read_text(encoding="utf-8").split("\n")
    lines[4] = closing
    path.write_text("\n".join(lines), encoding="utf-8")
    assert messages(root) == [expected]


@pytest.mark.parametrize("target, address", [("www.example.org/courses", "https://www.example.org/courses"),
                                             ("//example.org/a", "https://example.org/a")])
def test_a_link_to_another_site_without_https_is_refused_with_the_full_address_to_write(tmp_path, target, address):
    """'www.example.org' is another site, not a page of this report: the fix says what to write."""
    from luton2040.data.partner_markdown import sanitise
    _, problems = sanitise("partners/net-zero/green-streets.md", [f"See [our courses]({target})."], 6,
                           make_project(tmp_path))
    assert [str(p) for p in problems] == [
        f"partners/net-zero/green-streets.md:7: link to '{target}' is not allowed — write the address in full: {address}"]


def test_a_partners_picture_with_its_caption_has_an_empty_alt_so_the_caption_is_read_once(tmp_path):
    # A picture alone in its paragraph is a figure whose caption is the partner's description:
    # Quarto writes its <img> with no alt at all (axe: "image has no alternative text"); an empty alt
    # says the caption tells it, once. A picture inside a sentence keeps its words as its alt.
    from luton2040.engine import pandoc
    root = make_project(tmp_path)
    path = root / "partners/net-zero/green-streets.md"
    path.write_text(path.read_text(encoding="utf-8") + "\nA small ![tree icon](figures/partners/tree.png) here.\n",
                    encoding="utf-8")
    partners, problems = read_partners(root)
    assert problems == []
    (streets,) = [p for p in partners if p.organisation == "Green Streets"]
    markdown = contribution_markdown([streets])
    assert '![Volunteers planting a tree](../partner-photos/partners/tree.png){fig-alt=""}' in markdown
    # the last paragraph of a file too (it ends with the file's newline)
    from luton2040.site.partner_section import captioned_pictures
    assert captioned_pictures("Text.\n\n![A tree](x.png)\n") == 'Text.\n\n![A tree](x.png){fig-alt=""}\n'
    assert "A small ![tree icon](../partner-photos/partners/tree.png) here." in markdown
    body = pandoc.convert(markdown, "Net zero", "", pandoc.arguments(False, 3), "chapters/net-zero.qmd").body
    assert re.search(r'<img src="\.\./partner-photos/partners/tree\.png" alt="" ?/?>\s*<figcaption>Volunteers planting '
                     r"a tree</figcaption>", body), body
    assert '<img src="../partner-photos/partners/tree.png" alt="tree icon" />' in body


@pytest.mark.parametrize("text", ["> A quote with its code:\n>\n> ```\n> print(1)\n> ```",
                                  "- An item\n\n    ```\n    code in the item\n    ```"])
def test_a_fenced_code_block_in_a_quote_or_a_list_is_code_on_purpose(tmp_path, text):
    from luton2040.data.partner_markdown import sanitise
    _, problems = sanitise("partners/poverty/x.md", text.split("\n"), 5, tmp_path)
    assert problems == []


def test_a_line_indented_as_code_in_a_quote_is_still_refused(tmp_path):
    from luton2040.data.partner_markdown import sanitise
    _, problems = sanitise("partners/poverty/x.md", "> A quote\n>\n>     indented by Word".split("\n"), 5, tmp_path)
    assert [p.line for p in problems] == [8] and "indented by a tab or four spaces" in problems[0].message


def test_each_piece_of_code_that_would_run_is_named_at_its_own_line(tmp_path):
    """Three pieces of code in one text: each at the line that typed it, not all at the first."""
    from luton2040.data.partner_markdown import sanitise
    text = "We help.\n\n```\n`{python} 1 #`\n```\n\nWe raised \\`{python} 2 #\\`.\n\nAnd `` `{python} 3` ``."
    _, problems = sanitise("partners/poverty/x.md", text.split("\n"), 5, tmp_path)
    assert [p.line for p in problems] == [9, 12, 14]
    assert all(p.message.startswith("`{python} …` between backticks would be run as code") for p in problems)


@pytest.mark.parametrize("text, what", [("We {#tbl-1} did.", "#tbl-"),
                                        ('We {.content-hidden when-profile="x"} did.', ".content-hidden")])
def test_braces_the_build_reads_as_a_label_or_a_condition_are_refused_at_the_partners_line(tmp_path, text, what):
    """Plain text to pandoc, and so to Quarto, but the build read the chapter's line as a table's label
    or a condition and refused the chapter, naming chapters/_partners/…, a file nobody may edit."""
    from luton2040.data.partner_markdown import sanitise
    _, problems = sanitise("partners/poverty/x.md", ["We did.", "", text], 5, tmp_path)
    assert [str(p) for p in problems] == [
        f"partners/poverty/x.md:8: braces holding {what} are read as a table's label or a condition by the build "
        "— leave the braces out: the build would refuse the chapter"]


@pytest.mark.parametrize("written, expected", [
    ("<https://luton.gov.uk@evil.example/grants>",
     "link 'https://luton.gov.uk@evil.example/grants' goes to evil.example, not to luton.gov.uk: a browser reads what "
     "stands before the @ as a user name and opens the site after it — write the address of the page itself, without "
     "a user name and @ (https://evil.example/… if evil.example is meant)"),
    ("[the council's grants](https://www.luton.gov.uk%2Fgrants@evil.example)",
     "link 'https://www.luton.gov.uk%2Fgrants@evil.example' goes to evil.example, not to www.luton.gov.uk%2Fgrants: a "
     "browser reads what stands before the @ as a user name and opens the site after it — write the address of the "
     "page itself, without a user name and @ (https://evil.example/… if evil.example is meant)"),
    ("[email us](mailto:info@example.org?bcc=list@evil.example)",
     "email link 'mailto:info@example.org?bcc=list@evil.example' adds a recipient the page does not show (bcc=) — link "
     "one address alone, such as [email us](mailto:info@example.org); a subject (?subject=…) is allowed"),
    ("[email us](mailto:info@example.org?subject=Hi&CC=list@evil.example)",
     "email link 'mailto:info@example.org?subject=Hi&CC=list@evil.example' adds a recipient the page does not show "
     "(cc=) — link one address alone, such as [email us](mailto:info@example.org); a subject (?subject=…) is allowed"),
    ("[email us](mailto:info@example.org?body=Please%20unsubscribe%20me)",
     "email link 'mailto:info@example.org?body=Please%20unsubscribe%20me' adds words to the reader's email that the "
     "page does not show (body=) — link one address alone, such as [email us](mailto:info@example.org); a subject "
     "(?subject=…) is allowed"),
    ("[email us](mailto:info@example.org,list@evil.example)",
     "email link 'mailto:info@example.org,list@evil.example' is not one email address — link one address, such as "
     "[email us](mailto:info@example.org); give a second address its own link"),
    ("[www.luton.gov.uk/grants](https://evil.example/grants)",
     "link's words show www.luton.gov.uk/grants but it opens evil.example — make the words and the address the same "
     "site: write the words evil.example, or correct the address"),
    ("[help@luton.gov.uk](mailto:help@evil.example)",
     "link's words show help@luton.gov.uk but it writes to help@evil.example — make the words and the address the "
     "same: [help@evil.example](mailto:help@evil.example), or correct the address"),
])
def test_a_link_that_goes_somewhere_its_words_do_not_show_is_refused_at_its_line(tmp_path, written, expected):
    """A reader trusts a link by the host it shows: a user name before an @, hidden recipients or words in an
    email link, and words that are another address all take the reader elsewhere (luton2040/link_targets.py)."""
    from luton2040.data.partner_markdown import sanitise
    body, problems = sanitise("partners/net-zero/green-streets.md", ["", f"Apply via {written} today."], 6,
                              make_project(tmp_path))
    assert [str(p) for p in problems] == [f"partners/net-zero/green-streets.md:8: the {expected}"]
    assert body == ""


def test_links_whose_words_name_the_place_they_open_are_kept(tmp_path):
    from luton2040.data.partner_markdown import sanitise
    text = ("Write to [info@example.org](mailto:Info@Example.org?subject=Volunteering), see [www.example.org]"
            "(https://example.org/about), [example.org](https://donate.example.org/), [the report.pdf]"
            "(https://files.example.net/report.pdf), [report.pdf](https://files.example.net/report.pdf) or "
            "<https://example.org/people/@jane>.")
    body, problems = sanitise("partners/net-zero/green-streets.md", [text], 6, make_project(tmp_path))
    assert problems == []
    assert "mailto:Info@Example.org?subject=Volunteering" in body and "<https://example.org/people/@jane>" in body


@pytest.mark.parametrize("name, suggested", [("Grüne Straße (2).md", "grune-strasse-2.md"),
                                             ("Green Streets CIC.md", "green-streets-cic.md"),
                                             ("Ærø Øst.md", "aero-ost.md"), ("🌳.md", "organisation-name.md")])
def test_a_partner_file_named_with_spaces_capitals_or_accents_is_refused_with_the_name_to_give_it(tmp_path, name,
                                                                                                   suggested):
    """The file's name is its headings' ids and its address on the page; the name offered is as a reader types it
    (it was gr-ne-stra-e-2.md for Grüne Straße)."""
    root = make_project(tmp_path)
    (root / "partners/net-zero/green-streets.md").rename(root / "partners/net-zero" / name)
    assert messages(root) == [f"partners/net-zero/{name}: file name should be lower-case words joined by hyphens — "
                              f"rename it, e.g. {suggested}"]
