// Click-and-drag painting of the availability grid. The form works without this file: every
// cell is a <select> and the shortcut buttons fill the grid on the server.
(function () {
  "use strict";
  var grid = document.getElementById("availability-grid");
  if (!grid || grid.closest("fieldset[disabled]")) { return; }
  var brushes = document.getElementById("brushes");
  brushes.hidden = false;
  var hint = document.querySelector(".brush-hint");
  if (hint) { hint.hidden = false; }
  grid.classList.add("painting");

  function brush() {
    var chosen = brushes.querySelector("input[name=brush]:checked");
    return chosen ? chosen.value : "yes";
  }
  function paint(cell, level) {
    var select = cell.querySelector("select");
    select.value = level;
    cell.className = cell.className.replace(/\blevel-\S+/g, "").trim() + " level-" + (level || "blank");
  }
  function cellAt(x, y) {
    var element = document.elementFromPoint(x, y);
    return element ? element.closest("td.cell") : null;
  }

  var painting = false;
  grid.addEventListener("pointerdown", function (event) {
    var cell = event.target.closest("td.cell");
    if (!cell) { return; }
    event.preventDefault();
    painting = true;
    paint(cell, brush());
  });
  document.addEventListener("pointermove", function (event) {
    if (!painting) { return; }
    var cell = cellAt(event.clientX, event.clientY);
    if (cell && grid.contains(cell)) { paint(cell, brush()); }
  });
  document.addEventListener("pointerup", function () { painting = false; });
  document.addEventListener("pointercancel", function () { painting = false; });

  // A keyboard user changes a focused select: keep its colour in step.
  grid.addEventListener("change", function (event) {
    var cell = event.target.closest("td.cell");
    if (cell) { paint(cell, event.target.value); }
  });

  // Shortcut buttons fill a day (or its morning) here instead of a round trip to the server.
  grid.addEventListener("click", function (event) {
    var button = event.target.closest("button[data-span]");
    if (!button) { return; }
    event.preventDefault();
    grid.querySelectorAll('td.cell[data-day="' + button.dataset.day + '"]').forEach(function (cell) {
      if (button.dataset.span === "day" || cell.dataset.morning === "yes") { paint(cell, button.dataset.level); }
    });
  });
})();
