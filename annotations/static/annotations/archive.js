// "/" from anywhere opens search; on the search page it focuses the box. The review page
// keeps its own "/" (filter the article), so this stands aside there.
(function () {
  "use strict";
  document.addEventListener("keydown", function (ev) {
    if (ev.key !== "/" || ev.ctrlKey || ev.metaKey || ev.altKey || ev.defaultPrevented) { return; }
    var t = ev.target;
    if (t.matches && t.matches("input, textarea, select, [contenteditable]")) { return; }
    if (document.getElementById("review")) { return; }
    var box = document.getElementById("search-q");
    var link = document.querySelector("[data-search-link]");
    if (!box && !link) { return; }
    ev.preventDefault();
    if (box) { box.focus(); box.select(); } else { window.location.href = link.href; }
  });
})();
