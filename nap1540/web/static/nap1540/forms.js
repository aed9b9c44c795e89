/* Move focus to a form's error summary (web/_form_errors.html) when a page or an htmx swap
   shows one, so that keyboard and screen-reader users start from the list of what to fix. */
(function () {
  "use strict";
  function focusSummary() {
    var summary = document.querySelector("[data-error-summary]:not([data-focused])");
    if (summary) {
      summary.setAttribute("data-focused", "");
      summary.focus();
    }
  }
  document.addEventListener("DOMContentLoaded", focusSummary);
  document.addEventListener("htmx:afterSettle", focusSummary);
})();
