// Narrows a long list as you type into its search box; the box's form still searches on the
// server without JavaScript (and on Enter).
(function () {
  "use strict";
  var box = document.getElementById("agenda-search");
  var table = document.querySelector("table.agenda-list");
  var count = document.getElementById("agenda-count");
  if (!box || !table || !count) { return; }
  var rows = Array.prototype.slice.call(table.tBodies[0].rows);
  var noun = count.getAttribute("data-noun");
  box.addEventListener("input", function () {
    var words = box.value.toLowerCase().split(/\s+/).filter(Boolean);
    var shown = 0;
    rows.forEach(function (row) {
      var text = (row.cells[0].textContent + " " + row.cells[1].textContent).toLowerCase();
      var match = words.every(function (word) { return text.indexOf(word) !== -1; });
      row.hidden = !match;
      if (match) { shown += 1; }
    });
    count.textContent = words.length ? shown + " of " + rows.length + " " + noun + " match \u201c" + box.value.trim() + "\u201d." : rows.length + " " + noun + ".";
  });
})();
