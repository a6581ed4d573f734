// Table cards, loaded on every page by both renderers (format.html.include-after-body in
// _quarto.yml names styles/table-cards.html, which loads this file). Each cell learns its column
// heading (data-label), so on a phone a row can show as a card of "heading: value" lines
// (styles/site.css, below 600 px). Without this script tables scroll sideways.
(function () {
  "use strict";

  function cards() {
    document.querySelectorAll("main table").forEach(function (table) {
      var headings = Array.prototype.map.call(table.querySelectorAll("thead th"), function (th) {
        return th.textContent.trim();
      });
      if (!headings.length) return;
      table.classList.add("cards");
      table.querySelectorAll("tbody tr").forEach(function (row) {
        Array.prototype.forEach.call(row.children, function (cell, i) {
          if (headings[i] && !cell.hasAttribute("data-label")) cell.setAttribute("data-label", headings[i]);
          // The value as one box beside its heading: a cell of words and badges ("Males: On track;
          // Females: …") would otherwise give the card's grid one item per piece.
          if (cell.childNodes.length > 1 && !cell.querySelector(":scope > .cell-value")) {
            var value = document.createElement("span");
            value.className = "cell-value";
            while (cell.firstChild) value.appendChild(cell.firstChild);
            cell.appendChild(value);
          }
        });
      });
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", cards);
  else cards();
})();
