"""Run ``pre-render``/``post-render`` scripts as Quarto does: project folder as working directory,
``.py`` files with the current Python, Quarto's ``QUARTO_PROJECT_*`` environment variables."""
from __future__ import annotations

import os
import shlex
import subprocess
import sys
from pathlib import Path

from luton2040.errors import BuildError


def run(scripts: tuple[str, ...], project_dir: Path, env: dict[str, str], stage: str, quiet: bool) -> None:
    """Run each script in turn; a failing one stops the build with its stderr."""
    for script in scripts:
        parts = shlex.split(script)
        if not parts:
            continue
        if parts[0].endswith(".py"):
            if not (project_dir / parts[0]).is_file():
                raise BuildError(f"_quarto.yml: the {stage} script '{parts[0]}' does not exist — "
                                 "create it or fix project." + stage)
            command = [sys.executable, *parts]
        elif parts[0].endswith((".ts", ".R", ".lua")):
            raise BuildError(f"_quarto.yml: the {stage} script '{parts[0]}' needs Quarto's own runtime — "
                             "use a .py script with the embedded engine")
        else:
            command = parts
        try:
            proc = subprocess.run(command, cwd=project_dir, env={**os.environ, **env},
                                  capture_output=True, text=True)
        except OSError as exc:
            raise BuildError(f"_quarto.yml: cannot run the {stage} script '{script}': {exc.strerror} — "
                             "check the command") from None
        if not quiet and proc.stdout:
            sys.stdout.write(proc.stdout)
        if proc.returncode != 0:
            detail = proc.stderr.strip() or proc.stdout.strip() or "(no message)"
            raise BuildError(f"_quarto.yml: the {stage} script '{script}' failed (exit code {proc.returncode}):\n"
                             f"{detail}\n— fix the script or the files it reads")
        if not quiet and proc.stderr:
            sys.stderr.write(proc.stderr)
