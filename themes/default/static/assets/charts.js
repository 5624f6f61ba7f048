// Draws the charts of a page. Each chart is a <div class="chart" data-figure="ID"> whose
// figure (plotly data and layout) sits in <script type="application/json" id="ID">.
// plotly.js is the theme's own partial bundle (data-plotly on this script tag) and is fetched
// only when the first chart comes into view, with charts.css beside it. Without JavaScript the
// data table beside each chart remains.
(function () {
  "use strict";
  var script = document.currentScript;
  var plotlySrc = script && script.getAttribute("data-plotly");
  var charts = Array.prototype.slice.call(document.querySelectorAll(".chart[data-figure]"));
  if (!plotlySrc || charts.length === 0) return;

  var reduceMotion = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  // Hover, legend clicks and resizing only: no mode bar, zoom, pan, tips or drag handles,
  // so plotly sets up nothing else.
  var CONFIG = {
    displayModeBar: false,
    doubleClick: false,
    scrollZoom: false,
    showAxisDragHandles: false,
    showTips: false,
    responsive: true
  };
  var loading = null;

  function loaded(element) {
    return new Promise(function (resolve, reject) {
      element.onload = resolve;
      element.onerror = reject;
      document.head.appendChild(element);
    });
  }

  // plotly.js writes its own rules into a <style> element, which the site's CSP refuses,
  // unless an element with this id and class is already there; charts.css holds those rules.
  function loadPlotly() {
    if (loading) return loading;
    var css = document.createElement("link");
    css.id = "plotly.js-style-global";
    css.className = "no-inline-styles";
    css.rel = "stylesheet";
    css.href = new URL("charts.css", script.src).href;
    var js = document.createElement("script");
    js.src = plotlySrc;
    // The bundle runs its set-up in the task that loads it; drawing waits for the next task,
    // so the browser can answer a tap in between.
    loading = Promise.all([loaded(css), loaded(js)]).then(function () {
      return new Promise(function (resolve) { setTimeout(resolve, 0); });
    }).then(function () { return window.Plotly; });
    return loading;
  }

  function draw(chart) {
    if (chart.getAttribute("data-drawn")) return;
    chart.setAttribute("data-drawn", "bezig");
    var figure = JSON.parse(document.getElementById(chart.getAttribute("data-figure")).textContent);
    var layout = figure.layout || {};
    layout.transition = { duration: reduceMotion ? 0 : 250 };
    loadPlotly().then(function (Plotly) {
      return Plotly.newPlot(chart, figure.data, layout, CONFIG);
    }).then(function () {
      chart.setAttribute("data-drawn", "ja");
    }, function () {
      chart.setAttribute("data-drawn", "mislukt");
      chart.classList.add("chart-failed");
    });
  }

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
  // No margin: plotly.js (most of a chart page's bytes and main-thread work) is fetched
  // only once a chart is really on screen, never for a reader who stays above it.
  }, { rootMargin: "0px" });
  charts.forEach(function (chart) { observer.observe(chart); });
})();
