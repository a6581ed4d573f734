"""The embedded renderer: builds any Quarto book written in the subset it supports (see the stage
modules: config, source, kernel, execute, markdown, crossref, pandoc, site, cache, scripts, build)."""
from .build import ENGINE_VERSION, BuildResult, build

__all__ = ["ENGINE_VERSION", "BuildResult", "build"]
