// Draws the charts of a page. Each chart is a <div class="chart" data-figure="ID"> whose
// figure (plotly data and layout) sits in <script type="application/json" id="ID">.
// plotly.js is the site's own copy (data-plotly on this script tag) and is fetched only when
// the first chart comes into view. Without JavaScript the data table beside each chart remains.
(function () {
  "use strict";
  var script = document.currentScript;
  var plotlySrc = script && script.getAttribute("data-plotly");
  var charts = Array.prototype.slice.call(document.querySelectorAll(".chart[data-figure]"));
  if (!plotlySrc || charts.length === 0) return;

  var reduceMotion = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  var loading = null;

  function loadPlotly() {
    if (loading) return loading;
    loading = new Promise(function (resolve, reject) {
      if (window.Plotly) { resolve(window.Plotly); return; }
      var tag = document.createElement("script");
      tag.src = plotlySrc;
      tag.onload = function () { resolve(window.Plotly); };
      tag.onerror = reject;
      document.head.appendChild(tag);
    });
    return loading;
  }

  function draw(chart) {
    if (chart.getAttribute("data-drawn")) return;
    chart.setAttribute("data-drawn", "bezig");
    var source = document.getElementById(chart.getAttribute("data-figure"));
    var figure = JSON.parse(source.textContent);
    var layout = figure.layout || {};
    layout.transition = { duration: reduceMotion ? 0 : 250 };
    loadPlotly().then(function (Plotly) {
      return Plotly.newPlot(chart, figure.data, layout, {
        displayModeBar: false,
        responsive: true,
        scrollZoom: false,
        staticPlot: false
      });
    }).then(function () {
      chart.setAttribute("data-drawn", "ja");
    }, function () {
      chart.setAttribute("data-drawn", "mislukt");
      chart.classList.add("chart-failed");
    });
  }

  charts.forEach(function (chart) { chart.classList.add("chart-pending"); });

  if (!("IntersectionObserver" in window)) {
    charts.forEach(draw);
    return;
  }
  var observer = new IntersectionObserver(function (entries) {
    entries.forEach(function (entry) {
      if (entry.isIntersecting) {
        observer.unobserve(entry.target);
        draw(entry.target);
      }
    });
  // No margin: plotly.js (about 1.4 MB gzip, a second of main-thread work on a phone) is
  // fetched only once a chart is really on screen, never for a reader who stays above it.
  }, { rootMargin: "0px" });
  charts.forEach(function (chart) { observer.observe(chart); });
})();
