// The phone menu button and table cards (progressive: without this script the chapter list shows
// above the text and tables scroll sideways). Loaded from <head>: it marks the page as scripted at
// once, so the folded menu never flashes open.
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  function menu() {
    var button = document.getElementById("menu-button");
    var nav = document.getElementById(button ? button.getAttribute("aria-controls") : "");
    if (!button || !nav) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      var open = button.getAttribute("aria-expanded") !== "true";
      button.setAttribute("aria-expanded", open ? "true" : "false");
      nav.classList.toggle("open", open);
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && button.getAttribute("aria-expanded") === "true") {
        button.setAttribute("aria-expanded", "false");
        nav.classList.remove("open");
        button.focus();
      }
    });
  }

  // Each cell learns its column heading (data-label), so on a phone a row can show as a card of
  // "heading: value" lines (styles/site.css, below 600 px).
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
        });
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () { menu(); cards(); });
})();
