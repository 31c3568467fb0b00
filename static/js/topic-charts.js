/* Draws a topic candidate's summary charts from the JSON the page embeds (#topic-chart-data), as
   stats-charts.js draws the dashboard's: the tables beside them say the same if this does not run. */
(function () {
  "use strict";
  var source = document.getElementById("topic-chart-data");
  if (!source || typeof Chart === "undefined") { return; }
  var data = JSON.parse(source.textContent);
  var legend = data.legend;

  // Large type and strong colours: readable on a projector and on a black-and-white print.
  Chart.defaults.font.size = 15;
  Chart.defaults.color = "#222";
  Chart.defaults.maintainAspectRatio = false;
  Chart.defaults.animation = false;
  var RED = "#b02a37", GREY = "#6c757d", BLUE = "#1f4e9c";

  function draw(id, config) {
    var canvas = document.getElementById(id);
    if (canvas) { new Chart(canvas, config); }
  }

  var months = [{ label: legend["this"], data: data.months["this"], borderColor: RED, backgroundColor: RED, borderWidth: 3 }];
  if (data.months.previous.length) {
    months.push({ label: legend.previous, data: data.months.previous, borderColor: GREY, backgroundColor: GREY, borderWidth: 3, borderDash: [8, 4] });
  }
  draw("chart-topic-months", {
    type: "line",
    data: { labels: data.months.labels, datasets: months },
    options: { scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } }
  });

  draw("chart-topic-workstations", {
    type: "bar",
    data: { labels: data.workstations.labels, datasets: [{ label: legend.cases, data: data.workstations.counts, backgroundColor: BLUE }] },
    options: { indexAxis: "y", scales: { x: { beginAtZero: true, ticks: { precision: 0 } } } }
  });

  // Charts are drawn for the screen size; redraw them at paper size before printing.
  window.addEventListener("beforeprint", function () {
    Object.values(Chart.instances).forEach(function (chart) { chart.resize(); });
  });
})();
