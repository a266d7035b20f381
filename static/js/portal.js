/* Small progressive enhancements; every page works without this file. */
(function () {
  "use strict";
  // On a phone, fold the list filters away until asked for (unless some are in use).
  if (window.matchMedia("(max-width: 900px)").matches) {
    document.querySelectorAll("details.filters-panel[data-fold-on-phone]").forEach(function (panel) {
      panel.open = false;
    });
  }
  // Print buttons (no inline onclick: the Content-Security-Policy allows no inline script).
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.addEventListener("click", function () { window.print(); });
  });
  // Forms that ask before doing something that cannot be undone (data-confirm="question").
  document.querySelectorAll("form[data-confirm]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (!window.confirm(form.dataset.confirm)) { event.preventDefault(); }
    });
  });
})();
