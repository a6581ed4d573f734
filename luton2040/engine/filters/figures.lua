-- A figure's picture as Quarto 1.7.34 writes it for HTML: the caption is said once, by the
-- <figcaption>, and the <img> has no alt attribute of its own unless the author gave one with
-- fig-alt (or alt). Quarto clears the image's description inside every figure
-- (src/resources/filters/layout/html.lua, htmlImageFigure: "make a copy of the caption and clear it";
-- a labelled one in src/resources/filters/quarto-pre/parsefiguredivs.lua, image.caption = {}), and
-- turns fig-alt into alt on any image (src/resources/filters/quarto-post/html.lua, Image).
-- Pandoc alone repeats the caption as the alt and hides the <figcaption> (aria-hidden); a partner's
-- section is sanitised without aria-hidden, so a screen reader heard the caption twice.

local function fig_alt(img)
  local alt = img.attributes["fig-alt"]
  if alt ~= nil then
    img.attributes["alt"] = alt
    img.attributes["fig-alt"] = nil
    return img
  end
  return nil
end

local function figure(el)
  el.content = el.content:walk({
    Image = function(img)
      img.caption = pandoc.Inlines({})
      return img
    end,
  })
  return el
end

return {
  { Image = fig_alt },
  { Figure = figure },
}
