"""The one reader of code fences (luton2040/fences.py) reads them as pandoc does (CommonMark), and
its Quarto reading finds the cells Quarto 1.7 runs (quarto-cli src/core/lib/break-quarto-md.ts)."""
from __future__ import annotations

import pytest

from luton2040 import fences


def spans(text: str) -> list[tuple[int, int | None, str, str]]:
    return [(b.start, b.end, b.fence, b.info) for b in fences.blocks(text.splitlines())]


@pytest.mark.parametrize("text, expected", [
    # a ~~~ block holds ``` lines as code; only ~~~ closes it
    ("~~~\n```{python}\nx = 1\n```\n~~~\nprose\n", [(0, 4, "~~~", "")]),
    # a closing fence may be longer than the opening, never shorter
    ("````{python}\nx = 1\n```\n`````\nprose\n", [(0, 3, "````", "{python}")]),
    # up to three spaces of indent on either fence; four make an indented code block, not a fence
    ("   ```{python}\nx = 1\n   ```\n", [(0, 2, "```", "{python}")]),
    ("    ```\nprose\n", []),
    ("```\ncode\n    ```\nstill code\n```\n", [(0, 4, "```", "")]),
    # an unclosed block runs to the end
    ("prose\n```{python}\nx = 1\n", [(1, None, "```", "{python}")]),
    # a closing fence has nothing after it; a backtick fence's info holds no backtick
    ("```\ncode\n``` not a close\n```\n", [(0, 3, "```", "")]),
    ("```{python} `x`\nprose\n", []),
    ("~~~ a `tilde` info\ncode\n~~~\n", [(0, 2, "~~~", "a `tilde` info")]),
])
def test_fenced_blocks_are_read_as_pandoc_reads_them(text, expected):
    assert spans(text) == expected


def test_fenced_tells_each_line_whether_it_is_code():
    assert fences.fenced(["prose", "~~~", "```", "~~~", "prose", "```", "open"]) == \
        [False, True, True, True, False, True, True]


@pytest.mark.parametrize("text, expected", [
    ("```{python}\nx = 1\n```\n", [(0, 2)]),
    # Quarto runs a ```{python} line wherever it stands: in a ~~~ block, in a longer ``` block
    ("~~~\n```{python}\nx = 1\n```\n~~~\n", [(1, 3)]),
    ("````\n```{python}\nx = 1\n```\n````\n", [(1, 3)]),
    # and not one opened with ~~~, nor a {python3} chunk
    ("~~~{python}\nx = 1\n~~~\n", []),
    ("```{python3}\nx = 1\n```\n", []),
    # a cell ends only at exactly its fence, at exactly its indent (checked with Quarto 1.7.34)
    ("```{python}\nx = 1\n````\n```\n", [(0, 3)]),
    ("```{python}\nx = 1\n  ```\n```\n", [(0, 3)]),
    ("  ```{python}\nx = 1\n```\n  ```\n", [(0, 3)]),
    # a cell opens at any indent; front matter and plain blocks change nothing
    ("      ```{python}\nx = 1\n      ```\n", [(0, 2)]),
    ("---\ntitle: T\n---\n\n```\nplain\n```\n```{python}\nx\n```\n", [(7, 9)]),
    ("```{python}\nx = 1\n", [(0, None)]),
])
def test_quarto_finds_the_cells_by_its_own_rules(text, expected):
    assert fences.quarto_cells(text.splitlines()) == expected


def test_every_line_quarto_could_read_as_a_cells_opening_is_found_wherever_it_stands():
    """Quarto opens a cell at ```{…} at any indent, inside another code block too; a partner's text,
    which must run nothing, may hold no such line (fences.cell_openings)."""
    from luton2040 import fences
    lines = ["    ```{python}", "x", "    ```", "```python", "~~~{r}", "``` {=html}", "text ```{python}", "`{python} 1`"]
    assert fences.cell_openings(lines) == [0, 4, 5]
