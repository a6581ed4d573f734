-- Callouts on the document tree: a div with class .callout-note/-tip/-warning/-important/-caution
-- becomes an <aside> with a visible title (its first heading, else the type's name), as Quarto
-- renders callouts. A "::: {.callout-note}" written inside a code block or inline code is text,
-- not a div, so it stays literal.

local TITLES = { note = "Note", tip = "Tip", warning = "Warning", important = "Important",
                 caution = "Caution" }
local count = 0

local function kind_of(div)
  for _, class in ipairs(div.classes) do
    local kind = class:match("^callout%-(%w+)$")
    if kind then return kind end
  end
  return nil
end

local callout

local function walk(blocks)
  return pandoc.Blocks(blocks):walk({ traverse = "topdown", Div = callout })
end

callout = function(div)
  local kind = kind_of(div)
  if kind == nil then return nil end
  count = count + 1 -- numbered before the callouts inside it: reading order
  local ident = "callout-" .. count .. "-title"
  local content = walk(div.content)
  local title = pandoc.Inlines({ pandoc.Str(TITLES[kind] or (kind:sub(1, 1):upper() .. kind:sub(2))) })
  if #content > 0 and content[1].t == "Header" then
    title = content[1].content
    content:remove(1)
  end
  local out = pandoc.Blocks({
    pandoc.RawBlock("html", '<aside class="callout callout-' .. kind .. '" aria-labelledby="' .. ident .. '">'),
    pandoc.Div({ pandoc.Para(title) }, pandoc.Attr(ident, { "callout-title" })),
  })
  out:extend(content)
  out:insert(pandoc.RawBlock("html", "</aside>"))
  return out, false -- its content is done
end

function Pandoc(doc)
  doc.blocks = walk(doc.blocks)
  return doc
end
