// The source view's selection flow: selecting a passage of the stored text fills the add-contact
// and add-claim forms with its offsets and quote (text[start:end] == quote, checked again by the
// server) and prefills them from what the extraction already found in that passage.
(function () {
  "use strict";
  var text = document.getElementById("article-text");
  var forms = document.getElementById("selection-forms");
  if (!text || !forms) { return; }
  var articleId = text.closest("[data-article-id]").getAttribute("data-article-id");

  function offsetIn(node, offset) {
    var range = document.createRange();
    range.selectNodeContents(text);
    range.setEnd(node, offset);
    return range.toString().length;
  }

  function fill(form, start, end, quote) {
    form.elements.start.value = start;
    form.elements.end.value = end;
    form.elements.quote.value = quote;
  }

  function prefill(start, end) {
    window.fetch("/articles/" + articleId + "/prefill?start=" + start + "&end=" + end,
                 { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .catch(function () { return null; })
      .then(function (found) {
        // The forms show once prefilled, so nothing typed by the analyst is overwritten.
        forms.hidden = false;
        if (!found) { return; }
        var form = document.getElementById("add-contact-form");
        form.elements.kind.value = found.kind || "meeting";
        form.elements.date.value = found.date || "";
        form.elements.date_precision.value = found.date_precision || "unknown";
        form.elements.location.value = found.location || "";
        var ids = found.actors.filter(function (a) { return a.id !== null; })
          .map(function (a) { return String(a.id); });
        Array.prototype.forEach.call(form.elements.participants.options, function (option) {
          option.selected = ids.indexOf(option.value) !== -1;
        });
        var unknown = found.actors.filter(function (a) { return a.id === null; });
        form.elements.new_participant.value = unknown.length ? unknown[0].name : "";
      });
  }

  function onSelect() {
    var selection = window.getSelection();
    if (!selection || selection.rangeCount === 0 || selection.isCollapsed) { return; }
    var range = selection.getRangeAt(0);
    if (!text.contains(range.startContainer) || !text.contains(range.endContainer)) { return; }
    var start = offsetIn(range.startContainer, range.startOffset);
    var end = offsetIn(range.endContainer, range.endOffset);
    var quote = range.toString();
    if (end <= start || !quote.trim()) { return; }
    fill(document.getElementById("add-contact-form"), start, end, quote);
    fill(document.getElementById("add-claim-form"), start, end, quote);
    document.getElementById("selection-quote").textContent = "“" + quote + "” (" + start + "–" + end + ")";
    document.getElementById("selection-hint").hidden = true;
    forms.hidden = true;
    prefill(start, end);
  }

  text.addEventListener("mouseup", function () { window.setTimeout(onSelect, 0); });
  text.addEventListener("keyup", function (event) { if (event.shiftKey) { onSelect(); } });
})();
