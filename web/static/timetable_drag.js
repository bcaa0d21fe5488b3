// Drag a session block of the grid to a free slot: each free cell it passes over is checked with
// the move page's live check (every hard rule), and a drop on a free slot saves the move as a new
// draft through the move page's own form. The Move link stays the keyboard and no-JavaScript way.
(function () {
  "use strict";
  var table = document.querySelector("table.draggable-grid");
  var form = document.getElementById("drag-move-form");
  if (!table || !form) { return; }
  var status = document.getElementById("drag-status");
  var day = table.getAttribute("data-day");
  var dragged = null;
  var verdicts = {};  // "session|start|room" -> the check's answer, or a pending promise

  function say(text, bad) {
    status.textContent = text;
    status.className = "flash" + (bad ? " flash-error" : "");
    status.hidden = !text;
  }

  function checkUrl(block, cell) {
    var base = block.getAttribute("data-move-url").replace(/\/move$/, "/check.json");
    return base + "?day=" + encodeURIComponent(day) + "&start=" + encodeURIComponent(cell.getAttribute("data-start")) +
      "&room=" + encodeURIComponent(cell.getAttribute("data-room"));
  }

  function verdict(block, cell) {
    var key = block.getAttribute("data-session") + "|" + cell.getAttribute("data-start") + "|" + cell.getAttribute("data-room");
    if (!verdicts[key]) {
      verdicts[key] = fetch(checkUrl(block, cell), { headers: { "Accept": "application/json" }, credentials: "same-origin" })
        .then(function (response) { return response.json(); })
        .catch(function () { return { ok: false, breaks: [], error: "The check could not be reached; try the Move link." }; });
    }
    return verdicts[key];
  }

  function clearMarks() {
    Array.prototype.forEach.call(table.querySelectorAll("td.drop-ok, td.drop-bad, td.drop-checking"), function (cell) {
      cell.classList.remove("drop-ok", "drop-bad", "drop-checking");
    });
  }

  table.addEventListener("dragstart", function (event) {
    var block = event.target.closest ? event.target.closest(".block-body[draggable]") : null;
    if (!block) { return; }
    dragged = block;
    block.classList.add("dragging");
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", block.getAttribute("data-title"));
    say("Moving '" + block.getAttribute("data-title") + "': drop it on a free slot.", false);
  });

  table.addEventListener("dragend", function () {
    if (dragged) { dragged.classList.remove("dragging"); }
    clearMarks();
  });

  table.addEventListener("dragenter", function (event) {
    var cell = event.target.closest ? event.target.closest("td.empty") : null;
    if (!dragged || !cell) { return; }
    if (!cell.classList.contains("drop-ok") && !cell.classList.contains("drop-bad")) {
      cell.classList.add("drop-checking");
      verdict(dragged, cell).then(function (answer) {
        cell.classList.remove("drop-checking");
        cell.classList.add(answer.ok ? "drop-ok" : "drop-bad");
        cell.title = answer.ok ? "Free: drop here" : (answer.error || answer.breaks.join("\n"));
      });
    }
  });

  table.addEventListener("dragover", function (event) {
    var cell = event.target.closest ? event.target.closest("td.empty") : null;
    if (dragged && cell) { event.preventDefault(); event.dataTransfer.dropEffect = "move"; }
  });

  table.addEventListener("drop", function (event) {
    var cell = event.target.closest ? event.target.closest("td.empty") : null;
    if (!dragged || !cell) { return; }
    event.preventDefault();
    var block = dragged;
    var where = cell.getAttribute("data-where") + " at " + cell.getAttribute("data-start");
    say("Checking " + where + " for '" + block.getAttribute("data-title") + "'…", false);
    verdict(block, cell).then(function (answer) {
      if (!answer.ok) {
        var reasons = answer.error || answer.breaks.join("; ") || "it would not change anything";
        say("'" + block.getAttribute("data-title") + "' cannot move to " + where + ": " + reasons, true);
        return;
      }
      form.action = block.getAttribute("data-move-url");
      form.elements.day.value = day;
      form.elements.start.value = cell.getAttribute("data-start");
      form.elements.room.value = cell.getAttribute("data-room");
      say("Moving '" + block.getAttribute("data-title") + "' to " + where + "…", false);
      form.submit();
    });
  });
})();
