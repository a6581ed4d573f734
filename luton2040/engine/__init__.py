"""The embedded renderer: builds any Quarto website project written in the subset it supports
(docs/quarto-compatibility.md; see the stage modules: config (with settings and render_list), source,
kernel, execute, markdown, crossref, pandoc, site, cache, scripts, build, and the Lua filters in filters/).

The entry point is ``luton2040.engine.build.build``. Nothing is imported here, so that a module
that needs one stage (the partner check needs ``pandoc``, freeze needs ``conditions``) does not
load them all: about a tenth of a second at the start of every build, print and kernel process."""
