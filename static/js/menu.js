// On a phone the header folds its menu (account and main navigation) behind one "Menu" button, so the
// page starts at the top of the screen. Without this script the menu simply stays open.
(function () {
  "use strict";

  function setOpen(header, toggle, open) {
    header.classList.toggle("is-menu-open", open);
    toggle.setAttribute("aria-expanded", open ? "true" : "false");
  }

  document.addEventListener("DOMContentLoaded", function () {
    var header = document.querySelector(".site-header");
    var toggle = header && header.querySelector("[data-menu-toggle]");
    if (!toggle) return;
    header.classList.add("has-menu-toggle");
    toggle.hidden = false;
    toggle.addEventListener("click", function () {
      setOpen(header, toggle, toggle.getAttribute("aria-expanded") !== "true");
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && header.classList.contains("is-menu-open")) {
        setOpen(header, toggle, false);
        toggle.focus();
      }
    });
  });
})();
