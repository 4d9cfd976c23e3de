// The CO24dak phone screen, keyboard-first. Loaded as a file (CSP: script-src 'self'); the pages work
// without it, this only saves keystrokes and screen space during a call.
(function () {
  "use strict";

  // Search: arrow keys walk from the search field through the results; Enter opens a single result.
  function results() {
    return Array.prototype.slice.call(document.querySelectorAll("[data-intake-result]"));
  }

  function resultsAreFor(input) {
    var box = document.querySelector("[data-intake-results]");
    return box !== null && box.getAttribute("data-q") === input.value.trim();
  }

  document.addEventListener("keydown", function (event) {
    var target = event.target;
    if (target.id === "q" && target.closest("[data-intake-search]")) {
      var found = results();
      if (event.key === "ArrowDown" && found.length) {
        event.preventDefault();
        found[0].focus();
      } else if (event.key === "Enter" && found.length && resultsAreFor(target)) {
        event.preventDefault();
        if (found.length === 1) {
          window.location.href = found[0].href;
        } else {
          found[0].focus();
        }
      }
      return;
    }
    if (target.hasAttribute && target.hasAttribute("data-intake-result")) {
      var list = results();
      var index = list.indexOf(target);
      if (event.key === "ArrowDown" && index < list.length - 1) {
        event.preventDefault();
        list[index + 1].focus();
      } else if (event.key === "ArrowUp") {
        event.preventDefault();
        (index > 0 ? list[index - 1] : document.getElementById("q")).focus();
      }
    }
  });

  // Checklist: Delete or Backspace on an answer empties the question again ("not asked" is not stored,
  // "onbekend" is), for a radio clicked by mistake.
  document.addEventListener("keydown", function (event) {
    var target = event.target;
    if ((event.key === "Delete" || event.key === "Backspace") && target.matches &&
        target.matches(".checklist-table input[type=radio]")) {
      event.preventDefault();
      Array.prototype.forEach.call(target.closest("tr").querySelectorAll("input[type=radio]"), function (radio) {
        radio.checked = false;
      });
    }
  });

  // Signal form: the unknown-caller fields and the agreements follow the chosen caller.
  function hasInput(box) {
    return Array.prototype.some.call(box.querySelectorAll("input, textarea"), function (field) {
      return field.value.trim() !== "";
    }) || box.querySelector(".field__error") !== null;
  }

  function syncCaller(form) {
    var chosen = form.querySelector("[data-caller-choice]:checked");
    var value = chosen ? chosen.value : "";
    var unknown = form.querySelector("[data-unknown-caller]");
    if (unknown) {
      unknown.hidden = value !== "onbekend" && !hasInput(unknown);
    }
    Array.prototype.forEach.call(form.querySelectorAll("[data-caller-agreements]"), function (box) {
      box.hidden = box.getAttribute("data-caller-agreements") !== value;
    });
  }

  document.addEventListener("change", function (event) {
    if (event.target.hasAttribute && event.target.hasAttribute("data-caller-choice")) {
      var form = event.target.closest("[data-signal-form]");
      // Tab from the chosen "not on the list" radio lands in the name field right below it.
      if (form) syncCaller(form);
    }
  });

  // One call, one signal: a second Enter or click while the first save is on its way does nothing.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.hasAttribute || !form.hasAttribute("data-signal-form")) return;
    if (form.getAttribute("data-submitting") === "1") {
      event.preventDefault();
      return;
    }
    form.setAttribute("data-submitting", "1");
  });
  window.addEventListener("pageshow", function () {
    var form = document.querySelector("[data-signal-form]");
    if (form) form.removeAttribute("data-submitting"); // back from the next page (bfcache)
  });

  // Urgency "hoog": the casusregisseur's number stands out, to be called right away.
  function syncUrgency(form) {
    var contact = form.querySelector("[data-urgent-contact]");
    var high = form.querySelector("input[name=urgency][value=hoog]");
    if (contact && high) contact.classList.toggle("is-urgent", high.checked);
  }
  document.addEventListener("change", function (event) {
    var form = event.target.closest && event.target.closest("[data-signal-form]");
    if (form && event.target.name === "urgency") syncUrgency(form);
  });

  function init() {
    var form = document.querySelector("[data-signal-form]");
    if (form) {
      syncCaller(form);
      syncUrgency(form);
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
