/* Broadsheet's search page. It reads the search index embedded in the page (the same data as
   search/index.json), keeps the entries whose folded text holds every folded word of ?q=, and
   lists them newest first. Text is folded as the library folds it (broadsheet::text::fold):
   compatibility decomposition, optional diacritics removed, lower case, final sigma and sharp
   s folded, recomposed. Results are built with textContent only: nothing from the index is
   ever read as HTML. */
(function () {
  "use strict";
  var data = document.getElementById("search-index");
  var list = document.getElementById("search-results");
  var status = document.getElementById("search-status");
  if (!data || !list || !status) { return; }
  var marks = /[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f\u0591-\u05bd\u05bf\u05c1\u05c2\u05c4\u05c5\u05c7\u064b-\u065f\u0670]/g;
  function fold(text) {
    var lowered = text.normalize("NFKD").replace(marks, "").toLowerCase()
      .replace(/\u03c2/g, "\u03c3").replace(/\u00df/g, "ss");
    return lowered.normalize("NFKD").replace(marks, "").normalize("NFC");
  }
  var entries;
  try {
    entries = JSON.parse(data.textContent).entries || [];
  } catch (error) {
    status.textContent = "The search index could not be read.";
    return;
  }
  var query = new URLSearchParams(window.location.search).get("q") || "";
  var field = document.getElementById("search-field");
  if (field) { field.value = query; }
  var words = fold(query).split(/\s+/).filter(function (word) { return word.length > 0; });
  if (words.length === 0) { return; }
  var found = entries.filter(function (entry) {
    return words.every(function (word) { return entry.text.indexOf(word) !== -1; });
  });
  status.textContent = (found.length === 1 ? "1 result" : found.length + " results") +
    " for \u201c" + query + "\u201d";
  found.forEach(function (entry) {
    var item = document.createElement("li");
    var link = document.createElement("a");
    link.className = "search-result-title";
    link.setAttribute("href", entry.url);
    link.textContent = entry.title;
    item.appendChild(link);
    if (entry.date) {
      var date = document.createElement("span");
      date.className = "meta";
      date.textContent = " \u00b7 " + entry.date;
      item.appendChild(date);
    }
    if (entry.excerpt) {
      var excerpt = document.createElement("p");
      excerpt.textContent = entry.excerpt;
      item.appendChild(excerpt);
    }
    list.appendChild(item);
  });
})();
