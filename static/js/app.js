// Liaison pages: draws Plotly figures (inline or fetched), keeps focus across htmx swaps,
// and emphasises the span named in the URL fragment (#claim-12, #src-3).
(function () {
  "use strict";

  function draw(el, figure) {
    window.Plotly.react(el, figure.data, figure.layout, {
      displaylogo: false, responsive: true,
      modeBarButtonsToRemove: ["select2d", "lasso2d", "toImage"]
    });
    // A figure may say how to read it (an aggregated one: markers are counts of contacts).
    var note = el.parentNode && el.parentNode.querySelector(".chart-legend-note");
    var meta = figure.layout && figure.layout.meta;
    if (note) {
      if (!note.dataset.plain) { note.dataset.plain = note.textContent; }
      note.textContent = (meta && meta.note) || note.dataset.plain;
    }
    var base = el.getAttribute("data-click");
    if (base && !el.dataset.clickBound) {
      el.dataset.clickBound = "1";
      el.on("plotly_click", function (event) {
        var point = event.points && event.points[0];
        var data = point && point.customdata;
        // customdata is the contact id, or a list whose first item is the id, or (a marker
        // standing for many contacts) the URL of their list.
        var id = Array.isArray(data) ? data[0] : data;
        var query = el.getAttribute("data-click-query");
        if (typeof id === "string" && id.charAt(0) === "/") {
          window.location.href = id;
        } else if (id !== undefined && id !== null) {
          window.location.href = base + encodeURIComponent(id) + (query ? "?" + query : "");
        }
      });
    }
  }

  // Large figures are not inlined in the page: fetch them from the URL in data-figure-src
  // (same origin, revalidated with an ETag). A chart already drawn from that URL is kept.
  function fetchAndDraw(el) {
    var src = el.getAttribute("data-figure-src");
    if (el.dataset.figureLoaded === src) { return; }
    el.dataset.figureLoaded = src;
    el.setAttribute("aria-busy", "true");
    window.fetch(src, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (response) {
        if (!response.ok) { throw new Error("chart data: HTTP " + response.status); }
        return response.json();
      })
      .then(function (figure) {
        if (el.isConnected && el.getAttribute("data-figure-src") === src) { draw(el, figure); }
      })
      .catch(function () {
        delete el.dataset.figureLoaded;
        el.textContent = "The chart could not be loaded; the list below shows the same contacts.";
      })
      .then(function () { el.removeAttribute("aria-busy"); });
  }

  function drawCharts(root) {
    if (typeof window.Plotly === "undefined") { return; }
    (root || document).querySelectorAll("[data-figure]").forEach(function (el) {
      draw(el, JSON.parse(el.getAttribute("data-figure")));
    });
    (root || document).querySelectorAll("[data-figure-src]").forEach(fetchAndDraw);
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

  // Facet inputs are re-rendered with new counts; put the keyboard focus back where it was.
  var focused = null;
  function selectorFor(el) {
    if (!el || el === document.body) { return null; }
    if (el.id) { return "#" + CSS.escape(el.id); }
    if (el.name && el.value !== undefined) {
      return 'input[name="' + CSS.escape(el.name) + '"][value="' + CSS.escape(el.value) + '"]';
    }
    return null;
  }
  document.addEventListener("htmx:beforeRequest", function () {
    focused = selectorFor(document.activeElement);
  });
  document.addEventListener("htmx:afterSettle", function () {
    drawCharts(document);
    var again = focused && document.querySelector(focused);
    if (again && document.activeElement !== again) { again.focus(); }
  });

  // Ticking a box or a radio applies the filters at once; text fields apply on Enter or with the
  // Apply button (applying on their "change" too would send Enter twice and push two entries).
  function applyOnToggle() {
    var form = document.getElementById("filters");
    if (!form || typeof window.htmx === "undefined") { return; }
    form.addEventListener("change", function (event) {
      var type = event.target.type;
      if (type === "checkbox" || type === "radio") { window.htmx.trigger(form, "apply"); }
    });
  }

  // An ingest form clears itself once everything it sent was stored (the server says so).
  document.addEventListener("htmx:afterRequest", function (event) {
    var form = event.detail.elt;
    if (!form || !form.hasAttribute || !form.hasAttribute("data-reset-on-success")) { return; }
    var xhr = event.detail.xhr;
    if (event.detail.successful && xhr && xhr.getResponseHeader("X-Liaison-Ingest") === "ok") {
      form.reset();
    }
  });

  function ready() {
    applyOnToggle();
    drawCharts(document);
    emphasiseTarget();
  }
  window.addEventListener("hashchange", emphasiseTarget);
  // The browser scrolls to the fragment after load; centre the emphasised span after that.
  window.addEventListener("load", function () { window.setTimeout(emphasiseTarget, 0); });
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", ready);
  } else {
    ready();
  }
})();
