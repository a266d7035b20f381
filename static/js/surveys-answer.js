/* Survey answering, progressive: a question shown only for a given answer on the same
   page is hidden while that answer is not given. Without this script the question stays
   visible with its "answer only if" note and the server ignores it when not applicable. */
(function () {
  "use strict";

  function answerOf(form, name, kind) {
    var inputs = form.querySelectorAll('[name="' + name + '"]');
    var values = [];
    inputs.forEach(function (input) {
      if ((input.type === "radio" || input.type === "checkbox") && !input.checked) return;
      if (input.value !== "") values.push(input.value);
    });
    return kind === "multiple" ? values : values.slice(0, 1);
  }

  function update(form) {
    form.querySelectorAll("[data-show-if]").forEach(function (question) {
      var values = answerOf(form, question.dataset.showIf, question.dataset.showIfKind);
      var shown = values.indexOf(question.dataset.showIfValue) !== -1;
      question.hidden = !shown;
      var note = question.querySelector(".survey-condition");
      if (note) note.hidden = true;
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var form = document.querySelector(".survey-form");
    if (!form || !form.querySelector("[data-show-if]")) return;
    form.addEventListener("change", function () { update(form); });
    update(form);
  });
})();
