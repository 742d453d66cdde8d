/* Draws every [data-chart] element with plotly.js, from the figure JSON the server put in a
   json_script element (id in data-chart). Runs for the page and for every fragment htmx swaps in,
   so lazily loaded charts draw themselves. PNG downloads use Plotly.downloadImage. */
(function () {
  "use strict";
  var config = {responsive: true, displaylogo: false, locale: document.documentElement.lang || "vi",
                modeBarButtonsToRemove: ["select2d", "lasso2d"]};

  function draw(root) {
    var scope = root && root.querySelectorAll ? root : document;
    var elements = Array.prototype.slice.call(scope.querySelectorAll("[data-chart]"));
    if (scope.matches && scope.matches("[data-chart]")) { elements.push(scope); }
    elements.forEach(function (el) {
      if (el.dataset.drawn) { return; }
      var payload = document.getElementById(el.dataset.chart);
      if (!payload) { return; }
      var figure = JSON.parse(payload.textContent);
      el.dataset.drawn = "pending";
      Plotly.newPlot(el, figure.data, figure.layout, config).then(function () {
        el.dataset.drawn = "true";
      });
    });
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-chart-png]");
    if (!button) { return; }
    var el = document.getElementById(button.dataset.chartPng);
    if (el && el.dataset.drawn === "true") {
      Plotly.downloadImage(el, {format: "png", width: 1200, height: 650, filename: button.dataset.filename || "chart"});
    }
  });

  if (window.htmx) {
    htmx.onLoad(draw);
  } else {
    document.addEventListener("DOMContentLoaded", function () { draw(document); });
  }
})();
