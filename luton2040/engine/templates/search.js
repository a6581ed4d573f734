// Site search over a Pagefind index (<site>/pagefind/), written by a post-render step.
// The search box stays hidden when Pagefind's script cannot load (no index, or a page opened from
// file://); when the index itself then fails to load, the box says search is unavailable.
(function () {
  "use strict";
  var box = document.querySelector(".site-search");
  if (!box) return;
  var root = box.getAttribute("data-root") || "";
  var input = document.getElementById("site-search-input");
  var status = document.getElementById("site-search-status");
  var list = document.getElementById("site-search-results");
  var base = new URL(root || "./", document.baseURI);
  var pagefind = null;
  var latest = 0;

  function href(url) {
    // Pagefind stores site-root URLs ("/measures/x.html"); make them relative to this page's root
    // so the site works from any folder.
    return new URL(url.replace(/^\//, ""), base).href;
  }

  function show(results, query, total) {
    list.textContent = "";
    list.hidden = document.activeElement !== input && !box.contains(document.activeElement);
    results.forEach(function (data) {
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = href(data.url);
      link.textContent = (data.meta && data.meta.title) || data.url;
      var excerpt = document.createElement("p");
      excerpt.innerHTML = data.excerpt; // Pagefind's own excerpt of our pages, with <mark> around the hits
      item.appendChild(link);
      item.appendChild(excerpt);
      list.appendChild(item);
    });
    status.textContent = query ? said(results.length, total, query) : "";
  }

  // "No results for …: try another word", "1 result for …", "23 results for …, first 10 shown": the
  // count is of every page found, not of the ten listed (a reader then knows to add a word).
  function said(shown, total, query) {
    var words = "\u201c" + query + "\u201d";
    if (!total) return "No results for " + words + ": try another word";
    var count = total + (total === 1 ? " result" : " results") + " for " + words;
    return shown < total ? count + ", first " + shown + " shown" : count;
  }

  async function search() {
    var query = input.value.trim();
    var ticket = ++latest;
    if (!query) { show([], "", 0); return; }
    try {
      var found = await pagefind.debouncedSearch(query, {}, 250);
      if (found === null || ticket !== latest) return; // a newer keystroke superseded this search
      var data = await Promise.all(found.results.slice(0, 10).map(function (r) { return r.data(); }));
      if (ticket === latest) show(data, query, found.results.length);
    } catch (error) {
      unavailable();
    }
  }

  function unavailable() {
    list.textContent = "";
    status.textContent = "Search is not available at the moment: the search index could not be loaded.";
  }

  import(new URL("pagefind/pagefind.js", base).href).then(async function (module) {
    pagefind = module;
    await pagefind.options({ baseUrl: "/" });
    box.hidden = false;
    // The index and its WebAssembly load when a reader turns to the box, not on every page view
    // (a search starts them too if the box was never focused).
    input.addEventListener("focus", function () { pagefind.init().catch(unavailable); }, { once: true });
    input.addEventListener("input", search);
    // The results lie over the page: they close when the focus moves on past them (so nothing the
    // reader tabs to is hidden under them) or a click lands elsewhere, and on Escape (the focus
    // back in the box); they open again when the box is focused.
    input.addEventListener("focus", function () { list.hidden = false; });
    box.addEventListener("focusout", function (event) {
      if (!box.contains(event.relatedTarget)) list.hidden = true;
    });
    box.addEventListener("keydown", function (event) {
      if (event.key !== "Escape" || list.hidden || !list.children.length) return;
      list.hidden = true;
      event.preventDefault(); // a first Escape closes the results; a second clears the box as usual
      if (document.activeElement !== input) input.focus();
    });
  }).catch(function () { /* no index: keep the box hidden */ });
})();
