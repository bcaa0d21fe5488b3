// Polls the solve job's status once a second and updates the progress page until the job ends.
(function () {
  "use strict";
  var section = document.getElementById("progress");
  if (!section) { return; }
  var statusUrl = section.getAttribute("data-status-url");

  function show(id, value) {
    var element = document.getElementById(id);
    if (element) { element.textContent = (value === null || value === undefined) ? "\u2014" : String(value); }
  }

  function render(status) {
    show("job-headline", status.headline);
    show("job-state", status.state);
    document.getElementById("job-state").className = "state-" + status.state;
    show("job-elapsed", status.elapsed);
    show("job-score", status.score);
    show("job-bound", status.bound);
    show("job-placed", status.placed);
    show("job-total", status.total);
    show("job-musts-placed", status.musts_placed);
    show("job-musts", status.musts);
    var outcome = document.getElementById("job-outcome");
    outcome.textContent = status.outcome;
    outcome.hidden = !status.outcome;
    var error = document.getElementById("job-error");
    error.textContent = status.error;
    error.hidden = !status.error;
    var note = document.getElementById("job-note");
    note.textContent = status.note;
    note.hidden = !status.note;
    // Only what applies now: Stop while it runs, Try again after a failure, the result once saved.
    document.getElementById("stop-form").hidden = status.finished;
    document.getElementById("retry-form").hidden = !status.retryable;
    var result = document.getElementById("job-result");
    if (status.result_url) {
      result.href = status.result_url;
      show("job-version", status.version);
    }
    result.hidden = !status.result_url;
  }

  function poll() {
    fetch(statusUrl, { headers: { "Accept": "application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (status) {
        render(status);
        if (!status.finished) { window.setTimeout(poll, 1000); }
      })
      .catch(function () { window.setTimeout(poll, 2000); });
  }

  var stopForm = document.getElementById("stop-form");
  stopForm.addEventListener("submit", function (event) {
    event.preventDefault();
    document.getElementById("stop-button").disabled = true;
    fetch(stopForm.action, {
      method: "POST", body: new FormData(stopForm), credentials: "same-origin",
      headers: { "Accept": "application/json" }
    });
  });

  window.setTimeout(poll, 1000);
})();
