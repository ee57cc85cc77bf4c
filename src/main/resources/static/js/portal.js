// Sends the CSRF token with every htmx request; the layout publishes it in <meta> tags (no inline script: CSP).
document.addEventListener('htmx:configRequest', function (event) {
  var token = document.querySelector('meta[name="_csrf"]');
  var header = document.querySelector('meta[name="_csrf_header"]');
  if (token && header) {
    event.detail.headers[header.content] = token.content;
  }
});

// htmx does not swap 4xx/5xx answers by default. An answer that says where it goes lets itself through: the
// portal's error handler retargets its alert to #alerts, and a form answered with its field errors (400) retargets
// itself (e.g. the upload form), so the user sees why next to the field.
document.addEventListener('htmx:beforeSwap', function (event) {
  var xhr = event.detail.xhr;
  if (xhr.status >= 400 && xhr.status < 600 && xhr.getResponseHeader('HX-Retarget')) {
    event.detail.shouldSwap = true;
    event.detail.isError = false;
  }
});

// htmx replaces the deploy form's preview on every change; a <details data-keep-open id=…> the person opened (or
// closed) keeps that state in the new copy instead of collapsing each time.
var keptOpen = {};
document.addEventListener('toggle', function (event) {
  var details = event.target;
  if (details.matches && details.matches('details[data-keep-open][id]')) {
    keptOpen[details.id] = details.open;
  }
}, true);
document.addEventListener('htmx:load', function (event) {
  var root = event.detail.elt;
  var all = root.matches && root.matches('details[data-keep-open][id]') ? [root] : [];
  root.querySelectorAll && root.querySelectorAll('details[data-keep-open][id]').forEach(function (d) { all.push(d); });
  all.forEach(function (details) {
    if (Object.prototype.hasOwnProperty.call(keptOpen, details.id)) {
      details.open = keptOpen[details.id];
    }
  });
});

// A button with data-copy="#id" copies that element's text (the new access token); its label says when it did.
document.addEventListener('click', function (event) {
  var button = event.target.closest ? event.target.closest('button[data-copy]') : null;
  var source = button ? document.querySelector(button.getAttribute('data-copy')) : null;
  if (!source) {
    return;
  }
  var done = function () {
    if (button.hasAttribute('data-copied')) {
      button.textContent = button.getAttribute('data-copied');
    }
  };
  if (navigator.clipboard && navigator.clipboard.writeText) {
    navigator.clipboard.writeText(source.textContent.trim()).then(done);
  } else {
    // no Clipboard API (a page not served over HTTPS): select the text so Ctrl+C copies it
    var range = document.createRange();
    range.selectNodeContents(source);
    window.getSelection().removeAllRanges();
    window.getSelection().addRange(range);
  }
});
