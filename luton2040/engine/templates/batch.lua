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
-- The same writer without the template, for `written_whole` below.
local body_options = {section_divs = true, wrap_text = "none", columns = request.columns}
local SPLIT = pandoc.RawBlock("html", "<!--luton2040:split-->")
-- `--columns` sets the reader's width too (pipe tables wider than it get relative column widths).
local reader_options = {columns = request.columns, standalone = true}

-- A page as the fragment template (title, subtitle, table of contents, body, split by SPLIT) lays it
-- out, written in ONE writer run without the template: the template costs as much again as the
-- writing of a short page (and more than the writing of a long one), and every writer run has a
-- cost of its own. The same HTML: each part is what the template's variable holds (the title and
-- subtitle written inline, the list the writer makes for the table of contents), and the engine
-- keeps each part with its white space trimmed. Nil for a page the template writes differently or
-- warns about (metadata other than a plain title and subtitle, or a title with no text: the
-- template writes every metadata field and warns of an empty <title>), which keeps the template.
local function written_whole(doc)
  for key, value in pairs(doc.meta) do
    if (key ~= "title" and key ~= "subtitle") or pandoc.utils.type(value) ~= "Inlines" then
      return nil
    end
  end
  local title, subtitle = doc.meta.title, doc.meta.subtitle or pandoc.Inlines({})
  if title == nil or pandoc.utils.stringify(title) == "" then
    return nil
  end
  local blocks = pandoc.Blocks({pandoc.Plain(title), SPLIT, pandoc.Plain(subtitle), SPLIT})
  if request.toc then
    local contents = pandoc.structure.table_of_contents(doc, {toc_depth = request.toc_depth})
    if #contents.content > 0 then
      blocks:insert(contents)
    end
  end
  blocks:insert(SPLIT)
  blocks:extend(doc.blocks)
  return pandoc.Pandoc(blocks, doc.meta)
end

local results = {}
for i, text in ipairs(request.pages) do
  local read_log, doc = pandoc.log.silence(pandoc.read, text, request.reader, reader_options)
  -- the same Lua filters, in the same order, as `pandoc --lua-filter=…` would run, but only those
  -- that can change this page (page_filters: the engine leaves out a filter whose text is absent)
  for _, at in ipairs(request.page_filters[i]) do
    doc = pandoc.utils.run_lua_filter(doc, request.filters[at])
  end
  local whole = written_whole(doc)
  local write_log, html
  if whole then
    write_log, html = pandoc.log.silence(pandoc.write, whole, "html5", body_options)
  else
    write_log, html = pandoc.log.silence(pandoc.write, doc, "html5", options)
  end
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
