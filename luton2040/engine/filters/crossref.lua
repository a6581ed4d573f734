-- Cross-references on the document tree, as Quarto's crossref filter does them: a citation
-- @fig-x / @tbl-x (also [@tbl-x], and -@tbl-x for the number alone) becomes a link to the figure
-- or table; a figure ![cap](x.png){#fig-x} gets "Figure N: " before its caption. Inline code and
-- code blocks are never touched, because pandoc does not parse citations inside them. A table's
-- div ::: {#tbl-x} gets its last paragraph as the table's caption, "Table N: " before it, as a
-- cell's tbl-cap gets (luton2040/engine/markdown.py, _Page.table, writes that one as markdown).
--
-- The numbers and links come from the engine (luton2040/engine/crossref.py, which numbers every
-- label of the site) through the page's metadata key `luton2040-crossref`:
--   luton2040-crossref: { tbl-x: { name: "Table 1", number: "1", href: "#tbl-x" } }

local targets = {}

local function read_targets(meta)
  local refs = meta["luton2040-crossref"]
  if refs then
    for label, t in pairs(refs) do
      targets[label] = {
        name = pandoc.utils.stringify(t.name),
        number = pandoc.utils.stringify(t.number),
        href = pandoc.utils.stringify(t.href),
      }
    end
    meta["luton2040-crossref"] = nil
  end
  return meta
end

local function cite(el)
  local out = pandoc.Inlines({})
  for i, c in ipairs(el.citations) do
    local t = targets[c.id]
    if t == nil then
      return el.content -- not a figure or table of the site: its text, as written
    end
    if i > 1 then out:insert(pandoc.Str(";")); out:insert(pandoc.Space()) end
    if #c.prefix > 0 then out:extend(c.prefix); out:insert(pandoc.Space()) end
    local text = c.mode == "SuppressAuthor" and t.number or t.name
    out:insert(pandoc.Link(text, t.href))
    if #c.suffix > 0 then out:extend(c.suffix) end
  end
  return out
end

local function figure(el)
  local t = targets[el.identifier]
  if t == nil or el.identifier:sub(1, 4) ~= "fig-" then return nil end
  local caption = pandoc.utils.stringify(el.caption.long)
  if caption == t.name or caption:sub(1, #t.name + 1) == t.name .. ":" then
    return nil -- a cell's figure: the engine wrote its number already
  end
  local prefix = pandoc.Inlines({ pandoc.Str(t.name .. ":"), pandoc.Space() })
  local function labelled(inlines)
    local out = pandoc.Inlines(prefix:clone())
    out:extend(inlines)
    return out
  end
  local long = el.caption.long
  if #long > 0 and (long[1].t == "Plain" or long[1].t == "Para") then
    long[1].content = labelled(long[1].content)
  elseif #long == 0 then
    el.caption.long = { pandoc.Plain(pandoc.Inlines({ pandoc.Str(t.name) })) }
  end
  -- (the image's own description is cleared by filters/figures.lua, as Quarto does)
  return el
end

-- The div ::: {#tbl-x} holding a table and, last, its caption (quarto-cli
-- src/resources/filters/quarto-pre/parsefiguredivs.lua takes a float div's last paragraph as its
-- caption): the same div and table a cell with `#| label: tbl-x` and `#| tbl-cap` gives.
local function table_div(el)
  local t = targets[el.identifier]
  if t == nil or el.identifier:sub(1, 4) ~= "tbl-" then return nil end
  local last = el.content[#el.content]
  -- (as quarto-cli common/refs.lua, refCaptionFromDiv: a paragraph after something; any other div is
  -- refused by the engine's reader, engine/source.py, _table_divs)
  if last == nil or last.t ~= "Para" or #el.content < 2 then return nil end
  el.content:remove(#el.content)
  local caption = pandoc.Inlines({ pandoc.Str(t.name .. ":"), pandoc.Space() })
  caption:extend(last.content)
  local placed = false
  for i, block in ipairs(el.content) do
    if block.t == "Table" and not placed then
      block.caption = { long = { pandoc.Plain(caption) } }
      el.content[i] = block
      placed = true
    end
  end
  if not placed then -- a table written as other markup than a pipe table: its caption above it
    el.content:insert(1, pandoc.Div({ pandoc.Para(caption) }, pandoc.Attr("", { "table-caption" })))
  end
  -- as the engine names a cell's table region: its caption's words (WCAG 2.1.1; markdown.py)
  local name = pandoc.utils.stringify(caption):gsub('"', "'")
  el.attr = pandoc.Attr(el.identifier, { "table-float" },
    { { "tabindex", "0" }, { "role", "region" }, { "aria-label", name } })
  return el
end

return {
  { Meta = read_targets },
  { Cite = cite, Figure = figure, Div = table_div },
}
