"""The documents' code runs while the pre-render script runs (both cores busy), and a document
whose inputs the script changes meanwhile is run again afterwards: the pages are the ones a build
that waits for the script would make."""
from __future__ import annotations

from luton2040.engine.build import build

# The pre-render step waits until the chapter has read the words file, then rewrites it.
PRE = '''
import time
from pathlib import Path
deadline = time.time() + 60
while not Path("read-once").exists() and time.time() < deadline:
    time.sleep(0.05)
Path("data/words.txt").write_text("written by the pre-render step\\n")
'''
CELL = '''
```{python}
from pathlib import Path
Path("../read-once").write_text("")
```
'''


def test_a_chapter_that_read_a_file_the_pre_render_step_rewrote_is_run_again(book):
    root = book("basic")
    (root / "data" / "words.txt").write_text("there before the build\n")
    (root / "scripts" / "pre.py").write_text(PRE)
    chapter = root / "chapters" / "words.qmd"
    chapter.write_text(chapter.read_text().replace("---\n\n", "---\n" + CELL + "\n", 1))
    result = build(root, quiet=True)
    page = (root / "_site" / "chapters" / "words.html").read_text()
    assert "written by the pre-render step" in page
    assert "there before the build" not in page
    assert "chapters/words.qmd" in result.executed


def test_chapters_run_while_the_pre_render_step_runs(book):
    root = book("basic")
    # This pre-render step fails unless the chapter has run before it ends.
    (root / "scripts" / "pre.py").write_text(
        "import sys, time\nfrom pathlib import Path\ndeadline = time.time() + 60\n"
        "while not Path('read-once').exists():\n    if time.time() > deadline:\n        sys.exit('ran alone')\n"
        "    time.sleep(0.05)\n")
    chapter = root / "chapters" / "words.qmd"
    chapter.write_text(chapter.read_text().replace("---\n\n", "---\n" + CELL + "\n", 1))
    result = build(root, quiet=True)
    assert result.executed.count("chapters/words.qmd") == 1  # run once, ahead, and kept
    assert "The words file says" in (root / "_site" / "chapters" / "words.html").read_text()


def test_a_pre_render_step_that_ends_before_the_kernel_is_up_does_not_wait_for_it(book, monkeypatch):
    """The pages' sources are read while the kernel is still starting: here the kernel cannot
    finish starting until they have been read (a build that waited for it would wait 30 s)."""
    import importlib
    import threading
    import time

    from luton2040.engine import warm

    engine_build = importlib.import_module("luton2040.engine.build")  # (the package's ``build`` is the function)

    root = book("basic")
    (root / "scripts" / "pre.py").write_text("")
    sources_read = threading.Event()
    waited = []
    read_sources, kernel = engine_build.read_sources, warm.Kernel

    def reading(*args, **kwargs):
        sources_read.set()
        return read_sources(*args, **kwargs)

    class SlowKernel(kernel):
        def __init__(self, *args, **kwargs):
            started = time.monotonic()
            sources_read.wait(30)
            waited.append(time.monotonic() - started)
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(engine_build, "read_sources", reading)
    monkeypatch.setattr(warm, "Kernel", SlowKernel)
    result = build(root, quiet=True)
    assert len(waited) == 1 and waited[0] < 20
    assert "chapters/words.qmd" in result.executed
    assert "The words file says" in (root / "_site" / "chapters" / "words.html").read_text()
