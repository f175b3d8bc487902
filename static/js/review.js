// The review queue: j/k (or arrows) move, c confirms, r rejects with a reason, u sends back to
// unreviewed, o opens. Decisions go to the JSON API with the page's CSRF token.
(function () {
  "use strict";
  var list = document.getElementById("queue");
  if (!list) { return; }
  var status = document.getElementById("queue-status");
  var csrf = list.getAttribute("data-csrf");

  function items() { return Array.prototype.slice.call(list.querySelectorAll(".queue-item")); }
  function current() { return list.querySelector(".queue-item.is-current"); }

  function select(item) {
    if (!item) { return; }
    items().forEach(function (el) { el.classList.remove("is-current"); el.setAttribute("aria-selected", "false"); });
    item.classList.add("is-current");
    item.setAttribute("aria-selected", "true");
    item.focus({ preventScroll: true });
    item.scrollIntoView({ block: "nearest" });
  }

  function move(step) {
    var all = items();
    var index = all.indexOf(current());
    select(all[Math.min(all.length - 1, Math.max(0, index + step))]);
  }

  function decide(item, decision, note) {
    var id = item.getAttribute("data-id");
    return window.fetch("/api/contacts/" + id + "/review", {
      method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf, "Accept": "application/json" },
      body: JSON.stringify({ status: decision, note: note || "" })
    }).then(function (response) {
      if (!response.ok) {
        return response.json().then(function (body) { throw new Error(body.detail || response.status); });
      }
      return response.json();
    }).then(function (body) {
      item.setAttribute("data-status", body.review.status);
      var badge = item.querySelector(".status");
      badge.textContent = body.review.status;
      badge.className = "status st-" + body.review.status;
      badge.setAttribute("data-status", body.review.status);
      status.textContent = "#" + id + " " + body.review.status + ".";
      move(1);
    }).catch(function (error) {
      status.textContent = "Could not save #" + id + ": " + error.message;
    });
  }

  function askReason(item) {
    var form = item.querySelector(".queue-reason");
    form.hidden = false;
    var input = form.querySelector("input");
    input.focus();
    form.onsubmit = function (event) {
      event.preventDefault();
      form.hidden = true;
      decide(item, "rejected", input.value);
    };
    input.onkeydown = function (event) {
      if (event.key === "Escape") { form.hidden = true; item.focus(); }
    };
  }

  list.addEventListener("click", function (event) {
    var item = event.target.closest(".queue-item");
    if (item && !event.target.closest("a, input, button")) { select(item); }
  });

  document.addEventListener("keydown", function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey) { return; }
    if (event.target.closest && event.target.closest("input, textarea, select")) { return; }
    var item = current();
    if (!item) { return; }
    var key = event.key;
    if (key === "j" || key === "ArrowDown") { move(1); }
    else if (key === "k" || key === "ArrowUp") { move(-1); }
    else if (key === "c") { decide(item, "confirmed"); }
    else if (key === "u") { decide(item, "unreviewed"); }
    else if (key === "r") { askReason(item); }
    else if (key === "o") { window.location.href = "/contacts/" + item.getAttribute("data-id"); }
    else { return; }
    event.preventDefault();
  });
  select(current() || items()[0]);
})();
