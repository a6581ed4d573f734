"""`luton2040 serve` between saves: the kept kernel is restarted when code changes (a page never
runs against modules imported before an edit), and a build's pages are served from its staging
folder as soon as they are final, the output folder otherwise."""
from __future__ import annotations

import io
import os
import time

from luton2040.serve import Preview, code_stamp


class FakeKernel:
    def __init__(self) -> None:
        self.closed = False

    def close(self) -> None:
        self.closed = True


def _project(tmp_path):
    (tmp_path / "_quarto.yml").write_text("project:\n  type: website\n")
    (tmp_path / "scripts").mkdir()
    (tmp_path / "scripts" / "helper.py").write_text("X = 1\n")
    return tmp_path


def test_the_kept_kernel_is_restarted_when_a_python_file_of_the_project_changes(tmp_path):
    root = _project(tmp_path)
    preview = Preview(root, out=io.StringIO())
    preview.keep_kernel_fresh()
    kept = preview.warm = FakeKernel()
    preview.keep_kernel_fresh()  # nothing changed: the same kernel
    assert preview.warm is kept and not kept.closed
    helper = root / "scripts" / "helper.py"
    helper.write_text("X = 2\n")
    os.utime(helper, ns=(time.time_ns() + 10**9,) * 2)
    preview.keep_kernel_fresh()
    assert kept.closed and preview.warm is not kept


def test_the_code_stamp_leaves_out_hidden_and_output_folders(tmp_path):
    root = _project(tmp_path)
    before = code_stamp(root)
    for folder in (".venv", "_site"):
        (root / folder).mkdir()
        (root / folder / "module.py").write_text("")
    assert code_stamp(root) == before
    (root / "new.py").write_text("")
    assert code_stamp(root) != before


def test_a_final_page_is_served_from_the_staging_folder_until_the_swap(tmp_path):
    root = _project(tmp_path)
    preview = Preview(root, out=io.StringIO())
    site = preview.site
    (site / "chapters").mkdir(parents=True)
    (site / "chapters" / "old.html").write_text("old")
    staging = site.parent / f"{site.name}.building-{os.getpid()}"
    (staging / "chapters").mkdir(parents=True)
    (staging / "chapters" / "net-zero.html").write_text("new")
    before = preview.state()[0]
    preview.show_early("written", str(staging))
    assert preview.state()[0] == before + 1  # the browser reloads
    assert preview.located("/chapters/net-zero.html", str(site / "chapters" / "net-zero.html")) == \
        str(staging / "chapters" / "net-zero.html")
    assert preview.located("/chapters/old.html", str(site / "chapters" / "old.html")) == str(site / "chapters" / "old.html")
    preview.show_early("written", str(tmp_path / "elsewhere"))  # another build's folder: not shown
    preview.overlay = None
    assert preview.located("/chapters/net-zero.html", str(site / "chapters" / "net-zero.html")) == \
        str(site / "chapters" / "net-zero.html")


def test_the_kept_kernels_prelude_imports_every_module_it_names():
    """The prelude warms the kernel kept by `serve` (its errors are not shown, so a renamed module
    would silently leave the first chapter to pay for the imports)."""
    import subprocess
    import sys

    from luton2040.serve import KERNEL_PRELUDE

    run = subprocess.run([sys.executable, "-c", KERNEL_PRELUDE], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr[-500:]
