// The trust scorecard's score trend: Chart.js over the recorded changes in the canvas's data-history, plus a point
// each time the live detail event swaps in a new score (no reload). Loaded by trust/detail.html (no inline script: CSP).
(function () {
  function start() {
    var canvas = document.getElementById('trust-history');
    if (!canvas || !window.Chart) {
      return;
    }
    var history = JSON.parse(canvas.getAttribute('data-history') || '[]');
    var chart = new Chart(canvas, {
      type: 'line',
      data: {
        labels: history.map(function (p) { return p.t.replace('T', ' ').substring(0, 19); }),
        datasets: [{
          label: canvas.getAttribute('data-label') || 'score',
          data: history.map(function (p) { return p.s === null ? null : Math.round(p.s * 100); }),
          stepped: true,
          borderColor: '#2563eb',
          backgroundColor: 'rgba(37, 99, 235, 0.15)',
          fill: true
        }]
      },
      options: {
        animation: false,
        scales: { y: { min: 0, max: 100, ticks: { callback: function (v) { return v + '%'; } } } },
        plugins: { legend: { display: false } }
      }
    });
    var detailId = canvas.getAttribute('data-detail');
    document.body.addEventListener('htmx:afterSwap', function (event) {
      if (!event.target || event.target.id !== detailId) {
        return;
      }
      var score = event.target.querySelector('.trust-score');
      var value = score ? score.getAttribute('data-score') : null;
      if (value === null || value === '') {
        return;
      }
      var percent = Math.round(parseFloat(value) * 100);
      var data = chart.data.datasets[0].data;
      if (data.length > 0 && data[data.length - 1] === percent) {
        return;
      }
      chart.data.labels.push(new Date().toISOString().replace('T', ' ').substring(0, 19));
      data.push(percent);
      chart.update();
    });
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start);
  } else {
    start();
  }
})();
