"""A partner text never runs code on the machine that builds the report, under `luton2040 build`
and under real `quarto render` alike.

Each text below passed the partner check once, and one renderer or both ran its code: Quarto runs
a ```{python} line even inside another code block (quarto-cli src/core/lib/break-quarto-md.ts), and
both renderers run `{python} …` between backticks wherever it stands (src/core/execute-inline.ts,
engine/source.py), where pandoc writes a partner's code block indented and a typed \\` as \\`.
Each would write a file outside the project; the build must refuse the text at its line instead,
leave the published site as it was, and write nothing.
"""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from project_copy import warm_copy
from safety_helpers import hashes, real_quarto

from luton2040.cli import main

PARTNER = "partners/poverty/example-food-project.md"


def _texts(marker: Path) -> dict[str, str]:
    """Each way of running code, writing ``marker``-<way> when it runs."""
    write = f"open({str(marker)!r} + '-{{way}}', 'w').write('ran')"
    return {
        "cell-in-a-code-block": "````\n```{python}\n" + write.format(way="cell") + "\n```\n````",
        "expression-in-a-code-block": "```\n`{python} " + write.format(way="code") + " #`\n```",
        "expression-after-backslashes": "We raised \\`{python} " + write.format(way="escaped") + " #\\` pounds.",
        "expression-in-double-backticks": "We raised `` `{python} " + write.format(way="double") + " #` `` pounds.",
    }


def _attack(book: Path, text: str) -> None:
    page = book / PARTNER
    head = page.read_text(encoding="utf-8").split("\n---\n", 1)[0]
    page.write_text(head + "\n---\n\n" + text + "\n", encoding="utf-8")


@pytest.mark.parametrize("way", list(_texts(Path("x"))))
def test_luton2040_build_refuses_the_partner_text_and_runs_nothing(built_book, tmp_path, capsys, way):
    book = warm_copy(built_book, tmp_path / "book")
    published = hashes(book / "_site")
    marker = tmp_path / "ran"
    _attack(book, _texts(marker)[way])

    code = main(["--project", str(book), "build", "--quiet"])

    err = capsys.readouterr().err
    assert code == 1
    assert f"{PARTNER}:" in err and "never runs" in err
    assert not list(tmp_path.glob("ran-*")), "the partner's code ran"
    assert hashes(book / "_site") == published



@pytest.mark.skipif(real_quarto() is None, reason="real Quarto is not installed (put it on PATH or name it in "
                                                     "LUTON2040_QUARTO); the test above covers the engine")
def test_real_quarto_render_refuses_the_partner_text_and_runs_nothing(built_book, tmp_path):
    book = warm_copy(built_book, tmp_path / "book")
    published = hashes(book / "_site")
    marker = tmp_path / "ran"
    _attack(book, "\n\n".join(_texts(marker).values()))
    env = {k: v for k, v in os.environ.items() if not k.startswith("LUTON2040_")}
    env["QUARTO_PYTHON"] = sys.executable
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"

    run = subprocess.run([real_quarto(), "render"], cwd=book, env=env, capture_output=True, text=True)

    assert run.returncode != 0
    assert f"{PARTNER}:" in run.stderr and "never runs" in run.stderr
    assert not list(tmp_path.glob("ran-*")), "the partner's code ran"
    assert hashes(book / "_site") == published
