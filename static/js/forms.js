/* Forms, for every page (a file, not an inline script: the CSP forbids those).
   - A form that came back with errors: its error summary takes the focus, so that a phone shows it
     (and a screen reader reads it) instead of the top of the page; its links focus their field.
   - A textarea with a maxlength: a live count of the characters left once the text nears it. */
(function () {
  "use strict";

  function focusSummary() {
    var summary = document.querySelector("[data-error-summary]");
    if (!summary) return;
    summary.focus();
    summary.addEventListener("click", function (event) {
      var link = event.target.closest("a[href^='#']");
      if (!link) return;
      var field = document.getElementById(decodeURIComponent(link.getAttribute("href").slice(1)));
      if (!field) return;
      event.preventDefault();
      field.scrollIntoView({ block: "center" });
      field.focus();
    });
  }

  var NEAR = 0.8; // the count shows from 80% of the limit
  var ANNOUNCE = [200, 100, 50, 20, 10, 0]; // screen readers hear these, not every keystroke

  function counter(textarea, texts) {
    var max = parseInt(textarea.getAttribute("maxlength"), 10);
    if (!max) return;
    var visible = document.createElement("div");
    visible.className = "form-text char-count";
    visible.id = textarea.id + "-count";
    visible.hidden = true;
    var live = document.createElement("div");
    live.className = "visually-hidden";
    live.setAttribute("aria-live", "polite");
    textarea.insertAdjacentElement("afterend", live);
    textarea.insertAdjacentElement("afterend", visible);
    var described = textarea.getAttribute("aria-describedby");
    textarea.setAttribute("aria-describedby", (described ? described + " " : "") + visible.id);
    var lastStep = null;

    function update() {
      var used = textarea.value.length;
      var left = max - used;
      var text = texts.left.replace("{left}", left).replace("{max}", max);
      visible.hidden = used < max * NEAR;
      visible.textContent = text;
      visible.classList.toggle("text-danger", left <= 20);
      var step = null;
      for (var i = 0; i < ANNOUNCE.length; i++) if (left <= ANNOUNCE[i]) step = ANNOUNCE[i];
      if (!visible.hidden && step !== null && step !== lastStep) live.textContent = text;
      lastStep = visible.hidden ? null : step;
    }
    textarea.addEventListener("input", update);
    update();
  }

  document.addEventListener("DOMContentLoaded", function () {
    focusSummary();
    var i18n = document.getElementById("form-texts");
    var texts = { left: (i18n && i18n.dataset.charsLeft) || "{left} / {max}" };
    document.querySelectorAll("textarea[maxlength]").forEach(function (t) { counter(t, texts); });
  });
})();
