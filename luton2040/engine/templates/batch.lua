-- Convert many pages in one pandoc process: `pandoc lua batch.lua REQUEST.json` prints a JSON list
-- with, for each page, its HTML (the fragment template applied) and the warnings pandoc gave.
-- Each page is read, filtered and written on its own, exactly as `pandoc -f READER -t html5 --lua-filter=… ...` would.
local request = pandoc.json.decode(io.open(arg[1]):read("a"), false)
local template = pandoc.template.compile(request.template, request.template_path)
local options = {
  template = template,
  section_divs = true,
  wrap_text = "none",
  columns = request.columns,
  table_of_contents = request.toc,
  toc_depth = request.toc_depth,
}
-- `--columns` sets the reader's width too (pipe tables wider than it get relative column widths).
local reader_options = {columns = request.columns, standalone = true}
local results = {}
for i, text in ipairs(request.pages) do
  local read_log, doc = pandoc.log.silence(pandoc.read, text, request.reader, reader_options)
  -- the same Lua filters, in the same order, as `pandoc --lua-filter=…` would run, but only those
  -- that can change this page (page_filters: the engine leaves out a filter whose text is absent)
  for _, at in ipairs(request.page_filters[i]) do
    doc = pandoc.utils.run_lua_filter(doc, request.filters[at])
  end
  local write_log, html = pandoc.log.silence(pandoc.write, doc, "html5", options)
  local warnings = {}
  for _, log in ipairs({read_log, write_log}) do
    for _, message in ipairs(log) do
      local m = pandoc.json.decode(pandoc.json.encode(message), false)
      if m.verbosity == "WARNING" or m.verbosity == "ERROR" then
        table.insert(warnings, "[" .. m.verbosity .. "] " .. m.pretty)
      end
    end
  end
  results[i] = {html = html, warnings = warnings}
end
io.write(pandoc.json.encode(results))
