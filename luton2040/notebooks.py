"""Each book page as an executed Jupyter notebook: the stored reference of every published number.

`luton2040 notebooks` turns every ``.qmd`` listed in ``_quarto.yml`` into a notebook (prose as
markdown cells, each ``{python}`` cell as a code cell, each inline `` `{python} expr` `` as a code
cell of its own), runs it in the chapter's folder as the build does, and stores it under
``tests/notebooks/`` at the same relative path. The tests re-run those notebooks with nbval and
compare every output, so a change to code or data that alters a published figure fails until the
references are refreshed on purpose. Outputs are sanitised with ``tests/notebooks/sanitize.cfg``
(the file nbval is given too) and the stored files carry no timings or random ids, so refreshing
without a change rewrites them byte for byte.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import nbformat
from jupyter_client import AsyncKernelManager
from jupyter_core.utils import run_sync
from nbclient import NotebookClient
from nbclient.exceptions import CellTimeoutError, DeadKernelError

from luton2040.engine import config as config_mod
from luton2040.engine import execute as execute_mod
from luton2040.engine import source
from luton2040.engine.kernel import cell_timeout
from luton2040.errors import InputError, Problem

NOTEBOOK_DIR = "tests/notebooks"
SANITIZE_FILE = "sanitize.cfg"
KERNEL = {"name": "python3", "display_name": "Python 3", "language": "python"}
_PLACEHOLDER = re.compile(f"{source.INLINE_OPEN}(\\d+){source.INLINE_CLOSE}")
_PATTERN = re.compile(r"^regex: (.*)$\n^replace: (.*)$", re.MULTILINE)  # nbval's own file format


def notebook_path(project_dir: Path, page: str) -> Path:
    """Where the reference notebook of ``page`` (e.g. ``chapters/net-zero.qmd``) is stored."""
    return project_dir / NOTEBOOK_DIR / Path(page).with_suffix(".ipynb")


def sanitize_patterns(project_dir: Path) -> list[tuple[str, str]]:
    """The (regex, replacement) pairs of ``tests/notebooks/sanitize.cfg``, as nbval reads them."""
    path = project_dir / NOTEBOOK_DIR / SANITIZE_FILE
    if not path.is_file():
        raise InputError([Problem(f"{NOTEBOOK_DIR}/{SANITIZE_FILE}", None, None, "file not found",
                                  "restore it from git: it lists the volatile output to mask")])
    return _PATTERN.findall(path.read_text(encoding="utf-8"))


def _cell_id(page: str, index: int) -> str:
    # Stable ids (nbformat's are random), so a refresh without changes rewrites identical files.
    return hashlib.sha256(f"{page}#{index}".encode()).hexdigest()[:12]


def _setup_code(doc: source.Document, notebook_dir: Path, project_dir: Path, config_execute: dict) -> str:
    folder = os.path.relpath(project_dir / Path(doc.path).parent, notebook_dir)
    warnings = "default" if execute_mod.options(None, doc, config_execute)["warning"] else "ignore"
    return ("# As the build runs it: in the page's own folder, newest edition, warnings "
            f"{'shown' if warnings == 'default' else 'hidden'}.\n"
            "import os as _os, warnings as _warnings\n"
            f"_os.chdir({Path(folder).as_posix()!r})  # relative to this notebook\n"
            "_os.environ.pop('LUTON2040_EDITION', None)\n"
            f"_warnings.simplefilter({warnings!r})")


def to_notebook(doc: source.Document, project_dir: Path, config_execute: dict) -> nbformat.NotebookNode:
    """The unexecuted notebook of a parsed page; each code cell records its ``file:line``."""
    notebook_dir = notebook_path(project_dir, doc.path).parent
    cells = []

    def add(kind: str, text: str, where: source.Loc | None = None) -> None:
        make = nbformat.v4.new_code_cell if kind == "code" else nbformat.v4.new_markdown_cell
        cell = make(text, id=_cell_id(doc.path, len(cells)))
        if where is not None:
            cell.metadata["luton2040"] = {"source": str(where)}
        cells.append(cell)

    add("code", _setup_code(doc, notebook_dir, project_dir, config_execute), source.Loc(doc.path, 1))
    for block in doc.blocks:
        if isinstance(block, source.Prose):
            numbers = [int(n) for n in _PLACEHOLDER.findall(block.text)]
            add("markdown", _PLACEHOLDER.sub(lambda m: f"`{{python}} {doc.inlines[int(m.group(1))].code}`",
                                             block.text).strip("\n"))
            for n in numbers:
                inline = doc.inlines[n]
                add("code", f"# inline expression at {inline.loc}\n{inline.code}", inline.loc)
        elif execute_mod.options(block, doc, config_execute)["eval"]:
            add("code", block.code, block.loc)
        else:  # `eval: false`: shown in the book, never run
            add("markdown", f"```python\n{block.code}\n```")
    nb = nbformat.v4.new_notebook(cells=cells)
    nb.metadata = {"kernelspec": dict(KERNEL), "luton2040": {"source": doc.path}}
    return nb


def _errors(nb: nbformat.NotebookNode) -> list[Problem]:
    problems = []
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                file, _, line = cell.metadata.get("luton2040", {}).get("source", "?:").rpartition(":")
                problems.append(Problem(file, int(line) if line.isdigit() else None, None,
                                        f"Python error: {output.get('ename')}: {output.get('evalue')}",
                                        "fix the code, then run `luton2040 notebooks` again"))
    return problems


def _sanitize(nb: nbformat.NotebookNode, patterns: list[tuple[str, str]]) -> None:
    def clean(text: str) -> str:
        for regex, replace in patterns:
            text = re.sub(regex, replace, text)
        return text

    for cell in nb.cells:
        for output in cell.get("outputs", []):
            if "text" in output:
                output["text"] = clean(output["text"])
            for mime, value in output.get("data", {}).items():
                if mime.startswith("text/") and isinstance(value, str):
                    output["data"][mime] = clean(value)
    # Keep only the kernel's language name: its version differs between machines.
    nb.metadata["language_info"] = {"name": nb.metadata.get("language_info", {}).get("name", "python")}


def _stopped(cell: nbformat.NotebookNode | None, what: str) -> Problem:
    """A cell that ran past the timeout, or whose kernel died, as ``file:line`` and what to do."""
    where = cell.metadata.get("luton2040", {}).get("source", "?:") if cell is not None else "?:"
    file, _, line = where.rpartition(":")
    return Problem(file, int(line) if line.isdigit() else None, None, what,
                   "make the cell finish sooner (the limit is LUTON2040_CELL_TIMEOUT seconds), "
                   "then run `luton2040 notebooks` again")


def execute(nb: nbformat.NotebookNode, notebook_dir: Path, patterns: list[tuple[str, str]]) -> list[Problem]:
    """Run ``nb`` in place from ``notebook_dir`` (as nbval will); sanitise; return its errors. A cell
    that runs past the build's cell timeout (``engine.kernel.cell_timeout``), or whose kernel dies,
    is reported at its line, as the build reports it."""
    notebook_dir.mkdir(parents=True, exist_ok=True)
    limit = cell_timeout()
    running: list[nbformat.NotebookNode] = []
    with tempfile.TemporaryDirectory(prefix="luton2040-nb-") as tmp:
        # IPC sockets, as the engine's kernel uses: no TCP ports, no "without encryption" warning. The
        # asynchronous manager, because nbclient's loop waits on its channels: with a blocking client a
        # cell that prints nothing holds the loop, and the cell timeout never fires.
        km = AsyncKernelManager(kernel_name=KERNEL["name"], transport="ipc", ip=os.path.join(tmp, "k"))
        # nbclient waits only iopub_timeout (4 s by default) after a cell's reply for the rest of its
        # output and then goes on without it (nbclient/client.py, async_wait_for_reply): on a busy
        # machine a stored reference lost the end of a printed partner text. Wait as long as a cell
        # may run, and fail rather than store a cut output.
        client = NotebookClient(nb, km=km, timeout=limit, allow_errors=True, record_timing=False,
                                iopub_timeout=limit, raise_on_iopub_timeout=True,
                                # how a cell's printing is split into messages depends on timing: one
                                # stream output per name, as nbval compares them, keeps refreshes byte-stable
                                coalesce_streams=True,
                                resources={"metadata": {"path": str(notebook_dir)}},
                                on_cell_execute=lambda cell, cell_index: running.append(cell))
        try:
            client.execute()
        except CellTimeoutError:
            return [_stopped(running[-1] if running else None, f"the cell did not finish within {limit:g} s")]
        except DeadKernelError:
            return [_stopped(running[-1] if running else None, "the Python kernel stopped while running this cell")]
        finally:  # nbclient leaves a kernel it was given running
            if km.has_kernel:
                run_sync(km.shutdown_kernel)(now=True)
    _sanitize(nb, patterns)
    return _errors(nb)


def _text(nb: nbformat.NotebookNode) -> str:
    return json.dumps(nb, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def refresh(project_dir: Path, pages: list[str] | None = None, workers: int = 4) -> list[Path]:
    """Execute every book page (or only ``pages``) and store its reference notebook.

    Nothing is written unless every page ran without error (InputError lists them all). With
    ``pages`` None, notebooks of pages no longer in the book are removed. Returns the files written.
    """
    from luton2040.site.contributions import write_contributions

    project_dir = Path(project_dir).resolve()
    cfg = config_mod.load(project_dir)
    patterns = sanitize_patterns(project_dir)
    write_contributions(project_dir)  # the chapters include them: written as the pre-render step writes them
    wanted = cfg.files if pages is None else pages
    docs = source.read_all(wanted, project_dir, cfg.profiles)
    notebooks = [to_notebook(doc, project_dir, cfg.execute) for doc in docs]
    paths = [notebook_path(project_dir, doc.path) for doc in docs]
    problems: list[Problem] = []
    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        for found in pool.map(lambda pair: execute(pair[0], pair[1].parent, patterns), zip(notebooks, paths)):
            problems += found
    if problems:
        raise InputError(problems)
    for nb, path in zip(notebooks, paths):
        tmp = path.with_suffix(f".tmp{os.getpid()}")
        tmp.write_text(_text(nb), encoding="utf-8")
        os.replace(tmp, path)
    if pages is None:
        for old in (project_dir / NOTEBOOK_DIR).rglob("*.ipynb"):
            if old not in paths:
                old.unlink()
    return paths
