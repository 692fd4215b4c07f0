// The progress of a check or an import of a long file (imports/services.py runs it in the
// background): asks the upload's status every two seconds, shows it, and reloads the page with
// the report when the work has ended. Without JavaScript the page offers a link to reload.
(function () {
  "use strict";
  var box = document.querySelector("[data-import-progress]");
  if (!box) {
    return;
  }
  var url = box.getAttribute("data-status-url");
  var text = box.querySelector("[data-progress-text]");
  var bar = box.querySelector("[data-progress-bar]");
  var lastAnnounced = -1;
  function poll() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.json(); })
      .then(function (status) {
        if (!status.running) {
          window.location.reload();
          return;
        }
        bar.value = status.percent;
        bar.textContent = status.percent + " %";
        // Announce every tenth only, so a screen reader is not flooded.
        var tenth = Math.floor(status.percent / 10);
        if (tenth !== lastAnnounced) {
          lastAnnounced = tenth;
          text.textContent = "Обработано " + status.done + (status.total ? " из " + status.total : "") + " строк (" + status.percent + " %).";
        }
        window.setTimeout(poll, 2000);
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }
  window.setTimeout(poll, 1000);
})();
