/* "Recompute now": poll the rollup's status fragment, then reload the page with the new
   figures. Without script the run page refreshes itself (meta refresh). */
(function () {
  "use strict";
  function poll(box) {
    var url = box.getAttribute("data-poll");
    if (!url) { return; }
    window.setTimeout(function () {
      fetch(url, { credentials: "same-origin" }).then(function (response) {
        return response.text();
      }).then(function (html) {
        var holder = document.createElement("div");
        holder.innerHTML = html.trim();
        var fresh = holder.firstElementChild;
        if (!fresh) { return; }
        if (fresh.getAttribute("data-run-status") === "done") {
          window.location.reload();
          return;
        }
        box.replaceWith(fresh);
        poll(fresh);
      });
    }, 1500);
  }
  document.querySelectorAll(".kpi-run[data-poll]").forEach(poll);
})();
