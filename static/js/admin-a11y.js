// Accessible names that Django's admin widgets leave out (axe: aria-input-field-name, aria-prohibited-attr).
// - The autocomplete (select2) box takes the name of the <select> it replaces, from that select's label.
// - The filter boxes' magnifier icons are decoration: their aria-label on a role-less <span> is dropped
//   (the input beside them has its own label).
(function () {
  "use strict";

  function labelText(select) {
    var label = select.id && document.querySelector('label[for="' + select.id + '"]');
    return label ? label.textContent.replace(/:\s*$/, "").trim() : "";
  }

  function nameAutocompletes(root) {
    root.querySelectorAll("select.admin-autocomplete").forEach(function (select) {
      var name = labelText(select);
      var container = select.nextElementSibling;
      if (!name || !container) return;
      container.querySelectorAll('[role="combobox"], [role="textbox"]').forEach(function (element) {
        element.setAttribute("aria-label", name);
      });
    });
  }

  function quietDecorations(root) {
    root.querySelectorAll("span.help-tooltip[aria-label]:not([role])").forEach(function (icon) {
      icon.setAttribute("title", icon.getAttribute("aria-label"));
      icon.removeAttribute("aria-label");
      icon.setAttribute("aria-hidden", "true");
    });
  }

  function fix() {
    nameAutocompletes(document);
    quietDecorations(document);
  }

  // select2 and the filter widget build their markup after the page has loaded, each in its own time, and
  // again for every new inline form: fix whatever they add, once per frame. (Setting attributes adds no
  // nodes, so this does not wake itself up.)
  var pending = false;
  function fixSoon() {
    if (pending) return;
    pending = true;
    window.requestAnimationFrame(function () {
      pending = false;
      fix();
    });
  }
  new MutationObserver(fixSoon).observe(document.documentElement, { childList: true, subtree: true });
  window.addEventListener("load", fix);
})();
