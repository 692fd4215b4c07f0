// Nothing typed is lost (lean_portal/formstash.py):
// 1. A warning WARN_BEFORE seconds before the idle session ends, with «Продолжить работу», which
//    asks the keep-alive endpoint to start the idle clock again. Typing in a form counts as work:
//    while someone types, the session is kept alive (at most once every few minutes).
// 2. A warning when leaving a page whose form was changed and not sent (beforeunload).
(function () {
  "use strict";
  var meta = document.querySelector('meta[name="portal-session"]');
  var WARN_BEFORE = 5 * 60;
  var TYPING_PING_EVERY = 5 * 60;

  // --- Leaving a changed form -------------------------------------------------------------
  var dirty = new Set();
  function watched(form) {
    return form && form.method && form.method.toLowerCase() === "post" && !form.hasAttribute("data-no-unsaved-warning") &&
      form.querySelector("textarea, input[type=text], input:not([type]), input[type=number], select[data-autocomplete]");
  }
  function markDirty(event) {
    var form = event.target && event.target.form;
    if (watched(form)) { dirty.add(form); }
  }
  document.addEventListener("input", function (event) { if (event.isTrusted) { markDirty(event); } }, true);
  document.addEventListener("change", markDirty, true);
  document.addEventListener("submit", function (event) { dirty.delete(event.target); dirty.clear(); }, true);
  window.addEventListener("beforeunload", function (event) {
    if (dirty.size) {
      event.preventDefault();
      event.returnValue = "";  // the browser shows its own «Покинуть страницу?» question
    }
  });

  if (!meta) { return; }

  // --- The idle session ---------------------------------------------------------------------
  var idle = parseInt(meta.getAttribute("content"), 10) || 1800;
  var url = meta.getAttribute("data-keepalive-url");
  var token = meta.getAttribute("data-csrf-token");
  var lastServerContact = Date.now();
  var typedSince = false;
  var box = null;
  var text = null;
  var ticker = null;

  function secondsLeft() { return Math.round(idle - (Date.now() - lastServerContact) / 1000); }

  function minutes(n) {
    var m = Math.max(1, Math.ceil(n / 60));
    var last = m % 10;
    var word = (m % 100 > 10 && m % 100 < 20) || last === 0 || last >= 5 ? "минут" : (last === 1 ? "минуту" : "минуты");
    return m + " " + word;
  }

  function build() {
    box = document.createElement("div");
    box.className = "alert alert-warning shadow position-fixed bottom-0 end-0 m-3 mb-3";
    box.style.zIndex = "1080";
    box.style.maxWidth = "28rem";
    box.setAttribute("role", "alert");
    box.setAttribute("data-testid", "session-warning");
    text = document.createElement("p");
    text.className = "mb-2";
    var button = document.createElement("button");
    button.type = "button";
    button.className = "btn btn-primary btn-sm";
    button.textContent = "Продолжить работу";
    button.addEventListener("click", function () { ping(true); });
    box.appendChild(text);
    box.appendChild(button);
    box.hidden = true;
    document.body.appendChild(box);
  }

  function show(message, withButton) {
    if (!box) { build(); }
    text.textContent = message;
    box.querySelector("button").hidden = !withButton;
    box.hidden = false;
  }

  function hide() { if (box) { box.hidden = true; } }

  function ping(focusBack) {
    var body = new FormData();
    fetch(url, {
      method: "POST",
      credentials: "same-origin",
      redirect: "manual",
      headers: { "X-CSRFToken": token, "X-Requested-With": "XMLHttpRequest" },
      body: body,
    })
      .then(function (response) {
        if (response.type === "opaqueredirect" || !response.ok) { throw new Error("ended"); }
        lastServerContact = Date.now();
        typedSince = false;
        hide();
        if (focusBack && document.activeElement === document.body) { window.focus(); }
      })
      .catch(function () { ended(); });
  }

  function ended() {
    show(
      "Сеанс завершён. Введённое на странице не потеряно: нажмите «Сохранить» — после входа " +
        "форма откроется снова с вашими данными.",
      false
    );
  }

  document.addEventListener("input", function (event) { if (event.isTrusted) { typedSince = true; } }, true);

  function tick() {
    var left = secondsLeft();
    if (left <= 0) { ended(); window.clearInterval(ticker); return; }
    if (typedSince && (Date.now() - lastServerContact) / 1000 >= TYPING_PING_EVERY) { ping(false); return; }
    if (left <= WARN_BEFORE) {
      show("Сеанс завершится через " + minutes(left) + " без действий. Чтобы продолжить, нажмите кнопку.", true);
    }
  }

  ticker = window.setInterval(tick, 15 * 1000);
})();
