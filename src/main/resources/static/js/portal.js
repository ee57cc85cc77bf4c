// Sends the CSRF token with every htmx request; the layout publishes it in <meta> tags (no inline script: CSP).
document.addEventListener('htmx:configRequest', function (event) {
  var token = document.querySelector('meta[name="_csrf"]');
  var header = document.querySelector('meta[name="_csrf_header"]');
  if (token && header) {
    event.detail.headers[header.content] = token.content;
  }
});

// htmx does not swap 4xx/5xx answers by default. The portal's error handler answers failed htmx requests with an
// alert and HX-Retarget: #alerts, so let exactly those through: the user sees why, the page stays as it was.
document.addEventListener('htmx:beforeSwap', function (event) {
  var xhr = event.detail.xhr;
  if (xhr.status >= 400 && xhr.getResponseHeader('HX-Retarget') === '#alerts') {
    event.detail.shouldSwap = true;
    event.detail.isError = false;
  }
});
