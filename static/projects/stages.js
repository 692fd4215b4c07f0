// The passport's stage schedule (templates/projects/includes/stages.html): dates typed or pasted as
// дд.мм.гггг in any browser locale (plain text fields, parsed by the server), tidied on leaving the
// field; each empty start proposed from the previous stage's end; each stage's length in days and
// the whole project's span shown while editing.
(function () {
  "use strict";
  var table = document.querySelector("[data-stage-schedule]");
  if (!table) { return; }
  var total = document.querySelector("[data-stage-total]");
  var rows = Array.prototype.slice.call(table.querySelectorAll("[data-stage-row]"));
  var DAY = 24 * 60 * 60 * 1000;

  // "15.12.2026", "15/12/2026", "15-12-2026", "15 12 2026", "15.12.26", "2026-12-15" → Date (UTC) or null.
  function parse(text) {
    var value = (text || "").trim();
    var match = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(value);
    var day, month, year;
    if (match) {
      year = +match[1]; month = +match[2]; day = +match[3];
    } else {
      match = /^(\d{1,2})\s*[.\/\- ]\s*(\d{1,2})\s*[.\/\- ]\s*(\d{4}|\d{2})$/.exec(value);
      if (!match) { return null; }
      day = +match[1]; month = +match[2]; year = +match[3];
      if (match[3].length === 2) { year += 2000; }
    }
    var date = new Date(Date.UTC(year, month - 1, day));
    if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) { return null; }
    return date;
  }

  function format(date) {
    function two(n) { return (n < 10 ? "0" : "") + n; }
    return two(date.getUTCDate()) + "." + two(date.getUTCMonth() + 1) + "." + date.getUTCFullYear();
  }

  function days(word) {
    var n = Math.abs(word) % 100;
    var last = n % 10;
    if (n > 10 && n < 20) { return "дней"; }
    if (last === 1) { return "день"; }
    if (last >= 2 && last <= 4) { return "дня"; }
    return "дней";
  }

  function fields(row) {
    return {
      start: row.querySelector("[data-stage-start]"),
      end: row.querySelector("[data-stage-end]"),
      days: row.querySelector("[data-stage-days]"),
    };
  }

  function refresh() {
    var first = null;
    var last = null;
    rows.forEach(function (row) {
      var f = fields(row);
      var start = parse(f.start && f.start.value);
      var end = parse(f.end && f.end.value);
      if (f.days) {
        var isRange = f.start !== f.end;
        var n = isRange && start && end && end >= start ? Math.round((end - start) / DAY) + 1 : null;
        f.days.textContent = n ? n + " " + days(n) : "";
      }
      first = first || start || end;
      last = end || start || last;
    });
    if (total) {
      total.textContent = first && last && last >= first
        ? "Весь проект: с " + format(first) + " по " + format(last) + ", " + (Math.round((last - first) / DAY) + 1) + " " + days(Math.round((last - first) / DAY) + 1) + "."
        : "";
    }
  }

  // The next stage's start, when still empty (or still the earlier proposal), follows this end.
  function propose(index) {
    var end = fields(rows[index]).end;
    var next = rows[index + 1] && fields(rows[index + 1]).start;
    var date = parse(end && end.value);
    if (!next || !date) { return; }
    if (next.value.trim() === "" || next.hasAttribute("data-proposed")) {
      next.value = format(date);
      next.setAttribute("data-proposed", "");
      next.setAttribute("title", "Предложено: окончание предыдущего этапа");
      next.dispatchEvent(new Event("input", { bubbles: true }));
    }
  }

  rows.forEach(function (row, index) {
    var f = fields(row);
    [f.start, f.end].forEach(function (input) {
      if (!input || input.hasAttribute("data-stage-bound")) { return; }
      input.setAttribute("data-stage-bound", "");
      input.addEventListener("input", function (event) {
        if (event.isTrusted) { input.removeAttribute("data-proposed"); input.removeAttribute("title"); }
        // Propose the next start as soon as the end is a whole date (four-digit year), while typing.
        if (input === f.end && /\d{4}\s*$/.test(input.value)) { propose(index); }
        refresh();
      });
      // A proposed date is selected on entering the field: typing replaces it.
      input.addEventListener("focus", function () {
        if (input.hasAttribute("data-proposed")) { input.select(); }
      });
      input.addEventListener("change", function () {
        var date = parse(input.value);
        if (date) { input.value = format(date); }
        refresh();
      });
      // A date pasted in any common form is written as дд.мм.гггг at once.
      input.addEventListener("paste", function (event) {
        var text = (event.clipboardData || window.clipboardData).getData("text");
        var date = parse(text);
        if (date) {
          event.preventDefault();
          input.value = format(date);
          input.dispatchEvent(new Event("input", { bubbles: true }));
          input.dispatchEvent(new Event("change", { bubbles: true }));
        }
      });
    });
  });
  refresh();
})();
