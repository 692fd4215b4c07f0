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
      var first = added && added.querySelector("input, select, textarea");
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
