// Live updates: the connection indicator, resuming after the htmx sse extension re-creates its EventSource, and
// the refresh a "reset" event asks for. Loaded after htmx and the sse extension (no inline script: CSP).
(function () {
  var lastEventId = null;

  function indicate(state) {
    var indicator = document.getElementById('live-connection');
    if (!indicator) {
      return;
    }
    indicator.setAttribute('data-state', state);
    var label = indicator.getAttribute('data-label-' + state);
    if (label !== null) {
      indicator.textContent = label;
    }
  }

  // The indicator says whether any stream is open; each connected element also says whether its own is
  // (data-live-stream), so a page with several streams (a build's board row and its log) tells which one is down.
  function mark(event, state) {
    if (event.target && event.target.setAttribute) {
      event.target.setAttribute('data-live-stream', state);
    }
  }

  document.addEventListener('htmx:sseOpen', function (event) { indicate('connected'); mark(event, 'open'); });
  document.addEventListener('htmx:sseError', function (event) { indicate('reconnecting'); mark(event, 'reconnecting'); });
  // Only the live hub's position counts: other streams on the page (a build's log) number their events their own way.
  function isHub(url) {
    return String(url).indexOf('/sse/stream') >= 0;
  }

  document.addEventListener('htmx:sseMessage', function (event) {
    var sourceUrl = event.detail && event.detail.target && event.detail.target.url;
    if (event.detail && event.detail.lastEventId && (!sourceUrl || isHub(sourceUrl))) {
      lastEventId = event.detail.lastEventId;
    }
  });
  document.addEventListener('DOMContentLoaded', function () {
    if (!document.querySelector('[sse-connect], [data-sse-connect]')) {
      indicate('off');
    }
  });

  // One stream per page: when the page follows the hub itself, the layout's trust alerts (#trust-layout-alerts) ride
  // on that stream, topic trust added, instead of opening a second one; their events are swapped in below. Runs
  // before htmx processes the page (deferred, after htmx): the attributes changed here are the ones it then sees.
  var forwardedAlerts = [];
  var layoutAlerts = document.getElementById('trust-layout-alerts');
  if (layoutAlerts) {
    var pageStream = Array.prototype.filter.call(document.querySelectorAll('[sse-connect]'), function (element) {
      return element !== layoutAlerts && isHub(element.getAttribute('sse-connect'));
    })[0];
    if (pageStream) {
      var pageUrl = pageStream.getAttribute('sse-connect');
      if (!/[?&]topics=([^&]*,)?trust(,|&|$)/.test(pageUrl)) {
        pageStream.setAttribute('sse-connect', pageUrl.replace(/([?&]topics=)([^&]*)/, '$1$2,trust'));
      }
      layoutAlerts.removeAttribute('sse-connect');
      layoutAlerts.removeAttribute('hx-ext');
      Array.prototype.forEach.call(layoutAlerts.querySelectorAll('[sse-swap]'), function (element) {
        forwardedAlerts.push({ name: element.getAttribute('sse-swap'), element: element });
        element.removeAttribute('sse-swap');
      });
    }
  }

  // The element whose sse-connect opened this url (the extension opens it with the attribute's value).
  function connectedElement(url) {
    var candidates = document.querySelectorAll('[sse-connect], [data-sse-connect]');
    for (var i = 0; i < candidates.length; i++) {
      var value = candidates[i].getAttribute('sse-connect') || candidates[i].getAttribute('data-sse-connect');
      if (value === url) {
        return { element: candidates[i], index: i };
      }
    }
    return null;
  }

  // A reset means events were lost (the stream resumed on another replica, after a restart, or too late): fetch the
  // page again and replace what the connected element shows, keeping its open stream. Reloading the whole page
  // instead would reconnect with the page's own id, which another replica answers with a reset again.
  function refreshInPlace(url) {
    var connected = connectedElement(url);
    if (!connected) {
      window.location.reload();
      return;
    }
    fetch(window.location.href, { credentials: 'same-origin', headers: { Accept: 'text/html' } })
      .then(function (response) {
        if (!response.ok || response.redirected) {
          throw new Error('refresh answered ' + response.status);
        }
        return response.text();
      })
      .then(function (html) {
        var fresh = new DOMParser().parseFromString(html, 'text/html');
        var element = connected.element;
        var replacement = element.id ? fresh.getElementById(element.id)
          : fresh.querySelectorAll('[sse-connect], [data-sse-connect]')[connected.index];
        if (!replacement) {
          throw new Error('the page no longer has the live element');
        }
        htmx.swap(element, replacement.innerHTML, { swapStyle: 'innerHTML' });
      })
      .catch(function () { window.location.reload(); });
  }

  // The browser resends Last-Event-ID only when it reconnects an EventSource itself; after an error the extension
  // opens a new one, which has to carry the position in the URL instead.
  if (window.htmx) {
    var create = htmx.createEventSource || function (url) { return new EventSource(url, { withCredentials: true }); };
    htmx.createEventSource = function (url) {
      var requested = url;
      if (lastEventId && isHub(url)) {
        // the page's own start position (lastEventId in sse-connect) is replaced, not repeated: the newest one counts
        url = String(url).replace(/([?&])lastEventId=[^&]*(&|$)/, '$1').replace(/[?&]$/, '');
        url += (url.indexOf('?') < 0 ? '?' : '&') + 'lastEventId=' + encodeURIComponent(lastEventId);
      }
      var source = create(url);
      if (isHub(url) && String(url).indexOf('scope=layout') < 0) {
        forwardedAlerts.forEach(function (alert) {
          source.addEventListener(alert.name, function (event) {
            alert.element.innerHTML = event.data;
            htmx.process(alert.element);
          });
        });
      }
      // the layout's own stream (the trust alerts on every page) never refreshes the page: a form being filled in
      // would be lost for an alert, which the next trust event or page load brings up to date anyway
      if (String(url).indexOf('scope=layout') >= 0) {
        return source;
      }
      source.addEventListener('reset', function (event) {
        if (event.lastEventId) {
          lastEventId = event.lastEventId;
        }
        // elements with hx-trigger="sse:reset" reload themselves; otherwise the connected element is refreshed
        if (!document.querySelector('[hx-trigger*="sse:reset"], [data-hx-trigger*="sse:reset"]')) {
          refreshInPlace(requested);
        }
      });
      return source;
    };
  }
})();
