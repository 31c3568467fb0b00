/* Draws the dashboard's charts from the JSON the page embeds (#stats-chart-data). Every chart has
   its table beside it, so the page still says everything if this script does not run. */
(function () {
  "use strict";
  var source = document.getElementById("stats-chart-data");
  if (!source || typeof Chart === "undefined") { return; }
  var data = JSON.parse(source.textContent);
  var legend = data.legend;

  // Large type and strong colours: readable on a projector and on a black-and-white print.
  Chart.defaults.font.size = 15;
  Chart.defaults.color = "#222";
  Chart.defaults.maintainAspectRatio = false;
  Chart.defaults.animation = false;
  var RED = "#b02a37", BLUE = "#1f4e9c", GREEN = "#2b7a3d";

  function draw(id, config) {
    var canvas = document.getElementById(id);
    if (canvas) { new Chart(canvas, config); }
  }

  draw("chart-trend", {
    type: "line",
    data: {
      labels: data.trend.labels,
      datasets: [
        { label: legend.collected, data: data.trend.collected, borderColor: RED, backgroundColor: RED, borderWidth: 3 },
        { label: legend.handled, data: data.trend.handled, borderColor: BLUE, backgroundColor: BLUE, borderWidth: 3, borderDash: [8, 4] },
        { label: legend.solved, data: data.trend.solved, borderColor: GREEN, backgroundColor: GREEN, borderWidth: 3, borderDash: [2, 3] }
      ]
    },
    options: { scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } }
  });

  draw("chart-categories", {
    type: "bar",
    data: {
      labels: data.categories.labels,
      datasets: [
        { label: legend.collected, data: data.categories.collected, backgroundColor: RED },
        { label: legend.solved, data: data.categories.solved, backgroundColor: GREEN }
      ]
    },
    options: { indexAxis: "y", scales: { x: { beginAtZero: true, ticks: { precision: 0 } } } }
  });

  draw("chart-departments", {
    type: "bar",
    data: {
      labels: data.departments.labels,
      datasets: [{ label: legend.on_time_rate, data: data.departments.on_time_rate, backgroundColor: BLUE }]
    },
    options: { indexAxis: "y", scales: { x: { beginAtZero: true, max: 100 } } }
  });

  // Charts are drawn for the screen size; redraw them at paper size before printing.
  window.addEventListener("beforeprint", function () {
    Object.values(Chart.instances).forEach(function (chart) { chart.resize(); });
  });
})();
