// Organisation autocomplete (orgs/autocomplete.py, widget OrganisationAutocomplete).
// Markup: <div data-org-autocomplete data-url="…"><select name="X">(only the chosen option)</select>
// <input type="search" name="X_text"></div>. Without JavaScript the typed name is matched on the
// server. With it, the text field becomes a combobox (WAI-ARIA 1.2 pattern): typing asks the JSON
// endpoint, arrows move, Enter chooses, Escape closes; the chosen id goes into the hidden <select>.
// No dependencies; works on a closed network.
(function () {
  "use strict";
  var DELAY_MS = 200;
  var counter = 0;

  function enhance(box) {
    var select = box.querySelector("select");
    var input = box.querySelector("input[type=search]");
    var url = box.getAttribute("data-url");
    if (!select || !input || !url || box.hasAttribute("data-org-autocomplete-ready")) { return; }
    box.setAttribute("data-org-autocomplete-ready", "");
    counter += 1;
    var listId = (select.id || "org-autocomplete-" + counter) + "-list";
    var statusId = listId + "-status";
    var textName = input.getAttribute("name");
    var timer = null;
    var request = null;
    var items = [];
    var active = -1;

    // The <select> keeps the chosen id for the form; people and screen readers use the text field.
    select.classList.add("d-none");
    select.setAttribute("aria-hidden", "true");
    select.tabIndex = -1;
    input.classList.remove("mt-1");
    if (select.id) {
      var label = document.querySelector('label[for="' + select.id + '"]');
      if (label) { label.setAttribute("for", input.id); input.removeAttribute("aria-label"); }
    }
    var list = document.createElement("ul");
    list.id = listId;
    list.className = "list-group position-absolute w-100 shadow-sm overflow-auto";
    list.setAttribute("role", "listbox");
    list.style.zIndex = "1050";
    list.style.maxHeight = "20rem";
    list.style.minWidth = "min(28rem, 90vw)"; // full names are long; filter columns are narrow
    list.hidden = true;
    var status = document.createElement("div");
    status.id = statusId;
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");
    box.appendChild(list);
    box.appendChild(status);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", listId);
    input.setAttribute("aria-describedby", [input.getAttribute("aria-describedby"), statusId].filter(Boolean).join(" "));

    function chosenOption() {
      var option = select.options[select.selectedIndex];
      return option && option.value ? option : null;
    }
    function chosenLabel() {
      var option = chosenOption();
      return option ? option.text : "";
    }
    // Show the chosen organisation's name (the server leaves the field empty unless a typed name failed).
    if (!input.value) { input.value = chosenLabel(); }

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function highlight(index) {
      var nodes = list.querySelectorAll("[role=option]");
      if (!nodes.length) { return; }
      active = (index + nodes.length) % nodes.length;
      nodes.forEach(function (node, i) {
        var on = i === active;
        node.setAttribute("aria-selected", on ? "true" : "false");
        node.classList.toggle("active", on);
      });
      input.setAttribute("aria-activedescendant", nodes[active].id);
      nodes[active].scrollIntoView({ block: "nearest" });
    }

    function choose(item) {
      var empty = null;
      Array.prototype.slice.call(select.options).forEach(function (option) {
        if (option.value === "") { empty = option; } else { select.removeChild(option); }
      });
      var option = new Option(item.text, String(item.id), true, true);
      select.appendChild(option);
      if (empty) { empty.selected = false; }
      input.value = item.text;
      close();
      status.textContent = "Выбрано: " + item.text;
      select.dispatchEvent(new Event("change", { bubbles: true }));
    }

    function clearChoice() {
      var empty = Array.prototype.filter.call(select.options, function (o) { return o.value === ""; })[0];
      if (empty) { empty.selected = true; } else { select.selectedIndex = -1; }
    }

    function render(data) {
      items = data.results || [];
      list.textContent = "";
      items.forEach(function (item, i) {
        var li = document.createElement("li");
        li.id = listId + "-" + i;
        li.className = "list-group-item list-group-item-action py-1";
        li.setAttribute("role", "option");
        li.setAttribute("aria-selected", "false");
        li.style.cursor = "pointer";
        var name = document.createElement("div");
        name.textContent = item.text + (item.active ? "" : " (не действует)");
        var full = document.createElement("div");
        full.className = "small text-muted";
        full.textContent = item.full_name;
        li.appendChild(name);
        if (item.full_name && item.full_name !== item.text) { li.appendChild(full); }
        li.addEventListener("mousedown", function (event) { event.preventDefault(); });
        li.addEventListener("click", function () { choose(item); });
        list.appendChild(li);
      });
      if (!items.length) {
        status.textContent = "Ничего не найдено";
        var none = document.createElement("li");
        none.className = "list-group-item text-muted py-1";
        none.textContent = "Ничего не найдено";
        list.appendChild(none);
      } else {
        status.textContent = "Найдено: " + items.length + (data.more ? ", показаны первые — уточните запрос" : "");
      }
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
      active = -1;
    }

    function search() {
      if (request) { request.abort(); }
      request = window.AbortController ? new AbortController() : null;
      var query = input.value.trim();
      fetch(url + "?q=" + encodeURIComponent(query), {
        credentials: "same-origin",
        headers: { Accept: "application/json", "X-Requested-With": "XMLHttpRequest" },
        signal: request ? request.signal : undefined,
      })
        .then(function (response) {
          if (!response.ok) { throw new Error(String(response.status)); }
          return response.json();
        })
        .then(render)
        .catch(function (error) {
          if (error && error.name === "AbortError") { return; }
          close();
          status.textContent = "Подсказки недоступны; введите название и нажмите «Показать».";
        });
    }

    input.addEventListener("input", function () {
      if (!input.value.trim()) { clearChoice(); }
      window.clearTimeout(timer);
      timer = window.setTimeout(search, DELAY_MS);
    });

    input.addEventListener("keydown", function (event) {
      var open = !list.hidden;
      if (event.key === "ArrowDown" || event.key === "Down") {
        event.preventDefault();
        if (open) { highlight(active + 1); } else { search(); }
      } else if (event.key === "ArrowUp" || event.key === "Up") {
        if (open) { event.preventDefault(); highlight(active - 1); }
      } else if (event.key === "Enter") {
        if (open && active >= 0 && items[active]) {
          event.preventDefault();
          choose(items[active]);
        } else if (open) {
          close();
        }
      } else if (event.key === "Escape" || event.key === "Esc") {
        if (open) {
          event.preventDefault();
          close();
        } else if (input.value !== chosenLabel()) {
          event.preventDefault();
          input.value = chosenLabel();
        }
      } else if (event.key === "Tab") {
        close();
      }
    });

    input.addEventListener("blur", function () { window.setTimeout(close, 150); });

    // Submit the id alone when the text shows the chosen organisation (or nothing): short names
    // repeat across municipalities. A name typed without choosing goes to the server to match.
    var form = input.form;
    if (form) {
      form.addEventListener("submit", function () {
        var text = input.value.trim();
        if (!text || text === chosenLabel()) {
          input.removeAttribute("name");
          if (!text) { clearChoice(); }
        } else {
          input.setAttribute("name", textName);
        }
      });
    }
  }

  function enhanceAll(root) {
    (root || document).querySelectorAll("[data-org-autocomplete]").forEach(enhance);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { enhanceAll(); });
  } else {
    enhanceAll();
  }
  window.orgAutocomplete = { enhance: enhanceAll };
})();
