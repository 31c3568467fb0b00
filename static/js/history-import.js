/* The history import's progress bar (templates/history/batch.html): polls the batch's status.json
   every second, moves the bar and its text, and reloads the page once the task has finished, so
   that the server renders the report. A file: the CSP forbids inline scripts. The bar's width is
   set through the CSSOM, which the CSP's style-src allows (a style="" attribute it would not). */
(function () {
  "use strict";
  var POLL_MS = 1000;

  function show(box, percent, text) {
    var outer = box.querySelector(".progress");
    var bar = box.querySelector(".progress-bar");
    bar.style.width = percent + "%";
    bar.textContent = percent + "%";
    outer.setAttribute("aria-valuenow", String(percent));
    if (text) box.querySelector("#import-progress-text").textContent = text;
  }

  document.addEventListener("DOMContentLoaded", function () {
    var box = document.getElementById("import-progress");
    if (!box) return;
    var url = box.getAttribute("data-status-url");
    show(box, parseInt(box.getAttribute("data-percent"), 10) || 0, "");

    function poll() {
      fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) {
          if (!response.ok) throw new Error(response.status);
          return response.json();
        })
        .then(function (data) {
          show(box, data.percent, data.text);
          if (data.running) {
            window.setTimeout(poll, POLL_MS);
          } else {
            box.querySelector(".progress-bar").classList.remove("progress-bar-animated");
            window.location.reload();
          }
        })
        .catch(function () {
          // A network blip or a restarting server: try again a little later.
          window.setTimeout(poll, POLL_MS * 3);
        });
    }
    window.setTimeout(poll, POLL_MS);
  });
})();
