// Bar charts: the width of each .bar-fill comes from its data-percent. Set through the DOM, not a style
// attribute, so the Content-Security-Policy needs no 'unsafe-inline' for styles.
(function () {
  "use strict";

  function fill(root) {
    root.querySelectorAll(".bar-fill[data-percent]").forEach(function (bar) {
      var percent = Math.max(0, Math.min(100, parseFloat(bar.getAttribute("data-percent")) || 0));
      bar.style.width = percent + "%";
    });
  }

  fill(document);
  document.addEventListener("htmx:load", function (event) {
    fill(event.target);
  });
})();
