// Plan monitoring: choosing another plan shows it at once (its own years), without a second click.
(function () {
  "use strict";
  var plan = document.getElementById("id_plan");
  var year = document.getElementById("id_year");
  if (!plan || !year) { return; }
  plan.addEventListener("change", function () {
    year.disabled = true; // the new plan picks its own year
    plan.form.submit();
  });
})();
