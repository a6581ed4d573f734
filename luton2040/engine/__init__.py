"""The embedded renderer: builds any Quarto website project written in the subset it supports
(docs/quarto-compatibility.md; see the stage modules: config (with settings and render_list), source,
kernel, execute, markdown, crossref, pandoc, site, cache, scripts, build, and the Lua filters in filters/)."""
from .build import ENGINE_VERSION, BuildResult, build

__all__ = ["ENGINE_VERSION", "BuildResult", "build"]
