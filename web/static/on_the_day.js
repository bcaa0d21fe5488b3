// Keeps an open control page current: every data-refresh-seconds it fetches the page again and
// swaps in the new board (statuses move with the clock and with what others mark). A round is
// skipped while the tab is hidden or while a form on the board is being filled in, so nothing a
// coordinator has typed is lost. Without JavaScript the page's Refresh link does the same.
(function () {
  "use strict";
  var live = document.getElementById("day-live");
  if (!live || !window.fetch || !window.DOMParser) { return; }
  var seconds = parseInt(live.getAttribute("data-refresh-seconds"), 10) || 30;
  var note = document.getElementById("auto-refresh");
  if (note) { note.hidden = false; }

  function busy() {
    var active = document.activeElement;
    if (active && active !== document.body && live.contains(active) && active.form) { return true; }
    var fields = live.querySelectorAll("input, select, textarea");
    for (var i = 0; i < fields.length; i += 1) {
      var field = fields[i];
      if (field.type !== "hidden" && field.value !== field.defaultValue) { return true; }
    }
    return false;
  }

  function refresh() {
    if (document.hidden || busy()) { return schedule(); }
    fetch(window.location.pathname + window.location.search, {
      credentials: "same-origin", headers: { "Accept": "text/html" }
    })
      .then(function (response) {
        if (!response.ok || response.redirected) { throw new Error("not the board"); }
        return response.text();
      })
      .then(function (html) {
        var fresh = new DOMParser().parseFromString(html, "text/html").getElementById("day-live");
        if (fresh && !busy()) {
          live.innerHTML = fresh.innerHTML;
          var shown = document.getElementById("auto-refresh");
          if (shown) { shown.hidden = false; }
        }
        schedule();
      })
      .catch(function () { schedule(); });  // signed out or offline: try again next round
  }

  function schedule() { window.setTimeout(refresh, seconds * 1000); }
  schedule();
}());
