// Liaison pages: draws Plotly figures from data attributes, keeps focus across htmx swaps,
// and emphasises the span named in the URL fragment (#claim-12, #src-3).
(function () {
  "use strict";

  function drawCharts(root) {
    if (typeof window.Plotly === "undefined") { return; }
    (root || document).querySelectorAll("[data-figure]").forEach(function (el) {
      var figure = JSON.parse(el.getAttribute("data-figure"));
      window.Plotly.react(el, figure.data, figure.layout, {
        displaylogo: false, responsive: true,
        modeBarButtonsToRemove: ["select2d", "lasso2d", "toImage"]
      });
      var base = el.getAttribute("data-click");
      if (base && !el.dataset.clickBound) {
        el.dataset.clickBound = "1";
        el.on("plotly_click", function (event) {
          var point = event.points && event.points[0];
          if (point && point.customdata !== undefined) {
            window.location.href = base + encodeURIComponent(point.customdata);
          }
        });
      }
    });
  }

  function emphasiseTarget() {
    document.querySelectorAll(".is-target").forEach(function (el) { el.classList.remove("is-target"); });
    var id = decodeURIComponent(window.location.hash.slice(1));
    if (!id) { return; }
    var parts = document.querySelectorAll("mark[data-anchors]");
    var first = null;
    parts.forEach(function (el) {
      if (el.getAttribute("data-anchors").split(" ").indexOf(id) !== -1) {
        el.classList.add("is-target");
        if (!first) { first = el; }
      }
    });
    if (first) { first.scrollIntoView({ block: "center" }); }
  }

  var focusedId = null;
  document.addEventListener("htmx:beforeRequest", function () {
    var active = document.activeElement;
    focusedId = active && active.id ? active.id : null;
  });
  document.addEventListener("htmx:afterSettle", function (event) {
    drawCharts(document);
    if (focusedId) {
      var again = document.getElementById(focusedId);
      if (again && document.activeElement !== again) { again.focus(); }
    }
  });

  function ready() {
    drawCharts(document);
    emphasiseTarget();
  }
  window.addEventListener("hashchange", emphasiseTarget);
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", ready);
  } else {
    ready();
  }
})();
