// Search-as-you-type choices (lean_portal/autocomplete.py): a <select data-autocomplete data-url="…">
// holding only the chosen options becomes a Tom Select box (static/vendor/tom-select) that asks
// the JSON endpoint for the few records matching what was typed. Keyboard: type, arrows, Enter
// to choose, Backspace to remove the last choice, Escape to close. Rows added later (the
// passport's team formset) are picked up too.
(function () {
  "use strict";
  if (typeof window.TomSelect !== "function") { return; }

  function escape(text) {
    var div = document.createElement("div");
    div.textContent = text == null ? "" : String(text);
    return div.innerHTML;
  }

  function enhance(select) {
    if (select.tomselect || select.closest("template")) { return; }
    var url = select.getAttribute("data-url");
    var minChars = parseInt(select.getAttribute("data-min-chars") || "0", 10);
    var multiple = select.multiple;
    var hasEmpty = Array.prototype.some.call(select.options, function (o) { return o.value === ""; });
    var settings = {
      valueField: "value",
      labelField: "text",
      searchField: [],
      maxOptions: 50,
      loadThrottle: 250,
      closeAfterSelect: !multiple,
      allowEmptyOption: false, // "---------" is not a choice in the list: the clear button empties the box
      placeholder: select.getAttribute("data-placeholder") || "",
      plugins: multiple
        ? { remove_button: { title: "Убрать" } }
        : (hasEmpty ? { clear_button: { title: "Очистить" } } : {}),
      // The server matched the text: keep its order and every row it sent.
      score: function () { return function () { return 1; }; },
      shouldLoad: function (query) { return query.trim().length >= minChars; },
      load: function (query, callback) {
        var self = this;
        var separator = url.indexOf("?") === -1 ? "?" : "&";
        fetch(url + separator + "q=" + encodeURIComponent(query), {
          credentials: "same-origin",
          headers: { Accept: "application/json", "X-Requested-With": "XMLHttpRequest" },
        })
          .then(function (response) {
            if (!response.ok) { throw new Error(String(response.status)); }
            return response.json();
          })
          .then(function (data) {
            self.clearOptions();
            callback(data.results || []);
          })
          .catch(function () { callback(); });
      },
      render: {
        option: function (item) {
          var description = item.description ? '<div class="small text-muted">' + escape(item.description) + "</div>" : "";
          return "<div>" + escape(item.text) + description + "</div>";
        },
        item: function (item) { return "<div>" + escape(item.text) + "</div>"; },
        no_results: function () { return '<div class="no-results">Ничего не найдено</div>'; },
        not_loading: function (query) {
          return minChars && query.trim().length < minChars
            ? '<div class="no-results">Введите не менее ' + minChars + " букв</div>"
            : "";
        },
        loading: function () { return '<div class="spinner-border spinner-border-sm m-2" role="status"><span class="visually-hidden">Поиск…</span></div>'; },
      },
      preload: minChars ? false : "focus",
    };
    var label = select.labels && select.labels[0];
    var hadFocus = document.activeElement === select;
    var control = new window.TomSelect(select, settings);
    // Tom Select points the label's «for» at its own box (and names the box and its list by the
    // label). The original select stays in the page for the form, hidden and out of the tab
    // order: hidden from screen readers too (the box stands for it, no field read twice), and
    // still named by its label through aria-labelledby. The box carries the field's error
    // state and hints.
    if (label) {
      if (!label.id) { label.id = select.id + "-label"; }
      select.setAttribute("aria-labelledby", label.id);
    }
    select.setAttribute("aria-hidden", "true");
    ["aria-describedby", "aria-invalid", "aria-required"].forEach(function (name) {
      var value = select.getAttribute(name);
      if (value) { control.focus_node.setAttribute(name, value); }
    });
    if (select.required) { control.focus_node.setAttribute("aria-required", "true"); }
    if (hadFocus) { control.focus(); } // a row just added, focused before it was enhanced
    // Keep the select's change event for scripts that listen to it (the form's unsaved-changes mark).
    control.on("change", function () { select.dispatchEvent(new Event("input", { bubbles: true })); });
  }

  function enhanceAll(root) {
    (root || document).querySelectorAll("select[data-autocomplete]").forEach(enhance);
  }

  function start() {
    enhanceAll();
    // Whatever sends the focus to the hidden select (an error summary's link) lands in its box.
    document.addEventListener("focusin", function (event) {
      var target = event.target;
      if (target && target.tagName === "SELECT" && target.tomselect) { target.tomselect.focus(); }
    });
    new MutationObserver(function (mutations) {
      mutations.forEach(function (mutation) {
        mutation.addedNodes.forEach(function (node) {
          if (node.nodeType !== 1) { return; }
          if (node.matches && node.matches("select[data-autocomplete]")) { enhance(node); } else { enhanceAll(node); }
        });
      });
    }).observe(document.body, { childList: true, subtree: true });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
