/* A table or chart wider than the window scrolls inside its frame (.table-wrap, .chart): make
   that frame reachable by the keyboard (tab to it, then the arrow keys scroll), and only when it
   does scroll, so narrow ones add no tab stop (WCAG 2.1.1; axe: scrollable-region-focusable). */
(function () {
  "use strict";
  function mark() {
    var wraps = document.querySelectorAll(".table-wrap, .chart");
    for (var i = 0; i < wraps.length; i++) {
      var wrap = wraps[i];
      if (wrap.scrollWidth > wrap.clientWidth) {
        wrap.setAttribute("tabindex", "0");
      } else if (wrap.getAttribute("tabindex") === "0") {
        wrap.removeAttribute("tabindex");
      }
    }
  }
  document.addEventListener("DOMContentLoaded", mark);
  window.addEventListener("resize", mark);
  document.addEventListener("htmx:afterSettle", mark);
})();
