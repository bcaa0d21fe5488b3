// Adds a search box to each name picker longer than a handful (macros.html `picker`): typing
// "ryan" or a team or role hides the names that do not match; ticked names always stay in view.
// Without JavaScript the full list of tick-boxes works as it is.
(function () {
  "use strict";
  var SHORT = 6; // a list this short is read at a glance: no search box
  function enhance(picker) {
    var options = picker.querySelector(".picker-options");
    if (!options) return;
    var labels = Array.prototype.slice.call(options.querySelectorAll("label.choice"));
    if (labels.length <= SHORT) return;
    var legend = picker.querySelector("legend");
    var search = document.createElement("input");
    search.type = "search";
    search.className = "picker-search";
    search.placeholder = "Search by " + (picker.getAttribute("data-search-hint") || "name");
    search.setAttribute("aria-label", "Search " + (legend ? legend.textContent : "the list"));
    var count = document.createElement("p");
    count.className = "picker-count";
    count.setAttribute("aria-live", "polite");
    function chosen() {
      return labels.filter(function (label) { return label.querySelector("input").checked; });
    }
    function update() {
      var words = search.value.toLowerCase().split(/\s+/).filter(Boolean);
      var shown = 0;
      labels.forEach(function (label) {
        var text = label.getAttribute("data-search") || "";
        var ticked = label.querySelector("input").checked;
        var match = words.every(function (word) { return text.indexOf(word) !== -1; });
        label.hidden = !(ticked || match);
        if (!label.hidden) shown += 1;
      });
      var ticked = chosen().length;
      count.textContent = ticked + " chosen" + (words.length ? " · " + shown + " shown" : "");
    }
    search.addEventListener("input", update);
    // Enter in the search box ticks the only match instead of submitting the form.
    search.addEventListener("keydown", function (event) {
      if (event.key !== "Enter") return;
      event.preventDefault();
      var visible = labels.filter(function (label) {
        return !label.hidden && !label.querySelector("input").checked;
      });
      if (visible.length === 1) {
        visible[0].querySelector("input").checked = true;
        search.value = "";
        update();
      }
    });
    options.addEventListener("change", update);
    options.parentNode.insertBefore(search, options);
    options.parentNode.insertBefore(count, options);
    update();
  }
  Array.prototype.forEach.call(document.querySelectorAll("[data-picker]"), enhance);
})();
