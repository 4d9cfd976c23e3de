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

  // A field that another answer makes required carries its conditions on the note after its label
  // (data-required-when: [[question's field name, [answers]], ...]). While one of those answers is chosen
  // the note says "verplicht bij indienen" (data-required-now); otherwise it names the condition again.
  function chosen(form, name) {
    var values = [];
    Array.prototype.forEach.call(form.querySelectorAll("[name]"), function (element) {
      if (element.name !== name) return;
      if (element.type === "radio" || element.type === "checkbox") {
        if (element.checked) values.push(element.value);
      } else if (element.tagName === "SELECT") {
        Array.prototype.forEach.call(element.selectedOptions || [], function (option) {
          values.push(option.value);
        });
      } else {
        values.push(element.value);
      }
    });
    return values;
  }

  function showConditions(root) {
    Array.prototype.forEach.call(root.querySelectorAll("[data-required-when]"), function (note) {
      var form = note.closest("form");
      var conditions;
      try {
        conditions = JSON.parse(note.getAttribute("data-required-when"));
      } catch (error) {
        return;
      }
      if (!form || !Array.isArray(conditions)) return;
      if (!note.hasAttribute("data-required-otherwise")) {
        note.setAttribute("data-required-otherwise", note.textContent);
      }
      var met = conditions.some(function (condition) {
        return chosen(form, condition[0]).some(function (value) {
          return condition[1].indexOf(value) !== -1;
        });
      });
      note.textContent = note.getAttribute(met ? "data-required-now" : "data-required-otherwise");
    });
  }

  document.addEventListener("change", function (event) {
    var form = event.target.closest && event.target.closest("form");
    if (form) showConditions(form);
  });

  document.addEventListener("DOMContentLoaded", function () {
    showConditions(document);
    var summary = document.querySelector("[data-error-summary]");
    if (summary) summary.focus();
  });
})();
