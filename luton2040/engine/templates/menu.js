// The engine's phone menu button (progressive: without this script the chapter list shows above
// the text). Quarto's own page collapses its sidebar on phones; the table cards, which both
// renderers need, are the project's styles/table-cards.js. Loaded from <head>: it marks the page
// as scripted at once, so the folded menu never flashes open.
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

  document.addEventListener("DOMContentLoaded", menu);
})();
