/* Draws every [data-chart] element with plotly.js, from the figure JSON the server put in a
   json_script element (id in data-chart). Runs for the page and for every fragment htmx swaps in,
   so lazily loaded charts draw themselves. PNG downloads use Plotly.downloadImage. */
(function () {
  "use strict";
  // The toolbar shows on hover (on a tap on a phone), never standing over the legend.
  var config = {responsive: true, displaylogo: false, locale: document.documentElement.lang || "vi",
                displayModeBar: "hover", modeBarButtonsToRemove: ["select2d", "lasso2d"]};

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

  // A chart drawn inside a folded section (details.phone-fold) takes its width once opened.
  document.addEventListener("toggle", function (event) {
    if (!event.target.open || !event.target.querySelectorAll) { return; }
    Array.prototype.forEach.call(event.target.querySelectorAll("[data-chart][data-drawn=true]"), function (el) {
      Plotly.Plots.resize(el);
    });
  }, true);

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
