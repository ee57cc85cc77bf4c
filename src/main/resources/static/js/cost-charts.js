// Draws the cost dashboard's charts from their canvases' data-chart attributes (JSON written by the server), so
// the page needs no inline script (the Content-Security-Policy forbids it).
(function () {
  'use strict';
  function draw() {
    if (typeof Chart === 'undefined') {
      return;
    }
    document.querySelectorAll('canvas[data-chart]').forEach(function (canvas) {
      if (canvas.dataset.drawn) {
        return;
      }
      var spec = JSON.parse(canvas.dataset.chart);
      canvas.dataset.drawn = 'true';
      new Chart(canvas, {
        type: spec.type,
        data: { labels: spec.labels, datasets: spec.datasets },
        options: {
          responsive: true,
          maintainAspectRatio: false,
          animation: false,
          plugins: { legend: { display: spec.type !== 'bar' } }
        }
      });
    });
  }
  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', draw);
  } else {
    draw();
  }
  document.addEventListener('htmx:afterSettle', draw);
})();
