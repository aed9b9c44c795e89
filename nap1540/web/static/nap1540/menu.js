/* The main menu folds behind a "Menu" button on narrow screens (app.css: .site-bar.js-menu).
   Without this script the button is not shown and the menu stays open. */
(function () {
  "use strict";
  var bar = document.querySelector("header.site .site-bar");
  var button = bar && bar.querySelector(".menu-toggle");
  if (!button) return;
  bar.classList.add("js-menu");
  button.addEventListener("click", function () {
    var open = button.getAttribute("aria-expanded") !== "true";
    button.setAttribute("aria-expanded", open ? "true" : "false");
    bar.classList.toggle("menu-open", open);
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && bar.classList.contains("menu-open")) {
      button.setAttribute("aria-expanded", "false");
      bar.classList.remove("menu-open");
      button.focus();
    }
  });
})();
