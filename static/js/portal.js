// Small progressive enhancements; every page works without JavaScript.
(function () {
  "use strict";
  // Ask before submitting forms marked data-confirm (destructive actions).
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var question = form.getAttribute && form.getAttribute("data-confirm");
    if (question && !window.confirm(question)) {
      event.preventDefault();
    }
  });

  // Error summary (templates/includes/error_summary.html): each link leads to its field, and the
  // page opens with the focus on the first field at fault (the summary itself when no field is).
  var summary = document.querySelector("[data-error-summary]");
  if (summary) {
    var fieldOf = function (link) {
      var id = decodeURIComponent(link.getAttribute("href").slice(1));
      return document.getElementById(id);
    };
    summary.addEventListener("click", function (event) {
      var link = event.target.closest("a[href^='#']");
      var field = link && fieldOf(link);
      if (field) {
        event.preventDefault();
        field.scrollIntoView({ block: "center" });
        field.focus();
      }
    });
    var firstLink = summary.querySelector("a[href^='#']");
    var firstField = firstLink && fieldOf(firstLink);
    if (firstField) {
      firstField.scrollIntoView({ block: "center" });
      firstField.focus();
    } else {
      summary.focus();
    }
  }

  // Dynamic formsets: a container [data-formset-prefix] with a <template data-formset-empty>
  // holding the empty form (prefix __prefix__) and a button [data-formset-add].
  document.querySelectorAll("[data-formset-prefix]").forEach(function (container) {
    var prefix = container.getAttribute("data-formset-prefix");
    var total = document.getElementById("id_" + prefix + "-TOTAL_FORMS");
    var template = container.querySelector("template[data-formset-empty]");
    var addButton = container.querySelector("[data-formset-add]");
    var rows = container.querySelector("[data-formset-rows]");
    if (!total || !template || !addButton || !rows) { return; }
    addButton.addEventListener("click", function () {
      var index = parseInt(total.value, 10);
      var html = template.innerHTML.replace(/__prefix__/g, String(index));
      rows.insertAdjacentHTML("beforeend", html);
      total.value = String(index + 1);
      var added = rows.lastElementChild;
      var first = added && added.querySelector("input:not([type=hidden]), select, textarea");
      if (first) { first.focus(); }
    });
    // Mark rows ticked for deletion so the user sees what will go.
    container.addEventListener("change", function (event) {
      if (event.target.name && /-DELETE$/.test(event.target.name)) {
        var row = event.target.closest(".formset-row");
        if (row) { row.classList.toggle("to-delete", event.target.checked); }
      }
    });
  });
})();
