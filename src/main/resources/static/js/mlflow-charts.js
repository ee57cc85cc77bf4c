// Metric history charts of the run and compare pages (Chart.js). The page names its JSON twin in data-source; the
// data comes from there, so no script or data is inlined (the Content-Security-Policy allows neither).
(function () {
  'use strict';
  var PALETTE = ['#2563eb', '#dc2626', '#16a34a', '#d97706', '#7c3aed', '#0891b2', '#db2777', '#4b5563',
    '#65a30d', '#9333ea'];

  function points(history, axis) {
    var start = history.length ? history[0].timestamp : 0;
    return history.map(function (p) {
      return {x: axis === 'time' ? (p.timestamp - start) / 1000 : p.step, y: p.value};
    });
  }

  function datasets(kind, data, metric, axis) {
    if (kind === 'run') {
      return [{label: metric, data: points(data.histories[metric] || [], axis), borderColor: PALETTE[0],
        backgroundColor: PALETTE[0], pointRadius: 0, borderWidth: 1.5}];
    }
    var byRun = data.histories[metric] || {};
    return data.runs.filter(function (run) { return byRun[run.id]; }).map(function (run, i) {
      var color = PALETTE[i % PALETTE.length];
      return {label: run.name, data: points(byRun[run.id], axis), borderColor: color, backgroundColor: color,
        pointRadius: 0, borderWidth: 1.5};
    });
  }

  function draw(container, data, axis) {
    var kind = container.dataset.kind;
    var title = axis === 'time' ? container.dataset.timeLabel : container.dataset.stepLabel;
    container.querySelectorAll('canvas[data-metric]').forEach(function (canvas) {
      var existing = window.Chart.getChart(canvas);
      if (existing) {
        existing.destroy();
      }
      new window.Chart(canvas, {
        type: 'line',
        data: {datasets: datasets(kind, data, canvas.dataset.metric, axis)},
        options: {
          animation: false, parsing: false, normalized: true, responsive: true, aspectRatio: 1.6,
          interaction: {mode: 'nearest', intersect: false},
          scales: {x: {type: 'linear', title: {display: true, text: title}}, y: {type: 'linear'}},
          plugins: {legend: {display: kind !== 'run'}, decimation: {enabled: true, algorithm: 'lttb'}}
        }
      });
    });
    container.dataset.axis = axis;
    container.setAttribute('data-drawn', 'true');
    document.querySelectorAll('.axis-switch a[data-axis]').forEach(function (link) {
      link.classList.toggle('active', link.dataset.axis === axis);
    });
  }

  function start() {
    var container = document.getElementById('charts');
    if (!container || !window.Chart) {
      return;
    }
    fetch(container.dataset.source, {headers: {'Accept': 'application/json'}, credentials: 'same-origin'})
      .then(function (response) {
        if (!response.ok) {
          throw new Error('HTTP ' + response.status);
        }
        return response.json();
      })
      .then(function (data) {
        draw(container, data, container.dataset.axis || 'step');
        document.querySelectorAll('.axis-switch a[data-axis]').forEach(function (link) {
          link.addEventListener('click', function (event) {
            event.preventDefault();
            draw(container, data, link.dataset.axis);
            history.replaceState(null, '', link.href);
          });
        });
      })
      .catch(function (error) {
        container.setAttribute('data-error', String(error.message));
      });
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start);
  } else {
    start();
  }
})();
