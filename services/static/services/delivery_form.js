/* "Select all shown" on the delivery form; the form works without this file. */
(function () {
  "use strict";
  var box = document.querySelector("[data-select-all]");
  if (!box) return;
  var choices = document.querySelectorAll(".member-choices input[type=checkbox]");
  box.closest(".select-all").hidden = false;
  box.addEventListener("change", function () {
    choices.forEach(function (choice) { choice.checked = box.checked; });
  });
})();
