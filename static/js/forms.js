// Forms that say what is wrong, and nothing irreversible without a question. Loaded as a file (CSP:
// script-src 'self'); without it the forms still work and the server keeps its own checks.
(function () {
  "use strict";

  // A form with data-confirm="question" asks first, in the browser's own dialog (keyboards and screen
  // readers know it).
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var question = form.getAttribute && form.getAttribute("data-confirm");
    if (question && !window.confirm(question)) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
  }, true);

  // The error summary (GOV.UK / NL Design System pattern): focus lands on it after a failed submit, and
  // each of its links puts the cursor in the field it names, with the field's label in view.
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("[data-error-summary] a[href^='#']");
    if (!link) return;
    var field = document.getElementById(link.getAttribute("href").slice(1));
    if (!field) return;
    event.preventDefault();
    var label = document.querySelector("label[for='" + field.id + "']") || field;
    var legend = field.closest("fieldset") && field.closest("fieldset").querySelector("legend");
    (legend || label).scrollIntoView({ block: "start" });
    field.focus({ preventScroll: true });
  });

  document.addEventListener("DOMContentLoaded", function () {
    var summary = document.querySelector("[data-error-summary]");
    if (summary) summary.focus();
  });
})();
