// Checks a move as soon as the day, start or room changes, and shows the rule breaks it would
// cause. The "Check" button does the same without JavaScript.
(function () {
  "use strict";
  var form = document.getElementById("move-form");
  var region = document.getElementById("move-check");
  if (!form || !region) { return; }
  var checkUrl = form.getAttribute("data-check-url");
  var asked = 0;

  function paragraph(text, className) {
    var p = document.createElement("p");
    p.className = className;
    p.textContent = text;
    return p;
  }

  function render(result) {
    region.textContent = "";
    if (result.error) {
      region.appendChild(paragraph(result.error, "flash flash-error"));
    } else if (result.breaks.length) {
      var box = document.createElement("div");
      box.className = "errors";
      box.setAttribute("role", "alert");
      var count = result.breaks.length;
      box.appendChild(paragraph("This move would break " + count + " rule" + (count === 1 ? "" : "s") + ":", ""));
      var list = document.createElement("ul");
      list.className = "breaks";
      result.breaks.forEach(function (text) {
        var item = document.createElement("li");
        item.textContent = text;
        list.appendChild(item);
      });
      box.appendChild(list);
      region.appendChild(box);
    } else if (result.changes_anything) {
      region.appendChild(paragraph("This move breaks no rule. Save it as a new draft version.", "flash flash-success"));
    } else {
      region.appendChild(paragraph("That is where it is now.", "flash"));
    }
    (result.notes || []).forEach(function (note) { region.appendChild(paragraph(note, "hint")); });
  }

  function check() {
    var query = new URLSearchParams({
      day: form.elements.day.value, start: form.elements.start.value, room: form.elements.room.value
    });
    var ticket = ++asked;
    region.setAttribute("aria-busy", "true");
    fetch(checkUrl + "?" + query.toString(), { headers: { "Accept": "application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (result) {
        if (ticket === asked) { render(result); region.removeAttribute("aria-busy"); }
      })
      .catch(function () { region.removeAttribute("aria-busy"); });
  }

  ["day", "start", "room"].forEach(function (name) {
    form.elements[name].addEventListener("change", check);
  });
})();
