// The «Печать» button of printable pages (no inline handlers: the CSP allows only script files).
(function () {
  "use strict";
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.addEventListener("click", function () { window.print(); });
  });
})();
