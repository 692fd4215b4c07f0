// The passport form: show similar projects (possible duplicates) for the draft's title and process,
// and again while they are typed.
(function () {
  "use strict";
  var box = document.getElementById("similar-projects");
  var title = document.getElementById("id_title");
  var process = document.getElementById("id_process");
  if (!box || !title || !process) { return; }
  var timer = null;
  function refresh() {
    var params = new URLSearchParams({title: title.value, process: process.value, exclude: box.dataset.exclude || ""});
    fetch(box.dataset.similarUrl + "?" + params.toString(), {credentials: "same-origin"})
      .then(function (response) { return response.ok ? response.text() : ""; })
      .then(function (html) { box.innerHTML = html; })
      .catch(function () { /* keep what is shown */ });
  }
  function schedule() {
    clearTimeout(timer);
    timer = setTimeout(refresh, 400);
  }
  // A saved draft's own title and process: asked once the page is shown, not while it is rendered.
  if (title.value.trim() || process.value.trim()) { refresh(); }
  title.addEventListener("input", schedule);
  process.addEventListener("input", schedule);
})();
