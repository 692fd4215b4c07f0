// Live running score of the assessment form. The server recomputes everything on save;
// this only shows the assessor what the rubric gives while they choose.
(function () {
  "use strict";
  var form = document.getElementById("assessment-form");
  var dataNode = document.getElementById("rubric-data");
  if (!form || !dataNode) { return; }
  var rubric = JSON.parse(dataNode.textContent);
  // Weights are multiples of 0.5: count in halves to stay exact.
  function halves(text) { return Math.round(parseFloat(text || "0") * 2); }
  function show(h) { return (h % 2 === 0 ? String(h / 2) : (Math.floor(h / 2) + ",5")); }
  var federal = halves(rubric.federal_from);
  var regional = halves(rubric.regional_from);

  function recompute() {
    var total = 0;
    var cutOff = [];
    form.querySelectorAll("[data-criterion]").forEach(function (block) {
      var best = 0;
      block.querySelectorAll("input[data-weight]:checked").forEach(function (input) {
        if (input.value !== "") { best = Math.max(best, halves(input.getAttribute("data-weight"))); }
      });
      total += best;
      var code = block.getAttribute("data-criterion");
      var badge = block.querySelector("[data-criterion-score]");
      if (badge) {
        badge.textContent = show(best);
        badge.classList.toggle("text-bg-danger", best === 0 && rubric.cut_off.indexOf(code) !== -1);
        badge.classList.toggle("text-bg-secondary", !(best === 0 && rubric.cut_off.indexOf(code) !== -1));
      }
      if (best === 0 && rubric.cut_off.indexOf(code) !== -1) {
        cutOff.push(code + " «" + block.getAttribute("data-criterion-name") + "»");
      }
    });
    form.querySelector("[data-total]").textContent = show(total);
    var status;
    if (cutOff.length) {
      status = rubric.not_lean + ": 0 баллов по " + (cutOff.length === 1 ? "критерию " : "критериям ") + cutOff.join(", ");
    } else if (total >= federal) {
      status = rubric.labels.federal;
    } else if (total >= regional) {
      status = rubric.labels.regional;
    } else {
      status = rubric.labels.municipal;
    }
    form.querySelector("[data-status]").textContent = status;
  }

  // A "none of the above" indicator and the others exclude each other.
  form.addEventListener("change", function (event) {
    var input = event.target;
    if (input.type === "checkbox" && input.checked) {
      var block = input.closest("[data-criterion]");
      var exclusive = input.hasAttribute("data-excludes-others");
      block.querySelectorAll("input[type=checkbox]").forEach(function (other) {
        if (other !== input && (exclusive || other.hasAttribute("data-excludes-others"))) { other.checked = false; }
      });
    }
    recompute();
  });
  recompute();
})();
